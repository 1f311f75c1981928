/**
 * Scenarios for the lifecycle preview: parsing the IN-3 JSON from `unknown` with clear errors, and the
 * preset scenarios a user picks from a list ("init container X fails once", "delete at t", ...).
 */
import type {
  ContainerScenario,
  ExitBehaviour,
  HookBehaviour,
  ProbeStep,
  RunBehaviour,
  Scenario,
  ScenarioEvent,
} from './model';

/** The result of {@link parseScenario}: the scenario, or every problem found (`path: message`). */
export type ParseScenarioResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly errors: readonly string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSeconds(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function checkKeys(v: Record<string, unknown>, allowed: readonly string[], path: string, errors: string[]): void {
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) errors.push(`${path}${path ? '.' : ''}${k}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function secondsField(v: Record<string, unknown>, key: string, path: string, errors: string[]): number | undefined {
  const x = v[key];
  if (x === undefined) return undefined;
  if (!isSeconds(x)) {
    errors.push(`${path}${path ? '.' : ''}${key}: expected whole seconds (an integer >= 0), got ${JSON.stringify(x)}`);
    return undefined;
  }
  return x;
}

function parseExit(v: unknown, path: string, errors: string[]): ExitBehaviour | undefined {
  if (!isRecord(v)) {
    errors.push(`${path}: expected {"exitAfter": n, "exitCode": c}`);
    return undefined;
  }
  checkKeys(v, ['exitAfter', 'exitCode'], path, errors);
  const exitAfter = secondsField(v, 'exitAfter', path, errors);
  const exitCode = v['exitCode'];
  if (exitCode !== undefined && !(typeof exitCode === 'number' && Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255)) {
    errors.push(`${path}.exitCode: expected an integer 0..255, got ${JSON.stringify(exitCode)}`);
    return undefined;
  }
  if (exitAfter === undefined && v['exitAfter'] === undefined) {
    errors.push(`${path}.exitAfter: required`);
    return undefined;
  }
  if (exitAfter === undefined) return undefined;
  return { exitAfter, exitCode: typeof exitCode === 'number' ? exitCode : 0 };
}

const PROBE_RESULTS = ['success', 'failure', 'timeout', 'error'] as const;

function parseProbeSteps(v: unknown, path: string, errors: string[]): ProbeStep[] | undefined {
  if (!Array.isArray(v)) {
    errors.push(`${path}: expected a list of {"from": seconds, "result": ${PROBE_RESULTS.join('|')}}`);
    return undefined;
  }
  const steps: ProbeStep[] = [];
  v.forEach((s: unknown, i) => {
    const p = `${path}[${i}]`;
    if (!isRecord(s)) {
      errors.push(`${p}: expected {"from": seconds, "result": ...}`);
      return;
    }
    checkKeys(s, ['from', 'result'], p, errors);
    const from = secondsField(s, 'from', p, errors) ?? 0;
    const result = s['result'];
    const known = PROBE_RESULTS.find((r) => r === result);
    if (known === undefined) {
      errors.push(`${p}.result: expected one of ${PROBE_RESULTS.join(', ')}, got ${JSON.stringify(result)}`);
      return;
    }
    steps.push({ from, result: known });
  });
  return steps;
}

function parseHook(v: unknown, path: string, errors: string[]): HookBehaviour | undefined {
  if (v === 'hang') return 'hang';
  if (!isRecord(v)) {
    errors.push(`${path}: expected {"seconds": n, "result": "success"|"failure"} or "hang"`);
    return undefined;
  }
  checkKeys(v, ['seconds', 'result'], path, errors);
  const seconds = secondsField(v, 'seconds', path, errors) ?? 0;
  const result = v['result'] ?? 'success';
  if (result !== 'success' && result !== 'failure') {
    errors.push(`${path}.result: expected "success" or "failure", got ${JSON.stringify(result)}`);
    return undefined;
  }
  return { seconds, result };
}

function parseContainer(v: unknown, path: string, errors: string[]): ContainerScenario | undefined {
  if (!isRecord(v)) {
    errors.push(`${path}: expected an object`);
    return undefined;
  }
  checkKeys(v, ['runs', 'onSigterm', 'probes', 'hooks', 'pullSeconds'], path, errors);
  const out: { -readonly [K in keyof ContainerScenario]: ContainerScenario[K] } = {};
  const runs = v['runs'];
  if (runs !== undefined) {
    if (!Array.isArray(runs) || runs.length === 0) errors.push(`${path}.runs: expected a non-empty list of {"exitAfter", "exitCode"} or "forever"`);
    else {
      const parsed: RunBehaviour[] = [];
      runs.forEach((r: unknown, i) => {
        if (r === 'forever') parsed.push('forever');
        else {
          const e = parseExit(r, `${path}.runs[${i}]`, errors);
          if (e) parsed.push(e);
        }
      });
      out.runs = parsed;
    }
  }
  const sig = v['onSigterm'];
  if (sig !== undefined) {
    if (sig === 'ignore') out.onSigterm = 'ignore';
    else {
      const e = parseExit(sig, `${path}.onSigterm`, errors);
      if (e) out.onSigterm = e;
    }
  }
  const probes = v['probes'];
  if (probes !== undefined) {
    if (!isRecord(probes)) errors.push(`${path}.probes: expected an object with startup, readiness, liveness`);
    else {
      checkKeys(probes, ['startup', 'readiness', 'liveness'], `${path}.probes`, errors);
      const p: { startup?: ProbeStep[]; readiness?: ProbeStep[]; liveness?: ProbeStep[] } = {};
      for (const type of ['startup', 'readiness', 'liveness'] as const) {
        if (probes[type] !== undefined) {
          const steps = parseProbeSteps(probes[type], `${path}.probes.${type}`, errors);
          if (steps) p[type] = steps;
        }
      }
      out.probes = p;
    }
  }
  const hooks = v['hooks'];
  if (hooks !== undefined) {
    if (!isRecord(hooks)) errors.push(`${path}.hooks: expected an object with postStart, preStop`);
    else {
      checkKeys(hooks, ['postStart', 'preStop'], `${path}.hooks`, errors);
      const h: { postStart?: HookBehaviour; preStop?: HookBehaviour } = {};
      for (const name of ['postStart', 'preStop'] as const) {
        if (hooks[name] !== undefined) {
          const b = parseHook(hooks[name], `${path}.hooks.${name}`, errors);
          if (b) h[name] = b;
        }
      }
      out.hooks = h;
    }
  }
  const pull = secondsField(v, 'pullSeconds', path, errors);
  if (pull !== undefined) out.pullSeconds = pull;
  return out;
}

function parseEvent(v: unknown, path: string, errors: string[]): ScenarioEvent | undefined {
  if (!isRecord(v)) {
    errors.push(`${path}: expected {"delete": {...}} or {"setCondition": {...}}`);
    return undefined;
  }
  checkKeys(v, ['delete', 'setCondition'], path, errors);
  const del = v['delete'];
  if (isRecord(del)) {
    checkKeys(del, ['at', 'gracePeriodSeconds'], `${path}.delete`, errors);
    const at = secondsField(del, 'at', `${path}.delete`, errors);
    const g = del['gracePeriodSeconds'];
    if (at === undefined) {
      if (del['at'] === undefined) errors.push(`${path}.delete.at: required`);
      return undefined;
    }
    if (g !== undefined && !(typeof g === 'number' && Number.isInteger(g))) {
      errors.push(`${path}.delete.gracePeriodSeconds: expected an integer, got ${JSON.stringify(g)}`);
      return undefined;
    }
    return { delete: typeof g === 'number' ? { at, gracePeriodSeconds: g } : { at } };
  }
  const set = v['setCondition'];
  if (isRecord(set)) {
    checkKeys(set, ['at', 'type', 'status'], `${path}.setCondition`, errors);
    const at = secondsField(set, 'at', `${path}.setCondition`, errors);
    const type = set['type'];
    const status = set['status'];
    if (typeof type !== 'string' || type === '') errors.push(`${path}.setCondition.type: expected a condition type`);
    if (status !== 'True' && status !== 'False' && status !== 'Unknown') errors.push(`${path}.setCondition.status: expected "True", "False" or "Unknown"`);
    if (at === undefined || typeof type !== 'string' || type === '' || (status !== 'True' && status !== 'False' && status !== 'Unknown')) {
      if (set['at'] === undefined) errors.push(`${path}.setCondition.at: required`);
      return undefined;
    }
    return { setCondition: { at, type, status } };
  }
  errors.push(`${path}: expected {"delete": {"at": t}} or {"setCondition": {"at": t, "type": T, "status": S}}`);
  return undefined;
}

/**
 * Parses and validates a scenario (lifecycle-spec IN-3) from JSON data.
 * Unknown fields are errors (they are usually typos); times must be whole seconds >= 0.
 * Errors are `path: message` strings, e.g. `containers.app.runs[0].exitAfter: expected whole seconds`.
 */
export function parseScenario(value: unknown): ParseScenarioResult {
  const errors: string[] = [];
  if (!isRecord(value)) return { ok: false, errors: ['scenario: expected a JSON object'] };
  checkKeys(value, ['scheduleDelay', 'sandboxSeconds', 'pullSeconds', 'until', 'containers', 'events'], '', errors);
  const out: { -readonly [K in keyof Scenario]: Scenario[K] } = {};
  for (const key of ['scheduleDelay', 'sandboxSeconds', 'pullSeconds', 'until'] as const) {
    const s = secondsField(value, key, '', errors);
    if (s !== undefined) out[key] = s;
  }
  const containers = value['containers'];
  if (containers !== undefined) {
    if (!isRecord(containers)) errors.push('containers: expected an object keyed by container name');
    else {
      const cs: Record<string, ContainerScenario> = {};
      for (const [name, c] of Object.entries(containers)) {
        const parsed = parseContainer(c, `containers.${name}`, errors);
        if (parsed) cs[name] = parsed;
      }
      out.containers = cs;
    }
  }
  const events = value['events'];
  if (events !== undefined) {
    if (!Array.isArray(events)) errors.push('events: expected a list');
    else {
      const es: ScenarioEvent[] = [];
      events.forEach((e: unknown, i) => {
        const parsed = parseEvent(e, `events[${i}]`, errors);
        if (parsed) es.push(parsed);
      });
      out.events = es;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario: out };
}

/** The container names a preset list is built from: init containers (with their sidecar flag) and app containers. */
export interface PresetPod {
  readonly initContainers: readonly { readonly name: string; readonly sidecar: boolean }[];
  readonly containers: readonly string[];
}

/** One preset: a stable id (`init-fails-once:migrate`), a label for people, and the scenario. */
export interface ScenarioPreset {
  readonly id: string;
  readonly label: string;
  readonly scenario: Scenario;
}

/** Seconds used by the parameterised presets when the id does not give them. */
const DEFAULT_EXIT_AFTER = 30;
const DEFAULT_LIVENESS_AFTER = 60;
const DEFAULT_DELETE_AT = 60;

function single(name: string, c: ContainerScenario): Scenario {
  return { containers: { [name]: c } };
}

/**
 * The preset scenarios for a Pod, in display order. Ids are stable and parameterised by container
 * name and seconds: `all-succeed`, `init-fails-once:NAME`, `init-always-fails:NAME`, `crash-on-start:NAME`,
 * `exits-0-after:NAME:SECONDS`, `readiness-never:NAME`, `liveness-fails-after:NAME:SECONDS`, `delete-at:SECONDS`.
 */
export function listPresets(pod: PresetPod): ScenarioPreset[] {
  const presets: ScenarioPreset[] = [{ id: 'all-succeed', label: 'Everything succeeds', scenario: {} }];
  const regularInit = pod.initContainers.filter((c) => !c.sidecar).map((c) => c.name);
  const longRunning = [...pod.initContainers.filter((c) => c.sidecar).map((c) => c.name), ...pod.containers];
  const add = (id: string): void => {
    const preset = presetById(pod, id);
    if (preset !== undefined) presets.push(preset);
  };
  for (const name of regularInit) {
    add(`init-fails-once:${name}`);
    add(`init-always-fails:${name}`);
  }
  for (const name of longRunning) add(`crash-on-start:${name}`);
  for (const name of pod.containers) add(`exits-0-after:${name}:${DEFAULT_EXIT_AFTER}`);
  for (const name of longRunning) add(`readiness-never:${name}`);
  for (const name of longRunning) add(`liveness-fails-after:${name}:${DEFAULT_LIVENESS_AFTER}`);
  add(`delete-at:${DEFAULT_DELETE_AT}`);
  return presets;
}

/**
 * The preset with this id, or undefined when the id is unknown or names a container the Pod lacks.
 * Seconds in ids may be changed freely (`exits-0-after:app:45`, `delete-at:90`); they default when omitted.
 */
export function presetById(pod: PresetPod, id: string): ScenarioPreset | undefined {
  // `kind:NAME[:SECONDS]`: names may hold `:` (invalid as container names, but the preview must not fail on
  // them), so the name is everything between the first `:` and, for kinds with seconds, the last one.
  const colon = id.indexOf(':');
  const kind = colon < 0 ? id : id.slice(0, colon);
  const rest = colon < 0 ? undefined : id.slice(colon + 1);
  const withSeconds = kind === 'exits-0-after' || kind === 'liveness-fails-after';
  const last = rest === undefined ? -1 : rest.lastIndexOf(':');
  const name = withSeconds && rest !== undefined && last >= 0 ? rest.slice(0, last) : rest;
  const num = withSeconds && rest !== undefined && last >= 0 ? rest.slice(last + 1) : undefined;
  const all = [...pod.initContainers.map((c) => c.name), ...pod.containers];
  const seconds = (s: string | undefined, dflt: number): number | undefined => {
    if (s === undefined || s === '') return dflt;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  const has = (n: string | undefined): n is string => n !== undefined && all.includes(n);
  switch (kind) {
    case 'all-succeed':
      return name === undefined ? { id, label: 'Everything succeeds', scenario: {} } : undefined;
    case 'init-fails-once':
      if (!has(name)) return undefined;
      return {
        id,
        label: `Init container "${name}" fails once`,
        scenario: single(name, { runs: [{ exitAfter: 3, exitCode: 1 }, { exitAfter: 3, exitCode: 0 }] }),
      };
    case 'init-always-fails':
      if (!has(name)) return undefined;
      return { id, label: `Init container "${name}" always fails`, scenario: single(name, { runs: [{ exitAfter: 3, exitCode: 1 }] }) };
    case 'crash-on-start':
      if (!has(name)) return undefined;
      return { id, label: `Container "${name}" crashes on start`, scenario: single(name, { runs: [{ exitAfter: 1, exitCode: 1 }] }) };
    case 'exits-0-after': {
      const n = seconds(num, DEFAULT_EXIT_AFTER);
      if (!has(name) || n === undefined) return undefined;
      return { id, label: `Container "${name}" exits 0 after ${n} s`, scenario: single(name, { runs: [{ exitAfter: n, exitCode: 0 }] }) };
    }
    case 'readiness-never':
      if (!has(name)) return undefined;
      return {
        id,
        label: `Readiness of "${name}" never succeeds`,
        scenario: single(name, { probes: { readiness: [{ from: 0, result: 'failure' }] } }),
      };
    case 'liveness-fails-after': {
      const n = seconds(num, DEFAULT_LIVENESS_AFTER);
      if (!has(name) || n === undefined) return undefined;
      return {
        id,
        label: `Liveness of "${name}" fails after ${n} s`,
        scenario: single(name, { probes: { liveness: [{ from: n, result: 'failure' }] } }),
      };
    }
    case 'delete-at': {
      const n = seconds(name, DEFAULT_DELETE_AT);
      if (n === undefined || num !== undefined) return undefined;
      return { id, label: `Delete the Pod at ${n} s`, scenario: { events: [{ delete: { at: n } }] } };
    }
    default:
      return undefined;
  }
}
