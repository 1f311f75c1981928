/**
 * `workspace/symbol`: every Kubernetes object of the workspace as `kind/name` (kubectl's resource notation,
 * with the kind as written, e.g. `Deployment/web`), filtered by a query.
 */
import type { Snapshot } from '../../document/snapshot';
import type { OffsetRange } from '../../util/range';
import { buildWorkspaceIndex } from './workspace-index';
import type { NavigationCache } from './workspace-index';

/** One workspace symbol, in file offsets of `uri`'s snapshot. */
export interface WorkspaceSymbolInfo {
  /** `Kind/name` (`Kind` alone for an unnamed object). */
  readonly name: string;
  readonly kind: string;
  /** `metadata.namespace`, `default` when absent. */
  readonly namespace: string;
  readonly uri: string;
  /** The object's span (document or List item). */
  readonly range: OffsetRange;
  /** The `metadata.name` value (or `kind` value). */
  readonly selectionRange: OffsetRange;
}

/**
 * The objects of `snapshots` whose `Kind/name` matches `query`: every character of the query, in order,
 * case-insensitively (an empty query matches all). Sorted by name, then URI and offset. `cache`: see `NavigationCache`.
 */
export function workspaceSymbols(snapshots: readonly Snapshot[], query: string, cache?: NavigationCache): WorkspaceSymbolInfo[] {
  const out: WorkspaceSymbolInfo[] = [];
  for (const o of buildWorkspaceIndex(snapshots, undefined, cache).objects) {
    const name = o.name === '' ? o.kind : `${o.kind}/${o.name}`;
    if (!fuzzyMatches(name, query)) continue;
    out.push({ name, kind: o.kind, namespace: o.namespace, uri: o.uri, range: o.range, selectionRange: o.selectionRange });
  }
  return out.sort((a, b) => compare(a.name, b.name) || compare(a.uri, b.uri) || a.range.start - b.range.start);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the characters of `query` occur in `text` in order, ignoring case. */
function fuzzyMatches(text: string, query: string): boolean {
  const t = text.toLowerCase();
  let i = 0;
  for (const c of query.toLowerCase()) {
    if (c === ' ') continue;
    i = t.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
