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

  it('shows no problem on a chart template whose literals are right', async () => {
    const template = await openAndSettle('helm/webapp/templates/deployment.yaml', () => true);
    assert.deepStrictEqual(codes(template), []);
  });
});
