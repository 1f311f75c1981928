/**
 * The schema model: Kubernetes types and fields as `kubectl explain` presents them.
 *
 * One model serves both schema sources: the bundled one (generated at build time from the
 * `kubernetes-models` npm package, see scripts/gen-schema.mjs) and OpenAPI v3 documents that the
 * user supplies (what `kubectl get --raw /openapi/v3/api/v1` returns; see load-openapi.ts).
 * The model is plain JSON data (no Maps, no classes) so the bundled one can be written to and read
 * from a JSON file; `lookup.ts` builds indexes over it.
 *
 * Architecture invariant: nothing here knows YAML, text positions or LSP.
 */

/** A reference to the type of a field or of an array item or map value. */
export type TypeRef =
  | { readonly kind: 'primitive'; readonly type: 'string' | 'integer' | 'number' | 'boolean'; readonly format?: string }
  /** A named type, by its id in {@link SchemaModel.types} (`io.k8s.api.core.v1.Container`). */
  | { readonly kind: 'named'; readonly id: string }
  | { readonly kind: 'array'; readonly items: TypeRef }
  /** `additionalProperties`: `map[string]<values>`. */
  | { readonly kind: 'map'; readonly values: TypeRef }
  /** Free-form JSON (RawExtension, `x-kubernetes-preserve-unknown-fields`, an untyped object). */
  | { readonly kind: 'unknown' };

/** One field of an object type, e.g. `Container.imagePullPolicy`. */
export interface FieldSchema {
  /** The JSON name, e.g. `imagePullPolicy`. */
  readonly name: string;
  readonly type: TypeRef;
  /** The OpenAPI description, verbatim (may be empty). */
  readonly description: string;
  /** Listed in the parent type's `required`. */
  readonly required: boolean;
  /** Allowed values when the schema enumerates them (OpenAPI `enum`). */
  readonly enum?: readonly string[];
  /**
   * The values the kube-apiserver's validation accepts, for fields whose schema has no `enum` (the official
   * OpenAPI documents omit them); see known-enums.ts. Used by validation, hovers and completion, never by
   * `kubectl explain` text, which prints only the schema's own `enum`.
   */
  readonly validatedEnum?: readonly string[];
  /** The OpenAPI `default`, where the schema states one. */
  readonly default?: unknown;
}

/**
 * The shape of a named type's values.
 * `object` has fields; the others are scalars with a name of their own, as kubectl prints them:
 * `IntOrString` is `int-or-string`, `Quantity` and `Time` are `string` (with a format).
 */
export type TypeShape = 'object' | 'string' | 'int-or-string' | 'integer' | 'number' | 'boolean' | 'unknown';

/** A group/version/kind triple, e.g. `{ group: 'apps', version: 'v1', kind: 'Deployment' }` (core group is ''). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** A named type, e.g. `io.k8s.api.core.v1.Container`. */
export interface TypeSchema {
  /** The OpenAPI definition id, e.g. `io.k8s.api.core.v1.Container`. */
  readonly id: string;
  /** The short name kubectl prints in `<...>`, e.g. `Container`, `ObjectMeta`, `IntOrString`, `Quantity`. */
  readonly name: string;
  readonly description: string;
  readonly shape: TypeShape;
  /** OpenAPI `format` for scalar shapes (`date-time`, `int-or-string`, ...). */
  readonly format?: string;
  /**
   * The OpenAPI `type` keyword of the definition, when the schema states one (Time: `string`,
   * FieldsV1: `object`; absent for Quantity and IntOrString, which use `oneOf`).
   * kubectl prints a reference to a definition of a non-object type as that type (`<string>` for Time)
   * and any other reference by name (`<Quantity>`, `<ObjectMeta>`).
   */
  readonly openApiType?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  /** Fields sorted by name (objects only; empty for scalars). */
  readonly fields: readonly FieldSchema[];
  /** `x-kubernetes-group-version-kind`: the kinds served with this type as the root. */
  readonly gvk?: readonly GroupVersionKind[];
}

/** A top-level kind that podls knows, with the resource names `kubectl` accepts for it. */
export interface KindInfo extends GroupVersionKind {
  /** Root type id, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly typeId: string;
  /** Plural resource name, e.g. `pods`. */
  readonly resource: string;
  /** Singular name, e.g. `pod`. */
  readonly singular: string;
  /** kubectl short names, e.g. `['po']`. */
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
}

/** Where a model came from: shown in the status bar and by `podls --version`. */
export type SchemaSource =
  | { readonly kind: 'bundled'; readonly package: string }
  | { readonly kind: 'openapi'; readonly paths: readonly string[] };

/** The whole model: every type reachable from the supported kinds. */
export interface SchemaModel {
  /** The Kubernetes minor release the model follows, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  readonly source: SchemaSource;
  /** Types by id. */
  readonly types: Readonly<Record<string, TypeSchema>>;
  readonly kinds: readonly KindInfo[];
  /**
   * Bundled models: by `typeId#field`, the release a field appeared in, or the two it may have appeared
   * in when the earlier is missing (see schema/releases.ts `fieldSince`). Absent for OpenAPI documents.
   */
  readonly fieldSince?: Readonly<Record<string, readonly string[]>>;
  /**
   * Set when the schema is not the target release's own, e.g. `no bundled schema for Kubernetes 1.31
   * (no npm dependency carries it): using 1.32` (shown in the status bar and by the CLI).
   */
  readonly note?: string;
  /** Bundled models: the releases podls has a schema for, and those in range that no dependency carries. */
  readonly releases?: { readonly carried: readonly string[]; readonly missing: readonly string[] };
}

/** The values a field accepts: the schema's `enum`, else the apiserver-validated set, else undefined (any value). */
export function allowedValues(field: FieldSchema): readonly string[] | undefined {
  return field.enum !== undefined && field.enum.length > 0 ? field.enum : field.validatedEnum;
}
