/**
 * A range of UTF-16 code unit offsets into a text, `[start, end)`, 0-based.
 * This is the unit of JavaScript string indices, of yaml's node `range`, and of LSP's default
 * position encoding; `document/line-index.ts` converts offsets to LSP line/character positions.
 */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}
