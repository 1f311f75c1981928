/**
 * The one orchestration of the cross-file rules (`service-selects-nothing`, `workload-selectors-overlap`, the Pod
 * Security rules and `missing-reference`), shared by the language server and `podls check`.
 *
 * Input: one {@link CrossFileFacts} per file, built from per-document facts that are memoised by the parse result
 * ({@link DocumentCrossFacts}: position-independent, so a keystroke elsewhere in the file reuses them). Each document's
 * facts carry a key: the part of its objects the cross-file rules read (kinds, names, namespaces, labels, selectors,
 * owner references, the Pod Security fields of pod specs), without positions. The rules run per deployment unit;
 * {@link crossFileFindings} keeps each unit's result in a {@link CrossFileMemo} and runs a unit again only when the
 * keys of its documents changed. An edit inside an image string, an env value or a comment changes no key, so it
 * costs the edited document's facts and no rule run; an edit of a label reruns the rules of the units that hold it.
 */
import { formatFieldPath } from '../document/field-path';
import type { Snapshot } from '../document/snapshot';
import { checkWorkspace, settingToSeverity } from '../rules/engine';
import { isObject, valueAtPath } from '../rules/json';
import type { WorkspaceFinding, WorkspaceObject } from '../rules/rule';
import { podSpecLocation } from '../schema/pod-specs';
import type { AnalysisContext, DiagnosticInfo, PathPlace } from './diagnostics';
import { applySuppressions, placeWorkspaceFindings, placeWorkspaceFindingsFrom, roleKey } from './diagnostics';
import { DEFAULT_ROLE, TREE_UNIT, withKustomizeLabels } from './kustomize';
import type { FileRole } from './kustomize';
import { definitionKey, missingReferencesIn, referenceFacts } from './navigation/missing-references';
import type { MissingReference, ReferenceFacts } from './navigation/missing-references';
import { buildWorkspaceIndex } from './navigation/workspace-index';
import type { NavigationCache } from './navigation/workspace-index';
import { objectsOf } from './objects';

/** A workspace object without its position in the workspace (file URI, document index). */
export type DocumentWorkspaceObject = Omit<WorkspaceObject, 'uri' | 'documentIndex'>;

/** What the cross-file rules need of one YAML document, independent of where the document is in its file. */
export interface DocumentCrossFacts {
  /** The {@link roleKey} the facts were built for (kustomize labels and units depend on the file's role). */
  readonly role: string;
  /** Its objects: none for Helm templates and kustomize patches; with the labels kustomize adds otherwise. */
  readonly objects: readonly DocumentWorkspaceObject[];
  /**
   * What the cross-file rules read of those objects, as a string (see {@link crossKeyOf}): two documents with equal
   * keys at the same index of the same file give the same cross-file findings.
   */
  readonly key: string;
}

/**
 * Per-document cross-file facts, memoised by the parse result that `updateSnapshot` reuses for unchanged documents
 * (so a keystroke in one document of one file rebuilds the facts of that document only). `built` counts the
 * documents whose facts were computed, for tests and benchmarks.
 */
export interface CrossFactsCache {
  readonly byDocument: WeakMap<object, DocumentCrossFacts>;
  built: number;
}

/** An empty {@link CrossFactsCache}. */
export function createCrossFactsCache(): CrossFactsCache {
  return { byDocument: new WeakMap(), built: 0 };
}

/** Container fields that none of the cross-file rules read (Pod Security reads securityContext, ports, probes' hosts). */
const UNREAD_CONTAINER_FIELDS: ReadonlySet<string> = new Set([
  'image',
  'command',
  'args',
  'env',
  'envFrom',
  'resources',
  'resizePolicy',
  'workingDir',
  'imagePullPolicy',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'stdin',
  'stdinOnce',
  'tty',
  'volumeDevices',
]);

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** A pod spec without the container fields no cross-file rule reads. */
function podSpecProjection(spec: unknown): unknown {
  if (!isObject(spec)) return spec;
  const out: Record<string, unknown> = { ...spec };
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    out[list] = containers.map((c: unknown) => (isObject(c) ? Object.fromEntries(Object.entries(c).filter(([k]) => !UNREAD_CONTAINER_FIELDS.has(k))) : c));
  }
  return out;
}

/**
 * The key of a document's objects for the cross-file rules: kind, apiVersion, path, units and the object's value
 * with the pod spec's containers reduced to the fields the rules read (the Pod Security checks read security
 * contexts, ports, probe and hook hosts; the selector rules read metadata, `spec.selector` and the template's
 * labels). An edit of an image, a command, an env value or resources leaves the key unchanged.
 */
export function crossKeyOf(objects: readonly DocumentWorkspaceObject[]): string {
  if (objects.length === 0) return '';
  return JSON.stringify(
    objects.map((o) => {
      const location = podSpecLocation(o.kind);
      let value = o.object;
      if (location !== undefined && isObject(value)) {
        const spec = valueAtPath(value, location.specPath);
        if (spec !== undefined) value = { ...value, '\u0000podSpec': podSpecProjection(spec), ...(location.specPath.length === 1 ? { spec: null } : { spec: { ...(isObject(value['spec']) ? value['spec'] : {}), template: null, jobTemplate: null } }) };
      }
      return [o.kind, o.apiVersion, o.basePath, o.units ?? null, value];
    }),
  );
}

/** The cross-file facts of one document (memoised in `cache` by its parse result and the role). */
export function documentCrossFacts(doc: Snapshot['documents'][number], role: FileRole = DEFAULT_ROLE, cache?: CrossFactsCache): DocumentCrossFacts {
  const key = roleKey(role);
  const hit = cache?.byDocument.get(doc.parsed);
  if (hit !== undefined && hit.role === key) return hit;
  const objects: DocumentWorkspaceObject[] =
    doc.template !== undefined || role.patch === true
      ? []
      : objectsOf(doc).map((o) => ({ ...o, object: withKustomizeLabels(o.kind, o.object, role), ...(role === DEFAULT_ROLE ? {} : { units: role.units }) }));
  const facts: DocumentCrossFacts = { role: key, objects, key: crossKeyOf(objects) };
  if (cache !== undefined) {
    cache.byDocument.set(doc.parsed, facts);
    cache.built++;
  }
  return facts;
}

/**
 * The workspace objects of a file, for the cross-file rules: none for Helm templates and kustomize patches (not
 * objects until rendered or applied); with the labels the file's kustomizations add, and its deployment units,
 * otherwise.
 */
export function workspaceObjectsOf(snapshot: Snapshot, cache?: CrossFactsCache, role: FileRole = DEFAULT_ROLE): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  for (const doc of snapshot.documents) {
    for (const object of documentCrossFacts(doc, role, cache).objects) out.push({ uri: snapshot.uri, documentIndex: doc.index, ...object });
  }
  return out;
}

/** What the cross-file rules need of one file: its objects (plain JSON values) and its reference facts. */
export interface CrossFileFacts extends ReferenceFacts {
  /** The file's URI (the name `podls check` shows); findings come back keyed by it. */
  readonly uri: string;
  /** Its Kubernetes objects, for the workspace rules. */
  readonly objects: readonly WorkspaceObject[];
  /**
   * Where the fields that Pod Security findings under the configured policy name are, so that those findings are
   * placed without parsing the file again (`podls check`).
   */
  readonly places: readonly PathPlace[];
  /**
   * Per document (by 0-based index), its {@link DocumentCrossFacts.key}. With keys, {@link crossFileFindings} reuses a
   * unit's result from its memo while the keys of the unit's files are unchanged; without, the unit always runs.
   */
  readonly keys?: readonly string[];
}

/**
 * The cross-file facts of a snapshot, from the per-document caches (`cross` for objects and keys, `navigation` for
 * the names the missing-reference rule reads), with the file's kustomize role.
 */
export function snapshotCrossFacts(snapshot: Snapshot, role: FileRole = DEFAULT_ROLE, cross?: CrossFactsCache, navigation?: NavigationCache): CrossFileFacts {
  const objects: WorkspaceObject[] = [];
  const keys: string[] = [];
  for (const doc of snapshot.documents) {
    const facts = documentCrossFacts(doc, role, cross);
    keys.push(facts.key);
    for (const object of facts.objects) objects.push({ uri: snapshot.uri, documentIndex: doc.index, ...object });
  }
  const names = buildWorkspaceIndex([snapshot], undefined, navigation).names;
  return { uri: snapshot.uri, objects, places: [], keys, ...referenceFacts(names, role === DEFAULT_ROLE ? undefined : role.units) };
}

/**
 * The cross-file findings of one file. `workspace` findings carry field paths (placing them needs the file's parse:
 * {@link placeCrossFileFindings}); `missing` references already carry their ranges.
 */
export interface CrossFileFindings {
  readonly workspace: readonly WorkspaceFinding[];
  readonly missing: readonly MissingReference[];
}

/** One deployment unit's result: the signature of its inputs, its workspace findings and its defined names. */
interface UnitResult {
  /** URI and document keys of each file of the unit, in order; undefined when some file had no keys. */
  readonly signature: readonly string[] | undefined;
  readonly findings: readonly WorkspaceFinding[];
  /** `definitionKey`s of the objects the unit defines, with the names its generators define. */
  readonly defined: ReadonlySet<string>;
}

/**
 * What {@link crossFileFindings} keeps between runs: each unit's result, for the context and generated names it was
 * computed with. Immutable; each run returns a new one.
 */
export interface CrossFileMemo {
  readonly ctx: AnalysisContext;
  readonly generated: ReadonlyMap<string, readonly string[]>;
  readonly units: ReadonlyMap<string, UnitResult>;
}

/** The work a run of {@link crossFileFindings} did: units whose rules ran, units reused, objects the rules read. */
export interface CrossFileStats {
  readonly unitsChecked: number;
  readonly unitsReused: number;
  readonly objectsChecked: number;
}

/** The result of {@link crossFileFindings}. */
export interface CrossFileResult {
  /** Per file URI; files without findings are absent. */
  readonly byUri: Map<string, CrossFileFindings>;
  /** To pass to the next run. */
  readonly memo: CrossFileMemo;
  readonly stats: CrossFileStats;
}

function sameGenerated(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [unit, names] of a) {
    const other = b.get(unit);
    if (other === undefined || other.length !== names.length || other.some((n, i) => n !== names[i])) return false;
  }
  return true;
}

function sameSignature(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs the cross-file rules over the facts of all files, within deployment units (the facts' `units`, default
 * {@link TREE_UNIT}; `generated`: names kustomize generators define, per unit): the workspace rules
 * (`service-selects-nothing`, `workload-selectors-overlap`, `pod-security`, `pod-security-pods-rejected`) compare
 * the objects of one unit at a time, and a reference is missing when no unit of its file defines the name
 * (`missing-reference`, severity from `ctx.rules.severities`, default hint). A finding found in two units (a base
 * that two overlays include) is reported once. With `previous` (the memo of the last run, same `ctx` and
 * `generated`), a unit whose files' document keys are unchanged is not run again. `targets`: the URIs whose missing
 * references are wanted (default: every file's; the server asks for the open files only). Never throws.
 */
export function crossFileFindings(
  files: readonly CrossFileFacts[],
  ctx: AnalysisContext,
  generated: ReadonlyMap<string, readonly string[]> = new Map(),
  previous?: CrossFileMemo,
  targets?: ReadonlySet<string>,
): CrossFileResult {
  const reusable = previous !== undefined && previous.ctx === ctx && sameGenerated(previous.generated, generated) ? previous.units : undefined;
  const byUnit = new Map<string, { files: CrossFileFacts[]; objects: WorkspaceObject[] }>();
  const unitOf = (unit: string): { files: CrossFileFacts[]; objects: WorkspaceObject[] } => {
    let entry = byUnit.get(unit);
    if (entry === undefined) {
      entry = { files: [], objects: [] };
      byUnit.set(unit, entry);
    }
    return entry;
  };
  for (const file of files) {
    for (const unit of file.units ?? [TREE_UNIT]) unitOf(unit).files.push(file);
    // Objects carry their own units (a file's objects share them); kept per object as the rules see them.
    for (const object of file.objects) for (const unit of object.units ?? [TREE_UNIT]) unitOf(unit).objects.push(object);
  }
  for (const unit of generated.keys()) unitOf(unit);
  const units = new Map<string, UnitResult>();
  let unitsChecked = 0;
  let unitsReused = 0;
  let objectsChecked = 0;
  for (const [unit, entry] of byUnit) {
    let signature: string[] | undefined = [];
    for (const file of entry.files) {
      if (file.keys === undefined) {
        signature = undefined;
        break;
      }
      signature.push(`\u0000${file.uri}`);
      for (const key of file.keys) signature.push(key);
    }
    const last = reusable?.get(unit);
    if (last !== undefined && sameSignature(last.signature, signature)) {
      units.set(unit, last);
      unitsReused++;
      continue;
    }
    unitsChecked++;
    objectsChecked += entry.objects.length;
    const defined = new Set<string>();
    for (const file of entry.files) for (const key of file.definitions) defined.add(key);
    for (const key of generated.get(unit) ?? []) defined.add(key);
    units.set(unit, { signature, findings: checkWorkspace(entry.objects, ctx.rules), defined });
  }
  const found = new Map<string, WorkspaceFinding[]>();
  const seen = new Set<string>();
  for (const result of units.values()) {
    for (const finding of result.findings) {
      if (units.size > 1) {
        const key = `${finding.uri}\u0000${finding.documentIndex}\u0000${formatFieldPath(finding.path)}\u0000${finding.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const list = found.get(finding.uri);
      if (list === undefined) found.set(finding.uri, [finding]);
      else list.push(finding);
    }
  }
  const severity = settingToSeverity(ctx.rules.severities['missing-reference'] ?? 'hint');
  const byUri = new Map<string, CrossFileFindings>();
  for (const file of files) {
    const missing = severity === undefined || (targets !== undefined && !targets.has(file.uri)) ? [] : missingReferencesIn(file, (unit, n) => units.get(unit)?.defined.has(definitionKey(n)) === true, severity);
    const workspace = found.get(file.uri) ?? [];
    if (missing.length > 0 || workspace.length > 0) byUri.set(file.uri, { workspace, missing });
  }
  return { byUri, memo: { ctx, generated, units }, stats: { unitsChecked, unitsReused, objectsChecked } };
}

/**
 * True when two runs found the same cross-file findings for a file: the same workspace findings (a reused unit
 * keeps its finding objects) and missing references at the same ranges with the same messages.
 */
export function sameCrossFileFindings(a: CrossFileFindings | undefined, b: CrossFileFindings | undefined): boolean {
  if (a === b) return true;
  const wa = a?.workspace ?? [];
  const wb = b?.workspace ?? [];
  const ma = a?.missing ?? [];
  const mb = b?.missing ?? [];
  if (wa.length !== wb.length || ma.length !== mb.length) return false;
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
  for (let i = 0; i < ma.length; i++) {
    const x = ma[i];
    const y = mb[i];
    if (x === undefined || y === undefined || x.range.start !== y.range.start || x.range.end !== y.range.end || x.message !== y.message || x.severity !== y.severity) return false;
  }
  return true;
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

/**
 * What a long-lived caller (the language server) keeps between cross-file runs: the per-document facts, the
 * navigation fragments the missing-reference rule reads, each snapshot's file facts, and the last run's memo.
 * Owned by its caller; {@link runCrossFile} updates it.
 */
export interface CrossFileSession {
  readonly facts: CrossFactsCache;
  readonly navigation: NavigationCache;
  readonly files: WeakMap<Snapshot, { readonly role: string; readonly facts: CrossFileFacts }>;
  memo: CrossFileMemo | undefined;
}

/** A new {@link CrossFileSession} over the caller's navigation cache. */
export function createCrossFileSession(navigation: NavigationCache): CrossFileSession {
  return { facts: createCrossFactsCache(), navigation, files: new WeakMap(), memo: undefined };
}

/**
 * The cross-file findings of a workspace (`snapshots`, each file with its kustomize role from `layout`), for the
 * missing references of `targets` only: the facts of snapshots seen before are reused, documents of a changed file
 * reuse their facts while their parse is reused, and units whose keys did not change reuse their result. Updates
 * `session.memo`. The result's `stats` say what ran.
 */
export function runCrossFile(session: CrossFileSession, snapshots: readonly Snapshot[], ctx: AnalysisContext, layout: LayoutView, targets?: ReadonlySet<string>): CrossFileResult {
  const files = snapshots.map((snapshot) => {
    const role = layout.roleOf(snapshot.uri);
    const key = roleKey(role);
    const hit = session.files.get(snapshot);
    if (hit !== undefined && hit.role === key) return hit.facts;
    const facts = snapshotCrossFacts(snapshot, role, session.facts, session.navigation);
    session.files.set(snapshot, { role: key, facts });
    return facts;
  });
  const result = crossFileFindings(files, ctx, layout.generated, session.memo, targets);
  session.memo = result.memo;
  return result;
}

/** Caches the cross-file analysis of snapshots reuses between calls (the server keeps them; tests make fresh ones). */
export interface CrossFileCaches {
  readonly facts?: CrossFactsCache;
  readonly navigation?: NavigationCache;
}

/** Where each file stands in the repository's layout: its kustomize role and units, and the generated names. */
export interface LayoutView {
  readonly roleOf: (uri: string) => FileRole;
  /** Names defined by kustomize generators, per unit (`ProjectLayout.generated`). */
  readonly generated: ReadonlyMap<string, readonly string[]>;
}

/**
 * The cross-file diagnostics of each of `targets` (files of `workspace`), with suppressions applied, judged within
 * each file's deployment units (`layout`; without it, the whole workspace is one unit): {@link crossFileFindings}
 * over the snapshots' facts, placed on the targets. Keyed by URI; every target has an entry (empty when it has no
 * finding).
 */
export function crossFileDiagnostics(
  workspace: readonly Snapshot[],
  targets: readonly Snapshot[],
  ctx: AnalysisContext,
  caches: CrossFileCaches = {},
  layout?: LayoutView,
): Map<string, DiagnosticInfo[]> {
  const roleOf = layout?.roleOf ?? ((): FileRole => DEFAULT_ROLE);
  const { byUri } = crossFileFindings(
    workspace.map((s) => snapshotCrossFacts(s, roleOf(s.uri), caches.facts, caches.navigation)),
    ctx,
    layout?.generated,
  );
  const out = new Map<string, DiagnosticInfo[]>();
  for (const target of targets) {
    const found = byUri.get(target.uri);
    out.set(target.uri, found === undefined ? [] : placeCrossFileFindings(target, found, () => target));
  }
  return out;
}

/**
 * The workspace rules' diagnostics (selector rules, Pod Security) per file URI, suppressions applied; files without
 * findings are absent. `roleOf` gives each file's kustomize role and deployment units (`features/kustomize.ts`).
 */
export function diagnoseWorkspace(
  snapshots: readonly Snapshot[],
  ctx: AnalysisContext,
  cache?: CrossFactsCache,
  roleOf: (uri: string) => FileRole = () => DEFAULT_ROLE,
): Map<string, DiagnosticInfo[]> {
  const out = new Map<string, DiagnosticInfo[]>();
  const { byUri } = crossFileFindings(
    snapshots.map((s) => ({ ...snapshotCrossFacts(s, roleOf(s.uri), cache), definitions: [], references: [] })),
    { ...ctx, rules: { ...ctx.rules, severities: { ...ctx.rules.severities, 'missing-reference': 'off' } } },
  );
  for (const snapshot of snapshots) {
    const found = byUri.get(snapshot.uri);
    if (found === undefined) continue;
    const list = placeWorkspaceFindings(snapshot, found.workspace);
    if (list.length > 0) out.set(snapshot.uri, applySuppressions(snapshot, list));
  }
  return out;
}
