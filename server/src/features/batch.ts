/**
 * Analysing many files at once (`podls check`): each file is parsed, diagnosed and reduced to a {@link FileReport}
 * (its own diagnostics plus what the cross-file rules need), after which its syntax trees can be dropped; the
 * cross-file rules then run over the reports ({@link crossFileFindings}). Memory stays proportional to the
 * input's values, not to its trees: keeping the trees of 10,000 documents alive made garbage collection a third
 * of a `podls check` run. Reports are plain data, so worker threads can compute them (cli/check.ts).
 * The results equal those of {@link diagnose} plus `crossFileDiagnostics` over the same files.
 */
import type { Snapshot } from '../document/snapshot';
import { settingToSeverity, targetVersion } from '../rules/engine';
import { configuredVerdict } from '../rules/pod-security/rules';
import type { WorkspaceFinding, WorkspaceObject } from '../rules/rule';
import type { AnalysisContext, DiagnosticInfo, PathPlace } from './diagnostics';
import { applySuppressions, diagnose, placeWorkspaceFindings, placeWorkspaceFindingsFrom, recordPlaces, workspaceFindingsByUri, workspaceObjectsOf } from './diagnostics';
import { missingReferencesIn, referenceFacts, referenceTableOf } from './navigation/missing-references';
import type { MissingReference, ReferenceFacts } from './navigation/missing-references';
import { buildWorkspaceIndex } from './navigation/workspace-index';
import { DEFAULT_ROLE } from './kustomize';
import type { FileRole } from './kustomize';

/** What the cross-file rules need of one file: its objects (plain JSON values) and its reference facts. */
export interface CrossFileFacts extends ReferenceFacts {
  /** The file's URI (the name `podls check` shows); findings come back keyed by it. */
  readonly uri: string;
  /** Its Kubernetes objects, for the workspace selector rules. */
  readonly objects: readonly WorkspaceObject[];
  /**
   * Where the fields that Pod Security findings under the configured policy name are, so that those findings are
   * placed without parsing the file again.
   */
  readonly places: readonly PathPlace[];
}

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
      ...referenceFacts(buildWorkspaceIndex([snapshot]).names, role === DEFAULT_ROLE ? undefined : role.units),
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

/**
 * The cross-file findings of one file. `workspace` findings carry field paths (placing them needs the file's
 * parse: {@link placeCrossFileFindings}); `missing` references already carry their ranges.
 */
export interface CrossFileFindings {
  readonly workspace: readonly WorkspaceFinding[];
  readonly missing: readonly MissingReference[];
}

/**
 * Runs the cross-file rules (`service-selects-nothing`, `workload-selectors-overlap`, `missing-reference` with its
 * severity from `ctx.rules.severities`, default hint) over the facts of all files, within deployment units (the
 * facts' `units`; `generated`: names kustomize generators define, per unit). Keyed by URI; files without
 * findings are absent. Linear in the facts plus the selector rules' own cost.
 */
export function crossFileFindings(
  files: readonly CrossFileFacts[],
  ctx: AnalysisContext,
  generated: ReadonlyMap<string, readonly string[]> = new Map(),
): Map<string, CrossFileFindings> {
  const workspace = workspaceFindingsByUri(
    files.flatMap((f) => f.objects),
    ctx,
  );
  const severity = settingToSeverity(ctx.rules.severities['missing-reference'] ?? 'hint');
  const table = severity === undefined ? undefined : referenceTableOf(files, generated);
  const out = new Map<string, CrossFileFindings>();
  for (const { uri } of files) {
    const missing = table === undefined ? [] : missingReferencesIn(table, uri, severity);
    const found = workspace.get(uri) ?? [];
    if (missing.length > 0 || found.length > 0) out.set(uri, { workspace: found, missing });
  }
  return out;
}

/**
 * The diagnostics of one file's cross-file findings, suppressions applied. `text` is the file's text; `parse`
 * gives its snapshot and is called only when workspace findings need placing (missing references carry ranges)
 * and `places` (the file's `CrossFileFacts.places`) do not hold every path they use.
 */
export function placeCrossFileFindings(
  text: Pick<Snapshot, 'text' | 'lineIndex'>,
  found: CrossFileFindings,
  parse: () => Snapshot,
  places: readonly PathPlace[] = [],
): DiagnosticInfo[] {
  const placed = found.workspace.length === 0 ? [] : (placeWorkspaceFindingsFrom(places, found.workspace) ?? placeWorkspaceFindings(parse(), found.workspace));
  return applySuppressions(text, [...placed, ...found.missing]);
}
