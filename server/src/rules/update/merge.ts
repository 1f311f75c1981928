/**
 * What `kubectl apply` (client-side) makes of a new manifest: a three-way strategic merge of the last applied
 * configuration (the previous revision of the file), the new file and the live object.
 *
 * Follows kubectl's `apply` (k8s.io/kubectl/pkg/cmd/apply, strategicpatch.CreateThreeWayMergePatch) as described in
 * ../shared/apiserver-update-rules.md §0.1: fields changed or added in the new file are set; fields the previous file
 * had and the new one lacks are deleted; fields only the live object has (defaults, an allocated `clusterIP`, a Job's
 * generated selector and labels) survive. Lists with a patch merge key (`containers` by `name`, `ports` by
 * `containerPort` or `port`, ...) merge item by item; other lists are replaced whole. `null` in the new file deletes.
 * Pure: plain JSON in, new plain JSON out; nothing is mutated.
 */
import { isObject } from '../json';
import type { JsonObject } from '../rule';

/**
 * The patch merge key of a list field, from the `patchMergeKey` tags of the Kubernetes API types (core/v1, apps/v1,
 * meta/v1), by the list's field name and the name of the field holding its owner (`ports` of a container vs of a
 * Service spec). `''` marks a list of scalars merged by value (`finalizers`). Undefined: replaced whole.
 */
export function mergeKeyOf(field: string, ownerField: string | number | undefined): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
    case 'env':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ownerReferences':
      return 'uid';
    case 'finalizers':
      return '';
    case 'ports':
      // Container ports sit in an item of a container list (`containers[i].ports`); Service ports in `spec.ports`.
      if (ownerField === 'containers' || ownerField === 'initContainers' || ownerField === 'ephemeralContainers') return 'containerPort';
      return ownerField === 'spec' ? 'port' : undefined;
    default:
      return undefined;
  }
}

/** True for a value the merge treats as absent: undefined or null. */
function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

function itemKey(item: unknown, mergeKey: string): string | undefined {
  if (mergeKey === '') return typeof item === 'string' || typeof item === 'number' ? String(item) : undefined;
  if (!isObject(item)) return undefined;
  const k = item[mergeKey];
  return typeof k === 'string' || typeof k === 'number' ? String(k) : undefined;
}

function mergeList(live: readonly unknown[], original: readonly unknown[] | undefined, modified: readonly unknown[], mergeKey: string, field: string): unknown[] {
  const liveByKey = new Map<string, unknown>();
  for (const item of live) {
    const k = itemKey(item, mergeKey);
    if (k !== undefined && !liveByKey.has(k)) liveByKey.set(k, item);
  }
  const originalByKey = new Map<string, unknown>();
  for (const item of original ?? []) {
    const k = itemKey(item, mergeKey);
    if (k !== undefined && !originalByKey.has(k)) originalByKey.set(k, item);
  }
  const out: unknown[] = [];
  const used = new Set<string>();
  for (const item of modified) {
    const k = itemKey(item, mergeKey);
    if (k === undefined) {
      out.push(item);
      continue;
    }
    used.add(k);
    const liveItem = liveByKey.get(k);
    out.push(mergeKey === '' || liveItem === undefined ? item : mergeValue(liveItem, originalByKey.get(k), item, field));
  }
  // Items only the live object has survive, unless the previous file had them (then the new file deleted them).
  for (const item of live) {
    const k = itemKey(item, mergeKey);
    if (k === undefined || used.has(k) || originalByKey.has(k)) continue;
    used.add(k);
    out.push(item);
  }
  return out;
}

function mergeValue(live: unknown, original: unknown, modified: unknown, field: string | number | undefined, ownerField?: string | number): unknown {
  // A list item is merged as an object owned by its list's field (`containers`), so its `ports` find their key.
  if (isObject(modified) && isObject(live)) return mergeObject(live, isObject(original) ? original : undefined, modified, field);
  if (Array.isArray(modified) && Array.isArray(live) && typeof field === 'string') {
    const key = mergeKeyOf(field, ownerField);
    if (key !== undefined) return mergeList(live, Array.isArray(original) ? original : undefined, modified, key, field);
  }
  return modified;
}

function mergeObject(live: JsonObject, original: JsonObject | undefined, modified: JsonObject, ownerField: string | number | undefined): JsonObject {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(live)) {
    if (Object.prototype.hasOwnProperty.call(modified, k)) continue;
    // Deleted by the new file: the previous file had it and the new one does not.
    if (original !== undefined && Object.prototype.hasOwnProperty.call(original, k) && !absent(original[k])) continue;
    out[k] = v;
  }
  for (const [k, v] of Object.entries(modified)) {
    if (absent(v)) continue;
    const liveValue = live[k];
    out[k] = absent(liveValue) ? v : mergeValue(liveValue, original?.[k], v, k, ownerField);
  }
  return out;
}

/**
 * The object `kubectl apply -f` of `modified` produces from the `live` object, `original` being the configuration
 * applied last (`kubectl.kubernetes.io/last-applied-configuration`, i.e. the previous revision of the file).
 * List items keep the new file's order (so indices in the result are those of the file), followed by items only
 * the live object has.
 */
export function applyManifest(live: JsonObject, original: JsonObject | undefined, modified: JsonObject): JsonObject {
  return mergeObject(live, original, modified, undefined);
}
