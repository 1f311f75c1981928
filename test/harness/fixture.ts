/**
 * Inline fixtures with markers. `<|>` marks the cursor: exactly one per fixture that asks for it.
 */

/** The marker for the cursor position. */
export const CURSOR_MARKER = '<|>';

/** A fixture text with its cursor marker removed; `cursor` is the marker's offset (UTF-16) in `text`. */
export interface MarkedText {
  readonly text: string;
  readonly cursor: number;
}

/**
 * Removes the single `<|>` marker from `source`. Throws when there is none, more than one, or a broken
 * marker (`<|` or `|>` left after removal), so a malformed fixture fails its test loudly.
 */
export function parseMarkers(source: string): MarkedText {
  const first = source.indexOf(CURSOR_MARKER);
  if (first < 0) throw new Error('fixture has no <|> cursor marker');
  if (source.indexOf(CURSOR_MARKER, first + 1) >= 0) throw new Error('fixture has more than one <|> cursor marker');
  const text = source.slice(0, first) + source.slice(first + CURSOR_MARKER.length);
  if (text.includes('<|') || text.includes('|>')) throw new Error('fixture has a malformed cursor marker (<| or |>)');
  return { text, cursor: first };
}
