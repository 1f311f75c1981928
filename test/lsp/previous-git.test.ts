/**
 * The update rules in the language server against the committed revision (`podls.previous`, default `git:HEAD`):
 * a real git repository made in a temporary directory (commit, edit, diagnostic), hover with the old and new value,
 * the restore quick fix, `off`, and untrusted workspaces (no git process, no finding). Skips when git is missing.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';
import { git, hasGit } from '../harness/git';

const COMMITTED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;


function selectorErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code === 'selector-immutable');
}

describe('language server: updates against the committed revision (git)', function () {
  let dir: string;
  let uri: string;
  let server: TestServer | undefined;

  before(function () {
    if (!fs.existsSync(SERVER_BUNDLE) || !hasGit()) {
      process.stdout.write('      (skipped: out/dist/podls.js or git is missing)\n');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-git-'));
    fs.writeFileSync(path.join(dir, 'web.yaml'), COMMITTED);
    git(dir, 'init', '-q');
    git(dir, 'add', 'web.yaml');
    git(dir, 'commit', '-q', '-m', 'web');
    uri = pathToFileURL(path.join(fs.realpathSync(dir), 'web.yaml')).href;
  });

  afterEach(async () => {
    if (server !== undefined) await server.stop();
    server = undefined;
  });

  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a changed selector, hovers the old and new value, restores it, and clears when reverted', async () => {
    server = await startTestServer({ rootDir: dir, settings: {} });
    const edited = COMMITTED.replace('    matchLabels:\n      app: web', '    matchLabels:\n      app: web\n      tier: frontend').replace('      labels:\n        app: web', '      labels:\n        app: web\n        tier: frontend');
    server.open(uri, edited);
    const published = await server.diagnosticsWhere(uri, (p) => selectorErrors(p.diagnostics).length > 0);
    const [error] = selectorErrors(published.diagnostics);
    assert.ok(error !== undefined);
    assert.match(error.message, /^spec\.selector: Invalid value: .*: field is immutable$/);
    assert.strictEqual((error.data as { fieldPath?: string }).fieldPath, 'spec.selector');
    // Shown on the label the user added.
    assert.strictEqual(error.range.start.line, 8);

    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 8 } });
    const markdown = hover !== null && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(markdown, /The apiserver will refuse this update/);
    assert.match(markdown, /spec\.selector\.matchLabels\[tier\]`: previous \(absent\), now `frontend`/);
    assert.match(markdown, /--cascade=orphan/);

    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: error.range,
      context: { diagnostics: [error], only: ['quickfix'] },
    });
    const restore = actions.find((a) => a.title === 'Restore the previous value');
    const edits = restore?.edit?.changes?.[uri] ?? [];
    // The added selector label is removed again (its line), nothing else.
    assert.deepStrictEqual(
      edits.map((e) => [e.range.start.line, e.range.end.line, e.newText]),
      [[8, 9, '']],
    );

    // Reverting the edit removes the error.
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: COMMITTED }],
    });
    const reverted = await server.diagnosticsWhere(uri, (p) => p.version === 2);
    assert.deepStrictEqual(selectorErrors(reverted.diagnostics), []);
  });

  it('is off with podls.previous "off" and in untrusted workspaces', async () => {
    const edited = COMMITTED.replace('app: web\n  template', 'app: api\n  template');
    for (const options of [{ settings: { previous: 'off' } }, { settings: {}, initializationOptions: { workspaceTrusted: false } }]) {
      server = await startTestServer({ rootDir: dir, ...options });
      server.open(uri, edited);
      const published = await server.waitForDiagnostics(uri, 1);
      // Give a git read (if one were started) the time to come back and republish.
      await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.deepStrictEqual(selectorErrors(published.diagnostics), []);
      assert.deepStrictEqual(selectorErrors(server.diagnostics.get(uri)?.diagnostics ?? []), []);
      await server.stop();
      server = undefined;
    }
  });
});
