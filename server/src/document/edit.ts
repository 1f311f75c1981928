/**
 * Text edits on YAML documents that keep the rest of the file as written (indentation, comments, quoting).
 *
 * Edits are computed from yaml node ranges and the file text and touch only the lines of the field they
 * change; they are returned as {@link TextEdit}s in file offsets (0-based UTF-16), never applied in place.
 * New content is rendered in block style, indented like its siblings (flow style inside flow collections;
 * scalars through yaml's stringifier), with the file's line break (`\r\n` when the file uses it), quoting strings that
 * YAML 1.1 would read otherwise (`"yes"`, `"0755"`).
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, stringify } from 'yaml';
import type { Node } from 'yaml';
import { segmentKey } from './field-path';
import type { FieldPath } from './field-path';
import { keyNodeAt, nodeAt } from './locate';
import { contentRange, isEmptyScalar } from './parse';
import type { Snapshot, YamlDocument } from './snapshot';
import type { OffsetRange } from '../util/range';
import { lineStartAt } from '../util/lines';

/** Replace `range` (file offsets) with `newText`; an empty range inserts. */
export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

/**
 * Applies non-overlapping edits (in any order) to `text` and returns the result.
 * Throws a RangeError when two edits overlap (a programming error in the caller).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.range.start < at) throw new RangeError('overlapping edits');
    out += text.slice(at, e.range.start) + e.newText;
    at = e.range.end;
  }
  return out + text.slice(at);
}

/**
 * Replaces the value of the field or item at `path` with `value` rendered as YAML (a scalar on the same line,
 * a collection as an indented block below the key). Undefined when the path does not exist.
 */
export function setValue(snapshot: Snapshot, doc: YamlDocument, path: FieldPath, value: unknown): TextEdit | undefined {
  const node = nodeAt(doc, path);
  const key = keyNodeAt(doc, path);
  const text = snapshot.text;
  const eol = lineBreakOf(text);
  if (node === undefined || isEmptyScalar(node)) {
    if (key === undefined) return undefined;
    const keyEnd = fileRange(doc, key).end;
    const colon = text.indexOf(':', keyEnd);
    if (colon < 0) return undefined;
    const at = colon + 1;
    const indent = columnOf(snapshot, fileRange(doc, key).start);
    return { range: { start: at, end: at }, newText: renderAfterColon(value, indent, eol, inFlowAt(text, at), indentStyleOf(snapshot, doc)) };
  }
  const r = fileRange(doc, node);
  const flow = inFlowAt(text, r.start) || isFlowCollection(node);
  if (flow || !isCollectionValue(value)) return { range: r, newText: renderInline(value) };
  // A block collection replaces everything after `key:` on its line through the old value's end.
  const anchor = key !== undefined ? fileRange(doc, key) : r;
  const colon = key !== undefined ? text.indexOf(':', anchor.end) : -1;
  const start = colon >= 0 ? colon + 1 : r.start;
  return { range: { start, end: r.end }, newText: renderAfterColon(value, columnOf(snapshot, anchor.start), eol, false, indentStyleOf(snapshot, doc)) };
}

/**
 * Adds `key: value` to the mapping at `parentPath`, after its last field and indented like its keys.
 * Missing mappings on the way are created (string segments only: a missing sequence item cannot be).
 * Undefined when the parent exists but is not a mapping (or an empty value), or the path cannot be created.
 */
export function insertField(snapshot: Snapshot, doc: YamlDocument, parentPath: FieldPath, key: string, value: unknown): TextEdit | undefined {
  // Find the deepest existing ancestor and wrap the missing part into the inserted value.
  let depth = parentPath.length;
  while (depth > 0 && nodeAt(doc, parentPath.slice(0, depth)) === undefined) depth--;
  let newKey = key;
  let newValue: unknown = value;
  for (let i = parentPath.length - 1; i >= depth; i--) {
    const seg = parentPath[i];
    if (seg === undefined || typeof seg === 'number') return undefined;
    newValue = { [newKey]: newValue };
    newKey = String(segmentKey(seg));
  }
  const basePath = parentPath.slice(0, depth);
  const parent = basePath.length === 0 ? doc.doc.contents : nodeAt(doc, basePath);
  const text = snapshot.text;
  const eol = lineBreakOf(text);
  const field = { [newKey]: newValue };
  const style = indentStyleOf(snapshot, doc);

  if (isMap(parent) && parent.flow) {
    const r = fileRange(doc, parent);
    const close = text.lastIndexOf('}', r.end);
    if (close < r.start) return undefined;
    const inner = renderInline(field).replace(/^\{\s*|\s*\}$/g, '');
    const sep = parent.items.length > 0 ? ', ' : '';
    const before = text.slice(r.start + 1, close).trimEnd();
    const at = r.start + 1 + before.length;
    return { range: { start: at, end: at }, newText: `${sep}${inner}` };
  }
  if (isMap(parent) && parent.items.length > 0) {
    const first = parent.items[0]?.key;
    if (!isNode(first)) return undefined;
    const indent = columnOf(snapshot, fileRange(doc, first).start);
    const at = lineEndAt(snapshot, fileRange(doc, parent).end);
    return { range: { start: at, end: at }, newText: eol + renderBlock(field, indent, eol, style) };
  }
  if (parent === null || parent === undefined || isEmptyScalar(parent)) {
    if (basePath.length === 0) {
      const at = doc.range.end;
      const lead = at > 0 && !/[\r\n]$/.test(text.slice(0, at)) ? eol : '';
      return { range: { start: at, end: at }, newText: lead + renderBlock(field, 0, eol, style) + eol };
    }
    const keyNode = keyNodeAt(doc, basePath);
    if (keyNode === undefined) return undefined;
    const keyRange = fileRange(doc, keyNode);
    const at = lineEndAt(snapshot, keyRange.end);
    return { range: { start: at, end: at }, newText: eol + renderBlock(field, columnOf(snapshot, keyRange.start) + style.indent, eol, style) };
  }
  return undefined;
}

/**
 * Removes the field or sequence item at `path` with its whole value: its lines when it starts a line,
 * otherwise (first key after `- `, flow collections) just its text and separator. Undefined when absent.
 */
export function removeNode(snapshot: Snapshot, doc: YamlDocument, path: FieldPath): TextEdit | undefined {
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  const parent = path.length === 1 ? doc.doc.contents : nodeAt(doc, path.slice(0, -1));
  const text = snapshot.text;
  let start: number;
  let end: number;
  let next: number | undefined;
  let prev: number | undefined;
  if (isMap(parent)) {
    const want = segmentKey(last);
    const i = parent.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === String(want));
    const pair = parent.items[i];
    if (pair === undefined || !isNode(pair.key)) return undefined;
    start = fileRange(doc, pair.key).start;
    end = isNode(pair.value) && !isEmptyScalar(pair.value) ? fileRange(doc, pair.value).end : fileRange(doc, pair.key).end;
    const nk = parent.items[i + 1]?.key;
    const pk = parent.items[i - 1];
    next = isNode(nk) ? fileRange(doc, nk).start : undefined;
    prev = pk !== undefined ? endOfPair(doc, pk) : undefined;
    if (parent.flow) return flowRemoval(text, start, end, prev, next);
  } else if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    if (!isNode(item)) return undefined;
    const r = fileRange(doc, item);
    start = r.start;
    end = r.end;
    const ni = parent.items[last + 1];
    const pi = parent.items[last - 1];
    next = isNode(ni) ? fileRange(doc, ni).start : undefined;
    prev = isNode(pi) ? fileRange(doc, pi).end : undefined;
    if (parent.flow) return flowRemoval(text, start, end, prev, next);
    // Block sequence items start at their `- `.
    const dash = text.lastIndexOf('-', start);
    if (dash >= 0 && /^-\s*$/.test(text.slice(dash, start))) start = dash;
  } else return undefined;

  const lineStart = snapshot.lineIndex.lineStart(snapshot.lineIndex.lineAt(start));
  const startsLine = /^[ \t]*$/.test(text.slice(lineStart, start));
  if (!startsLine && next !== undefined) return { range: { start, end: next }, newText: '' };
  const from = startsLine ? lineStart : start;
  const li = snapshot.lineIndex;
  const endLine = li.lineAt(end);
  const to = endLine + 1 < li.lineCount ? li.lineStart(endLine + 1) : li.length;
  return { range: { start: from, end: to }, newText: '' };
}

/**
 * Renames the key of the field at `path`, in the old key's quotes when it was quoted (a plain key stays plain
 * unless the new one needs quotes). Undefined when there is no such key.
 */
export function renameKey(doc: YamlDocument, path: FieldPath, newKey: string): TextEdit | undefined {
  const key = keyNodeAt(doc, path);
  if (key === undefined) return undefined;
  const quoted = isScalar(key) && key.type === 'QUOTE_DOUBLE' ? JSON.stringify(newKey) : isScalar(key) && key.type === 'QUOTE_SINGLE' ? `'${newKey.replace(/'/g, "''")}'` : undefined;
  return { range: fileRange(doc, key), newText: quoted ?? renderInline(newKey) };
}

/** How a document indents block collections: the step between nesting levels and whether `- ` items sit under their key indented. */
export interface IndentStyle {
  /** Columns between a key and the keys of its mapping value (2 unless the document uses another step). */
  readonly indent: number;
  /** Columns between a key and the dashes of its block sequence value: 2 for `key:\n  - a`, 0 for `key:\n- a`. */
  readonly sequenceIndent: number;
}

/**
 * The indentation style of `doc`, read from its first nested block mapping and its first block sequence
 * under a key; `{ indent: 2, sequenceIndent: 2 }` where the document shows neither.
 */
export function indentStyleOf(snapshot: Snapshot, doc: YamlDocument): IndentStyle {
  let indent: number | undefined;
  let sequenceIndent: number | undefined;
  const visit = (node: unknown, keyColumn: number | undefined, depth: number): void => {
    if (depth > 64 || (indent !== undefined && sequenceIndent !== undefined)) return;
    if (isMap(node) && !node.flow) {
      const first = node.items[0]?.key;
      const col = isNode(first) ? columnOf(snapshot, fileRange(doc, first).start) : undefined;
      if (indent === undefined && keyColumn !== undefined && col !== undefined && col > keyColumn) indent = col - keyColumn;
      for (const pair of node.items) {
        const k = pair.key;
        visit(pair.value, isNode(k) ? columnOf(snapshot, fileRange(doc, k).start) : undefined, depth + 1);
      }
    } else if (isSeq(node) && !node.flow) {
      const first = node.items[0];
      if (sequenceIndent === undefined && keyColumn !== undefined && isNode(first)) {
        const dash = snapshot.text.lastIndexOf('-', fileRange(doc, first).start);
        if (dash >= 0 && columnOf(snapshot, dash) >= keyColumn) sequenceIndent = columnOf(snapshot, dash) - keyColumn;
      }
      for (const item of node.items) visit(item, undefined, depth + 1);
    }
  };
  visit(doc.doc.contents, undefined, 0);
  const step = indent !== undefined && indent > 0 && indent <= 8 ? indent : 2;
  return { indent: step, sequenceIndent: sequenceIndent !== undefined && sequenceIndent <= 8 ? sequenceIndent : step };
}

/** How {@link setScalar} writes a new scalar: in the old scalar's quoting, plain where possible, or double-quoted. */
export type ScalarStyle = 'keep' | 'plain' | 'double-quoted';

/**
 * Replaces the scalar at `path` with `value`. `keep` writes strings in the old scalar's quotes (a plain
 * scalar stays plain unless the value needs quotes), `plain` writes without quotes unless the value needs them
 * (so `"3"` becomes `3` when `value` is the number 3), `double-quoted` always quotes (`80` -> `"80"`).
 * Undefined when there is no scalar (or only an empty one) at `path`, or it is a block scalar (`|`, `>`).
 */
export function setScalar(snapshot: Snapshot, doc: YamlDocument, path: FieldPath, value: string | number | boolean, style: ScalarStyle = 'keep'): TextEdit | undefined {
  const node = nodeAt(doc, path);
  if (!isScalar(node) || isEmptyScalar(node)) return undefined;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  const r = fileRange(doc, node);
  let newText: string;
  if (style === 'double-quoted') newText = JSON.stringify(String(value));
  else if (style === 'keep' && typeof value === 'string' && node.type === 'QUOTE_DOUBLE') newText = JSON.stringify(value);
  else if (style === 'keep' && typeof value === 'string' && node.type === 'QUOTE_SINGLE') newText = `'${value.replace(/'/g, "''")}'`;
  else newText = renderInline(value);
  if (newText === snapshot.text.slice(r.start, r.end)) return undefined;
  return { range: r, newText };
}

/** The source text of the node at `path` as written (quotes included, trailing comment excluded). */
export function sourceText(snapshot: Snapshot, doc: YamlDocument, path: FieldPath): string | undefined {
  const node = nodeAt(doc, path);
  if (node === undefined || isEmptyScalar(node)) return undefined;
  const r = fileRange(doc, node);
  return snapshot.text.slice(r.start, r.end);
}

/**
 * Turns the value at `path` into a one-item sequence holding it, keeping the value's text: a block mapping
 * gets `- ` before its first key (its other lines move right by two columns), a single-line scalar becomes a
 * block item on the next line (`key:\n  - value`), flow values and values inside flow collections get brackets.
 * Undefined when there is no value, it already is a sequence, or it is a multi-line scalar.
 */
export function wrapInSequence(snapshot: Snapshot, doc: YamlDocument, path: FieldPath): TextEdit[] | undefined {
  const node = nodeAt(doc, path);
  if (node === undefined || isEmptyScalar(node) || isSeq(node) || isAlias(node)) return undefined;
  const text = snapshot.text;
  const r = fileRange(doc, node);
  const src = text.slice(r.start, r.end);
  if (inFlowAt(text, r.start) || isFlowCollection(node)) {
    return [
      { range: { start: r.start, end: r.start }, newText: '[' },
      { range: { start: r.end, end: r.end }, newText: ']' },
    ];
  }
  const li = snapshot.lineIndex;
  if (isMap(node)) {
    const edits: TextEdit[] = [{ range: { start: r.start, end: r.start }, newText: '- ' }];
    for (let line = li.lineAt(r.start) + 1; line <= li.lineAt(r.end); line++) {
      const start = li.lineStart(line);
      if (text.slice(start, li.lineContentEnd(line)).trim() !== '') edits.push({ range: { start, end: start }, newText: '  ' });
    }
    return edits;
  }
  if (/[\r\n]/.test(src)) return undefined;
  const key = keyNodeAt(doc, path);
  if (key === undefined) return [{ range: r, newText: `[${src}]` }];
  const keyRange = fileRange(doc, key);
  const colon = text.indexOf(':', keyRange.end);
  if (colon < 0 || colon > r.start) return undefined;
  const style = indentStyleOf(snapshot, doc);
  const column = columnOf(snapshot, keyRange.start) + style.sequenceIndent;
  return [{ range: { start: colon + 1, end: r.end }, newText: `${lineBreakOf(text)}${' '.repeat(column)}- ${src}` }];
}

/**
 * Appends `value` as the last item of the sequence at `seqPath` (after its last item, at its dash column;
 * before `]` in a flow sequence). When the sequence is absent or empty, adds `key: [value]` to its parent
 * mapping as {@link insertField} does. Undefined when something else is there.
 */
export function appendItem(snapshot: Snapshot, doc: YamlDocument, seqPath: FieldPath, value: unknown): TextEdit | undefined {
  const seq = nodeAt(doc, seqPath);
  const last = seqPath[seqPath.length - 1];
  const text = snapshot.text;
  if (seq === undefined || isEmptyScalar(seq) || (isSeq(seq) && seq.items.length === 0 && !seq.flow)) {
    if (last === undefined || typeof last === 'number') return undefined;
    if (seq !== undefined && !isEmptyScalar(seq)) return undefined;
    if (seq !== undefined) return setValue(snapshot, doc, seqPath, [value]);
    return insertField(snapshot, doc, seqPath.slice(0, -1), String(segmentKey(last)), [value]);
  }
  if (!isSeq(seq)) return undefined;
  const r = fileRange(doc, seq);
  if (seq.flow) {
    const close = text.lastIndexOf(']', r.end);
    if (close < r.start) return undefined;
    const before = text.slice(r.start + 1, close).trimEnd();
    const at = r.start + 1 + before.length;
    return { range: { start: at, end: at }, newText: `${seq.items.length > 0 ? ', ' : ''}${renderInline(value)}` };
  }
  const first = seq.items[0];
  if (!isNode(first)) return undefined;
  const dash = text.lastIndexOf('-', fileRange(doc, first).start);
  if (dash < 0) return undefined;
  const column = columnOf(snapshot, dash);
  const eol = lineBreakOf(text);
  const style = indentStyleOf(snapshot, doc);
  const body = renderItem(value, column, eol, style);
  const at = lineEndAt(snapshot, r.end);
  return { range: { start: at, end: at }, newText: `${eol}${' '.repeat(column)}- ${body}` };
}

/**
 * Moves the field at `fromPath` into the mapping at `toPath` (after its last field), keeping the field's text
 * (comments included) and re-indenting its lines to the target's key column; the field's old lines are
 * removed. Flow mappings on either side fall back to removing the field and inserting its value rendered anew.
 * Undefined when the field or the target is missing, or the target already has that key.
 */
export function moveField(snapshot: Snapshot, doc: YamlDocument, fromPath: FieldPath, toPath: FieldPath): TextEdit[] | undefined {
  const last = fromPath[fromPath.length - 1];
  const key = keyNodeAt(doc, fromPath);
  if (last === undefined || typeof last === 'number' || key === undefined) return undefined;
  const name = String(segmentKey(last));
  const target = toPath.length === 0 ? doc.doc.contents : nodeAt(doc, toPath);
  if (isMap(target) && target.items.some((p) => isScalar(p.key) && String(p.key.value) === name)) return undefined;
  const removal = removeNode(snapshot, doc, fromPath);
  if (removal === undefined) return undefined;
  const source = fromPath.length === 1 ? doc.doc.contents : nodeAt(doc, fromPath.slice(0, -1));
  const value = nodeAt(doc, fromPath);
  const text = snapshot.text;
  const li = snapshot.lineIndex;
  const blockSource = isMap(source) && !source.flow && !inFlowAt(text, fileRange(doc, key).start);
  const firstKey = isMap(target) && !target.flow ? target.items[0]?.key : undefined;
  if (!blockSource || !isNode(firstKey)) {
    const plain: unknown = value === undefined || isEmptyScalar(value) ? null : value.toJS(doc.doc);
    const insert = insertField(snapshot, doc, toPath, name, plain);
    return insert === undefined ? undefined : combine(removal, insert);
  }
  if (!isMap(target)) return undefined;
  const keyStart = fileRange(doc, key).start;
  const end = value !== undefined && !isEmptyScalar(value) ? fileRange(doc, value).end : fileRange(doc, key).end;
  const fromColumn = columnOf(snapshot, keyStart);
  const toColumn = columnOf(snapshot, fileRange(doc, firstKey).start);
  const lines = text.slice(keyStart, li.lineContentEnd(li.lineAt(end))).split(/\r?\n/);
  const moved = lines.map((l, i) => {
    if (i === 0) return ' '.repeat(toColumn) + l;
    if (l.trim() === '') return '';
    const lead = /^ */.exec(l)?.[0].length ?? 0;
    return ' '.repeat(Math.max(0, lead - fromColumn + toColumn)) + l.slice(lead);
  });
  const eol = lineBreakOf(text);
  const at = lineEndAt(snapshot, fileRange(doc, target).end);
  if (at > removal.range.start && at < removal.range.end) {
    // The field is the target's last content (a move to an enclosing mapping): rewrite its lines in place.
    const tail = /\r?\n$/.exec(text.slice(removal.range.start, removal.range.end))?.[0] ?? '';
    const lineStart = li.lineStart(li.lineAt(keyStart));
    if (removal.range.start !== lineStart) return undefined;
    return [{ range: removal.range, newText: moved.join(eol) + tail }];
  }
  return combine(removal, { range: { start: at, end: at }, newText: eol + moved.join(eol) });
}

/** Two edits as a list, or undefined when they overlap (the caller offers no fix then). */
function combine(a: TextEdit, b: TextEdit): TextEdit[] | undefined {
  const [x, y] = a.range.start <= b.range.start ? [a, b] : [b, a];
  if (y.range.start < x.range.end) return undefined;
  return [x, y];
}

// ---------------------------------------------------------------------------------------------------------

function isNode(v: unknown): v is Node {
  return isScalar(v) || isCollection(v) || isAlias(v);
}

function fileRange(doc: YamlDocument, n: Node): OffsetRange {
  const r = contentRange(n);
  return { start: r.start + doc.offset, end: r.end + doc.offset };
}

function endOfPair(doc: YamlDocument, pair: { key: unknown; value: unknown }): number | undefined {
  if (isNode(pair.value) && !isEmptyScalar(pair.value)) return fileRange(doc, pair.value).end;
  return isNode(pair.key) ? fileRange(doc, pair.key).end : undefined;
}

function flowRemoval(text: string, start: number, end: number, prev: number | undefined, next: number | undefined): TextEdit {
  if (next !== undefined) return { range: { start, end: next }, newText: '' };
  if (prev !== undefined) return { range: { start: prev, end }, newText: '' };
  // The only entry: also drop surrounding spaces inside the brackets.
  let s = start;
  let e = end;
  while (s > 0 && /[ \t]/.test(text[s - 1] ?? '')) s--;
  while (e < text.length && /[ \t]/.test(text[e] ?? '')) e++;
  return { range: { start: s, end: e }, newText: '' };
}

function isFlowCollection(n: Node): boolean {
  return (isMap(n) || isSeq(n)) && Boolean(n.flow);
}

function isCollectionValue(v: unknown): boolean {
  return v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

/** True when `at` is inside a flow collection on its line (an unmatched `[`/`{` before it). */
function inFlowAt(text: string, at: number): boolean {
  const ls = lineStartAt(text, at);
  let depth = 0;
  let quote = '';
  for (const c of text.slice(ls, at)) {
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth > 0;
}

function lineBreakOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

function columnOf(snapshot: Snapshot, offset: number): number {
  return offset - snapshot.lineIndex.lineStart(snapshot.lineIndex.lineAt(offset));
}

/** The offset before the line break that ends the line holding the character just before `offset`. */
function lineEndAt(snapshot: Snapshot, offset: number): number {
  const li = snapshot.lineIndex;
  return li.lineContentEnd(li.lineAt(Math.max(0, offset - 1)));
}

/**
 * Rendering options: YAML 1.1 scalars so strings Kubernetes' decoder would read as booleans or numbers
 * (`yes`, `on`, `0755`) get quoted; no line folding.
 */
const RENDER = { version: '1.1', lineWidth: 0 } as const;

/** A value on one line: a scalar, or a flow collection (`{a: 1}`, `[x, y]`). */
function renderInline(value: unknown): string {
  return stringify(value, { ...RENDER, collectionStyle: 'flow' }).replace(/\n$/, '');
}

/** Text after `key:` for a value: ` scalar`, or a block collection on the following lines. */
function renderAfterColon(value: unknown, keyIndent: number, eol: string, flow: boolean, style: IndentStyle): string {
  if (flow || !isCollectionValue(value)) return ` ${renderInline(value)}`;
  if (Array.isArray(value)) return value.map((item) => `${eol}${' '.repeat(keyIndent + style.sequenceIndent)}- ${renderItem(item, keyIndent + style.sequenceIndent, eol, style)}`).join('');
  return eol + renderBlock(value, keyIndent + style.indent, eol, style);
}

/**
 * A block value (a mapping's fields, or a sequence's items) at column `indent`, lines joined with `eol`;
 * the first line is indented too. Scalars and empty collections are rendered inline.
 */
function renderBlock(value: unknown, indent: number, eol: string, style: IndentStyle): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value) && value.length > 0) return value.map((item) => `${pad}- ${renderItem(item, indent, eol, style)}`).join(eol);
  if (isPlainObject(value) && isCollectionValue(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${pad}${renderInline(k)}:${renderAfterColon(v, indent, eol, false, style)}`)
      .join(eol);
  }
  return pad + renderInline(value);
}

/** The text after `- ` of a sequence item whose dash is at column `dash`: a mapping continues at `dash + 2`. */
function renderItem(value: unknown, dash: number, eol: string, style: IndentStyle): string {
  if (isPlainObject(value) && isCollectionValue(value)) return renderBlock(value, dash + 2, eol, style).slice(dash + 2);
  return renderInline(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Inserts a full-line comment (`comment` without the `# `) above `line` (0-based), indented like that line, with the
 * file's line break. Used for `# podls-ignore` comments; never breaks the YAML structure, as a comment line is
 * allowed anywhere between block lines.
 */
export function insertCommentAbove(snapshot: Pick<Snapshot, 'text' | 'lineIndex'>, line: number, comment: string): TextEdit {
  const start = snapshot.lineIndex.lineStart(line);
  const content = snapshot.text.slice(start, snapshot.lineIndex.lineContentEnd(line));
  const indent = /^[ \t]*/.exec(content)?.[0] ?? '';
  return { range: { start, end: start }, newText: `${indent}# ${comment}${lineBreakOf(snapshot.text)}` };
}
