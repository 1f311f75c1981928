/**
 * What belongs together in the reference graph: the occurrences of one name across linked scopes, and
 * the label sets and selectors linked by one label key (and value).
 * Shared by references and rename; pure functions over a {@link WorkspaceIndex}.
 */
import type { OffsetRange } from '../../util/range';
import { rangeContains, selects } from './workspace-index';
import type { LabelEntry, LabelSet, NameEntry, SelectorInfo, SelectorTerm, WorkspaceIndex } from './workspace-index';

/**
 * Every occurrence of the name of `start` (same kind and name) in the scopes of `start`, extended through
 * occurrences that sit in several scopes at once (a Service targetPort links the port names of every Pod
 * the Service selects). Definitions and references, in index order.
 */
export function relatedNames(index: WorkspaceIndex, start: readonly NameEntry[]): NameEntry[] {
  const first = start[0];
  if (first === undefined) return [];
  const candidates = index.names.filter((n) => n.kind === first.kind && n.name === first.name);
  const scopes = new Set(start.map((n) => n.scope));
  const at = (n: NameEntry): string => `${n.uri}#${n.range.start}`;
  for (let changed = true; changed; ) {
    changed = false;
    const places = new Set(candidates.filter((n) => scopes.has(n.scope)).map(at));
    for (const n of candidates) {
      if (!scopes.has(n.scope) && places.has(at(n))) {
        scopes.add(n.scope);
        changed = true;
      }
    }
  }
  return candidates.filter((n) => scopes.has(n.scope));
}

/** A label under the cursor: in a label set or in a selector, on the key or the value. */
export type LabelTarget =
  | { readonly on: 'key' | 'value'; readonly key: string; readonly value: string; readonly range: OffsetRange; readonly set: LabelSet; readonly entry: LabelEntry }
  | { readonly on: 'key' | 'value'; readonly key: string; readonly value: string; readonly range: OffsetRange; readonly selector: SelectorInfo; readonly term: SelectorTerm };

/** The label key or value at `offset` in `uri`, in a label set (any object's labels) or a selector term. */
export function labelTargetAt(index: WorkspaceIndex, uri: string, offset: number): LabelTarget | undefined {
  for (const set of index.labelSets) {
    if (set.uri !== uri) continue;
    for (const entry of set.entries) {
      if (rangeContains(entry.keyRange, offset)) return { on: 'key', key: entry.key, value: entry.value, range: entry.keyRange, set, entry };
      if (entry.valueRange !== undefined && rangeContains(entry.valueRange, offset)) {
        return { on: 'value', key: entry.key, value: entry.value, range: entry.valueRange, set, entry };
      }
    }
  }
  for (const selector of index.selectors) {
    if (selector.uri !== uri) continue;
    for (const term of selector.terms) {
      if (rangeContains(term.keyRange, offset)) return { on: 'key', key: term.key, value: term.values[0]?.value ?? '', range: term.keyRange, selector, term };
      const v = term.values.find((x) => rangeContains(x.range, offset));
      if (v !== undefined) return { on: 'value', key: term.key, value: v.value, range: v.range, selector, term };
    }
  }
  return undefined;
}

/** The label sets and selectors linked by a label key (and, with `value`, by that value of the key). */
export interface LabelGroup {
  readonly sets: readonly LabelSet[];
  readonly selectors: readonly SelectorInfo[];
}

function termMatches(term: SelectorTerm, key: string, value: string | undefined): boolean {
  return term.key === key && (value === undefined || term.values.some((v) => v.value === value));
}

function setMatches(set: LabelSet, key: string, value: string | undefined): boolean {
  return set.entries.some((e) => e.key === key && (value === undefined || e.value === value));
}

/**
 * The closure from a label set or selector: selectors that select a set of the group and use `key`
 * (with `value` among their values when given), and sets selected by a selector of the group that carry
 * `key` (with that value). Iterates to a fixed point.
 */
export function labelGroup(index: WorkspaceIndex, start: LabelSet | SelectorInfo, key: string, value: string | undefined): LabelGroup {
  const sets = new Set<LabelSet>();
  const selectors = new Set<SelectorInfo>();
  if ('labels' in start) sets.add(start);
  else selectors.add(start);
  for (let changed = true; changed; ) {
    changed = false;
    for (const sel of index.selectors) {
      if (selectors.has(sel) || !sel.terms.some((t) => termMatches(t, key, value))) continue;
      if ([...sets].some((s) => selects(sel, s))) {
        selectors.add(sel);
        changed = true;
      }
    }
    for (const set of index.labelSets) {
      if (sets.has(set) || !setMatches(set, key, value)) continue;
      if ([...selectors].some((s) => selects(s, set))) {
        sets.add(set);
        changed = true;
      }
    }
  }
  return { sets: [...sets], selectors: [...selectors] };
}
