/**
 * The `kubectl get pods` columns STATUS, READY and RESTARTS derived from a published status
 * (lifecycle-spec DSP-1..3, following printPod in kubectl's printers.go).
 */
import type { ContainerStatusSnapshot, KubectlColumns, PodPhase } from './model';

/** What the columns are computed from: one published status at time `t` (seconds). */
export interface KubectlInput {
  readonly t: number;
  readonly phase: PodPhase;
  /** `status.reason`, e.g. `DeadlineExceeded`. */
  readonly reason?: string;
  /** `deletionTimestamp` is set. */
  readonly deleting: boolean;
  readonly initializedTrue: boolean;
  readonly readyTrue: boolean;
  readonly scheduled: boolean;
  /** Init containers (regular and sidecar) in spec order, then app containers. */
  readonly containers: readonly ContainerStatusSnapshot[];
}

/** kubectl's HumanDuration for whole seconds: `45s`, `3m20s`, `12m`, `4h`. */
export function humanDuration(seconds: number): string {
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function terminatedText(prefix: string, s: ContainerStatusSnapshot): string {
  return s.reason ? `${prefix}${s.reason}` : `${prefix}ExitCode:${s.exitCode ?? 0}`;
}

/** DSP-1 STATUS, DSP-2 READY, DSP-3 RESTARTS. */
export function kubectlColumns(p: KubectlInput): KubectlColumns {
  const inits = p.containers.filter((c) => c.type !== 'app');
  const apps = p.containers.filter((c) => c.type === 'app');
  const total = apps.length + inits.filter((c) => c.type === 'sidecar').length;
  let status: string = p.reason ?? p.phase;
  let ready = 0;
  let restarts = 0;
  let lastRestart: number | undefined;
  let sidecarRestarts = 0;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    if (!c) continue;
    restarts += c.restartCount;
    lastRestart = later(lastRestart, c.lastState?.finishedAt);
    if (c.type === 'sidecar') {
      sidecarRestarts += c.restartCount;
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.finishedAt);
    }
    if (c.state === 'terminated' && c.exitCode === 0) continue;
    if (c.type === 'sidecar' && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (c.state === 'terminated') status = terminatedText('Init:', c);
    else if (c.state === 'waiting' && c.reason && c.reason !== 'PodInitializing') status = `Init:${c.reason}`;
    else status = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }
  if (!initializing || p.initializedTrue) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    for (let i = apps.length - 1; i >= 0; i--) {
      const c = apps[i];
      if (!c) continue;
      restarts += c.restartCount;
      lastRestart = later(lastRestart, c.lastState?.finishedAt);
      if (c.state === 'waiting' && c.reason) status = c.reason;
      else if (c.state === 'terminated') status = terminatedText('', c);
      else if (c.state === 'running' && c.ready) {
        hasRunning = true;
        ready++;
      }
    }
    if (status === 'Completed' && hasRunning) status = p.readyTrue ? 'Running' : 'NotReady';
  }
  if (!p.scheduled) status = 'Pending';
  if (p.deleting && p.phase !== 'Succeeded' && p.phase !== 'Failed') status = 'Terminating';
  const restartText = lastRestart !== undefined && restarts > 0 ? `${restarts} (${humanDuration(p.t - lastRestart)} ago)` : `${restarts}`;
  return { status, ready: `${ready}/${total}`, restarts: restartText, ...(lastRestart !== undefined && restarts > 0 ? { lastRestartAt: lastRestart } : {}) };
}
