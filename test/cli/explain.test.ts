/**
 * `podls explain` (runExplain): stdout, stderr and exit code, against kubectl's 1.35 goldens when
 * run with `--openapi ../shared/k8s-openapi/1.35`, and with the bundled schema when it is built.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runExplain } from '../../server/src/cli/explain';
import type { ExplainArgs } from '../../server/src/cli/explain';
import { REPO_ROOT, requireShared } from '../harness/shared';

function run(args: ExplainArgs): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runExplain(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('podls explain', function () {
  let openapi: string;
  let goldens: string;

  before(function () {
    openapi = requireShared(this, 'k8s-openapi/1.35');
    goldens = requireShared(this, 'conformance/kubectl-explain-1.35');
  });

  it('prints what kubectl prints', function () {
    for (const target of ['pod.spec.containers', 'deployment.spec.strategy', 'cronjob.spec.jobTemplate.spec.template.spec.volumes']) {
      const want = fs.readFileSync(path.join(goldens, `${target}.txt`), 'utf8');
      assert.deepStrictEqual(run({ target, recursive: false, openapi: [openapi] }), { code: 0, stdout: want, stderr: '' });
    }
    const recursive = fs.readFileSync(path.join(goldens, 'pod.recursive.txt'), 'utf8');
    assert.deepStrictEqual(run({ target: 'po', recursive: true, openapi: [openapi] }), { code: 0, stdout: recursive, stderr: '' });
  });

  it('fails like kubectl on unknown fields, resources and versions', function () {
    assert.deepStrictEqual(run({ target: 'pod.spec.nope', recursive: false, openapi: [openapi] }), {
      code: 1,
      stdout: 'KIND:       Pod\nVERSION:    v1\n\n',
      stderr: 'error: field "nope" does not exist\n',
    });
    assert.deepStrictEqual(run({ target: 'widgets', recursive: false, openapi: [openapi] }), {
      code: 1,
      stdout: '',
      stderr: 'the server doesn\'t have a resource type "widgets"\n',
    });
    assert.deepStrictEqual(run({ target: 'pods', recursive: false, apiVersion: 'apps/v1', openapi: [openapi] }), {
      code: 1,
      stdout: '',
      stderr: 'error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n',
    });
  });

  it('exits 2 when the OpenAPI documents cannot be read', function () {
    const r = run({ target: 'pod', recursive: false, openapi: [path.join(openapi, 'does-not-exist.json')] });
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, /does-not-exist\.json/);
  });

  it('uses the bundled schema without --openapi', function () {
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
      process.stdout.write('      (skipped: out/dist/schema.json is not built; run `npm run build`)\n');
      this.skip();
    }
    const r = run({ target: 'pod.spec.containers.imagePullPolicy', recursive: false, openapi: [] });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELD: imagePullPolicy <string>\nENUM:\n {4}Always\n {4}IfNotPresent\n {4}Never\n\nDESCRIPTION:\n/);
  });
});
