/**
 * `textDocument/references`: the reverse of {@link definition}.
 *
 * - a volume name -> its `volumeMounts`/`volumeDevices`; a named `containerPort` -> the probes and lifecycle
 *   handlers of the Pod that use it and the `targetPort`s of Services selecting the Pod; a container name ->
 *   `resourceFieldRef.containerName` and the `kubectl.kubernetes.io/default-container` annotation;
 * - a ConfigMap, Secret, PVC or ServiceAccount (`metadata.name`, or any reference to it) -> every reference
 *   in the workspace (same namespace); a ConfigMap or Secret data key -> the `key`s naming it;
 * - a label key or value in `metadata.labels` (Pods, pod templates) -> the terms of every selector in the
 *   workspace that selects those labels and uses the key (the value); on the `labels` key, every selector
 *   that selects them;
 * - a selector term -> the labels it selects (as definition does).
 */
import type { Snapshot } from '../../document/snapshot';
import { definitionIn } from './definition';
import { labelTargetAt, relatedNames } from './related';
import { buildWorkspaceIndex, namesAt, rangeContains, selects, uniqueLocations } from './workspace-index';
import type { NavigationCache, NavLocation } from './workspace-index';

/**
 * The references to what is at `offset` (0-based UTF-16 file offset) in `snapshot`, across the workspace
 * `snapshots`; definitions (and the label under the cursor) are included when `includeDeclaration` is true.
 * Sorted by URI and offset; empty when the cursor is on nothing referenceable. `cache`: see `NavigationCache`.
 */
export function references(
  snapshots: readonly Snapshot[],
  snapshot: Snapshot,
  offset: number,
  includeDeclaration = true,
  cache?: NavigationCache,
): NavLocation[] {
  const index = buildWorkspaceIndex(snapshots, snapshot, cache);
  const uri = snapshot.uri;
  const names = namesAt(index, uri, offset);
  if (names.length > 0) {
    return uniqueLocations(relatedNames(index, names).filter((n) => includeDeclaration || n.role === 'reference'));
  }
  const label = labelTargetAt(index, uri, offset);
  if (label !== undefined && 'set' in label) {
    const out: NavLocation[] = includeDeclaration ? [{ uri, range: label.range }] : [];
    for (const selector of index.selectors) {
      if (!selects(selector, label.set)) continue;
      for (const term of selector.terms) {
        if (term.key !== label.key) continue;
        if (label.on === 'key') out.push({ uri: selector.uri, range: term.keyRange });
        else for (const v of term.values) if (v.value === label.value) out.push({ uri: selector.uri, range: v.range });
      }
    }
    return uniqueLocations(out);
  }
  if (label !== undefined) {
    const out = definitionIn(index, uri, offset);
    return uniqueLocations(includeDeclaration ? [...out, { uri, range: label.range }] : out);
  }
  const set = index.labelSets.find((s) => s.uri === uri && rangeContains(s.keyRange, offset));
  if (set !== undefined) {
    const out: NavLocation[] = includeDeclaration ? [{ uri, range: set.keyRange }] : [];
    for (const selector of index.selectors) if (selects(selector, set)) out.push({ uri: selector.uri, range: selector.keyRange });
    return uniqueLocations(out);
  }
  const selector = index.selectors.find((s) => s.uri === uri && (rangeContains(s.keyRange, offset) || rangeContains(s.range, offset)));
  if (selector !== undefined) {
    const out = definitionIn(index, uri, offset);
    return uniqueLocations(includeDeclaration ? [...out, { uri, range: selector.keyRange }] : out);
  }
  return [];
}
