/**
 * `podls schema pull`: the cache directory per platform, the files written per context, kubectl's
 * failures as messages with nothing written, and the real kubectl against the fake apiserver of ../shared
 * (through a kubeconfig naming it), whose documents then explain as kubectl does.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { runSchemaPull } from '../../server/src/cli/schema-pull';
import { contextFolder, defaultSchemaCacheDir, pullSchema } from '../../server/src/workspace/schema-pull';
import type { KubectlOutput, KubectlRunner } from '../../server/src/workspace/schema-pull';
import { capturedIo } from '../harness/cli-io';
import { startFakeApiserver } from '../harness/fake-apiserver';
import { requireShared, sharedDir } from '../harness/shared';

const DOC = (title: string): string => JSON.stringify({ openapi: '3.0.0', info: { title, version: 'unversioned' }, components: { schemas: {} } });

/** A kubectl stand-in: answers by argument list; records the calls. */
function fakeKubectl(answers: Readonly<Record<string, KubectlOutput>>): { run: KubectlRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: KubectlRunner = (args) => {
    calls.push([...args]);
    const global = new Set(['--context', '--kubeconfig']);
    const key = args.filter((a, i) => !global.has(a) && !global.has(args[i - 1] ?? '')).join(' ');
    return Promise.resolve(answers[key] ?? { status: 1, stdout: '', stderr: `error: unexpected ${key}\n` });
  };
  return { run, calls };
}

const OK = (stdout: string): KubectlOutput => ({ status: 0, stdout, stderr: '' });

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'podls-pull-'));
}

describe('podls schema pull', function () {
  it('uses the documented cache directory per platform', function () {
    assert.strictEqual(defaultSchemaCacheDir({ PODLS_CACHE_DIR: '/c' }, 'linux', '/home/u'), path.join('/c', 'openapi'));
    assert.strictEqual(defaultSchemaCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), path.join('/x', 'podls', 'openapi'));
    assert.strictEqual(defaultSchemaCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'podls', 'openapi'));
    assert.strictEqual(defaultSchemaCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'podls', 'openapi'));
    assert.strictEqual(defaultSchemaCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\u'), path.join('C:\\L', 'podls', 'Cache', 'openapi'));
  });

  it('names folders after contexts without path separators', function () {
    assert.strictEqual(contextFolder('kind-dev'), 'kind-dev');
    assert.strictEqual(contextFolder('arn:aws:eks:eu/prod'), 'arn_aws_eks_eu_prod');
    assert.strictEqual(contextFolder('..'), '_');
    assert.strictEqual(contextFolder('.hidden'), '_hidden');
  });

  it('writes the three documents under <cache>/<current context>/ as the apiserver paths', async function () {
    const cacheDir = tmpDir();
    const k = fakeKubectl({
      'config current-context': OK('kind-dev\n'),
      'get --raw /openapi/v3/api/v1': OK(DOC('core')),
      'get --raw /openapi/v3/apis/apps/v1': OK(DOC('apps')),
      'get --raw /openapi/v3/apis/batch/v1': OK(DOC('batch')),
    });
    const result = await pullSchema({ cacheDir, kubeconfig: '/k/config' }, k.run);
    const dir = path.join(cacheDir, 'kind-dev');
    assert.deepStrictEqual(result, {
      dir,
      context: 'kind-dev',
      files: [path.join(dir, 'api', 'v1.json'), path.join(dir, 'apis', 'apps', 'v1.json'), path.join(dir, 'apis', 'batch', 'v1.json')],
    });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'apis', 'batch', 'v1.json'), 'utf8'), DOC('batch'));
    assert.deepStrictEqual(k.calls[0], ['--kubeconfig', '/k/config', 'config', 'current-context']);
  });

  it('passes --context to every kubectl call and skips current-context', async function () {
    const cacheDir = tmpDir();
    const k = fakeKubectl({
      'get --raw /openapi/v3/api/v1': OK(DOC('core')),
      'get --raw /openapi/v3/apis/apps/v1': OK(DOC('apps')),
      'get --raw /openapi/v3/apis/batch/v1': OK(DOC('batch')),
    });
    const io = capturedIo();
    assert.strictEqual(await runSchemaPull({ cacheDir, context: 'prod' }, io, k.run), 0);
    assert.strictEqual(io.stdoutText(), path.join(cacheDir, 'prod') + '\n');
    assert.match(io.stderrText(), /wrote 3 OpenAPI documents of context "prod"/);
    assert.ok(k.calls.every((c) => c[0] === '--context' && c[1] === 'prod'), JSON.stringify(k.calls));
  });

  it('reports kubectl problems and writes nothing', async function () {
    const cacheDir = tmpDir();
    const cases: [Record<string, KubectlOutput>, RegExp][] = [
      [{ 'config current-context': { status: undefined, stdout: '', stderr: '', error: 'spawn kubectl ENOENT' } }, /kubectl could not be run \(spawn kubectl ENOENT\)/],
      [{ 'config current-context': { status: 1, stdout: '', stderr: 'error: current-context is not set\n' } }, /current-context is not set \(no current context: pass --context\)/],
      [{ 'config current-context': OK('c\n'), 'get --raw /openapi/v3/api/v1': { status: 1, stdout: '', stderr: 'error: You must be logged in\n' } }, /get --raw \/openapi\/v3\/api\/v1 failed \(exit 1\): error: You must be logged in/],
      [{ 'config current-context': OK('c\n'), 'get --raw /openapi/v3/api/v1': OK('<html>') }, /\/openapi\/v3\/api\/v1: not JSON/],
      [{ 'config current-context': OK('c\n'), 'get --raw /openapi/v3/api/v1': OK(DOC('core')), 'get --raw /openapi/v3/apis/apps/v1': OK('{}') }, /apps\/v1: not an OpenAPI v3 document/],
    ];
    for (const [answers, message] of cases) {
      const io = capturedIo();
      assert.strictEqual(await runSchemaPull({ cacheDir }, io, fakeKubectl(answers).run), 2);
      assert.match(io.stderrText(), message);
      assert.strictEqual(io.stdoutText(), '');
    }
    assert.deepStrictEqual(fs.readdirSync(cacheDir), []);
  });

  it('pulls from a cluster with the real kubectl; the documents explain as kubectl does', async function () {
    const spec = requireShared(this, 'k8s-openapi/1.35');
    const server = await startFakeApiserver(this, sharedDir() as string, spec);
    try {
      const dir = tmpDir();
      const kubeconfig = path.join(dir, 'config');
      fs.writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: fake',
          '  cluster:',
          `    server: http://127.0.0.1:${server.port}`,
          'contexts:',
          '- name: fake-ctx',
          '  context:',
          '    cluster: fake',
          'current-context: fake-ctx',
          '',
        ].join('\n'),
      );
      const io = capturedIo();
      assert.strictEqual(await main(['schema', 'pull', '--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache')], io), 0, io.stderrText());
      const pulled = path.join(dir, 'cache', 'fake-ctx');
      assert.strictEqual(io.stdoutText(), pulled + '\n');
      for (const rel of ['api/v1.json', 'apis/apps/v1.json', 'apis/batch/v1.json']) {
        assert.ok(fs.readFileSync(path.join(pulled, rel)).equals(fs.readFileSync(path.join(spec, rel))), rel);
      }
      const explained = capturedIo();
      assert.strictEqual(await main(['explain', 'pod.spec.containers.ports', '--openapi', pulled], explained), 0);
      const want = await server.kubectl(['explain', 'pod.spec.containers.ports']);
      assert.strictEqual(explained.stdoutText(), want.stdout);
    } finally {
      server.stop();
    }
  });
});
