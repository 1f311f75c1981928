/**
 * Indexes over a {@link SchemaModel}: types by id, fields by name, kinds by apiVersion/kind and by
 * the resource names kubectl accepts. Built once per model; every lookup is a Map access, so a
 * path lookup costs O(path length).
 */
import type { FieldSchema, KindInfo, SchemaModel, TypeRef, TypeSchema } from './model';
import { parseApiVersion } from './kinds';

/** The result of walking a path: the type at its end and the last object field on the way. */
export interface FieldLookup {
  /**
   * The last object field the path named (`image` for `spec.containers[0].image`); for a path
   * that ends inside an array or map value it is the field holding that array or map.
   * Absent for the empty path.
   */
  readonly field?: FieldSchema;
  /** The type at the end of the path (`string` for `image`; `Container` for `spec.containers[0]`). */
  readonly type: TypeRef;
  /** The object type that declares `field`. */
  readonly parentType?: TypeSchema;
}

/** An index over one model; see {@link createSchemaIndex}. */
export interface SchemaIndex {
  readonly model: SchemaModel;
  /** The named type with this id (`io.k8s.api.core.v1.Container`). */
  typeById(id: string): TypeSchema | undefined;
  /** The kind served as `apiVersion` (`apps/v1`, `v1`) and `kind` (`Deployment`), case-sensitive as in manifests. */
  kindFor(apiVersion: string, kind: string): KindInfo | undefined;
  /** All known kinds with this kind name, whatever their group/version. */
  kindsNamed(kind: string): readonly KindInfo[];
  /**
   * The kind a kubectl resource argument names, case-insensitively: plural (`pods`), singular
   * (`pod`), short name (`po`) or kind, optionally qualified with the group (`deployments.apps`)
   * or version and group (`deployments.v1.apps`). `apiVersion` (`apps/v1`) restricts the match.
   */
  resolveResource(name: string, apiVersion?: string): KindInfo | undefined;
  /**
   * Walks `path` from the root type: strings name object fields or map keys, numbers index arrays;
   * a string met at an array applies to its items (as in `kubectl explain pod.spec.containers.image`).
   * Undefined when the path leaves the schema.
   */
  fieldAt(rootTypeId: string, path: readonly (string | number)[]): FieldLookup | undefined;
  /** The fields of the object type a reference names, through arrays and maps; [] for scalars. */
  fieldsOf(ref: TypeRef): readonly FieldSchema[];
  /** One field of a named type by JSON name. */
  fieldNamed(typeId: string, name: string): FieldSchema | undefined;
  /** The type text kubectl prints between `<` and `>`: `[]Container`, `map[string]string`, `string` (Time), `Object`. */
  typeName(ref: TypeRef): string;
}

/** kubectl's `<type>` text for a reference (kubectl explain plaintext template, `typeGuess`). */
export function typeNameIn(types: Readonly<Record<string, TypeSchema>>, ref: TypeRef): string {
  switch (ref.kind) {
    case 'primitive':
      return ref.type;
    case 'array':
      return `[]${typeNameIn(types, ref.items)}`;
    case 'map':
      return `map[string]${typeNameIn(types, ref.values)}`;
    case 'unknown':
      return 'Object';
    case 'named': {
      const t = Object.prototype.hasOwnProperty.call(types, ref.id) ? types[ref.id] : undefined;
      if (t === undefined) return ref.id.slice(ref.id.lastIndexOf('.') + 1) || 'Object';
      return t.openApiType === undefined || t.openApiType === 'object' ? t.name : t.openApiType;
    }
  }
}

/** Builds the indexes of a model. */
export function createSchemaIndex(model: SchemaModel): SchemaIndex {
  const typeMap = new Map<string, TypeSchema>(Object.entries(model.types));
  const fieldMaps = new Map<string, ReadonlyMap<string, FieldSchema>>();
  for (const t of typeMap.values()) fieldMaps.set(t.id, new Map(t.fields.map((f) => [f.name, f])));
  const byApiVersionKind = new Map<string, KindInfo>();
  const byKind = new Map<string, KindInfo[]>();
  const byResourceName = new Map<string, KindInfo[]>();
  for (const k of model.kinds) {
    byApiVersionKind.set(`${k.group}/${k.version}/${k.kind}`, k);
    byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k]);
    const names = new Set([k.resource, k.singular, k.kind, ...k.shortNames].map((n) => n.toLowerCase()));
    for (const n of names) byResourceName.set(n, [...(byResourceName.get(n) ?? []), k]);
  }

  const objectTypeOf = (ref: TypeRef): TypeSchema | undefined => {
    let r = ref;
    for (;;) {
      if (r.kind === 'array') r = r.items;
      else if (r.kind === 'map') r = r.values;
      else break;
    }
    return r.kind === 'named' ? typeMap.get(r.id) : undefined;
  };

  const pick = (candidates: readonly KindInfo[] | undefined, group?: string, version?: string): KindInfo | undefined =>
    candidates?.find((k) => (group === undefined || k.group === group) && (version === undefined || k.version === version));

  return {
    model,
    typeById: (id) => typeMap.get(id),
    kindFor(apiVersion, kind) {
      const { group, version } = parseApiVersion(apiVersion);
      return byApiVersionKind.get(`${group}/${version}/${kind}`);
    },
    kindsNamed: (kind) => byKind.get(kind) ?? [],
    resolveResource(name, apiVersion) {
      const wanted = apiVersion === undefined ? undefined : parseApiVersion(apiVersion);
      const parts = name.toLowerCase().split('.');
      const [head] = parts;
      if (head === undefined || parts.includes('')) return undefined;
      const candidates = byResourceName.get(head);
      let group: string | undefined;
      let version: string | undefined;
      if (parts.length > 1) {
        // `deployments.apps`, `deployments.v1.apps`: kubectl's resource.group and resource.version.group.
        const rest = parts.slice(1);
        const direct = pick(candidates, rest.join('.'));
        if (direct !== undefined) {
          group = rest.join('.');
        } else if (rest.length > 1) {
          version = rest[0];
          group = rest.slice(1).join('.');
        } else {
          return undefined;
        }
      }
      if (wanted !== undefined) {
        if (group !== undefined && group !== wanted.group) return undefined;
        if (version !== undefined && version !== wanted.version) return undefined;
        return pick(candidates, wanted.group, wanted.version);
      }
      return pick(candidates, group, version);
    },
    fieldAt(rootTypeId, path) {
      if (!typeMap.has(rootTypeId)) return undefined;
      let type: TypeRef = { kind: 'named', id: rootTypeId };
      let field: FieldSchema | undefined;
      let parentType: TypeSchema | undefined;
      for (const segment of path) {
        if (typeof segment === 'number') {
          if (type.kind !== 'array') return undefined;
          type = type.items;
          continue;
        }
        while (type.kind === 'array') type = type.items;
        if (type.kind === 'map') {
          type = type.values;
          continue;
        }
        if (type.kind !== 'named') return undefined;
        const next: FieldSchema | undefined = fieldMaps.get(type.id)?.get(segment);
        if (next === undefined) return undefined;
        parentType = typeMap.get(type.id);
        field = next;
        type = next.type;
      }
      return field === undefined ? { type } : { field, type, ...(parentType ? { parentType } : {}) };
    },
    fieldsOf: (ref) => objectTypeOf(ref)?.fields ?? [],
    fieldNamed: (typeId, name) => fieldMaps.get(typeId)?.get(name),
    typeName: (ref) => typeNameIn(model.types, ref),
  };
}
