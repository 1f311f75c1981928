/**
 * Reading the Pod spec to simulate out of a manifest object (lifecycle-spec IN-1), applying the API
 * defaults (IN-2), and the validation the preview reports instead of simulating (VAL, WARN, JB-8, AC-6).
 */
import { podSpecLocation } from '../schema/pod-specs';
import type { ContainerKind, ProbeType, TimelineWarning } from './model';

/** A probe with its defaults applied (IN-2); all times in seconds. */
export interface ProbeConfig {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  /** Probe-level grace for liveness/startup kills (PR-7); undefined means the pod's. */
  readonly terminationGracePeriodSeconds?: number;
  /** A named port that is not in the container's `ports`: every attempt is a prober error (PR-9, WARN-1). */
  readonly unresolvedPort?: string;
}

/** A lifecycle hook handler (HK-3); `sleepSeconds` for `sleep` handlers. */
export interface HookConfig {
  readonly handler: 'exec' | 'httpGet' | 'tcpSocket' | 'sleep';
  readonly sleepSeconds?: number;
}

/** One container as the simulator sees it. */
export interface ContainerModel {
  readonly name: string;
  /** `sidecar` is an init container with `restartPolicy: Always` (SC-1). */
  readonly kind: ContainerKind;
  readonly probes: Readonly<Partial<Record<ProbeType, ProbeConfig>>>;
  readonly postStart?: HookConfig;
  readonly preStop?: HookConfig;
}

/** The Pod spec with defaults applied (IN-2). */
export interface PodModel {
  readonly name: string;
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  readonly terminationGracePeriodSeconds: number;
  readonly activeDeadlineSeconds?: number;
  readonly readinessGates: readonly string[];
  /** Regular init containers and sidecars, in spec order. */
  readonly initContainers: readonly ContainerModel[];
  readonly containers: readonly ContainerModel[];
}

/** The Job spec fields the preview follows (IN-1, IN-2, JB). */
export interface JobModel {
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds?: number;
}

/** What {@link readWorkload} found: the Pod (and Job) to simulate, warnings, and whether validation failed. */
export interface WorkloadReading {
  readonly kind: string;
  readonly pod?: PodModel;
  readonly job?: JobModel;
  readonly warnings: readonly TimelineWarning[];
  /** True when an error the API server would reject was found (VAL): do not simulate. */
  readonly invalid: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

const PROBE_FIELDS: Record<ProbeType, string> = { startup: 'startupProbe', readiness: 'readinessProbe', liveness: 'livenessProbe' };
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/**
 * Finds the Pod spec of `object` (a Pod or any kind with a pod template, via `podSpecLocation`), applies
 * defaults and validates it. Errors are reported with API-style messages (`path: Type: detail`).
 */
export function readWorkload(kind: string, object: unknown): WorkloadReading {
  const warnings: TimelineWarning[] = [];
  let invalid = false;
  const error = (rule: string, message: string): void => {
    warnings.push({ rule, message });
    invalid = true;
  };
  const warn = (rule: string, message: string): void => {
    warnings.push({ rule, message });
  };
  const loc = podSpecLocation(kind);
  if (!loc) {
    error('IN-1', `kind ${kind || '(none)'} has no Pod spec to simulate`);
    return { kind, warnings, invalid };
  }
  const spec = at(object, loc.specPath);
  const prefix = loc.specPath.join('.');
  if (!isRecord(spec)) {
    error('IN-1', `${prefix}: Required value: no Pod spec found`);
    return { kind, warnings, invalid };
  }
  const objName = at(object, ['metadata', 'name']);
  const name = typeof objName === 'string' && objName !== '' ? objName : kind.toLowerCase();

  // IN-2 defaults.
  const rp = spec['restartPolicy'] ?? 'Always';
  let restartPolicy: PodModel['restartPolicy'] = 'Always';
  if (rp === 'Always' || rp === 'OnFailure' || rp === 'Never') restartPolicy = rp;
  else error('VAL-3', `${prefix}.restartPolicy: Unsupported value: ${JSON.stringify(rp)}: supported values: "Always", "OnFailure", "Never"`);
  const tgps = int(spec['terminationGracePeriodSeconds']) ?? 30;
  const ads = int(spec['activeDeadlineSeconds']);

  // VAL-3: restart policies allowed by each workload kind.
  const isJob = kind === 'Job' || kind === 'CronJob';
  if (isJob && restartPolicy === 'Always') {
    error('VAL-3', `${prefix}.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never" (JB-1)`);
  } else if (loc.isTemplate && !isJob && kind !== 'PodTemplate' && restartPolicy !== 'Always') {
    error('VAL-3', `${prefix}.restartPolicy: Unsupported value: "${restartPolicy}": supported values: "Always" (WL-1)`);
  }
  if (ads !== undefined && loc.isTemplate && !isJob && kind !== 'PodTemplate') {
    warn('WARN-2', `${prefix}.activeDeadlineSeconds: a ${kind} Pod is long-running; the deadline will fail it after ${ads} s and the controller replaces it`);
  }

  if (Array.isArray(spec['schedulingGates']) && spec['schedulingGates'].length > 0) {
    warn('SU-1', `${prefix}.schedulingGates: the Pod stays Pending (SchedulingGated) until every gate is removed; the preview assumes they are removed at once`);
  }
  if (spec['ephemeralContainers'] !== undefined) warn('SIM-8', `${prefix}.ephemeralContainers: ephemeral containers are not modelled (§21)`);

  const seen = new Set<string>();
  const readContainer = (c: Record<string, unknown>, path: string, list: 'init' | 'app'): ContainerModel => {
    const cname = typeof c['name'] === 'string' ? c['name'] : '';
    if (cname === '') error('VAL-6', `${path}.name: Required value`);
    else if (seen.has(cname)) error('VAL-6', `${path}.name: Duplicate value: "${cname}"`);
    seen.add(cname);
    const crp = c['restartPolicy'];
    let kind: ContainerKind = list === 'init' ? 'init' : 'app';
    if (crp !== undefined) {
      if (list === 'app') error('VAL-4', `${path}.restartPolicy: Forbidden: may not be set for non-init containers (ContainerRestartRules is off by default, AC-6)`);
      else if (crp === 'Always') kind = 'sidecar';
      else error('VAL-4', `${path}.restartPolicy: Unsupported value: ${JSON.stringify(crp)}: supported values: "Always"`);
    }
    if (c['restartPolicyRules'] !== undefined) {
      warn('AC-6', `${path}.restartPolicyRules: ignored; needs the alpha ContainerRestartRules feature gate, which is off by default`);
    }
    const portNames = new Set(records(c['ports']).map((p) => p['name']).filter((n): n is string => typeof n === 'string'));
    const probes: Partial<Record<ProbeType, ProbeConfig>> = {};
    for (const type of ['startup', 'readiness', 'liveness'] as const) {
      const field = PROBE_FIELDS[type];
      const p = c[field];
      if (p === undefined) continue;
      const ppath = `${path}.${field}`;
      if (kind === 'init') {
        error('VAL-1', `${ppath}: Forbidden: may not be set for init containers without restartPolicy=Always`);
        continue;
      }
      if (!isRecord(p)) continue;
      const handlers = PROBE_HANDLERS.filter((h) => p[h] !== undefined);
      if (handlers.length === 0) error('VAL-2c', `${ppath}: Required value: must specify a handler type`);
      if (handlers.length > 1) error('VAL-2c', `${ppath}: Forbidden: may not specify more than 1 handler type`);
      const num = (key: string, dflt: number, min: number): number => {
        const v = p[key];
        if (v === undefined) return dflt;
        const n = int(v);
        if (n === undefined || n < min) {
          error('VAL-2c', `${ppath}.${key}: Invalid value: ${JSON.stringify(v)}: must be greater than or equal to ${min}`);
          return dflt;
        }
        return n;
      };
      const successThreshold = num('successThreshold', 1, 1);
      if (type !== 'readiness' && successThreshold !== 1) error('VAL-2', `${ppath}.successThreshold: Invalid value: ${successThreshold}: must be 1`);
      const ptgps = int(p['terminationGracePeriodSeconds']);
      if (type === 'readiness' && p['terminationGracePeriodSeconds'] !== undefined) {
        error('VAL-2b', `${ppath}.terminationGracePeriodSeconds: Invalid value: must not be set for readinessProbes`);
      }
      let unresolvedPort: string | undefined;
      const grpcPort = at(p, ['grpc', 'port']);
      if (grpcPort !== undefined && typeof grpcPort !== 'number') error('VAL-7', `${ppath}.grpc.port: Invalid value: gRPC probes cannot use named ports`);
      for (const h of ['httpGet', 'tcpSocket'] as const) {
        const port = at(p, [h, 'port']);
        if (typeof port === 'string' && !/^\d+$/.test(port) && !portNames.has(port)) {
          unresolvedPort = port;
          warn('WARN-1', `${ppath}.${h}.port: named port "${port}" is not in this container's ports: every ${type} probe errors and is discarded (PR-9)`);
        }
      }
      probes[type] = {
        initialDelaySeconds: num('initialDelaySeconds', 0, 0),
        periodSeconds: num('periodSeconds', 10, 1),
        timeoutSeconds: num('timeoutSeconds', 1, 1),
        successThreshold,
        failureThreshold: num('failureThreshold', 3, 1),
        ...(ptgps !== undefined && type !== 'readiness' ? { terminationGracePeriodSeconds: ptgps } : {}),
        ...(unresolvedPort !== undefined ? { unresolvedPort } : {}),
      };
    }
    const hooks: { postStart?: HookConfig; preStop?: HookConfig } = {};
    const lifecycle = c['lifecycle'];
    if (lifecycle !== undefined && kind === 'init') {
      error('VAL-1', `${path}.lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`);
    } else if (isRecord(lifecycle)) {
      for (const hook of ['postStart', 'preStop'] as const) {
        const h = lifecycle[hook];
        if (!isRecord(h)) continue;
        const handlers = HOOK_HANDLERS.filter((x) => h[x] !== undefined);
        const handler = handlers[0];
        if (handler === undefined) {
          error('VAL-2c', `${path}.lifecycle.${hook}: Required value: must specify a handler type`);
          continue;
        }
        if (handlers.length > 1) error('VAL-2c', `${path}.lifecycle.${hook}: Forbidden: may not specify more than 1 handler type`);
        if (handler === 'tcpSocket') warn('HK-3', `${path}.lifecycle.${hook}.tcpSocket: deprecated; it fails at runtime`);
        if (handler === 'sleep') {
          const s = int(at(h, ['sleep', 'seconds']));
          if (s === undefined || s < 0 || s > tgps) {
            error('VAL-5', `${path}.lifecycle.${hook}.sleep.seconds: Invalid value: must be greater than 0 and less than terminationGracePeriodSeconds (${tgps})`);
          }
          hooks[hook] = { handler, sleepSeconds: s ?? 0 };
        } else hooks[hook] = { handler };
      }
    }
    return { name: cname, kind, probes, ...hooks };
  };

  const initContainers = records(spec['initContainers']).map((c, i) => readContainer(c, `${prefix}.initContainers[${i}]`, 'init'));
  const containers = records(spec['containers']).map((c, i) => readContainer(c, `${prefix}.containers[${i}]`, 'app'));
  if (containers.length === 0) error('VAL-6', `${prefix}.containers: Required value`);
  const readinessGates = records(spec['readinessGates'])
    .map((g) => g['conditionType'])
    .filter((t): t is string => typeof t === 'string');

  let job: JobModel | undefined;
  if (isJob) {
    const jobSpec = at(object, kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec']);
    const jobPrefix = kind === 'CronJob' ? 'spec.jobTemplate.spec' : 'spec';
    const js = isRecord(jobSpec) ? jobSpec : {};
    for (const f of ['podFailurePolicy', 'backoffLimitPerIndex', 'successPolicy', 'podReplacementPolicy', 'suspend', 'maxFailedIndexes']) {
      if (js[f] !== undefined) warn('JB-8', `${jobPrefix}.${f}: not modelled; the preview ignores it`);
    }
    for (const f of ['completions', 'parallelism']) {
      const n = int(js[f]);
      if (n !== undefined && n > 1) warn('JB-8', `${jobPrefix}.${f}: ${n}: the preview simulates one Pod at a time and one completion`);
    }
    const jobAds = int(js['activeDeadlineSeconds']);
    job = {
      backoffLimit: int(js['backoffLimit']) ?? (js['backoffLimitPerIndex'] !== undefined ? 2147483647 : 6),
      ...(jobAds !== undefined ? { activeDeadlineSeconds: jobAds } : {}),
    };
  }
  const pod: PodModel = {
    name,
    restartPolicy,
    terminationGracePeriodSeconds: tgps,
    ...(ads !== undefined ? { activeDeadlineSeconds: ads } : {}),
    readinessGates,
    initContainers,
    containers,
  };
  return { kind, pod, ...(job ? { job } : {}), warnings, invalid };
}
