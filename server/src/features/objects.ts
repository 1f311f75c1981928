/**
 * The Kubernetes objects of a parsed YAML document, as the rules, the workspace index and the cross-file rules see
 * them. Kept apart from diagnostics and navigation so that both read it without importing each other.
 */
import type { FieldPath } from '../document/field-path';
import type { YamlDocument } from '../document/snapshot';

/** One object of a document: its kind, apiVersion, plain JSON value and path from the document root. */
export interface DocumentObject {
  readonly kind: string;
  readonly apiVersion: string;
  /** The object as plain JSON (`YamlDocument.value`, or a `kind: List` item's value). */
  readonly object: unknown;
  /** `[]`, or `['items', i]` for an item of a List (0-based i). */
  readonly basePath: FieldPath;
}

/**
 * The objects of a document: itself, or its items for `kind: List`. Documents and items without a string `kind` and
 * `apiVersion` have none (the schema check reports them).
 */
export function objectsOf(doc: YamlDocument): DocumentObject[] {
  if (doc.items !== undefined) {
    return doc.items
      .filter((item) => item.kind !== undefined && item.apiVersion !== undefined)
      .map((item) => ({ kind: item.kind ?? '', apiVersion: item.apiVersion ?? '', object: item.value, basePath: item.basePath }));
  }
  if (doc.kind === undefined || doc.apiVersion === undefined) return [];
  return [{ kind: doc.kind, apiVersion: doc.apiVersion, object: doc.value, basePath: [] }];
}
