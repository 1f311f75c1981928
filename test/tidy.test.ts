/**
 * Tidy checks over the source tree (ARCHITECTURE.md invariants): layer imports, LSP imports only in lsp/,
 * no console under server/src, no `any`, no `@ts-ignore`, and every podls/* method documented.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './harness/shared';

/** Which server folders each server folder may import from (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  util: [],
  protocol: ['lifecycle'], // `import type` of the Timeline only (checked below)
  document: ['util'],
  schema: ['util'],
  rules: ['document', 'schema', 'util'],
  lifecycle: ['document', 'schema', 'util'],
  features: ['rules', 'lifecycle', 'document', 'schema', 'util', 'protocol'],
  workspace: ['features', 'rules', 'lifecycle', 'document', 'schema', 'util', 'protocol'],
  lsp: ['workspace', 'features', 'rules', 'lifecycle', 'document', 'schema', 'util', 'protocol'],
  cli: ['lsp', 'workspace', 'features', 'rules', 'lifecycle', 'document', 'schema', 'util', 'protocol'],
};

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n');
}

describe('tidy', () => {
  const serverSrc = path.join(REPO_ROOT, 'server', 'src');

  it('server folders import only the layers below them', () => {
    const problems: string[] = [];
    for (const file of tsFiles(serverSrc)) {
      const folder = path.relative(serverSrc, file).split(path.sep)[0] ?? '';
      const allowed = ALLOWED[folder];
      if (allowed === undefined) {
        problems.push(`${file}: folder ${folder} is not in the layer map`);
        continue;
      }
      lines(file).forEach((line, i) => {
        const m = /from '(\.\.\/[^']+)'/.exec(line);
        if (m === null || m[1] === undefined) return;
        const target = path.relative(serverSrc, path.resolve(path.dirname(file), m[1])).split(path.sep)[0] ?? '';
        if (target !== folder && !allowed.includes(target)) problems.push(`${file}:${i + 1}: ${folder}/ imports ${target}/`);
      });
    }
    assert.deepStrictEqual(problems, []);
  });

  it('no import cycles between server modules (type-only imports excepted in rules/ and cli/)', () => {
    // Module -> the modules it imports (relative imports; `import type` kept apart).
    const graph = new Map<string, { file: string; typeOnly: boolean }[]>();
    for (const file of tsFiles(serverSrc)) {
      const text = fs.readFileSync(file, 'utf8');
      const deps: { file: string; typeOnly: boolean }[] = [];
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
        const target = path.resolve(path.dirname(file), m[2] ?? '');
        deps.push({ file: fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'), typeOnly: m[1] !== undefined });
      }
      graph.set(file, deps);
    }
    /** A cycle through `start` following edges that `follow` accepts, as module names, or undefined. */
    const cycleFrom = (start: string, follow: (typeOnly: boolean, from: string) => boolean): string[] | undefined => {
      const seen = new Set<string>();
      const walk = (file: string, trail: string[]): string[] | undefined => {
        for (const dep of graph.get(file) ?? []) {
          if (!follow(dep.typeOnly, file)) continue;
          if (dep.file === start) return [...trail, dep.file];
          if (seen.has(dep.file)) continue;
          seen.add(dep.file);
          const found = walk(dep.file, [...trail, dep.file]);
          if (found !== undefined) return found;
        }
        return undefined;
      };
      return walk(start, [start]);
    };
    const problems: string[] = [];
    const short = (files: string[]): string => files.map((f) => path.relative(serverSrc, f)).join(' -> ');
    for (const file of graph.keys()) {
      // Runtime imports: no cycle anywhere. Type imports too, except the type-level knots of rules/ and cli/.
      const runtime = cycleFrom(file, (typeOnly) => !typeOnly);
      if (runtime !== undefined) problems.push(`runtime: ${short(runtime)}`);
      const folder = path.relative(serverSrc, file).split(path.sep)[0] ?? '';
      if (folder === 'rules' || folder === 'cli') continue;
      const any = cycleFrom(file, () => true);
      if (any !== undefined) problems.push(`types: ${short(any)}`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('protocol/ imports types only', () => {
    const problems: string[] = [];
    for (const file of tsFiles(path.join(serverSrc, 'protocol'))) {
      lines(file).forEach((line, i) => {
        if (/^import /.test(line) && !/^import type /.test(line)) problems.push(`${file}:${i + 1}: ${line}`);
      });
    }
    assert.deepStrictEqual(problems, []);
  });

  it('client/ imports from server/ only protocol types and the lifecycle renderers', () => {
    const problems: string[] = [];
    for (const file of tsFiles(path.join(REPO_ROOT, 'client', 'src'))) {
      lines(file).forEach((line, i) => {
        const m = /from '(\.\.\/\.\.\/server\/src\/[^']+)'/.exec(line);
        if (m === null || m[1] === undefined) return;
        const allowed = m[1].includes('/protocol/') || (m[1].includes('/lifecycle/') && /render-|model/.test(m[1]));
        if (!allowed) problems.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepStrictEqual(problems, []);
  });

  it('only lsp/ imports vscode-languageserver, only client/ imports vscode', () => {
    const problems: string[] = [];
    for (const file of tsFiles(serverSrc)) {
      const inLsp = path.relative(serverSrc, file).startsWith(`lsp${path.sep}`);
      lines(file).forEach((line, i) => {
        if (/from 'vscode-languageserver/.test(line) && !inLsp) problems.push(`${file}:${i + 1}`);
        if (/from 'vscode'/.test(line)) problems.push(`${file}:${i + 1}: imports vscode`);
      });
    }
    assert.deepStrictEqual(problems, []);
  });

  it('no console under server/src (stdout is JSON-RPC in serve mode)', () => {
    const problems: string[] = [];
    for (const file of tsFiles(serverSrc)) {
      lines(file).forEach((line, i) => {
        if (/(?<![.\w])console\./.test(line) && !/^\s*(\/\/|\*)/.test(line)) problems.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepStrictEqual(problems, []);
  });

  it('no any, no @ts-ignore in server, client and tests', () => {
    const problems: string[] = [];
    for (const dir of ['server/src', 'client/src', 'test', 'bench']) {
      for (const file of tsFiles(path.join(REPO_ROOT, dir))) {
        if (file.includes(`${path.sep}e2e${path.sep}`) || path.basename(file) === 'tidy.test.ts') continue;
        lines(file).forEach((line, i) => {
          if (/:\s*any\b|\bas any\b|<any>|@ts-ignore|@ts-nocheck/.test(line) && !/^\s*(\/\/|\*)/.test(line)) {
            problems.push(`${file}:${i + 1}: ${line.trim()}`);
          }
        });
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it("the apiserver's message wording is rendered only by rules/messages.ts", () => {
    // Rules and features render `<path>: Invalid value: ...` through renderMessage and the builders, from parts.
    const problems: string[] = [];
    for (const dir of ['rules', 'features']) {
      for (const file of tsFiles(path.join(serverSrc, dir))) {
        if (file === path.join(serverSrc, 'rules', 'messages.ts')) continue;
        lines(file).forEach((line, i) => {
          if (/(Required value|Invalid value:|Unsupported value:|Duplicate value:|Not found:|unknown field "|duplicate field ")/.test(line) && !/^\s*(\/\/|\*|\/\*\*)/.test(line)) {
            problems.push(`${file}:${i + 1}: ${line.trim()}`);
          }
        });
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it('quick fixes never read the message text (features/code-action.ts switches on Diagnostic.data)', () => {
    const file = path.join(serverSrc, 'features', 'code-action.ts');
    const problems: string[] = [];
    lines(file).forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*\*)/.test(line)) return;
      // Copying the message into a diagnostic (`message: d.message,`) is the only use allowed.
      const reads = /\.message\b/.test(line) && !/^\s*message: \w+\.message,$/.test(line);
      const destructures = /\{[^}]*\bmessage\b[^}]*\}\s*=/.test(line);
      if (reads || destructures) problems.push(`${file}:${i + 1}: ${line.trim()}`);
    });
    assert.deepStrictEqual(problems, []);
  });

  it('every podls/* method of protocol/lsp-ext.ts is documented in docs/lsp-extensions.md', () => {
    const ext = fs.readFileSync(path.join(serverSrc, 'protocol', 'lsp-ext.ts'), 'utf8');
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'lsp-extensions.md'), 'utf8');
    const methods = [...ext.matchAll(/'(podls\/[a-zA-Z]+)'/g)].map((m) => m[1] ?? '');
    assert.ok(methods.length >= 4, 'expected the podls/* methods');
    assert.deepStrictEqual(methods.filter((m) => !doc.includes(`\`${m}\``)), []);
  });
});
