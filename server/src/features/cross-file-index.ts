/**
 * The incremental index of one deployment unit for the cross-file rules, kept by a long-lived caller (the language
 * server) between runs. It holds each document's objects with what the rules match on (pod labels, Service and
 * workload selectors, namespaces, Namespace objects), the findings last reported on each document, and the names
 * the unit defines.
 *
 * A run replaces the documents whose key changed (`DocumentCrossFacts.key`), then asks the index which other
 * documents that can change: the Services and workloads whose selectors match the old or new pod labels of a
 * replaced document (`service-selects-nothing`, `workload-selectors-overlap`), and the objects of a namespace whose
 * Namespace object was replaced (the Pod Security rules). The workspace rules then run over those documents' objects
 * plus what their findings depend on (the pods their selectors match, their namespace's Namespace objects), in
 * workspace order, and only their findings are replaced. The work is proportional to the replaced documents and the
 * objects they touch, not to the unit.
 */
import { checkWorkspaceSteps } from '../rules/engine';
import { objAt, strAt } from '../rules/json';
import { createMutableLabelIndex, mapAsSelector, selectorMatches } from '../rules/label-selector';
import type { Labels, MutableLabelIndex, ParsedSelector } from '../rules/label-selector';
import type { RuleOptions } from '../rules/engine';
import type { WorkspaceFinding, WorkspaceObject } from '../rules/rule';
import { podLabelsOf, workloadSelectorOf } from '../rules/selectors';
import type { Steps } from '../util/steps';

/** One object of an indexed document, with what the cross-file rules match on. */
interface IndexedObject {
  readonly docId: string;
  readonly object: WorkspaceObject;
  /** 0-based position among its document's objects (List items). */
  readonly position: number;
  /** `metadata.namespace`, `default` when absent or empty (the selector rules' namespace). */
  readonly namespace: string;
  /** `metadata.namespace`, `default` when absent (the Pod Security rules' namespace). */
  readonly policyNamespace: string;
  /** The labels of the Pods it creates (a Pod's own, a template's). */
  readonly podLabels?: Labels;
  /** A Service's selector or a workload's effective selector. */
  readonly selector?: ParsedSelector;
  /** For a Namespace object: its name. */
  readonly namespaceName?: string;
}

/** One document of the unit: its key, objects and defined names. */
interface IndexedDocument {
  readonly id: string;
  readonly uri: string;
  readonly index: number;
  readonly key: string;
  readonly objects: readonly IndexedObject[];
  readonly definitions: readonly string[];
}

/** What a caller gives for one document of a file: its key and the `definitionKey`s of the objects it defines. */
export interface DocumentEntry {
  readonly key: string;
  readonly definitions: readonly string[];
}

/** The files of a unit as a run sees them: URI, document entries (by 0-based index) and objects. */
export interface UnitFile {
  readonly uri: string;
  readonly documents: readonly DocumentEntry[];
  readonly objects: readonly WorkspaceObject[];
  /** The same value as at the last run when the file did not change (compared by identity). */
  readonly identity: object;
}

/** The work one {@link updateUnitIndexSteps} did. */
export interface UnitUpdate {
  /** Documents replaced, added or removed. */
  readonly documentsReplaced: number;
  /** Documents whose findings were computed again. */
  readonly documentsChecked: number;
  /** Objects the workspace rules read. */
  readonly objectsChecked: number;
}

/**
 * The mutable index of one unit. Created empty by {@link createUnitIndex}; only {@link updateUnitIndexSteps} changes it.
 */
export interface UnitIndex {
  readonly docs: Map<string, IndexedDocument>;
  /** Documents per file, and the file's identity at the last run. */
  readonly files: Map<string, { identity: object; count: number }>;
  /** The objects with pod labels (Pods, workloads' templates): the pods-by-labels matcher of `rules/label-selector.ts`. */
  readonly pods: MutableLabelIndex<IndexedObject>;
  readonly selectorsByPair: Map<string, Set<IndexedObject>>;
  readonly selectorsScanned: Map<string, Set<IndexedObject>>;
  readonly byPolicyNamespace: Map<string, Set<IndexedObject>>;
  readonly namespaceObjects: Map<string, Set<IndexedObject>>;
  /** Findings last reported on each document (absent: none). */
  readonly findings: Map<string, readonly WorkspaceFinding[]>;
  /** Count of documents defining each `definitionKey`. */
  readonly defined: Map<string, number>;
  /** The findings of each file, assembled on demand ({@link fileFindings}) and dropped when one of its documents is checked. */
  readonly byUri: Map<string, readonly WorkspaceFinding[]>;
  /** Documents replaced (old and new versions) whose reach is not checked yet ({@link replaceUnitDocumentsSteps}). */
  readonly pending: IndexedDocument[];
}

/** An empty {@link UnitIndex}. */
export function createUnitIndex(): UnitIndex {
  return {
    docs: new Map(),
    files: new Map(),
    pods: createMutableLabelIndex(),
    selectorsByPair: new Map(),
    selectorsScanned: new Map(),
    byPolicyNamespace: new Map(),
    namespaceObjects: new Map(),
    findings: new Map(),
    defined: new Map(),
    byUri: new Map(),
    pending: [],
  };
}

/** The identity of a file whose documents a run is replacing (no file's facts are this object). */
const UNFINISHED: object = Object.freeze({});

function docId(uri: string, index: number): string {
  return `${uri}\u0000${index}`;
}

function pairKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

/** The selector of a Service (`spec.selector`, v1, not ExternalName) as `service-selects-nothing` reads it. */
function serviceSelectorOf(o: WorkspaceObject): ParsedSelector | undefined {
  if (o.kind !== 'Service' || o.apiVersion !== 'v1') return undefined;
  const spec = objAt(o.object, 'spec');
  const sel = objAt(spec, 'selector');
  if (sel === undefined || Object.keys(sel).length === 0 || strAt(spec, 'type') === 'ExternalName') return undefined;
  return mapAsSelector(sel);
}

function indexedObject(id: string, object: WorkspaceObject, position: number): IndexedObject {
  const ns = strAt(objAt(object.object, 'metadata'), 'namespace');
  const podLabels = podLabelsOf(object);
  const selector = serviceSelectorOf(object) ?? workloadSelectorOf(object.kind, object.apiVersion, object.object);
  const name = object.kind === 'Namespace' ? strAt(objAt(object.object, 'metadata'), 'name') : undefined;
  return {
    docId: id,
    object,
    position,
    namespace: ns === undefined || ns === '' ? 'default' : ns,
    policyNamespace: ns ?? 'default',
    ...(podLabels !== undefined ? { podLabels } : {}),
    ...(selector !== undefined ? { selector } : {}),
    ...(name !== undefined ? { namespaceName: name } : {}),
  };
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/** The requirement a selector is indexed under: its first `=`, `==` or `in` requirement, if any. */
function narrowing(selector: ParsedSelector): { key: string; values: readonly string[] } | undefined {
  return selector.requirements.find((r) => r.operator === '=' || r.operator === '==' || r.operator === 'in');
}

function indexObject(index: UnitIndex, o: IndexedObject, adding: boolean): void {
  const update = adding ? add : remove;
  if (o.podLabels !== undefined) {
    if (adding) index.pods.add(o, o.namespace, o.podLabels);
    else index.pods.remove(o, o.namespace, o.podLabels);
  }
  if (o.selector !== undefined && o.selector.nothing !== true) {
    const by = narrowing(o.selector);
    if (by === undefined) update(index.selectorsScanned, o.namespace, o);
    else for (const v of by.values) update(index.selectorsByPair, pairKey(o.namespace, by.key, v), o);
  }
  update(index.byPolicyNamespace, o.policyNamespace, o);
  if (o.namespaceName !== undefined) update(index.namespaceObjects, o.namespaceName, o);
}

function indexDocument(index: UnitIndex, doc: IndexedDocument, adding: boolean): void {
  for (const o of doc.objects) indexObject(index, o, adding);
  for (const key of doc.definitions) {
    const count = (index.defined.get(key) ?? 0) + (adding ? 1 : -1);
    if (count > 0) index.defined.set(key, count);
    else index.defined.delete(key);
  }
  if (adding) index.docs.set(doc.id, doc);
  else index.docs.delete(doc.id);
}

/** The Services and workloads in `namespace` whose selectors match `labels`. */
function selectorsMatching(index: UnitIndex, namespace: string, labels: Labels): IndexedObject[] {
  const candidates = new Set<IndexedObject>(index.selectorsScanned.get(namespace) ?? []);
  for (const [k, v] of Object.entries(labels)) for (const o of index.selectorsByPair.get(pairKey(namespace, k, v)) ?? []) candidates.add(o);
  return [...candidates].filter((o) => o.selector !== undefined && selectorMatches(o.selector, labels));
}

/**
 * Brings `index` up to date with the unit's `files` (in workspace order) and recomputes the findings of the
 * documents that can have changed (see the module comment), with the workspace rules of `rules`; returns the work
 * done, and `index.findings` then holds every document's findings. In steps (`runSteps` runs it at once): yields after
 * every `documentsPerStep` documents replaced and as the workspace rules do. A run given up between two steps leaves
 * the index consistent: the documents it replaced stay pending, and the next run checks them. Never throws (the rules
 * do not).
 */
export function* updateUnitIndexSteps(index: UnitIndex, files: readonly UnitFile[], rules: RuleOptions, documentsPerStep: number): Steps<UnitUpdate> {
  yield* replaceUnitDocumentsSteps(index, files, documentsPerStep);
  return yield* checkReplacedDocumentsSteps(index, files, rules);
}

/**
 * The first half of {@link updateUnitIndexSteps}: replaces in `index` the documents of `files` whose entry changed
 * (and drops those of files no longer in the unit), keeping them in `index.pending` for
 * {@link checkReplacedDocumentsSteps}; returns how many documents it replaced. Yields after every `documentsPerStep`
 * documents replaced. A file is marked up to date only once all its documents are, so a run given up midway is taken
 * up by the next one.
 */
export function* replaceUnitDocumentsSteps(index: UnitIndex, files: readonly UnitFile[], documentsPerStep: number): Steps<number> {
  const replaced = index.pending;
  const before = replaced.length;
  const seen = new Set(files.map((f) => f.uri));
  let sinceStep = 0;
  for (const file of files) {
    const last = index.files.get(file.uri);
    if (last !== undefined && last.identity === file.identity) continue;
    const byDocument = new Map<number, WorkspaceObject[]>();
    for (const o of file.objects) {
      const list = byDocument.get(o.documentIndex);
      if (list === undefined) byDocument.set(o.documentIndex, [o]);
      else list.push(o);
    }
    const count = Math.max(last?.count ?? 0, file.documents.length);
    // Until all its documents are replaced, the file keeps an identity no run matches, and a count that covers the
    // documents a run given up midway may have added: the next run goes over all of them.
    index.files.set(file.uri, { identity: UNFINISHED, count });
    for (let i = 0; i < count; i++) {
      const id = docId(file.uri, i);
      const old = index.docs.get(id);
      const entry = file.documents[i];
      if (old !== undefined && entry !== undefined && old.key === entry.key && sameList(old.definitions, entry.definitions)) continue;
      if (old !== undefined) {
        indexDocument(index, old, false);
        replaced.push(old);
      }
      if (entry !== undefined) {
        const objects = (byDocument.get(i) ?? []).map((o, position) => indexedObject(id, o, position));
        const doc: IndexedDocument = { id, uri: file.uri, index: i, key: entry.key, objects, definitions: entry.definitions };
        indexDocument(index, doc, true);
        replaced.push(doc);
      }
      if (++sinceStep >= documentsPerStep) {
        sinceStep = 0;
        yield;
      }
    }
    index.files.set(file.uri, { identity: file.identity, count: file.documents.length });
  }
  for (const [uri, last] of index.files) {
    if (seen.has(uri)) continue;
    for (let i = 0; i < last.count; i++) {
      const old = index.docs.get(docId(uri, i));
      if (old === undefined) continue;
      indexDocument(index, old, false);
      replaced.push(old);
    }
    index.files.delete(uri);
  }
  return replaced.length - before;
}

/**
 * The second half of {@link updateUnitIndexSteps}: re-checks what the pending replaced documents reach (the workspace
 * rules yield every few hundred objects). The pending documents are taken off and the findings stored only at the
 * end; when another run checked them meanwhile, this one stores nothing.
 */
export function* checkReplacedDocumentsSteps(index: UnitIndex, files: readonly UnitFile[], rules: RuleOptions): Steps<UnitUpdate> {
  const replaced = index.pending.slice();
  if (replaced.length === 0) return { documentsReplaced: 0, documentsChecked: 0, objectsChecked: 0 };
  const order = new Map<string, number>();
  files.forEach((file, i) => order.set(file.uri, i));

  // The documents whose findings can have changed. When they are most of the unit (the first run, a new layout),
  // every document is checked over all objects, as without an index.
  const affected = new Set<string>();
  let everything = replaced.length >= index.docs.size;
  for (const doc of everything ? [] : replaced) {
    if (affected.size > index.docs.size / 2) {
      everything = true;
      break;
    }
    affected.add(doc.id);
    for (const o of doc.objects) {
      if (o.podLabels !== undefined) for (const s of selectorsMatching(index, o.namespace, o.podLabels)) affected.add(s.docId);
      if (o.namespaceName !== undefined) {
        for (const x of index.byPolicyNamespace.get(o.namespaceName) ?? []) affected.add(x.docId);
        for (const x of index.namespaceObjects.get(o.namespaceName) ?? []) affected.add(x.docId);
      }
    }
  }
  if (everything) {
    for (const id of index.docs.keys()) affected.add(id);
    for (const doc of replaced) affected.add(doc.id);
  }
  // Their objects, and what their findings depend on.
  const context = new Set<IndexedObject>();
  const checked = new Set<string>();
  for (const id of affected) {
    const doc = index.docs.get(id);
    if (doc === undefined) {
      index.findings.delete(id);
      continue;
    }
    checked.add(id);
    // Checking everything reads every object (inWorkspaceOrder below): no dependencies to collect.
    if (everything) continue;
    for (const o of doc.objects) {
      context.add(o);
      if (o.selector !== undefined) for (const p of index.pods.matching(o.namespace, o.selector)) context.add(p);
      for (const n of index.namespaceObjects.get(o.policyNamespace) ?? []) context.add(n);
      if (o.namespaceName !== undefined) for (const n of index.namespaceObjects.get(o.namespaceName) ?? []) context.add(n);
    }
  }
  const docOf = (o: IndexedObject): IndexedDocument | undefined => index.docs.get(o.docId);
  const objects = everything
    ? inWorkspaceOrder(index, files)
    : [...context]
        .sort((a, b) => {
          const da = docOf(a);
          const db = docOf(b);
          return (order.get(da?.uri ?? '') ?? 0) - (order.get(db?.uri ?? '') ?? 0) || (da?.index ?? 0) - (db?.index ?? 0) || a.position - b.position;
        })
        .map((o) => o.object);
  const findings = yield* checkWorkspaceSteps(objects, rules);
  // Checked meanwhile by another run (which took the pending documents off): nothing to store.
  if (replaced.some((doc, i) => index.pending[i] !== doc)) return { documentsReplaced: replaced.length, documentsChecked: checked.size, objectsChecked: objects.length };
  index.pending.splice(0, replaced.length);
  const found = new Map<string, WorkspaceFinding[]>();
  for (const finding of findings) {
    const id = docId(finding.uri, finding.documentIndex);
    if (!checked.has(id)) continue;
    const list = found.get(id);
    if (list === undefined) found.set(id, [finding]);
    else list.push(finding);
  }
  for (const id of checked) {
    const list = found.get(id);
    if (list === undefined) index.findings.delete(id);
    else index.findings.set(id, list);
  }
  for (const doc of replaced) index.byUri.delete(doc.uri);
  for (const id of checked) {
    const doc = index.docs.get(id);
    if (doc !== undefined) index.byUri.delete(doc.uri);
  }
  return { documentsReplaced: replaced.length, documentsChecked: checked.size, objectsChecked: objects.length };
}

/** Every object of the unit, file by file in `files` order, document by document. */
function inWorkspaceOrder(index: UnitIndex, files: readonly UnitFile[]): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  for (const file of files) {
    const count = index.files.get(file.uri)?.count ?? 0;
    for (let i = 0; i < count; i++) for (const o of index.docs.get(docId(file.uri, i))?.objects ?? []) out.push(o.object);
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The findings of one file's documents in the unit, document by document (the same array while none of its documents
 * was checked again).
 */
export function fileFindings(index: UnitIndex, uri: string): readonly WorkspaceFinding[] {
  const hit = index.byUri.get(uri);
  if (hit !== undefined) return hit;
  const out: WorkspaceFinding[] = [];
  const count = index.files.get(uri)?.count ?? 0;
  for (let i = 0; i < count; i++) for (const f of index.findings.get(docId(uri, i)) ?? []) out.push(f);
  index.byUri.set(uri, out);
  return out;
}
