/**
 * Updates the apiserver will refuse (issue 14): the findings of the update rules (rules/update/) for the objects of
 * a file that exist in a previous revision (the committed file, another checkout, or live objects from
 * `kubectl get -o yaml`), placed on the fields that changed; a hover on such a field with the old and new value and
 * what the user can do; and a code action that restores the previous value.
 *
 * Objects are matched across files by API group, kind, namespace (`default` when unset, none for cluster-scoped
 * kinds) and name; a manifest without a namespace also matches the only previous object of that group, kind and
 * name. Pure: previous revisions come in as snapshots; reading them (git, files) is the caller's.
 */
import { stringify } from 'yaml';
import { applyEdits, insertField, removeNode, setValue } from '../document/edit';
import type { TextEdit } from '../document/edit';
import { formatFieldPath, isMapKey, segmentKey } from '../document/field-path';
import type { FieldPath } from '../document/field-path';
import { nodeAt, nodeRange } from '../document/locate';
import { createSnapshot } from '../document/snapshot';
import type { Snapshot } from '../document/snapshot';
import { isObject, objAt, strAt } from '../rules/json';
import { checkUpdate } from '../rules/update/engine';
import type { UpdateFinding } from '../rules/update/engine';
import { semanticEqual } from '../rules/update/equality';
import type { Change } from '../rules/update/equality';
import type { OffsetRange } from '../util/range';
import { diffEdits } from './code-action';
import type { AnalysisContext, DiagnosticInfo } from './diagnostics';
import { applySuppressions, MAX_MESSAGE_LENGTH } from './diagnostics';
import { objectsOf } from './objects';
import type { HoverInfo } from './hover';

/** Kinds that live outside namespaces (their namespace is ignored when matching). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'APIService',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
]);

/** One object of a previous revision. */
export interface PreviousObject {
  /** The file (URI or name) it was read from. */
  readonly uri: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly object: unknown;
}

/** The objects of a previous revision by identity (see {@link objectKey}), plus a by-name index for namespace-less manifests. */
export interface PreviousIndex {
  readonly byKey: ReadonlyMap<string, PreviousObject>;
  readonly byName: ReadonlyMap<string, readonly PreviousObject[]>;
}

/** An empty index (no previous revision). */
export const NO_PREVIOUS: PreviousIndex = { byKey: new Map(), byName: new Map() };

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function nameKey(kind: string, apiVersion: string, object: unknown): string | undefined {
  const name = strAt(objAt(object, 'metadata') ?? {}, 'name');
  if (name === undefined || name === '') return undefined;
  return `${groupOf(apiVersion)}/${kind}/${name}`;
}

function namespaceOf(kind: string, object: unknown): string | undefined {
  if (CLUSTER_SCOPED.has(kind)) return '';
  return strAt(objAt(object, 'metadata') ?? {}, 'namespace');
}

/**
 * The identity `kubectl apply` addresses an object by: `group/kind/namespace/name` (namespace `default` when unset,
 * empty for cluster-scoped kinds). Undefined without a name.
 */
export function objectKey(kind: string, apiVersion: string, object: unknown): string | undefined {
  const name = nameKey(kind, apiVersion, object);
  if (name === undefined) return undefined;
  return `${name}@${namespaceOf(kind, object) ?? 'default'}`;
}

/** Indexes the objects of previous revisions (documents and `kind: List` items; templated documents are skipped). */
export function previousIndexOf(snapshots: readonly Snapshot[]): PreviousIndex {
  const byKey = new Map<string, PreviousObject>();
  const byName = new Map<string, PreviousObject[]>();
  for (const snapshot of snapshots) {
    for (const doc of snapshot.documents) {
      if (doc.template !== undefined) continue;
      for (const o of objectsOf(doc)) {
        const key = objectKey(o.kind, o.apiVersion, o.object);
        const name = nameKey(o.kind, o.apiVersion, o.object);
        if (key === undefined || name === undefined) continue;
        const entry: PreviousObject = { uri: snapshot.uri, kind: o.kind, apiVersion: o.apiVersion, object: o.object };
        if (!byKey.has(key)) byKey.set(key, entry);
        byName.set(name, [...(byName.get(name) ?? []), entry]);
      }
    }
  }
  return { byKey, byName };
}

/** The previous revision of an object, or undefined (a new object: its create is checked, not an update). */
export function previousOf(index: PreviousIndex, kind: string, apiVersion: string, object: unknown): PreviousObject | undefined {
  const key = objectKey(kind, apiVersion, object);
  if (key === undefined) return undefined;
  const exact = index.byKey.get(key);
  if (exact !== undefined) return exact;
  if (namespaceOf(kind, object) !== undefined) return undefined;
  const name = nameKey(kind, apiVersion, object);
  const candidates = name === undefined ? [] : (index.byName.get(name) ?? []);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** A diagnostic of an update rule with the changes behind it (paths in the new file's terms). */
export interface UpdateDiagnostic extends DiagnosticInfo {
  readonly changes: readonly Change[];
  /** The previous revision of the object (for restoring values). */
  readonly previous: PreviousObject;
}

function firstLine(text: string, range: OffsetRange): OffsetRange {
  const newline = text.indexOf('\n', range.start);
  if (newline < 0 || newline >= range.end) return range;
  return { start: range.start, end: Math.max(range.start, newline) };
}

/**
 * The update-rule diagnostics of a file against a previous revision: for each object with a previous revision, the
 * findings of `checkUpdate`, shown on the first changed field (or the nearest field that still exists), with the
 * apiserver's `fieldPath` and error type; suppressions applied. Objects without a previous revision get none.
 */
export function updateDiagnostics(snapshot: Snapshot, previous: PreviousIndex, ctx: AnalysisContext): UpdateDiagnostic[] {
  if (previous.byKey.size === 0) return [];
  const out: UpdateDiagnostic[] = [];
  for (const doc of snapshot.documents) {
    if (doc.template !== undefined) continue;
    for (const o of objectsOf(doc)) {
      const prev = previousOf(previous, o.kind, o.apiVersion, o.object);
      if (prev === undefined || prev.kind !== o.kind) continue;
      let findings: UpdateFinding[];
      try {
        findings = checkUpdate({ kind: o.kind, apiVersion: o.apiVersion, previous: prev.object, current: o.object, basePath: o.basePath }, ctx.rules);
      } catch {
        continue;
      }
      for (const f of findings) {
        const range = nodeRange(doc, f.path, nodeAt(doc, f.path) === undefined ? 'key' : 'node') ?? doc.range;
        out.push({
          documentIndex: doc.index,
          range: firstLine(snapshot.text, range),
          severity: f.severity ?? 'error',
          code: f.ruleId,
          message: f.message.length <= MAX_MESSAGE_LENGTH ? f.message : `${f.message.slice(0, MAX_MESSAGE_LENGTH)}... (message truncated)`,
          fieldPath: formatFieldPath(f.apiPath),
          ...(f.errorType !== undefined ? { errorType: f.errorType } : {}),
          fixes: ['restore-previous'],
          changes: f.changes,
          previous: prev,
        });
      }
    }
  }
  const kept = new Set(applySuppressions(snapshot, out));
  return out.filter((d) => kept.has(d));
}

/** A create-rule finding the apiserver does not repeat on an update (validation ratchets on the old object). */
export interface RatchetedFinding {
  readonly documentIndex: number;
  readonly code: string;
  readonly fieldPath: string;
  /** Text the finding's message contains. */
  readonly detail: string;
}

const TZ_PREFIX = /^\s*(CRON_)?TZ=/;

/**
 * The create-rule findings of a file that an update of its objects does not get (../shared/apiserver-update-rules.md
 * U-BATCH-8, U-BATCH-11, U-BATCH-12): a CronJob name over 52 characters (`ValidateCronJobUpdate` skips the check), a
 * `TZ=` schedule the old CronJob already had, and a Job's generated selector written out as the stored Job has it.
 * Callers drop diagnostics that match one of these.
 */
export function ratchetedCreateFindings(snapshot: Snapshot, previous: PreviousIndex): RatchetedFinding[] {
  if (previous.byKey.size === 0) return [];
  const out: RatchetedFinding[] = [];
  for (const doc of snapshot.documents) {
    for (const o of objectsOf(doc)) {
      if (o.kind !== 'CronJob' && o.kind !== 'Job') continue;
      const prev = previousOf(previous, o.kind, o.apiVersion, o.object);
      if (prev === undefined || prev.kind !== o.kind) continue;
      if (o.kind === 'Job') {
        // A manifest copied from the cluster carries the generated selector; the stored Job has the same one.
        const selector = objAt(objAt(o.object, 'spec') ?? {}, 'selector');
        if (selector !== undefined && semanticEqual(selector, objAt(objAt(prev.object, 'spec') ?? {}, 'selector'))) {
          out.push({ documentIndex: doc.index, code: 'job-generated-selector', fieldPath: formatFieldPath([...o.basePath, 'spec', 'selector']), detail: 'not auto-generated' });
        }
        continue;
      }
      out.push({ documentIndex: doc.index, code: 'cronjob-spec', fieldPath: formatFieldPath([...o.basePath, 'metadata', 'name']), detail: 'must be no more than 52 characters' });
      const schedule = strAt(objAt(prev.object, 'spec') ?? {}, 'schedule');
      if (schedule !== undefined && TZ_PREFIX.test(schedule)) {
        out.push({ documentIndex: doc.index, code: 'cronjob-spec', fieldPath: formatFieldPath([...o.basePath, 'spec', 'schedule']), detail: 'cannot use TZ or CRON_TZ in schedule' });
      }
    }
  }
  return out;
}

/** True when `d` is one of `ratcheted` (same document, rule, path, and detail). */
export function isRatcheted(d: { readonly documentIndex: number; readonly code: string; readonly fieldPath?: string; readonly message: string }, ratcheted: readonly RatchetedFinding[]): boolean {
  return ratcheted.some((r) => r.documentIndex === d.documentIndex && r.code === d.code && r.fieldPath === d.fieldPath && d.message.includes(r.detail));
}

/** What the user can do about each update rule's error (shown in the hover). */
const REMEDIES: Readonly<Record<string, string>> = {
  'selector-immutable':
    'Keep the old selector (and add labels to the template instead), or re-create the object: `kubectl delete <kind> <name> --cascade=orphan` keeps its Pods running while you apply the new one; or give it a new name and delete the old one after the rollout.',
  'statefulset-spec-immutable':
    'Revert the field, or re-create the StatefulSet keeping its Pods and volumes: `kubectl delete statefulset <name> --cascade=orphan`, then apply. To grow volumes, patch each PersistentVolumeClaim, then re-create the StatefulSet.',
  'job-template-immutable': 'A Job runs its template once: delete the Job and create it again (its Pods are deleted too), or create a Job with a new name.',
  'job-selector-immutable': 'Delete and re-create the Job, or create a Job with a new name.',
  'job-completions-immutable': 'Delete and re-create the Job, or use an Indexed Job and change completions together with parallelism.',
  'job-spec-immutable': 'Delete and re-create the Job, or create a Job with a new name.',
  'job-generated-selector-update': 'Leave the generated selector and labels to the apiserver: remove them from the manifest and apply (not replace).',
  'pod-spec-immutable':
    'Pods are not updated in place (only images, activeDeadlineSeconds and tolerations): re-create it (`kubectl replace --force -f`), or run it from a Deployment, whose template may change.',
  'pod-containers-added-removed': 'Re-create the Pod (`kubectl replace --force -f`), or manage it with a Deployment.',
  'pod-active-deadline-update': 'activeDeadlineSeconds can only be added or lowered; re-create the Pod to raise or remove it.',
  'pod-tolerations-update': 'Tolerations can only be added; re-create the Pod to remove or change one.',
  'pod-scheduling-gates-added': 'Scheduling gates can only be removed; re-create the Pod to add one.',
  'pod-gated-scheduling-update': 'While gated, a Pod may only gain node selectors and node affinity terms; re-create it otherwise.',
  'pod-annotations-update': 'Re-create the Pod to change these annotations; use the securityContext.appArmorProfile field for AppArmor.',
  'pod-qos-immutable': 'Re-create the Pod, or keep requests and limits in the same QoS class.',
  'service-cluster-ip-immutable': 'Leave clusterIP out of the manifest (the allocated one is kept), or delete and re-create the Service (clients get a new IP).',
  'service-ip-families-immutable': 'Revert ipFamilies, or delete and re-create the Service.',
  'service-load-balancer-class-immutable': 'Revert loadBalancerClass, or delete and re-create the Service (a new load balancer is provisioned).',
  'service-health-check-node-port-immutable': 'Leave healthCheckNodePort out of the manifest (the allocated one is kept).',
  'service-type-fields': 'When changing the type, remove the fields the new type does not use (or leave them as they were: the apiserver clears them).',
  'pvc-spec-immutable': 'Only a bound claim can grow its storage request. Revert the field, or create a new claim and move the data.',
  'pvc-storage-decrease': 'Volumes do not shrink: revert the request, or create a smaller claim and move the data.',
  'pvc-volume-mode-immutable': 'Revert volumeMode, or create a new claim.',
  'pvc-storage-class-annotation-immutable': 'Revert the annotation, or create a new claim.',
  'pvc-volume-attributes-class-update': 'Set another VolumeAttributesClass instead of removing it.',
  'configmap-immutable': 'Create a ConfigMap with a new name (for example with a content hash suffix) and point the workloads at it, or delete and re-create it.',
  'secret-immutable': 'Create a Secret with a new name and point the workloads at it, or delete and re-create it.',
  'uid-immutable': 'Remove metadata.uid from the manifest.',
  'finalizers-while-deleting': 'The object is being deleted; wait for it to go, then create it again.',
};

function yamlValue(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = stringify(v, { lineWidth: 0 }).trimEnd();
  return text.includes('\n') ? `\n\n\`\`\`yaml\n${text}\n\`\`\`\n` : `\`${text}\``;
}

/** The hover on a field an update diagnostic is on: the finding, old and new values, and remedies. Undefined elsewhere. */
export function updateHover(offset: number, diagnostics: readonly UpdateDiagnostic[]): HoverInfo | undefined {
  const hits = diagnostics.filter((d) => d.range.start <= offset && offset <= d.range.end);
  const first = hits[0];
  if (first === undefined) return undefined;
  const parts: string[] = [];
  for (const d of hits) {
    const title = d.severity === 'error' ? 'The apiserver will refuse this update' : 'This update is accepted, with consequences';
    parts.push(`**${title}** (\`${d.code}\`): ${d.message.split('\n')[0] ?? ''}`);
    for (const c of d.changes.slice(0, 5)) {
      parts.push(`\`${formatFieldPath(c.path)}\`: previous ${yamlValue(c.before)}, now ${yamlValue(c.after)}`);
    }
    if (d.changes.length > 5) parts.push(`... and ${d.changes.length - 5} more changes`);
    const remedy = REMEDIES[d.code];
    if (remedy !== undefined) parts.push(`*What you can do:* ${remedy} Or restore the previous value (quick fix).`);
  }
  return { markdown: parts.join('\n\n'), range: first.range };
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let cur = root;
  for (const s of path) {
    if (Array.isArray(cur) && typeof s === 'number') cur = cur[s];
    else if (isObject(cur) && typeof s !== 'number') cur = cur[String(segmentKey(s))];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * The edits that restore the previous value of every change behind `diagnostic`, in the file's text: a field the
 * new revision added is removed, a changed value set back (as the previous file wrote it where it has the field,
 * else the stored value), a removed field inserted again; as line edits of the whole result. Empty when nothing
 * can be restored.
 */
export function restorePreviousEdits(snapshot: Snapshot, diagnostic: UpdateDiagnostic): TextEdit[] {
  const basePath = diagnostic.changes[0]?.path[0] === 'items' ? diagnostic.changes[0].path.slice(0, 2) : [];
  let current = snapshot;
  const done: FieldPath[] = [];
  // Later paths first, so that removing a list item does not move the items still to restore.
  for (const c of [...diagnostic.changes].reverse()) {
    const doc = current.documents[diagnostic.documentIndex];
    if (doc === undefined) return [];
    if (done.some((p) => p.length <= c.path.length && p.every((s, i) => segmentKey(s) === segmentKey(c.path[i] as FieldPath[number])))) continue;
    const written = valueAt(diagnostic.previous.object, c.path.slice(basePath.length));
    const value = written !== undefined ? written : c.before;
    let edit: TextEdit | undefined;
    if (value === undefined) edit = nodeAt(doc, c.path) !== undefined ? removeNode(current, doc, c.path) : undefined;
    else if (nodeAt(doc, c.path) !== undefined) edit = setValue(current, doc, c.path, value);
    else {
      const last = c.path[c.path.length - 1];
      if (last === undefined || typeof last === 'number') continue;
      edit = insertField(current, doc, c.path.slice(0, -1), isMapKey(last) ? last.key : last, value);
    }
    if (edit === undefined) continue;
    current = createSnapshot(snapshot.uri, snapshot.version, applyEdits(current.text, [edit]));
    done.push(c.path);
  }
  return current === snapshot ? [] : diffEdits(snapshot.text, current.text);
}
