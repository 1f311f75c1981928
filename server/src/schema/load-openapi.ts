/**
 * Builds a {@link SchemaModel} from parsed Kubernetes OpenAPI v3 documents, the JSON that
 * `kubectl get --raw /openapi/v3/api/v1` (and `/apis/apps/v1`, `/apis/batch/v1`) returns.
 *
 * Follows the shapes kube-openapi emits (k8s.io/kube-openapi/pkg/builder3): definitions live in
 * `components.schemas`; a field that refers to a definition is wrapped as `allOf: [{$ref}]` next to
 * its own `description` and `default`; maps are `additionalProperties`; root types carry
 * `x-kubernetes-group-version-kind`. Quantity and IntOrString have no `type`, only `oneOf`.
 * Pure: no I/O (file reading lives in workspace/schema-source.ts).
 */
import { KNOWN_ENUMS } from './known-enums';
import type { FieldSchema, GroupVersionKind, KindInfo, SchemaModel, TypeRef, TypeSchema, TypeShape } from './model';
import { SUPPORTED_KINDS } from './kinds';

type Json = Readonly<Record<string, unknown>>;

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

function own(obj: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

const INT_OR_STRING_ID = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY_ID = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const SCALAR_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
type ScalarType = (typeof SCALAR_TYPES)[number];
const OPENAPI_TYPES = [...SCALAR_TYPES, 'object', 'array'] as const;
type OpenApiType = (typeof OPENAPI_TYPES)[number];

function scalarType(value: unknown): ScalarType | undefined {
  return SCALAR_TYPES.find((t) => t === value);
}

function openApiType(value: unknown): OpenApiType | undefined {
  return OPENAPI_TYPES.find((t) => t === value);
}

/** The definition id a `$ref` points to (`#/components/schemas/io.k8s.api.core.v1.Pod` -> `io.k8s.api.core.v1.Pod`). */
function refId(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

/** The short name kubectl prints for a definition id: its last dot-separated segment. */
export function shortTypeName(id: string): string {
  const dot = id.lastIndexOf('.');
  return dot < 0 ? id : id.slice(dot + 1);
}

/**
 * The Kubernetes minor release of a set of documents: from `info.version` (`v1.35.2` -> `1.35`),
 * else from a path segment naming a release (`.../k8s-openapi/1.35/api/v1.json`), else `unknown`.
 * A live apiserver answers `info.version: unversioned` for OpenAPI v3, hence the fallback.
 */
export function kubernetesVersionOf(documents: readonly unknown[], paths: readonly string[]): string {
  for (const doc of documents) {
    const info = isJsonObject(doc) ? own(doc, 'info') : undefined;
    const version = isJsonObject(info) ? str(info, 'version') : undefined;
    const m = version === undefined ? null : /^v?(\d+\.\d+)(?:\.\d+)?/.exec(version);
    if (m?.[1] !== undefined) return m[1];
  }
  for (const p of paths) {
    for (const segment of p.split(/[\\/]/).reverse()) {
      const m = /^v?(1\.\d+)(?:\.\d+)?$/.exec(segment);
      if (m?.[1] !== undefined) return m[1];
    }
  }
  return 'unknown';
}

/** What converting a schema needs: the definitions, and where to queue the ids it meets. */
interface Ctx {
  readonly defs: ReadonlyMap<string, Json>;
  /** Queues a definition id for conversion. */
  want(id: string): void;
  /** Queues an inline object schema (CRD style) as a type of its own under a synthetic id. */
  inline(id: string, schema: Json): void;
}

/** Marks synthetic ids of inline object schemas: `<owner id>#<field>`; kubectl prints them as `Object`. */
const INLINE_MARK = '#';

/**
 * The field's type: follows kubectl's typeGuess order (items, additionalProperties, single allOf,
 * $ref, type). `hint` names the type an inline object schema becomes.
 */
function typeRefOf(schema: Json, ctx: Ctx, hint: string): TypeRef {
  const items = own(schema, 'items');
  if (isJsonObject(items)) return { kind: 'array', items: typeRefOf(items, ctx, hint) };
  const additional = own(schema, 'additionalProperties');
  if (isJsonObject(additional)) return { kind: 'map', values: typeRefOf(additional, ctx, hint) };
  const allOf = own(schema, 'allOf');
  if (Array.isArray(allOf) && allOf.length === 1 && own(schema, 'properties') === undefined && isJsonObject(allOf[0])) {
    return typeRefOf(allOf[0], ctx, hint);
  }
  const ref = str(schema, '$ref');
  if (ref !== undefined) {
    const id = refId(ref);
    if (!ctx.defs.has(id)) return { kind: 'unknown' };
    ctx.want(id);
    return { kind: 'named', id };
  }
  if (own(schema, 'x-kubernetes-int-or-string') === true) {
    ctx.want(INT_OR_STRING_ID);
    return { kind: 'named', id: INT_OR_STRING_ID };
  }
  if (isJsonObject(own(schema, 'properties'))) {
    ctx.inline(hint, schema);
    return { kind: 'named', id: hint };
  }
  const type = own(schema, 'type');
  if (type === 'array') return { kind: 'array', items: { kind: 'unknown' } };
  const scalar = scalarType(type);
  if (scalar === undefined) return { kind: 'unknown' };
  const format = str(schema, 'format');
  return format === undefined ? { kind: 'primitive', type: scalar } : { kind: 'primitive', type: scalar, format };
}

function gvkList(value: unknown): GroupVersionKind[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: GroupVersionKind[] = [];
  for (const v of value) {
    if (!isJsonObject(v)) continue;
    const group = str(v, 'group') ?? '';
    const version = str(v, 'version');
    const kind = str(v, 'kind');
    if (version !== undefined && kind !== undefined) out.push({ group, version, kind });
  }
  return out.length > 0 ? out : undefined;
}

/** The shape of a definition: objects have properties; Quantity/IntOrString are recognised by `oneOf`. */
function shapeOf(id: string, schema: Json): { shape: TypeShape; format?: string } {
  const format = str(schema, 'format');
  if (id === QUANTITY_ID) return { shape: 'string', format: format ?? 'quantity' };
  if (format === 'int-or-string' || own(schema, 'x-kubernetes-int-or-string') === true) {
    return { shape: 'int-or-string', format: 'int-or-string' };
  }
  if (isJsonObject(own(schema, 'properties'))) return { shape: 'object' };
  const scalar = scalarType(own(schema, 'type'));
  if (scalar !== undefined) return format === undefined ? { shape: scalar } : { shape: scalar, format };
  const oneOf = own(schema, 'oneOf');
  if (Array.isArray(oneOf)) {
    const types = new Set(oneOf.map((o) => (isJsonObject(o) ? own(o, 'type') : undefined)));
    if (types.has('string') && types.has('integer')) return { shape: 'int-or-string' };
    if (types.has('string')) return format === undefined ? { shape: 'string' } : { shape: 'string', format };
  }
  return { shape: 'unknown' };
}

function enumOf(schema: Json): string[] | undefined {
  const values = own(schema, 'enum');
  if (!Array.isArray(values)) return undefined;
  const out = values.filter((v): v is string => typeof v === 'string');
  return out.length > 0 ? out : undefined;
}

function fieldOf(ownerId: string, name: string, schema: Json, required: boolean, ctx: Ctx): FieldSchema {
  const field: { -readonly [K in keyof FieldSchema]: FieldSchema[K] } = {
    name,
    type: typeRefOf(schema, ctx, ownerId + INLINE_MARK + name),
    description: str(schema, 'description') ?? '',
    required,
  };
  const values = enumOf(schema);
  if (values !== undefined) field.enum = values;
  else {
    const validated = KNOWN_ENUMS[`${shortTypeName(ownerId)}.${name}`];
    if (validated !== undefined) field.validatedEnum = validated;
  }
  const dflt = own(schema, 'default');
  if (dflt !== undefined) field.default = dflt;
  return field;
}

function typeOf(id: string, schema: Json, ctx: Ctx, inline: boolean): TypeSchema {
  const requiredList = own(schema, 'required');
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r): r is string => typeof r === 'string') : []);
  const props = own(schema, 'properties');
  const fields: FieldSchema[] = [];
  if (isJsonObject(props)) {
    // Byte order, as Go templates range over map keys.
    for (const name of Object.keys(props).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const p = props[name];
      if (isJsonObject(p)) fields.push(fieldOf(id, name, p, required.has(name), ctx));
    }
  }
  const { shape, format } = shapeOf(id, schema);
  const type: { -readonly [K in keyof TypeSchema]: TypeSchema[K] } = {
    id,
    // An inline schema's description is its field's, which kubectl prints once.
    name: inline ? 'Object' : shortTypeName(id),
    description: inline ? '' : (str(schema, 'description') ?? ''),
    shape,
    fields,
  };
  if (format !== undefined) type.format = format;
  const t = openApiType(own(schema, 'type'));
  if (t !== undefined) type.openApiType = t;
  const gvk = gvkList(own(schema, 'x-kubernetes-group-version-kind'));
  if (gvk !== undefined) type.gvk = gvk;
  return type;
}

/** The definitions of all documents by id; the first document that defines an id wins. */
function collectDefinitions(documents: readonly unknown[]): Map<string, Json> {
  const defs = new Map<string, Json>();
  for (const doc of documents) {
    if (!isJsonObject(doc)) continue;
    const components = own(doc, 'components');
    const schemas = isJsonObject(components) ? own(components, 'schemas') : own(doc, 'definitions');
    if (!isJsonObject(schemas)) continue;
    for (const [id, schema] of Object.entries(schemas)) {
      if (isJsonObject(schema) && !defs.has(id)) defs.set(id, schema);
    }
  }
  return defs;
}

/**
 * Builds the model from parsed OpenAPI v3 documents (`components.schemas`; Swagger 2 `definitions`
 * are read the same way). Keeps the supported kinds (see kinds.ts) whose root definition carries
 * a matching `x-kubernetes-group-version-kind` (kubectl takes the first such definition in id
 * order) and every type reachable from them. `paths` are recorded as the source and give the
 * Kubernetes version when `info.version` does not. Never throws: unusable input gives a model
 * without kinds.
 */
export function modelFromOpenApi(documents: readonly unknown[], paths: readonly string[]): SchemaModel {
  const defs = collectDefinitions(documents);
  const sortedIds = [...defs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rootOf = new Map<string, string>();
  for (const id of sortedIds) {
    const schema = defs.get(id);
    for (const g of (schema && gvkList(own(schema, 'x-kubernetes-group-version-kind'))) ?? []) {
      const key = `${g.group}/${g.version}/${g.kind}`;
      if (!rootOf.has(key)) rootOf.set(key, id);
    }
  }
  const kinds: KindInfo[] = [];
  const queue: string[] = [];
  const seen = new Set<string>();
  const inlineDefs = new Map<string, Json>();
  const want = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  };
  const ctx: Ctx = {
    defs,
    want,
    inline(id, schema) {
      inlineDefs.set(id, schema);
      want(id);
    },
  };
  for (const k of SUPPORTED_KINDS) {
    const typeId = rootOf.get(`${k.group}/${k.version}/${k.kind}`);
    if (typeId === undefined) continue;
    kinds.push({ ...k, typeId });
    want(typeId);
  }
  const types: Record<string, TypeSchema> = {};
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const inline = inlineDefs.get(id);
    const schema = inline ?? defs.get(id);
    types[id] =
      schema !== undefined
        ? typeOf(id, schema, ctx, inline !== undefined)
        : // IntOrString named by x-kubernetes-int-or-string in documents that do not define it.
          { id, name: shortTypeName(id), description: '', shape: 'int-or-string', format: 'int-or-string', fields: [] };
  }
  return {
    kubernetesVersion: kubernetesVersionOf(documents, paths),
    source: { kind: 'openapi', paths: [...paths] },
    types,
    kinds,
  };
}
