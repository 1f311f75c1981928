/**
 * The robustness suites, run by property.test.ts (`npm test`: fewer cases, the light pathological files) and by
 * property.heavy.test.ts (`npm run test:heavy`: 10,000 cases, the multi-megabyte files).
 *
 * Robustness (issue 3 §6): real manifests, mutated the way people break YAML while typing (a line deleted,
 * duplicated, re-indented, retyped, truncated, swapped; tabs, `{{ }}`, `---` and random Unicode inserted),
 * must never make parsing, the rules or any feature throw or hang, and every range they return must lie in
 * the text (0 <= start <= end <= text.length, UTF-16 offsets).
 *
 * The corpus: examples/*.yaml, test/fixtures/**\/*.yaml and, when ../shared is present, ../shared/realworld.
 * The properties run a total number of cases given by the caller (10,000 in `npm run test:heavy`, the issue's CI
 * floor); `PODLS_FUZZ_RUNS` overrides the total and `PODLS_FUZZ_SEED` replays a failure (fast-check prints the seed
 * and the shrunk case). No test asserts a time: mocha's timeout is the hang detector; the per-case times are printed.
 *
 * The second suite feeds pathological files (alias bombs, 5 MB, 10,000 levels of nesting, a 1 MB line,
 * only `---`, NUL bytes, 32,000 labels) through the same entry points; nesting past
 * parse.ts `MAX_NESTING_DEPTH` gets the `NESTING_TOO_DEEP` problem (rule `yaml-nesting-limit`).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import fc from 'fast-check';
import { createSnapshot, updateSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { complete, resolveCompletion } from '../../server/src/features/completion';
import { createDiagnosticsCache, diagnose } from '../../server/src/features/diagnostics';
import { crossFileDiagnostics, diagnoseWorkspace } from '../../server/src/features/cross-file';
import type { AnalysisContext, DiagnosticInfo } from '../../server/src/features/diagnostics';
import { explainAt } from '../../server/src/features/explain-at';
import { hover } from '../../server/src/features/hover';
import { lifecycleLenses, lifecycleTimeline } from '../../server/src/features/lifecycle';
import { selectorHover } from '../../server/src/features/selector-hover';
import type { OffsetRange } from '../../server/src/util/range';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { REPO_ROOT, sharedDir } from '../harness/shared';

const SEED = process.env['PODLS_FUZZ_SEED'] === undefined ? undefined : Number(process.env['PODLS_FUZZ_SEED']);

/** Share of the total cases per property (each case takes 1-3 ms on average). */
const SHARES = { diagnose: 0.4, features: 0.4, workspace: 0.1, lifecycle: 0.1 } as const;

function fcParams(numRuns: number): fc.Parameters<unknown> {
  return { numRuns, ...(SEED === undefined ? {} : { seed: SEED }) };
}

// ---------------------------------------------------------------------------------------------------------
// Corpus

interface Manifest {
  readonly name: string;
  readonly text: string;
}

function yamlFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function loadCorpus(): Manifest[] {
  const shared = sharedDir();
  const dirs = [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures'), ...(shared === undefined ? [] : [path.join(shared, 'realworld')])];
  return dirs.flatMap(yamlFilesUnder).map((f) => ({ name: path.relative(REPO_ROOT, f), text: fs.readFileSync(f, 'utf8') }));
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

/** One edit of a manifest. Line and column numbers are taken modulo the text's, so any number is valid. */
type Mutation =
  | { readonly op: 'delete-line'; readonly line: number }
  | { readonly op: 'duplicate-line'; readonly line: number }
  | { readonly op: 'reindent'; readonly line: number; readonly delta: number }
  | { readonly op: 'retype'; readonly line: number; readonly value: string }
  | { readonly op: 'truncate'; readonly line: number; readonly column: number }
  | { readonly op: 'insert-tab'; readonly line: number; readonly column: number }
  | { readonly op: 'insert-template'; readonly line: number; readonly column: number; readonly template: string }
  | { readonly op: 'insert-text'; readonly at: number; readonly text: string }
  | { readonly op: 'swap-lines'; readonly line: number; readonly other: number }
  | { readonly op: 'insert-line'; readonly line: number; readonly text: string };

/** Values of other types than the one a field has: number, string, bool, null, list, map, block forms. */
const RETYPED_VALUES = [
  '42',
  '-1.5e3',
  '0x1F',
  '0644',
  '"42"',
  "'It''s'",
  'true',
  'yes',
  'off',
  'null',
  '~',
  '""',
  '[a, 1, {b: c}]',
  '[]',
  '{a: 1}',
  '{}',
  '100Mi',
  '9999999999999999999999',
  '*undefined',
  '&anchor 5',
  '!!binary aGk=',
  '!custom x',
  '|',
  '>-',
  '\n  - x\n  - 1',
  '\n  k: v',
  '\n- a',
  '2001-12-14',
  '1:20',
] as const;

const TEMPLATES = ['{{ .Values.x }}', '{{- include "x" . | nindent 4 }}', '{{ if .Values.on }}', '{{ end }}', '{{'] as const;

const UNICODE = fc.oneof(
  fc.constantFrom('😀', '👩‍👩‍👧', '中文标签', 'ラベル', 'ｆｕｌｌ', 'é', 'e\u0301', '\u200b', '\uFEFF', '\uD800', '\uDC00', '\u0000', '\r', '\r\n', '\u2028', '\u0085', '\u00a0'),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

const SEPARATOR_LINES = ['---', '...', '--- # next', '---\n---', '%YAML 1.2'] as const;

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('reindent' as const), line: fc.nat(), delta: fc.constantFrom(-2, -1, 1, 2) }),
  fc.record({ op: fc.constant('retype' as const), line: fc.nat(), value: fc.constantFrom(...RETYPED_VALUES) }),
  fc.record({ op: fc.constant('truncate' as const), line: fc.nat(), column: fc.nat() }),
  fc.record({ op: fc.constant('insert-tab' as const), line: fc.nat(), column: fc.nat() }),
  fc.record({ op: fc.constant('insert-template' as const), line: fc.nat(), column: fc.nat(), template: fc.constantFrom(...TEMPLATES) }),
  fc.record({ op: fc.constant('insert-text' as const), at: fc.nat(), text: UNICODE }),
  fc.record({ op: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('insert-line' as const), line: fc.nat(), text: fc.constantFrom(...SEPARATOR_LINES) }),
);

/** `key: value` or `- value` on a line: the part before the value and the value. */
const VALUE_AT = /^(\s*(?:-\s+)*(?:[^\s#:][^#:]*:[ \t]*)?)(.*)$/;

/** Applies one mutation; line breaks are `\n` (a mutation may add `\r` inside a line). */
function mutate(text: string, m: Mutation): string {
  if (m.op === 'insert-text') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  const lines = text.split('\n');
  const i = m.line % lines.length;
  const line = lines[i] ?? '';
  const col = 'column' in m ? m.column % (line.length + 1) : 0;
  switch (m.op) {
    case 'delete-line':
      lines.splice(i, 1);
      break;
    case 'duplicate-line':
      lines.splice(i, 0, line);
      break;
    case 'reindent':
      lines[i] = m.delta > 0 ? ' '.repeat(m.delta) + line : line.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      break;
    case 'retype': {
      const match = VALUE_AT.exec(line);
      const head = match?.[1] ?? line;
      const indent = ' '.repeat(head.length - head.trimStart().length);
      lines[i] = head + m.value.replace(/\n/g, `\n${indent}`);
      break;
    }
    case 'truncate':
      lines[i] = line.slice(0, col);
      break;
    case 'insert-tab':
      lines[i] = line.slice(0, col) + '\t' + line.slice(col);
      break;
    case 'insert-template':
      lines[i] = line.slice(0, col) + m.template + line.slice(col);
      break;
    case 'swap-lines': {
      const j = m.other % lines.length;
      lines[i] = lines[j] ?? '';
      lines[j] = line;
      break;
    }
    case 'insert-line':
      lines.splice(i, 0, m.text);
      break;
  }
  return lines.join('\n');
}

/** A manifest of the corpus (by index) and one to four mutations of it. */
const MUTANT = fc.record({ file: fc.nat(), mutations: fc.array(MUTATION, { minLength: 1, maxLength: 4 }) });

type MutantSpec = { readonly file: number; readonly mutations: readonly Mutation[] };

/** The analysis context of the property suites (bundled schema, best practices on); skips when it is not built. */
function contextOrSkip(mocha: Mocha.Context): AnalysisContext {
  const loaded = loadSchemaIndex(DEFAULT_SETTINGS);
  if (loaded.errors.length > 0) {
    process.stdout.write(`      (skipped: the bundled schema could not be loaded: ${loaded.errors.join('; ')}; run \`npm run build\`)\n`);
    mocha.skip();
  }
  return analysisContext(loaded.index, { ...DEFAULT_SETTINGS, bestPractices: true });
}

// ---------------------------------------------------------------------------------------------------------
// Checks

function assertInside(range: OffsetRange, text: string, what: string): void {
  const ok =
    Number.isInteger(range.start) && Number.isInteger(range.end) && 0 <= range.start && range.start <= range.end && range.end <= text.length;
  assert.ok(ok, `${what}: range [${range.start}, ${range.end}) outside the text (length ${text.length})`);
}

function assertDiagnosticsInside(list: readonly DiagnosticInfo[], text: string): void {
  for (const d of list) assertInside(d.range, text, `diagnostic ${d.code}`);
}

/** Runs `body`, naming the case in a failure's message; returns the elapsed ms (printed, never asserted). */
function timed(what: () => string, body: () => void): number {
  const start = performance.now();
  try {
    body();
  } catch (e) {
    // The counterexample fast-check prints names a corpus index; the text makes the failure readable.
    if (e instanceof Error) e.message += `\n  in: ${what()}`;
    throw e;
  }
  return performance.now() - start;
}

/** Words near which selectors, labels and values sit: offsets around them reach the selector hover. */
const HOT_WORDS = ['selector:', 'matchLabels', 'matchExpressions', 'labelSelector', 'app'] as const;

/** The text's ends, the chosen offsets, and offsets near a hot word, all in [0, text.length]. */
function offsetsIn(text: string, picks: readonly number[]): number[] {
  const hot = picks.map((p, i) => {
    const word = HOT_WORDS[i % HOT_WORDS.length] ?? 'app';
    const at = text.indexOf(word, p % (text.length + 1));
    return at < 0 ? undefined : Math.min(text.length, at + (p % (word.length + 24)));
  });
  return [0, text.length, ...picks.map((p) => p % (text.length + 1)), ...hot.filter((o): o is number => o !== undefined)];
}

/** Every feature at `offset`: hover, completion (+ resolve), explain, selector hover; ranges inside the text. */
function checkFeaturesAt(workspace: readonly Snapshot[], snapshot: Snapshot, offset: number, ctx: AnalysisContext): void {
  const text = snapshot.text;
  const info = hover(snapshot, offset, ctx.schema);
  if (info !== undefined) assertInside(info.range, text, 'hover');
  const candidates = complete(snapshot, offset, ctx.schema);
  for (const c of candidates) if (c.replaceRange !== undefined) assertInside(c.replaceRange, text, `completion ${c.label}`);
  for (const c of candidates.slice(0, 3)) resolveCompletion(c, ctx.schema);
  explainAt(snapshot, offset, ctx.schema);
  const selector = selectorHover(workspace, snapshot, offset);
  if (selector !== undefined) assertInside(selector.range, text, 'selector hover');
}

/** Cheap description of a failing case for the assertion message. */
function describeMutant(text: string): string {
  return JSON.stringify(text.length > 4000 ? `${text.slice(0, 4000)}...` : text);
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The property suites over mutated real manifests, `totalRuns` cases in all (`PODLS_FUZZ_RUNS` overrides it).
 */
export function propertySuites(totalRuns: number): void {
  const total = Number(process.env['PODLS_FUZZ_RUNS'] ?? totalRuns);
  const runs = (share: number): number => Math.max(1, Math.round(total * share));
describe('robustness: mutated real manifests (property)', function () {
  // A hang detector for a whole property run (thousands of cases), not a speed test.
  this.timeout(600_000);
  let corpus: Manifest[] = [];
  let bases: Snapshot[] = [];
  let ctx: AnalysisContext;
  const timings: Record<string, { cases: number; ms: number; max: number }> = {};

  before(function () {
    ctx = contextOrSkip(this);
    corpus = loadCorpus();
    assert.ok(corpus.length > 0, 'no manifests found under examples/ and test/fixtures/');
    bases = corpus.map((m, i) => createSnapshot(`file:///corpus/${i}.yaml`, 1, m.text));
  });

  after(function () {
    const lines = Object.entries(timings).map(
      ([name, t]) => `${name}: ${t.cases} cases, mean ${(t.ms / Math.max(1, t.cases)).toFixed(2)} ms, max ${t.max.toFixed(0)} ms`,
    );
    if (lines.length > 0) process.stdout.write(`      ${corpus.length} manifests; ${lines.join('; ')}\n`);
  });

  function record(name: string, ms: number): void {
    const t = timings[name] ?? { cases: 0, ms: 0, max: 0 };
    timings[name] = { cases: t.cases + 1, ms: t.ms + ms, max: Math.max(t.max, ms) };
  }

  function mutant(spec: MutantSpec): { base: Snapshot; text: string } {
    const base = bases[spec.file % bases.length];
    assert.ok(base !== undefined);
    return { base, text: spec.mutations.reduce(mutate, base.text) };
  }

  it(`parses, re-parses incrementally and diagnoses without throwing, ranges inside (${runs(SHARES.diagnose)} cases)`, function () {
    fc.assert(
      fc.property(MUTANT, (spec) => {
        const { base, text } = mutant(spec);
        const ms = timed(() => `diagnose ${describeMutant(text)}`, () => {
          const fresh = createSnapshot(base.uri, 2, text);
          const updated = updateSnapshot(base, text, 2);
          assert.strictEqual(updated.documents.length, fresh.documents.length, 'updateSnapshot and createSnapshot agree on the documents');
          const cache = createDiagnosticsCache(ctx);
          diagnose(base, ctx, cache);
          const expected = diagnose(fresh, ctx);
          assertDiagnosticsInside(expected, text);
          // The server's path: the previous version's cache, the incrementally updated snapshot.
          assert.deepStrictEqual(diagnose(updated, ctx, cache), expected, 'incremental diagnostics equal fresh ones');
        });
        record('diagnose', ms);
      }),
      fcParams(runs(SHARES.diagnose)),
    );
  });

  it(`answers hover, completion, explain and selector hover at any offset (${runs(SHARES.features)} cases)`, function () {
    fc.assert(
      fc.property(MUTANT, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (spec, picks) => {
        const { base, text } = mutant(spec);
        const ms = timed(() => `features ${describeMutant(text)}`, () => {
          const snapshot = updateSnapshot(base, text, 2);
          const workspace = [snapshot, ...bases.slice(0, 8)];
          for (const offset of offsetsIn(text, picks)) checkFeaturesAt(workspace, snapshot, offset, ctx);
          for (const lens of lifecycleLenses(snapshot)) assertInside(lens.range, text, 'lifecycle lens');
        });
        record('features', ms);
      }),
      fcParams(runs(SHARES.features)),
    );
  });

  it(`diagnoses a workspace holding the mutant (${runs(SHARES.workspace)} cases)`, function () {
    fc.assert(
      fc.property(MUTANT, fc.nat(), (spec, others) => {
        const { base, text } = mutant(spec);
        const ms = timed(() => `workspace ${describeMutant(text)}`, () => {
          const snapshot = createSnapshot('file:///mutant.yaml', 2, text);
          const from = others % bases.length;
          const workspace = [snapshot, base, ...bases.slice(from, from + 6)];
          const byUri = new Map(workspace.map((s) => [s.uri, s]));
          for (const [uri, list] of diagnoseWorkspace(workspace, ctx)) {
            const owner = byUri.get(uri);
            assert.ok(owner !== undefined, `diagnostics for a file outside the workspace: ${uri}`);
            assertDiagnosticsInside(list, owner.text);
          }
        });
        record('workspace', ms);
      }),
      fcParams(runs(SHARES.workspace)),
    );
  });

  it(`simulates the lifecycle of any document without throwing (${runs(SHARES.lifecycle)} cases)`, function () {
    fc.assert(
      fc.property(MUTANT, fc.nat(), fc.constantFrom(undefined, 'all-succeed', 'image-pull-error', 'nope'), (spec, pick, scenario) => {
        const { base, text } = mutant(spec);
        const ms = timed(() => `lifecycle ${describeMutant(text)}`, () => {
          const snapshot = updateSnapshot(base, text, 2);
          const lenses = lifecycleLenses(snapshot);
          const index = lenses.length === 0 ? pick % (snapshot.documents.length + 1) : (lenses[pick % lenses.length]?.documentIndex ?? 0);
          const answer = lifecycleTimeline(snapshot, index, scenario);
          assert.ok('timeline' in answer || typeof answer.error === 'string');
        });
        record('lifecycle', ms);
      }),
      fcParams(runs(SHARES.lifecycle)),
    );
  });
});

}

// ---------------------------------------------------------------------------------------------------------
// Pathological files

/** The billion laughs: each level a list of ten aliases of the level before. */
function billionLaughs(levels: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a0: &a0 "lol"'];
  for (let i = 1; i < levels; i++) lines.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  '  labels: {app: web}',
  'spec:',
  '  containers:',
  '    - name: c',
  '      image: nginx:1.27',
  '',
].join('\n');

/** Concatenated corpus documents (or Pods) up to `size` UTF-16 units. */
function bigFile(corpus: readonly Manifest[], size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const m = corpus[i % Math.max(1, corpus.length)];
    const part = `---\n${(m?.text ?? POD).replace(/^---\n/, '')}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

interface Pathological {
  readonly name: string;
  readonly text: () => string;
  /** Run only by `npm run test:heavy` (megabytes of text). */
  readonly heavy?: boolean;
  /** Diagnostic codes of which at least one must appear (empty: no requirement). */
  readonly expect: readonly string[];
  /** Diagnostic codes that must not appear. */
  readonly forbid?: readonly string[];
}

/** A Pod whose `metadata.labels` holds `n` labels, in block style (`flow`: one flow mapping on one line). */
function manyLabels(n: number, flow: boolean): string {
  const labels = Array.from({ length: n }, (_, i) => `l${i}: x`);
  const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';
  const body = flow ? `  labels: {${labels.join(', ')}}\n` : `  labels:\n${labels.map((l) => `    ${l}\n`).join('')}`;
  return `${head}${body}spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n`;
}

/** The regression cases found by the properties. */
export function regressionSuite(): void {
describe('robustness: regressions', () => {
  // lifecycle/scenario.ts once split preset ids at every `:` and threw for a container named `a:b`.
  it('simulates a Pod whose container name holds a colon without throwing', () => {
    const input = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: "a:b"\n      image: nginx\n';
    const answer = lifecycleTimeline(createSnapshot('file:///bug.yaml', 1, input), 0, 'crash-on-start:a:b');
    assert.ok('timeline' in answer, 'error' in answer ? answer.error : '');
    assert.ok(answer.presets.some((p) => p.id === 'exits-0-after:a:b:30'));
  });
});

}

/**
 * The pathological files: `heavy` false runs the light ones (`npm test`), true the multi-megabyte ones
 * (`npm run test:heavy`).
 */
export function pathologicalSuite(heavy: boolean): void {
describe(`robustness: pathological files${heavy ? ' (heavy)' : ''}`, function () {
  // A hang detector, not a speed test: nothing here asserts a time.
  this.timeout(300_000);
  let ctx: AnalysisContext;
  let corpus: Manifest[] = [];

  before(function () {
    ctx = contextOrSkip(this);
    corpus = loadCorpus();
  });

  const cases: readonly Pathological[] = [
    { name: 'a billion laughs alias bomb (10 levels)', text: () => billionLaughs(10), expect: ['yaml-alias-limit'] },
    { name: 'an alias bomb inside a Pod spec', text: () => POD + '  volumes: &v [' + '{name: a}, '.repeat(20) + ']\n  x: [' + '*v, '.repeat(500) + ']\n', expect: ['yaml-alias-limit'] },
    { name: 'a 5 MB file of real manifests', text: () => bigFile(corpus, 5_000_000), heavy: true, expect: [] },
    { name: 'a 5 MB block scalar', heavy: true, text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n${'    lorem ipsum dolor sit amet\n'.repeat(170_000)}`, expect: [] },
    { name: 'a flow mapping with 60,000 keys', heavy: true, text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata: {${Array.from({ length: 60_000 }, (_, i) => `k${i}: v${i}`).join(', ')}}\n`, expect: [] },
    { name: '10,000 nested flow sequences', text: () => `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, expect: ['yaml-nesting-limit'] },
    { name: '10,000 unclosed flow sequences', text: () => `a: ${'['.repeat(10_000)}\n`, expect: ['yaml-nesting-limit'] },
    { name: '10,000 nested flow mappings', text: () => `a: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, expect: ['yaml-nesting-limit'] },
    { name: '10,000 nested block sequences', text: () => `${'- '.repeat(10_000)}x\n`, expect: ['yaml-nesting-limit'] },
    {
      name: '10,000 nested block mappings (50 MB of indentation)',
      text: () => `${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`,
      heavy: true,
      expect: ['yaml-nesting-limit'],
    },
    { name: 'a 1 MB line', heavy: true, text: () => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${'x'.repeat(1_000_000)}\n`, expect: ['metadata-name'] },
    { name: 'a 1 MB line of blanks between words', heavy: true, text: () => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a${' '.repeat(1_000_000)}b\n`, expect: [] },
    { name: 'a 1 MB comment line', text: () => `${POD}# ${'#'.repeat(1_000_000)}\n`, expect: [] },
    { name: '100,000 lines of ---', text: () => '---\n'.repeat(100_000), heavy: true, expect: [] },
    { name: '32,000 labels', text: () => manyLabels(32_000, false), heavy: true, expect: [], forbid: ['document-too-large'] },
    {
      name: '32,000 ConfigMap data keys',
      text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n${Array.from({ length: 32_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}`,
      heavy: true,
      expect: [],
    },
    { name: 'a 1 MB one-line flow mapping of 90,000 labels', text: () => manyLabels(90_000, true), heavy: true, expect: [], forbid: ['document-too-large'] },
    {
      name: 'a 5 MB single document',
      text: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 200_000 }, (_, i) => `  key${i}: value-${i}-0123456789\n`).join('')}`,
      heavy: true,
      expect: ['document-too-large'],
    },
    { name: 'NUL bytes', text: () => `${POD.replace('nginx', 'ng\u0000inx')}\u0000\n\u0000: \u0000\n`, expect: ['yaml-syntax'] },
    { name: 'only NUL bytes', text: () => '\u0000'.repeat(10_000), expect: [] },
    { name: 'lone surrogates and a BOM', text: () => `\uFEFF${POD.replace('name: p', 'name: p\uD800')}\uDC00: x\n`, expect: [] },
  ];

  for (const c of cases.filter((p) => (p.heavy === true) === heavy)) {
    it(`${c.name}: a clear diagnostic or none`, function () {
      const text = c.text();
      const snapshot = createSnapshot('file:///big.yaml', 1, text);
      const diagnostics = diagnose(snapshot, ctx);
      assertDiagnosticsInside(diagnostics, text);
      for (const [, list] of diagnoseWorkspace([snapshot], ctx)) assertDiagnosticsInside(list, text);
      // The server's publish path: selector rules and missing references through the workspace index.
      for (const [, list] of crossFileDiagnostics([snapshot], [snapshot], ctx)) assertDiagnosticsInside(list, text);
      for (const offset of [0, 1, text.length >> 2, text.length >> 1, text.length - 1, text.length]) {
        if (offset >= 0) checkFeaturesAt([snapshot], snapshot, offset, ctx);
      }
      const lens = lifecycleLenses(snapshot)[0];
      if (lens !== undefined) lifecycleTimeline(snapshot, lens.documentIndex, undefined);
      // One keystroke in the middle: the incremental path must stay bounded too.
      const middle = text.length >> 1;
      const edited = updateSnapshot(snapshot, `${text.slice(0, middle)}x${text.slice(middle)}`, 2);
      assertDiagnosticsInside(diagnose(edited, ctx), edited.text);
      const codes = new Set(diagnostics.map((d) => d.code));
      if (c.expect.length > 0) {
        assert.ok(c.expect.some((code) => codes.has(code)), `expected one of ${c.expect.join(', ')}; got ${[...codes].join(', ') || 'none'}`);
      }
      for (const code of c.forbid ?? []) assert.ok(!codes.has(code), `unexpected ${code}`);
      for (const d of diagnostics) assert.ok(d.message.length > 0, `an empty message for ${d.code}`);
    });
  }
});
}
