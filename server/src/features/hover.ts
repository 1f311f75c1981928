/**
 * Hover (issue 2 §4): on a key, what `kubectl explain <resource>.<path>` shows for that field, as
 * Markdown (KIND, VERSION, GROUP, FIELD with type and `-required-`, DESCRIPTION, FIELDS); on the value
 * of an enum field, the value and the allowed values.
 *
 * Nothing on comments, unknown keys, values of other fields, or documents whose apiVersion/kind the
 * schema does not model (non-Kubernetes YAML, CRDs). The request flow is in ARCHITECTURE.md (How a hover flows).
 */
import { isScalar } from 'yaml';
import { locate, nodeAt } from '../document/locate';
import type { Locus } from '../document/locate';
import type { Snapshot } from '../document/snapshot';
import type { FieldPath } from '../document/field-path';
import type { SchemaIndex } from '../schema/lookup';
import type { KindInfo } from '../schema/model';
import { allowedValues } from '../schema/model';
import { enumText, explainMarkdown } from '../schema/explain';
import type { OffsetRange } from '../util/range';
import { memoisedMarkdown } from './explain-memo';
import type { ExplainMemo } from './explain-memo';
import { explainResource, kindApiVersion, objectAt } from './object-kind';
import { explainPathOf, resolveFieldPath } from './schema-view';

/** A hover: Markdown content and the range it describes (file offsets, 0-based UTF-16). */
export interface HoverInfo {
  readonly markdown: string;
  readonly range: OffsetRange;
}

function contains(range: OffsetRange | undefined, offset: number): range is OffsetRange {
  return range !== undefined && range.start <= offset && offset <= range.end;
}

/** What the server passes to {@link hover} so that a hover does no work twice. */
export interface HoverOptions {
  /** `locate(snapshot, offset)`, when the caller has it already. */
  readonly locus?: Locus;
  /** The explain Markdown rendered before for this schema. */
  readonly memo?: ExplainMemo;
}

/** The Markdown `kubectl explain` content for the field at `objectPath` of `kind`, or undefined; memoised in `memo`. */
export function explainFieldMarkdown(index: SchemaIndex, kind: KindInfo, objectPath: FieldPath, memo?: ExplainMemo): string | undefined {
  const resource = explainResource(kind);
  const path = explainPathOf(objectPath);
  const apiVersion = kindApiVersion(kind);
  return memoisedMarkdown(memo, index, `hover\u0000${resource}\u0000${apiVersion}\u0000${path.join('.')}`, () => {
    const result = explainMarkdown(index, resource, path, { recursive: false, apiVersion });
    return 'markdown' in result ? result.markdown : undefined;
  });
}

function keyHover(index: SchemaIndex, kind: KindInfo, objectPath: FieldPath, range: OffsetRange, memo: ExplainMemo | undefined): HoverInfo | undefined {
  const parentPath = objectPath.slice(0, -1);
  const parent = resolveFieldPath(index, kind.typeId, parentPath);
  if (parent === undefined) return undefined;
  // A key of a map-valued field (a label name, `cpu` under limits) explains the map field.
  const explained = parent.type.kind === 'map' ? parentPath : objectPath;
  if (parent.type.kind !== 'map' && resolveFieldPath(index, kind.typeId, objectPath)?.field === undefined) return undefined;
  if (explained.length === 0) return undefined;
  const markdown = explainFieldMarkdown(index, kind, explained, memo);
  return markdown === undefined ? undefined : { markdown, range };
}

/**
 * The hover at `offset` (0-based UTF-16 file offset) in `snapshot`, or undefined.
 * `range` is the key's range for a field, the value's range for an enum value. Cost: `locate` (O(lines of the
 * cursor's document)) plus, without a memo entry, one explain rendering; nothing outside the cursor's document.
 */
export function hover(snapshot: Snapshot, offset: number, index: SchemaIndex, options: HoverOptions = {}): HoverInfo | undefined {
  const locus = options.locus ?? locate(snapshot, offset);
  if (locus === undefined) return undefined;
  const object = objectAt(snapshot, locus, index);
  if (object.kind === undefined || object.document === undefined) return undefined;
  if (locus.role === 'key') {
    if (!contains(locus.keyRange, offset)) return undefined;
    return keyHover(index, object.kind, locus.objectPath, locus.keyRange, options.memo);
  }
  if (locus.role !== 'value' || !contains(locus.valueRange, offset)) return undefined;
  const lookup = resolveFieldPath(index, object.kind.typeId, locus.objectPath);
  const field = lookup?.field;
  if (field === undefined || allowedValues(field) === undefined || lookup?.type.kind !== 'primitive') return undefined;
  const node = nodeAt(object.document, locus.path);
  if (node === undefined || !isScalar(node)) return undefined;
  const markdown = enumText(field, String(node.value));
  return markdown === undefined ? undefined : { markdown, range: locus.valueRange };
}
