/**
 * Probes and their handlers (`validateProbe`, `validateHandler`, `validateExecAction`,
 * `validateHTTPGetAction`, `validateTCPSocketAction`, `validateGRPCAction`, `ValidatePortNumOrName`)
 * and the container-level probe rules of `validateContainers` / `validateInitContainers`.
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, has, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { forbidden, invalid, note, required } from './messages';
import { allContainers, type ContainerRef } from './pod-walk';
import type { JsonObject, PodContext, PodRule, Problem } from './rule';
import { isHTTPHeaderName, isValidPortName, isValidPortNum, IS_NEGATIVE_ERROR } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'probes';

/** The probes of a container. */
export const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** `ValidatePortNumOrName` for an IntOrString port (an absent port is the schema's `required-field`). */
export function validatePortNumOrName(port: unknown, path: FieldPath): Problem[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  // An absent port is the schema's `required-field`.
  return [];
}

/**
 * `validateHandler` for probes (exec, httpGet, tcpSocket, grpc) and lifecycle hooks (exec, httpGet,
 * tcpSocket, sleep). `sleep` is checked by the caller (it needs the grace period).
 */
export function validateHandler(handler: JsonObject, path: FieldPath, kinds: readonly string[]): Problem[] {
  const out: Problem[] = [];
  let n = 0;
  for (const kind of kinds) {
    const h = prop(handler, kind);
    if (h === undefined || h === null) continue;
    const hp = [...path, kind];
    if (n > 0) {
      out.push(forbidden(hp, 'may not specify more than 1 handler type', { target: 'key' }));
      continue;
    }
    n++;
    if (!isObject(h)) continue;
    if (kind === 'exec') {
      const cmd = arrAt(h, 'command');
      if (cmd === undefined || cmd.length === 0) out.push(required([...hp, 'command'], undefined, cmd === undefined ? { at: hp } : { target: 'value' }));
    } else if (kind === 'httpGet') {
      out.push(...validatePortNumOrName(prop(h, 'port'), [...hp, 'port']));
      for (const [j, header] of objectItemsAt(h, 'httpHeaders')) {
        const name = strAt(header, 'name');
        if (name === undefined) continue;
        for (const msg of isHTTPHeaderName(name)) out.push(invalid([...hp, 'httpHeaders'], name, msg, { at: [...hp, 'httpHeaders', j, 'name'] }));
      }
    } else if (kind === 'tcpSocket') {
      out.push(...validatePortNumOrName(prop(h, 'port'), [...hp, 'port']));
    } else if (kind === 'grpc') {
      const port = prop(h, 'port');
      if (typeof port === 'number') out.push(...validatePortNumOrName(port, [...hp, 'port']));
    }
  }
  if (n === 0) out.push(required(path, 'must specify a handler type', { target: 'key' }));
  return out;
}

function probeTargets(ctx: PodContext): ContainerRef[] {
  return allContainers(ctx).filter((c) => c.kind === 'containers' || c.isSidecar);
}

/** PR1-PR7, PR9 for probes. */
export const probeHandler: PodRule = {
  id: 'probe-handler',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'a probe needs exactly one valid handler and non-negative timings',
  covers: ['PR1', 'PR2', 'PR3', 'PR4', 'PR6', 'PR7', 'PR9', 'IC3'],
  check(ctx, report) {
    for (const c of probeTargets(ctx)) {
      for (const f of PROBE_FIELDS) {
        const probe = objAt(c.container, f);
        if (probe === undefined) continue;
        const p = [...c.path, f];
        for (const x of validateHandler(probe, p, ['exec', 'httpGet', 'tcpSocket', 'grpc'])) report(x);
        for (const t of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
          const v = prop(probe, t);
          if (typeof v === 'number' && v < 0) report(invalid([...p, t], v, IS_NEGATIVE_ERROR));
        }
        const tg = prop(probe, 'terminationGracePeriodSeconds');
        if (typeof tg === 'number' && tg <= 0) report(invalid([...p, 'terminationGracePeriodSeconds'], tg, 'must be greater than 0'));
      }
    }
  },
};

/** PR8, PR10. */
export const probeFields: PodRule = {
  id: 'probe-fields',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'liveness and startup probes need successThreshold 1; readiness probes take no terminationGracePeriodSeconds',
  covers: ['PR8', 'PR10'],
  check(ctx, report) {
    for (const c of probeTargets(ctx)) {
      for (const f of ['livenessProbe', 'startupProbe']) {
        const st = prop(objAt(c.container, f), 'successThreshold');
        if (typeof st === 'number' && st !== 0 && st !== 1) report(invalid([...c.path, f, 'successThreshold'], st, 'must be 1'));
      }
      const rp = objAt(c.container, 'readinessProbe');
      if (rp !== undefined && has(rp, 'terminationGracePeriodSeconds')) {
        report(invalid([...c.path, 'readinessProbe', 'terminationGracePeriodSeconds'], prop(rp, 'terminationGracePeriodSeconds'), 'must not be set for readinessProbes'));
      }
    }
  },
};

/**
 * Not an apiserver error: a probe (or hook) on a named port that the container does not declare
 * is accepted, but the kubelet cannot resolve it and the probe fails.
 */
export const probePortNotDeclared: PodRule = {
  id: 'probe-port-not-declared',
  family: FAMILY,
  severity: 'warning',
  scope: 'pod',
  summary: 'a probe refers to a named port that its container does not declare',
  check(ctx, report) {
    for (const c of probeTargets(ctx)) {
      const names = new Set(objectItemsAt(c.container, 'ports').map(([, p]) => strAt(p, 'name') ?? ''));
      const handlers: Array<readonly [JsonObject, FieldPath]> = [];
      for (const f of PROBE_FIELDS) {
        const probe = objAt(c.container, f);
        if (probe !== undefined) handlers.push([probe, [...c.path, f]]);
      }
      const lc = objAt(c.container, 'lifecycle');
      for (const f of ['postStart', 'preStop']) {
        const h = objAt(lc, f);
        if (h !== undefined) handlers.push([h, [...c.path, 'lifecycle', f]]);
      }
      for (const [h, p] of handlers) {
        for (const kind of ['httpGet', 'tcpSocket']) {
          const port = prop(objAt(h, kind), 'port');
          if (typeof port !== 'string' || isValidPortName(port).length > 0 || names.has(port)) continue;
          report(note([...p, kind, 'port'], `container ${JSON.stringify(c.name)} declares no port named ${JSON.stringify(port)}; the probe will fail`));
        }
      }
    }
  },
};

/** True when the sleep handler exists in this version (PodLifecycleSleepAction beta from 1.30). */
export function sleepSupported(ctx: PodContext): boolean {
  return atLeast(ctx.kubernetesVersion, 1, 30);
}

/** The rules of this family. */
export const PROBE_RULES = [probeHandler, probeFields, probePortNotDeclared] as const;
