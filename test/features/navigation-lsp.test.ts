/**
 * LSP integration of navigation: the built server (`out/dist/podls.js serve --stdio`) with every file of
 * test/fixtures/workspace open; definition, references, prepareRename/rename, document and workspace symbols,
 * name completion and the missing-reference hint, as a generic editor sees them.
 * Skips when the bundle is missing, or when the server does not answer `textDocument/definition` yet.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type {
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  Location,
  Range,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { parseMarkers } from '../harness/fixture';
import { REPO_ROOT } from '../harness/shared';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const BASE = 'file:///lsp-workspace/';
const FILES: ReadonlyMap<string, string> = new Map(
  fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, fs.readFileSync(path.join(DIR, f), 'utf8')]),
);

function textOf(file: string): string {
  const text = FILES.get(file);
  assert.ok(text !== undefined, `no fixture ${file}`);
  return text;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** `{ textDocument, position }` of a `<|>` needle in fixture `file` (first occurrence after `occurrence` skips). */
function at(file: string, needle: string, occurrence = 0): { textDocument: { uri: string }; position: { line: number; character: number } } {
  const text = textOf(file);
  const { text: piece, cursor } = parseMarkers(needle);
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(piece, i + 1);
    assert.ok(i >= 0, `${piece} not found in ${file}`);
  }
  return { textDocument: { uri: BASE + file }, position: positionOf(text, i + cursor) };
}

/** `file:line:col text` (1-based) of an LSP range in a fixture. */
function render(uri: string, range: Range): string {
  const file = uri.slice(BASE.length);
  const lines = textOf(file).split('\n');
  const line = lines[range.start.line] ?? '';
  const text = range.start.line === range.end.line ? line.slice(range.start.character, range.end.character) : '...';
  return `${file}:${range.start.line + 1}:${range.start.character + 1} ${text}`;
}

function renderLocations(locations: Location[] | null): string[] {
  return (locations ?? []).map((l) => render(l.uri, l.range)).sort();
}

describe('navigation over LSP (stdio)', function () {
  let server: TestServer;

  before(async function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    server = await startTestServer({ settings: {} });
    for (const [file, text] of FILES) server.open(BASE + file, text);
    try {
      await server.connection.sendRequest('textDocument/definition', at('deployment.yaml', 'claimName: <|>web'));
    } catch {
      process.stdout.write('      (skipped: the server does not answer textDocument/definition)\n');
      this.skip();
    }
  });

  after(async () => {
    if (server !== undefined) await server.stop();
  });

  it('goes to definitions across files', async () => {
    const def = (p: ReturnType<typeof at>): Promise<Location[] | null> => server.connection.sendRequest('textDocument/definition', p);
    assert.deepStrictEqual(renderLocations(await def(at('deployment.yaml', 'claimName: <|>web'))), ['storage.yaml:5:9 web-data']);
    assert.deepStrictEqual(renderLocations(await def(at('service.yaml', 'targetPort: ht<|>tp'))), ['deployment.yaml:24:21 http']);
    assert.deepStrictEqual(renderLocations(await def(at('deployment.yaml', '- name: con<|>fig'))), ['deployment.yaml:60:17 config']);
  });

  it('finds references with and without the declaration', async () => {
    const refs = (p: ReturnType<typeof at>, includeDeclaration: boolean): Promise<Location[] | null> =>
      server.connection.sendRequest('textDocument/references', { ...p, context: { includeDeclaration } });
    assert.deepStrictEqual(renderLocations(await refs(at('config.yaml', 'name: app<|>-config'), false)), [
      'deployment.yaml:32:25 app-config',
      'deployment.yaml:41:23 app-config',
      'deployment.yaml:62:19 app-config',
    ]);
    assert.deepStrictEqual(renderLocations(await refs(at('pod.yaml', 'tier: front<|>end'), true)), ['pod.yaml:8:11 frontend', 'service.yaml:23:18 frontend']);
  });

  it('prepares and performs a rename as a workspace edit', async () => {
    const prepared = await server.connection.sendRequest<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', at('service.yaml', 'targetPort: <|>http'));
    assert.ok(prepared !== null);
    assert.deepStrictEqual([render(BASE + 'service.yaml', prepared.range), prepared.placeholder], ['service.yaml:12:19 http', 'http']);
    const edit = await server.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { ...at('service.yaml', 'targetPort: <|>http'), newName: 'web-http' });
    const changes = Object.entries(edit?.changes ?? {}).flatMap(([uri, edits]) => edits.map((e) => `${render(uri, e.range)} -> ${e.newText}`));
    assert.deepStrictEqual(changes.sort(), [
      'deployment.yaml:24:21 http -> web-http',
      'deployment.yaml:45:21 http -> web-http',
      'deployment.yaml:48:21 http -> web-http',
      'deployment.yaml:53:23 http -> web-http',
      'service.yaml:12:19 http -> web-http',
    ]);
    await assert.rejects(
      server.connection.sendRequest('textDocument/rename', { ...at('deployment.yaml', '- name: da<|>ta'), newName: 'Not_Valid' }),
      /not a valid volume name/,
    );
  });

  it('outlines a file and lists workspace symbols', async () => {
    const symbols = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: BASE + 'pod.yaml' } });
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [['Pod debug', ['shell', 'setup', 'work', 'settings']]],
    );
    const found = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'configmap' });
    assert.deepStrictEqual(found.map((s) => `${s.name} ${render(s.location.uri, s.location.range)}`), ['ConfigMap/app-config config.yaml:5:9 app-config']);
  });

  it('completes names defined in other files', async () => {
    const text = textOf('deployment.yaml').replace('claimName: web-data', 'claimName: ');
    const uri = BASE + 'deployment.yaml';
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const result = await server.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(text, text.indexOf('claimName: ') + 'claimName: '.length),
    });
    const labels = (result === null ? [] : Array.isArray(result) ? result : result.items).map((i) => i.label);
    assert.ok(labels.includes('web-data'), `web-data not among ${labels.join(', ')}`);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: textOf('deployment.yaml') }] });
  });

  it('hints at references missing from the workspace', async () => {
    const published = await server.waitForDiagnostics(BASE + 'pod.yaml');
    const hints = published.diagnostics.filter((d) => d.code === 'missing-reference').map((d) => `${render(BASE + 'pod.yaml', d.range)} ${d.severity} ${d.message}`);
    assert.deepStrictEqual(hints, [
      'pod.yaml:36:21 debug-settings 4 configmap "debug-settings" not found in the workspace (it may exist in the cluster)',
      'pod.yaml:54:15 debug-settings 4 configmap "debug-settings" not found in the workspace (it may exist in the cluster)',
    ]);
  });
});
