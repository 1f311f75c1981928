/**
 * `podls check --kustomize`: builds each kustomization that no other includes with `kubectl kustomize DIR` (or
 * `kustomize build DIR`), checks the built objects, and places each finding in the source file its value comes from:
 * the last patch of the build that writes the field, else the resource that defines the object (matched by kind and
 * name, the name as written before kustomize's prefix, suffix and hash), at the field or its nearest written parent.
 * Findings the per-file check already gives (same file, line and rule) are not repeated.
 */
import { formatFieldPath } from '../document/field-path';
import type { FieldPath } from '../document/field-path';
import { keyNodeAt, locate, nodeAt, nodeRange } from '../document/locate';
import { createSnapshot } from '../document/snapshot';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import { diagnose } from '../features/diagnostics';
import { objectsOf } from '../features/objects';
import type { AnalysisContext, DiagnosticInfo } from '../features/diagnostics';
import { KUSTOMIZATION_FILE_NAMES } from '../features/kustomize';
import type { ProjectLayout } from '../features/kustomize';
import * as path from 'path';
import { prop } from '../rules/json';
import type { CheckFinding } from './check-workers';
import type { CliIo } from './io';
import { appendAll } from '../util/arrays';

/** The programs that build a kustomization, in order of preference: [command, args before the directory]. */
const BUILDERS: readonly (readonly [string, readonly string[]])[] = [
  ['kubectl', ['kustomize']],
  ['kustomize', ['build']],
];

/**
 * What `--kustomize` gives: findings placed in source files; `warnings`, builds that failed (with the tool's
 * message: some kustomizations need files another tool generates first); `error` when no builder can run.
 */
export interface KustomizeBuildResult {
  readonly findings: readonly CheckFinding[];
  readonly warnings: readonly string[];
  readonly error?: string;
}

/** The message of a failed build: kubectl logs it as `E1207 ... run.go:72] "command failed" err="..."`. */
function buildError(stderr: string): string | undefined {
  const line = stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('# Warning'));
  if (line === undefined) return undefined;
  const quoted = /\berr="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  return quoted === undefined ? line.trim() : quoted.replace(/\\"/g, '"');
}

/** One object of a source file: where it is, and its kind and name as written. */
interface SourceObject {
  readonly snapshot: Snapshot;
  readonly doc: YamlDocument;
  readonly kind: string;
  readonly name: string;
  readonly patch: boolean;
}

function nameOf(object: unknown): string | undefined {
  const name = prop(prop(object, 'metadata'), 'name');
  return typeof name === 'string' ? name : undefined;
}

/** The range of the field at `path` in `doc` when it is written there (`exact`), else of its nearest written parent. */
function deepestRange(doc: YamlDocument, path: FieldPath): { range: { start: number; end: number }; exact: boolean } | undefined {
  const exact = path.length > 0 && (keyNodeAt(doc, path) !== undefined || nodeAt(doc, path) !== undefined);
  const range = nodeRange(doc, path, exact ? 'value' : 'key');
  return range === undefined ? undefined : { range, exact };
}

/**
 * Runs the builds of `layout` and returns their findings placed in source files. `read(file)` gives a source file's
 * text (the checked inputs, else the file system); a build is checked with `ctxOf` of its kustomization file (the
 * settings of the `.podls.yaml` above it), else `ctx`. Never throws.
 */
export function kustomizeBuildFindings(
  layout: ProjectLayout,
  ctx: AnalysisContext,
  io: CliIo,
  read: (file: string) => string | undefined,
  ctxOf: (file: string) => AnalysisContext | undefined = () => undefined,
): KustomizeBuildResult {
  const findings: CheckFinding[] = [];
  const warnings: string[] = [];
  if (layout.builds.length === 0) return { findings, warnings };
  if (io.runProgram === undefined) return { findings, warnings, error: '--kustomize: this environment cannot run programs' };
  const snapshots = new Map<string, Snapshot | undefined>();
  const snapshotOf = (file: string): Snapshot | undefined => {
    if (!snapshots.has(file)) {
      const text = read(file);
      snapshots.set(file, text === undefined ? undefined : createSnapshot(file, 0, text));
    }
    return snapshots.get(file);
  };
  for (const dir of layout.builds) {
    const unit = `kustomize:${dir}`;
    let built: string | undefined;
    let failure = '';
    for (const [command, args] of BUILDERS) {
      const run = io.runProgram(command, [...args, dir]);
      if (run.error !== undefined) continue; // not on the PATH: try the next builder
      if (run.status === 0) built = run.stdout;
      else failure = `${command} ${[...args, dir].join(' ')}: ${buildError(run.stderr) ?? `exit ${String(run.status)}`}`;
      break;
    }
    if (built === undefined) {
      if (failure === '') return { findings, warnings, error: '--kustomize: neither kubectl nor kustomize is on the PATH' };
      warnings.push(`${failure} (its files are checked one by one only)`);
      continue;
    }
    // The sources of this build: its resources (objects) and patches (later patches win).
    const sources: SourceObject[] = [];
    for (const [file, role] of layout.roles) {
      if (!role.units.includes(unit)) continue;
      const snapshot = snapshotOf(file);
      if (snapshot === undefined) continue;
      for (const doc of snapshot.documents) {
        for (const o of objectsOf(doc)) {
          const name = nameOf(o.object);
          if (name !== undefined) sources.push({ snapshot, doc, kind: o.kind, name, patch: role.patch === true });
        }
      }
    }
    const output = createSnapshot(`${dir} (kustomize build)`, 0, built);
    const buildCtx = KUSTOMIZATION_FILE_NAMES.map((name) => ctxOf(path.join(dir, name))).find((c) => c !== undefined) ?? ctx;
    for (const d of diagnose(output, buildCtx)) appendAll(findings, place(output, d, sources, dir));
  }
  return { findings, warnings };
}

/** Places one finding of the built output in the source it comes from; none when no source object matches. */
function place(output: Snapshot, d: DiagnosticInfo, sources: readonly SourceObject[], dir: string): CheckFinding[] {
  const builtDoc = output.documents[d.documentIndex];
  if (builtDoc === undefined) return [];
  const kind = builtDoc.kind;
  const builtName = nameOf(builtDoc.value);
  if (kind === undefined || builtName === undefined) return [];
  const candidates = sources.filter((s) => s.kind === kind && builtName.includes(s.name));
  if (candidates.length === 0) return [];
  const longest = Math.max(...candidates.map((c) => c.name.length));
  const same = candidates.filter((c) => c.name.length === longest);
  const path = locate(output, d.range.start)?.path ?? [];
  // The last patch that writes the field, else the resource, else the first match at its nearest parent.
  const ordered = [...same.filter((s) => s.patch).reverse(), ...same.filter((s) => !s.patch)];
  let chosen: { source: SourceObject; range: { start: number; end: number } } | undefined;
  for (const source of ordered) {
    const hit = deepestRange(source.doc, path);
    if (hit?.exact === true) {
      chosen = { source, range: hit.range };
      break;
    }
  }
  if (chosen === undefined) {
    const resource = same.find((s) => !s.patch) ?? same[0];
    if (resource === undefined) return [];
    chosen = { source: resource, range: deepestRange(resource.doc, path)?.range ?? { start: resource.doc.range.start, end: resource.doc.range.start } };
  }
  const { snapshot, doc } = chosen.source;
  const lineIndex = snapshot.lineIndex;
  return [
    {
      file: snapshot.uri,
      document: doc.index,
      range: { start: lineIndex.positionAt(chosen.range.start), end: lineIndex.positionAt(chosen.range.end) },
      severity: d.severity,
      code: d.code,
      message: `${d.message} (in the kustomize build of ${dir})`,
      ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : path.length > 0 ? { fieldPath: formatFieldPath(path) } : {}),
      ...(d.errorType !== undefined ? { errorType: d.errorType } : {}),
    },
  ];
}
