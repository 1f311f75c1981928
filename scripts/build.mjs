// Bundles the VS Code client and the server/CLI with esbuild into out/dist/.
// Runs after `tsc -b` (type check) and `gen-schema.mjs` (out/dist/schema.json); see package.json "build".
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// `yaml` publishes two builds of the same sources: dist/ (CommonJS, the "node" export) and browser/ (ES modules,
// the "default" export). The node build reads process.env.LOG_TOKENS for every token its parser sees, which
// costs a quarter of the parse time (`npm run bench`); the browser build has no such lookup. The bundles use it.
const yamlBrowserEntry = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'index.js');
const yamlBrowserBuild = {
  name: 'yaml-browser-build',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlBrowserEntry }));
  },
};

// Whitespace and syntax minified, identifiers kept, source maps written (not shipped): stack traces read as the
// sources. Keeping identifiers replaces esbuild's `keepNames`, which wraps every function in a `__name` call that runs
// `Object.defineProperty` each time a closure is created (yaml creates one per scalar: 3% of parsing a file, 1% of
// analysing it). The server bundle is 1.18 MB instead of 0.86 MB; start-up time is the same.
const common = {
  plugins: [yamlBrowserBuild],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'out/dist/extension.js',
    external: ['vscode'],
  }),
  // The CLI and server bundle, and the `podls` executable that runs it with its V8 code cache
  // (server/src/cli/start.ts; the cache is made by scripts/code-cache.mjs).
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'out/dist/podls-main.js',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/start.ts'],
    outfile: 'out/dist/podls.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
fs.chmodSync('out/dist/podls.js', 0o755);
// A cache made for the previous text of the bundle would only be refused.
fs.rmSync('out/dist/podls-main.js.cache', { force: true });
