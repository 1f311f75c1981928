/**
 * Immutable snapshots of one YAML file: its text, line index and parsed documents.
 *
 * The file is parsed chunk by chunk (`parse.ts` `splitChunks`); {@link updateSnapshot} reuses the
 * {@link ParsedDocument}s of every chunk whose text is unchanged, so a keystroke in one document of a
 * 200-document file re-parses that document only. Parsed documents keep offsets relative to their chunk;
 * a {@link YamlDocument} puts one in place with its `offset` and exposes problems and items in file offsets.
 */
import { buildLineIndex, startLineIndex } from './line-index';
import type { LineIndex, Position } from './line-index';
import { parseDocuments, splitChunks } from './parse';
import type { ListItem, ParsedDocument, TemplateInfo, YamlAst, YamlProblem } from './parse';
import type { OffsetRange } from '../util/range';

/**
 * One YAML document of a file, placed at its position in the file text.
 * yaml node ranges and CST offsets in `doc` are relative: add `offset` to get file offsets
 * (`locate.ts` `nodeRange` and `fileRange` do it for you). Everything else here is in file offsets.
 */
export interface YamlDocument {
  /** 0-based index of the document in the file. */
  readonly index: number;
  /** File offset of the parsed chunk: `fileOffset = offset + node.range[i]`. */
  readonly offset: number;
  /** The document's span in the file (from its `---` marker or first content to its end). */
  readonly range: OffsetRange;
  /** The yaml AST (relative offsets; shared between snapshots when the document did not change: do not mutate). */
  readonly doc: YamlAst;
  /** The reusable parse result; the same object in consecutive snapshots when the document's text did not change. */
  readonly parsed: ParsedDocument;
  /** yaml errors (and podls's alias-count/toJS problems), in file offsets. */
  readonly errors: readonly YamlProblem[];
  /** yaml warnings, in file offsets. */
  readonly warnings: readonly YamlProblem[];
  /** The document as plain data (`toJS` with a bounded alias count); undefined when that failed. */
  readonly value: unknown;
  /** `kind` of the root mapping when it is a string scalar. */
  readonly kind?: string;
  /** `apiVersion` of the root mapping when it is a string scalar. */
  readonly apiVersion?: string;
  /** For `kind: List` documents: the items, with ranges in file offsets. */
  readonly items?: readonly ListItem[];
  /** Present for a templated document (Go template actions; parsed from its masked view): actions in file offsets. */
  readonly template?: TemplateInfo;
}

/** A chunk of the file text and the documents parsed from it (kept for reuse by updateSnapshot). */
export interface SnapshotChunk {
  /** File offset of the chunk. */
  readonly start: number;
  readonly text: string;
  readonly parsed: readonly ParsedDocument[];
}

/** An immutable parsed view of one version of one file. */
export interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lineIndex: LineIndex;
  /** All documents in file order; `documents[i].index === i`. */
  readonly documents: readonly YamlDocument[];
  /** The chunks the text was split into (one chunk for the whole text when it has directives). */
  readonly chunks: readonly SnapshotChunk[];
}

/** An LSP content change: replaces `range` (LSP positions, see line-index.ts) or, without a range, the whole text. */
export interface ContentChange {
  readonly range?: { readonly start: Position; readonly end: Position };
  readonly text: string;
}

/** Parses `text` from scratch. Never throws. */
export function createSnapshot(uri: string, version: number, text: string): Snapshot {
  return build(uri, version, text, new Map());
}

/**
 * The snapshot of a new version of `prev`'s file: chunks whose text is identical to a chunk of `prev`
 * reuse its parsed documents (same `parsed` and `doc` objects, moved to their new offsets); the others
 * are parsed. Never throws.
 */
export function updateSnapshot(prev: Snapshot, text: string, version: number): Snapshot {
  if (prev.text === text) return sameText(prev, prev.uri, version);
  const reuse = new Map<string, readonly ParsedDocument[]>();
  for (const chunk of prev.chunks) reuse.set(chunk.text, chunk.parsed);
  return build(prev.uri, version, text, reuse);
}

/**
 * A snapshot being built a slice at a time, so that a server can parse a large file between other work.
 * `step(chars)` parses chunks until about `chars` UTF-16 code units of chunk text were parsed (at least one chunk; a
 * chunk reused from a previous version counts as an eighth of its length: it is only placed and scanned for line
 * breaks) and returns the finished snapshot once every chunk is in; `parsedChars` counts the text parsed so far.
 * The result equals {@link createSnapshot} (or {@link updateSnapshot} when started from a previous snapshot).
 */
export interface SnapshotBuild {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  step(chars: number): Snapshot | undefined;
  readonly parsedChars: number;
  /** The parsed documents of the chunks parsed or reused so far, by chunk text (for a newer build to reuse). */
  readonly parsed: ReadonlyMap<string, readonly ParsedDocument[]>;
}

/**
 * Starts building the snapshot of `text`. Chunks already parsed by `prev` (a previous snapshot of the file, or a
 * build of an older version that was interrupted by a change) are reused, as by {@link updateSnapshot}. Never throws.
 */
export function startSnapshot(uri: string, version: number, text: string, prev?: Snapshot | SnapshotBuild): SnapshotBuild {
  if (prev !== undefined && 'chunks' in prev && prev.uri === uri && prev.text === text) {
    // The same text (a file opened as it was indexed from disk): nothing to split, look up or index again.
    const same = sameText(prev, uri, version);
    const parsed = new Map(prev.chunks.map((c) => [c.text, c.parsed] as const));
    return { uri, version, text, parsedChars: 0, parsed, step: () => same };
  }
  const reuse = new Map<string, readonly ParsedDocument[]>();
  if (prev !== undefined && 'chunks' in prev) for (const chunk of prev.chunks) reuse.set(chunk.text, chunk.parsed);
  else if (prev !== undefined) for (const [chunkText, parsed] of prev.parsed) reuse.set(chunkText, parsed);
  const split = splitChunks(text) ?? [{ start: 0, text }];
  let next = 0;
  let parsedChars = 0;
  // The snapshot is assembled as its chunks are parsed: chunks, placed documents and line starts so far.
  const chunks: SnapshotChunk[] = [];
  const documents: YamlDocument[] = [];
  const lines = startLineIndex(text);
  let done: Snapshot | undefined;
  const build: SnapshotBuild = {
    uri,
    version,
    text,
    get parsedChars() {
      return parsedChars;
    },
    parsed: reuse,
    step(chars: number): Snapshot | undefined {
      // A chunk to parse is parsed whole, and the first one always; a reused chunk is only placed and scanned for
      // line breaks, counted as an eighth of its length.
      for (let work = 0; next < split.length && done === undefined; next++) {
        const chunk = split[next];
        if (chunk === undefined) continue;
        if (work > 0 && work >= chars) break;
        let parsed = reuse.get(chunk.text);
        if (parsed === undefined) {
          parsed = Object.freeze(parseDocuments(detach(chunk.text)));
          reuse.set(chunk.text, parsed);
          work += chunk.text.length;
          parsedChars += chunk.text.length;
        } else work += chunk.text.length / 8;
        chunks.push(Object.freeze({ start: chunk.start, text: chunk.text, parsed }));
        for (const p of parsed) documents.push(placeDocument(p, documents.length, chunk.start));
        lines.scan(chunk.start + chunk.text.length);
      }
      if (next < split.length) return undefined;
      done ??= Object.freeze({ uri, version, text, lineIndex: lines.finish(), documents: Object.freeze(documents), chunks: Object.freeze(chunks) });
      return done;
    },
  };
  return build;
}

/**
 * The snapshot of `text` with only the documents `wanted` (0-based indices) parsed and placed, the others absent
 * (`documents[i]` undefined): for placing findings about a few documents of a large file analysed before in windows
 * (`podls check`). `chunkDocuments[i]` is how many documents the i-th chunk of `splitChunks(text)` held in that
 * analysis (`snapshotWindows`' chunks). Undefined when the text does not split into that many chunks (or has
 * directives): the caller then parses it whole. `chunks` holds the parsed chunks only.
 */
export function snapshotOfDocuments(uri: string, version: number, text: string, chunkDocuments: ArrayLike<number>, wanted: ReadonlySet<number>): Snapshot | undefined {
  const split = splitChunks(text);
  if (split === undefined || split.length !== chunkDocuments.length) return undefined;
  const documents: YamlDocument[] = [];
  const chunks: SnapshotChunk[] = [];
  let first = 0;
  split.forEach((chunk, i) => {
    const count = chunkDocuments[i] ?? 0;
    let needed = false;
    for (let d = first; d < first + count && !needed; d++) needed = wanted.has(d);
    if (needed) {
      const parsed = Object.freeze(parseDocuments(detach(chunk.text)));
      chunks.push(Object.freeze({ start: chunk.start, text: chunk.text, parsed }));
      parsed.forEach((p, j) => {
        documents[first + j] = placeDocument(p, first + j, chunk.start);
      });
    }
    first += count;
  });
  documents.length = first;
  return Object.freeze({ uri, version, text, lineIndex: buildLineIndex(text), documents: Object.freeze(documents), chunks: Object.freeze(chunks) });
}

/**
 * The snapshot of `text` as a sequence of windows, parsed one at a time, for analysing a large file in bounded
 * memory (`podls check`): each window holds the documents of consecutive chunks of about `windowChars` UTF-16 code
 * units (at least one chunk) and is parsed when the iterator reaches it, so the trees of earlier windows can be
 * garbage. A window is a `Snapshot` of the whole text (`text`, `lineIndex`, file offsets) whose `documents` are only
 * its own, keeping their index in the file: `documents[i].index === first + i`, not `i`. Together the windows' documents
 * equal {@link createSnapshot}'s. Text with a directive (`%YAML`) is one window.
 */
export function* snapshotWindows(uri: string, version: number, text: string, windowChars: number): Generator<Snapshot> {
  const split = splitChunks(text) ?? [{ start: 0, text }];
  const lineIndex = buildLineIndex(text);
  let index = 0;
  for (let next = 0; next < split.length; ) {
    const chunks: SnapshotChunk[] = [];
    const documents: YamlDocument[] = [];
    for (let size = 0; next < split.length && (size === 0 || size < windowChars); next++) {
      const chunk = split[next];
      if (chunk === undefined) continue;
      const parsed = Object.freeze(parseDocuments(detach(chunk.text)));
      chunks.push(Object.freeze({ start: chunk.start, text: chunk.text, parsed }));
      for (const p of parsed) documents.push(placeDocument(p, index++, chunk.start));
      size += chunk.text.length;
    }
    yield Object.freeze({ uri, version, text, lineIndex, documents: Object.freeze(documents), chunks: Object.freeze(chunks) });
  }
}

/**
 * Applies LSP content changes in order (each range refers to the text produced by the previous change)
 * and returns the new text. Positions are clamped like {@link LineIndex.offsetAt}.
 */
export function applyContentChanges(text: string, changes: readonly ContentChange[]): string {
  let out = text;
  for (const change of changes) {
    if (change.range === undefined) {
      out = change.text;
      continue;
    }
    const index = buildLineIndex(out);
    const a = index.offsetAt(change.range.start);
    const b = index.offsetAt(change.range.end);
    const start = Math.min(a, b);
    const end = Math.max(a, b);
    out = out.slice(0, start) + change.text + out.slice(end);
  }
  return out;
}

/**
 * The document an offset belongs to: the last document of the offset's chunk starting at or before it
 * (or the chunk's first document). Undefined when that chunk holds no document (comments only).
 */
export function documentAt(snapshot: Snapshot, offset: number): YamlDocument | undefined {
  const docs = snapshot.documents;
  let lo = 0;
  let hi = docs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = docs[mid];
    if (d !== undefined && d.range.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const chunk = chunkAt(snapshot, offset);
  if (chunk === undefined) return undefined;
  const candidate = found >= 0 ? docs[found] : docs[0];
  if (candidate !== undefined && candidate.offset === chunk.start) return candidate;
  // The offset is before the first document of its chunk, or in a chunk without documents.
  const next = docs[found + 1];
  return next !== undefined && next.offset === chunk.start ? next : undefined;
}

function chunkAt(snapshot: Snapshot, offset: number): SnapshotChunk | undefined {
  const chunks = snapshot.chunks;
  let lo = 0;
  let hi = chunks.length - 1;
  let found: SnapshotChunk | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = chunks[mid];
    if (c !== undefined && c.start <= offset) {
      found = c;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function build(
  uri: string,
  version: number,
  text: string,
  reuse: ReadonlyMap<string, readonly ParsedDocument[]>,
): Snapshot {
  return finish(uri, version, text, splitChunks(text) ?? [{ start: 0, text }], reuse);
}

/** `prev` as version `version` of `uri`: the same text, so the same chunks, documents and line index. */
function sameText(prev: Snapshot, uri: string, version: number): Snapshot {
  return Object.freeze({ uri, version, text: prev.text, lineIndex: prev.lineIndex, documents: prev.documents, chunks: prev.chunks });
}

function finish(
  uri: string,
  version: number,
  text: string,
  split: readonly { readonly start: number; readonly text: string }[],
  reuse: ReadonlyMap<string, readonly ParsedDocument[]>,
): Snapshot {
  const chunks: SnapshotChunk[] = [];
  const documents: YamlDocument[] = [];
  for (const { start, text: chunkText } of split) {
    const parsed = reuse.get(chunkText) ?? Object.freeze(parseDocuments(detach(chunkText)));
    chunks.push(Object.freeze({ start, text: chunkText, parsed }));
    for (const p of parsed) documents.push(placeDocument(p, documents.length, start));
  }
  return Object.freeze({
    uri,
    version,
    text,
    lineIndex: buildLineIndex(text),
    documents: Object.freeze(documents),
    chunks: Object.freeze(chunks),
  });
}

/**
 * A copy of `s` that does not share storage with the file text it was sliced from. yaml's tokens and scalar
 * values are substrings of the text it parses; parsing a slice of the file would let a reused document keep
 * that whole version of the file alive for as long as the document is reused.
 * (V8 flattens the concatenation into a fresh string before slicing it.)
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/** Puts a parsed document at file offset `offset` (O(problems + List items)). */
function placeDocument(parsed: ParsedDocument, index: number, offset: number): YamlDocument {
  const shift = (r: OffsetRange): OffsetRange => ({ start: r.start + offset, end: r.end + offset });
  const shiftProblems = (ps: readonly YamlProblem[]): readonly YamlProblem[] =>
    ps.length === 0 ? ps : Object.freeze(ps.map((p) => ({ ...p, range: shift(p.range) })));
  const items = parsed.items?.map((item) => Object.freeze({ ...item, range: shift(item.range) }));
  const template = parsed.template === undefined
    ? undefined
    : Object.freeze({ actions: Object.freeze(parsed.template.actions.map(shift)), control: parsed.template.control });
  return Object.freeze({
    index,
    offset,
    range: shift(parsed.range),
    doc: parsed.doc,
    parsed,
    errors: shiftProblems(parsed.errors),
    warnings: shiftProblems(parsed.warnings),
    value: parsed.value,
    ...(parsed.kind === undefined ? {} : { kind: parsed.kind }),
    ...(parsed.apiVersion === undefined ? {} : { apiVersion: parsed.apiVersion }),
    ...(items === undefined ? {} : { items: Object.freeze(items) }),
    ...(template === undefined ? {} : { template }),
  });
}
