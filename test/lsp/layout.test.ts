/**
 * The language server judges open files in their repository's layout (features/kustomize.ts): a workspace folder
 * with kustomizations (test/fixtures/kustomize) and a Helm chart (test/fixtures/helm), over stdio against the bundle.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from '../harness/shared';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => String(d.code));
}

describe('the language server in a kustomize tree and a Helm chart', function () {
  let server: TestServer;

  before(async function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    server = await startTestServer({ rootDir: FIXTURES, settings: {} });
  });

  after(async () => {
    if (server !== undefined) await server.stop();
  });

  /** Opens a fixture file and resolves with its diagnostics once the workspace's kustomizations are indexed. */
  async function openAndSettle(rel: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const file = path.join(FIXTURES, rel);
    const uri = pathToFileURL(file).href;
    server.open(uri, fs.readFileSync(file, 'utf8'));
    return server.diagnosticsWhere(uri, accept);
  }

  it('checks a patch as a partial object and a base with its kustomize labels and generated names', async () => {
    const patch = await openAndSettle('kustomize/overlays/staging/replicas-patch.yaml', (p) => p.diagnostics.length === 0);
    assert.deepStrictEqual(codes(patch), []);
    const base = await openAndSettle('kustomize/base/deployment.yaml', (p) => p.diagnostics.length === 0);
    assert.deepStrictEqual(codes(base), []);
    const mistakes = await openAndSettle('kustomize/overlays/staging/mistakes-patch.yaml', (p) => !codes(p).includes('required-field') && p.diagnostics.length > 0);
    assert.deepStrictEqual(codes(mistakes), ['unknown-field', 'unsupported-value']);
  });

  it('judges an open file again when an open kustomization stops or starts listing it as a patch; keystrokes elsewhere keep its role', async () => {
    const patch = await openAndSettle('kustomize/overlays/staging/replicas-patch.yaml', (p) => p.diagnostics.length === 0);
    assert.deepStrictEqual(codes(patch), []);
    const kustomizationFile = path.join(FIXTURES, 'kustomize/overlays/staging/kustomization.yaml');
    const kustomization = pathToFileURL(kustomizationFile).href;
    const text = fs.readFileSync(kustomizationFile, 'utf8');
    server.open(kustomization, text);
    await server.waitForDiagnostics(kustomization);
    // Unlisted: the patch is a whole Deployment now, and lacks what a Deployment needs.
    const unlisted = text.replace('  - path: replicas-patch.yaml\n', '');
    assert.notStrictEqual(unlisted, text);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: kustomization, version: 2 }, contentChanges: [{ text: unlisted }] });
    const whole = await server.diagnosticsWhere(patch.uri, (p) => codes(p).includes('required-field'));
    assert.ok(codes(whole).includes('required-field'), codes(whole).join(', '));
    // A keystroke in the patch file keeps its (new) role.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: patch.uri, version: 2 },
      contentChanges: [{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 13 } }, text: '3' }],
    });
    const edited = await server.diagnosticsWhere(patch.uri, (p) => p.version === 2);
    assert.ok(codes(edited).includes('required-field'), codes(edited).join(', '));
    // Listed again: a patch, judged as a partial object.
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: kustomization, version: 3 }, contentChanges: [{ text }] });
    const partial = await server.diagnosticsWhere(patch.uri, (p) => p.diagnostics.length === 0);
    assert.deepStrictEqual(codes(partial), []);
  });

  it('shows no problem on a chart template whose literals are right', async () => {
    const template = await openAndSettle('helm/webapp/templates/deployment.yaml', () => true);
    assert.deepStrictEqual(codes(template), []);
  });
});
