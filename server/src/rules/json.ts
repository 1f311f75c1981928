/**
 * Defensive accessors for plain JSON values (yaml's `toJS` output). Rules never trust types:
 * every accessor returns undefined when the value is absent or of another JSON type.
 */
import type { JsonObject } from './rule';

/** True for a plain object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The property `key` of `obj` when `obj` is an object and owns it. */
export function prop(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** An object-valued property, or undefined. */
export function objAt(obj: unknown, key: string): JsonObject | undefined {
  const v = prop(obj, key);
  return isObject(v) ? v : undefined;
}

/** An array-valued property, or undefined. */
export function arrAt(obj: unknown, key: string): readonly unknown[] | undefined {
  const v = prop(obj, key);
  return Array.isArray(v) ? v : undefined;
}

/** A string-valued property, or undefined. */
export function strAt(obj: unknown, key: string): string | undefined {
  const v = prop(obj, key);
  return typeof v === 'string' ? v : undefined;
}

/** A number-valued property (finite), or undefined. */
export function numAt(obj: unknown, key: string): number | undefined {
  const v = prop(obj, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}


/** A boolean-valued property, or undefined. */
export function boolAt(obj: unknown, key: string): boolean | undefined {
  const v = prop(obj, key);
  return typeof v === 'boolean' ? v : undefined;
}

/** True when `key` is present with a value other than null. */
export function has(obj: unknown, key: string): boolean {
  const v = prop(obj, key);
  return v !== undefined && v !== null;
}


/** The string items of an array-valued property, with their indices. */
export function stringItemsAt(obj: unknown, key: string): ReadonlyArray<readonly [number, string]> {
  const a = arrAt(obj, key);
  if (a === undefined) return [];
  const out: Array<readonly [number, string]> = [];
  a.forEach((v, i) => {
    if (typeof v === 'string') out.push([i, v]);
  });
  return out;
}

/** The object items of an array-valued property, with their indices. */
export function objectItemsAt(obj: unknown, key: string): ReadonlyArray<readonly [number, JsonObject]> {
  const a = arrAt(obj, key);
  if (a === undefined) return [];
  const out: Array<readonly [number, JsonObject]> = [];
  a.forEach((v, i) => {
    if (isObject(v)) out.push([i, v]);
  });
  return out;
}

/** The value at a path of field names, or undefined when any step is missing or not an object. */
export function valueAtPath(root: unknown, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    cur = prop(cur, key);
    if (cur === undefined) return undefined;
  }
  return cur;
}
