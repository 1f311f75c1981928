/**
 * The Kubernetes object a cursor is in: the document, or the `kind: List` item, with its kind as the
 * schema knows it. Shared by hover and completion.
 */
import type { Locus } from '../document/locate';
import type { FieldPath } from '../document/field-path';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import type { KindInfo } from '../schema/model';
import type { SchemaIndex } from '../schema/lookup';
import { apiVersionText } from './schema-view';

/** The object a locus is in. `kind` is set when apiVersion/kind name a modelled kind. */
export interface ObjectAtCursor {
  readonly document: YamlDocument | undefined;
  /** `apiVersion` of the object when it is a string. */
  readonly apiVersion?: string;
  /** `kind` of the object when it is a string. */
  readonly kindName?: string;
  readonly kind?: KindInfo;
}

function itemValue(doc: YamlDocument, item: number | undefined): { apiVersion?: string; kind?: string } {
  if (item === undefined) return { ...(doc.apiVersion === undefined ? {} : { apiVersion: doc.apiVersion }), ...(doc.kind === undefined ? {} : { kind: doc.kind }) };
  const it = doc.items?.[item];
  if (it === undefined) return {};
  return { ...(it.apiVersion === undefined ? {} : { apiVersion: it.apiVersion }), ...(it.kind === undefined ? {} : { kind: it.kind }) };
}

/** Finds the object (document or List item) of a locus and its kind. */
export function objectAt(snapshot: Snapshot, locus: Locus, index: SchemaIndex): ObjectAtCursor {
  const document = snapshot.documents[locus.documentIndex];
  if (document === undefined) return { document };
  const { apiVersion, kind: kindName } = itemValue(document, locus.item);
  const kind = apiVersion !== undefined && kindName !== undefined ? index.kindFor(apiVersion, kindName) : undefined;
  return {
    document,
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(kindName === undefined ? {} : { kindName }),
    ...(kind === undefined ? {} : { kind }),
  };
}

/** The resource argument kubectl explain takes for a kind: `pods`, `deployments.apps`. */
export function explainResource(kind: KindInfo): string {
  return kind.group === '' ? kind.resource : `${kind.resource}.${kind.group}`;
}

/** The `apiVersion` of a kind (`v1`, `apps/v1`), for explain's `--api-version`. */
export function kindApiVersion(kind: KindInfo): string {
  return apiVersionText(kind);
}

/**
 * The object a path of a document belongs to, as `Kind/name` (name from `metadata.name`, else `generateName`,
 * else empty): the List item whose path the path starts with, else the document's own object.
 */
export function objectLabel(doc: YamlDocument, path: FieldPath = []): string | undefined {
  for (const item of doc.items ?? []) {
    if (item.kind === undefined) continue;
    if (item.basePath.every((s, i) => path[i] === s)) return `${item.kind}/${nameOf(item.value)}`;
  }
  return doc.kind === undefined ? undefined : `${doc.kind}/${nameOf(doc.value)}`;
}

function nameOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return '';
  const meta = (value as Record<string, unknown>)['metadata'];
  if (meta === null || typeof meta !== 'object') return '';
  const m = meta as Record<string, unknown>;
  const name = m['name'] ?? m['generateName'];
  return typeof name === 'string' ? name : '';
}
