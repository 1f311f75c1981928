/**
 * Schema diagnostics: a YAML document checked against the schema model, the way the apiserver's
 * decoder and field validation would see it (issue 2 §7).
 *
 * What is checked, per the kube-apiserver's behaviour:
 * - `unknown-field`: a key the type does not have (the strict decoder's `unknown field "<path>"`),
 *   with a "did you mean" hint for near names, or, for a field of a later release than the bundled schema's,
 *   the release it appeared in (`(available from 1.34)`, see schema/releases.ts).
 * - `invalid-type`: a JSON type the field cannot take (string/integer/number/boolean/object/list,
 *   IntOrString), in kube-openapi's wording `<path>: Invalid value: <v>: <path> in body must be of type <t>: "<actual>"`;
 *   and Quantity syntax (`resource.ParseQuantity`).
 * - `unsupported-value`: a string outside the field's enum: `<path>: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"`.
 * - `required-field`: a field the type requires and the apiserver does not default (reported on the parent's key).
 * - `api-version-mismatch`: a known kind under an apiVersion that does not serve it; `unknown-kind`: a
 *   misspelt kind in a group/version podls models.
 *
 * Documents without `apiVersion` and `kind` and kinds podls does not model (CRDs) get nothing; Helm templates are
 * checked on their masked view (`document/template.ts`). YAML syntax errors come from the document model.
 * Architecture invariant: findings are in `FieldPath` terms (plus `target`); ranges are mapped elsewhere.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { formatFieldPath } from '../document/field-path';
import type { FieldPath, PathSegment } from '../document/field-path';
import type { YamlDocument } from '../document/snapshot';
import type { ErrorType, Finding, FindingDetails, RuleMeta } from '../rules/rule';
import type { SchemaIndex } from '../schema/lookup';
import type { TypeRef, TypeSchema } from '../schema/model';
import { allowedValues } from '../schema/model';
import { fieldSince } from '../schema/releases';
import { closestMatch } from './did-you-mean';
import { isBuiltInApiVersion, removedApi } from '../schema/api-groups';
import { quantityError } from '../rules/quantity';
import { goQuote, renderMessage, stringer } from '../rules/messages';
import type { MessageParts, Stringer } from '../rules/messages';
import { apiVersionText, kindCandidates, splitApiVersion } from './schema-view';
import { classifyScalar, renderScalarValue } from './yaml-scalar';
import type { K8sScalar } from './yaml-scalar';

/** Rule ids reported by this module. */
export const SCHEMA_RULE_IDS = {
  unknownField: 'unknown-field',
  invalidType: 'invalid-type',
  unsupportedValue: 'unsupported-value',
  requiredField: 'required-field',
  unknownKind: 'unknown-kind',
  apiVersionMismatch: 'api-version-mismatch',
} as const;

/** Metadata of the schema rules (family `schema`), for the registry and docs/rules.md. */
export const SCHEMA_RULES: readonly RuleMeta[] = [
  { id: 'unknown-field', family: 'schema', severity: 'error', summary: 'Field not defined by the schema (strict decoding rejects it)' },
  { id: 'invalid-type', family: 'schema', severity: 'error', summary: 'Value of the wrong JSON type, or a malformed Quantity' },
  { id: 'unsupported-value', family: 'schema', severity: 'error', summary: 'Value outside the enumerated values of the field' },
  { id: 'required-field', family: 'schema', severity: 'error', summary: 'Required field missing' },
  { id: 'unknown-kind', family: 'schema', severity: 'error', summary: 'Kind not served by the apiVersion (misspelt kind)' },
  { id: 'api-version-mismatch', family: 'schema', severity: 'error', summary: 'apiVersion does not serve this kind' },
];

/**
 * Required fields the apiserver accepts when absent: it defaults them, or decodes absence as a zero
 * value that validation accepts (`TypeName.field`, type names as in the model).
 * Sources: ../shared/apiserver-rules.md §0 (defaults) and pkg/apis/core/validation.
 */
const REQUIRED_EXEMPT: ReadonlySet<string> = new Set([
  'HTTPHeader.value',
  'Sysctl.value',
  'SleepAction.seconds',
  'ContainerPort.protocol',
  'ServicePort.protocol',
  'ObjectFieldSelector.apiVersion',
]);

/** Root fields whose subtree holds server-written state; missing required fields there are not reported. */
const STATUS_FIELDS: ReadonlySet<string> = new Set(['status']);

/** Bounds of Go's int32: the decoder rejects numbers outside them for `format: int32` fields. */
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** Keys go-yaml treats as merge keys; the merged content is not checked key by key. */
const MERGE_KEY = '<<';

/** Aliases followed per document at most (yaml's own default `maxAliasCount`): alias bombs stay cheap. */
const MAX_ALIASES = 100;

/** The state of one validation call (created per call, never shared). */
interface Walk {
  readonly index: SchemaIndex;
  readonly doc: Document;
  /** Length of the path prefix left out of messages (`items[i]` of a List item). */
  readonly messageOffset: number;
  readonly out: Finding[];
  /** Aliases followed so far, and the collections being checked (recursive aliases end there). */
  readonly aliases: { count: number; readonly active: Set<Node> };
}

function messagePath(walk: Walk, path: FieldPath): string {
  return formatFieldPath(path.slice(walk.messageOffset));
}

/** Where a schema finding is shown and what quick fixes read, besides its message parts. */
interface ReportOptions {
  readonly target?: 'key' | 'value';
  /** The path the message names when it is not `path` (a missing required field, shown on its parent's key). */
  readonly field?: FieldPath;
  readonly details?: FindingDetails;
}

/**
 * Reports a finding whose message `rules/messages.ts` `renderMessage` renders from `parts` (the supported values
 * also go to `details`), with the path relative to the object (the item of a List).
 */
function report(walk: Walk, ruleId: string, path: FieldPath, parts: MessageParts & { readonly type: ErrorType }, opts: ReportOptions = {}): void {
  const supported = parts.supported !== undefined ? { supported: parts.supported } : {};
  const details = opts.details !== undefined || parts.supported !== undefined ? { ...opts.details, ...supported } : undefined;
  walk.out.push({
    ruleId,
    path,
    message: renderMessage(messagePath(walk, opts.field ?? path), parts),
    errorType: parts.type,
    ...(opts.target === undefined ? {} : { target: opts.target }),
    ...(opts.field === undefined ? {} : { field: opts.field }),
    ...(details === undefined ? {} : { details }),
  });
}

/** A value as the decoder's messages print it: JSON (kube-openapi), not Go's `%q`. */
function jsonValue(value: unknown): Stringer {
  return stringer(JSON.stringify(value) ?? 'null');
}

function deref(walk: Walk, node: Node | null | undefined): Node | null {
  if (node === undefined || node === null) return null;
  if (isAlias(node)) {
    walk.aliases.count++;
    if (walk.aliases.count > MAX_ALIASES) return null;
    const target = node.resolve(walk.doc);
    return target === undefined || walk.aliases.active.has(target as Node) ? null : (target as Node);
  }
  return node;
}

function keyString(walk: Walk, pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key;
  if (isScalar(key)) {
    const value = key.value;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(key.source ?? value);
    return undefined;
  }
  if (isAlias(key)) {
    const target = deref(walk, key);
    return target !== null && isScalar(target) && typeof target.value === 'string' ? target.value : undefined;
  }
  return undefined;
}

/** The JSON type name of a node as kube-openapi prints it in type errors. */
function jsonTypeOf(node: Node | null, scalar: K8sScalar | undefined): string {
  if (node === null) return 'null';
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  return scalar?.type ?? 'string';
}

function typeError(walk: Walk, path: FieldPath, node: Node | null, expected: string): void {
  const scalar = node !== null && isScalar(node) ? classifyScalar(node) : undefined;
  const actual = jsonTypeOf(node, scalar);
  const shown = scalar !== undefined ? renderScalarValue(scalar) : JSON.stringify(actual);
  const p = messagePath(walk, path);
  report(walk, SCHEMA_RULE_IDS.invalidType, path, { type: 'TypeInvalid', value: stringer(shown), detail: `${p} in body must be of type ${expected}: ${JSON.stringify(actual)}` }, {
    details: { expectedType: expected },
  });
}

/**
 * Checks a scalar-typed value; returns the classified scalar when the type fits. `classified`: the node's
 * `classifyScalar`, when the caller has it already.
 */
function checkPrimitive(
  walk: Walk,
  path: FieldPath,
  node: Node,
  expected: 'string' | 'integer' | 'number' | 'boolean',
  classified?: K8sScalar,
): K8sScalar | undefined {
  if (!isScalar(node)) {
    typeError(walk, path, node, expected);
    return undefined;
  }
  const scalar = classified ?? classifyScalar(node);
  if (scalar.type === 'null') return undefined;
  const fits = scalar.type === expected || (expected === 'number' && scalar.type === 'integer');
  if (!fits) {
    typeError(walk, path, node, expected);
    return undefined;
  }
  return scalar;
}

function isQuantity(type: TypeSchema): boolean {
  return type.id.endsWith('.resource.Quantity') || type.name === 'Quantity';
}

function checkNamed(walk: Walk, path: FieldPath, node: Node, type: TypeSchema, classified?: K8sScalar): void {
  switch (type.shape) {
    case 'object':
      checkObject(walk, path, node, type);
      return;
    case 'unknown':
      return;
    case 'int-or-string': {
      if (!isScalar(node)) {
        typeError(walk, path, node, 'integer or string');
        return;
      }
      const scalar = classified ?? classifyScalar(node);
      if (scalar.type !== 'null' && scalar.type !== 'integer' && scalar.type !== 'string') typeError(walk, path, node, 'integer or string');
      return;
    }
    case 'string': {
      if (isQuantity(type)) {
        checkQuantity(walk, path, node, classified);
        return;
      }
      checkPrimitive(walk, path, node, 'string', classified);
      return;
    }
    case 'integer':
    case 'number':
    case 'boolean':
      checkPrimitive(walk, path, node, type.shape, classified);
      return;
  }
}

function checkQuantity(walk: Walk, path: FieldPath, node: Node, classified?: K8sScalar): void {
  if (!isScalar(node)) {
    typeError(walk, path, node, 'string');
    return;
  }
  const scalar = classified ?? classifyScalar(node);
  if (scalar.type === 'null') return;
  if (scalar.type === 'boolean') {
    typeError(walk, path, node, 'string');
    return;
  }
  const text = scalar.type === 'string' ? scalar.value : String(node.source ?? scalar.value);
  const error = quantityError(text);
  if (error !== undefined) {
    report(walk, SCHEMA_RULE_IDS.invalidType, path, { type: 'Invalid', value: jsonValue(text), detail: error });
  }
}

function checkValue(walk: Walk, path: FieldPath, rawNode: Node | null | undefined, ref: TypeRef, enumValues?: readonly string[]): void {
  const node = deref(walk, rawNode);
  if (node === null) return;
  if (isMap(node) || isSeq(node)) {
    walk.aliases.active.add(node);
    try {
      checkValueNode(walk, path, node, ref, enumValues);
    } finally {
      walk.aliases.active.delete(node);
    }
    return;
  }
  checkValueNode(walk, path, node, ref, enumValues);
}

function checkValueNode(walk: Walk, path: FieldPath, node: Node, ref: TypeRef, enumValues?: readonly string[]): void {
  // Classified once: the type checks below read the same classification.
  const classified = isScalar(node) ? classifyScalar(node) : undefined;
  if (classified?.type === 'null') return;
  switch (ref.kind) {
    case 'unknown':
      return;
    case 'primitive': {
      const scalar = checkPrimitive(walk, path, node, ref.type, classified);
      if (scalar?.type === 'integer' && ref.format === 'int32' && (scalar.value > INT32_MAX || scalar.value < INT32_MIN)) {
        const p = messagePath(walk, path);
        report(walk, SCHEMA_RULE_IDS.invalidType, path, { type: 'TypeInvalid', value: scalar.value, detail: `${p} in body must be of type int32: "integer"` });
        return;
      }
      if (scalar?.type === 'string' && enumValues !== undefined && enumValues.length > 0 && !enumValues.includes(scalar.value)) {
        report(walk, SCHEMA_RULE_IDS.unsupportedValue, path, { type: 'NotSupported', value: scalar.value, supported: enumValues });
      }
      return;
    }
    case 'named': {
      const type = walk.index.typeById(ref.id);
      if (type !== undefined) checkNamed(walk, path, node, type, classified);
      return;
    }
    case 'array': {
      if (!isSeq(node)) {
        typeError(walk, path, node, 'array');
        return;
      }
      node.items.forEach((item, i) => {
        // kubectl cannot send a null item of a list of strings or numbers (`args: [-]`): `unknown object type "nil"`.
        if (ref.items.kind === 'primitive' && isNullValue(walk, item as Node | null)) typeError(walk, [...path, i], null, ref.items.type);
        else checkValue(walk, [...path, i], item as Node | null, ref.items);
      });
      return;
    }
    case 'map': {
      if (!isMap(node)) {
        typeError(walk, path, node, 'object');
        return;
      }
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyString(walk, pair);
        if (key === undefined || key === MERGE_KEY) continue;
        checkValue(walk, [...path, { key }], pair.value as Node | null, ref.values);
      }
      return;
    }
  }
}

function checkObject(walk: Walk, path: FieldPath, node: Node, type: TypeSchema): void {
  if (!isMap(node)) {
    typeError(walk, path, node, 'object');
    return;
  }
  const present = new Set<string>();
  let merged = false;
  for (const pair of (node as YAMLMap<unknown, unknown>).items) {
    if (!isPair(pair)) continue;
    const key = keyString(walk, pair);
    if (key === undefined) continue;
    if (key === MERGE_KEY) {
      merged = true;
      continue;
    }
    // A null value decodes to the field's zero value: a required field set to null is as missing as an absent one.
    if (!isNullValue(walk, pair.value as Node | null)) present.add(key);
    const fieldPath: FieldPath = [...path, key];
    const field = walk.index.fieldNamed(type.id, key);
    if (field === undefined) {
      // A field of a later release than the schema's: say from when (bundled schemas know each field's release).
      const since = fieldSince(walk.index.model.fieldSince, type.id, key);
      const suggestion = since === undefined ? closestMatch(key, type.fields.map((f) => f.name)) : undefined;
      const hint = since !== undefined ? `available from ${since}` : suggestion === undefined ? undefined : `did you mean ${goQuote(suggestion)}?`;
      report(walk, SCHEMA_RULE_IDS.unknownField, fieldPath, { type: 'UnknownField', ...(hint !== undefined ? { detail: hint } : {}) }, { target: 'key' });
      continue;
    }
    checkValue(walk, fieldPath, pair.value as Node | null, field.type, allowedValues(field));
  }
  if (merged || inStatus(walk, path)) return;
  for (const field of type.fields) {
    if (!field.required || present.has(field.name) || REQUIRED_EXEMPT.has(`${type.name}.${field.name}`)) continue;
    report(walk, SCHEMA_RULE_IDS.requiredField, path, { type: 'Required' }, { target: 'key', field: [...path, field.name] });
  }
}

/** True for a missing value or a YAML null (`name:`, `name: null`, `name: ~`), following aliases. */
function isNullValue(walk: Walk, node: Node | null): boolean {
  if (node === null) return true;
  const target = isAlias(node) ? node.resolve(walk.doc) : node;
  return target === undefined || target === null || (isScalar(target) && classifyScalar(target).type === 'null');
}

function inStatus(walk: Walk, path: FieldPath): boolean {
  const first: PathSegment | undefined = path[walk.messageOffset];
  return typeof first === 'string' && STATUS_FIELDS.has(first);
}

function scalarString(walk: Walk, map: YAMLMap<unknown, unknown>, key: string): { value: string | undefined; present: boolean } {
  for (const pair of map.items) {
    if (!isPair(pair) || keyString(walk, pair) !== key) continue;
    const node = deref(walk, pair.value as Node | null);
    if (node !== null && isScalar(node)) {
      const scalar = classifyScalar(node);
      return { value: scalar.type === 'string' ? scalar.value : undefined, present: true };
    }
    return { value: undefined, present: true };
  }
  return { value: undefined, present: false };
}

/** Checks one object (a document root or a List item) at `basePath`. */
function checkObjectRoot(walk: Walk, basePath: FieldPath, rawNode: Node | null | undefined): void {
  const node = deref(walk, rawNode);
  if (node === null || !isMap(node)) return;
  const apiVersionField = scalarString(walk, node, 'apiVersion');
  const kindField = scalarString(walk, node, 'kind');
  const apiVersion = apiVersionField.value;
  const kind = kindField.value;
  if (apiVersion === undefined || kind === undefined) {
    // kubectl refuses an object without apiVersion or kind (`error validating data: apiVersion not set`). Only a
    // document that names a kind the schema knows (or a Kubernetes apiVersion, with metadata) is taken for one.
    if (kind !== undefined && !apiVersionField.present && walk.index.kindsNamed(kind).length > 0) {
      report(walk, SCHEMA_RULE_IDS.requiredField, [...basePath, 'kind'], { type: 'Required', detail: 'apiVersion not set' }, { target: 'key', field: [...basePath, 'apiVersion'] });
    }
    if (apiVersion !== undefined && !kindField.present && isBuiltInApiVersion(apiVersion) && scalarString(walk, node, 'metadata').present) {
      report(walk, SCHEMA_RULE_IDS.requiredField, [...basePath, 'apiVersion'], { type: 'Required', detail: 'kind not set' }, { target: 'key', field: [...basePath, 'kind'] });
    }
    return;
  }
  if (kind === 'List' && apiVersion === 'v1') {
    checkList(walk, basePath, node);
    return;
  }
  const info = walk.index.kindFor(apiVersion, kind);
  if (info !== undefined) {
    const root = walk.index.typeById(info.typeId);
    if (root === undefined) return;
    walk.aliases.active.add(node);
    checkObject(walk, basePath, node, root);
    walk.aliases.active.delete(node);
    return;
  }
  checkKindMismatch(walk, basePath, apiVersion, kind);
}

function checkList(walk: Walk, basePath: FieldPath, node: YAMLMap<unknown, unknown>): void {
  for (const pair of node.items) {
    if (!isPair(pair) || keyString(walk, pair) !== 'items') continue;
    const items = deref(walk, pair.value as Node | null);
    if (items === null || !isSeq(items)) return;
    items.items.forEach((item, i) => {
      const itemPath: FieldPath = [...basePath, 'items', i];
      checkObjectRoot({ ...walk, messageOffset: itemPath.length }, itemPath, item as Node | null);
    });
  }
}

/** True for the API groups of Kubernetes itself: no dot (`apps`, `batch`, core ''), or under k8s.io / kubernetes.io. */
function isBuiltInGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io') || group.endsWith('.kubernetes.io');
}

function checkKindMismatch(walk: Walk, basePath: FieldPath, apiVersion: string, kind: string): void {
  const gv = splitApiVersion(apiVersion);
  // Custom resources live in groups with a dot outside k8s.io (a CRD's group must contain one):
  // Knative's serving.knative.dev/v1 Service is not a mistyped core Service.
  if (!isBuiltInGroup(gv.group)) return;
  // A removed API version (extensions/v1beta1 Deployment) is the `removed-api-version` rule's, which knows the
  // target release and names the release that removed it.
  if (removedApi(apiVersion, kind) !== undefined) return;
  const sameKind = walk.index.kindsNamed(kind);
  const noMatch = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
  if (sameKind.length > 0) {
    const served = sameKind.map((k) => JSON.stringify(apiVersionText(k)));
    report(walk, SCHEMA_RULE_IDS.apiVersionMismatch, [...basePath, 'apiVersion'], { type: 'Invalid', value: jsonValue(apiVersion), detail: `${noMatch} (${kind} is served by ${served.join(', ')})` }, {
      details: { servedBy: sameKind.map((k) => apiVersionText(k)) },
    });
    return;
  }
  // Only group/versions podls models, and only near misses of a modelled kind: other kinds may be real.
  const candidates = kindCandidates(walk.index, gv.group, gv.version);
  if (candidates.length === 0) return;
  const suggestion = closestMatch(kind, candidates);
  if (suggestion === undefined) return;
  report(walk, SCHEMA_RULE_IDS.unknownKind, [...basePath, 'kind'], { type: 'Invalid', value: jsonValue(kind), detail: `${noMatch} (did you mean ${JSON.stringify(suggestion)}?)` }, {
    details: { suggestion },
  });
}

/**
 * Checks one document of a snapshot against the schema.
 * Returns findings with paths from the document root (`items[i]...` inside a `kind: List`); messages
 * carry the path relative to the object (the item, for List items), as the apiserver prints it.
 * A templated document (Helm) is checked on its masked view: callers keep only the findings no template value
 * can change (`features/diagnostics.ts`). Never throws.
 */
export function validateDocumentSchema(doc: YamlDocument, index: SchemaIndex): Finding[] {
  // A key that is a collection (an unmasked template action) means the document is not judged.
  if (doc.parsed.collectionKeys) return [];
  const walk: Walk = { index, doc: doc.doc, messageOffset: 0, out: [], aliases: { count: 0, active: new Set() } };
  checkObjectRoot(walk, [], doc.doc.contents as Node | null);
  return walk.out;
}
