/**
 * Line boundaries around an offset of a text, in the cost of the line alone: a line ends at `\n`, `\r` or the end of
 * the text (YAML's line breaks). Searching for each break character separately (`lastIndexOf('\r')`) would scan the
 * whole text before the cursor when the file has no `\r`, making a request on a large file cost O(file).
 * Offsets are UTF-16 code unit indices (0-based).
 */

function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The offset where the line holding `at` starts (just after the previous `\n` or `\r`; 0 on the first line). */
export function lineStartAt(text: string, at: number): number {
  let i = Math.min(Math.max(at, 0), text.length);
  while (i > 0 && !isBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The offset of the first `\n` or `\r` at or after `from`; `text.length` when there is none. */
export function lineEndAt(text: string, from: number): number {
  let i = Math.max(from, 0);
  while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
  return Math.min(i, text.length);
}
