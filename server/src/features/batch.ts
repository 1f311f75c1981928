/**
 * Analysing many files at once (`podls check`): each file is parsed, diagnosed and reduced to a {@link FileReport}
 * (its own diagnostics plus what the cross-file rules need), after which its syntax trees can be dropped; the
 * cross-file rules then run over the reports (`crossFileFindings`, features/cross-file.ts). Memory stays proportional to the
 * input's values, not to its trees: keeping the trees of 10,000 documents alive made garbage collection a third
 * of a `podls check` run. Reports are plain data, so worker threads can compute them (cli/check.ts).
 * The results equal those of {@link diagnose} plus `crossFileDiagnostics` over the same files (the server's path).
 */
import type { Snapshot } from '../document/snapshot';
import { targetVersion } from '../rules/engine';
import { configuredVerdict } from '../rules/pod-security/rules';
import type { WorkspaceObject } from '../rules/rule';
import type { AnalysisContext, DiagnosticInfo, PathPlace } from './diagnostics';
import { diagnose, recordPlaces } from './diagnostics';
import { workspaceObjectsOf } from './cross-file';
import type { CrossFileFacts } from './cross-file';
import { referenceFacts } from './navigation/missing-references';
import { snapshotNames } from './navigation/workspace-index';
import { DEFAULT_ROLE } from './kustomize';
import type { FileRole } from './kustomize';

/** One analysed file: its own diagnostics (file offsets, document order, suppressions applied) and its facts. */
export interface FileReport {
  readonly diagnostics: readonly DiagnosticInfo[];
  readonly facts: CrossFileFacts;
}

/**
 * Analyses one file: `diagnose` plus the facts the cross-file rules need, for the file's kustomize `role` and
 * deployment units (`features/kustomize.ts`). Never throws.
 */
export function analyseFile(snapshot: Snapshot, ctx: AnalysisContext, role: FileRole = DEFAULT_ROLE): FileReport {
  const objects = withConfiguredVerdicts(workspaceObjectsOf(snapshot, undefined, role), ctx);
  return {
    diagnostics: diagnose(snapshot, ctx, undefined, role),
    facts: {
      uri: snapshot.uri,
      objects,
      places: podSecurityPlaces(snapshot, objects),
      ...referenceFacts(snapshotNames(snapshot), role === DEFAULT_ROLE ? undefined : role.units),
    },
  };
}

/**
 * The objects with their Pod Security verdict under the configured policy (`podSecurity` of the rule options), so
 * that the workers, not the main thread, evaluate the pods whose namespace has no Namespace object. Unchanged
 * without a configured policy.
 */
function withConfiguredVerdicts(objects: WorkspaceObject[], ctx: AnalysisContext): WorkspaceObject[] {
  const podSecurity = ctx.rules.podSecurity ?? {};
  if (Object.keys(podSecurity).length === 0) return objects;
  const options = { kubernetesVersion: targetVersion(ctx.rules), podSecurity };
  return objects.map((o) => {
    const verdict = configuredVerdict(o, options);
    return verdict === undefined ? o : { ...o, podSecurity: verdict };
  });
}

/**
 * The {@link PathPlace}s of the fields the configured policy's findings about `objects` (of `snapshot`) name: the
 * offending fields of their verdicts and the objects themselves. A file whose findings name other paths (a
 * Namespace object elsewhere sets another level) is parsed again to place them; without a configured policy nothing
 * is recorded, so runs without one pay nothing here.
 */
function podSecurityPlaces(snapshot: Snapshot, objects: readonly WorkspaceObject[]): PathPlace[] {
  const out: PathPlace[] = [];
  for (const object of objects) {
    const verdict = object.podSecurity;
    const doc = snapshot.documents[object.documentIndex];
    if (verdict === undefined || doc === undefined || (verdict.enforce.length === 0 && verdict.warn.length === 0)) continue;
    const paths = [object.basePath, ...verdict.enforce.flatMap((v) => v.paths), ...verdict.warn.flatMap((v) => v.paths)];
    out.push(...recordPlaces(snapshot, doc, paths));
  }
  return out;
}
