/**
 * Completion of names defined elsewhere, as values of the fields that reference them:
 * - `volumeMounts[].name`, `volumeDevices[].name`: the volumes of the Pod spec;
 * - probe and lifecycle handler `httpGet.port`/`tcpSocket.port`: the named container ports of the Pod;
 *   a Service's `spec.ports[].targetPort`: the named ports of the Pods it selects;
 * - `resourceFieldRef.containerName`: the containers of the Pod;
 * - `configMapKeyRef.name`, `configMapRef.name`, volume and projection `configMap.name`: ConfigMaps;
 *   `secretKeyRef.name`, `secretRef.name`, volume `secret.secretName`, projection `secret.name`,
 *   `imagePullSecrets[].name`: Secrets; `persistentVolumeClaim.claimName`: PVCs;
 *   `serviceAccountName`/`serviceAccount`: ServiceAccounts (all from the workspace, same namespace);
 * - `configMapKeyRef.key`, `secretKeyRef.key`, `configMap.items[].key`, `secret.items[].key`: the data keys of
 *   the ConfigMap or Secret named next to them;
 * - label selectors (`spec.selector` maps, `matchLabels`, `matchExpressions[].key`/`values`): label keys and
 *   values of the Pods and pod templates in the namespace; `metadata.labels` (Pods, templates): label keys
 *   and values used by selectors in the namespace.
 * Candidates are {@link CompletionCandidate}s of kind `value`, so the lead can merge them with `complete`'s.
 */
import { segmentKey } from '../../document/field-path';
import type { FieldPath } from '../../document/field-path';
import { locate } from '../../document/locate';
import type { Locus } from '../../document/locate';
import type { Snapshot } from '../../document/snapshot';
import { isObject, prop, strAt } from '../../rules/json';
import type { OffsetRange } from '../../util/range';
import type { CompletionCandidate } from '../completion';
import { classifyPlain } from '../yaml-scalar';
import { buildWorkspaceIndex, selectedSets, valueAtPath, workspaceWith } from './workspace-index';
import type { NameEntry, NameKind, NavigationCache, ObjectInfo, WorkspaceIndex } from './workspace-index';

const HANDLERS: ReadonlySet<string> = new Set(['livenessProbe', 'readinessProbe', 'startupProbe', 'postStart', 'preStop']);

/**
 * Name candidates at `offset` (0-based UTF-16 file offset) in `snapshot`, from the workspace `snapshots` (a function:
 * called only where a name may complete, so that completion of a field name reads the cursor's document alone).
 * Sorted by label; empty when the cursor is not on a field that references a name. `cache`: see `NavigationCache`.
 * `locus`: what `locate(snapshot, offset)` found, when the caller has it already.
 */
export function nameCompletions(
  snapshots: () => readonly Snapshot[],
  snapshot: Snapshot,
  offset: number,
  cache?: NavigationCache,
  locus: Locus | undefined = locate(snapshot, offset),
): CompletionCandidate[] {
  if (locus === undefined || !mayNameSomething(locus)) return [];
  const workspace = snapshots();
  const index = buildWorkspaceIndex(workspace, snapshot, cache);
  const doc = snapshot.documents[locus.documentIndex];
  const base: FieldPath = locus.item === undefined ? [] : ['items', locus.item];
  const object = index.objects.find((o) => o.uri === snapshot.uri && o.documentIndex === locus.documentIndex && samePath(o.basePath, base));
  if (doc === undefined || object === undefined) return [];
  const ctx: Ctx = { index, snapshots: workspaceWith(workspace, snapshot), snapshot, locus, object, objectValue: valueAtPath(doc.value, base) };
  const candidates = locus.role === 'key' || locus.role === 'new-key' ? keyCandidates(ctx) : valueCandidates(ctx);
  const byLabel = new Map<string, CompletionCandidate>();
  for (const c of candidates) if (!byLabel.has(c.label)) byLabel.set(c.label, c);
  return [...byLabel.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Fields whose values name a volume, port, container, object or key (the value cases of {@link valueCandidates}). */
const NAMING_FIELDS: ReadonlySet<string> = new Set(['name', 'port', 'containerName', 'targetPort', 'secretName', 'claimName', 'serviceAccountName', 'serviceAccount', 'key']);

/** Maps whose keys and values are labels: selectors and `labels`. */
const LABEL_MAPS: ReadonlySet<string> = new Set(['selector', 'matchLabels', 'labels']);

/**
 * True when the cursor may be where a name completes (a superset of the cases below), so that completion elsewhere
 * does not merge the workspace index: most completions are of field names, which the schema answers alone.
 */
function mayNameSomething(locus: Locus): boolean {
  if (locus.role === 'key' || locus.role === 'new-key') {
    const map = strings(locus.parentPath);
    return LABEL_MAPS.has(map[map.length - 1] ?? '');
  }
  const p = strings(locus.path);
  return NAMING_FIELDS.has(p[p.length - 1] ?? '') || LABEL_MAPS.has(p[p.length - 2] ?? '') || p.includes('values');
}

interface Ctx {
  readonly index: WorkspaceIndex;
  readonly snapshots: readonly Snapshot[];
  readonly snapshot: Snapshot;
  readonly locus: Locus;
  readonly object: ObjectInfo;
  /** The object at the cursor as plain data. */
  readonly objectValue: unknown;
}

type Draft = { readonly label: string; readonly detail: string };

function strings(path: FieldPath): string[] {
  return path.map((s) => String(segmentKey(s)));
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  const sa = strings(a);
  const sb = strings(b);
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

function endsWith(path: readonly string[], ...tail: string[]): boolean {
  if (path.length < tail.length) return false;
  return tail.every((t, i) => t === '*' || path[path.length - tail.length + i] === t);
}

function valueCandidates(ctx: Ctx): CompletionCandidate[] {
  const p = strings(ctx.locus.objectPath);
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  const drafts: Draft[] = [];
  const podNames = (kind: NameKind): void => {
    for (const n of ctx.index.names) {
      if (n.role === 'definition' && n.kind === kind && n.scope === ctx.object.podScope) drafts.push({ label: n.name, detail: nameDetail(ctx, n) });
    }
  };
  const objects = (kind: NameKind): void => {
    for (const n of ctx.index.names) {
      if (n.role === 'definition' && n.kind === kind && n.scope === ctx.object.namespace) drafts.push({ label: n.name, detail: `${kind} in ${fileName(n.uri)}` });
    }
  };
  const keys = (holder: FieldPath, kind: 'configMapKey' | 'secretKey', nameField: string): void => {
    const objName = strAt(valueAtPath(ctx.objectValue, holder), nameField);
    if (objName === undefined) return;
    const owner = kind === 'configMapKey' ? 'ConfigMap' : 'Secret';
    for (const n of ctx.index.names) {
      if (n.role === 'definition' && n.kind === kind && n.scope === `${ctx.object.namespace}/${objName}`) drafts.push({ label: n.name, detail: `key of ${owner} ${objName}` });
    }
  };
  const rel = ctx.locus.objectPath;
  const inPod = ctx.object.podScope !== undefined;

  if (inPod && last === 'name' && (endsWith(p, 'volumeMounts', '*', 'name') || endsWith(p, 'volumeDevices', '*', 'name'))) podNames('volume');
  else if (inPod && last === 'port' && (parent === 'httpGet' || parent === 'tcpSocket') && HANDLERS.has(p[p.length - 3] ?? '')) podNames('port');
  else if (inPod && endsWith(p, 'resourceFieldRef', 'containerName')) podNames('container');
  else if (ctx.object.kind === 'Service' && endsWith(p, 'spec', 'ports', '*', 'targetPort') && p.length === 4) serviceTargetPorts(ctx, drafts);
  else if (endsWith(p, 'configMapKeyRef', 'name') || endsWith(p, 'configMapRef', 'name') || endsWith(p, 'configMap', 'name')) objects('ConfigMap');
  else if (endsWith(p, 'secretKeyRef', 'name') || endsWith(p, 'secretRef', 'name') || endsWith(p, 'secret', 'secretName') || endsWith(p, 'secret', 'name') || endsWith(p, 'imagePullSecrets', '*', 'name')) objects('Secret');
  else if (endsWith(p, 'persistentVolumeClaim', 'claimName')) objects('PersistentVolumeClaim');
  else if (inPod && (last === 'serviceAccountName' || last === 'serviceAccount')) objects('ServiceAccount');
  else if (endsWith(p, 'configMapKeyRef', 'key')) keys(rel.slice(0, -1), 'configMapKey', 'name');
  else if (endsWith(p, 'secretKeyRef', 'key')) keys(rel.slice(0, -1), 'secretKey', 'name');
  else if (endsWith(p, 'configMap', 'items', '*', 'key')) keys(rel.slice(0, -3), 'configMapKey', 'name');
  else if (endsWith(p, 'secret', 'items', '*', 'key')) keys(rel.slice(0, -3), 'secretKey', endsWith(p, 'projected', 'sources', '*', 'secret', 'items', '*', 'key') ? 'name' : 'secretName');
  else if (endsWith(p, 'matchExpressions', '*', 'key')) labelKeysFromSets(ctx, drafts);
  else if (endsWith(p, 'matchExpressions', '*', 'values', '*')) {
    const key = strAt(valueAtPath(ctx.objectValue, rel.slice(0, -2)), 'key');
    if (key !== undefined) labelValuesFromSets(ctx, key, drafts);
  } else if (p.length >= 2 && isSelectorMap(ctx, p.slice(0, -1))) labelValuesFromSets(ctx, last ?? '', drafts);
  else if (p.length >= 2 && isLabelsMap(ctx, p.slice(0, -1))) labelValuesFromSelectors(ctx, last ?? '', drafts);
  return drafts.map((d) => candidate(d, valueText(d.label), ctx.locus.valueRange));
}

function keyCandidates(ctx: Ctx): CompletionCandidate[] {
  const parent = strings(ctx.locus.parentPath.slice(ctx.locus.item === undefined ? 0 : 2));
  const drafts: Draft[] = [];
  if (isSelectorMap(ctx, parent)) labelKeysFromSets(ctx, drafts);
  else if (isLabelsMap(ctx, parent)) labelKeysFromSelectors(ctx, drafts);
  const present = new Set(ctx.locus.siblingKeys);
  const suffix = ctx.locus.role === 'new-key' ? ': ' : '';
  return drafts.filter((d) => !present.has(d.label)).map((d) => candidate(d, valueText(d.label) + suffix, ctx.locus.keyRange));
}

function candidate(d: Draft, insertText: string, replaceRange: OffsetRange | undefined): CompletionCandidate {
  return { label: d.label, kind: 'value', detail: d.detail, insertText, sortText: `0_${d.label}`, ...(replaceRange === undefined ? {} : { replaceRange }) };
}

/** A Service `spec.selector`, a `matchLabels`, an RC `spec.selector` (object-relative path of the map). */
function isSelectorMap(ctx: Ctx, mapPath: readonly string[]): boolean {
  const kind = ctx.object.kind;
  if ((kind === 'Service' || kind === 'ReplicationController') && mapPath.join('.') === 'spec.selector') return true;
  return mapPath[mapPath.length - 1] === 'matchLabels';
}

/** Pod `metadata.labels` or a pod template's `metadata.labels` (object-relative path of the map). */
function isLabelsMap(ctx: Ctx, mapPath: readonly string[]): boolean {
  if (!endsWith(mapPath, 'metadata', 'labels')) return false;
  const metadata = mapPath.slice(0, -1).join('.');
  if (ctx.object.kind === 'Pod') return metadata === 'metadata';
  return ctx.object.specPath !== undefined && metadata !== 'metadata' && mapPath.length >= 3;
}

function labelKeysFromSets(ctx: Ctx, drafts: Draft[]): void {
  for (const set of ctx.index.labelSets) {
    if (!set.selectable || set.namespace !== ctx.object.namespace) continue;
    for (const e of set.entries) drafts.push({ label: e.key, detail: `label of ${set.owner}` });
  }
}

function labelValuesFromSets(ctx: Ctx, key: string, drafts: Draft[]): void {
  for (const set of ctx.index.labelSets) {
    if (!set.selectable || set.namespace !== ctx.object.namespace) continue;
    for (const e of set.entries) if (e.key === key) drafts.push({ label: e.value, detail: `${key} of ${set.owner}` });
  }
}

function labelKeysFromSelectors(ctx: Ctx, drafts: Draft[]): void {
  for (const sel of ctx.index.selectors) {
    if (sel.namespace !== ctx.object.namespace) continue;
    for (const t of sel.terms) drafts.push({ label: t.key, detail: `selected by ${sel.owner}` });
  }
}

function labelValuesFromSelectors(ctx: Ctx, key: string, drafts: Draft[]): void {
  for (const sel of ctx.index.selectors) {
    if (sel.namespace !== ctx.object.namespace) continue;
    for (const t of sel.terms) if (t.key === key) for (const v of t.values) drafts.push({ label: v.value, detail: `selected by ${sel.owner}` });
  }
}

function serviceTargetPorts(ctx: Ctx, drafts: Draft[]): void {
  const selector = ctx.index.selectors.find(
    (s) => s.uri === ctx.object.uri && s.documentIndex === ctx.object.documentIndex && samePath(s.path.slice(0, ctx.object.basePath.length), ctx.object.basePath),
  );
  if (selector === undefined) return;
  const scopes = new Set(selectedSets(ctx.index, selector).map((set) => set.podScope));
  for (const n of ctx.index.names) {
    if (n.role === 'definition' && n.kind === 'port' && scopes.has(n.scope)) drafts.push({ label: n.name, detail: nameDetail(ctx, n) });
  }
}

/** `containerPort 8080/TCP` for ports, `volume (configMap)` for volumes, the image for containers. */
function nameDetail(ctx: Ctx, n: NameEntry): string {
  const doc = ctx.snapshots.find((s) => s.uri === n.uri)?.documents[n.documentIndex];
  const holder = valueAtPath(doc?.value, n.path.slice(0, -1));
  if (!isObject(holder)) return n.kind;
  if (n.kind === 'port') {
    const port = prop(holder, 'containerPort');
    const protocol = strAt(holder, 'protocol') ?? 'TCP';
    return typeof port === 'number' ? `containerPort ${port}/${protocol}` : 'containerPort';
  }
  if (n.kind === 'volume') {
    const source = Object.keys(holder).find((k) => k !== 'name');
    return source === undefined ? 'volume' : `volume (${source})`;
  }
  if (n.kind === 'container') return `container (${strAt(holder, 'image') ?? 'no image'})`;
  return n.kind;
}

function fileName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? uri : uri.slice(i + 1);
}

/** The text of a name as a YAML value: plain when it stays a string, double-quoted otherwise. */
function valueText(name: string): string {
  return classifyPlain(name).type === 'string' && /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(name) ? name : JSON.stringify(name);
}
