/**
 * The server stays responsive on large input (issue 12 §3), over stdio against the bundle: a hover sent while a
 * large file is parsed and analysed is answered before that file's diagnostics (the work runs in slices with the
 * event loop in between); a cancelled long request answers RequestCancelled (-32800); malformed parameters answer
 * InvalidParams (-32602) instead of an internal error. Orders of events and error codes, never times.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { deployment } from '../../bench/run';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: small\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

function errorCode(e: unknown): number | undefined {
  return e !== null && typeof e === 'object' && 'code' in e && typeof e.code === 'number' ? e.code : undefined;
}

describe('language server: responsiveness on large input', function () {
  let server: TestServer;

  before(async function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    server = await startTestServer({ settings: {} });
  });

  after(async () => {
    if (server !== undefined) await server.stop();
  });

  it('answers a hover sent while a large file is parsed and analysed before that file is published', async () => {
    server.open('file:///small/pod.yaml', POD);
    await server.waitForDiagnostics('file:///small/pod.yaml');
    // 600 Deployments (about 740 KB): parsing and analysing them takes many slices.
    const big = Array.from({ length: 600 }, (_, i) => deployment(i)).join('');
    const events: string[] = [];
    const published = server.waitForDiagnostics('file:///big/manifests.yaml').then((p) => {
      events.push('big diagnostics');
      return p;
    });
    server.open('file:///big/manifests.yaml', big);
    const hovered = server.connection
      .sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///small/pod.yaml' }, position: { line: 5, character: 4 } })
      .then((h) => {
        events.push('hover');
        return h;
      });
    const [h, p] = await Promise.all([hovered, published]);
    assert.deepStrictEqual(events, ['hover', 'big diagnostics']);
    assert.ok(h !== null && JSON.stringify(h.contents).includes('containers'), 'the hover explains spec.containers');
    assert.strictEqual(p.version, 1);
    assert.deepStrictEqual(p.diagnostics, [], 'the generated Deployments are valid');
  });

  it('publishes a file over 1 MiB in stages, with its own and its cross-file findings, and an edit during the stages publishes the edited version', async () => {
    // 1,000 Deployments (about 1.2 MB) and a Service that selects none of them.
    const deployments = Array.from({ length: 1000 }, (_, i) => deployment(i)).join('');
    const service = '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: lost\n  namespace: team-0\nspec:\n  selector:\n    app: nobody\n  ports:\n    - port: 80\n';
    const bad = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n    - name: app\n      image: nginx\n      imagePullPolicy: Sometimes\n';
    const uri = 'file:///staged/all.yaml';
    assert.ok(deployments.length > 1024 * 1024);
    const second = server.waitForDiagnostics(uri, 2);
    server.open(uri, deployments + service);
    // A new version right away: version 2 is published, with both kinds of findings.
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: deployments + service + bad }] });
    const p = await second;
    const codes = p.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('service-selects-nothing'), codes.join(', '));
    assert.ok(codes.includes('unsupported-value'), codes.join(', '));
  });

  it('keeps edits sent while a large file is still being parsed, and publishes the edited version', async () => {
    const uri = 'file:///big/edited.yaml';
    const text = Array.from({ length: 400 }, (_, i) => deployment(i)).join('');
    server.open(uri, text);
    // Right after the open (the file is parsed in slices): break the replicas of the last Deployment.
    const at = text.lastIndexOf('replicas: ') + 'replicas: '.length;
    const line = text.slice(0, at).split('\n').length - 1;
    await server.edit(uri, 2, text, at, 1, 'many');
    const published = await server.diagnosticsWhere(uri, (p) => p.version === 2);
    const invalid = published.diagnostics.filter((d) => d.code === 'invalid-type');
    assert.strictEqual(invalid.length, 1, JSON.stringify(published.diagnostics));
    assert.strictEqual(invalid[0]?.range.start.line, line);
  });

  it('answers RequestCancelled (-32800) to cancelled long requests (workspace symbols, references, podls/select)', async () => {
    // Each request and its $/cancelRequest go out in one write, so the cancellation reaches the server while the
    // request is queued or running, whatever the machine's speed; the answers are read from the raw stream.
    const answers = new Map<string, string>();
    let raw = '';
    server.process.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
      for (const m of raw.matchAll(/"id":"(podls-test-cancel-\d)"[^}]*?"code":(-?\d+)/g)) if (m[1] !== undefined && m[2] !== undefined) answers.set(m[1], m[2]);
    });
    const requests: [string, unknown][] = [
      ['workspace/symbol', { query: 'svc' }],
      ['textDocument/references', { textDocument: { uri: 'file:///big/manifests.yaml' }, position: { line: 4, character: 10 }, context: { includeDeclaration: true } }],
      ['podls/select', { selector: 'app=svc-1' }],
    ];
    const frame = (message: unknown): string => {
      const body = JSON.stringify(message);
      return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    };
    requests.forEach(([method, params], i) => {
      const id = `podls-test-cancel-${i}`;
      server.process.stdin.write(frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
    });
    // A request sent after them is answered after them (requests are handled in order of arrival).
    await server.connection.sendRequest('podls/status', null);
    for (let i = 0; i < 100 && answers.size < requests.length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepStrictEqual(
      requests.map((_, i) => answers.get(`podls-test-cancel-${i}`)),
      requests.map(() => '-32800'),
    );
    // The same request, not cancelled, answers.
    const symbols = await server.connection.sendRequest<unknown[]>('workspace/symbol', { query: 'svc-599' });
    assert.ok(symbols.length >= 1, 'Deployment/svc-599 is found');
  });

  it('answers InvalidParams (-32602) to malformed parameters, naming the problem', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['textDocument/hover', { textDocument: { uri: 5 }, position: { line: 0, character: 0 } }, /textDocument\.uri: expected a string/],
      ['textDocument/hover', { textDocument: { uri: 'file:///small/pod.yaml' } }, /position: expected an object/],
      ['textDocument/completion', { textDocument: { uri: 'file:///small/pod.yaml' }, position: { line: -1, character: 0 } }, /position\.line/],
      ['textDocument/references', { textDocument: { uri: 'file:///small/pod.yaml' }, position: { line: 0, character: 0 } }, /context: expected an object/],
      ['textDocument/rename', { textDocument: { uri: 'file:///small/pod.yaml' }, position: { line: 0, character: 0 } }, /newName: expected a string/],
      ['workspace/symbol', {}, /query: expected a string/],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///small/pod.yaml' }, range: { start: { line: 0, character: 0 } }, context: { diagnostics: [] } }, /range\.end/],
      ['podls/explain', { uri: 'file:///small/pod.yaml', position: { line: 'x', character: 0 } }, /position\.line/],
      ['podls/select', { selector: 3 }, /selector: expected a string/],
    ];
    for (const [method, params, message] of cases) {
      await assert.rejects(
        server.connection.sendRequest(method, params),
        (e: unknown) => errorCode(e) === -32602 && e instanceof Error && message.test(e.message),
        `${method} ${JSON.stringify(params)}`,
      );
    }
    // Well-formed requests still answer.
    const h = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///small/pod.yaml' }, position: { line: 6, character: 8 } });
    assert.ok(h !== null);
  });
});

describe('language server: indexing a workspace with a large file', function () {
  let dir: string;
  let server: TestServer | undefined;

  before(function () {
    if (!fs.existsSync(SERVER_BUNDLE)) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-index-'));
    // About 1.5 MB (under the 2 MB indexing cap): parsed over many slices.
    fs.writeFileSync(path.join(dir, 'rendered.yaml'), Array.from({ length: 1200 }, (_, i) => deployment(i)).join(''));
  });

  after(async () => {
    if (server !== undefined) await server.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers requests while the workspace is indexed', async () => {
    const events: string[] = [];
    server = await startTestServer({ rootDir: dir, settings: {} });
    const s = server;
    const indexed = new Promise<void>((resolve) => {
      const poll = (): void => {
        if (s.logs.some((l) => /^indexed 1 YAML file/.test(l))) {
          events.push('indexed');
          resolve();
        } else setTimeout(poll, 5);
      };
      poll();
    });
    await s.connection.sendRequest('podls/status', null);
    events.push('status');
    await indexed;
    assert.deepStrictEqual(events, ['status', 'indexed']);
    // The indexed file takes part in workspace requests.
    const symbols = await s.connection.sendRequest<unknown[]>('workspace/symbol', { query: 'svc-1199' });
    assert.ok(symbols.length >= 1);
  });

  it('opens a file that is still being indexed from what the indexer parsed, with all its documents and diagnostics', async () => {
    // A workspace of one large file with a broken last Deployment, opened right after initialization: the indexer is
    // still parsing it (the open starts from the documents parsed so far and parses the rest).
    const sub = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-open-indexed-'));
    const file = path.join(sub, 'broken.yaml');
    const text = fs.readFileSync(path.join(dir, 'rendered.yaml'), 'utf8');
    const at = text.lastIndexOf('replicas: ') + 'replicas: '.length;
    const broken = `${text.slice(0, at)}many${text.slice(text.indexOf('\n', at))}`;
    fs.writeFileSync(file, broken);
    const line = broken.slice(0, at).split('\n').length - 1;
    const opened = await startTestServer({ rootDir: sub, settings: {} });
    try {
      const uri = URI.file(file).toString();
      opened.open(uri, broken);
      const published = await opened.waitForDiagnostics(uri);
      const invalid = published.diagnostics.filter((d) => d.code === 'invalid-type');
      assert.deepStrictEqual(invalid.map((d) => d.range.start.line), [line], JSON.stringify(published.diagnostics.slice(0, 5)));
      assert.ok(!published.diagnostics.some((d) => d.code === 'yaml-syntax'), 'no YAML problems');
      // Every document is there once, in order.
      const symbols = await opened.connection.sendRequest<Array<{ name: string }>>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.strictEqual(symbols.length, 1200);
      assert.ok(symbols[0]?.name.includes('svc-0') && symbols[1199]?.name.includes('svc-1199'), `${symbols[0]?.name} ... ${symbols[1199]?.name}`);
    } finally {
      await opened.stop();
      fs.rmSync(sub, { recursive: true, force: true });
    }
  });
});
