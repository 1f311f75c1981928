/**
 * `podls check PATH...`: validate manifests for CI and terminals.
 * Output formats: `text` (one line per finding, `file:line:col: severity: message [rule-id]`, 1-based like
 * compilers), `json` (an array of findings with LSP-style 0-based ranges, documented in README.md) and
 * `sarif` (SARIF 2.1.0). Exit code: 0 no error-severity finding, 1 errors found, 2 usage or I/O error.
 */
import { buildLineIndex } from '../document/line-index';
import { createSnapshot } from '../document/snapshot';
import { crossFileFindings, placeCrossFileFindings } from '../features/batch';
import type { AnalysisContext } from '../features/diagnostics';
import type { Severity } from '../rules/rule';
import { analyseInWorkers, analyseInput, toCheckFindings } from './check-workers';
import type { AnalysedFile, CheckFinding, CheckInput } from './check-workers';
import { expandPaths, readInput } from './files';
import type { CliIo } from './io';
import { toSarif } from './sarif';

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
}

/** Below this much text (UTF-16 code units, about 400 Deployments) one thread is faster than starting workers. */
export const MIN_PARALLEL_CHARS = 512 * 1024;

function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}

/** Renders one finding as `file:line:col: severity: message [rule-id]` (1-based line and column). */
export function formatFindingLine(f: CheckFinding): string {
  return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message} [${f.code}]`;
}

/**
 * Analyses the inputs in worker threads when that pays, else (or when workers fail) in this thread.
 * `workers` is the number of worker threads that did the work (0: this thread did).
 */
async function analyseAll(inputs: readonly CheckInput[], args: CheckArgs, ctx: AnalysisContext, io: CliIo): Promise<{ analysed: AnalysedFile[]; workers: number }> {
  const chars = inputs.reduce((n, i) => n + i.text.length, 0);
  // Files are the unit of parallel work: one file (however large) is analysed here, without copying it to a worker.
  if (io.workerScript !== undefined && args.jobs > 1 && inputs.length > 1 && chars >= MIN_PARALLEL_CHARS) {
    try {
      return await analyseInWorkers(inputs, ctx, { script: io.workerScript, jobs: args.jobs });
    } catch (error) {
      io.stderr(`podls: warning: worker threads failed (${error instanceof Error ? error.message : String(error)}); checking in one thread\n`);
    }
  }
  return { analysed: inputs.map((input) => analyseInput(input, ctx)), workers: 0 };
}

/**
 * Runs `podls check` over files, directories (recursively, *.yaml and *.yml) and `-` (stdin), including the
 * cross-file selector and reference rules over all of them. Returns the exit code.
 * Each file is analysed on its own (in worker threads for large inputs) and only its findings and cross-file
 * facts are kept; files with cross-file findings on field paths are parsed again to place them.
 */
export async function runCheck(args: CheckArgs, ctx: AnalysisContext, io: CliIo): Promise<number> {
  const files = expandPaths(args.paths, io);
  let ioError = false;
  const inputs: CheckInput[] = [];
  for (const file of files) {
    const read = await readInput(file, io);
    if ('error' in read) {
      io.stderr(`podls: ${read.name}: ${read.error}\n`);
      ioError = true;
      continue;
    }
    inputs.push({ name: read.name, text: read.text });
  }
  const { analysed, workers } = await analyseAll(inputs, args, ctx, io);
  const cross = crossFileFindings(
    analysed.map((a) => a.facts),
    ctx,
  );
  const findings: CheckFinding[] = [];
  inputs.forEach((input, i) => {
    const own = analysed[i]?.findings ?? [];
    const found = cross.get(input.name);
    // Appended one by one: spreading a file's 100,000 findings into push() would overflow the call stack.
    if (found === undefined) {
      for (const f of [...own].sort(compareFindings)) findings.push(f);
      return;
    }
    const view = { text: input.text, lineIndex: buildLineIndex(input.text) };
    const placed = placeCrossFileFindings(view, found, () => createSnapshot(input.name, 0, input.text));
    for (const f of own.concat(toCheckFindings(input.name, view.lineIndex, placed)).sort(compareFindings)) findings.push(f);
  });
  if (args.output === 'json') io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  else if (args.output === 'sarif') io.stdout(`${JSON.stringify(toSarif(findings), null, 2)}\n`);
  else {
    for (const f of findings) io.stdout(`${formatFindingLine(f)}\n`);
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    io.stderr(
      `${inputs.length} file(s) checked${workers > 0 ? ` in ${workers} worker threads` : ''}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} other\n`,
    );
  }
  if (ioError) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
