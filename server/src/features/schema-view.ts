/**
 * Small helpers over the schema index for the features: field lookup along a `FieldPath` (with map
 * keys), the modelled kinds of a group/version, and the object type a reference denotes.
 */
import { isMapKey } from '../document/field-path';
import type { FieldPath } from '../document/field-path';
import type { KindInfo, TypeRef, TypeSchema } from '../schema/model';
import type { FieldLookup, SchemaIndex } from '../schema/lookup';
import { apiVersionOf, parseApiVersion } from '../schema/kinds';

/** Splits an `apiVersion` into group and version (core group ''). */
export function splitApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  return parseApiVersion(apiVersion);
}

/** The `apiVersion` text of a kind: `v1`, `apps/v1`. */
export function apiVersionText(kind: KindInfo): string {
  return apiVersionOf(kind);
}

/** Names of the modelled kinds served at `group/version`, in model order. */
export function kindCandidates(index: SchemaIndex, group: string, version: string): readonly string[] {
  return index.model.kinds.filter((k) => k.group === group && k.version === version).map((k) => k.kind);
}

/**
 * Resolves a `FieldPath` (instance path, with indices and map keys) from a kind's root type.
 * Unlike `SchemaIndex.fieldAt` on a `SchemaPath`, a string segment never steps through an array:
 * `containers.image` without an index does not resolve. Undefined when the path leaves the schema.
 */
export function resolveFieldPath(index: SchemaIndex, rootTypeId: string, path: FieldPath): FieldLookup | undefined {
  let type: TypeRef = { kind: 'named', id: rootTypeId };
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (type.kind !== 'array') return undefined;
      type = type.items;
    } else if (isMapKey(segment)) {
      if (type.kind !== 'map') return undefined;
      type = type.values;
    } else if (type.kind === 'map') {
      type = type.values;
    } else if (type.kind !== 'named') {
      return undefined;
    } else {
      const next = index.fieldNamed(type.id, segment);
      if (next === undefined) return undefined;
      type = next.type;
    }
  }
  const schemaPath = path.map((s) => (isMapKey(s) ? s.key : s));
  const lookup = index.fieldAt(rootTypeId, schemaPath);
  return lookup === undefined ? undefined : { ...lookup, type };
}

/** The named object type a reference denotes, or undefined for scalars, lists, maps and free-form values. */
export function objectTypeOf(index: SchemaIndex, ref: TypeRef): TypeSchema | undefined {
  if (ref.kind !== 'named') return undefined;
  const type = index.typeById(ref.id);
  return type?.shape === 'object' ? type : undefined;
}

/** The explain path (field names and map keys, without indices) of an instance path: `spec.containers[0].image` -> `spec, containers, image`. */
export function explainPathOf(path: FieldPath): string[] {
  const out: string[] = [];
  for (const s of path) {
    if (typeof s === 'number') continue;
    out.push(isMapKey(s) ? s.key : s);
  }
  return out;
}
