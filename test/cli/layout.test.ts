/**
 * `podls check` judges files in their repository's layout (cli/layout.ts, features/kustomize.ts): kustomize
 * patches, labels and generators, found among the inputs and in the directories above them; deployment units.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const TREE = path.join(REPO_ROOT, 'test', 'fixtures', 'kustomize');

async function findings(argv: string[]): Promise<{ code: number; list: string[] }> {
  const io = capturedIo();
  const code = await main(['check', '--output', 'json', ...argv], io);
  const list = (JSON.parse(io.stdoutText()) as CheckFinding[]).map((f) => `${path.relative(TREE, f.file)} ${f.severity} ${f.code} ${f.fieldPath ?? ''}`);
  return { code, list };
}

describe('podls check in a kustomize tree', function () {
  before(function () {
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });

  it('reports only real mistakes of the tree', async () => {
    const { code, list } = await findings([TREE]);
    assert.deepStrictEqual(list, [
      'copies/web.yaml warning workload-selectors-overlap spec.selector',
      'copies/web.yaml warning workload-selectors-overlap spec.selector',
      'overlays/staging/mistakes-patch.yaml error unknown-field spec.replicass',
      'overlays/staging/mistakes-patch.yaml error unsupported-value spec.template.spec.containers[0].imagePullPolicy',
    ]);
    assert.strictEqual(code, 1);
  });

  it('finds the kustomizations above a file checked alone', async () => {
    const patch = await findings([path.join(TREE, 'overlays', 'staging', 'replicas-patch.yaml')]);
    assert.deepStrictEqual(patch.list, [], 'a patch is a partial object');
    const base = await findings([path.join(TREE, 'base', 'deployment.yaml')]);
    assert.deepStrictEqual(base.list, [], 'the base kustomization adds the selector and generates web-config');
    assert.strictEqual(base.code, 0);
  });
});

describe('podls check --kustomize', function () {
  before(function () {
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });

  it('checks the built objects and places their findings in the patch the value comes from', async function () {
    const probe = capturedIo().runProgram?.('kubectl', ['version', '--client']);
    if (probe === undefined || probe.error !== undefined || probe.status !== 0) {
      process.stdout.write('      (skipped: kubectl is not on the PATH)\n');
      this.skip();
    }
    const { code, list } = await findings(['--kustomize', TREE]);
    assert.deepStrictEqual(list, [
      'copies/web.yaml warning workload-selectors-overlap spec.selector',
      'copies/web.yaml warning workload-selectors-overlap spec.selector',
      'overlays/production/restart-patch.yaml error workload-restart-policy spec.template.spec.restartPolicy',
      'overlays/staging/mistakes-patch.yaml error unknown-field spec.replicass',
      'overlays/staging/mistakes-patch.yaml error unsupported-value spec.template.spec.containers[0].imagePullPolicy',
    ]);
    assert.strictEqual(code, 1);
  });

  it('says so and exits 2 when neither kubectl nor kustomize can run', async () => {
    const io = { ...capturedIo(), runProgram: () => ({ status: null, stdout: '', stderr: '', error: 'spawn kubectl ENOENT' }) };
    const code = await main(['check', '--kustomize', TREE], io);
    assert.strictEqual(code, 2);
    assert.match(io.stderrText(), /neither kubectl nor kustomize is on the PATH/);
  });
});
