/**
 * The language server with `podls.kubernetesVersion` set: the status names the schema used and, for a
 * release no dependency carries, why; diagnostics follow the target's schema; the cluster schema pull is
 * refused in an untrusted workspace.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { startTestServer, SERVER_BUNDLE } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostnameOverride: web-0\n  containers:\n    - name: app\n      image: nginx\n';

describe('language server with a target Kubernetes version', function () {
  let server: TestServer;

  before(async function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    server = await startTestServer({ settings: { kubernetesVersion: '1.31' }, initializationOptions: { workspaceTrusted: false } });
  });

  after(async () => {
    if (server !== undefined) await server.stop();
  });

  it('reports the schema used for a release no dependency carries, with the reason', async () => {
    const uri = 'file:///releases/pod.yaml';
    server.open(uri, POD);
    const published = await server.diagnosticsWhere(uri, (p) => p.diagnostics.length > 0);
    assert.deepStrictEqual(
      published.diagnostics.map((d) => `${d.range.start.line}:${d.code} ${d.message}`),
      ['5:unknown-field unknown field "spec.hostnameOverride" (available from 1.34)'],
    );
    const status = await server.connection.sendRequest<{ kubernetesVersion: string; targetVersion: string; schemaNote?: string; bundledReleases?: string }>('podls/status', {});
    assert.strictEqual(status.bundledReleases, 'bundled releases: 1.30, 1.32, 1.33, 1.34, 1.36 (no schema for 1.31, 1.35)');
    assert.deepStrictEqual(status.kubernetesVersion, '1.32');
    assert.deepStrictEqual(status.targetVersion, '1.31');
    assert.strictEqual(status.schemaNote, 'no bundled schema for Kubernetes 1.31 (no npm dependency carries it): using 1.32');
  });

  it('refuses podls/schemaPull in an untrusted workspace', async () => {
    const result = await server.connection.sendRequest<{ error?: string }>('podls/schemaPull', {});
    assert.deepStrictEqual(result, { error: 'the cluster schema is pulled only in trusted workspaces' });
  });
});
