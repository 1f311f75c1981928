/**
 * Update rules for apps/v1 workloads: immutable selectors of Deployments, ReplicaSets and DaemonSets (the
 * strategies' `ValidateUpdate`, `ValidateDeploymentUpdate`, `ValidateReplicaSetUpdate`, `ValidateDaemonSetSpecUpdate`)
 * and the StatefulSet spec, of which only some fields may change (`ValidateStatefulSetUpdate` in
 * pkg/apis/apps/validation/validation.go). Catalogue rows U-APPS-1 to U-APPS-10.
 */
import { forbidden, invalid } from '../messages';
import { arrAt, isObject, objAt, prop } from '../json';
import type { JsonObject } from '../rule';
import { atLeast } from '../version';
import { changes } from './equality';
import { under, updateProblem } from './problem';
import type { UpdateRule } from './update-rule';

/** `field is immutable` (`apimachinery/pkg/api/validation.FieldImmutableErrorMsg`). */
export const FIELD_IMMUTABLE = 'field is immutable';

/** Go's rendering of a LabelSelector value, close to the apiserver's `%#v` (`v1.LabelSelector{MatchLabels:...}`). */
export function renderSelector(sel: unknown): { goString: string } {
  if (!isObject(sel)) return { goString: '(*v1.LabelSelector)(nil)' };
  const labels = objAt(sel, 'matchLabels');
  const ml =
    labels === undefined
      ? 'map[string]string(nil)'
      : `map[string]string{${Object.keys(labels)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(labels[k]))}`)
          .join(', ')}}`;
  const exprs = arrAt(sel, 'matchExpressions') ?? [];
  const me = exprs.length === 0 ? '[]v1.LabelSelectorRequirement(nil)' : `[]v1.LabelSelectorRequirement{${exprs.map((e) => JSON.stringify(e)).join(', ')}}`;
  return { goString: `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}` };
}

const selectorImmutable: UpdateRule = {
  id: 'selector-immutable',
  family: 'update-apps',
  scope: 'update',
  kinds: ['Deployment', 'ReplicaSet', 'DaemonSet'],
  severity: 'error',
  summary: 'the selector of a Deployment, ReplicaSet or DaemonSet cannot change',
  covers: ['U-APPS-1', 'U-APPS-2', 'U-APPS-3'],
  check(ctx, report) {
    if (!ctx.apiVersion.startsWith('apps/')) return;
    const before = prop(objAt(ctx.old, 'spec') ?? {}, 'selector');
    const after = prop(objAt(ctx.new, 'spec') ?? {}, 'selector');
    const diff = under(['spec', 'selector'], changes(before, after));
    if (diff.length === 0) return;
    report(updateProblem(invalid(['spec', 'selector'], renderSelector(after), FIELD_IMMUTABLE), diff));
  },
};

/** The StatefulSet spec fields an update may change, by target version (`revisionHistoryLimit` from 1.34). */
export function statefulSetMutableFields(minor34: boolean): readonly string[] {
  const base = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  return minor34 ? [...base, 'revisionHistoryLimit'] : base;
}

/** The U-APPS-5 message: 1.29-1.33 (apps-32) and 1.34+ (apps-35, with `revisionHistoryLimit`). */
export function statefulSetForbiddenMessage(minor34: boolean): string {
  return minor34
    ? "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    : "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
}

/** A StatefulSet spec as `ValidateStatefulSetUpdate` compares it: mutable fields dropped, claim templates' status and type meta ignored. */
function comparableSpec(spec: JsonObject, mutable: readonly string[]): JsonObject {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (mutable.includes(k)) continue;
    if (k === 'volumeClaimTemplates' && Array.isArray(v)) {
      out[k] = v.map((t: unknown) => {
        if (!isObject(t)) return t;
        const copy: Record<string, unknown> = { ...t };
        delete copy['status'];
        delete copy['apiVersion'];
        delete copy['kind'];
        return copy;
      });
    } else out[k] = v;
  }
  return out;
}

const statefulSetSpecImmutable: UpdateRule = {
  id: 'statefulset-spec-immutable',
  family: 'update-apps',
  scope: 'update',
  kinds: ['StatefulSet'],
  severity: 'error',
  summary: "a StatefulSet's spec cannot change except replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds (and revisionHistoryLimit from 1.34)",
  covers: ['U-APPS-5', 'U-APPS-6', 'U-APPS-7', 'U-APPS-8'],
  check(ctx, report) {
    const newer = atLeast(ctx.kubernetesVersion, 1, 34);
    const mutable = statefulSetMutableFields(newer);
    const diff = under(['spec'], changes(comparableSpec(objAt(ctx.old, 'spec') ?? {}, mutable), comparableSpec(objAt(ctx.new, 'spec') ?? {}, mutable)));
    if (diff.length === 0) return;
    const fields = [...new Set(diff.map((c) => String(c.path[1])))];
    const problem = forbidden(['spec'], statefulSetForbiddenMessage(newer));
    report(updateProblem({ ...problem, message: `${problem.message} (changed: ${fields.map((f) => `spec.${f}`).join(', ')})` }, diff));
  },
};

/** The apps/v1 update rules. */
export const APPS_UPDATE_RULES: readonly UpdateRule[] = [selectorImmutable, statefulSetSpecImmutable];
