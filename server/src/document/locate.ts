/**
 * What is under the cursor, and where a field's key or value is.
 *
 * `locate` combines two views: the yaml AST (exact ranges, flow collections, block and quoted scalars) and
 * a scan of block indentation (robust while typing: `    imag`, a line with just indentation, `- `, broken
 * YAML around the cursor). Mapping keys become string segments: `document/` does not know which mappings
 * are Kubernetes maps (labels, resources.limits); the schema layer turns those into `MapKey`s.
 * All offsets are file offsets (0-based UTF-16 code units); columns are UTF-16 code units from the line start.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { segmentKey } from './field-path';
import type { FieldPath, PathSegment } from './field-path';
import { contentRange, headRange, isEmptyScalar } from './parse';
import { documentAt } from './snapshot';
import type { Snapshot, YamlDocument } from './snapshot';
import type { OffsetRange } from '../util/range';

/** What the cursor is on: an existing key or value, or the place of a key or sequence item being typed. */
export type LocusRole = 'key' | 'value' | 'new-key' | 'new-item';

/** The result of {@link locate}. */
export interface Locus {
  /** Index of the document in `snapshot.documents` (0 in an empty file, which has no document). */
  readonly documentIndex: number;
  /** For a `kind: List` document, the index of the item the cursor is in. */
  readonly item?: number;
  /**
   * Path from the document root: for a key, the path of its field; for a value, the field whose value it is
   * (with the index for a sequence item); for `new-key`, the mapping the key goes into; for `new-item`, the item.
   */
  readonly path: FieldPath;
  /** `path` relative to the object: without the leading `items[i]` when `item` is set, else `path`. */
  readonly objectPath: FieldPath;
  readonly role: LocusRole;
  /**
   * The key under the cursor or of the field whose value is under the cursor; for `new-key`, the partial
   * word being typed (the range a completion replaces), absent on an empty line.
   */
  readonly keyRange?: OffsetRange;
  /**
   * The value's range when there is a non-empty value (without trailing comments); for `new-item`, the partial
   * word after the dash, if any.
   */
  readonly valueRange?: OffsetRange;
  /**
   * The container of the node: the mapping holding the key (for `key` and mapping `value`s), the sequence
   * (for a sequence item `value`), the mapping a new key goes into (`new-key`), the new item (`new-item`).
   */
  readonly parentPath: FieldPath;
  /** Keys present in the mapping at `parentPath`, without the key under the cursor. */
  readonly siblingKeys: readonly string[];
  /** The partial word before the cursor (after an opening quote for quoted scalars). */
  readonly prefix: string;
  /** Column of the keys of the mapping at `parentPath` (of the item content for sequence items). */
  readonly indent: number;
}

/**
 * Locates `offset` (clamped to the text) in `snapshot`. Undefined inside comments, on `---`/`...` marker
 * lines, in comment-only parts between documents, and in places with nothing to name.
 * Lines being typed (only indentation, `- `, or a bare word without `:`) give `new-key` / `new-item` from the
 * indentation of the lines around; a bare word right after a dash is `new-item` while the cursor is at its end
 * (it may become a scalar item or the first key of a mapping item), `value` elsewhere.
 * Cost: O(lines of the cursor's document).
 */
export function locate(snapshot: Snapshot, offset: number): Locus | undefined {
  const text = snapshot.text;
  const o = Math.max(0, Math.min(offset, text.length));
  const li = snapshot.lineIndex;
  const line = li.lineAt(o);
  const lineStart = li.lineStart(line);
  const lineText = text.slice(lineStart, li.lineContentEnd(line));
  const col = o - lineStart;
  if (/^(?:---|\.\.\.)(?:[ \t]|$)/.test(lineText)) return undefined;
  const ydoc = documentAt(snapshot, o);
  // A document nested too deeply is not analysed (parse.ts MAX_NESTING_DEPTH); scanning its lines would cost O(depth²).
  if (ydoc !== undefined && ydoc.errors.some((e) => e.code === 'NESTING_TOO_DEEP')) return undefined;
  if (ydoc === undefined) {
    if (snapshot.documents.length > 0 || isInComment(lineText, col)) return undefined;
    return typingLocus(snapshot, undefined, line, col, lineText);
  }

  const hit = findAst(ydoc, o - ydoc.offset, text);
  if (hit !== undefined && hit.special) return locusFromHit(snapshot, ydoc, hit, o);
  if (isInComment(lineText, col)) return undefined;

  const shape = scanLine(lineText);
  if (isTypingLine(shape, col)) return typingLocus(snapshot, ydoc, line, col, lineText);
  // Without errors the AST is right; otherwise check it against the indentation (yaml's error recovery can
  // attach a key to the wrong mapping).
  if (hit !== undefined && ydoc.errors.length === 0) return locusFromHit(snapshot, ydoc, hit, o);
  if (shape.key !== undefined && hit !== undefined) {
    const linePath = lineKeyPath(snapshot, ydoc, line, shape);
    const astPath = hit.path.slice(0, linePath.length);
    if (samePath(astPath, linePath)) return locusFromHit(snapshot, ydoc, hit, o);
    return lineKeyLocus(snapshot, ydoc, line, col, shape);
  }
  if (shape.key !== undefined) return lineKeyLocus(snapshot, ydoc, line, col, shape);
  return hit === undefined ? undefined : locusFromHit(snapshot, ydoc, hit, o);
}

/**
 * The file range of a field's key, value, or whole node (key start to value end) in `doc`.
 * Mapping segments (strings and MapKeys) match scalar keys by their string value; numbers index sequences.
 * When the path does not exist, returns the deepest existing ancestor's key (for a sequence item ancestor or
 * the root, its head: from its start to the end of its first key or scalar). Undefined only for an empty document.
 * For a field with an empty value, `value` gives the key. O(path length): mappings of 16 or more keys are looked
 * up by key (`ParsedDocument.mappingKeys`), smaller ones scanned.
 */
export function nodeRange(doc: YamlDocument, path: FieldPath, target: 'key' | 'value' | 'node'): OffsetRange | undefined {
  const base = doc.offset;
  // Most paths placed exist: their last step is found without building the steps before it.
  const found = resolveLast(doc, path);
  const r = found === undefined ? undefined : stepRange(found, target);
  if (r !== undefined) return { start: r.start + base, end: r.end + base };
  const steps = resolveSteps(doc, path);
  for (let i = steps.length - 1; i >= 1; i--) {
    const step = steps[i];
    if (step === undefined) continue;
    if (step.key !== undefined) return shift(contentRange(step.key), base);
    if (step.node !== undefined) return shift(headRange(step.node), base);
  }
  const root = doc.doc.contents;
  if (root === null || root === undefined) return undefined;
  return shift(headRange(root), base);
}

/** The relative range of a path's last step: its key, its value or both (`nodeRange`'s `target`). */
function stepRange(step: Step, target: 'key' | 'value' | 'node'): OffsetRange | undefined {
  const { node, key } = step;
  const valueRange = node !== undefined && !isEmptyScalar(node) ? contentRange(node) : undefined;
  const keyRange = key !== undefined ? contentRange(key) : undefined;
  if (target === 'key') return keyRange ?? (valueRange === undefined ? undefined : valueRange);
  if (target === 'value') return valueRange ?? keyRange;
  return keyRange && valueRange ? { start: keyRange.start, end: valueRange.end } : (keyRange ?? valueRange);
}

/** The yaml node at `path` in `doc` (value node of a mapping field, or a sequence item), if it exists. */
export function nodeAt(doc: YamlDocument, path: FieldPath): Node | undefined {
  return resolveLast(doc, path)?.node;
}

/** The key node of the field at `path` (undefined for sequence items, the root and missing fields). */
export function keyNodeAt(doc: YamlDocument, path: FieldPath): Node | undefined {
  return resolveLast(doc, path)?.key;
}

/** Converts a node's relative range `[start, valueEnd]` in `doc` to a file range (trailing comments excluded). */
export function fileRange(doc: YamlDocument, node: Node): OffsetRange {
  return shift(contentRange(node), doc.offset);
}

/**
 * Visits every node of `doc` depth-first with its path; mapping keys are visited as part of their field
 * (`key`), not on their own. Return `false` from `visit` to skip a node's children. Aliases are not followed.
 */
export function walk(doc: YamlDocument, visit: (path: FieldPath, node: Node, key: Node | undefined) => boolean | void): void {
  const go = (node: unknown, path: PathSegment[], key: Node | undefined): void => {
    if (!isNode(node)) return;
    if (visit(path, node, key) === false) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = pair.key;
        const name = keyString(k);
        if (name !== undefined) go(pair.value, [...path, name], isNode(k) ? k : undefined);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => go(item, [...path, i], undefined));
    }
  };
  go(doc.doc.contents, [], undefined);
}

// ---------------------------------------------------------------------------------------------------------
// AST view

interface AstHit {
  readonly path: readonly PathSegment[];
  readonly role: 'key' | 'value';
  readonly key?: Node;
  /** The value node (for a key hit: the field's value), absent when empty. */
  readonly value?: Node;
  /** The mapping or sequence holding the field or item. */
  readonly container: Node;
  /** True when only the AST can be trusted here: flow collections, block scalars, multi-line scalars. */
  readonly special: boolean;
}

function isNode(v: unknown): v is Node {
  return isScalar(v) || isCollection(v) || isAlias(v);
}

function keyString(k: unknown): string | undefined {
  if (isScalar(k)) return k.value === null ? '' : String(k.value);
  return undefined;
}

function nodeRangeOf(n: Node): readonly [number, number, number] | undefined {
  const r = n.range;
  return r === null || r === undefined ? undefined : r;
}

function isSpecialScalar(n: unknown, text: string, base: number): boolean {
  if (!isScalar(n)) return false;
  const r = nodeRangeOf(n);
  if (r === undefined) return false;
  if (n.type === Scalar.BLOCK_FOLDED || n.type === Scalar.BLOCK_LITERAL) return true;
  return /[\r\n]/.test(text.slice(base + r[0], base + r[1]));
}

/** Offset of the last line break before `offset` (-1 when none). */
function lastLineBreakBefore(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

/** True when `n` is a node that starts at or before relative offset `rel`. */
function startsBefore(n: unknown, rel: number): boolean {
  if (!isNode(n)) return false;
  const r = nodeRangeOf(n);
  return r !== undefined && r[0] <= rel;
}

/** A key spanning lines: never valid as an implicit key, a sign that yaml recovered from broken text. */
function multiLineKey(k: unknown, text: string, base: number): boolean {
  return isNode(k) && isSpecialScalar(k, text, base);
}

function findAst(ydoc: YamlDocument, rel: number, text: string): AstHit | undefined {
  const base = ydoc.offset;
  const within = (n: Node): boolean => {
    const r = nodeRangeOf(n);
    return r !== undefined && !isEmptyScalar(n) && r[0] <= rel && rel <= r[1];
  };
  // The last line break before the cursor: a key ending after it is on the cursor's line.
  const cursorLineBreak = lastLineBreakBefore(text, base + rel);
  const go = (node: unknown, path: PathSegment[], flow: boolean): AstHit | undefined => {
    if (isMap(node)) {
      const inFlow = flow || Boolean(node.flow);
      for (let index = 0; index < node.items.length; index++) {
        const pair = node.items[index];
        if (pair === undefined) continue;
        const k = pair.key;
        const v = pair.value;
        const name = keyString(k) ?? '';
        if (isNode(k) && isScalar(k) && within(k)) {
          return {
            path: [...path, name],
            role: 'key',
            key: k,
            ...(isNode(v) && !isEmptyScalar(v) ? { value: v } : {}),
            container: node,
            special: !multiLineKey(k, text, base) && inFlow,
          };
        }
        if (isCollection(v) && within(v)) {
          const inner = go(v, [...path, name], inFlow);
          if (inner !== undefined) return inner;
        }
        if (isNode(v) && !isCollection(v) && within(v)) {
          return {
            path: [...path, name],
            role: 'value',
            ...(isNode(k) ? { key: k } : {}),
            value: v,
            container: node,
            special: !multiLineKey(k, text, base) && (inFlow || isSpecialScalar(v, text, base)),
          };
        }
        // After `key:` with nothing yet: the cursor is past the key on its line, before the next key (in flow
        // mappings several keys share the line), and a `:` follows the key.
        const kr = isNode(k) ? nodeRangeOf(k) : undefined;
        if (kr !== undefined && rel > kr[1] && base + kr[1] > cursorLineBreak && !startsBefore(node.items[index + 1]?.key, rel)) {
          const vr = isNode(v) ? nodeRangeOf(v) : undefined;
          const empty = !isNode(v) || isEmptyScalar(v) || (vr !== undefined && vr[0] > rel);
          if (empty && text.slice(base + kr[1], base + rel).includes(':')) {
            return {
              path: [...path, name],
              role: 'value',
              ...(isNode(k) ? { key: k } : {}),
              container: node,
              special: inFlow,
            };
          }
        }
      }
      return undefined;
    }
    if (isSeq(node)) {
      const inFlow = flow || Boolean(node.flow);
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (!isNode(item) || !within(item)) continue;
        if (isCollection(item)) {
          const inner = go(item, [...path, i], inFlow);
          if (inner !== undefined) return inner;
          continue;
        }
        return { path: [...path, i], role: 'value', value: item, container: node, special: inFlow || isSpecialScalar(item, text, base) };
      }
    }
    return undefined;
  };
  return go(ydoc.doc.contents, [], false);
}

function locusFromHit(snapshot: Snapshot, ydoc: YamlDocument, hit: AstHit, offset: number): Locus {
  const base = ydoc.offset;
  const text = snapshot.text;
  const li = snapshot.lineIndex;
  const keyRange = hit.key !== undefined ? shift(contentRange(hit.key), base) : undefined;
  const valueRange = hit.value !== undefined ? shift(contentRange(hit.value), base) : undefined;
  const inMap = isMap(hit.container);
  const path = hit.path;
  const parentPath = path.slice(0, -1);
  const ownKey = inMap ? hit.key : undefined;
  const siblingKeys: string[] = [];
  if (isMap(hit.container)) {
    for (const pair of hit.container.items) {
      if (pair.key === ownKey) continue;
      const name = keyString(pair.key);
      if (name !== undefined) siblingKeys.push(name);
    }
  }
  const anchor = hit.role === 'key' || inMap ? keyRange : valueRange;
  const indent = anchor !== undefined ? anchor.start - li.lineStart(li.lineAt(anchor.start)) : 0;
  const cursorRange = hit.role === 'key' ? keyRange : valueRange;
  return withObject(ydoc, {
    documentIndex: ydoc.index,
    path,
    role: hit.role,
    ...(keyRange === undefined ? {} : { keyRange }),
    ...(valueRange === undefined ? {} : { valueRange }),
    parentPath,
    siblingKeys,
    prefix: cursorRange === undefined ? '' : prefixIn(text, cursorRange, offset),
    indent,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Indentation view

interface LineShape {
  /** Columns of the `- ` indicators. */
  readonly dashes: readonly number[];
  /** Column of the content after indentation and dashes. */
  readonly contentCol: number;
  /** Content without trailing comment and whitespace. */
  readonly content: string;
  readonly key?: { readonly name: string; readonly start: number; readonly end: number; readonly colon: number };
  /** Column and text of the value after `key:` on the same line (empty text when none). */
  readonly valueCol: number;
  readonly value: string;
  /** The value opens a block scalar (`|`, `>-`, ...). */
  readonly blockScalar: boolean;
  /** Unbalanced `[`/`{` depth at the end of the line. */
  readonly flowDepth: number;
}

function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== '') {
      if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = '';
      } else if (c === '\\' && quote === '"') i++;
      continue;
    }
    const prev = i === 0 ? ' ' : line[i - 1];
    if (c === '#' && (prev === ' ' || prev === '\t')) return i;
    if ((c === '"' || c === "'") && (prev === ' ' || prev === '\t' || prev === ':' || prev === '[' || prev === '{' || prev === ',' || prev === '-')) {
      quote = c;
    }
  }
  return -1;
}

function isInComment(line: string, col: number): boolean {
  const c = commentStart(line);
  return c >= 0 && c < col;
}

function scanLine(line: string): LineShape {
  const cut = commentStart(line);
  const body = (cut >= 0 ? line.slice(0, cut) : line).trimEnd();
  const dashes: number[] = [];
  let i = 0;
  for (;;) {
    while (i < body.length && (body[i] === ' ' || body[i] === '\t')) i++;
    if (body[i] === '-' && (i + 1 >= body.length || body[i + 1] === ' ' || body[i + 1] === '\t')) {
      dashes.push(i);
      i++;
      continue;
    }
    break;
  }
  const contentCol = Math.min(i, body.length);
  const content = body.slice(contentCol);
  let key: LineShape['key'];
  let valueCol = body.length;
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:(?=[ \t]|$)/.exec(content);
  const m = quoted !== null && quoted[1] !== undefined ? { raw: quoted[1], colon: quoted[0].length - 1 } : plainKey(content);
  if (m !== undefined) {
    const raw = m.raw;
    const name = quoted ? unquote(raw) : raw;
    const colon = contentCol + m.colon;
    key = { name, start: contentCol, end: contentCol + raw.length, colon };
    valueCol = colon + 1;
    while (valueCol < body.length && (body[valueCol] === ' ' || body[valueCol] === '\t')) valueCol++;
  }
  const value = key === undefined ? '' : body.slice(valueCol);
  const scalarPart = key === undefined ? content : value;
  const blockScalar = /^[|>][0-9+-]*$/.test(scalarPart);
  let flowDepth = 0;
  if (/^[[{]/.test(scalarPart)) {
    let quote = '';
    for (const c of scalarPart) {
      if (quote !== '') {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '{') flowDepth++;
      else if (c === ']' || c === '}') flowDepth--;
    }
  }
  return { dashes, contentCol, content, ...(key === undefined ? {} : { key }), valueCol, value, blockScalar, flowDepth: Math.max(0, flowDepth) };
}

/**
 * A plain implicit key at the start of `content`: the shortest prefix that starts like a plain scalar and is
 * followed by optional blanks, `:` and a blank or the end, with no `#` in it. What the regular expression
 * `^([^\s#'"[\]{},&*!|>%@`?][^#]*?|[?-][^\s][^#]*?)[ \t]*:(?=[ \t]|$)` matches, in linear time (that expression
 * backtracks quadratically over long runs of blanks). `colon` is the column of the `:` in `content`.
 */
function plainKey(content: string): { raw: string; colon: number } | undefined {
  const first = content[0];
  if (first === undefined) return undefined;
  const starts: number[] = [];
  if (!/[\s#'"[\]{},&*!|>%@`?]/.test(first)) starts.push(1);
  if ((first === '?' || first === '-') && content.length > 1 && !/\s/.test(content[1] ?? '')) starts.push(2);
  for (const from of starts) {
    for (let j = from; j < content.length; j++) {
      const c = content[j];
      if (c === '#') break;
      if (c !== ':') continue;
      const next = content[j + 1];
      if (next !== undefined && next !== ' ' && next !== '\t') continue;
      let end = j;
      while (end > from && (content[end - 1] === ' ' || content[end - 1] === '\t')) end--;
      return { raw: content.slice(0, end), colon: j };
    }
  }
  return undefined;
}

function unquote(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The text of `r` before `offset`, on the cursor's line only, without an opening quote. */
function prefixIn(text: string, r: OffsetRange, offset: number): string {
  if (offset <= r.start) return '';
  const before = text.slice(r.start, Math.min(offset, r.end));
  const nl = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return nl < 0 ? quoteless(before) : before.slice(nl + 1).replace(/^[ \t]+/, '');
}

function quoteless(s: string): string {
  return s.startsWith('"') || s.startsWith("'") ? s.slice(1) : s;
}

/** A line being typed: only indentation and dashes, or a bare word without `:`. */
function isTypingLine(shape: LineShape, col: number): boolean {
  if (shape.key !== undefined) return false;
  if (shape.content === '') return true;
  if (!/^[A-Za-z0-9_.\-/]+$/.test(shape.content)) return false;
  // A bare word after a dash is a new item only while the cursor is at its end; elsewhere it is a value.
  return shape.dashes.length === 0 || col >= shape.contentCol + shape.content.length;
}

interface Frame {
  readonly kind: 'map' | 'seq';
  readonly col: number;
  readonly path: readonly PathSegment[];
  readonly keys: string[];
  lastKey: string | undefined;
  count: number;
}

/** Block structure of one document up to a line, from the indentation of its lines. */
class BlockScan {
  readonly stack: Frame[] = [];
  private skipDeeperThan = -1;
  private flowDepth = 0;
  private flowOwner = 0;

  childPath(): readonly PathSegment[] {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return [];
    if (top.kind === 'seq') return [...top.path, top.count - 1];
    return top.lastKey === undefined ? top.path : [...top.path, top.lastKey];
  }

  dash(col: number): void {
    this.popWhile((f) => f.col > col);
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && top.kind === 'seq' && top.col === col) top.count++;
    else this.stack.push({ kind: 'seq', col, path: this.childPath(), keys: [], lastKey: undefined, count: 1 });
  }

  /** The mapping a key at `col` belongs to (created when absent). */
  mapAt(col: number): Frame {
    this.popWhile((f) => f.col > col || (f.kind === 'seq' && f.col === col));
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && top.kind === 'map' && top.col === col) return top;
    const frame: Frame = { kind: 'map', col, path: this.childPath(), keys: [], lastKey: undefined, count: 0 };
    this.stack.push(frame);
    return frame;
  }

  key(col: number, name: string): void {
    const frame = this.mapAt(col);
    frame.keys.push(name);
    frame.lastKey = name;
  }

  /** Feeds one whole line; returns false when it is a document marker (end of the document). */
  line(text: string): boolean {
    if (/^(?:---|\.\.\.)(?:[ \t]|$)/.test(text)) return false;
    const indent = text.length - text.replace(/^[ \t]+/, '').length;
    const trimmed = text.trim();
    if (this.skipDeeperThan >= 0) {
      if (trimmed === '' || indent > this.skipDeeperThan) return true;
      this.skipDeeperThan = -1;
    }
    // Flow collection lines are skipped until the brackets balance, or until a line that is not indented
    // more than the line that opened the collection (an unclosed bracket must not swallow the document).
    if (this.flowDepth > 0 && indent <= this.flowOwner) this.flowDepth = 0;
    if (this.flowDepth > 0) {
      for (const c of text) {
        if (c === '[' || c === '{') this.flowDepth++;
        else if (c === ']' || c === '}') this.flowDepth--;
      }
      this.flowDepth = Math.max(0, this.flowDepth);
      return true;
    }
    // Tab-indented lines are YAML errors (TAB_AS_INDENT); they say nothing reliable about structure.
    if (trimmed === '' || trimmed.startsWith('#') || /^[ ]*\t/.test(text)) return true;
    const shape = scanLine(text);
    this.feed(shape);
    if (shape.blockScalar) this.skipDeeperThan = shape.key?.start ?? shape.dashes[shape.dashes.length - 1] ?? indent;
    this.flowDepth = shape.flowDepth;
    this.flowOwner = shape.key?.start ?? shape.dashes[shape.dashes.length - 1] ?? indent;
    return true;
  }

  feed(shape: LineShape): void {
    for (const d of shape.dashes) this.dash(d);
    if (shape.key !== undefined) this.key(shape.key.start, shape.key.name);
  }

  private popWhile(pred: (f: Frame) => boolean): void {
    for (let top = this.stack[this.stack.length - 1]; top !== undefined && pred(top); top = this.stack[this.stack.length - 1]) {
      this.stack.pop();
    }
  }
}

function lineTextAt(snapshot: Snapshot, line: number): string {
  const li = snapshot.lineIndex;
  return snapshot.text.slice(li.lineStart(line), li.lineContentEnd(line));
}

/** Scans the document's lines before `line`. */
function scanBefore(snapshot: Snapshot, ydoc: YamlDocument | undefined, line: number): BlockScan {
  const scan = new BlockScan();
  const first = ydoc === undefined ? 0 : snapshot.lineIndex.lineAt(ydoc.offset);
  for (let l = first; l < line; l++) {
    const t = lineTextAt(snapshot, l);
    if (l === first && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(t)) continue;
    if (!scan.line(t)) break;
  }
  return scan;
}

/** Feeds the lines after `line` until `frame` is closed; its `keys` then holds every key of that mapping. */
function scanAfter(snapshot: Snapshot, scan: BlockScan, frame: Frame, line: number): void {
  const count = snapshot.lineIndex.lineCount;
  for (let l = line + 1; l < count && scan.stack.includes(frame); l++) {
    if (!scan.line(lineTextAt(snapshot, l))) break;
  }
}

function typingLocus(snapshot: Snapshot, ydoc: YamlDocument | undefined, line: number, col: number, lineText: string): Locus {
  const shape = scanLine(lineText);
  const scan = scanBefore(snapshot, ydoc, line);
  for (const d of shape.dashes) scan.dash(d);
  const hasDash = shape.dashes.length > 0;
  const wordCol = shape.content === '' ? (hasDash ? Math.max(col, shape.contentCol) : col) : shape.contentCol;
  const prefix = shape.content === '' ? '' : shape.content.slice(0, Math.max(0, col - shape.contentCol));
  const frame = scan.mapAt(wordCol);
  const parentPath = frame.path;
  scanAfter(snapshot, scan, frame, line);
  const lineStart = snapshot.lineIndex.lineStart(line);
  const valueRange =
    shape.content === '' ? undefined : { start: lineStart + shape.contentCol, end: lineStart + shape.contentCol + shape.content.length };
  const base = {
    documentIndex: ydoc?.index ?? 0,
    path: parentPath,
    role: hasDash ? ('new-item' as const) : ('new-key' as const),
    parentPath,
    siblingKeys: [...frame.keys],
    prefix,
    indent: wordCol,
    ...(valueRange === undefined ? {} : hasDash ? { valueRange } : { keyRange: valueRange }),
  };
  return ydoc === undefined ? { ...base, objectPath: parentPath } : withObject(ydoc, base);
}

function lineKeyPath(snapshot: Snapshot, ydoc: YamlDocument, line: number, shape: LineShape): FieldPath {
  const scan = scanBefore(snapshot, ydoc, line);
  for (const d of shape.dashes) scan.dash(d);
  const frame = scan.mapAt(shape.key?.start ?? shape.contentCol);
  return [...frame.path, shape.key?.name ?? ''];
}

function lineKeyLocus(snapshot: Snapshot, ydoc: YamlDocument, line: number, col: number, shape: LineShape): Locus | undefined {
  const key = shape.key;
  if (key === undefined) return undefined;
  const scan = scanBefore(snapshot, ydoc, line);
  for (const d of shape.dashes) scan.dash(d);
  const frame = scan.mapAt(key.start);
  const parentPath = frame.path;
  frame.keys.push(key.name);
  frame.lastKey = key.name;
  scanAfter(snapshot, scan, frame, line);
  const siblingKeys = [...frame.keys];
  siblingKeys.splice(siblingKeys.indexOf(key.name), 1);
  const lineStart = snapshot.lineIndex.lineStart(line);
  const keyRange = { start: lineStart + key.start, end: lineStart + key.end };
  const valueRange = shape.value === '' ? undefined : { start: lineStart + shape.valueCol, end: lineStart + shape.valueCol + shape.value.length };
  const onKey = col <= key.colon;
  const prefixFrom = onKey ? key.start : shape.valueCol;
  return withObject(ydoc, {
    documentIndex: ydoc.index,
    path: [...parentPath, key.name],
    role: onKey ? 'key' : 'value',
    keyRange,
    ...(valueRange === undefined ? {} : { valueRange }),
    parentPath,
    siblingKeys,
    prefix: col <= prefixFrom ? '' : quoteless(lineTextAt(snapshot, line).slice(prefixFrom, col)),
    indent: key.start,
  });
}

function withObject(ydoc: YamlDocument, l: Omit<Locus, 'objectPath' | 'item'>): Locus {
  const p = l.path;
  if (ydoc.kind === 'List' && p[0] === 'items' && typeof p[1] === 'number') return { ...l, item: p[1], objectPath: p.slice(2) };
  return { ...l, objectPath: p };
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => {
    const t = b[i];
    return t !== undefined && segmentKey(s) === segmentKey(t);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Path resolution

interface Step {
  readonly node: Node | undefined;
  readonly key: Node | undefined;
}

/** Steps from the root along `path` while it exists: `steps[0]` is the root, `steps[i]` the node at `path[i-1]`. */
function resolveSteps(doc: YamlDocument, path: FieldPath): Step[] {
  const root = doc.doc.contents;
  const steps: Step[] = [{ node: isNode(root) ? root : undefined, key: undefined }];
  let node: unknown = root;
  for (const segment of path) {
    const want = segmentKey(segment);
    if (isMap(node) && typeof want === 'string') {
      // Large mappings (labels, ConfigMap data) are looked up by key, small ones scanned: O(path length) per path.
      const pair = pairNamed(doc, node, want);
      if (pair === undefined) break;
      const value = pair.value;
      steps.push({ node: isNode(value) ? value : undefined, key: isNode(pair.key) ? pair.key : undefined });
      node = value;
    } else if (isSeq(node) && typeof want === 'number') {
      const item = node.items[want];
      if (!isNode(item)) break;
      steps.push({ node: item, key: undefined });
      node = item;
    } else break;
  }
  return steps;
}

/** The first pair of `map` whose key is `want`: looked up by key in large mappings, scanned in small ones. */
function pairNamed(doc: YamlDocument, map: YAMLMap<unknown, unknown>, want: string): Pair<unknown, unknown> | undefined {
  const keyed = doc.parsed.mappingKeys.get(map);
  if (keyed !== undefined) return map.items[keyed.get(want) ?? -1];
  for (const pair of map.items) if (keyString(pair.key) === want) return pair;
  return undefined;
}

/**
 * The last of {@link resolveSteps} when the whole of `path` exists (undefined otherwise), without building the
 * steps before it: `nodeAt` and `keyNodeAt` run for every name and label the navigation index records.
 */
function resolveLast(doc: YamlDocument, path: FieldPath): Step | undefined {
  const root = doc.doc.contents;
  let step: Step = { node: isNode(root) ? root : undefined, key: undefined };
  let node: unknown = root;
  for (const segment of path) {
    const want = segmentKey(segment);
    if (isMap(node) && typeof want === 'string') {
      const pair = pairNamed(doc, node, want);
      if (pair === undefined) return undefined;
      node = pair.value;
      step = { node: isNode(node) ? node : undefined, key: isNode(pair.key) ? pair.key : undefined };
    } else if (isSeq(node) && typeof want === 'number') {
      const item: unknown = node.items[want];
      if (!isNode(item)) return undefined;
      node = item;
      step = { node: item, key: undefined };
    } else return undefined;
  }
  return step;
}

function shift(r: OffsetRange, base: number): OffsetRange {
  return { start: r.start + base, end: r.end + base };
}
