/**
 * The `podls` executable (`out/dist/podls.js`, server/src/cli/start.ts) runs the bundle with the V8 code cache the
 * build made (`podls-main.js.cache`), refuses a cache that does not fit and compiles as usual, and runs without one;
 * `podls check` workers still start. Spawns the built files with `PODLS_CODE_CACHE=report`.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../harness/shared';

const DIST = path.join(REPO_ROOT, 'out', 'dist');
const BIN = path.join(DIST, 'podls.js');

function runBin(bin: string, args: string[], env: Record<string, string> = { PODLS_CODE_CACHE: 'report' }): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli/start: the podls executable and its code cache', function () {
  let dir: string | undefined;

  before(function () {
    if (!fs.existsSync(BIN) || !fs.existsSync(path.join(DIST, 'podls-main.js'))) {
      process.stdout.write('      (skipped: out/dist is not built; run npm run build)\n');
      this.skip();
    }
  });

  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the executable, the bundle and its data files, with `cache` as the code cache (none when undefined). */
  function copyWith(cache: Buffer | undefined): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-start-'));
    for (const f of ['podls.js', 'podls-main.js', 'schema.json', 'releases.json']) fs.copyFileSync(path.join(DIST, f), path.join(dir, f));
    if (cache !== undefined) fs.writeFileSync(path.join(dir, 'podls-main.js.cache'), cache);
    return path.join(dir, 'podls.js');
  }

  it('runs the bundle with the code cache the build made', function () {
    if (!fs.existsSync(path.join(DIST, 'podls-main.js.cache'))) {
      process.stdout.write('      (skipped: the build made no code cache, see scripts/code-cache.mjs)\n');
      this.skip();
    }
    const r = runBin(BIN, ['--version']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^podls \d/);
    assert.match(r.stderr, /podls: code cache accepted/);
  });

  it('compiles the bundle when the cache does not fit it, and when there is none', () => {
    const refused = runBin(copyWith(Buffer.from('not a code cache')), ['--version']);
    assert.strictEqual(refused.status, 0, refused.stderr);
    assert.match(refused.stdout, /^podls \d/);
    assert.match(refused.stderr, /podls: code cache rejected/);
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    const none = runBin(copyWith(undefined), ['--version']);
    assert.strictEqual(none.status, 0, none.stderr);
    assert.match(none.stderr, /podls: code cache absent/);
  });

  it('reads no cache with PODLS_CODE_CACHE=off, and podls check starts its worker threads', () => {
    const off = runBin(BIN, ['--version'], { PODLS_CODE_CACHE: 'off' });
    assert.strictEqual(off.status, 0, off.stderr);
    assert.strictEqual(off.stderr, '');
    const check = runBin(BIN, ['check', '-j', '2', '--output', 'json', path.join(REPO_ROOT, 'examples')], {});
    // examples/mistakes.yaml has errors (exit 1); the other examples have none.
    assert.strictEqual(check.status, 1, check.stderr);
    const errors = (JSON.parse(check.stdout) as { file: string; severity: string }[]).filter((f) => f.severity === 'error');
    assert.ok(errors.length > 0 && errors.every((f) => f.file.endsWith('mistakes.yaml')), check.stdout.slice(0, 500));
  });
});
