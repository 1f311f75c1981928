/**
 * `podls select -l` and the `podls/select` logic over the multi-file workspace fixture
 * (test/fixtures/workspace): objects selected by their labels or their pod template's labels.
 */
import * as assert from 'assert';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

async function select(selector: string): Promise<{ code: number; lines: string[]; err: string }> {
  const io = capturedIo();
  const code = await main(['select', '-l', selector, WORKSPACE], io);
  const lines = io
    .stdoutText()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => path.relative(REPO_ROOT, l));
  return { code, lines, err: io.stderrText() };
}

describe('podls select', () => {
  it('lists the Deployment whose pod template carries the labels, as file:line kind/name', async () => {
    const r = await select('app=web,tier=frontend');
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(r.lines, ['test/fixtures/workspace/deployment.yaml:2 Deployment/web']);
  });

  it('supports set-based and negated requirements', async () => {
    const inSet = await select('app in (web, other)');
    assert.ok(inSet.lines.some((l) => l.endsWith('Deployment/web')));
    const notWeb = await select('app!=web');
    assert.ok(!notWeb.lines.some((l) => l.endsWith('Deployment/web')));
    const without = await select('!app');
    assert.ok(without.lines.every((l) => !l.endsWith('Deployment/web')));
  });

  it('exits 1 when nothing matches and 2 on a malformed selector', async () => {
    assert.strictEqual((await select('app=nothing-has-this')).code, 1);
    const bad = await select('app in (a');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /invalid selector/);
  });
});
