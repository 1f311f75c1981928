/**
 * `textDocument/definition`: from a reference to what it names.
 *
 * - `volumeMounts[].name`/`volumeDevices[].name` -> the volume of the same Pod spec;
 * - a probe or lifecycle handler `port: <name>`, or a Service `targetPort: <name>` -> the `containerPort`s
 *   with that name (any container of the Pod; every Pod the Service selects);
 * - ConfigMap, Secret, PVC and ServiceAccount references -> the object's `metadata.name` (same namespace);
 *   `configMapKeyRef.key`, `secretKeyRef.key`, `items[].key` -> the key in `data`/`binaryData`/`stringData`;
 * - `resourceFieldRef.containerName`, the `kubectl.kubernetes.io/default-container` annotation -> the container;
 * - a Pod selector (Service/ReplicationController `spec.selector`, workload `spec.selector`,
 *   NetworkPolicy `spec.podSelector`) -> the labels of the Pods and pod templates it selects: on a key or a
 *   value, the matching label key or value; elsewhere in the selector, each selected `labels` key.
 * On a definition, the definition itself.
 */
import type { Snapshot } from '../../document/snapshot';
import { labelTargetAt } from './related';
import { buildWorkspaceIndex, namesAt, rangeContains, selectedSets, uniqueLocations } from './workspace-index';
import type { NavigationCache, NavLocation, WorkspaceIndex } from './workspace-index';

/**
 * The definitions of what is at `offset` (0-based UTF-16 file offset) in `snapshot`, searched in the
 * workspace `snapshots` (`snapshot` replaces an older version of its file; `cache` speeds up repeated calls). Sorted by URI and offset;
 * empty when the cursor is on nothing that names something or nothing is found.
 */
export function definition(snapshots: readonly Snapshot[], snapshot: Snapshot, offset: number, cache?: NavigationCache): NavLocation[] {
  return definitionIn(buildWorkspaceIndex(snapshots, snapshot, cache), snapshot.uri, offset);
}

/** {@link definition} over a prebuilt index. */
export function definitionIn(index: WorkspaceIndex, uri: string, offset: number): NavLocation[] {
  const names = namesAt(index, uri, offset);
  if (names.length > 0) {
    const out: NavLocation[] = [];
    for (const n of names) {
      if (n.role === 'definition') {
        out.push(n);
        continue;
      }
      for (const d of index.names) {
        if (d.role === 'definition' && d.kind === n.kind && d.scope === n.scope && d.name === n.name) out.push(d);
      }
    }
    return uniqueLocations(out);
  }
  const label = labelTargetAt(index, uri, offset);
  if (label !== undefined && 'selector' in label) {
    const out: NavLocation[] = [];
    for (const set of selectedSets(index, label.selector)) {
      const entry = set.entries.find((e) => e.key === label.key);
      const range = entry === undefined ? set.keyRange : label.on === 'value' && entry.valueRange !== undefined ? entry.valueRange : entry.keyRange;
      out.push({ uri: set.uri, range });
    }
    return uniqueLocations(out);
  }
  const selector = index.selectors.find((s) => s.uri === uri && (rangeContains(s.keyRange, offset) || rangeContains(s.range, offset)));
  if (selector !== undefined) {
    return uniqueLocations(selectedSets(index, selector).map((set) => ({ uri: set.uri, range: set.keyRange })));
  }
  return [];
}
