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

/** The key under which a reference check looks up a defined object: `kind|namespace|name`. */
export function definitionKey(n: Pick<NameEntry, 'kind' | 'scope' | 'name'>): string {
  return `${n.kind}|${n.scope}|${n.name}`;
}

/**
 * What the missing-reference check needs of a file's name entries: the objects it defines (as {@link definitionKey}s)
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
 * The missing references among one file's `facts` (its non-optional references, with ranges in that file's offsets),
 * in file order, with `severity`: a reference is missing when `isDefined` is false for every unit of the file
 * (`facts.units`, default the tree unit). References to the `default` ServiceAccount are never missing.
 */
export function missingReferencesIn(
  facts: ReferenceFacts,
  isDefined: (unit: string, reference: NameEntry) => boolean,
  severity: Severity = 'hint',
): MissingReference[] {
  const out: MissingReference[] = [];
  const units = facts.units ?? [TREE_UNIT];
  for (const n of facts.references) {
    const kind = REFERENCED_KINDS.find((k) => k === n.kind);
    if (kind === undefined) continue;
    if (kind === 'ServiceAccount' && n.name === 'default') continue;
    if (units.some((unit) => isDefined(unit, n))) continue;
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
 * `cache`: see `NavigationCache` (workspace-index.ts). Many files at once: `crossFileFindings` (features/cross-file.ts).
 * A {@link MissingReference} is structurally a `DiagnosticInfo` (diagnostics.ts): pass it to `toProto.diagnostic`.
 */
export function missingReferences(
  snapshots: readonly Snapshot[],
  snapshot: Snapshot,
  severity: Severity = 'hint',
  cache?: NavigationCache,
): MissingReference[] {
  const names = buildWorkspaceIndex(snapshots, snapshot, cache).names;
  const defined = new Set(referenceFacts(names).definitions);
  return missingReferencesIn(referenceFacts(names.filter((n) => n.uri === snapshot.uri)), (_unit, n) => defined.has(definitionKey(n)), severity);
}
