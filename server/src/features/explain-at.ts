/**
 * `podls/explain` (the `podls: Explain field at cursor` command): the plain `kubectl explain` text for the
 * field under the cursor, or for the resource when the cursor is not on a field.
 */
import { locate } from '../document/locate';
import type { Snapshot } from '../document/snapshot';
import type { ExplainResult as ExtExplainResult } from '../protocol/lsp-ext';
import { explainText } from '../schema/explain';
import type { SchemaIndex } from '../schema/lookup';
import { explainResource, kindApiVersion, objectAt } from './object-kind';
import { explainPathOf, resolveFieldPath } from './schema-view';

/**
 * The explain text at `offset` (0-based UTF-16 file offset): on a key or value, its field (a key inside a
 * map-valued field such as `labels` explains the map field); elsewhere in an object, the enclosing field;
 * at the root, the resource. Undefined outside Kubernetes objects the schema knows.
 */
export function explainAt(snapshot: Snapshot, offset: number, index: SchemaIndex): ExtExplainResult | undefined {
  const locus = locate(snapshot, offset);
  if (locus === undefined) return undefined;
  const object = objectAt(snapshot, locus, index);
  if (object.kind === undefined) return undefined;
  let path = locus.role === 'key' || locus.role === 'value' ? locus.objectPath : locus.objectPath;
  // Walk up until the path names a field the schema knows (an unknown key explains its parent).
  while (path.length > 0) {
    const parent = resolveFieldPath(index, object.kind.typeId, path.slice(0, -1));
    const here = resolveFieldPath(index, object.kind.typeId, path);
    if (parent !== undefined && parent.type.kind === 'map') {
      path = path.slice(0, -1);
      continue;
    }
    if (here?.field !== undefined) break;
    path = path.slice(0, -1);
  }
  const resource = explainResource(object.kind);
  const fields = explainPathOf(path);
  const result = explainText(index, resource, fields, { recursive: false, apiVersion: kindApiVersion(object.kind) });
  if ('error' in result) return undefined;
  const singular = object.kind.singular;
  return { command: `kubectl explain ${[singular, ...fields].join('.')} --api-version=${kindApiVersion(object.kind)}`, text: result.text };
}
