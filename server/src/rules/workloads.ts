/**
 * apps/v1 workloads and ReplicationController (`ValidateDeploymentSpec`, `ValidateDeploymentStrategy`,
 * `ValidateRollingUpdateDeployment`, `ValidateReplicaSetSpec`, `ValidatePodTemplateSpecForReplicaSet`,
 * `ValidateStatefulSetSpec`, `ValidateDaemonSetSpec`, `ValidateDaemonSetUpdateStrategy`,
 * `ValidateRollingUpdateDaemonSet`, `ValidateReplicationControllerSpec`; pkg/apis/apps/validation and
 * pkg/apis/core/validation).
 */
import type { FieldPath } from '../document/field-path';
import { has, objAt, prop, strAt } from './json';
import { forbidden, invalid, notSupported, required, stringer } from './messages';
import type { JsonObject, ObjectContext, ObjectRule, PodRule, Problem, Report } from './rule';
import { IS_NEGATIVE_ERROR, isValidPercent } from './validation-strings';

const FAMILY = 'workloads';

const ALWAYS_ONLY_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'ReplicaSet',
  ReplicaSet: 'ReplicaSet',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicationController: 'ReplicationController',
};

function isWorkloadApi(kind: string, apiVersion: string): boolean {
  return kind === 'ReplicationController' ? apiVersion === 'v1' : apiVersion === 'apps/v1';
}

/** D3, S6, DS1, RC4. */
export const workloadRestartPolicy: PodRule = {
  id: 'workload-restart-policy',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'Deployment, ReplicaSet, StatefulSet, DaemonSet and ReplicationController Pods must use restartPolicy Always',
  covers: ['D3', 'S6', 'DS1', 'RC4'],
  validatedForStatefulSet: true,
  check(ctx, report) {
    if (ALWAYS_ONLY_KINDS[ctx.ownerKind] === undefined || !isWorkloadApi(ctx.ownerKind, ctx.apiVersion)) return;
    const rp = strAt(ctx.spec, 'restartPolicy');
    if (rp === undefined || rp === '' || rp === 'Always') return;
    report(notSupported([...ctx.specPath, 'restartPolicy'], rp, ['Always']));
  },
};

/** D4, S7, DS2, RC5. */
export const workloadActiveDeadline: PodRule = {
  id: 'workload-active-deadline',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'long-running workload templates may not set activeDeadlineSeconds',
  covers: ['D4', 'S7', 'DS2', 'RC5'],
  validatedForStatefulSet: true,
  check(ctx, report) {
    const noun = ALWAYS_ONLY_KINDS[ctx.ownerKind];
    if (noun === undefined || !isWorkloadApi(ctx.ownerKind, ctx.apiVersion)) return;
    if (!has(ctx.spec, 'activeDeadlineSeconds')) return;
    report(forbidden([...ctx.specPath, 'activeDeadlineSeconds'], `activeDeadlineSeconds in ${noun} is not Supported`));
  },
};

function nonNegative(spec: JsonObject, fields: readonly string[], path: FieldPath, report: Report): void {
  for (const f of fields) {
    const v = prop(spec, f);
    if (typeof v === 'number' && v < 0) report(invalid([...path, f], v, IS_NEGATIVE_ERROR));
  }
}

/** An IntOrString as Go prints it (`25%`, `1`). */
function intOrString(v: unknown): ReturnType<typeof stringer> {
  return stringer(String(v));
}

/** `getIntOrPercentValue`: the int, or the number before `%`, else 0. */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return 0;
}

/** `ValidatePositiveIntOrPercent`. */
function positiveIntOrPercent(v: unknown, path: FieldPath): Problem[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, intOrString(v), m));
  if (typeof v === 'number' && v < 0) return [invalid(path, v, IS_NEGATIVE_ERROR)];
  return [];
}

/** `IsNotMoreThan100Percent`. */
function notMoreThan100(v: unknown, path: FieldPath): Problem[] {
  if (typeof v === 'string' && /^[0-9]+%$/.test(v) && Number(v.slice(0, -1)) > 100) {
    return [invalid(path, intOrString(v), 'must not be greater than 100%')];
  }
  return [];
}

function specCtx(ctx: ObjectContext, kind: string): { spec: JsonObject; path: FieldPath } | undefined {
  if (ctx.kind !== kind || !isWorkloadApi(kind, ctx.apiVersion)) return undefined;
  const spec = objAt(ctx.object, 'spec');
  return spec === undefined ? undefined : { spec, path: [...ctx.basePath, 'spec'] };
}

/** D1, D2, D5-D9. */
export const deploymentSpec: ObjectRule = {
  id: 'deployment-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'Deployment counts must be non-negative and the rollout strategy valid',
  covers: ['D1', 'D2', 'D6', 'D7', 'D8', 'D9'],
  check(ctx, report) {
    const s = specCtx(ctx, 'Deployment');
    if (s === undefined) return;
    const { spec, path } = s;
    nonNegative(spec, ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'], path, report);
    const minReady = prop(spec, 'minReadySeconds');
    const pds = prop(spec, 'progressDeadlineSeconds');
    const deadline = typeof pds === 'number' ? pds : pds === undefined ? 600 : undefined;
    if (typeof minReady === 'number' && deadline !== undefined && deadline <= minReady) {
      report(invalid([...path, 'progressDeadlineSeconds'], deadline, 'must be greater than minReadySeconds', pds === undefined ? { at: [...path, 'minReadySeconds'] } : undefined));
    }
    const strategy = objAt(spec, 'strategy');
    if (strategy === undefined) return;
    const sp = [...path, 'strategy'];
    const type = strAt(strategy, 'type') ?? 'RollingUpdate';
    if (type === 'Recreate') {
      if (has(strategy, 'rollingUpdate')) report(forbidden([...sp, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'", { target: 'key' }));
    } else if (type === 'RollingUpdate') {
      const ru = objAt(strategy, 'rollingUpdate') ?? {};
      const rp = [...sp, 'rollingUpdate'];
      const mu = prop(ru, 'maxUnavailable') ?? '25%';
      const ms = prop(ru, 'maxSurge') ?? '25%';
      for (const x of positiveIntOrPercent(mu, [...rp, 'maxUnavailable'])) report(x);
      for (const x of positiveIntOrPercent(ms, [...rp, 'maxSurge'])) report(x);
      if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
        report(invalid([...rp, 'maxUnavailable'], intOrString(mu), 'may not be 0 when `maxSurge` is 0', has(ru, 'maxUnavailable') ? undefined : { at: has(ru, 'maxSurge') ? [...rp, 'maxSurge'] : sp }));
      }
      for (const x of notMoreThan100(mu, [...rp, 'maxUnavailable'])) report(x);
    }
  },
};

/** D1 for ReplicaSets (replicas, minReadySeconds). */
export const replicaSetSpec: ObjectRule = {
  id: 'replicaset-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'ReplicaSet replicas and minReadySeconds must be non-negative',
  covers: ['D1'],
  check(ctx, report) {
    const s = specCtx(ctx, 'ReplicaSet');
    if (s !== undefined) nonNegative(s.spec, ['replicas', 'minReadySeconds'], s.path, report);
  },
};

/** S1-S5. */
export const statefulSetSpec: ObjectRule = {
  id: 'statefulset-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'StatefulSet update strategy, counts and PVC retention policy must be valid',
  covers: ['S3', 'S4', 'S5'],
  check(ctx, report) {
    const s = specCtx(ctx, 'StatefulSet');
    if (s === undefined) return;
    const { spec, path } = s;
    const us = objAt(spec, 'updateStrategy');
    if (us !== undefined) {
      const up = [...path, 'updateStrategy'];
      const type = strAt(us, 'type') ?? 'RollingUpdate';
      if (type === 'OnDelete') {
        if (has(us, 'rollingUpdate')) report(invalid([...up, 'rollingUpdate'], prop(us, 'rollingUpdate'), "only allowed for updateStrategy 'RollingUpdate'", { target: 'key' }));
      } else if (type === 'RollingUpdate') {
        const part = prop(objAt(us, 'rollingUpdate'), 'partition');
        if (typeof part === 'number' && part < 0) report(invalid([...up, 'rollingUpdate', 'partition'], part, IS_NEGATIVE_ERROR));
      }
    }
    nonNegative(spec, ['replicas', 'minReadySeconds'], path, report);
    const start = prop(objAt(spec, 'ordinals'), 'start');
    if (typeof start === 'number' && start < 0) report(invalid([...path, 'ordinals.start'], start, IS_NEGATIVE_ERROR, { at: [...path, 'ordinals', 'start'] }));
    const ret = objAt(spec, 'persistentVolumeClaimRetentionPolicy');
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = strAt(ret, f);
      if (v !== undefined && v !== 'Retain' && v !== 'Delete') {
        report(notSupported([...path, 'persistentVolumeClaimRetentionPolicy', f], v, ['Retain', 'Delete']));
      }
    }
  },
};

/** DS3-DS7. */
export const daemonSetSpec: ObjectRule = {
  id: 'daemonset-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'DaemonSet update strategy must be valid: exactly one of maxSurge and maxUnavailable non-zero',
  covers: ['DS4', 'DS5', 'DS6', 'DS7'],
  check(ctx, report) {
    const s = specCtx(ctx, 'DaemonSet');
    if (s === undefined) return;
    const { spec, path } = s;
    nonNegative(spec, ['minReadySeconds', 'templateGeneration', 'revisionHistoryLimit'], path, report);
    const us = objAt(spec, 'updateStrategy');
    if (us === undefined) return;
    const up = [...path, 'updateStrategy'];
    const type = strAt(us, 'type') ?? 'RollingUpdate';
    if (type === 'OnDelete') return;
    if (type !== 'RollingUpdate') return;
    const ru = objAt(us, 'rollingUpdate') ?? {};
    const rp = [...up, 'rollingUpdate'];
    const mu = prop(ru, 'maxUnavailable') ?? 1;
    const ms = prop(ru, 'maxSurge') ?? 0;
    for (const x of positiveIntOrPercent(mu, [...rp, 'maxUnavailable'])) report(x);
    for (const x of positiveIntOrPercent(ms, [...rp, 'maxSurge'])) report(x);
    for (const x of notMoreThan100(mu, [...rp, 'maxUnavailable'])) report(x);
    for (const x of notMoreThan100(ms, [...rp, 'maxSurge'])) report(x);
    const hasU = intOrPercentValue(mu) !== 0;
    const hasS = intOrPercentValue(ms) !== 0;
    if (hasU && hasS) report(invalid([...rp, 'maxSurge'], intOrString(ms), 'may not be set when maxUnavailable is non-zero'));
    if (!hasU && !hasS) report(required([...rp, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0', { at: has(ru, 'maxUnavailable') ? [...rp, 'maxUnavailable'] : rp, target: has(ru, 'maxUnavailable') ? 'value' : 'key' }));
  },
};

/** RC2, RC6. */
export const replicationControllerSpec: ObjectRule = {
  id: 'replication-controller-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'a ReplicationController needs a template, and non-negative replicas and minReadySeconds',
  covers: ['RC2', 'RC6'],
  check(ctx, report) {
    const s = specCtx(ctx, 'ReplicationController');
    if (s === undefined) return;
    nonNegative(s.spec, ['replicas', 'minReadySeconds'], s.path, report);
    if (!has(s.spec, 'template')) report(required([...s.path, 'template'], undefined, { at: s.path }));
  },
};

/** The rules of this family. */
export const WORKLOAD_RULES = [
  workloadRestartPolicy,
  workloadActiveDeadline,
  deploymentSpec,
  replicaSetSpec,
  statefulSetSpec,
  daemonSetSpec,
  replicationControllerSpec,
] as const;
