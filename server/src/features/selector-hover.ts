/**
 * Hover on a label selector (issue 3 §3): the equivalent `kubectl get pods -l '…'` command and the objects of
 * the workspace that the selector selects, each a Markdown link to its document (`file:///…#L12`, a 1-based
 * line fragment that VS Code opens at that line).
 *
 * Selectors recognised, from the object root (List items included):
 * - `spec.selector` of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job (LabelSelector) and of
 *   ReplicationController and Service (a plain map); `spec.jobTemplate.spec.selector` of CronJob;
 *   `spec.selector` of PodDisruptionBudget and `spec.podSelector` of NetworkPolicy (LabelSelector);
 * - inside a Pod spec or pod template: every `labelSelector` (pod affinity and anti-affinity terms,
 *   `topologySpreadConstraints`) and every `namespaceSelector` (affinity terms; it selects Namespaces).
 * A Pod is selected by its `metadata.labels`, a workload by its pod template's labels (the Pods it creates).
 * Namespaces follow the API: a Service, workload, PDB, NetworkPolicy or topology spread constraint selects in
 * its own namespace; an affinity term in its `namespaces` plus those its `namespaceSelector` selects (all for
 * `{}`), else in the Pod's own namespace. A missing namespace is `default`.
 * Matching follows rules/label-selector.ts (k8s.io/apimachinery `labels.Selector`).
 */
import { podSelectorLocation } from '../schema/pod-selectors';
import type { FieldPath } from '../document/field-path';
import { segmentKey } from '../document/field-path';
import { locate } from '../document/locate';
import type { Locus } from '../document/locate';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import { createLabelIndex, formatSelector, labelSelectorAsSelector, labelsOf, mapAsSelector, selectorMatches } from '../rules/label-selector';
import type { ParsedSelector } from '../rules/label-selector';
import { podSpecLocation } from '../schema/pod-specs';
import type { OffsetRange } from '../util/range';
import type { HoverInfo } from './hover';

/** At most this many selected objects are listed; the rest are counted. */
export const MAX_LISTED_OBJECTS = 25;

/** What a selector selects: Pods (and the pod templates that make them) or Namespaces. */
type Target = 'pods' | 'namespaces';

/** A selector found around the cursor. */
interface SelectorSite {
  /** Path of the selector node from the object root. */
  readonly path: FieldPath;
  /** LabelSelector (`matchLabels`/`matchExpressions`) or a plain label map (Service, ReplicationController). */
  readonly form: 'labelSelector' | 'map';
  readonly target: Target;
  /** Namespaces searched; `undefined` for all namespaces (or decided by the affinity term at `termPath`). */
  readonly namespaces: ReadonlySet<string> | undefined;
  /** For pod affinity terms: the term, whose `namespaces` and `namespaceSelector` decide the namespaces. */
  readonly termPath?: FieldPath;
}

/** One object of the workspace with where it starts. */
interface Candidate {
  readonly snapshot: Snapshot;
  readonly kind: string;
  readonly object: unknown;
  /** File offset of the object's first line (its first key, after comments and `---`). */
  readonly start: number;
}

/**
 * The selector hover at `offset` (0-based UTF-16 file offset) of `snapshot`, searching `workspace` (the
 * snapshots of all workspace files; `snapshot` is used in its place when it has the same URI, and added when
 * absent; a function giving them is called only when the cursor is on a selector). Undefined when the offset is
 * not on a selector key or inside a selector. The range is the key or value under the cursor.
 * `locus`: `locate(snapshot, offset)` when the caller has it already.
 */
export function selectorHover(
  workspace: readonly Snapshot[] | (() => readonly Snapshot[]),
  snapshot: Snapshot,
  offset: number,
  locus: Locus | undefined = locate(snapshot, offset),
): HoverInfo | undefined {
  if (locus === undefined || (locus.role !== 'key' && locus.role !== 'value')) return undefined;
  const range = locus.role === 'key' ? locus.keyRange : locus.valueRange;
  if (range === undefined || offset < range.start || offset > range.end) return undefined;
  const doc = snapshot.documents[locus.documentIndex];
  if (doc === undefined || doc.template !== undefined) return undefined;
  const object = objectOf(doc, locus.item);
  if (object === undefined) return undefined;
  const site = selectorSite(object.kind, object.value, locus.objectPath);
  if (site === undefined) return undefined;
  const markdown = renderSelector(site, valueAt(object.value, site.path), object.value, workspaceWith(typeof workspace === 'function' ? workspace() : workspace, snapshot));
  return { markdown, range: clampRange(range, snapshot.text.length) };
}

function clampRange(r: OffsetRange, length: number): OffsetRange {
  const start = Math.max(0, Math.min(r.start, length));
  return { start, end: Math.max(start, Math.min(r.end, length)) };
}

function workspaceWith(workspace: readonly Snapshot[], snapshot: Snapshot): Snapshot[] {
  let found = false;
  const out = workspace.map((s) => {
    if (s.uri !== snapshot.uri) return s;
    found = true;
    return snapshot;
  });
  return found ? out : [snapshot, ...out];
}

function objectOf(doc: YamlDocument, item: number | undefined): { kind: string; value: unknown } | undefined {
  if (item !== undefined) {
    const it = doc.items?.[item];
    return it?.kind === undefined ? undefined : { kind: it.kind, value: it.value };
  }
  return doc.kind === undefined ? undefined : { kind: doc.kind, value: doc.value };
}

/** The selector enclosing `path` (an object path) in an object of `kind`, if any. */
function selectorSite(kind: string, object: unknown, path: FieldPath): SelectorSite | undefined {
  const keys = path.map(segmentKey);
  const own = new Set([namespaceOf(object)]);
  const podSelector = podSelectorLocation(kind);
  if (podSelector !== undefined && startsWith(keys, podSelector.path)) {
    return { path: podSelector.path, form: podSelector.form, target: 'pods', namespaces: own };
  }
  const location = podSpecLocation(kind);
  if (location === undefined || !startsWith(keys, location.specPath)) return undefined;
  const at = keys.findIndex((k, i) => i >= location.specPath.length && (k === 'labelSelector' || k === 'namespaceSelector'));
  if (at < 0) return undefined;
  const selectorPath = path.slice(0, at + 1);
  const termPath = path.slice(0, at);
  if (keys[at] === 'namespaceSelector') return { path: selectorPath, form: 'labelSelector', target: 'namespaces', namespaces: undefined };
  const inAffinity = keys.slice(location.specPath.length).some((k) => k === 'podAffinity' || k === 'podAntiAffinity');
  return inAffinity
    ? { path: selectorPath, form: 'labelSelector', target: 'pods', namespaces: undefined, termPath }
    : { path: selectorPath, form: 'labelSelector', target: 'pods', namespaces: own };
}

function startsWith(keys: readonly (string | number)[], prefix: readonly string[]): boolean {
  return prefix.length <= keys.length && prefix.every((p, i) => keys[i] === p);
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let v = root;
  for (const segment of path) {
    const key = segmentKey(segment);
    if (typeof key === 'number') v = Array.isArray(v) ? (v as unknown[])[key] : undefined;
    else v = isRecord(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function metadataString(object: unknown, field: string): string | undefined {
  const meta = isRecord(object) ? object['metadata'] : undefined;
  const v = isRecord(meta) ? meta[field] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** `metadata.namespace`, `default` when absent or empty. */
function namespaceOf(object: unknown): string {
  const ns = metadataString(object, 'namespace');
  return ns === undefined || ns === '' ? 'default' : ns;
}

function candidatesOf(workspace: readonly Snapshot[]): Candidate[] {
  const out: Candidate[] = [];
  for (const snapshot of workspace) {
    for (const doc of snapshot.documents) {
      if (doc.template !== undefined) continue;
      if (doc.items !== undefined) {
        for (const item of doc.items) if (item.kind !== undefined) out.push({ snapshot, kind: item.kind, object: item.value, start: item.range.start });
      } else if (doc.kind !== undefined) {
        const contents = doc.doc.contents;
        const start = contents !== null && contents !== undefined && contents.range !== undefined ? doc.offset + contents.range[0] : doc.range.start;
        out.push({ snapshot, kind: doc.kind, object: doc.value, start });
      }
    }
  }
  return out;
}

/** The labels a Pod selector is matched against: a Pod's own, a workload's template's; undefined for other kinds. */
function podLabelsOf(c: Candidate): Readonly<Record<string, string>> | undefined {
  const location = podSpecLocation(c.kind);
  if (location === undefined) return undefined;
  return labelsOf(valueAt(valueAt(c.object, location.metadataPath), ['labels']));
}

/** The namespaces an affinity term searches (undefined: all), from `namespaces` and `namespaceSelector`. */
function affinityNamespaces(term: unknown, own: string, candidates: readonly Candidate[]): ReadonlySet<string> | undefined {
  const listed = valueAt(term, ['namespaces']);
  const names = Array.isArray(listed) ? listed.filter((n): n is string => typeof n === 'string') : [];
  const nsSelector = valueAt(term, ['namespaceSelector']);
  if (nsSelector === undefined || nsSelector === null) return new Set(names.length > 0 ? names : [own]);
  const parsed = labelSelectorAsSelector(nsSelector);
  if (!parsed.ok) return new Set(names);
  if (parsed.selector.requirements.length === 0 && parsed.selector.nothing !== true) return undefined;
  const selected = candidates
    .filter((c) => c.kind === 'Namespace' && selectorMatches(parsed.selector, labelsOf(valueAt(c.object, ['metadata', 'labels']))))
    .map((c) => metadataString(c.object, 'name') ?? '');
  return new Set([...names, ...selected]);
}

function renderSelector(site: SelectorSite, value: unknown, object: unknown, workspace: readonly Snapshot[]): string {
  const noun = site.target === 'pods' ? 'pods' : 'namespaces';
  const lines: string[] = [];
  if (site.form === 'map' && (!isRecord(value) || Object.keys(value).length === 0)) {
    lines.push('**Label selector**: empty', '', 'A Service without a selector selects no Pods: its endpoints are managed by hand (EndpointSlices).');
    return lines.join('\n');
  }
  const parsed = site.form === 'map' ? { ok: true as const, selector: mapAsSelector(value) } : labelSelectorAsSelector(value);
  if (!parsed.ok) {
    lines.push('**Label selector**: invalid', '', escapeMarkdown(parsed.error));
    return lines.join('\n');
  }
  const selector: ParsedSelector = parsed.selector;
  if (selector.nothing === true) {
    lines.push('**Label selector**: none (`null` selects nothing)');
    return lines.join('\n');
  }
  const text = formatSelector(selector);
  const candidates = candidatesOf(workspace);
  const own = namespaceOf(object);
  const namespaces = site.termPath !== undefined ? affinityNamespaces(valueAt(object, site.termPath), own, candidates) : site.namespaces;
  const explicitNamespace = metadataString(object, 'namespace');
  const scope =
    site.target === 'namespaces' || namespaces === undefined
      ? site.target === 'pods'
        ? ' --all-namespaces'
        : ''
      : namespaces.size === 1 && explicitNamespace !== undefined && namespaces.has(explicitNamespace)
        ? ` -n ${explicitNamespace}`
        : '';
  lines.push(`**Label selector** \`${text === '' ? '(empty: selects everything)' : text}\``, '');
  lines.push('```sh', `kubectl get ${noun} -l '${text.replace(/'/g, "'\\''")}'${scope}`, '```', '');
  const selected = site.target === 'namespaces' ? candidates.filter((c) => c.kind === 'Namespace' && selectorMatches(selector, labelsOf(valueAt(c.object, ['metadata', 'labels'])))) : podsSelected(candidates, selector, namespaces);
  const where = site.target === 'namespaces' ? 'Namespaces' : 'Pods and pod templates';
  const inScope = namespaces === undefined || site.target === 'namespaces' ? '' : ` in namespace${namespaces.size === 1 ? '' : 's'} ${[...namespaces].sort().map((n) => `\`${n}\``).join(', ')}`;
  if (selected.length === 0) {
    lines.push(`Selects no ${where}${inScope} in the workspace.`);
    return lines.join('\n');
  }
  lines.push(`Selects ${selected.length} ${selected.length === 1 ? 'object' : 'objects'}${inScope} in the workspace:`, '');
  for (const c of selected.slice(0, MAX_LISTED_OBJECTS)) lines.push(`- ${objectLink(c)}`);
  if (selected.length > MAX_LISTED_OBJECTS) lines.push(`- … and ${selected.length - MAX_LISTED_OBJECTS} more`);
  return lines.join('\n');
}

/**
 * The candidates whose Pods `selector` selects in `namespaces` (undefined: every namespace), in workspace order,
 * through the pods-by-labels matcher of `rules/label-selector.ts`.
 */
function podsSelected(candidates: readonly Candidate[], selector: ParsedSelector, namespaces: ReadonlySet<string> | undefined): Candidate[] {
  const pods: { item: number; namespace: string; labels: Readonly<Record<string, string>> }[] = [];
  candidates.forEach((c, i) => {
    const labels = podLabelsOf(c);
    if (labels !== undefined) pods.push({ item: i, namespace: namespaceOf(c.object), labels });
  });
  const index = createLabelIndex(pods);
  const selected: number[] = [];
  for (const namespace of namespaces ?? new Set(pods.map((p) => p.namespace))) for (const i of index.matching(namespace, selector)) selected.push(i);
  return selected.sort((a, b) => a - b).flatMap((i) => candidates[i] ?? []);
}

/** `[Kind/name](uri#Lline)` with a 1-based line, plus the namespace when it is set. */
function objectLink(c: Candidate): string {
  const name = metadataString(c.object, 'name') ?? metadataString(c.object, 'generateName') ?? '';
  const line = c.snapshot.lineIndex.positionAt(c.start).line + 1;
  const ns = metadataString(c.object, 'namespace');
  const label = escapeMarkdown(`${c.kind}/${name}`);
  return `[${label}](${linkTarget(c.snapshot.uri)}#L${line})${ns === undefined || ns === '' ? '' : ` (namespace \`${ns.replace(/`/g, '')}\`)`}`;
}

/** A URI safe inside a Markdown link target: no spaces, parentheses, angle brackets or `#` fragments of its own. */
function linkTarget(uri: string): string {
  return uri.replace(/[\s()<>#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]()<>#|]/g, (c) => `\\${c}`);
}
