/**
 * `podls/select` and `podls select -l`: the objects of a workspace that a kubectl label selector selects.
 * An object matches when its own `metadata.labels` match, or, for workloads, when its pod template's labels
 * match (the Pods it creates would be selected).
 */
import type { Snapshot } from '../document/snapshot';
import { labelsOf, parseSelector, selectorMatches } from '../rules/label-selector';
import type { SelectResult, SelectResultItem } from '../protocol/lsp-ext';
import { podSpecLocation } from '../schema/pod-specs';
import { objectsOf } from './objects';

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * Parses `selectorText` (kubectl syntax: `app=web,tier!=db`, `env in (a,b)`, `!legacy`) and lists the matching
 * objects of `snapshots`, in file order. A malformed selector returns `{ error }` with the parser's message.
 */
export function selectInWorkspace(snapshots: readonly Snapshot[], selectorText: string): SelectResult {
  const parsed = parseSelector(selectorText);
  if (!parsed.ok) return { error: parsed.error };
  const items: SelectResultItem[] = [];
  for (const snapshot of snapshots) {
    for (const doc of snapshot.documents) {
      if (doc.template !== undefined) continue;
      for (const object of objectsOf(doc)) {
        const own = labelsOf(at(object.object, ['metadata', 'labels']));
        const location = podSpecLocation(object.kind);
        const template = location?.isTemplate ? labelsOf(at(object.object, [...location.metadataPath, 'labels'])) : undefined;
        if (!selectorMatches(parsed.selector, own) && (template === undefined || !selectorMatches(parsed.selector, template))) continue;
        const name = at(object.object, ['metadata', 'name']);
        const namespace = at(object.object, ['metadata', 'namespace']);
        items.push({
          uri: snapshot.uri,
          line: snapshot.lineIndex.positionAt(doc.range.start).line,
          kind: object.kind,
          name: typeof name === 'string' ? name : '',
          namespace: typeof namespace === 'string' ? namespace : undefined,
        });
      }
    }
  }
  return { items };
}
