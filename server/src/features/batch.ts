/**
 * Analysing many files at once (`podls check`): each file is parsed, diagnosed and reduced to a {@link FileReport}
 * (its own diagnostics plus what the cross-file rules need), after which its syntax trees can be dropped; the
 * cross-file rules then run over the reports (`crossFileFindings`, features/cross-file.ts). Memory stays proportional to the
 * input's values, not to its trees: keeping the trees of 10,000 documents alive made garbage collection a third
 * of a `podls check` run. Reports are plain data, so worker threads can compute them (cli/check.ts).
 * The results equal those of {@link diagnose} plus `crossFileDiagnostics` over the same files.
 */
import type { Snapshot, YamlDocument } from '../document/snapshot';
import { checkConfiguredPodSecurity } from '../rules/engine';
import type { PodSecurityPlan } from '../rules/engine';
import type { WorkspaceObject } from '../rules/rule';
import type { AnalysisContext, DiagnosticInfo } from './diagnostics';
import { applySuppressions, diagnose, placeDocumentFindings } from './diagnostics';
import { workspaceObjectsOf } from './cross-file';
import type { CrossFileFacts, CrossFileFindings } from './cross-file';
import { referenceFacts } from './navigation/missing-references';
import { snapshotNames } from './navigation/workspace-index';
import { DEFAULT_ROLE } from './kustomize';
import type { FileRole } from './kustomize';

/** Findings of one object of a file: `object` is its index in the file's {@link CrossFileFacts.objects}. */
export interface ObjectFindings<T> {
  readonly object: number;
  readonly findings: readonly T[];
}

/** One analysed file: its own diagnostics (file offsets, document order, suppressions applied) and its facts. */
export interface FileReport {
  readonly diagnostics: readonly DiagnosticInfo[];
  readonly facts: CrossFileFacts;
  /**
   * The findings of the configured Pod Security policy (`podSecurity` of the rule options: `pod-security`,
   * `pod-security-pods-rejected`) about the file's objects, placed, suppressions applied, per object with findings.
   * They hold unless {@link crossFileFindings} finds a Namespace object that gives the object's namespace its policy
   * ({@link CrossFileFindings.superseded}); {@link heldPodSecurityFindings} keeps those that hold.
   */
  readonly podSecurity: readonly ObjectFindings<DiagnosticInfo>[];
}

/** How {@link analyseFile} reports. */
export interface AnalyseOptions {
  /**
   * Place the related fields (`DiagnosticInfo.related`) of the configured Pod Security policy's findings; default
   * true. `podls check --output text`, which prints no related places, turns it off.
   */
  readonly related?: boolean;
}

/**
 * Analyses one file: `diagnose` plus the facts the cross-file rules need, for the file's kustomize `role` and
 * deployment units (`features/kustomize.ts`), plus the configured Pod Security policy's findings. `podSecurity`:
 * `planPodSecurity` (rules/engine.ts) of `ctx.rules`, when the caller analyses many files. Never throws.
 */
export function analyseFile(
  snapshot: Snapshot,
  ctx: AnalysisContext,
  role: FileRole = DEFAULT_ROLE,
  options: AnalyseOptions = {},
  podSecurity?: PodSecurityPlan,
): FileReport {
  const reported = Object.keys(ctx.rules.podSecurity ?? {}).length > 0;
  const objects = workspaceObjectsOf(snapshot, undefined, role, reported);
  return {
    diagnostics: diagnose(snapshot, ctx, undefined, role),
    facts: {
      uri: snapshot.uri,
      objects,
      ...referenceFacts(snapshotNames(snapshot), role === DEFAULT_ROLE ? undefined : role.units),
    },
    podSecurity: reported ? configuredPodSecurity(snapshot, objects, ctx, options.related ?? true, podSecurity) : [],
  };
}

/**
 * The Pod Security rules' findings about each object of `snapshot` (not a Namespace) under the configured policy, as
 * if no Namespace object gave its namespace's policy, placed while the file's parse is at hand. `objects`: the
 * snapshot's workspace objects, marked `podSecurityReported` (so the cross-file run on `podls check`'s main thread
 * neither evaluates nor places them again).
 */
function configuredPodSecurity(
  snapshot: Snapshot,
  objects: readonly WorkspaceObject[],
  ctx: AnalysisContext,
  related: boolean,
  plan: PodSecurityPlan | undefined,
): ObjectFindings<DiagnosticInfo>[] {
  const found = checkConfiguredPodSecurity(objects, ctx.rules, plan);
  if (found.length === 0) return [];
  // A window of a large file (cli/check-workers.ts) holds documents whose index is not their position.
  const docs = new Map<number, YamlDocument>();
  for (const d of snapshot.documents) docs.set(d.index, d);
  const suppressions = snapshot.text.includes('podls-ignore');
  const out: ObjectFindings<DiagnosticInfo>[] = [];
  for (const { index, findings } of found) {
    const doc = docs.get(objects[index]?.documentIndex ?? -1);
    if (doc === undefined) continue;
    const diagnostics = placeDocumentFindings(snapshot, doc, findings, related);
    const placed = suppressions ? applySuppressions(snapshot, diagnostics) : diagnostics;
    if (placed.length > 0) out.push({ object: index, findings: placed });
  }
  return out;
}

/**
 * The findings of `reported` (a file's {@link FileReport.podSecurity}, or their `podls check` form) that hold given
 * the file's cross-file findings `found`: all but those of superseded objects.
 */
export function heldPodSecurityFindings<T>(reported: readonly ObjectFindings<T>[], found: CrossFileFindings | undefined): T[] {
  const stale = new Set(found?.superseded ?? []);
  const out: T[] = [];
  for (const r of reported) if (!stale.has(r.object)) for (const f of r.findings) out.push(f);
  return out;
}
