/**
 * Access to `../shared` (development data beside the repository: OpenAPI documents, kubectl explain
 * goldens, real-world manifests). Tests that need it call {@link requireShared} in a `before` hook;
 * when the folder is absent they skip with a message instead of failing.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root (two levels above out/test/harness or test/harness). */
export const REPO_ROOT: string = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..', '..');
    dir = parent;
  }
}

/** Absolute path of `../shared`, or undefined when it is absent. `PODLS_SHARED` overrides it. */
export function sharedDir(): string | undefined {
  const dir = process.env['PODLS_SHARED'] ?? path.resolve(REPO_ROOT, '..', 'shared');
  return fs.existsSync(path.join(dir, 'README.md')) ? dir : undefined;
}

/**
 * Returns `../shared/<rel>`; when it is absent, prints why and skips the calling suite or test
 * (`this` is mocha's context in a `before` hook or `it`).
 */
export function requireShared(ctx: Mocha.Context, rel = ''): string {
  const dir = sharedDir();
  const target = dir === undefined ? undefined : path.join(dir, rel);
  if (target === undefined || !fs.existsSync(target)) {
    process.stdout.write(`      (skipped: ../shared/${rel} is absent)\n`);
    ctx.skip();
  }
  return target as string;
}
