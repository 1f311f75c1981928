/**
 * Semantic equality of two revisions of a value, as the apiserver's immutability checks see it
 * (`apiequality.Semantic.DeepEqual`, ../shared/apiserver-update-rules.md §0.5): map key order does not matter, an
 * empty list or map equals an absent one, an empty string equals an absent one (string fields are not pointers),
 * quantities compare by value (`1000m` = `1`, `1Gi` = `1024Mi`), and `false`/`0` equal absent for the few fields
 * that are plain (non-pointer) booleans and numbers in the API types. List order matters.
 * {@link changes} lists where two values differ, as field paths relative to the values compared.
 */
import type { FieldPath, PathSegment } from '../../document/field-path';
import { isObject } from '../json';
import { compareQuantities, parseQuantity } from '../quantity';

/** Map fields whose values are resource quantities. */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity', 'overhead', 'allocatedResources', 'hard']);
/** Fields that are quantities themselves. */
const QUANTITY_FIELDS = new Set(['sizeLimit', 'storage']);
/** Plain (non-pointer) booleans and integers of the API types: their zero value is the same as absent. */
const PLAIN_ZERO_FIELDS = new Set(['hostNetwork', 'hostPID', 'hostIPC', 'stdin', 'stdinOnce', 'tty', 'readOnly', 'hostPort']);

/**
 * True when `v` stands for "not set": undefined, null, "", an empty list, or a map whose values are all unset
 * (`field` names the value, for the plain booleans and numbers whose zero value is unset).
 */
export function isUnset(v: unknown, field?: PathSegment): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.entries(v).every(([k, x]) => isUnset(x, k));
  return typeof field === 'string' && PLAIN_ZERO_FIELDS.has(field) && (v === false || v === 0);
}

function unsetFor(field: PathSegment | undefined, v: unknown): boolean {
  return isUnset(v, field);
}

function quantityContext(field: PathSegment | undefined, parent: PathSegment | undefined): boolean {
  return (typeof field === 'string' && QUANTITY_FIELDS.has(field)) || (typeof parent === 'string' && QUANTITY_MAPS.has(parent));
}

function scalarEqual(a: unknown, b: unknown, quantity: boolean): boolean {
  if (a === b) return true;
  if (quantity) {
    const qa = parseQuantity(a);
    const qb = parseQuantity(b);
    if (qa !== undefined && qb !== undefined) return compareQuantities(qa, qb) === 0;
  }
  return false;
}

/** One difference: where (relative to the compared values) and the two values there (undefined: absent). */
export interface Change {
  readonly path: FieldPath;
  readonly before: unknown;
  readonly after: unknown;
}

function diff(a: unknown, b: unknown, path: PathSegment[], parent: PathSegment | undefined, out: Change[], limit: number): void {
  if (out.length >= limit) return;
  // At the top, `parent` names the compared field itself.
  const field = path.length === 0 ? parent : path[path.length - 1];
  const aUnset = unsetFor(field, a);
  const bUnset = unsetFor(field, b);
  if (aUnset && bUnset) return;
  if (aUnset !== bUnset) {
    // An empty map on one side and a map with only unset values cannot differ; anything else is a change.
    out.push({ path: [...path], before: aUnset ? undefined : a, after: bUnset ? undefined : b });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) {
      const mapKey = typeof field === 'string' && (QUANTITY_MAPS.has(field) || field === 'labels' || field === 'annotations' || field === 'matchLabels' || field === 'nodeSelector' || field === 'data' || field === 'binaryData');
      diff(a[k], b[k], [...path, mapKey ? { key: k } : k], field, out, limit);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path: [...path], before: a, after: b });
      return;
    }
    a.forEach((item, i) => diff(item, b[i], [...path, i], field, out, limit));
    return;
  }
  if (!scalarEqual(a, b, quantityContext(field, parent))) out.push({ path: [...path], before: a, after: b });
}

/**
 * Where `before` and `after` differ semantically (at most `limit` differences, leaf-most first in key order).
 * `field` names the compared values' field (`data`, `labels`), so keys of map-valued fields become map-key segments.
 */
export function changes(before: unknown, after: unknown, limit = 50, field?: string): Change[] {
  const out: Change[] = [];
  diff(before, after, [], field, out, limit);
  return out;
}

/** True when `a` and `b` are semantically equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return changes(a, b, 1).length === 0;
}
