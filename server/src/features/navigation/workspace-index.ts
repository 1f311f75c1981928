/**
 * The reference graph of a workspace: every name that is defined or referenced (volumes, container ports,
 * containers, ConfigMaps, Secrets, PVCs, ServiceAccounts and the keys of ConfigMaps and Secrets), every
 * label set Pods carry, and every label selector that selects Pods.
 *
 * Built per request from immutable snapshots; a caller-owned {@link NavigationCache} lets unchanged documents
 * reuse their part of the index. Definition, references, rename, symbols, name completion and missing
 * references are lookups in it.
 * All ranges are file offsets (0-based UTF-16 code units) in the snapshot of the entry's `uri`; ranges of
 * names exclude the quotes of quoted scalars.
 *
 * Kubernetes field paths followed (k8s.io/api core/v1, apps/v1, batch/v1, policy/v1, networking/v1):
 * - definitions: `spec.volumes[].name` (and StatefulSet `spec.volumeClaimTemplates[].metadata.name`),
 *   `spec.{containers,initContainers,ephemeralContainers}[].name`,
 *   `...[].ports[].name`, `metadata.name` of ConfigMap/Secret/PersistentVolumeClaim/ServiceAccount,
 *   keys of ConfigMap `data`/`binaryData` and Secret `data`/`stringData`;
 * - pod-scoped references: `volumeMounts[].name`, `volumeDevices[].name`, probe and lifecycle handler
 *   `httpGet.port`/`tcpSocket.port`/`grpc.port` when a name, `env[].valueFrom.resourceFieldRef.containerName`,
 *   `downwardAPI.items[].resourceFieldRef.containerName`, the `kubectl.kubernetes.io/default-container`
 *   annotation, and a selecting Service's `spec.ports[].targetPort` when a name;
 * - namespace-scoped references: `env[].valueFrom.{configMapKeyRef,secretKeyRef}.{name,key}`,
 *   `envFrom[].{configMapRef,secretRef}.name`, volume `configMap.name`, `secret.secretName`,
 *   `persistentVolumeClaim.claimName`, `projected.sources[].{configMap,secret}.name`, their `items[].key`,
 *   `serviceAccountName` (and the deprecated `serviceAccount`), `imagePullSecrets[].name`;
 * - selectors: Service and ReplicationController `spec.selector` (maps), Deployment, ReplicaSet, StatefulSet,
 *   DaemonSet, Job and PodDisruptionBudget `spec.selector`, NetworkPolicy `spec.podSelector` (LabelSelectors);
 * - selectable label sets: Pod `metadata.labels` and pod template `metadata.labels` (pod-specs.ts).
 * The namespace of an object is its `metadata.namespace`, `default` when absent.
 */
import { podSelectorLocation } from '../../schema/pod-selectors';
import { isScalar, Scalar } from 'yaml';
import type { Node } from 'yaml';
import type { FieldPath } from '../../document/field-path';
import { fileRange, keyNodeAt, nodeAt } from '../../document/locate';
import type { Snapshot, YamlDocument } from '../../document/snapshot';
import { arrAt, boolAt, isObject, objAt, objectItemsAt, prop, strAt } from '../../rules/json';
import { createLabelIndex, labelSelectorAsSelector, labelsOf, mapAsSelector, selectorMatches } from '../../rules/label-selector';
import type { LabelIndex, Labels, ParsedSelector } from '../../rules/label-selector';
import { podSpecLocation } from '../../schema/pod-specs';
import type { OffsetRange } from '../../util/range';
import { objectsOf } from '../objects';
import { overlapsAction } from '../../document/template';
import { objectLabel } from '../object-kind';

/** A place in the workspace: a file URI and a range in that file's snapshot (file offsets). */
export interface NavLocation {
  readonly uri: string;
  readonly range: OffsetRange;
}

/** The kinds of objects that Pod specs reference by name. */
export type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** What a name names: pod-scoped names, workspace objects, or keys of a ConfigMap or Secret. */
export type NameKind = 'volume' | 'port' | 'container' | ReferencedKind | 'configMapKey' | 'secretKey';

/** The object kinds that {@link NameKind} values name. */
export const REFERENCED_KINDS: readonly ReferencedKind[] = ['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount'];

/** One occurrence of a name: its definition or a reference to it. */
export interface NameEntry {
  readonly uri: string;
  readonly documentIndex: number;
  /** The name's text, without quotes. */
  readonly range: OffsetRange;
  readonly role: 'definition' | 'reference';
  readonly kind: NameKind;
  readonly name: string;
  /**
   * Where the name is unique: a Pod spec id (`uri#document#objectPath`) for volumes, ports and containers,
   * the namespace for objects, `namespace/objectName` for ConfigMap and Secret keys.
   */
  readonly scope: string;
  /** Path of the scalar from the document root. */
  readonly path: FieldPath;
  /** The reference is marked `optional: true` (ConfigMap and Secret references). */
  readonly optional: boolean;
  /** For a reference to a key: the kind of the object whose key it names. */
  readonly detail?: string;
  /** The object the name is in, `Kind/name` (see `objectLabel`). */
  readonly object?: string;
}

/** One entry of a label map. */
export interface LabelEntry {
  readonly key: string;
  readonly value: string;
  readonly keyRange: OffsetRange;
  /** Range of the value text (without quotes); absent for an empty value. */
  readonly valueRange?: OffsetRange;
}

/** A `metadata.labels` map of an object or of a pod template. */
export interface LabelSet {
  readonly uri: string;
  readonly documentIndex: number;
  readonly namespace: string;
  /** `Kind name` of the object holding the labels (e.g. `Deployment web`). */
  readonly owner: string;
  /** Path of the labels map from the document root. */
  readonly path: FieldPath;
  /** Range of the `labels` key. */
  readonly keyRange: OffsetRange;
  readonly labels: Labels;
  readonly entries: readonly LabelEntry[];
  /** True for Pod labels and pod template labels (what Pod selectors select). */
  readonly selectable: boolean;
  /** The Pod spec id of the Pod or template these labels belong to. */
  readonly podScope?: string;
}

/** A term of a selector that names a label key: a `matchLabels`/map entry or a `matchExpressions` item. */
export interface SelectorTerm {
  readonly key: string;
  /** Range of the label key text (the map key, or the `key:` value of an expression). */
  readonly keyRange: OffsetRange;
  /** The values with their ranges (one for a map entry, the `values` items for an expression). */
  readonly values: readonly { readonly value: string; readonly range: OffsetRange }[];
}

/** A selector of Pods. */
export interface SelectorInfo {
  readonly uri: string;
  readonly documentIndex: number;
  readonly namespace: string;
  /** `Kind name` of the object holding the selector. */
  readonly owner: string;
  readonly ownerKind: string;
  /** Path of the selector from the document root (`spec.selector`). */
  readonly path: FieldPath;
  /** Range of the selector's key (`selector`, `podSelector`). */
  readonly keyRange: OffsetRange;
  /** The node range of the whole selector value. */
  readonly range: OffsetRange;
  readonly selector: ParsedSelector;
  readonly terms: readonly SelectorTerm[];
}

/** A Kubernetes object of the workspace. */
export interface ObjectInfo {
  readonly uri: string;
  readonly documentIndex: number;
  readonly kind: string;
  readonly apiVersion: string;
  /** `metadata.name`, or "" when absent. */
  readonly name: string;
  readonly namespace: string;
  /** `[]`, or `['items', i]` for an item of a List. */
  readonly basePath: FieldPath;
  /** The object's span: its document's range, or its item's range in a List. */
  readonly range: OffsetRange;
  /** Range of the `metadata.name` value (or the `kind` value when unnamed). */
  readonly selectionRange: OffsetRange;
  /** The Pod spec id when the object holds a Pod spec. */
  readonly podScope?: string;
  /** Path of the Pod spec from the document root, when the object holds one. */
  readonly specPath?: FieldPath;
}

/** The reference graph of a workspace. */
export interface WorkspaceIndex {
  readonly objects: readonly ObjectInfo[];
  readonly names: readonly NameEntry[];
  readonly labelSets: readonly LabelSet[];
  readonly selectors: readonly SelectorInfo[];
  /** The selectable label sets (Pods, pod templates) by namespace and labels: `rules/label-selector.ts`'s matcher. */
  readonly pods: LabelIndex<LabelSet>;
}

/** `snapshots` with `snapshot` in place of any snapshot of the same URI (appended when absent). */
export function workspaceWith(snapshots: readonly Snapshot[], snapshot: Snapshot): Snapshot[] {
  const out = snapshots.filter((s) => s.uri !== snapshot.uri);
  const at = snapshots.findIndex((s) => s.uri === snapshot.uri);
  out.splice(at < 0 ? out.length : at, 0, snapshot);
  return out;
}

/**
 * A memo of what each document contributes to the index, keyed by the parse result that `updateSnapshot`
 * reuses for unchanged documents (and that a disk snapshot keeps while the file is unchanged). An entry is
 * reused as is when the document is at the same URI, index and offset; elsewhere (an edit above it changed its
 * offset) it is moved, its ranges shifted, without walking the document again.
 * Created by the caller (the server keeps one per connection); holds no other state.
 */
export interface NavigationCache {
  readonly byDocument: WeakMap<object, CachedDocument>;
  /** Documents whose fragment was collected (walked), and those whose cached fragment was moved: for tests and benchmarks. */
  collected: number;
  rebased: number;
}

/** The index fragment of one document, as {@link NavigationCache} stores it. */
export interface CachedDocument {
  readonly uri: string;
  readonly index: number;
  readonly offset: number;
  readonly fragment: DocumentFragment;
}

/** What one document contributes to a {@link WorkspaceIndex} (opaque to callers). */
export interface DocumentFragment {
  readonly objects: readonly ObjectInfo[];
  readonly names: readonly NameEntry[];
  readonly labelSets: readonly LabelSet[];
  readonly selectors: readonly SelectorInfo[];
  /** Named Service targetPorts, linked to Pods once the whole workspace is known. */
  readonly targetPorts: readonly PendingTargetPort[];
}

/** An empty {@link NavigationCache}. */
export function createNavigationCache(): NavigationCache {
  return { byDocument: new WeakMap(), collected: 0, rebased: 0 };
}

/**
 * Builds the reference graph of `snapshots` (with `current` in place of its older version, when given).
 * Documents with Helm/Go template directives are skipped. With a `cache`, documents that did not change
 * (same parse result, URI, index and offset) are not walked again. Never throws.
 */
export function buildWorkspaceIndex(snapshots: readonly Snapshot[], current?: Snapshot, cache?: NavigationCache): WorkspaceIndex {
  const all = current === undefined ? snapshots : workspaceWith(snapshots, current);
  const objects: ObjectInfo[] = [];
  const names: NameEntry[] = [];
  const labelSets: LabelSet[] = [];
  const selectors: SelectorInfo[] = [];
  const targetPorts: PendingTargetPort[] = [];
  for (const snapshot of all) {
    for (const doc of snapshot.documents) {
      const fragment = documentFragment(snapshot, doc, cache);
      // Appended one by one: spreading a ConfigMap's 200,000 keys into push() would overflow the call stack.
      for (const o of fragment.objects) objects.push(o);
      for (const n of fragment.names) names.push(n);
      for (const l of fragment.labelSets) labelSets.push(l);
      for (const sel of fragment.selectors) selectors.push(sel);
      for (const tp of fragment.targetPorts) targetPorts.push(tp);
    }
  }
  const pods = createLabelIndex(labelSets.filter((set) => set.selectable).map((set) => ({ item: set, namespace: set.namespace, labels: set.labels })));
  // A Service's named targetPort refers to the container ports of every Pod it selects.
  for (const tp of targetPorts) {
    for (const set of pods.matching(tp.selector.namespace, tp.selector.selector)) {
      if (set.podScope !== undefined) names.push({ ...tp.entry, scope: set.podScope });
    }
  }
  return { objects, names, labelSets, selectors, pods };
}

/**
 * The objects of one document, templated or not: a Helm template's static structure (document symbols show it;
 * the workspace index leaves templates out, as their names and labels are known only once rendered).
 */
export function documentObjects(snapshot: Snapshot, doc: YamlDocument): ObjectInfo[] {
  const acc: Accumulator = { objects: [], names: [], labelSets: [], selectors: [], targetPorts: [] };
  for (const object of objectsOf(doc)) collectObject({ snapshot, doc, acc }, object);
  return acc.objects;
}

/**
 * The names (definitions and references) of the documents of `snapshot`, without label sets or selectors: what
 * `podls check` keeps of a file for the missing-reference rule: the `names` of {@link buildWorkspaceIndex} over the
 * snapshot alone, without ConfigMap and Secret keys and the targetPort names a Service's selector gives (neither is
 * judged by that rule).
 */
export function snapshotNames(snapshot: Snapshot): NameEntry[] {
  const out: NameEntry[] = [];
  for (const doc of snapshot.documents) {
    const acc: Accumulator = { objects: [], names: [], labelSets: [], selectors: [], targetPorts: [] };
    for (const object of objectsOf(doc)) collectObject({ snapshot, doc, acc, namesOnly: true }, object);
    const template = doc.template;
    // As in documentFragment: a Helm template's names count where they are written literally.
    for (const n of acc.names) if (template === undefined || !overlapsAction(template.actions, n.range.start, n.range.end)) out.push(n);
  }
  return out;
}

/**
 * What one document of `snapshot` contributes to the index (its objects, names, label sets and selectors, in file
 * offsets), from `cache` when it holds the document's parse: as is at the same place, moved otherwise.
 */
export function documentFragment(snapshot: Snapshot, doc: YamlDocument, cache: NavigationCache | undefined): DocumentFragment {
  const hit = cache?.byDocument.get(doc.parsed);
  if (hit !== undefined && hit.uri === snapshot.uri && hit.index === doc.index && hit.offset === doc.offset) return hit.fragment;
  if (hit !== undefined && cache !== undefined) {
    // The same parse at another place (an edit above it changed its offset, a document was inserted before it, the
    // file was renamed): its entries are moved, not collected again.
    const fragment = rebaseFragment(hit, { uri: snapshot.uri, index: doc.index, offset: doc.offset });
    cache.byDocument.set(doc.parsed, { uri: snapshot.uri, index: doc.index, offset: doc.offset, fragment });
    cache.rebased++;
    return fragment;
  }
  let acc: Accumulator = { objects: [], names: [], labelSets: [], selectors: [], targetPorts: [] };
  for (const object of objectsOf(doc)) collectObject({ snapshot, doc, acc }, object);
  const template = doc.template;
  if (template !== undefined) {
    // A Helm template: names written literally navigate (a volume and its mounts); names, labels and selectors
    // that actions supply are known only once rendered, so they take no part.
    const literal = (r: OffsetRange): boolean => !overlapsAction(template.actions, r.start, r.end);
    acc = {
      objects: acc.objects.filter((o) => literal(o.selectionRange)),
      names: acc.names.filter((n) => literal(n.range)),
      labelSets: [],
      selectors: [],
      targetPorts: [],
    };
  }
  if (cache !== undefined) {
    cache.byDocument.set(doc.parsed, { uri: snapshot.uri, index: doc.index, offset: doc.offset, fragment: acc });
    cache.collected++;
  }
  return acc;
}

/** Where a cached fragment's document is: its file, 0-based index and file offset of its parse. */
type FragmentPlace = Pick<CachedDocument, 'uri' | 'index' | 'offset'>;

/**
 * A cached fragment moved to another place of the same parse: ranges shifted by the offset difference, URIs,
 * document indexes and Pod-scope ids (`uri#document#path`) rewritten. Linear in the fragment's entries.
 */
function rebaseFragment(from: CachedDocument, to: FragmentPlace): DocumentFragment {
  const delta = to.offset - from.offset;
  const oldScope = `${from.uri}#${from.index}#`;
  const newScope = `${to.uri}#${to.index}#`;
  const range = (r: OffsetRange): OffsetRange => ({ start: r.start + delta, end: r.end + delta });
  const scope = (s: string): string => (s.startsWith(oldScope) ? newScope + s.slice(oldScope.length) : s);
  const where = { uri: to.uri, documentIndex: to.index };
  const name = (n: NameEntry): NameEntry => ({ ...n, ...where, range: range(n.range), scope: scope(n.scope) });
  const selector = (s: SelectorInfo): SelectorInfo => ({
    ...s,
    ...where,
    keyRange: range(s.keyRange),
    range: range(s.range),
    terms: s.terms.map((t) => ({ ...t, keyRange: range(t.keyRange), values: t.values.map((v) => ({ ...v, range: range(v.range) })) })),
  });
  const f = from.fragment;
  return {
    objects: f.objects.map((o) => ({ ...o, ...where, range: range(o.range), selectionRange: range(o.selectionRange), ...(o.podScope === undefined ? {} : { podScope: scope(o.podScope) }) })),
    names: f.names.map(name),
    labelSets: f.labelSets.map((l) => ({
      ...l,
      ...where,
      keyRange: range(l.keyRange),
      entries: l.entries.map((e) => ({ ...e, keyRange: range(e.keyRange), ...(e.valueRange === undefined ? {} : { valueRange: range(e.valueRange) }) })),
      ...(l.podScope === undefined ? {} : { podScope: scope(l.podScope) }),
    })),
    selectors: f.selectors.map(selector),
    targetPorts: f.targetPorts.map((tp) => ({ entry: name(tp.entry), selector: selector(tp.selector) })),
  };
}

/** The selectable label sets of `selector`'s namespace that it selects, in workspace order (through `index.pods`). */
export function selectedSets(index: WorkspaceIndex, selector: SelectorInfo): LabelSet[] {
  return index.pods.matching(selector.namespace, selector.selector);
}

/** True when `selector` selects the label set `set` (a selectable set of its namespace whose labels it matches). */
export function selects(selector: SelectorInfo, set: LabelSet): boolean {
  return set.selectable && selector.namespace === set.namespace && selectorMatches(selector.selector, set.labels);
}

/** The plain-data value at `path` (field names, map keys and indices) under `root`, or undefined. */
export function valueAtPath(root: unknown, path: FieldPath): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof seg === 'number') v = Array.isArray(v) ? v[seg] : undefined;
    else v = prop(v, typeof seg === 'string' ? seg : seg.key);
  }
  return v;
}

/** True when `offset` lies in `range` (both ends included, so a cursor right after a name counts). */
export function rangeContains(range: OffsetRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/** The name entries of `uri` whose range contains `offset` (several when a targetPort links several Pods). */
export function namesAt(index: WorkspaceIndex, uri: string, offset: number): NameEntry[] {
  return index.names.filter((n) => n.uri === uri && rangeContains(n.range, offset));
}

/** A stable key of a location, for de-duplication and sorting. */
export function locationKey(l: NavLocation): string {
  return `${l.uri}#${String(l.range.start).padStart(10, '0')}#${l.range.end}`;
}

/** Locations without duplicates, sorted by URI then offset. */
export function uniqueLocations(locations: readonly NavLocation[]): NavLocation[] {
  const byKey = new Map<string, NavLocation>();
  for (const l of locations) byKey.set(locationKey(l), { uri: l.uri, range: l.range });
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, l]) => l);
}

// ---------------------------------------------------------------------------------------------------------
// Collection

/** A named Service targetPort waiting to be linked to the Pods the Service selects. */
export interface PendingTargetPort {
  readonly entry: NameEntry;
  readonly selector: SelectorInfo;
}

interface Accumulator {
  readonly objects: ObjectInfo[];
  readonly names: NameEntry[];
  readonly labelSets: LabelSet[];
  readonly selectors: SelectorInfo[];
  readonly targetPorts: PendingTargetPort[];
}

interface DocContext {
  readonly snapshot: Snapshot;
  readonly doc: YamlDocument;
  readonly acc: Accumulator;
  /** Collect names only: no label sets, no selectors (what the missing-reference check reads). */
  readonly namesOnly?: boolean;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** The scalar node at `path` and the range of its text (quotes excluded), when it is a non-empty scalar. */
function scalarRange(ctx: DocContext, path: FieldPath): OffsetRange | undefined {
  const node = nodeAt(ctx.doc, path);
  return node === undefined ? undefined : textRange(ctx.doc, node);
}

/** The range of a mapping key's text at `path` (quotes excluded). */
function keyRange(ctx: DocContext, path: FieldPath): OffsetRange | undefined {
  const node = keyNodeAt(ctx.doc, path);
  return node === undefined ? undefined : textRange(ctx.doc, node);
}

function textRange(doc: YamlDocument, node: Node): OffsetRange | undefined {
  if (!isScalar(node)) return undefined;
  const r = fileRange(doc, node);
  if (r.end <= r.start) return undefined;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return quoted && r.end - r.start >= 2 ? { start: r.start + 1, end: r.end - 1 } : r;
}

function objectField(doc: YamlDocument, path: FieldPath): { object?: string } {
  const object = objectLabel(doc, path);
  return object === undefined ? {} : { object };
}

function addName(
  ctx: DocContext,
  path: FieldPath,
  name: unknown,
  fields: { role: NameEntry['role']; kind: NameKind; scope: string; optional?: boolean; detail?: string },
): NameEntry | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const range = scalarRange(ctx, path);
  if (range === undefined) return undefined;
  const entry: NameEntry = {
    uri: ctx.snapshot.uri,
    documentIndex: ctx.doc.index,
    range,
    role: fields.role,
    kind: fields.kind,
    name,
    scope: fields.scope,
    path,
    optional: fields.optional ?? false,
    ...(fields.detail === undefined ? {} : { detail: fields.detail }),
    ...(fields.role === 'reference' ? objectField(ctx.doc, path) : {}),
  };
  ctx.acc.names.push(entry);
  return entry;
}

function collectObject(ctx: DocContext, o: { kind: string; apiVersion: string; object: unknown; basePath: FieldPath }): void {
  const base = o.basePath;
  const metadata = objAt(o.object, 'metadata');
  const name = strAt(metadata, 'name') ?? '';
  const namespace = strAt(metadata, 'namespace') ?? 'default';
  const owner = name === '' ? o.kind : `${o.kind} ${name}`;
  const location = podSpecLocation(o.kind);
  const podScope = location === undefined ? undefined : `${ctx.snapshot.uri}#${ctx.doc.index}#${base.join('.')}`;
  const item = base.length > 0 ? ctx.doc.items?.find((i) => i.index === base[1]) : undefined;
  const span = item?.range ?? ctx.doc.range;
  // Trailing blank lines and the next document's marker are not part of the object.
  const text = ctx.snapshot.text;
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1] ?? '')) end--;
  const range = { start: span.start, end };
  const selectionRange =
    scalarRange(ctx, [...base, 'metadata', 'name']) ?? scalarRange(ctx, [...base, 'kind']) ?? { start: range.start, end: range.start };
  ctx.acc.objects.push({
    uri: ctx.snapshot.uri,
    documentIndex: ctx.doc.index,
    kind: o.kind,
    apiVersion: o.apiVersion,
    name,
    namespace,
    basePath: base,
    range,
    selectionRange,
    ...(podScope === undefined ? {} : { podScope }),
    ...(location === undefined ? {} : { specPath: [...base, ...location.specPath] }),
  });

  if ((REFERENCED_KINDS as readonly string[]).includes(o.kind)) {
    addName(ctx, [...base, 'metadata', 'name'], name, { role: 'definition', kind: o.kind as ReferencedKind, scope: namespace });
  }
  // Keys are navigation targets only; the missing-reference check (names only) does not judge keys.
  const keyMaps = ctx.namesOnly === true ? [] : o.kind === 'ConfigMap' ? ['data', 'binaryData'] : o.kind === 'Secret' ? ['data', 'stringData'] : [];
  for (const field of keyMaps) {
    for (const key of Object.keys(objAt(o.object, field) ?? {})) {
      const path = [...base, field, key];
      const r = keyRange(ctx, path);
      if (r === undefined) continue;
      ctx.acc.names.push({
        uri: ctx.snapshot.uri,
        documentIndex: ctx.doc.index,
        range: r,
        role: 'definition',
        kind: o.kind === 'ConfigMap' ? 'configMapKey' : 'secretKey',
        name: key,
        scope: `${namespace}/${name}`,
        path,
        optional: false,
      });
    }
  }

  addLabelSet(ctx, [...base, 'metadata'], metadata, { namespace, owner, selectable: o.kind === 'Pod', podScope: o.kind === 'Pod' ? podScope : undefined });
  if (location !== undefined && podScope !== undefined) {
    if (location.isTemplate) {
      const templateMeta = valueAt(o.object, location.metadataPath);
      addLabelSet(ctx, [...base, ...location.metadataPath], templateMeta, { namespace, owner, selectable: true, podScope });
    }
    const annotations = objAt(valueAt(o.object, location.metadataPath), 'annotations');
    addName(ctx, [...base, ...location.metadataPath, 'annotations', DEFAULT_CONTAINER_ANNOTATION], prop(annotations, DEFAULT_CONTAINER_ANNOTATION), {
      role: 'reference',
      kind: 'container',
      scope: podScope,
    });
    collectPodSpec(ctx, valueAt(o.object, location.specPath), [...base, ...location.specPath], podScope, namespace);
    // A StatefulSet's claim templates are volumes its containers mount by name.
    if (o.kind === 'StatefulSet') {
      for (const [i, claim] of objectItemsAt(objAt(o.object, 'spec'), 'volumeClaimTemplates')) {
        const claimPath = [...base, 'spec', 'volumeClaimTemplates', i, 'metadata', 'name'];
        addName(ctx, claimPath, strAt(objAt(claim, 'metadata'), 'name'), { role: 'definition', kind: 'volume', scope: podScope });
      }
    }
  }

  const spec = objAt(o.object, 'spec');
  const selectorAt = podSelectorLocation(o.kind);
  if (selectorAt === undefined || ctx.namesOnly === true) return;
  const selectorPath = [...base, ...selectorAt.path];
  const selector = addSelector(ctx, selectorPath, valueAt(o.object, selectorAt.path), selectorAt.form === 'map', { namespace, owner, ownerKind: o.kind });
  if (o.kind === 'Service' && selector !== undefined) {
    for (const [i, port] of objectItemsAt(spec, 'ports')) {
      const target = prop(port, 'targetPort');
      const path = [...base, 'spec', 'ports', i, 'targetPort'];
      const range = typeof target === 'string' && target !== '' ? scalarRange(ctx, path) : undefined;
      if (range === undefined || typeof target !== 'string') continue;
      const entry: NameEntry = {
        uri: ctx.snapshot.uri,
        documentIndex: ctx.doc.index,
        range,
        role: 'reference',
        kind: 'port',
        name: target,
        scope: '',
        path,
        optional: false,
      };
      ctx.acc.targetPorts.push({ entry, selector });
    }
  }
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let v = root;
  for (const k of path) v = prop(v, k);
  return v;
}

function addLabelSet(
  ctx: DocContext,
  metadataPath: FieldPath,
  metadata: unknown,
  info: { namespace: string; owner: string; selectable: boolean; podScope: string | undefined },
): void {
  const labelsValue = prop(metadata, 'labels');
  if (!isObject(labelsValue) || ctx.namesOnly === true) return;
  const path = [...metadataPath, 'labels'];
  const setKeyRange = keyRange(ctx, path);
  if (setKeyRange === undefined) return;
  const entries: LabelEntry[] = [];
  const labels = labelsOf(labelsValue);
  for (const [key, value] of Object.entries(labels)) {
    const kr = keyRange(ctx, [...path, key]);
    if (kr === undefined) continue;
    const vr = scalarRange(ctx, [...path, key]);
    entries.push({ key, value, keyRange: kr, ...(vr === undefined ? {} : { valueRange: vr }) });
  }
  ctx.acc.labelSets.push({
    uri: ctx.snapshot.uri,
    documentIndex: ctx.doc.index,
    namespace: info.namespace,
    owner: info.owner,
    path,
    keyRange: setKeyRange,
    labels,
    entries,
    selectable: info.selectable,
    ...(info.podScope === undefined ? {} : { podScope: info.podScope }),
  });
}

function addSelector(
  ctx: DocContext,
  path: FieldPath,
  value: unknown,
  isMapSelector: boolean,
  info: { namespace: string; owner: string; ownerKind: string },
): SelectorInfo | undefined {
  if (!isObject(value)) return undefined;
  const kr = keyRange(ctx, path);
  const node = nodeAt(ctx.doc, path);
  if (kr === undefined || node === undefined) return undefined;
  let selector: ParsedSelector;
  const terms: SelectorTerm[] = [];
  if (isMapSelector) {
    selector = mapAsSelector(value);
    collectMapTerms(ctx, path, value, terms);
  } else {
    const parsed = labelSelectorAsSelector(value);
    if (!parsed.ok) return undefined;
    selector = parsed.selector;
    collectMapTerms(ctx, [...path, 'matchLabels'], objAt(value, 'matchLabels'), terms);
    for (const [i, expr] of objectItemsAt(value, 'matchExpressions')) {
      const key = strAt(expr, 'key');
      const keyTextRange = scalarRange(ctx, [...path, 'matchExpressions', i, 'key']);
      if (key === undefined || keyTextRange === undefined) continue;
      const values: { value: string; range: OffsetRange }[] = [];
      (arrAt(expr, 'values') ?? []).forEach((v, j) => {
        const r = scalarRange(ctx, [...path, 'matchExpressions', i, 'values', j]);
        if (typeof v === 'string' && r !== undefined) values.push({ value: v, range: r });
      });
      terms.push({ key, keyRange: keyTextRange, values });
    }
  }
  // A selector without requirements selects everything (LabelSelector) or nothing (Service): not a link.
  if (selector.nothing === true || selector.requirements.length === 0) return undefined;
  const info2: SelectorInfo = {
    uri: ctx.snapshot.uri,
    documentIndex: ctx.doc.index,
    namespace: info.namespace,
    owner: info.owner,
    ownerKind: info.ownerKind,
    path,
    keyRange: kr,
    range: fileRange(ctx.doc, node),
    selector,
    terms,
  };
  ctx.acc.selectors.push(info2);
  return info2;
}

function collectMapTerms(ctx: DocContext, path: FieldPath, map: unknown, terms: SelectorTerm[]): void {
  for (const [key, value] of Object.entries(labelsOf(map))) {
    const kr = keyRange(ctx, [...path, key]);
    if (kr === undefined) continue;
    const vr = scalarRange(ctx, [...path, key]);
    terms.push({ key, keyRange: kr, values: vr === undefined ? [] : [{ value, range: vr }] });
  }
}

function collectPodSpec(ctx: DocContext, spec: unknown, specPath: FieldPath, podScope: string, namespace: string): void {
  if (!isObject(spec)) return;
  const ref = (path: FieldPath, name: unknown, kind: NameKind, scope: string, optional = false, detail?: string): void => {
    addName(ctx, path, name, { role: 'reference', kind, scope, optional, ...(detail === undefined ? {} : { detail }) });
  };
  ref([...specPath, 'serviceAccountName'], prop(spec, 'serviceAccountName'), 'ServiceAccount', namespace);
  if (prop(spec, 'serviceAccountName') === undefined) ref([...specPath, 'serviceAccount'], prop(spec, 'serviceAccount'), 'ServiceAccount', namespace);
  for (const [i, s] of objectItemsAt(spec, 'imagePullSecrets')) ref([...specPath, 'imagePullSecrets', i, 'name'], prop(s, 'name'), 'Secret', namespace);

  // Object references with optional item keys: a ConfigMap or Secret volume source or projection.
  const source = (path: FieldPath, src: unknown, kind: 'ConfigMap' | 'Secret', nameField: string): void => {
    if (!isObject(src)) return;
    const objName = strAt(src, nameField);
    const optional = boolAt(src, 'optional') === true;
    ref([...path, nameField], objName, kind, namespace, optional);
    if (objName === undefined) return;
    for (const [j, item] of objectItemsAt(src, 'items')) {
      ref([...path, 'items', j, 'key'], prop(item, 'key'), kind === 'ConfigMap' ? 'configMapKey' : 'secretKey', `${namespace}/${objName}`, optional, kind);
    }
  };
  const downward = (path: FieldPath, src: unknown): void => {
    for (const [j, item] of objectItemsAt(src, 'items')) {
      const rf = objAt(item, 'resourceFieldRef');
      ref([...path, 'items', j, 'resourceFieldRef', 'containerName'], prop(rf, 'containerName'), 'container', podScope);
    }
  };

  for (const [i, volume] of objectItemsAt(spec, 'volumes')) {
    const vp = [...specPath, 'volumes', i];
    addName(ctx, [...vp, 'name'], prop(volume, 'name'), { role: 'definition', kind: 'volume', scope: podScope });
    source([...vp, 'configMap'], prop(volume, 'configMap'), 'ConfigMap', 'name');
    source([...vp, 'secret'], prop(volume, 'secret'), 'Secret', 'secretName');
    const pvc = objAt(volume, 'persistentVolumeClaim');
    ref([...vp, 'persistentVolumeClaim', 'claimName'], prop(pvc, 'claimName'), 'PersistentVolumeClaim', namespace);
    downward([...vp, 'downwardAPI'], prop(volume, 'downwardAPI'));
    for (const [k, src] of objectItemsAt(objAt(volume, 'projected'), 'sources')) {
      const sp = [...vp, 'projected', 'sources', k];
      source([...sp, 'configMap'], prop(src, 'configMap'), 'ConfigMap', 'name');
      source([...sp, 'secret'], prop(src, 'secret'), 'Secret', 'name');
      downward([...sp, 'downwardAPI'], prop(src, 'downwardAPI'));
    }
  }

  for (const list of CONTAINER_LISTS) {
    for (const [i, container] of objectItemsAt(spec, list)) {
      const cp = [...specPath, list, i];
      addName(ctx, [...cp, 'name'], prop(container, 'name'), { role: 'definition', kind: 'container', scope: podScope });
      for (const [j, port] of objectItemsAt(container, 'ports')) {
        addName(ctx, [...cp, 'ports', j, 'name'], prop(port, 'name'), { role: 'definition', kind: 'port', scope: podScope });
      }
      for (const field of ['volumeMounts', 'volumeDevices']) {
        for (const [j, mount] of objectItemsAt(container, field)) ref([...cp, field, j, 'name'], prop(mount, 'name'), 'volume', podScope);
      }
      for (const [j, env] of objectItemsAt(container, 'env')) {
        const from = objAt(env, 'valueFrom');
        const ep = [...cp, 'env', j, 'valueFrom'];
        for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
          const keyRef = objAt(from, field);
          if (keyRef === undefined) continue;
          const objName = strAt(keyRef, 'name');
          const optional = boolAt(keyRef, 'optional') === true;
          ref([...ep, field, 'name'], objName, kind, namespace, optional);
          if (objName !== undefined) {
            ref([...ep, field, 'key'], prop(keyRef, 'key'), kind === 'ConfigMap' ? 'configMapKey' : 'secretKey', `${namespace}/${objName}`, optional, kind);
          }
        }
        ref([...ep, 'resourceFieldRef', 'containerName'], prop(objAt(from, 'resourceFieldRef'), 'containerName'), 'container', podScope);
      }
      for (const [j, envFrom] of objectItemsAt(container, 'envFrom')) {
        for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
          const r = objAt(envFrom, field);
          if (r !== undefined) ref([...cp, 'envFrom', j, field, 'name'], prop(r, 'name'), kind, namespace, boolAt(r, 'optional') === true);
        }
      }
      // Pushed onto a literal, not onto `map`'s result: that array is sometimes holey, and a push onto the other kind
      // throws away this function's optimised code, which each worker of `podls check` takes long to compile.
      const handlers: Array<[FieldPath, unknown]> = [];
      for (const p of PROBES) handlers.push([[...cp, p], prop(container, p)]);
      for (const hook of ['postStart', 'preStop']) handlers.push([[...cp, 'lifecycle', hook], prop(objAt(container, 'lifecycle'), hook)]);
      for (const [hp, handler] of handlers) {
        for (const action of ['httpGet', 'tcpSocket', 'grpc']) {
          const port = prop(objAt(handler, action), 'port');
          if (typeof port === 'string') ref([...hp, action, 'port'], port, 'port', podScope);
        }
      }
    }
  }
}
