/**
 * Missing references: a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount that a Pod spec names
 * but no object of the workspace defines (same kind, name and namespace). The object may exist in the
 * cluster, so this is a hint by default; the `podls.missingReferences` setting changes the severity.
 * References marked `optional: true` and the `default` ServiceAccount (every namespace has one) are not reported.
 */
import { formatFieldPath } from '../../document/field-path';
import type { Snapshot } from '../../document/snapshot';
import type { Severity } from '../../rules/rule';
import type { OffsetRange } from '../../util/range';
import { buildWorkspaceIndex, REFERENCED_KINDS } from './workspace-index';
import type { NameEntry, NavigationCache, ReferencedKind } from './workspace-index';
import { TREE_UNIT } from '../kustomize';

/** The rule id of missing-reference findings. */
export const MISSING_REFERENCE_RULE = 'missing-reference';

/** One reference to an object absent from the workspace, in file offsets of the snapshot it was found in. */
export interface MissingReference {
  /** 0-based index of the YAML document in the file. */
  readonly documentIndex: number;
  /** The referenced name's text (quotes excluded). */
  readonly range: OffsetRange;
  /** E.g. `configmap "app-config" not found in the workspace (it may exist in the cluster)`. */
  readonly message: string;
  readonly kind: ReferencedKind;
  readonly name: string;
  /** The namespace the object was looked up in. */
  readonly namespace: string;
  /** Apiserver rendering of the reference's path (`spec.template.spec.volumes[0].configMap.name`). */
  readonly fieldPath: string;
  /** Always {@link MISSING_REFERENCE_RULE}. */
  readonly code: string;
  readonly severity: Severity;
  /** The object the reference is in, `Kind/name`. */
  readonly object?: string;
}

/**
 * What finding missing references needs from a workspace, built once: the objects defined in each deployment unit
 * as `unit NUL kind|scope|name` keys, the reference entries grouped by file, and each file's units. Building it is
 * linear in the workspace; each file's check is then linear in that file's references (so `podls check` over
 * 2,000 files stays linear).
 */
export interface ReferenceTable {
  readonly defined: ReadonlySet<string>;
  readonly referencesByUri: ReadonlyMap<string, readonly NameEntry[]>;
  readonly unitsByUri: ReadonlyMap<string, readonly string[]>;
}

/** The key under which a {@link ReferenceTable} records a defined object: `kind|namespace|name`. */
export function definitionKey(n: Pick<NameEntry, 'kind' | 'scope' | 'name'>): string {
  return `${n.kind}|${n.scope}|${n.name}`;
}

/**
 * What of a file's name entries the {@link ReferenceTable} keeps: the objects it defines (as {@link definitionKey}s)
 * and its references to ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccounts that are not `optional`,
 * plus the deployment units of the file (`features/kustomize.ts`; absent: the tree unit).
 * Plain data (`podls check` moves it between worker threads).
 */
export interface ReferenceFacts {
  readonly definitions: readonly string[];
  readonly references: readonly NameEntry[];
  readonly units?: readonly string[];
}

/** The {@link ReferenceFacts} of some name entries (one file's, or a whole workspace's). */
export function referenceFacts(names: readonly NameEntry[], units?: readonly string[]): ReferenceFacts {
  const definitions: string[] = [];
  const references: NameEntry[] = [];
  for (const n of names) {
    if (!REFERENCED_KINDS.some((k) => k === n.kind)) continue;
    if (n.role === 'definition') definitions.push(definitionKey(n));
    else if (n.role === 'reference' && !n.optional) references.push(n);
  }
  return { definitions, references, ...(units === undefined ? {} : { units }) };
}

/**
 * The {@link ReferenceTable} of the facts of every file of a workspace, plus the names generators define per unit
 * (`ProjectLayout.generated`: `kind|namespace|name` keys). Linear in their size.
 */
export function referenceTableOf(files: Iterable<ReferenceFacts>, generated: ReadonlyMap<string, readonly string[]> = new Map()): ReferenceTable {
  const defined = new Set<string>();
  const referencesByUri = new Map<string, NameEntry[]>();
  const unitsByUri = new Map<string, readonly string[]>();
  for (const facts of files) {
    const units = facts.units ?? [TREE_UNIT];
    for (const key of facts.definitions) for (const unit of units) defined.add(`${unit}\u0000${key}`);
    for (const n of facts.references) {
      if (facts.units !== undefined) unitsByUri.set(n.uri, facts.units);
      const list = referencesByUri.get(n.uri);
      if (list === undefined) referencesByUri.set(n.uri, [n]);
      else list.push(n);
    }
  }
  for (const [unit, keys] of generated) for (const key of keys) defined.add(`${unit}\u0000${key}`);
  return { defined, referencesByUri, unitsByUri };
}

/**
 * Builds the {@link ReferenceTable} of a workspace; `current` replaces the workspace's version of its file.
 * `cache`: see `NavigationCache` (workspace-index.ts). `unitsOf` gives each file's deployment units (default: one
 * unit) and `generated` the names generators define per unit.
 */
export function referenceTable(
  snapshots: readonly Snapshot[],
  current?: Snapshot,
  cache?: NavigationCache,
  unitsOf?: (uri: string) => readonly string[],
  generated?: ReadonlyMap<string, readonly string[]>,
): ReferenceTable {
  const names = buildWorkspaceIndex(snapshots, current, cache).names;
  if (unitsOf === undefined) return referenceTableOf([referenceFacts(names)], generated);
  const byUri = new Map<string, NameEntry[]>();
  for (const n of names) {
    const list = byUri.get(n.uri);
    if (list === undefined) byUri.set(n.uri, [n]);
    else list.push(n);
  }
  return referenceTableOf(
    [...byUri].map(([uri, list]) => referenceFacts(list, unitsOf(uri))),
    generated,
  );
}

/** The missing references of the file `uri` (a file of the table's workspace), in file order, with `severity`. */
export function missingReferencesIn(table: ReferenceTable, uri: string, severity: Severity = 'hint'): MissingReference[] {
  const out: MissingReference[] = [];
  const units = table.unitsByUri.get(uri) ?? [TREE_UNIT];
  for (const n of table.referencesByUri.get(uri) ?? []) {
    const kind = REFERENCED_KINDS.find((k) => k === n.kind);
    if (kind === undefined) continue;
    if (kind === 'ServiceAccount' && n.name === 'default') continue;
    const key = definitionKey(n);
    if (units.some((unit) => table.defined.has(`${unit}\u0000${key}`))) continue;
    out.push({
      documentIndex: n.documentIndex,
      range: n.range,
      message: `${kind.toLowerCase()} ${JSON.stringify(n.name)} not found in the workspace (it may exist in the cluster)`,
      kind,
      name: n.name,
      namespace: n.scope,
      fieldPath: formatFieldPath(n.path),
      code: MISSING_REFERENCE_RULE,
      severity,
      ...(n.object === undefined ? {} : { object: n.object }),
    });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/**
 * The references of `snapshot` to objects that none of the workspace `snapshots` (with `snapshot` in place
 * of its older version) defines, in file order, with `severity` (default `hint`).
 * `cache`: see `NavigationCache` (workspace-index.ts). For many files, build a {@link referenceTable} once.
 * A {@link MissingReference} is structurally a `DiagnosticInfo` (diagnostics.ts): pass it to `toProto.diagnostic`.
 */
export function missingReferences(
  snapshots: readonly Snapshot[],
  snapshot: Snapshot,
  severity: Severity = 'hint',
  cache?: NavigationCache,
): MissingReference[] {
  return missingReferencesIn(referenceTable(snapshots, snapshot, cache), snapshot.uri, severity);
}
