// Bundles the VS Code client and the server/CLI with esbuild into out/dist/.
// Runs after `tsc -b` (type check) and `gen-schema.mjs` (out/dist/schema.json); see package.json "build".
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

// Minified for a small .vsix; names are kept and source maps written (not shipped) for readable stack traces.
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, minify: true, keepNames: true, logLevel: 'warning' };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'out/dist/extension.js',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'out/dist/podls.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
fs.chmodSync('out/dist/podls.js', 0o755);
