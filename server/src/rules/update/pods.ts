/**
 * Update rules for Pods (`ValidatePodUpdate`, `ValidateContainerUpdates`, `validateOnlyAddedTolerations`,
 * `validateOnlyDeletedSchedulingGates`, `validateNodeSelectorMutation`, `validateNodeAffinityMutation`,
 * `ValidatePodSpecificAnnotationUpdates` in pkg/apis/core/validation/validation.go): a Pod's spec is immutable but
 * for container images, `activeDeadlineSeconds` (lowered or added), added tolerations, removed scheduling gates and,
 * for gated Pods, added node selectors and affinity. Catalogue rows U-POD-1 to U-POD-20.
 */
import { forbidden, invalid } from '../messages';
import { arrAt, isObject, objAt, prop } from '../json';
import type { JsonObject } from '../rule';
import { atLeast } from '../version';
import { cloneJson } from './defaults';
import { changes, semanticEqual } from './equality';
import type { Change } from './equality';
import { under, updateProblem } from './problem';
import type { UpdateContext, UpdateRule } from './update-rule';
import { compareQuantities, parseQuantity } from '../quantity';
import { formatFieldPath } from '../../document/field-path';

/** The fields a Pod update may change, as `ValidatePodUpdate` lists them in its error (`updatablePodSpecFields`). */
export const POD_UPDATABLE_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const MAX_INT32 = 2147483647;

function specOf(o: JsonObject): JsonObject {
  return objAt(o, 'spec') ?? {};
}

function list(o: JsonObject, key: string): readonly unknown[] {
  return arrAt(o, key) ?? [];
}

function annotationsOf(o: JsonObject): Readonly<Record<string, unknown>> {
  return objAt(objAt(o, 'metadata') ?? {}, 'annotations') ?? {};
}

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const MIRROR = 'kubernetes.io/config.mirror';

const podAnnotationsUpdate: UpdateRule = {
  id: 'pod-annotations-update',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: 'AppArmor and mirror-pod annotations of a Pod cannot be added, changed or removed',
  covers: ['U-POD-15'],
  check(ctx, report) {
    const before = annotationsOf(ctx.old);
    const after = annotationsOf(ctx.new);
    for (const [k, v] of Object.entries(before)) {
      if (Object.prototype.hasOwnProperty.call(after, k) && after[k] === v) continue;
      const path = ['metadata', 'annotations', { key: k }];
      const change: Change[] = [{ path, before: v, after: after[k] }];
      if (k.startsWith(APPARMOR_PREFIX)) report(updateProblem(forbidden(path, 'may not remove or update AppArmor annotations'), change));
      if (k === MIRROR) report(updateProblem(forbidden(path, 'may not remove or update mirror pod annotation'), change));
    }
    for (const [k, v] of Object.entries(after)) {
      if (Object.prototype.hasOwnProperty.call(before, k)) continue;
      const path = ['metadata', 'annotations', { key: k }];
      const change: Change[] = [{ path, before: undefined, after: v }];
      if (k.startsWith(APPARMOR_PREFIX)) report(updateProblem(forbidden(path, 'may not add AppArmor annotations'), change));
      if (k === MIRROR) report(updateProblem(forbidden(path, 'may not add mirror pod annotation'), change));
    }
  },
};

/** The container lists whose length changed (`ValidateContainerUpdates` stops the Pod update at the first). */
function containerCountChange(ctx: UpdateContext): { field: string; change: Change } | undefined {
  for (const field of ['containers', 'initContainers']) {
    const before = list(specOf(ctx.old), field);
    const after = list(specOf(ctx.new), field);
    if (before.length !== after.length) return { field, change: { path: ['spec', field], before, after } };
  }
  return undefined;
}

const podContainersAddedRemoved: UpdateRule = {
  id: 'pod-containers-added-removed',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: 'containers and init containers cannot be added to or removed from a Pod',
  covers: ['U-POD-3'],
  check(ctx, report) {
    const counted = containerCountChange(ctx);
    if (counted !== undefined) {
      report(updateProblem(forbidden(['spec', counted.field], 'pod updates may not add or remove containers'), [counted.change]));
    }
  },
};

/** The outcome of the `activeDeadlineSeconds` checks: true when `ValidatePodUpdate` returns early. */
function activeDeadlineProblems(ctx: UpdateContext, report?: Parameters<UpdateRule['check']>[1]): boolean {
  const path = ['spec', 'activeDeadlineSeconds'];
  const after = prop(specOf(ctx.new), 'activeDeadlineSeconds');
  const before = prop(specOf(ctx.old), 'activeDeadlineSeconds');
  const change: Change[] = [{ path, before, after }];
  if (typeof after === 'number') {
    if (after < 0 || after > MAX_INT32) {
      report?.(updateProblem(invalid(path, after, `must be between 0 and ${MAX_INT32}, inclusive`), change));
      return true;
    }
    if (typeof before === 'number' && before < after) {
      report?.(updateProblem(invalid(path, after, 'must be less than or equal to previous value'), change));
      return true;
    }
  } else if (typeof before === 'number' && (after === undefined || after === null)) {
    report?.(updateProblem(invalid(path, null, 'must not update from a positive integer to nil value'), change));
  }
  return false;
}

const podActiveDeadlineUpdate: UpdateRule = {
  id: 'pod-active-deadline-update',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: "a Pod's activeDeadlineSeconds may be added or lowered, not raised or removed",
  covers: ['U-POD-6', 'U-POD-7', 'U-POD-8', 'U-POD-9'],
  check(ctx, report) {
    if (containerCountChange(ctx) !== undefined) return;
    activeDeadlineProblems(ctx, report);
  },
};

/** A toleration without `tolerationSeconds`, for comparisons that ignore it. */
function withoutSeconds(t: unknown): unknown {
  if (!isObject(t)) return t;
  const copy: Record<string, unknown> = { ...t };
  delete copy['tolerationSeconds'];
  return copy;
}

const podTolerationsUpdate: UpdateRule = {
  id: 'pod-tolerations-update',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: "a Pod's tolerations may be added (and their tolerationSeconds changed), not removed or modified",
  covers: ['U-POD-10'],
  check(ctx, report) {
    if (containerCountChange(ctx) !== undefined || activeDeadlineProblems(ctx)) return;
    const before = list(specOf(ctx.old), 'tolerations');
    const after = list(specOf(ctx.new), 'tolerations').map(withoutSeconds);
    const lost = before.find((t) => !after.some((n) => exactEqual(withoutSeconds(t), n)));
    if (lost === undefined) return;
    const path = ['spec', 'tolerations'];
    report(updateProblem(forbidden(path, 'existing toleration can not be modified except its tolerationSeconds'), [{ path, before, after: list(specOf(ctx.new), 'tolerations') }]));
  },
};

/** Deep equality of plain JSON where only absent and null are the same (`reflect.DeepEqual` of tolerations). */
function exactEqual(a: unknown, b: unknown): boolean {
  if (a === b || ((a === undefined || a === null) && (b === undefined || b === null))) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => exactEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => exactEqual(a[k], b[k]));
  }
  return false;
}

function gateNames(spec: JsonObject): string[] {
  return list(spec, 'schedulingGates').map((g) => prop(g, 'name')).filter((n): n is string => typeof n === 'string');
}

const podSchedulingGatesAdded: UpdateRule = {
  id: 'pod-scheduling-gates-added',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: "a Pod's scheduling gates may only be removed, not added",
  covers: ['U-POD-12'],
  check(ctx, report) {
    if (containerCountChange(ctx) !== undefined || activeDeadlineProblems(ctx)) return;
    const before = new Set(gateNames(specOf(ctx.old)));
    list(specOf(ctx.new), 'schedulingGates').forEach((g, i) => {
      const name = prop(g, 'name');
      if (typeof name !== 'string' || before.has(name)) return;
      const path = ['spec', 'schedulingGates', i, 'name'];
      report(updateProblem(forbidden(path, `only deletion is allowed, but found new scheduling gate '${name}'`), [{ path, before: undefined, after: name }]));
    });
  },
};

function requiredTerms(spec: JsonObject): readonly unknown[] | undefined {
  const req = objAt(objAt(objAt(spec, 'affinity') ?? {}, 'nodeAffinity') ?? {}, 'requiredDuringSchedulingIgnoredDuringExecution');
  return req === undefined ? undefined : (arrAt(req, 'nodeSelectorTerms') ?? []);
}

const TERMS_PATH = ['spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];

/** True when `after` is `before` with items appended (the apiserver allows only additions to a gated Pod's term). */
function onlyAppended(before: readonly unknown[], after: readonly unknown[]): boolean {
  return after.length >= before.length && before.every((x, i) => semanticEqual(x, after[i]));
}

const podGatedSchedulingUpdate: UpdateRule = {
  id: 'pod-gated-scheduling-update',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: 'a gated Pod may gain node selectors and node affinity requirements, not lose or change them',
  covers: ['U-POD-13', 'U-POD-14'],
  check(ctx, report) {
    const oldSpec = specOf(ctx.old);
    const newSpec = specOf(ctx.new);
    if (gateNames(oldSpec).length === 0 || containerCountChange(ctx) !== undefined || activeDeadlineProblems(ctx)) return;
    const before = objAt(oldSpec, 'nodeSelector') ?? {};
    const after = objAt(newSpec, 'nodeSelector') ?? {};
    const changed = Object.keys(before).filter((k) => after[k] !== before[k]);
    if (changed.length > 0) {
      const path = ['spec', 'nodeSelector'];
      const cs = changed.map((k) => ({ path: [...path, { key: k }], before: before[k], after: after[k] }));
      report(updateProblem(invalid(path, after, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'), cs));
    }
    const oldTerms = requiredTerms(oldSpec);
    if (oldTerms === undefined) return;
    const newTerms = requiredTerms(newSpec) ?? [];
    if (oldTerms.length !== newTerms.length) {
      report(updateProblem(invalid(TERMS_PATH, newTerms, 'no additions/deletions to non-empty NodeSelectorTerms list are allowed'), [{ path: TERMS_PATH, before: oldTerms, after: newTerms }]));
      return;
    }
    oldTerms.forEach((term, i) => {
      const next = newTerms[i];
      const ok = ['matchExpressions', 'matchFields'].every((k) => onlyAppended(arrAt(term, k) ?? [], arrAt(next, k) ?? []));
      if (ok) return;
      const path = [...TERMS_PATH, i];
      report(updateProblem(invalid(path, next, 'only additions are allowed (no mutations or deletions)'), under(path, changes(term, next))));
    });
  },
};

/**
 * The new spec as `ValidatePodUpdate` compares it: images, activeDeadlineSeconds, tolerations and scheduling gates
 * taken from the old spec (they have their own rules), terminationGracePeriodSeconds 1 after a negative value, and
 * for gated Pods the node selector and required node affinity (checked by their own rule).
 */
function mungedSpec(oldSpec: JsonObject, newSpec: JsonObject): JsonObject {
  const out = cloneJson(newSpec) as Record<string, unknown>;
  for (const field of ['containers', 'initContainers']) {
    const before = list(oldSpec, field);
    const after = out[field];
    if (!Array.isArray(after)) continue;
    out[field] = after.map((c: unknown, i) => (isObject(c) && isObject(before[i]) ? { ...c, image: before[i]['image'] } : c));
  }
  for (const field of ['activeDeadlineSeconds', 'tolerations', 'schedulingGates']) {
    if (oldSpec[field] === undefined) delete out[field];
    else out[field] = oldSpec[field];
  }
  const oldGrace = prop(oldSpec, 'terminationGracePeriodSeconds');
  if (typeof oldGrace === 'number' && oldGrace < 0 && out['terminationGracePeriodSeconds'] === 1) out['terminationGracePeriodSeconds'] = oldGrace;
  if (gateNames(oldSpec).length > 0) {
    if (oldSpec['nodeSelector'] === undefined) delete out['nodeSelector'];
    else out['nodeSelector'] = oldSpec['nodeSelector'];
    const oldAffinity = objAt(oldSpec, 'affinity');
    const newAffinity = objAt(out, 'affinity');
    const oldNode = objAt(oldAffinity ?? {}, 'nodeAffinity');
    const rest: Record<string, unknown> = { ...(newAffinity ?? {}) };
    if (oldNode === undefined) delete rest['nodeAffinity'];
    else rest['nodeAffinity'] = oldNode;
    if (Object.keys(rest).length === 0) delete out['affinity'];
    else out['affinity'] = rest;
  }
  return out;
}

/** Renders changes after the apiserver's first message line (podls's own rendering, not the apiserver's diff). */
export function renderChanges(list: readonly Change[]): string {
  const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));
  return list.map((c) => `  ${formatFieldPath(c.path)}: ${show(c.before)} -> ${show(c.after)}`).join('\n');
}

const podSpecImmutable: UpdateRule = {
  id: 'pod-spec-immutable',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: "a Pod's spec cannot change except container images, activeDeadlineSeconds, added tolerations and removed scheduling gates",
  covers: ['U-POD-1', 'U-POD-2', 'U-POD-11', 'U-POD-16', 'U-POD-18', 'U-POD-20'],
  check(ctx, report) {
    if (containerCountChange(ctx) !== undefined || activeDeadlineProblems(ctx)) return;
    const oldSpec = specOf(ctx.old);
    const diff = under(['spec'], changes(oldSpec, mungedSpec(oldSpec, specOf(ctx.new))));
    if (diff.length === 0) return;
    const problem = forbidden(['spec'], `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}`);
    report(updateProblem({ ...problem, message: `${problem.message}\n${renderChanges(diff)}` }, diff));
  },
};

/** The QoS class of a Pod spec (`qos.GetPodQOS`): Guaranteed, Burstable or BestEffort, from cpu and memory. */
export function qosClass(spec: JsonObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...list(spec, 'containers'), ...list(spec, 'initContainers')];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = objAt(isObject(c) ? c : {}, 'resources') ?? {};
    const requests = objAt(resources, 'requests') ?? {};
    const limits = objAt(resources, 'limits') ?? {};
    for (const r of ['cpu', 'memory']) {
      const req = parseQuantity(requests[r]);
      const lim = parseQuantity(limits[r]);
      if ((req !== undefined && req.num !== 0n) || (lim !== undefined && lim.num !== 0n)) any = true;
      if (lim === undefined || lim.num === 0n || (req !== undefined && compareQuantities(req, lim) !== 0)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const podQosImmutable: UpdateRule = {
  id: 'pod-qos-immutable',
  family: 'update-pods',
  scope: 'update',
  kinds: ['Pod'],
  severity: 'error',
  summary: "a Pod's QoS class cannot change (apiservers up to 1.31)",
  maxVersion: '1.31',
  covers: ['U-POD-16'],
  check(ctx, report) {
    if (atLeast(ctx.kubernetesVersion, 1, 32) || containerCountChange(ctx) !== undefined || activeDeadlineProblems(ctx)) return;
    const before = qosClass(specOf(ctx.old));
    const after = qosClass(specOf(ctx.new));
    if (before === after) return;
    const stored = prop(objAt(ctx.old, 'status') ?? {}, 'qosClass');
    const resourceChanges = changes(specOf(ctx.old), specOf(ctx.new)).filter((c) => c.path.includes('resources'));
    report(updateProblem(invalid(['metadata'], typeof stored === 'string' ? stored : before, 'Pod QoS is immutable'), under(['spec'], resourceChanges)));
  },
};

/** The Pod update rules, in the order `ValidatePodUpdate` reports them. */
export const POD_UPDATE_RULES: readonly UpdateRule[] = [
  podAnnotationsUpdate,
  podContainersAddedRemoved,
  podActiveDeadlineUpdate,
  podTolerationsUpdate,
  podSchedulingGatesAdded,
  podGatedSchedulingUpdate,
  podSpecImmutable,
  podQosImmutable,
];
