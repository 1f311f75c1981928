/**
 * Parsing YAML text into documents with eemeli/yaml's `Parser` + `Composer`, never throwing.
 *
 * A file is split into document chunks at `---` / `...` markers in column 0 (see {@link splitChunks});
 * each chunk is parsed on its own so that `document/snapshot.ts` can reuse the parse of unchanged chunks.
 * The yaml lexer itself treats such lines as document markers even inside block scalars, quoted scalars
 * and flow collections, so parsing chunk by chunk gives the same documents as parsing the whole text.
 * Offsets in a {@link ParsedDocument} (node ranges, problem ranges) are relative to the start of the text
 * that was parsed (the chunk); `snapshot.ts` adds the chunk start.
 */
import { Composer, Parser, isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CST, Document, Node, ParsedNode, Tags } from 'yaml';
import type { FieldPath } from './field-path';
import { maskTemplateActions } from './template';
import { lineEndAt } from '../util/lines';
import type { OffsetRange } from '../util/range';

/** The yaml AST of one document (nodes carry `range: [start, valueEnd, nodeEnd]` and `srcToken`). */
export type YamlAst = Document.Parsed<ParsedNode, true>;

/** Severity of a YAML problem: yaml errors are `error`, yaml warnings `warning`. */
export type ProblemSeverity = 'error' | 'warning';

/**
 * A YAML syntax or composition problem.
 * `code` is yaml's error code (`TAB_AS_INDENT`, `DUPLICATE_KEY`, `BLOCK_AS_IMPLICIT_KEY`, `MISSING_CHAR`, ...)
 * or one of podls's: `EXCESSIVE_ALIAS_COUNT` (alias expansion exceeded {@link MAX_ALIAS_COUNT}),
 * `UNRESOLVED_ALIAS` (`*a` without an `&a` before it), `TO_JS_FAILED` (any other failure converting to plain data);
 * those three are reported on the document's first key and leave the document's `value` undefined.
 * `NESTING_TOO_DEEP` (collections nested deeper than {@link MAX_NESTING_DEPTH}) is reported on the first collection
 * too deep; such a document is not composed (its AST is an empty document spanning its text, its value `null`).
 * `DUPLICATE_KEY` is yaml's code and message, but podls detects it itself (yaml's check is quadratic in the
 * number of keys of a mapping) and reports it on the whole repeated key.
 */
export interface YamlProblem {
  readonly code: string;
  readonly message: string;
  /**
   * Where, in offsets: relative to the parsed text in a ParsedDocument, file offsets in a YamlDocument; always
   * within the parsed text (the document's chunk), never in the next document.
   */
  readonly range: OffsetRange;
  readonly severity: ProblemSeverity;
}

/** One object of a `kind: List` document: `items[index]`. */
export interface ListItem {
  /** 0-based index in `items`. */
  readonly index: number;
  /** `['items', index]`: prepend it to paths relative to the item to get document paths. */
  readonly basePath: FieldPath;
  /** The item as plain data (from the document's `value`). */
  readonly value: unknown;
  /** The item's `kind` when it is a string scalar. */
  readonly kind?: string;
  /** The item's `apiVersion` when it is a string scalar. */
  readonly apiVersion?: string;
  /** The item's node span (relative offsets in a ParsedDocument, file offsets in a YamlDocument). */
  readonly range: OffsetRange;
}

/**
 * The parse of one YAML document with offsets relative to the parsed text. Immutable by contract:
 * `doc` is a yaml `Document` object, which is mutable in principle, and is shared between snapshots.
 */
export interface ParsedDocument {
  readonly doc: YamlAst;
  /** Span of the document (yaml's `doc.range[0]` to `doc.range[2]`), relative. */
  readonly range: OffsetRange;
  readonly errors: readonly YamlProblem[];
  readonly warnings: readonly YamlProblem[];
  /** `doc.toJS()` with {@link MAX_ALIAS_COUNT}; `undefined` when conversion failed (a problem says why). */
  readonly value: unknown;
  readonly kind?: string;
  readonly apiVersion?: string;
  /** For `kind: List` documents with an `items` sequence. */
  readonly items?: readonly ListItem[];
  /** Present when the document's text holds Go template actions (a Helm template): see {@link TemplateInfo}. */
  readonly template?: TemplateInfo;
  /**
   * Key lookup for the large mappings of `doc` (at least {@link MIN_INDEXED_KEYS} pairs): for each such `YAMLMap`
   * node, its scalar keys as strings (`null` as `''`) to the index of their first pair. Built once with the
   * parse, so that resolving a path through a mapping of 32,000 labels is a lookup, not a scan (`locate.ts`).
   */
  readonly mappingKeys: MappingKeys;
  /**
   * True when a key of some mapping (or of a pair in a flow sequence, `[a: b]`) is itself a mapping or sequence:
   * what an unquoted `{{ .Values.x }}` key parses to when the template action could not be masked. Found by the
   * parse's own walk of the document, so that analysis need not walk the document again.
   */
  readonly collectionKeys: boolean;
}

/**
 * The Go template actions of a templated document (`document/template.ts`). Such a document was parsed from its
 * masked view: actions on lines of their own are blank, others are `_` placeholders of the same length.
 */
export interface TemplateInfo {
  /** The actions' spans, sorted and disjoint (relative offsets in a ParsedDocument, file offsets in a YamlDocument). */
  readonly actions: readonly OffsetRange[];
  /** True when some action is control flow (`if`/`else`/`range`/`with`/`end`): branches may repeat keys. */
  readonly control: boolean;
}

/** Read-only view of {@link ParsedDocument.mappingKeys}: a `YAMLMap` node to its keys' first pair indices. */
export interface MappingKeys {
  get(map: object): ReadonlyMap<string, number> | undefined;
}

/** Mappings with at least this many pairs get a key index ({@link ParsedDocument.mappingKeys}); smaller ones are scanned. */
export const MIN_INDEXED_KEYS = 16;

/** Bound on alias expansion in `toJS` (yaml's own default); alias bombs give `EXCESSIVE_ALIAS_COUNT`. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Bound on the nesting of collections in one document. Composing, converting and analysing a document are
 * recursive; past this depth podls reports `NESTING_TOO_DEEP` instead of composing the document, so that deep
 * input (`[[[[...`) cannot exhaust the stack. Real manifests nest about 15 levels.
 */
export const MAX_NESTING_DEPTH = 200;

/** A slice of the file text holding at most one document: `text === fileText.slice(start, start + text.length)`. */
export interface DocumentChunk {
  readonly start: number;
  readonly text: string;
}

/**
 * Scalars resolve as Kubernetes reads manifests: sigs.k8s.io/yaml decodes with go-yaml v2, which follows
 * YAML 1.1 (`yes`/`on` are booleans, `0640` is octal 416, as in `defaultMode: 0644`). go-yaml v2 keeps
 * timestamps and base-60 numbers (`2001-12-14`, `1:20`) as strings when decoding into JSON, so those
 * YAML 1.1 tags are dropped.
 */
const COMPOSE_OPTIONS = {
  version: '1.1',
  customTags: (tags: Tags): Tags =>
    tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && !('format' in t && t.format === 'TIME'))),
  keepSourceTokens: true,
  strict: false,
  // Duplicate keys are found by findDuplicateKeys in linear time (yaml's own check compares each key with all before it).
  uniqueKeys: false,
  prettyErrors: false,
  logLevel: 'error',
} as const;

/**
 * Parses every document in `text` (a whole file or one chunk). Never throws: a failure of yaml itself
 * yields no documents. Offsets are relative to `text`. Comment-only or empty text gives no document.
 * Text with Go template actions (`{{ ... }}`) is parsed through its masked view (`document/template.ts`), and each
 * document that holds an action carries {@link ParsedDocument.template}.
 */
export function parseDocuments(text: string): ParsedDocument[] {
  try {
    const mask = maskTemplateActions(text);
    const source = mask?.masked ?? text;
    const composer = new Composer(COMPOSE_OPTIONS);
    const deep = new Map<number, TooDeep>();
    const out: ParsedDocument[] = [];
    for (const doc of composer.compose(guardDepth(new Parser().parse(source), deep), false, source.length)) {
      const parsed = toParsed(doc, deep.get(doc.range[0]), source.length);
      const actions = mask?.actions.filter((a) => a.start < parsed.range.end && a.end > parsed.range.start);
      out.push(
        actions === undefined || actions.length === 0
          ? parsed
          : Object.freeze({ ...parsed, template: Object.freeze({ actions: Object.freeze(actions), control: mask?.control ?? false }) }),
      );
    }
    return out;
  } catch {
    return [];
  }
}

/** Where a document nests too deeply: the offset of the first collection past the limit, and the document's end. */
interface TooDeep {
  readonly at: number;
  readonly end: number;
}

/**
 * Passes CST tokens through, replacing each document that nests deeper than {@link MAX_NESTING_DEPTH} by an
 * empty document at the same offset, and recording it in `deep` (keyed by the document's offset).
 */
function* guardDepth(tokens: Iterable<CST.Token>, deep: Map<number, TooDeep>): Generator<CST.Token> {
  for (const token of tokens) {
    if (token.type === 'document' && token.value !== undefined) {
      const tooDeep = measureDepth(token);
      if (tooDeep !== undefined) {
        deep.set(token.offset, tooDeep);
        yield { type: 'document', offset: token.offset, start: token.start };
        continue;
      }
    }
    yield token;
  }
}

/** Walks a document's CST without recursion; undefined when it nests at most {@link MAX_NESTING_DEPTH} levels. */
function measureDepth(document: CST.Document): TooDeep | undefined {
  let at: number | undefined;
  let end = document.offset;
  const sources = (list: readonly CST.SourceToken[] | undefined): void => {
    for (const t of list ?? []) end = Math.max(end, t.offset + t.source.length);
  };
  sources(document.start);
  sources(document.end);
  const stack: Array<{ token: CST.Token; depth: number }> = document.value === undefined ? [] : [{ token: document.value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { token, depth } = next;
    if ('source' in token && typeof token.source === 'string') end = Math.max(end, token.offset + token.source.length);
    if ('end' in token && Array.isArray(token.end)) sources(token.end);
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (token.type === 'flow-collection') sources([token.start]);
    if (depth + 1 > MAX_NESTING_DEPTH && at === undefined) at = token.offset;
    for (const item of token.items) {
      sources(item.start);
      sources(item.sep);
      if (item.key !== undefined && item.key !== null) stack.push({ token: item.key, depth: depth + 1 });
      if (item.value !== undefined) stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return at === undefined ? undefined : { at, end };
}

/**
 * Repeated keys in the mappings of a document (yaml's `DUPLICATE_KEY`: scalar keys with equal values), in
 * linear time and without recursion. Each problem covers the repeated key (relative offsets).
 * On the way it fills `keys` with the key index of every mapping of at least {@link MIN_INDEXED_KEYS} pairs, sets
 * `found.collectionKeys` when a key is a collection ({@link ParsedDocument.collectionKeys}) and drops the CST tokens
 * yaml keeps on nodes ({@link releaseSourceToken}).
 */
function findDuplicateKeys(
  doc: YamlAst,
  textLength: number,
  keys: WeakMap<object, ReadonlyMap<string, number>>,
  found: { collectionKeys: boolean },
): YamlProblem[] {
  const out: YamlProblem[] = [];
  const stack: unknown[] = [doc.contents];
  for (let node = stack.pop(); stack.length > 0 || node !== undefined; node = stack.pop()) {
    releaseSourceToken(node);
    if (isMap(node)) {
      const seen = new Set<unknown>();
      const index = node.items.length >= MIN_INDEXED_KEYS ? new Map<string, number>() : undefined;
      if (index !== undefined) keys.set(node, index);
      for (let i = 0; i < node.items.length; i++) {
        const pair = node.items[i];
        if (pair === undefined) continue;
        pair.srcToken = undefined;
        const key: unknown = pair.key;
        if (isScalar(key)) {
          releaseSourceToken(key);
          const name = key.value === null ? '' : String(key.value);
          if (index !== undefined && !index.has(name)) index.set(name, i);
          if (seen.has(key.value) && key.range !== undefined && key.range !== null) {
            const start = Math.min(key.range[0], textLength);
            const end = Math.min(Math.max(key.range[0] + 1, key.range[1]), textLength);
            out.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', range: { start, end }, severity: 'error' });
          }
          seen.add(key.value);
        } else {
          if (isMap(key) || isSeq(key)) found.collectionKeys = true;
          stack.push(key);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          item.srcToken = undefined;
          if (isMap(item.key) || isSeq(item.key)) found.collectionKeys = true;
          stack.push(item.key, item.value);
        } else stack.push(item);
      }
    }
  }
  return out;
}

/**
 * Drops the CST token yaml keeps on a node (`keepSourceTokens`), except on block scalars, whose token
 * `contentEnd` reads. The tokens hold the whole concrete syntax tree and were 60% of a parsed document's memory
 * (a parsed 5 MB file: 269 MB of heap with them, 127 MB without). Assigning `undefined` keeps the objects' shapes.
 */
function releaseSourceToken(node: unknown): void {
  if (isScalar(node)) {
    if (node.srcToken !== undefined && node.srcToken.type !== 'block-scalar') node.srcToken = undefined;
  } else if (isCollection(node) || isAlias(node)) node.srcToken = undefined;
}

/**
 * Splits a file into chunks, each starting at a `---` marker line (or the file start) and ending after a
 * `...` marker line or before the next `---`. A marker is `---` or `...` at column 0 followed by a space,
 * tab, line break or the end of the text.
 * Returns `undefined` when the text has a line starting with `%` (a directive such as `%YAML`, which belongs
 * to the following document): callers then parse the whole text at once.
 */
export function splitChunks(text: string): DocumentChunk[] | undefined {
  if (/^%/m.test(text)) return undefined;
  const chunks: DocumentChunk[] = [];
  let start = 0;
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    let cut = m.index;
    if (m[0] === '...') {
      const eol = lineEndAt(text, m.index);
      cut = eol >= text.length ? text.length : eol + (text.startsWith('\r\n', eol) ? 2 : 1);
    }
    if (cut > start) {
      chunks.push({ start, text: text.slice(start, cut) });
      start = cut;
    }
  }
  if (start < text.length || chunks.length === 0) chunks.push({ start, text: text.slice(start) });
  return chunks;
}

function toParsed(doc: YamlAst, tooDeep: TooDeep | undefined, textLength: number): ParsedDocument {
  const mappingKeys = new WeakMap<object, ReadonlyMap<string, number>>();
  const found = { collectionKeys: false };
  const errors = mergeByStart(
    doc.errors.map((e) => problem(e.code, e.message, e.pos, 'error', textLength)),
    findDuplicateKeys(doc, textLength, mappingKeys, found).sort((a, b) => a.range.start - b.range.start),
  );
  if (tooDeep !== undefined) {
    errors.push({
      code: 'NESTING_TOO_DEEP',
      message: `Collections nest deeper than ${MAX_NESTING_DEPTH} levels; podls does not analyse this document`,
      range: { start: Math.min(tooDeep.at, textLength), end: Math.min(tooDeep.at + 1, textLength) },
      severity: 'error',
    });
  }
  const warnings: YamlProblem[] = doc.warnings.map((w) => problem(w.code, w.message, w.pos, 'warning', textLength));
  const range: OffsetRange = { start: doc.range[0], end: Math.max(doc.range[2], tooDeep?.end ?? 0) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = /excessive alias/i.test(message)
      ? 'EXCESSIVE_ALIAS_COUNT'
      : /unresolved alias/i.test(message)
        ? 'UNRESOLVED_ALIAS'
        : 'TO_JS_FAILED';
    errors.push({ code, message, range: doc.contents ? headRange(doc.contents) : { start: range.start, end: range.start }, severity: 'error' });
    value = undefined;
  }
  const kind = rootString(doc, 'kind');
  const apiVersion = rootString(doc, 'apiVersion');
  const items = kind === 'List' ? listItems(doc, value) : undefined;
  return Object.freeze({
    doc,
    range,
    errors: Object.freeze(errors),
    warnings: Object.freeze(warnings),
    value,
    ...(kind === undefined ? {} : { kind }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(items === undefined ? {} : { items }),
    mappingKeys,
    collectionKeys: found.collectionKeys,
  });
}

/** Merges `extra` (sorted by start) into `base`, each before the first `base` problem that starts after it. */
function mergeByStart(base: readonly YamlProblem[], extra: readonly YamlProblem[]): YamlProblem[] {
  if (extra.length === 0) return [...base];
  const out: YamlProblem[] = [];
  let j = 0;
  for (const p of base) {
    for (let e = extra[j]; e !== undefined && e.range.start < p.range.start; e = extra[++j]) out.push(e);
    out.push(p);
  }
  for (; j < extra.length; j++) {
    const e = extra[j];
    if (e !== undefined) out.push(e);
  }
  return out;
}

/**
 * A problem at a yaml error position, clamped to the parsed text: yaml reports a problem at the end of the text as
 * `[length, length + 1]`, which would reach into the next document (or past the file).
 */
function problem(code: string, message: string, pos: readonly [number, number], severity: ProblemSeverity, textLength: number): YamlProblem {
  const start = Math.max(0, Math.min(pos[0], textLength));
  return { code, message, range: { start, end: Math.max(start, Math.min(pos[1], textLength)) }, severity };
}

function rootString(doc: YamlAst, key: string): string | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  const node = contents.get(key, true);
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function listItems(doc: YamlAst, value: unknown): readonly ListItem[] | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  const seq = contents.get('items', true);
  if (!isSeq(seq)) return undefined;
  const values = isRecord(value) && Array.isArray(value['items']) ? (value['items'] as unknown[]) : [];
  const items: ListItem[] = [];
  seq.items.forEach((node, index) => {
    const v = values[index];
    const range = isNode(node) ? contentRange(node) : { start: 0, end: 0 };
    const kind = isRecord(v) && typeof v['kind'] === 'string' ? v['kind'] : undefined;
    const apiVersion = isRecord(v) && typeof v['apiVersion'] === 'string' ? v['apiVersion'] : undefined;
    items.push(
      Object.freeze({
        index,
        basePath: Object.freeze(['items', index]),
        value: v,
        range,
        ...(kind === undefined ? {} : { kind }),
        ...(apiVersion === undefined ? {} : { apiVersion }),
      }),
    );
  });
  return Object.freeze(items);
}

/** An empty scalar (`key:` with no value): yaml gives it a zero-length range, possibly on a later line. */
export function isEmptyScalar(n: unknown): boolean {
  return isScalar(n) && (n.value === null || n.value === '') && n.range !== undefined && n.range !== null && n.range[0] === n.range[1];
}

/**
 * `[start, end)` of a node's content, in the node's own (relative) offsets: scalars to their value end, block
 * collections to the end of their last content (yaml's `range[1]` of a block collection includes the line break).
 */
export function contentRange(n: Node): OffsetRange {
  const r = nodeRangeOf(n);
  if (r === undefined) return { start: 0, end: 0 };
  return { start: r[0], end: Math.max(r[0], contentEnd(n)) };
}

function contentEnd(n: Node): number {
  const r = nodeRangeOf(n);
  if (r === undefined) return 0;
  if (isMap(n) && !n.flow) {
    const lastPair = n.items[n.items.length - 1];
    if (lastPair === undefined) return r[1];
    const v = lastPair.value;
    if (isNode(v) && !isEmptyScalar(v)) return contentEnd(v);
    return isNode(lastPair.key) ? contentEnd(lastPair.key) : r[1];
  }
  if (isSeq(n) && !n.flow) {
    const lastItem = n.items[n.items.length - 1];
    return isNode(lastItem) && !isEmptyScalar(lastItem) ? contentEnd(lastItem) : r[1];
  }
  // A block scalar's range ends after its last line break (and trailing blank lines): stop at its last character.
  const token = isScalar(n) ? n.srcToken : undefined;
  if (token !== undefined && token.type === 'block-scalar') {
    const trailing = token.source.length - token.source.trimEnd().length;
    return Math.max(r[0] + 1, r[1] - trailing);
  }
  return r[1];
}

/**
 * A short range for reporting on a node that spans lines, in its relative offsets: from its start to the end
 * of its first scalar (the first key of a block mapping, the first item of a block sequence).
 */
export function headRange(n: Node): OffsetRange {
  const r = contentRange(n);
  let cur: unknown = n;
  for (let depth = 0; depth < 64; depth++) {
    if (isMap(cur) && !cur.flow) cur = cur.items[0]?.key;
    else if (isSeq(cur) && !cur.flow) cur = cur.items[0];
    else break;
  }
  if (isNode(cur) && cur !== n) {
    const end = contentRange(cur).end;
    if (end > r.start && end <= r.end) return { start: r.start, end };
  }
  return r;
}

function isNode(v: unknown): v is Node {
  return isScalar(v) || isCollection(v) || isAlias(v);
}

function nodeRangeOf(n: Node): readonly [number, number, number] | undefined {
  const r = n.range;
  return r === null || r === undefined ? undefined : r;
}


function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
