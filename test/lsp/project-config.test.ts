/**
 * The language server and `.podls.yaml`: the project file at the workspace root sets the target version and rule
 * severities, editor settings override it, excluded files get no diagnostics, and a changed file is re-read.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';
import { REPO_ROOT } from '../harness/shared';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'project');

function codes(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'other'} ${String(d.code)}`);
}

describe('language server with .podls.yaml', function () {
  let dir = '';
  const servers: TestServer[] = [];
  before(function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-lsp-project-'));
    fs.cpSync(FIXTURE, dir, { recursive: true });
  });
  after(async () => {
    for (const s of servers) await s.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });
  const uriOf = (rel: string): string => pathToFileURL(path.join(dir, rel)).href;
  const openFile = (server: TestServer, rel: string): string => {
    const uri = uriOf(rel);
    server.open(uri, fs.readFileSync(path.join(dir, rel), 'utf8'));
    return uri;
  };

  it('uses the project settings, leaves excluded files alone and re-reads a changed .podls.yaml', async () => {
    const server = await startTestServer({ rootDir: dir, settings: {} });
    servers.push(server);
    const cronJob = openFile(server, 'apps/cleanup.yaml');
    const web = openFile(server, 'apps/web.yaml');
    const legacy = openFile(server, 'legacy/old.yaml');
    await server.diagnosticsWhere(cronJob, (p) => codes(p).join() === 'warning removed-api-version');
    await server.diagnosticsWhere(web, (p) => codes(p).join() === 'warning image-tag-latest');
    const excluded = await server.waitForDiagnostics(legacy, 1);
    assert.deepStrictEqual(excluded.diagnostics, []);
    // The project now targets 1.25 and no longer excludes legacy/.
    fs.writeFileSync(path.join(dir, '.podls.yaml'), 'kubernetesVersion: "1.25"\nrules: {image-tag-latest: "off"}\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.podls.yaml'), type: 2 }] });
    await server.diagnosticsWhere(cronJob, (p) => codes(p).join() === 'error removed-api-version');
    await server.diagnosticsWhere(web, (p) => p.diagnostics.length === 0);
    await server.diagnosticsWhere(legacy, (p) => codes(p).includes('error removed-api-version'));
    fs.cpSync(path.join(FIXTURE, '.podls.yaml'), path.join(dir, '.podls.yaml'));
  });

  it('reports the problems of an open .podls.yaml on the keys they are about', async () => {
    const server = await startTestServer({ rootDir: dir, settings: {} });
    servers.push(server);
    const uri = uriOf('nested/.podls.yaml');
    server.open(uri, 'kubernetesVersion: 1.30\nexclud: [charts]\nrules:\n  image-tag-latest: loud\n');
    const published = await server.waitForDiagnostics(uri, 1);
    assert.deepStrictEqual(
      published.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${String(d.code)} ${d.message}`),
      [
        '1:0-6 podls-config unknown key "exclud"',
        '0:0-17 podls-config kubernetesVersion: quote the version ("1.30"): unquoted, YAML reads 1.3 as a number',
        '3:2-18 podls-config rules.image-tag-latest: "loud" is not one of off, hint, info, information, warning, error',
      ],
    );
  });

  it('lets editor settings override the project file', async () => {
    const server = await startTestServer({ rootDir: dir, settings: { kubernetesVersion: '1.30', rules: { 'image-tag-latest': 'error' } } });
    servers.push(server);
    const cronJob = openFile(server, 'apps/cleanup.yaml');
    const web = openFile(server, 'apps/web.yaml');
    await server.diagnosticsWhere(cronJob, (p) => codes(p).join() === 'error removed-api-version');
    await server.diagnosticsWhere(web, (p) => codes(p).join() === 'error image-tag-latest');
    assert.ok(server.logs.some((l) => l.includes('project configuration:') && l.includes('.podls.yaml')), server.logs.join('\n'));
  });
});
