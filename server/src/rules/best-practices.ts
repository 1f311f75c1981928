/**
 * Best-practice checks (opt-in: `bestPractices: true` or a per-rule severity). None of these is an
 * apiserver error. Pod-level `securityContext` fields that containers inherit (runAsNonRoot, runAsUser)
 * count; init containers run to completion and are exempt from probe and resource advice, while sidecars
 * (init containers with `restartPolicy: Always`) are treated like regular containers.
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, boolAt, has, objAt, objectItemsAt, prop, strAt } from './json';
import { note } from './messages';
import { allContainers, type ContainerRef } from './pod-walk';
import type { PodContext, PodRule, Severity } from './rule';

const FAMILY = 'best-practices';

function longRunning(c: ContainerRef): boolean {
  return c.kind === 'containers' || c.isSidecar;
}

function running(ctx: PodContext): ContainerRef[] {
  return allContainers(ctx).filter((c) => c.kind !== 'ephemeralContainers');
}

function containerLabel(c: ContainerRef): string {
  const kind = c.kind === 'initContainers' ? (c.isSidecar ? 'sidecar container' : 'init container') : 'container';
  return `${kind} ${JSON.stringify(c.name)}`;
}

function bp(id: string, severity: Severity, summary: string, check: PodRule['check']): PodRule {
  return { id, family: FAMILY, severity, scope: 'pod', summary, bestPractice: true, check };
}

function hasPodLevel(ctx: PodContext, list: 'requests' | 'limits'): boolean {
  const m = objAt(objAt(ctx.spec, 'resources'), list);
  return m !== undefined && Object.keys(m).length > 0;
}

/** No resource requests on a long-running container. */
export const resourceRequestsMissing = bp('resource-requests-missing', 'information', 'a container sets no CPU or memory requests', (ctx, report) => {
  if (hasPodLevel(ctx, 'requests')) return;
  for (const c of running(ctx).filter(longRunning)) {
    const res = objAt(c.container, 'resources');
    const req = objAt(res, 'requests');
    const lim = objAt(res, 'limits');
    const has0 = (k: string): boolean => has(req, k) || (!ctx.isTemplate && has(lim, k));
    const missing = ['cpu', 'memory'].filter((k) => !has0(k));
    if (missing.length > 0) {
      report(note(res === undefined ? c.path : [...c.path, 'resources'], `${containerLabel(c)} sets no ${missing.join(' or ')} request; the scheduler cannot place it reliably`, { target: 'key' }));
    }
  }
});

/** No memory limit on a long-running container. */
export const resourceLimitsMissing = bp('resource-limits-missing', 'information', 'a container sets no memory limit', (ctx, report) => {
  if (hasPodLevel(ctx, 'limits')) return;
  for (const c of running(ctx).filter(longRunning)) {
    const res = objAt(c.container, 'resources');
    if (!has(objAt(res, 'limits'), 'memory')) {
      report(note(res === undefined ? c.path : [...c.path, 'resources'], `${containerLabel(c)} sets no memory limit; it can use all the memory of its node`, { target: 'key' }));
    }
  }
});

/** The tag of an image reference, '' when absent; undefined when pinned by digest. */
export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const lastColon = image.lastIndexOf(':');
  return lastColon > lastSlash ? image.slice(lastColon + 1) : '';
}

/** `:latest` or no tag. */
export const imageTagLatest = bp('image-tag-latest', 'information', 'an image uses the :latest tag or no tag', (ctx, report) => {
  for (const c of running(ctx)) {
    const image = strAt(c.container, 'image');
    if (image === undefined || image.trim() === '') continue;
    const tag = imageTag(image.trim());
    if (tag === '' || tag === 'latest') {
      report(note([...c.path, 'image'], `${containerLabel(c)} uses ${tag === '' ? 'no tag (:latest)' : ':latest'}; pin a version or a digest so rollouts are reproducible`));
    }
  }
});

function probeRule(id: string, field: 'readinessProbe' | 'livenessProbe', why: string): PodRule {
  return bp(id, 'hint', `a regular container of a long-running Pod has no ${field}`, (ctx, report) => {
    if (ctx.ownerKind === 'Job' || ctx.ownerKind === 'CronJob') return;
    if (!ctx.isTemplate && strAt(ctx.spec, 'restartPolicy') !== undefined && strAt(ctx.spec, 'restartPolicy') !== 'Always') return;
    for (const c of running(ctx).filter((x) => x.kind === 'containers')) {
      if (!has(c.container, field)) report(note(c.path, `${containerLabel(c)} has no ${field}; ${why}`, { target: 'key' }));
    }
  });
}

/** No readiness probe. */
export const readinessProbeMissing = probeRule('readiness-probe-missing', 'readinessProbe', 'Services send it traffic as soon as it starts');
/** No liveness probe. */
export const livenessProbeMissing = probeRule('liveness-probe-missing', 'livenessProbe', 'a hung process is never restarted');

/** privileged: true. */
export const privilegedContainer = bp('privileged-container', 'information', 'a container runs privileged', (ctx, report) => {
  for (const c of running(ctx)) {
    if (boolAt(objAt(c.container, 'securityContext'), 'privileged') === true) {
      report(note([...c.path, 'securityContext', 'privileged'], `${containerLabel(c)} is privileged: it has all capabilities and access to the host's devices`));
    }
  }
});

/** allowPrivilegeEscalation not false. */
export const privilegeEscalationAllowed = bp('privilege-escalation-allowed', 'information', 'a container does not set allowPrivilegeEscalation: false', (ctx, report) => {
  for (const c of running(ctx)) {
    const sc = objAt(c.container, 'securityContext');
    const v = prop(sc, 'allowPrivilegeEscalation');
    if (v === false) continue;
    const path: FieldPath = v === true ? [...c.path, 'securityContext', 'allowPrivilegeEscalation'] : sc !== undefined ? [...c.path, 'securityContext'] : c.path;
    report(note(path, `${containerLabel(c)} allows privilege escalation (set securityContext.allowPrivilegeEscalation: false)`, v === true ? undefined : { target: 'key' }));
  }
});

/** Runs as root: effective runAsUser 0, or neither runAsNonRoot nor a non-zero runAsUser (pod-level values count). */
export const runAsRoot = bp('run-as-root', 'information', 'a container may run as root (runAsNonRoot/runAsUser, pod-level values included)', (ctx, report) => {
  const psc = objAt(ctx.spec, 'securityContext');
  for (const c of running(ctx)) {
    const sc = objAt(c.container, 'securityContext');
    const user = prop(sc, 'runAsUser') ?? prop(psc, 'runAsUser');
    const nonRoot = prop(sc, 'runAsNonRoot') ?? prop(psc, 'runAsNonRoot');
    if (user === 0) {
      const path = has(sc, 'runAsUser') ? [...c.path, 'securityContext', 'runAsUser'] : [...ctx.specPath, 'securityContext', 'runAsUser'];
      report(note(path, `${containerLabel(c)} runs as root (runAsUser: 0)`));
    } else if (typeof user !== 'number' && nonRoot !== true) {
      report(note(sc !== undefined ? [...c.path, 'securityContext'] : c.path, `${containerLabel(c)} may run as root: set runAsNonRoot: true or a non-zero runAsUser (here or in the pod securityContext)`, { target: 'key' }));
    }
  }
});

/** readOnlyRootFilesystem not true. */
export const writableRootFilesystem = bp('writable-root-filesystem', 'hint', 'a container has a writable root filesystem', (ctx, report) => {
  for (const c of running(ctx)) {
    const sc = objAt(c.container, 'securityContext');
    if (boolAt(sc, 'readOnlyRootFilesystem') === true) continue;
    report(note(sc !== undefined ? [...c.path, 'securityContext'] : c.path, `${containerLabel(c)} has a writable root filesystem (set securityContext.readOnlyRootFilesystem: true)`, { target: 'key' }));
  }
});

/** capabilities.add. */
export const addedCapabilities = bp('added-capabilities', 'information', 'a container adds Linux capabilities', (ctx, report) => {
  for (const c of running(ctx)) {
    const add = (arrAt(objAt(objAt(c.container, 'securityContext'), 'capabilities'), 'add') ?? []).filter((x): x is string => typeof x === 'string');
    if (add.length > 0) report(note([...c.path, 'securityContext', 'capabilities', 'add'], `${containerLabel(c)} adds capabilities ${add.join(', ')}`));
  }
});

/** hostPath volumes. */
export const hostPathVolume = bp('host-path-volume', 'information', 'a volume mounts a path of the host', (ctx, report) => {
  for (const [i, v] of objectItemsAt(ctx.spec, 'volumes')) {
    if (has(v, 'hostPath')) {
      report(note([...ctx.specPath, 'volumes', i, 'hostPath'], `volume ${JSON.stringify(strAt(v, 'name') ?? '')} mounts the host path ${JSON.stringify(strAt(objAt(v, 'hostPath'), 'path') ?? '')}`, { target: 'key' }));
    }
  }
});

function hostFlag(id: string, field: string, what: string): PodRule {
  return bp(id, 'information', `the Pod uses the host's ${what}`, (ctx, report) => {
    if (boolAt(ctx.spec, field) === true) report(note([...ctx.specPath, field], `the Pod shares the host's ${what} (${field}: true)`));
  });
}

/** hostNetwork. */
export const hostNetworkEnabled = hostFlag('host-network-enabled', 'hostNetwork', 'network namespace');
/** hostPID. */
export const hostPIDEnabled = hostFlag('host-pid-enabled', 'hostPID', 'process namespace');
/** hostIPC. */
export const hostIPCEnabled = hostFlag('host-ipc-enabled', 'hostIPC', 'IPC namespace');

/** hostPort. */
export const hostPortUsed = bp('host-port', 'information', 'a container port binds a host port', (ctx, report) => {
  if (boolAt(ctx.spec, 'hostNetwork') === true) return;
  for (const c of running(ctx)) {
    for (const [j, p] of objectItemsAt(c.container, 'ports')) {
      const hp = prop(p, 'hostPort');
      if (typeof hp === 'number' && hp !== 0) {
        report(note([...c.path, 'ports', j, 'hostPort'], `${containerLabel(c)} binds host port ${hp}; only one such Pod fits on each node`));
      }
    }
  }
});

const SECRET_NAME = /(PASSW(OR)?D|PASSWD|SECRET|TOKEN|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|ACCESS[_-]?KEY)/i;

/** Secret-looking env vars with literal values. */
export const secretInEnvLiteral = bp('secret-in-env-literal', 'information', 'a secret-looking environment variable has a literal value', (ctx, report) => {
  for (const c of running(ctx)) {
    for (const [i, ev] of objectItemsAt(c.container, 'env')) {
      const name = strAt(ev, 'name') ?? '';
      const value = strAt(ev, 'value') ?? '';
      if (value !== '' && SECRET_NAME.test(name) && !/^\$\(/.test(value)) {
        report(note([...c.path, 'env', i, 'value'], `${JSON.stringify(name)} looks like a secret in plain text; use valueFrom.secretKeyRef`));
      }
    }
  }
});

/** Neither the Pod nor the container has a securityContext. */
export const securityContextMissing = bp('security-context-missing', 'hint', 'neither the Pod nor a container sets a securityContext', (ctx, report) => {
  const psc = objAt(ctx.spec, 'securityContext');
  if (psc !== undefined && Object.keys(psc).length > 0) return;
  for (const c of running(ctx)) {
    const sc = objAt(c.container, 'securityContext');
    if (sc === undefined || Object.keys(sc).length === 0) report(note(c.path, `${containerLabel(c)} has no securityContext, and neither has the Pod`, { target: 'key' }));
  }
});

/** The rules of this family. */
export const BEST_PRACTICE_RULES = [
  resourceRequestsMissing,
  resourceLimitsMissing,
  imageTagLatest,
  readinessProbeMissing,
  livenessProbeMissing,
  privilegedContainer,
  privilegeEscalationAllowed,
  runAsRoot,
  writableRootFilesystem,
  addedCapabilities,
  hostPathVolume,
  hostNetworkEnabled,
  hostPIDEnabled,
  hostIPCEnabled,
  hostPortUsed,
  secretInEnvLiteral,
  securityContextMissing,
] as const;
