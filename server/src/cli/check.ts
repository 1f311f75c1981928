/**
 * `podls check PATH...`: validate manifests for CI and terminals.
 * Output formats: `text` (one line per finding, `file:line:col: severity: message [rule-id]`, 1-based like
 * compilers), `json` (an array of findings with LSP-style 0-based ranges, documented in README.md) and
 * `sarif` (SARIF 2.1.0). Exit code: 0 no error-severity finding, 1 errors found, 2 usage or I/O error.
 */
import { buildLineIndex } from '../document/line-index';
import { createSnapshot, snapshotOfDocuments } from '../document/snapshot';
import type { Snapshot } from '../document/snapshot';
import { heldPodSecurityFindings } from '../features/batch';
import { crossFileFindings, placeCrossFileFindings } from '../features/cross-file';
import type { CrossFileFindings } from '../features/cross-file';
import type { AnalysisContext } from '../features/diagnostics';
import { planPodSecurity } from '../rules/engine';
import type { Severity } from '../rules/rule';
import { analyseInWorkers, analyseInput, toCheckFindings } from './check-workers';
import type { AnalysedFile, CheckFinding, CheckInput } from './check-workers';
import { collectFiles, readInput, readText } from './files';
import { placeOnHelmSources } from './helm-source';
import { kustomizeBuildFindings } from './kustomize-build';
import { layoutOfInputs } from './layout';
import { DEFAULT_ROLE, fileRole } from '../features/kustomize';
import type { CollectedFiles } from './files';
import { overrideSettings } from '../workspace/project-config';
import type { ProjectConfig } from '../workspace/project-config';
import type { Settings } from '../workspace/settings';
import { isRatcheted } from '../features/update';
import type { RatchetedFinding } from '../features/update';
import { updateFindingsOf } from './previous';
import type { CliIo } from './io';
import { toSarif } from './sarif';
import { appendAll } from '../util/arrays';

export type { CheckFinding } from './check-workers';

/** Output format of `podls check`. */
export type CheckOutput = 'text' | 'json' | 'sarif';

/** Parsed arguments of `podls check`. */
export interface CheckArgs {
  readonly paths: readonly string[];
  readonly output: CheckOutput;
  /**
   * Worker threads to analyse files in (`--jobs`); 1 analyses in the main thread. Workers start only when
   * `io.workerScript` is set (the bundle) and the input is large enough to repay their start-up.
   */
  readonly jobs: number;
  /** `--exclude` globs, relative to `cwd`. */
  readonly exclude: readonly string[];
  /** Read `.podls.yaml` files (`--no-config` turns it off). */
  readonly useConfig: boolean;
  /** The settings the command line gives; they override a `.podls.yaml`'s where they differ from the defaults. */
  readonly flags: Settings;
  /** The directory relative paths and `--exclude` globs are resolved against (default: the process's). */
  readonly cwd?: string;
  /** Also build each kustomization with kubectl/kustomize and check the built objects (`--kustomize`). */
  readonly kustomize?: boolean;
  /**
   * The previous revision for the update rules (issue 14): `paths`, files or directories of manifests or live objects
   * (`--previous`), or `ref`, the same files at a git revision (`--previous-ref`). Absent: no update rules.
   */
  readonly previous?: { readonly paths: readonly string[] } | { readonly ref: string };
}

/** Below this much text (UTF-16 code units, about 400 Deployments) one thread is faster than starting workers. */
export const MIN_PARALLEL_CHARS = 512 * 1024;

/** Text output is written in chunks of about this many UTF-16 code units. */
const OUTPUT_CHUNK_CHARS = 64 * 1024;

/**
 * Orders a file's findings by start position (0-based line, then character), then rule id. Rule ids are ASCII
 * kebab-case, whose code-unit order is `localeCompare`'s; compared without it, which costs a collation per pair.
 */
function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * Renders one finding as `file:line:col: severity: message [rule-id]` (1-based line and column); a finding in
 * rendered Helm output as `template (input:line:col): severity: message [rule-id]`.
 */
export function formatFindingLine(f: CheckFinding): string {
  const at = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
  const where = f.rendered === undefined ? `${f.file}:${at}` : `${f.file} (${f.rendered}:${at})`;
  return `${where}: ${f.severity}: ${f.message} [${f.code}]`;
}

/**
 * Analyses the inputs in worker threads when that pays, else (or when workers fail) in this thread.
 * `workers` is the number of worker threads that did the work (0: this thread did).
 */
async function analyseAll(inputs: readonly CheckInput[], args: CheckArgs, ctx: AnalysisContext, io: CliIo): Promise<{ analysed: AnalysedFile[]; workers: number }> {
  const chars = inputs.reduce((n, i) => n + i.text.length, 0);
  // Text output prints no related places: they are not placed.
  const analyse = { related: args.output !== 'text' };
  // Files are the unit of parallel work: one file (however large) is analysed here, without copying it to a worker.
  if (io.workerScript !== undefined && args.jobs > 1 && inputs.length > 1 && chars >= MIN_PARALLEL_CHARS) {
    try {
      return await analyseInWorkers(inputs, ctx, { script: io.workerScript, jobs: args.jobs, analyse });
    } catch (error) {
      io.stderr(`podls: warning: worker threads failed (${error instanceof Error ? error.message : String(error)}); checking in one thread\n`);
    }
  }
  const plan = planPodSecurity(ctx.rules);
  return { analysed: inputs.map((input) => analyseInput(input, ctx, analyse, plan)), workers: 0 };
}

/** Builds the analysis context of resolved settings, or explains why it cannot (a schema with no kinds). */
export type ContextFactory = (settings: Settings) => { ctx: AnalysisContext } | { error: string };

/** One group of inputs analysed with one context: the files under one `.podls.yaml` (or under none). */
interface Group {
  readonly ctx: AnalysisContext;
  readonly indices: number[];
}

/** The summary's account of what was not checked: `; skipped 1 .git directory, 3 excluded file(s) (2 by .podls.yaml, ...)`. */
function skippedText(collected: CollectedFiles): string {
  const parts: string[] = [];
  for (const [name, n] of collected.skippedDirectories) parts.push(`${n} ${name} director${n === 1 ? 'y' : 'ies'}`);
  const byConfig = collected.excluded.get('config') ?? 0;
  const byFlag = collected.excluded.get('command line') ?? 0;
  if (byConfig + byFlag > 0) {
    const why = [...(byConfig > 0 ? [`${byConfig} by .podls.yaml`] : []), ...(byFlag > 0 ? [`${byFlag} by --exclude`] : [])];
    parts.push(`${byConfig + byFlag} excluded path(s) (${why.join(', ')})`);
  }
  return parts.length === 0 ? '' : `; skipped ${parts.join(', ')}`;
}

/**
 * Runs `podls check` over files, directories (recursively, *.yaml and *.yml) and `-` (stdin), including the
 * cross-file selector and reference rules, each file judged in the repository's layout (kustomize patches and
 * labels, Helm charts, deployment units: cli/layout.ts). Returns the exit code.
 * Each file is checked with the settings of the nearest `.podls.yaml` above it (unless `args.useConfig` is false)
 * overridden by the command line's (`args.flags`); files under one configuration file are one group for the
 * cross-file rules. `.git`/`node_modules` directories and excluded paths are skipped and counted in the summary.
 * Each file is analysed on its own (in worker threads for large inputs) and only its findings and cross-file
 * facts are kept; files with cross-file findings on field paths are parsed again to place them.
 */
export async function runCheck(args: CheckArgs, contextFor: ContextFactory, io: CliIo): Promise<number> {
  const collected = collectFiles(args.paths, io, { exclude: args.exclude, useConfig: args.useConfig, ...(args.cwd !== undefined ? { cwd: args.cwd } : {}) });
  for (const config of collected.configs) for (const problem of config.problems) io.stderr(`podls: warning: ${problem}\n`);
  let ioError = false;
  const inputs: CheckInput[] = [];
  const configs: (ProjectConfig | undefined)[] = [];
  for (const file of collected.files) {
    const read = await readInput(file.name, io);
    if ('error' in read) {
      io.stderr(`podls: ${read.name}: ${read.error}\n`);
      ioError = true;
      continue;
    }
    inputs.push({ name: read.name, text: read.text });
    configs.push(file.config);
  }
  const layout = layoutOfInputs(inputs, io);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as CheckInput;
    const role = fileRole(layout, input.name);
    if (role !== DEFAULT_ROLE) inputs[i] = { ...input, role };
  }
  // One analysis context per configuration file (the same settings share one).
  const groups = new Map<string, Group>();
  const contexts = new Map<string, AnalysisContext>();
  for (let i = 0; i < inputs.length; i++) {
    const config = configs[i];
    const key = config?.file ?? '';
    let group = groups.get(key);
    if (group === undefined) {
      const settings = config === undefined ? args.flags : overrideSettings(config.settings, args.flags);
      const settingsKey = JSON.stringify(settings);
      let ctx = contexts.get(settingsKey);
      if (ctx === undefined) {
        const made = contextFor(settings);
        if ('error' in made) {
          io.stderr(`podls: ${config === undefined ? '' : `${config.file}: `}${made.error}\n`);
          return 2;
        }
        ctx = made.ctx;
        contexts.set(settingsKey, ctx);
      }
      group = { ctx, indices: [] };
      groups.set(key, group);
    }
    group.indices.push(i);
  }
  const analysed: (AnalysedFile | undefined)[] = new Array<AnalysedFile | undefined>(inputs.length);
  const cross = new Map<string, CrossFileFindings>();
  // The update rules (issue 14): each group's files against their previous revision, with the group's settings.
  const updates = args.previous === undefined ? undefined : { findings: new Map<string, CheckFinding[]>(), ratcheted: new Map<string, RatchetedFinding[]>() };
  let workers = 0;
  for (const group of groups.values()) {
    const groupInputs = group.indices.map((i) => inputs[i] as CheckInput);
    const result = await analyseAll(groupInputs, args, group.ctx, io);
    workers = Math.max(workers, result.workers);
    result.analysed.forEach((a, j) => {
      analysed[group.indices[j] ?? -1] = a;
    });
    if (args.previous !== undefined && updates !== undefined) {
      const found = await updateFindingsOf(groupInputs, args.previous, group.ctx, io);
      for (const [name, list] of found.findings) updates.findings.set(name, list);
      for (const [name, list] of found.ratcheted) updates.ratcheted.set(name, list);
    }
    for (const [name, found] of crossFileFindings(
      result.analysed.map((a) => a.facts),
      group.ctx,
      layout.generated,
    ).byUri) {
      cross.set(name, found);
    }
  }
  const findings: CheckFinding[] = [];
  inputs.forEach((input, i) => {
    const ratcheted = updates?.ratcheted.get(input.name) ?? [];
    const created = (analysed[i]?.findings ?? []).filter((f) => !isRatcheted({ ...f, documentIndex: f.document }, ratcheted));
    const found = cross.get(input.name);
    const own = [...created, ...heldPodSecurityFindings(analysed[i]?.podSecurity ?? [], found), ...(updates?.findings.get(input.name) ?? [])];
    // Appended one by one: spreading a file's 100,000 findings into push() would overflow the call stack.
    if (found === undefined) {
      for (const f of placeOnHelmSources(input, [...own].sort(compareFindings))) findings.push(f);
      return;
    }
    const view = { text: input.text, lineIndex: buildLineIndex(input.text) };
    // A file analysed in windows is parsed again only for the documents its findings are about.
    const chunkDocuments = analysed[i]?.chunkDocuments;
    const parse = (): Snapshot =>
      (chunkDocuments === undefined ? undefined : snapshotOfDocuments(input.name, 0, input.text, chunkDocuments, new Set(found.workspace.map((f) => f.documentIndex)))) ??
      createSnapshot(input.name, 0, input.text);
    const placed = placeCrossFileFindings(view, found, parse);
    for (const f of placeOnHelmSources(input, own.concat(toCheckFindings(input.name, view.lineIndex, placed)).sort(compareFindings))) findings.push(f);
  });
  let buildFailed = false;
  if (args.kustomize === true) {
    // The builds are checked with the settings of the files they hold (the first group's when none is checked).
    const texts = new Map(inputs.map((i) => [i.name, i.text]));
    const ctxOf = new Map<string, AnalysisContext>();
    for (const group of groups.values()) for (const i of group.indices) ctxOf.set(inputs[i]?.name ?? '', group.ctx);
    const first = groups.values().next().value?.ctx;
    if (first !== undefined) {
      const built = kustomizeBuildFindings(layout, first, io, (file) => texts.get(file) ?? readText(file, io), (file) => ctxOf.get(file));
      for (const w of built.warnings) io.stderr(`podls: warning: ${w}\n`);
      if (built.error !== undefined) io.stderr(`podls: ${built.error}\n`);
      buildFailed = built.error !== undefined;
      const have = new Set(findings.map((f) => `${f.file}\u0000${f.range.start.line}\u0000${f.code}`));
      const order = new Map(inputs.map((input, i) => [input.name, i]));
      appendAll(findings, built.findings.filter((f) => !have.has(`${f.file}\u0000${f.range.start.line}\u0000${f.code}`)));
      findings.sort((a, b) => (order.get(a.file) ?? inputs.length) - (order.get(b.file) ?? inputs.length) || a.file.localeCompare(b.file) || compareFindings(a, b));
    }
  }
  if (args.output === 'json') io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  else if (args.output === 'sarif') io.stdout(`${JSON.stringify(toSarif(findings), null, 2)}\n`);
  else {
    // Written in chunks: one write per line costs a system call per finding.
    let chunk = '';
    for (const f of findings) {
      chunk += `${formatFindingLine(f)}\n`;
      if (chunk.length >= OUTPUT_CHUNK_CHARS) {
        io.stdout(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') io.stdout(chunk);
    const counts = new Map<Severity, number>();
    for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    const count = (s: Severity): number => counts.get(s) ?? 0;
    io.stderr(
      `${inputs.length} file(s) checked${workers > 0 ? ` in ${workers} worker threads` : ''}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} other${skippedText(collected)}\n`,
    );
  }
  if (ioError || buildFailed) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
