/**
 * Workspace indexing in the server, over stdio against the bundle: the YAML files of the workspace folders are read
 * under a work-done progress (when the client supports them), then analysed in the background, so that opening one
 * of them publishes without analysing it again. Counters from `podls/status` and the order of the progress events,
 * never times.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { deployment } from '../../bench/run';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

interface Status {
  readonly workspace?: { readonly indexedFiles: number; readonly analysedDocuments: number };
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: team-0\nspec:\n  selector:\n    app: svc-0\n  ports:\n    - port: 80\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: small\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

/** Resolves once `done()` holds, checking every 20 ms; rejects after 20 s (a hung server, not a slow one). */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await done()); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('language server: workspace indexing', function () {
  let dir: string;
  const started: TestServer[] = [];
  // Three files, five documents: three Deployments, a Service, a Pod.
  const deployments = [0, 1, 2].map((i) => deployment(i)).join('');

  before(function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-indexing-'));
    fs.writeFileSync(path.join(dir, 'deployments.yaml'), deployments);
    fs.mkdirSync(path.join(dir, 'svc'));
    fs.writeFileSync(path.join(dir, 'svc', 'service.yaml'), SERVICE);
    fs.writeFileSync(path.join(dir, 'pod.yml'), POD);
  });

  after(async () => {
    for (const server of started) await server.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  const status = async (server: TestServer): Promise<Status> => server.connection.sendRequest<Status>('podls/status', null);

  it('reads the workspace under one work-done progress, analyses it in the background, and an open of an indexed file analyses nothing again', async () => {
    const server = await startTestServer({ rootDir: dir, settings: {}, workDoneProgress: true });
    started.push(server);
    await until(() => server.progress.some((p) => p.kind === 'end'), 'the end of the indexing progress');
    const kinds = server.progress.map((p) => p.kind);
    assert.strictEqual(kinds[0], 'create', kinds.join(', '));
    assert.strictEqual(kinds[1], 'begin', kinds.join(', '));
    assert.strictEqual(kinds[kinds.length - 1], 'end', kinds.join(', '));
    assert.ok(kinds.slice(2, -1).every((k) => k === 'report'), kinds.join(', '));
    assert.strictEqual(new Set(server.progress.map((p) => p.token)).size, 1, 'one progress token');
    assert.strictEqual(server.progress[1]?.title, 'podls: indexing YAML files');
    const percentages = server.progress.flatMap((p) => (p.percentage === undefined ? [] : [p.percentage]));
    assert.deepStrictEqual(percentages, [...percentages].sort((a, b) => a - b), 'the percentage never goes back');
    // Once the progress ended, every document of the workspace is analysed.
    assert.deepStrictEqual((await status(server)).workspace, { indexedFiles: 3, analysedDocuments: 5 });

    // Opening an indexed file as it is on disk reuses its parse and its analysis.
    const uri = pathToFileURL(path.join(dir, 'deployments.yaml')).href;
    server.open(uri, deployments);
    const published = await server.waitForDiagnostics(uri);
    assert.deepStrictEqual(published.diagnostics, []);
    assert.deepStrictEqual((await status(server)).workspace, { indexedFiles: 2, analysedDocuments: 5 });

    // An edit of one document analyses that document only.
    await server.edit(uri, 2, deployments, deployments.indexOf('replicas: ') + 'replicas: '.length, 1, '7');
    await server.waitForDiagnostics(uri, 2);
    assert.deepStrictEqual((await status(server)).workspace, { indexedFiles: 2, analysedDocuments: 6 });
  });

  it('indexes and analyses the workspace when the client refuses to create the progress', async () => {
    const server = await startTestServer({ rootDir: dir, settings: {}, workDoneProgress: 'refused' });
    started.push(server);
    await until(async () => (await status(server)).workspace?.analysedDocuments === 5, 'the background analysis');
    assert.deepStrictEqual((await status(server)).workspace, { indexedFiles: 3, analysedDocuments: 5 });
    assert.deepStrictEqual(server.progress.map((p) => p.kind), ['create'], 'no progress reported on a token the client refused');
  });

  it('indexes and analyses the workspace without a progress when the client does not support them', async () => {
    const server = await startTestServer({ rootDir: dir, settings: {} });
    started.push(server);
    await until(async () => (await status(server)).workspace?.analysedDocuments === 5, 'the background analysis');
    assert.deepStrictEqual((await status(server)).workspace, { indexedFiles: 3, analysedDocuments: 5 });
    assert.deepStrictEqual(server.progress, []);
  });
});
