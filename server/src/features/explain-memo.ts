/**
 * The explain Markdown of hovers and completion items, memoised for one schema: rendering a field's
 * `kubectl explain` text walks its type and formats every child field, and the same fields are hovered again and
 * again. The language server keeps one memo in its state and makes a new one when the schema changes; nothing is
 * kept at module level. Bounded by {@link MAX_EXPLAIN_MEMO_ENTRIES} (oldest entries go first).
 */
import type { SchemaIndex } from '../schema/lookup';

/** At most this many Markdown texts are kept (about 2 KB each). */
export const MAX_EXPLAIN_MEMO_ENTRIES = 2000;

/** Markdown by request key, valid for `schema` only. `misses` counts renderings, for tests. */
export interface ExplainMemo {
  readonly schema: SchemaIndex;
  readonly entries: Map<string, string | undefined>;
  misses: number;
}

/** An empty memo for `schema`. */
export function createExplainMemo(schema: SchemaIndex): ExplainMemo {
  return { schema, entries: new Map(), misses: 0 };
}

/**
 * `render()`'s result for `key` (a string naming the resource, apiVersion, field path and options), from `memo` when
 * it was rendered before for the same `schema`; without a memo, or for another schema, it renders every time.
 */
export function memoisedMarkdown(memo: ExplainMemo | undefined, schema: SchemaIndex, key: string, render: () => string | undefined): string | undefined {
  if (memo === undefined || memo.schema !== schema) return render();
  if (memo.entries.has(key)) return memo.entries.get(key);
  const markdown = render();
  memo.misses++;
  if (memo.entries.size >= MAX_EXPLAIN_MEMO_ENTRIES) {
    const oldest = memo.entries.keys().next();
    if (oldest.done !== true) memo.entries.delete(oldest.value);
  }
  memo.entries.set(key, markdown);
  return markdown;
}
