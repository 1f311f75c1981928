/**
 * lsp/dispatch.ts and lsp/params.ts in process: InvalidParams before a handler runs, RequestCancelled between the
 * units of a long request (counted, not timed), errors turned into logged fallbacks.
 */
import * as assert from 'assert';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver/node';
import { runLongRequest, runRequest } from '../../server/src/lsp/dispatch';
import type { RequestLog } from '../../server/src/lsp/dispatch';
import { codeActionProblem, lifecycleProblem, referenceProblem, textDocumentPositionProblem } from '../../server/src/lsp/params';

function quietLog(): RequestLog & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (m) => errors.push(m), log: () => undefined };
}

describe('lsp/dispatch', () => {
  it('answers InvalidParams (-32602) without running the handler when the parameters are malformed', () => {
    let ran = false;
    const answer = runRequest('textDocument/hover', undefined, quietLog(), null, () => (ran = true), false, () => textDocumentPositionProblem({ textDocument: {} }));
    assert.ok(answer instanceof ResponseError);
    assert.strictEqual(answer.code, -32602);
    assert.match(answer.message, /textDocument\.uri: expected a string/);
    assert.strictEqual(ran, false);
  });

  it('stops a long request at the next checkpoint after a cancellation and answers RequestCancelled (-32800)', async () => {
    const source = new CancellationTokenSource();
    let units = 0;
    const answer = await runLongRequest('workspace/symbol', source.token, quietLog(), [] as number[], async (checkpoint) => {
      for (let i = 0; i < 10; i++) {
        units++;
        // The client's $/cancelRequest arrives while the third unit runs.
        if (units === 3) setImmediate(() => source.cancel());
        await checkpoint();
      }
      return [units];
    });
    assert.ok(answer instanceof ResponseError);
    assert.strictEqual(answer.code, -32800);
    assert.strictEqual(units, 3, 'no unit runs after the cancellation');
  });

  it('does no work for a request cancelled before it started', async () => {
    const source = new CancellationTokenSource();
    source.cancel();
    let ran = false;
    const answer = await runLongRequest('textDocument/references', source.token, quietLog(), [], async () => {
      ran = true;
      return [];
    });
    assert.ok(answer instanceof ResponseError && answer.code === -32800);
    assert.strictEqual(ran, false);
  });

  it('logs a failing handler and answers its fallback', async () => {
    const log = quietLog();
    const answer = await runLongRequest('textDocument/rename', undefined, log, 'fallback', async () => {
      throw new Error('boom');
    });
    assert.strictEqual(answer, 'fallback');
    assert.match(log.errors.join('\n'), /textDocument\/rename failed: Error: boom/);
  });
});

describe('lsp/params', () => {
  it('accepts the shapes of the LSP specification and names the first problem otherwise', () => {
    const position = { textDocument: { uri: 'file:///a.yaml' }, position: { line: 0, character: 3 } };
    assert.strictEqual(textDocumentPositionProblem(position), undefined);
    assert.strictEqual(textDocumentPositionProblem(null), 'params: expected an object');
    assert.strictEqual(textDocumentPositionProblem({ ...position, position: { line: 1.5, character: 0 } }), 'position.line: expected an integer >= 0');
    assert.strictEqual(referenceProblem({ ...position, context: { includeDeclaration: 'yes' } }), 'context.includeDeclaration: expected a boolean');
    assert.strictEqual(referenceProblem({ ...position, context: { includeDeclaration: false } }), undefined);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.strictEqual(codeActionProblem({ textDocument: { uri: 'u' }, range, context: { diagnostics: [] } }), undefined);
    assert.strictEqual(codeActionProblem({ textDocument: { uri: 'u' }, range, context: {} }), 'context.diagnostics: expected an array');
    assert.strictEqual(lifecycleProblem({ uri: 'u', scenario: { containers: {} } }), undefined);
    assert.strictEqual(lifecycleProblem({ uri: 'u', documentIndex: -1 }), 'documentIndex: expected an integer >= 0');
    assert.strictEqual(lifecycleProblem({ uri: 'u', scenario: 3 }), 'scenario: expected a preset id or a scenario object');
  });
});
