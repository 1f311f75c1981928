/**
 * Completion (issue 2 §6).
 *
 * - Keys: the fields the object at the cursor does not have yet, required ones first, with insert text
 *   that fits the type (`name: ` for scalars; `name:` plus an indented new line for objects and maps;
 *   `name:` plus an indented `- ` for lists). Documentation (the explain text) is filled in lazily by
 *   {@link resolveCompletion}.
 * - Values: enum values, `true`/`false` for booleans, the `apiVersion`s and `kind`s of the supported kinds.
 * - At the root of a document without apiVersion/kind: `apiVersion` + `kind` pairs; in an empty document,
 *   whole-manifest skeletons for Pod, Deployment, StatefulSet, DaemonSet, Job and CronJob.
 *
 * Insert texts are plain text (no snippet syntax). Lines after the first carry their full indentation,
 * so the LSP layer must send them with `InsertTextMode.asIs`.
 */
import { isScalar } from 'yaml';
import { locate } from '../document/locate';
import type { Locus } from '../document/locate';
import type { Snapshot } from '../document/snapshot';
import type { FieldPath } from '../document/field-path';
import type { SchemaIndex } from '../schema/lookup';
import type { FieldSchema, KindInfo, TypeRef } from '../schema/model';
import { allowedValues } from '../schema/model';
import { enumText, explainMarkdown } from '../schema/explain';
import { lineEndAt, lineStartAt } from '../util/lines';
import { memoisedMarkdown } from './explain-memo';
import type { ExplainMemo } from './explain-memo';
import type { OffsetRange } from '../util/range';
import { explainResource, kindApiVersion, objectAt } from './object-kind';
import type { ObjectAtCursor } from './object-kind';
import { explainPathOf, objectTypeOf, resolveFieldPath } from './schema-view';
import { SKELETONS } from './skeletons';

/** What a candidate is: a field key, a plain value, an enum value, a whole-manifest skeleton, an apiVersion/kind pair. */
export type CompletionCandidateKind = 'field' | 'value' | 'enum' | 'snippet' | 'kind';

/** What {@link resolveCompletion} needs to document a field candidate: the explain target. */
export interface CompletionData {
  /** kubectl resource argument, e.g. `pods`, `deployments.apps`. */
  readonly resource: string;
  /** The kind's apiVersion, e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** Field names from the object root (explain path, no indices), e.g. `['spec', 'containers', 'image']`. */
  readonly fieldPath: readonly string[];
}

/** One completion proposal, in podls terms (lsp/to-proto.ts makes a CompletionItem of it). */
export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CompletionCandidateKind;
  /** The type as kubectl explain prints it (`[]Container`, `string`), then ` -required-` for required fields; a short note for values. */
  readonly detail?: string;
  /** Plain text; lines after the first include their full indentation (insert "as is"). */
  readonly insertText: string;
  /** Sort key: required fields first, then the others by name. */
  readonly sortText: string;
  readonly filterText?: string;
  /** The text the insert replaces (the partial word under the cursor); absent: insert at the cursor. */
  readonly replaceRange?: OffsetRange;
  /** Markdown documentation, when known up front (enum values); fields get it from {@link resolveCompletion}. */
  readonly documentation?: string;
  /** Present on field candidates: what to explain on resolve. */
  readonly data?: CompletionData;
}

/**
 * Candidates at `offset` (0-based UTF-16 file offset) in `snapshot`, in no particular order (clients sort by
 * `sortText`). Empty when nothing fits (comments, unknown kinds, values of free-form fields). `locus`: what
 * `locate(snapshot, offset)` found, when the caller has it already.
 */
export function complete(snapshot: Snapshot, offset: number, index: SchemaIndex, locus: Locus | undefined = locate(snapshot, offset)): CompletionCandidate[] {
  const candidates = locus === undefined ? [] : candidatesAt(snapshot, offset, index, locus);
  // LSP text edits must lie on one line and contain the cursor: clip, or insert at the cursor instead.
  return candidates.map((c) => {
    if (c.replaceRange === undefined) return c;
    const fitted = fitRange(snapshot.text, c.replaceRange, offset);
    if (fitted === c.replaceRange) return c;
    const { replaceRange: _dropped, ...rest } = c;
    void _dropped;
    return fitted === undefined ? rest : { ...rest, replaceRange: fitted };
  });
}

/** `range` cut to the cursor's line; undefined when the result would not contain `offset`. */
function fitRange(text: string, range: OffsetRange, offset: number): OffsetRange | undefined {
  const start = Math.max(range.start, lineStart(text, offset));
  const end = Math.min(range.end, lineEnd(text, offset));
  if (start > offset || end < offset) return undefined;
  return start === range.start && end === range.end ? range : { start, end };
}

function candidatesAt(snapshot: Snapshot, offset: number, index: SchemaIndex, locus: Locus): CompletionCandidate[] {
  const object = objectAt(snapshot, locus, index);
  switch (locus.role) {
    case 'new-key':
    case 'new-item': {
      const replaceRange = locus.role === 'new-key' ? locus.keyRange : locus.valueRange;
      const candidates = keyCandidates(locus, object, index, locus.objectPath, replaceRange, 'block');
      // Whole documents end with a line break unless one follows already.
      const end = replaceRange?.end ?? offset;
      const breakFollows = /^\r?\n/.test(snapshot.text.slice(end, end + 2));
      return breakFollows ? candidates.map((c) => (c.kind === 'snippet' || c.kind === 'kind' ? { ...c, insertText: c.insertText.replace(/\n$/, '') } : c)) : candidates;
    }
    case 'key': {
      const text = snapshot.text;
      const keyRange = locus.keyRange;
      const hasValuePart = keyRange !== undefined && text.slice(keyRange.end, lineEnd(text, keyRange.end)).trimStart().startsWith(':');
      // In a flow mapping (`- {name: a, im}`) a key completes to `name: ` whatever its type.
      const inFlow = keyRange !== undefined && /[{[]/.test(text.slice(lineStart(text, keyRange.start), keyRange.start));
      return keyCandidates(locus, object, index, locus.objectPath.slice(0, -1), keyRange, hasValuePart ? 'name' : inFlow ? 'inline' : 'block');
    }
    case 'value':
      return valueCandidates(locus, object, index);
  }
}

/**
 * Adds the explain Markdown of a field candidate as its documentation (memoised in `memo` when given); other
 * candidates come back unchanged.
 */
export function resolveCompletion(candidate: CompletionCandidate, index: SchemaIndex, memo?: ExplainMemo): CompletionCandidate {
  const data = candidate.data;
  if (data === undefined || candidate.documentation !== undefined) return candidate;
  const key = `completion\u0000${data.resource}\u0000${data.apiVersion}\u0000${data.fieldPath.join('.')}`;
  const markdown = memoisedMarkdown(memo, index, key, () => {
    const result = explainMarkdown(index, data.resource, data.fieldPath, { recursive: false, apiVersion: data.apiVersion, fieldDescriptions: false });
    return 'markdown' in result ? result.markdown : undefined;
  });
  return markdown === undefined ? candidate : { ...candidate, documentation: markdown };
}

function lineStart(text: string, at: number): number {
  return lineStartAt(text, at);
}

function lineEnd(text: string, from: number): number {
  return lineEndAt(text, from);
}

/** True when the document at the cursor has no content yet (or only the word being typed). */
function isEmptyDocument(object: ObjectAtCursor, locus: Locus): boolean {
  if (locus.item !== undefined || locus.objectPath.length > 0) return false;
  const contents = object.document?.doc.contents;
  return contents === undefined || contents === null || isScalar(contents);
}

function keyCandidates(
  locus: Locus,
  object: ObjectAtCursor,
  index: SchemaIndex,
  objectPath: FieldPath,
  replaceRange: OffsetRange | undefined,
  style: InsertStyle,
): CompletionCandidate[] {
  const range = replaceRange === undefined ? {} : { replaceRange };
  if (isEmptyDocument(object, locus)) return [...skeletonCandidates(range), ...pairCandidates(index, range)];
  const kind = object.kind;
  if (kind === undefined) return headerKeyCandidates(locus, objectPath, range);
  const lookup = resolveFieldPath(index, kind.typeId, objectPath);
  if (lookup === undefined) return [];
  const type = objectTypeOf(index, lookup.type);
  if (type === undefined) return resourceNameCandidates(index, lookup.type, locus, range);
  const present = new Set(locus.siblingKeys);
  const basePath = explainPathOf(objectPath);
  const candidates: CompletionCandidate[] = [];
  for (const field of type.fields) {
    if (present.has(field.name)) continue;
    candidates.push({
      label: field.name,
      kind: 'field',
      detail: index.typeName(field.type) + (field.required ? ' -required-' : ''),
      insertText: style === 'name' ? field.name : style === 'inline' ? `${field.name}: ` : fieldInsertText(index, field, locus.indent),
      sortText: `${fieldRank(field, objectPath)}_${field.name}`,
      ...range,
      data: { resource: explainResource(kind), apiVersion: kindApiVersion(kind), fieldPath: [...basePath, field.name] },
    });
  }
  return candidates;
}

/**
 * How a key candidate is inserted: the name alone (the key already has its `:`), `name: ` (inside a
 * flow mapping), or with a value that fits the type (see {@link fieldInsertText}).
 */
type InsertStyle = 'name' | 'inline' | 'block';

/** Resource names commonly used as keys of a ResourceList (`limits`, `requests`, `overhead`). */
const RESOURCE_NAMES: readonly string[] = ['cpu', 'memory', 'ephemeral-storage'];

/** Keys of a `map[string]Quantity` (a ResourceList): `cpu`, `memory`, `ephemeral-storage`, minus present ones. */
function resourceNameCandidates(index: SchemaIndex, ref: TypeRef, locus: Locus, range: { replaceRange?: OffsetRange }): CompletionCandidate[] {
  if (ref.kind !== 'map' || index.typeName(ref.values) !== 'Quantity') return [];
  return RESOURCE_NAMES.filter((name) => !locus.siblingKeys.includes(name)).map((name, i) => ({
    label: name,
    kind: 'value' as const,
    detail: 'Quantity',
    insertText: `${name}: `,
    sortText: String(i),
    ...range,
  }));
}

/**
 * At the root of an object with only part of its header (`apiVersion` without `kind` or the reverse),
 * the missing header key. Other objects without a known kind (non-Kubernetes YAML, CRDs) get nothing.
 */
function headerKeyCandidates(locus: Locus, objectPath: FieldPath, range: { replaceRange?: OffsetRange }): CompletionCandidate[] {
  if (objectPath.length !== 0) return [];
  const present = locus.siblingKeys;
  if (!present.includes('apiVersion') && !present.includes('kind')) return [];
  return ['apiVersion', 'kind']
    .filter((name) => !present.includes(name))
    .map((name) => ({ label: name, kind: 'field' as const, detail: 'string -required-', insertText: `${name}: `, sortText: `0_${name}`, ...range }));
}

/** 0 for required fields, 1 for the others, 2 for `status` (written by the server). */
function fieldRank(field: FieldSchema, objectPath: FieldPath): number {
  if (field.name === 'status' && objectPath.length === 0) return 2;
  return field.required ? 0 : 1;
}

type ValueShape = 'scalar' | 'block' | 'list';

function valueShape(index: SchemaIndex, ref: TypeRef): ValueShape {
  switch (ref.kind) {
    case 'array':
      return 'list';
    case 'map':
      return 'block';
    case 'named': {
      const type = index.typeById(ref.id);
      return type?.shape === 'object' ? 'block' : 'scalar';
    }
    default:
      return 'scalar';
  }
}

/** `name: `, `name:\n<indent+2>`, or `name:\n<indent+2>- `, for a key at column `indent`. */
export function fieldInsertText(index: SchemaIndex, field: FieldSchema, indent: number): string {
  const inner = ' '.repeat(indent + 2);
  switch (valueShape(index, field.type)) {
    case 'scalar':
      return `${field.name}: `;
    case 'block':
      return `${field.name}:\n${inner}`;
    case 'list':
      return `${field.name}:\n${inner}- `;
  }
}

function valueCandidates(locus: Locus, object: ObjectAtCursor, index: SchemaIndex): CompletionCandidate[] {
  const range = locus.valueRange === undefined ? {} : { replaceRange: locus.valueRange };
  const path = locus.objectPath;
  if (path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind')) return headerValueCandidates(path[0], object, index, range);
  const kind = object.kind;
  if (kind === undefined) return [];
  const lookup = resolveFieldPath(index, kind.typeId, path);
  if (lookup === undefined) return [];
  const field = lookup.field;
  const values = field === undefined ? undefined : allowedValues(field);
  if (field !== undefined && values !== undefined && values.length > 0 && lookup.type.kind === 'primitive') {
    return values.map((value, i) => {
      const documentation = enumText(field, value);
      return {
        label: value,
        kind: 'enum' as const,
        detail: field.name,
        insertText: value,
        sortText: String(i).padStart(3, '0'),
        ...range,
        ...(documentation === undefined ? {} : { documentation }),
      };
    });
  }
  if (isBoolean(index, lookup.type)) {
    return ['true', 'false'].map((value, i) => ({ label: value, kind: 'value' as const, detail: 'boolean', insertText: value, sortText: String(i), ...range }));
  }
  return [];
}

function isBoolean(index: SchemaIndex, ref: TypeRef): boolean {
  if (ref.kind === 'primitive') return ref.type === 'boolean';
  return ref.kind === 'named' && index.typeById(ref.id)?.shape === 'boolean';
}

function headerValueCandidates(
  field: 'apiVersion' | 'kind',
  object: ObjectAtCursor,
  index: SchemaIndex,
  range: { replaceRange?: OffsetRange },
): CompletionCandidate[] {
  const kinds = index.model.kinds;
  if (field === 'apiVersion') {
    const serving = object.kindName === undefined ? [] : kinds.filter((k) => k.kind === object.kindName);
    const pool = serving.length > 0 ? serving : kinds;
    const versions = [...new Set(pool.map(kindApiVersion))];
    return versions.map((v, i) => ({
      label: v,
      kind: 'value' as const,
      detail: pool.filter((k) => kindApiVersion(k) === v).map((k) => k.kind).join(', '),
      insertText: v,
      sortText: String(i).padStart(3, '0'),
      ...range,
    }));
  }
  const served = object.apiVersion === undefined ? [] : kinds.filter((k) => kindApiVersion(k) === object.apiVersion);
  const pool = served.length > 0 ? served : kinds;
  return pool.map((k, i) => ({ label: k.kind, kind: 'kind' as const, detail: kindApiVersion(k), insertText: k.kind, sortText: String(i).padStart(3, '0'), ...range }));
}

/** `apiVersion: apps/v1` + `kind: Deployment` for every supported kind. */
function pairCandidates(index: SchemaIndex, range: { replaceRange?: OffsetRange }): CompletionCandidate[] {
  return index.model.kinds.map((k: KindInfo, i) => ({
    label: `${k.kind} (${kindApiVersion(k)})`,
    kind: 'kind' as const,
    detail: `apiVersion: ${kindApiVersion(k)}, kind: ${k.kind}`,
    insertText: `apiVersion: ${kindApiVersion(k)}\nkind: ${k.kind}\n`,
    filterText: k.kind,
    sortText: `1_${String(i).padStart(3, '0')}`,
    ...range,
  }));
}

function skeletonCandidates(range: { replaceRange?: OffsetRange }): CompletionCandidate[] {
  return SKELETONS.map((s, i) => ({
    label: s.kind,
    kind: 'snippet' as const,
    detail: `${s.apiVersion} ${s.kind} manifest`,
    insertText: s.text,
    filterText: s.kind,
    sortText: `0_${String(i).padStart(3, '0')}`,
    ...range,
  }));
}
