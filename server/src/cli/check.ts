/**
 * `podls check PATH...`: validate manifests for CI and terminals.
 * Output formats: `text` (one line per finding, `file:line:col: severity: message [rule-id]`, 1-based like
 * compilers), `json` (an array of findings with LSP-style 0-based ranges, documented in README.md) and
 * `sarif` (SARIF 2.1.0). Exit code: 0 no error-severity finding, 1 errors found, 2 usage or I/O error.
 */
import { createSnapshot } from '../document/snapshot';
import type { Snapshot } from '../document/snapshot';
import { crossFileDiagnostics, diagnose } from '../features/diagnostics';
import { createNavigationCache } from '../features/navigation/workspace-index';
import type { AnalysisContext, DiagnosticInfo } from '../features/diagnostics';
import type { ErrorType, Severity } from '../rules/rule';
import { expandPaths, readInput } from './files';
import type { CliIo } from './io';
import { toSarif } from './sarif';

/** One finding as `--output json` prints it. Positions are 0-based lines and UTF-16 characters (LSP). */
export interface CheckFinding {
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly document: number;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fieldPath?: string;
  readonly errorType?: ErrorType;
}

/** Output format of `podls check`. */
export type CheckOutput = 'text' | 'json' | 'sarif';

/** Parsed arguments of `podls check`. */
export interface CheckArgs {
  readonly paths: readonly string[];
  readonly output: CheckOutput;
}

/** Converts the diagnostics of one file into {@link CheckFinding}s. */
export function toCheckFindings(name: string, snapshot: Snapshot, diagnostics: readonly DiagnosticInfo[]): CheckFinding[] {
  return diagnostics.map((d) => ({
    file: name,
    document: d.documentIndex,
    range: { start: snapshot.lineIndex.positionAt(d.range.start), end: snapshot.lineIndex.positionAt(d.range.end) },
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}),
    ...(d.errorType !== undefined ? { errorType: d.errorType } : {}),
  }));
}

function compareFindings(a: CheckFinding, b: CheckFinding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}

/** Renders one finding as `file:line:col: severity: message [rule-id]` (1-based line and column). */
export function formatFindingLine(f: CheckFinding): string {
  return `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity}: ${f.message} [${f.code}]`;
}

/**
 * Runs `podls check` over files, directories (recursively, *.yaml and *.yml) and `-` (stdin), including the
 * cross-file selector rules over all of them. Returns the exit code.
 */
export async function runCheck(args: CheckArgs, ctx: AnalysisContext, io: CliIo): Promise<number> {
  const files = expandPaths(args.paths, io);
  let ioError = false;
  const snapshots: { name: string; snapshot: Snapshot }[] = [];
  for (const file of files) {
    const read = await readInput(file, io);
    if ('error' in read) {
      io.stderr(`podls: ${read.name}: ${read.error}\n`);
      ioError = true;
      continue;
    }
    snapshots.push({ name: read.name, snapshot: createSnapshot(read.name, 0, read.text) });
  }
  const all = snapshots.map((s) => s.snapshot);
  const cross = crossFileDiagnostics(all, all, ctx, { navigation: createNavigationCache() });
  const findings: CheckFinding[] = [];
  for (const { name, snapshot } of snapshots) {
    const diagnostics = [...diagnose(snapshot, ctx), ...(cross.get(snapshot.uri) ?? [])];
    findings.push(...toCheckFindings(name, snapshot, diagnostics).sort(compareFindings));
  }
  if (args.output === 'json') io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  else if (args.output === 'sarif') io.stdout(`${JSON.stringify(toSarif(findings), null, 2)}\n`);
  else {
    for (const f of findings) io.stdout(`${formatFindingLine(f)}\n`);
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    io.stderr(
      `${snapshots.length} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} other\n`,
    );
  }
  if (ioError) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
