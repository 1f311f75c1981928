/**
 * The one orchestration of the cross-file rules (`service-selects-nothing`, `workload-selectors-overlap`, the Pod
 * Security rules and `missing-reference`), shared by the language server and `podls check`.
 *
 * Input: one {@link CrossFileFacts} per file, built from per-document facts that are memoised by the parse result
 * ({@link DocumentCrossFacts}: position-independent, so a keystroke elsewhere in the file reuses them). Each document's
 * facts carry a key: the part of its objects the cross-file rules read (kinds, names, namespaces, labels, selectors,
 * owner references, the Pod Security fields of pod specs), without positions. {@link crossFileFindings} runs the rules
 * per deployment unit; given a {@link CrossFileIndex} (the server keeps one), each unit's incremental index
 * (`cross-file-index.ts`) replaces only the documents whose key changed and re-checks the documents that change can
 * reach. An edit inside an image string, an env value or a comment changes no key, so it costs the edited document's
 * facts and no rule run; an edit of a label re-checks the Services and workloads that matched it.
 */
import { formatFieldPath } from '../document/field-path';
import type { Snapshot } from '../document/snapshot';
import { checkWorkspaceSteps, settingToSeverity } from '../rules/engine';
import { isObject, valueAtPath } from '../rules/json';
import type { WorkspaceFinding, WorkspaceObject } from '../rules/rule';
import { podSpecLocation } from '../schema/pod-specs';
import type { AnalysisContext, DiagnosticInfo } from './diagnostics';
import { applySuppressions, placeWorkspaceFindings, roleKey } from './diagnostics';
import { namespaceObjectNames, podSecurityNamespaceOf } from '../rules/pod-security/rules';
import { DEFAULT_ROLE, TREE_UNIT, withKustomizeLabels } from './kustomize';
import type { FileRole } from './kustomize';
import { definitionKey, missingReferencesIn, referenceFacts } from './navigation/missing-references';
import type { MissingReference, ReferenceFacts } from './navigation/missing-references';
import { documentFragment } from './navigation/workspace-index';
import type { NavigationCache } from './navigation/workspace-index';
import { createUnitIndex, fileFindings, updateUnitIndexSteps } from './cross-file-index';
import type { DocumentEntry, UnitFile, UnitIndex } from './cross-file-index';
import { objectsOf } from './objects';
import { appendAll } from '../util/arrays';
import { runSteps } from '../util/steps';
import type { Steps } from '../util/steps';

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
 * `value` with the value at `path` (mapping keys) replaced by `replacement`: the mappings along the path are copied,
 * everything beside them is shared. `value` itself when the path does not lead through mappings.
 */
function withValueAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (!isObject(value)) return value;
  return { ...value, [head]: withValueAt(value[head], rest, replacement) };
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
      const spec = location === undefined ? undefined : valueAtPath(o.object, location.specPath);
      const value = location === undefined || spec === undefined ? o.object : withValueAt(o.object, location.specPath, podSpecProjection(spec));
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
 * otherwise. `podSecurityReported`: set `podSecurityReported` on every object, true but on Namespaces (`podls check`'s
 * workers report the configured policy's findings: features/batch.ts); set as they are built, so that the objects
 * keep one shape (a property added afterwards gives the cross-file rules' code two shapes to handle).
 */
export function workspaceObjectsOf(snapshot: Snapshot, cache?: CrossFactsCache, role: FileRole = DEFAULT_ROLE, podSecurityReported = false): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  for (const doc of snapshot.documents) {
    for (const object of documentCrossFacts(doc, role, cache).objects) {
      out.push(
        podSecurityReported
          ? { uri: snapshot.uri, documentIndex: doc.index, ...object, podSecurityReported: object.kind !== 'Namespace' }
          : { uri: snapshot.uri, documentIndex: doc.index, ...object },
      );
    }
  }
  return out;
}

/** What the cross-file rules need of one file: its objects (plain JSON values) and its reference facts. */
export interface CrossFileFacts extends ReferenceFacts {
  /** The file's URI (the name `podls check` shows); findings come back keyed by it. */
  readonly uri: string;
  /**
   * Its Kubernetes objects, for the workspace rules; `podSecurityReported` on those whose configured Pod Security
   * findings the file's `podls check` report holds (`FileReport.podSecurity`, features/batch.ts).
   */
  readonly objects: readonly WorkspaceObject[];
  /**
   * Per document (by 0-based index), its {@link DocumentCrossFacts.key} and the names it defines. With them,
   * {@link crossFileFindings} given a {@link CrossFileIndex} replaces only the documents whose entry changed;
   * without, every unit runs in full.
   */
  readonly documents?: readonly DocumentEntry[];
}

/**
 * The cross-file facts of a snapshot, from the per-document caches (`cross` for objects and keys, `navigation` for
 * the names the missing-reference rule reads), with the file's kustomize role.
 */
export function snapshotCrossFacts(snapshot: Snapshot, role: FileRole = DEFAULT_ROLE, cross?: CrossFactsCache, navigation?: NavigationCache): CrossFileFacts {
  return crossFactsBuilder(snapshot, role, cross, navigation).step(Number.POSITIVE_INFINITY) as CrossFileFacts;
}

/** Builds {@link snapshotCrossFacts} a few documents at a time (the server's staged publish of a large file). */
export interface CrossFactsBuilder {
  /** Adds up to `documents` more documents; the facts once every document is in, else undefined. */
  step(documents: number): CrossFileFacts | undefined;
}

/** A {@link CrossFactsBuilder} for `snapshot` (same arguments as {@link snapshotCrossFacts}). */
export function crossFactsBuilder(snapshot: Snapshot, role: FileRole = DEFAULT_ROLE, cross?: CrossFactsCache, navigation?: NavigationCache): CrossFactsBuilder {
  const objects: WorkspaceObject[] = [];
  const documents: DocumentEntry[] = [];
  const definitions: string[] = [];
  const references: ReferenceFacts['references'][number][] = [];
  const units = role === DEFAULT_ROLE ? undefined : role.units;
  let next = 0;
  let done: CrossFileFacts | undefined;
  return {
    step(count) {
      for (let n = 0; done === undefined && n < count && next < snapshot.documents.length; n++, next++) {
        const doc = snapshot.documents[next];
        if (doc === undefined) continue;
        const facts = documentCrossFacts(doc, role, cross);
        for (const object of facts.objects) objects.push({ uri: snapshot.uri, documentIndex: doc.index, ...object });
        // The document's names from its navigation fragment (cached by parse result, moved when the document moved).
        const names = referenceFacts(documentFragment(snapshot, doc, navigation).names);
        documents.push({ key: facts.key, definitions: names.definitions });
        for (const d of names.definitions) definitions.push(d);
        for (const r of names.references) references.push(r);
      }
      if (done === undefined && next >= snapshot.documents.length) {
        done = { uri: snapshot.uri, objects, documents, definitions, references, ...(units === undefined ? {} : { units }) };
      }
      return done;
    },
  };
}

/**
 * The cross-file findings of one file. `workspace` findings carry field paths (placing them needs the file's parse:
 * {@link placeCrossFileFindings}); `missing` references already carry their ranges.
 */
export interface CrossFileFindings {
  readonly workspace: readonly WorkspaceFinding[];
  readonly missing: readonly MissingReference[];
  /**
   * Indices (into the file's `CrossFileFacts.objects`) of objects whose reported configured-policy findings
   * (`FileReport.podSecurity`) do not hold: a Namespace object in one of their deployment units gives their
   * namespace its policy, and `workspace` holds their Pod Security findings instead. Empty in the server.
   */
  readonly superseded: readonly number[];
}

/**
 * What a long-lived caller keeps between runs of {@link crossFileFindings}: one incremental {@link UnitIndex} per
 * deployment unit, for the context and generated names they were built with (another context or other generated
 * names start afresh). Mutable; only {@link crossFileFindings} changes it.
 */
export interface CrossFileIndex {
  ctx: AnalysisContext | undefined;
  generated: ReadonlyMap<string, readonly string[]>;
  readonly units: Map<string, UnitIndex>;
}

/** An empty {@link CrossFileIndex}. */
export function createCrossFileIndex(): CrossFileIndex {
  return { ctx: undefined, generated: new Map(), units: new Map() };
}

/** The work a run of {@link crossFileFindings} did. */
export interface CrossFileStats {
  /** Units whose rules ran (over some or all of their objects). */
  readonly unitsChecked: number;
  /** Documents replaced in the index (changed, added or removed); every document without an index. */
  readonly documentsReplaced: number;
  /** Documents whose findings were computed again. */
  readonly documentsChecked: number;
  /** Objects the workspace rules read. */
  readonly objectsChecked: number;
}

/** The result of {@link crossFileFindings}. */
export interface CrossFileResult {
  /** Per file URI; files without findings are absent. */
  readonly byUri: Map<string, CrossFileFindings>;
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

/**
 * Runs the cross-file rules over the facts of all files, within deployment units (the facts' `units`, default
 * {@link TREE_UNIT}; `generated`: names kustomize generators define, per unit): the workspace rules
 * (`service-selects-nothing`, `workload-selectors-overlap`, `pod-security`, `pod-security-pods-rejected`) compare
 * the objects of one unit at a time, and a reference is missing when no unit of its file defines the name
 * (`missing-reference`, severity from `ctx.rules.severities`, default hint). A finding found in two units (a base
 * that two overlays include) is reported once.
 *
 * With `index` (kept by the caller between runs) and files that carry `documents`, each unit's index replaces only
 * the documents whose entry changed and recomputes the findings of the documents that change can reach
 * (`features/cross-file-index.ts`); otherwise every unit runs over all its objects. Both give the same findings.
 * `targets`: the URIs whose missing references are wanted (default: every file's; the server asks for the open files
 * only). Never throws.
 */
export function crossFileFindings(
  files: readonly CrossFileFacts[],
  ctx: AnalysisContext,
  generated: ReadonlyMap<string, readonly string[]> = new Map(),
  index?: CrossFileIndex,
  targets?: ReadonlySet<string>,
): CrossFileResult {
  return runSteps(crossFileFindingsSteps(files, ctx, generated, index, targets, Infinity));
}

/**
 * {@link crossFileFindings} in steps: yields after every `documentsPerStep` documents an index replaces and as the
 * workspace rules do (every few hundred objects). Given up between two steps, it leaves `index` consistent (the next run checks what this one did not).
 */
export function* crossFileFindingsSteps(
  files: readonly CrossFileFacts[],
  ctx: AnalysisContext,
  generated: ReadonlyMap<string, readonly string[]>,
  index: CrossFileIndex | undefined,
  targets: ReadonlySet<string> | undefined,
  documentsPerStep: number,
): Steps<CrossFileResult> {
  const { files: judged, superseded } = unreportedWhereNamespaced(files);
  files = judged;
  const incremental = index !== undefined && files.every((f) => f.documents !== undefined);
  if (index !== undefined && !incremental) resetIndex(index, ctx, generated);
  if (index !== undefined) resetIfStale(index, ctx, generated);
  const filesByUnit = byUnit(files);
  let unitsChecked = 0;
  let documentsReplaced = 0;
  let documentsChecked = 0;
  let objectsChecked = 0;
  /** Per unit: the workspace findings of a file, and whether the unit defines a name. */
  const results = new Map<string, { findingsOf: (uri: string) => readonly WorkspaceFinding[]; defines: (key: string) => boolean }>();
  const generatedIn = (unit: string): ReadonlySet<string> => new Set(generated.get(unit) ?? []);
  if (index !== undefined && incremental) {
    for (const unit of [...index.units.keys()]) if (!filesByUnit.has(unit)) index.units.delete(unit);
    for (const [unit, unitFiles] of filesByUnit) {
      const unitIndex = unitIndexOf(index, unit);
      const update = yield* updateUnitIndexSteps(unitIndex, unitFiles.map(unitFile), ctx.rules, documentsPerStep);
      if (update.documentsChecked > 0) unitsChecked++;
      documentsReplaced += update.documentsReplaced;
      documentsChecked += update.documentsChecked;
      objectsChecked += update.objectsChecked;
      const kept = unitIndex;
      const extra = generatedIn(unit);
      results.set(unit, { findingsOf: (uri) => fileFindings(kept, uri), defines: (key) => kept.defined.has(key) || extra.has(key) });
    }
  } else {
    for (const [unit, unitFiles] of filesByUnit) {
      const objects: WorkspaceObject[] = [];
      const defined = new Set<string>(generated.get(unit) ?? []);
      for (const file of unitFiles) {
        for (const o of file.objects) objects.push(o);
        for (const key of file.definitions) defined.add(key);
        documentsReplaced += file.documents?.length ?? 0;
      }
      const byUri = new Map<string, WorkspaceFinding[]>();
      for (const finding of yield* checkWorkspaceSteps(objects, ctx.rules)) {
        const list = byUri.get(finding.uri);
        if (list === undefined) byUri.set(finding.uri, [finding]);
        else list.push(finding);
      }
      unitsChecked++;
      documentsChecked += unitFiles.reduce((n, f) => n + (f.documents?.length ?? 0), 0);
      objectsChecked += objects.length;
      results.set(unit, { findingsOf: (uri) => byUri.get(uri) ?? [], defines: (key) => defined.has(key) });
    }
  }
  const severity = settingToSeverity(ctx.rules.severities['missing-reference'] ?? 'hint');
  const byUri = new Map<string, CrossFileFindings>();
  for (const file of files) {
    const units = file.units ?? [TREE_UNIT];
    let workspace: readonly WorkspaceFinding[] = [];
    if (units.length === 1) workspace = results.get(units[0] ?? TREE_UNIT)?.findingsOf(file.uri) ?? [];
    else {
      // A file in several units (a base two overlays include): each finding once.
      const seen = new Set<string>();
      const merged: WorkspaceFinding[] = [];
      for (const unit of units) {
        for (const finding of results.get(unit)?.findingsOf(file.uri) ?? []) {
          const key = `${finding.documentIndex}\u0000${formatFieldPath(finding.path)}\u0000${finding.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          merged.push(finding);
        }
      }
      workspace = merged;
    }
    const missing =
      severity === undefined || (targets !== undefined && !targets.has(file.uri))
        ? []
        : missingReferencesIn(file, (unit, n) => results.get(unit)?.defines(definitionKey(n)) === true, severity);
    const stale = superseded.get(file.uri) ?? [];
    if (missing.length > 0 || workspace.length > 0 || stale.length > 0) byUri.set(file.uri, { workspace, missing, superseded: stale });
  }
  return { byUri, stats: { unitsChecked, documentsReplaced, documentsChecked, objectsChecked } };
}

/** Empties `index` and ties it to `ctx` and `generated`. */
function resetIndex(index: CrossFileIndex, ctx: AnalysisContext, generated: ReadonlyMap<string, readonly string[]>): void {
  index.units.clear();
  index.ctx = ctx;
  index.generated = generated;
}

/** Starts `index` afresh when it was built for another context or other generated names. */
function resetIfStale(index: CrossFileIndex, ctx: AnalysisContext, generated: ReadonlyMap<string, readonly string[]>): void {
  if (index.ctx !== ctx || !sameGenerated(index.generated, generated)) resetIndex(index, ctx, generated);
}

/** The index of `unit` in `index`, created empty on first use. */
function unitIndexOf(index: CrossFileIndex, unit: string): UnitIndex {
  let unitIndex = index.units.get(unit);
  if (unitIndex === undefined) {
    unitIndex = createUnitIndex();
    index.units.set(unit, unitIndex);
  }
  return unitIndex;
}

/** The files of each deployment unit (a file's `units`, default {@link TREE_UNIT}), in `files` order. */
function byUnit(files: readonly CrossFileFacts[]): Map<string, CrossFileFacts[]> {
  const out = new Map<string, CrossFileFacts[]>();
  for (const file of files) {
    for (const unit of file.units ?? [TREE_UNIT]) {
      const list = out.get(unit);
      if (list === undefined) out.set(unit, [file]);
      else list.push(file);
    }
  }
  return out;
}

function unitFile(f: CrossFileFacts): UnitFile {
  return { uri: f.uri, documents: f.documents ?? [], objects: f.objects, identity: f };
}

/**
 * `files` with `podSecurityReported` taken off the objects whose namespace has a Namespace object in one of their
 * units (the Pod Security rules then judge them in every unit, as if nothing had been reported), and those objects'
 * indices per file. Files without reported objects (all of the server's) come back as they are.
 */
function unreportedWhereNamespaced(files: readonly CrossFileFacts[]): { files: readonly CrossFileFacts[]; superseded: Map<string, number[]> } {
  const superseded = new Map<string, number[]>();
  if (!files.some((f) => f.objects.some((o) => o.podSecurityReported === true))) return { files, superseded };
  const namesByUnit = new Map<string, Set<string>>();
  for (const file of files) {
    for (const object of file.objects) {
      for (const name of namespaceObjectNames([object])) {
        for (const unit of object.units ?? [TREE_UNIT]) {
          const names = namesByUnit.get(unit);
          if (names === undefined) namesByUnit.set(unit, new Set([name]));
          else names.add(name);
        }
      }
    }
  }
  if (namesByUnit.size === 0) return { files, superseded };
  const out = files.map((file) => {
    let changed: WorkspaceObject[] | undefined;
    file.objects.forEach((object, i) => {
      const namespace = object.podSecurityReported === true ? podSecurityNamespaceOf(object) : undefined;
      if (namespace === undefined || !(object.units ?? [TREE_UNIT]).some((unit) => namesByUnit.get(unit)?.has(namespace) === true)) return;
      changed ??= [...file.objects];
      changed[i] = { ...object, podSecurityReported: false };
      const list = superseded.get(file.uri);
      if (list === undefined) superseded.set(file.uri, [i]);
      else list.push(i);
    });
    return changed === undefined ? file : { ...file, objects: changed };
  });
  return { files: out, superseded };
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
 * gives its snapshot and is called only when there are workspace findings to place (missing references carry ranges).
 */
export function placeCrossFileFindings(text: Pick<Snapshot, 'text' | 'lineIndex'>, found: CrossFileFindings, parse: () => Snapshot): DiagnosticInfo[] {
  return runSteps(placeCrossFileFindingsSteps(text, found, parse, Infinity));
}

/** {@link placeCrossFileFindings} in steps: yields after every `findingsPerStep` workspace findings placed. */
export function* placeCrossFileFindingsSteps(
  text: Pick<Snapshot, 'text' | 'lineIndex'>,
  found: CrossFileFindings,
  parse: () => Snapshot,
  findingsPerStep: number,
): Steps<DiagnosticInfo[]> {
  const placed: DiagnosticInfo[] = [];
  if (found.workspace.length > 0) {
    const snapshot = parse();
    for (let i = 0; i < found.workspace.length; i += findingsPerStep) {
      appendAll(placed, placeWorkspaceFindings(snapshot, i === 0 && findingsPerStep >= found.workspace.length ? found.workspace : found.workspace.slice(i, i + findingsPerStep)));
      if (i + findingsPerStep < found.workspace.length) yield;
    }
  }
  return applySuppressions(text, appendAll(placed, found.missing));
}

/**
 * What a long-lived caller (the language server) keeps between cross-file runs: the per-document facts, the
 * navigation fragments the missing-reference rule reads, each snapshot's file facts, and the incremental index.
 * Owned by its caller; {@link runCrossFile} updates it.
 */
export interface CrossFileSession {
  readonly facts: CrossFactsCache;
  readonly navigation: NavigationCache;
  readonly files: WeakMap<Snapshot, { readonly role: string; readonly facts: CrossFileFacts }>;
  /** Facts being built a few documents at a time ({@link sessionFactsStep}), per snapshot and role. */
  readonly building: WeakMap<Snapshot, { readonly role: string; readonly builder: CrossFactsBuilder }>;
  readonly index: CrossFileIndex;
}

/** A new {@link CrossFileSession} over the caller's navigation cache. */
export function createCrossFileSession(navigation: NavigationCache): CrossFileSession {
  return { facts: createCrossFactsCache(), navigation, files: new WeakMap(), building: new WeakMap(), index: createCrossFileIndex() };
}

/**
 * The cross-file findings of a workspace (`snapshots`, each file with its kustomize role from `layout`), with the
 * missing references of `targets` only: the facts of snapshots seen before are reused, the documents of a changed
 * file reuse their facts while their parse is reused, and the session's index replaces only the documents whose
 * facts changed. The result's `stats` say what ran.
 */
export function runCrossFile(session: CrossFileSession, snapshots: readonly Snapshot[], ctx: AnalysisContext, layout: LayoutView, targets?: ReadonlySet<string>): CrossFileResult {
  const files = snapshots.map((snapshot) => sessionFacts(session, snapshot, layout.roleOf(snapshot.uri)));
  return crossFileFindings(files, ctx, layout.generated, session.index, targets);
}

/**
 * {@link runCrossFile} in steps of about `documentsPerStep` documents (facts built, index entries replaced) or a few
 * hundred objects of a workspace rule, for the server to run a large file's cross-file analysis a few milliseconds per event-loop turn.
 * Given up between two steps, the session stays consistent: facts built so far are kept, and what the index did not
 * check yet is checked by the next run. Throws only what the facts' extraction throws (as {@link runCrossFile}).
 */
export function* runCrossFileSteps(
  session: CrossFileSession,
  snapshots: readonly Snapshot[],
  ctx: AnalysisContext,
  layout: LayoutView,
  targets: ReadonlySet<string> | undefined,
  documentsPerStep: number,
): Steps<CrossFileResult> {
  for (const snapshot of snapshots) {
    const role = layout.roleOf(snapshot.uri);
    while (!sessionFactsStep(session, snapshot, role, documentsPerStep)) yield;
  }
  const files = snapshots.map((snapshot) => sessionFacts(session, snapshot, layout.roleOf(snapshot.uri)));
  yield;
  return yield* crossFileFindingsSteps(files, ctx, layout.generated, session.index, targets, documentsPerStep);
}

/**
 * Builds the session's facts of `snapshot` with kustomize `role` by up to `documents` more documents; true once they
 * are in the memo ({@link sessionFacts} then returns them without work).
 */
export function sessionFactsStep(session: CrossFileSession, snapshot: Snapshot, role: FileRole, documents: number): boolean {
  const key = roleKey(role);
  const hit = session.files.get(snapshot);
  if (hit !== undefined && hit.role === key) return true;
  let building = session.building.get(snapshot);
  if (building === undefined || building.role !== key) {
    building = { role: key, builder: crossFactsBuilder(snapshot, role, session.facts, session.navigation) };
    session.building.set(snapshot, building);
  }
  const facts = building.builder.step(documents);
  if (facts === undefined) return false;
  session.files.set(snapshot, { role: key, facts });
  session.building.delete(snapshot);
  return true;
}

/**
 * The cross-file facts of `snapshot` with kustomize `role`, from the session's memo (built and kept on a miss). The
 * server builds them ahead of a publish of a large file with {@link sessionFactsStep}.
 */
export function sessionFacts(session: CrossFileSession, snapshot: Snapshot, role: FileRole): CrossFileFacts {
  const key = roleKey(role);
  const hit = session.files.get(snapshot);
  if (hit !== undefined && hit.role === key) return hit.facts;
  const facts = snapshotCrossFacts(snapshot, role, session.facts, session.navigation);
  session.files.set(snapshot, { role: key, facts });
  return facts;
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
