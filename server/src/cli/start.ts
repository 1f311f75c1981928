/**
 * The `podls` executable (`out/dist/podls.js`): runs the CLI and server bundle beside it (`podls-main.js`) with the
 * V8 code cache `npm run build` makes for it (`podls-main.js.cache`: the bundle's functions as compiled by a warm-up
 * run of the server, `scripts/code-cache.mjs`), so that a start skips parsing and compiling 1.2 MB of JavaScript
 * (about a fifth of the time to answer `initialize`). V8 refuses a cache made by another Node version or for another
 * text of the bundle; the bundle is then compiled as usual. Nothing else is bundled here: this file reads the bundle.
 *
 * `PODLS_CODE_CACHE` (environment): `off` ignores the cache; `report` prints `podls: code cache accepted|rejected|absent`
 * to stderr; `write` writes the cache when the process exits (what the build's warm-up run sets).
 */
import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** What became of the code cache: used, refused by V8, or not there (or ignored). */
export type CodeCacheUse = 'accepted' | 'rejected' | 'absent';

/** The bundle's entry, as `server/src/cli/main.ts` exports it. */
interface BundleExports {
  runAsEntry(script: string): void;
}

/**
 * Loads the bundle at `bundle` (a CommonJS file) with the code cache read from `options.read` when there is one, and
 * returns its exports and what became of the cache; with `options.writeAtExit`, the cache of what the process compiled
 * is written there when it exits. The bundle's own `require.main === module` start does not run (its `require` is made
 * for its path, its `module` is not the main one). Throws what reading and running the bundle throws.
 */
export function loadWithCodeCache(bundle: string, options: { readonly read?: string; readonly writeAtExit?: string } = {}): { exports: unknown; cache: CodeCacheUse } {
  // V8 takes a hashbang only at the very start of a script; the module wrapper moves it, so it becomes a comment.
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!/, '//');
  let cachedData: Buffer | undefined;
  try {
    cachedData = options.read === undefined ? undefined : fs.readFileSync(options.read);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData !== undefined ? { cachedData } : {}) });
  const loaded = new Module(bundle);
  loaded.filename = bundle;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(loaded.exports, loaded.exports, Module.createRequire(bundle), loaded, bundle, path.dirname(bundle));
  loaded.loaded = true;
  const target = options.writeAtExit;
  if (target !== undefined) process.on('exit', () => fs.writeFileSync(target, script.createCachedData()));
  return { exports: loaded.exports, cache: cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted' };
}

function start(): void {
  const bundle = path.join(__dirname, 'podls-main.js');
  const cache = `${bundle}.cache`;
  const mode = process.env['PODLS_CODE_CACHE'];
  // Writing starts from a fresh compile; `off` reads nothing.
  const { exports, cache: use } = loadWithCodeCache(bundle, mode === 'write' ? { writeAtExit: cache } : mode === 'off' ? {} : { read: cache });
  if (mode === 'report') process.stderr.write(`podls: code cache ${use}\n`);
  (exports as BundleExports).runAsEntry(bundle);
}

if (require.main === module) start();
