/**
 * Analysing many files at once (`podls check`): each file is parsed, diagnosed and reduced to a {@link FileReport}
 * (its own diagnostics plus what the cross-file rules need), after which its syntax trees can be dropped; the
 * cross-file rules then run over the reports (`crossFileFindings`, features/cross-file.ts). Memory stays proportional to the
 * input's values, not to its trees: keeping the trees of 10,000 documents alive made garbage collection a third
 * of a `podls check` run. Reports are plain data, so worker threads can compute them (cli/check.ts).
 * The results equal those of {@link diagnose} plus `crossFileDiagnostics` over the same files.
 */
import type { FieldPath } from '../document/field-path';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import { checkWorkspace, targetVersion } from '../rules/engine';
import { isPrivileged, resolvePolicy } from '../rules/pod-security/policy';
import type { WorkspaceFinding, WorkspaceObject } from '../rules/rule';
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
 * deployment units (`features/kustomize.ts`), plus the configured Pod Security policy's findings. Never throws.
 */
export function analyseFile(snapshot: Snapshot, ctx: AnalysisContext, role: FileRole = DEFAULT_ROLE, options: AnalyseOptions = {}): FileReport {
  const configured = configuredPodSecurity(snapshot, workspaceObjectsOf(snapshot, undefined, role), ctx, options.related ?? true);
  return {
    diagnostics: diagnose(snapshot, ctx, undefined, role),
    facts: {
      uri: snapshot.uri,
      objects: configured.objects,
      ...referenceFacts(snapshotNames(snapshot), role === DEFAULT_ROLE ? undefined : role.units),
    },
    podSecurity: configured.findings,
  };
}

/**
 * The Pod Security rules' findings about each object of `snapshot` (not a Namespace) under the configured policy, as
 * if no Namespace object gave its namespace's policy, placed while the file's parse is at hand; the objects come back
 * marked `podSecurityReported`, so the cross-file run (on `podls check`'s main thread) neither evaluates nor places
 * them again. Without a configured policy (or a privileged one) nothing is evaluated or marked. `objects` must be
 * built for this call (`workspaceObjectsOf` without a cache): they are marked in place, not copied.
 */
function configuredPodSecurity(
  snapshot: Snapshot,
  objects: WorkspaceObject[],
  ctx: AnalysisContext,
  related: boolean,
): { objects: WorkspaceObject[]; findings: ObjectFindings<DiagnosticInfo>[] } {
  const podSecurity = ctx.rules.podSecurity ?? {};
  if (Object.keys(podSecurity).length === 0 || isPrivileged(resolvePolicy(podSecurity, targetVersion(ctx.rules)).policy)) return { objects, findings: [] };
  // A window of a large file (cli/check-workers.ts) holds documents whose index is not their position.
  const docs = new Map<number, YamlDocument>();
  for (const d of snapshot.documents) docs.set(d.index, d);
  const suppressions = snapshot.text.includes('podls-ignore');
  const judged = new Map<number, number[]>(); // document index -> indices of its objects the rules judge
  const judgedObjects: WorkspaceObject[] = [];
  const isJudged = new Set<number>();
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    if (object === undefined || object.kind === 'Namespace' || !docs.has(object.documentIndex)) continue;
    judgedObjects.push(object);
    isJudged.add(i);
    const list = judged.get(object.documentIndex);
    if (list === undefined) judged.set(object.documentIndex, [i]);
    else list.push(i);
  }
  // One run of the rules over the file's objects (no Namespace among them, so the configured policy applies to all);
  // each finding is about the object of its document whose basePath its path extends (an item of a List).
  const byObject = new Map<number, WorkspaceFinding[]>();
  for (const finding of checkWorkspace(judgedObjects, ctx.rules, 'pod-security')) {
    const candidates = judged.get(finding.documentIndex) ?? [];
    const owner = candidates.length === 1 ? candidates[0] : candidates.find((i) => isPrefix(objects[i]?.basePath ?? [], finding.path));
    if (owner === undefined) continue;
    const list = byObject.get(owner);
    if (list === undefined) byObject.set(owner, [finding]);
    else list.push(finding);
  }
  const findings: ObjectFindings<DiagnosticInfo>[] = [];
  for (let i = 0; i < objects.length; i++) {
    const found = byObject.get(i);
    if (found === undefined) continue;
    const doc = docs.get(objects[i]?.documentIndex ?? -1);
    if (doc === undefined) continue;
    const diagnostics = placeDocumentFindings(snapshot, doc, found, related);
    const placed = suppressions ? applySuppressions(snapshot, diagnostics) : diagnostics;
    if (placed.length > 0) findings.push({ object: i, findings: placed });
  }
  // `objects` were built for this report (`analyseFile`), so they are marked in place rather than copied.
  for (const i of isJudged) {
    const object: { podSecurityReported?: boolean } | undefined = objects[i];
    if (object !== undefined) object.podSecurityReported = true;
  }
  return { objects, findings };
}

/** True when `path` starts with `prefix` (map keys compared by their key). */
function isPrefix(prefix: FieldPath, path: FieldPath): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((step, k) => {
    const other = path[k];
    return typeof step === 'object' ? typeof other === 'object' && other.key === step.key : step === other;
  });
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
