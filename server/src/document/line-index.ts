/**
 * Conversions between offsets (0-based UTF-16 code unit indices into a text, the unit of JavaScript
 * strings and of yaml's node ranges) and LSP positions (0-based line, 0-based UTF-16 character).
 *
 * Line breaks are `\n`, `\r\n` and a lone `\r`, as in LSP and YAML 1.2.
 * Because offsets and LSP characters are both UTF-16 code units, a character is simply
 * `offset - lineStart(line)`: CJK text counts 1 per character, emoji and other astral characters 2.
 */

/** An LSP position: 0-based line and 0-based UTF-16 character within the line. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** Line table of one text, built once in O(n); lookups are O(log lines). */
export interface LineIndex {
  /** Number of lines: one more than the number of line breaks (an empty text has 1 line). */
  readonly lineCount: number;
  /** Length of the indexed text in UTF-16 code units. */
  readonly length: number;
  /** Offset of the first character of `line`; lines outside `[0, lineCount)` are clamped. */
  lineStart(line: number): number;
  /** Offset just before the line break that ends `line` (or the text end on the last line); clamped like lineStart. */
  lineContentEnd(line: number): number;
  /** The 0-based line holding `offset` (clamped to `[0, length]`). */
  lineAt(offset: number): number;
  /**
   * The LSP position of `offset`. Offsets are clamped to `[0, length]`; an offset inside a `\r\n`
   * pair maps to the end of its line.
   */
  positionAt(offset: number): Position;
  /**
   * The offset of an LSP position. A line past the end gives the text length, a negative line 0;
   * a character past the end of its line is clamped to the line end (before the line break).
   */
  offsetAt(position: Position): number;
}

/** Builds the {@link LineIndex} of `text` in one pass. */
export function buildLineIndex(text: string): LineIndex {
  return startLineIndex(text).finish();
}

/**
 * A {@link LineIndex} built a piece of text at a time (a large file's snapshot, between other work): `scan(end)`
 * finds the line breaks before offset `end` (0-based UTF-16, clamped to the text), `finish()` those after and
 * returns the index, equal to {@link buildLineIndex}'s.
 */
export interface LineIndexBuild {
  scan(end: number): void;
  finish(): LineIndex;
}

/** A {@link LineIndexBuild} of `text`, nothing scanned yet. */
export function startLineIndex(text: string): LineIndexBuild {
  const starts: number[] = [0];
  const n = text.length;
  let i = 0;
  const scan = (end: number): void => {
    const stop = end < n ? end : n;
    for (; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  };
  return {
    scan,
    finish: () => {
      scan(n);
      return lineIndexOf(text, starts);
    },
  };
}

/** The {@link LineIndex} of `text` from its line starts (`starts[0] === 0`, ascending). */
function lineIndexOf(text: string, starts: readonly number[]): LineIndex {
  const n = text.length;
  const lineCount = starts.length;
  const clampLine = (line: number): number => (line < 0 ? 0 : line >= lineCount ? lineCount - 1 : Math.floor(line));
  const lineStart = (line: number): number => starts[clampLine(line)] ?? 0;
  const lineContentEnd = (line: number): number => {
    const l = clampLine(line);
    if (l + 1 >= lineCount) return n;
    let end = starts[l + 1] ?? n;
    if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
    return end;
  };
  const lineAt = (offset: number): number => {
    const o = offset < 0 ? 0 : offset > n ? n : offset;
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return Object.freeze({
    lineCount,
    length: n,
    lineStart,
    lineContentEnd,
    lineAt,
    positionAt(offset: number): Position {
      const o = offset < 0 ? 0 : offset > n ? n : offset;
      const line = lineAt(o);
      const start = lineStart(line);
      return { line, character: Math.min(o, lineContentEnd(line)) - start };
    },
    offsetAt(position: Position): number {
      if (position.line < 0) return 0;
      if (position.line >= lineCount) return n;
      const start = lineStart(position.line);
      const character = position.character < 0 ? 0 : position.character;
      return Math.min(start + character, lineContentEnd(position.line));
    },
  });
}
