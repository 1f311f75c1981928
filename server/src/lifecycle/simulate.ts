/**
 * The Pod lifecycle simulator: a deterministic discrete-event model of one Pod as the kubelet runs it,
 * following ../shared/lifecycle-spec.md (rule ids in comments). Integer seconds on a virtual clock
 * (SIM-1), zero control-plane latency (SIM-2), one pod worker with blocking syncs (SIM-3), published
 * status frozen while the worker is busy (SIM-4), and a fixpoint per instant (SIM-5). No clock reads,
 * no randomness (SIM-6). Jobs and CronJobs also run the Job controller (JB).
 */
import type {
  ConditionDetail,
  ContainerStatusSnapshot,
  ExitBehaviour,
  HookBehaviour,
  KillReason,
  PodConditionType,
  PodPhase,
  PodSnapshot,
  ProbeOutcome,
  ProbeStep,
  ProbeType,
  RunBehaviour,
  Scenario,
  Timeline,
  TimelineEvent,
  TimelineWarning,
} from './model';
import { readWorkload, type ContainerModel, type JobModel, type PodModel } from './pod-spec';
import { kubectlColumns } from './kubectl';
import type { PresetPod } from './scenario';

/** The simulated horizon when neither the scenario nor the caller sets one (seconds). */
export const DEFAULT_UNTIL = 600;
/** The largest horizon accepted (one day); longer ones are cut with a warning. */
export const MAX_UNTIL = 86400;
/** [model] A regular init container that the scenario does not describe exits 0 after this many seconds. */
export const DEFAULT_INIT_SECONDS = 3;
/** [model] An app container of a Job that the scenario does not describe exits 0 after this many seconds. */
export const DEFAULT_JOB_SECONDS = 30;

const INITIAL_BACKOFF = 10; // BO-1 initialCrashLoopBackOff
const MAX_BACKOFF = 300; // BO-1 MaxContainerBackOff
const BACKOFF_RESET = 600; // BO-2
const MIN_KILL_GRACE = 2; // TM-4 minimumGracePeriodInSeconds
const JOB_BACKOFF = 10; // JB-3 DefaultJobPodFailureBackOff
const JOB_MAX_BACKOFF = 600; // JB-3 MaxJobPodFailureBackOff

/** What the simulator needs from the user: the manifest object, and its kind. */
export interface LifecycleInput {
  readonly kind: string;
  /** The whole manifest object as plain JSON (`yaml`'s `toJS()`). */
  readonly object: unknown;
}

/** A container's behaviour script with IN-3 defaults applied. */
interface Behaviour {
  readonly runs: readonly RunBehaviour[];
  readonly onSigterm: ExitBehaviour | 'ignore';
  readonly probes: Readonly<Partial<Record<ProbeType, readonly ProbeStep[]>>>;
  readonly postStart: HookBehaviour | undefined;
  readonly preStop: HookBehaviour | undefined;
  readonly pullSeconds: number;
}

/** SIM-7: one run of a container process. */
interface Instance {
  /** Restart number, which is this instance's restartCount (CS-5). */
  readonly n: number;
  /** Runtime start. */
  readonly S: number;
  /** First instant the instance was published (SIM-4); probes start then (PR-12). */
  V: number | undefined;
  F: number | undefined;
  exitCode: number | undefined;
  reason: string | undefined;
  readonly naturalExitAt: number;
  readonly naturalExitCode: number;
  kill: KillState | undefined;
}

/** TM-4: a kill in progress. */
interface KillState {
  readonly reason: KillReason;
  readonly podLevel: boolean;
  stage: 'preStop' | 'wait' | 'term';
  /** Grace seconds left for the current stage. */
  grace: number;
  stageStart: number;
  preStopEnd: number;
  preStopResult: 'success' | 'failure';
  termExitAt: number;
  termExitCode: number;
  sigkillAt: number;
}

/** PR-4: per (container, probe type) worker state; survives instance changes. */
interface ProbeWorker {
  lastResult: 'success' | 'failure' | undefined;
  resultRun: number;
  onHold: boolean;
  result: 'success' | 'failure' | 'unknown';
  inFlight: { until: number; n: number } | undefined;
  pendingTick: boolean;
  stopped: boolean;
  reportedError: boolean;
  /** The instant this worker last ran (a worker acts at most once per instant, SIM-5). */
  lastAt: number;
  lastAtInstance: number;
}

interface CState {
  readonly model: ContainerModel;
  readonly beh: Behaviour;
  readonly instances: Instance[];
  /** Reason of the last failed start (CS-3), cleared by a successful start. */
  waitReason: 'CrashLoopBackOff' | 'PostStartHookError' | undefined;
  waitMessage: string | undefined;
  /** BO-3 back-off entry. */
  backoff: { b: number; lastUpdate: number } | undefined;
  backoffReportedFor: number | undefined;
  readonly probes: Record<ProbeType, ProbeWorker>;
  /** The instant the current instance became `started` (U in PR-12). */
  startedAt: number | undefined;
}

type Step =
  | { readonly kind: 'sandbox'; until: number | undefined }
  | { readonly kind: 'kill'; readonly c: CState; readonly reason: KillReason; begun: boolean }
  | { readonly kind: 'start'; readonly c: CState; readonly E: number | undefined; stage: 'begin' | 'pull' | 'hook'; until: number };

interface InstanceCopy {
  readonly n: number;
  readonly S: number;
  readonly F: number | undefined;
  readonly exitCode: number | undefined;
  readonly reason: string | undefined;
}

interface ContainerView {
  readonly c: CState;
  readonly inst: InstanceCopy | undefined;
  readonly prev: InstanceCopy | undefined;
  readonly waitReason: string | undefined;
  readonly waitMessage: string | undefined;
  readonly willRestart: boolean;
  readonly started: boolean;
  readonly ready: boolean;
}

/** The runtime state a published status is computed from (SIM-4). */
interface PodView {
  readonly scheduled: boolean;
  readonly sandboxReady: boolean;
  readonly deleting: boolean;
  readonly podIsTerminal: boolean;
  readonly containers: readonly ContainerView[];
}

interface PodRun {
  readonly ctx: SimContext;
  readonly name: string;
  readonly model: PodModel;
  readonly scheduledAt: number;
  readonly sandboxSeconds: number;
  readonly containers: readonly CState[];
  readonly emit: (e: Omit<TimelineEvent, 'pod'>) => void;
  rev: number;
  scheduled: boolean;
  startTime: number | undefined;
  sandboxReady: boolean;
  sandboxCreated: boolean;
  steps: Step[];
  frozen: PodView | undefined;
  phaseOverride: { reason: string; message: string } | undefined;
  deletion: { at: number; grace: number } | undefined;
  podKill: { t0: number; grace: number; reason: KillReason } | undefined;
  killDone: boolean;
  podIsTerminal: boolean;
  removed: boolean;
  lastPhase: PodPhase;
  readonly gates: Map<string, string>;
  lastKey: string | undefined;
  /** `rev` at the last publish: without a change since, the status is the same (the RESTARTS age aside). */
  publishedRev: number;
}

/** Context shared by all Pods of one simulation. */
interface SimContext {
  readonly events: TimelineEvent[];
  readonly snapshots: PodSnapshot[];
  readonly warnings: TimelineWarning[];
  readonly scenario: Scenario;
  readonly isJob: boolean;
  /** Instance numbers per container name across all Pods of a Job, so `runs[i]` continues in a replacement Pod. */
  readonly runCounter: Map<string, number>;
}

// ---------------------------------------------------------------------------------------------------
// Entry point

/**
 * Simulates the Pod described by `input` under `scenario` and returns its Timeline (SIM-8).
 * `input.kind` selects where the Pod spec is (IN-1, `podSpecLocation`); Jobs and CronJobs run the Job
 * controller (JB). Invalid specs are not simulated: the Timeline then holds only warnings (VAL).
 * Deterministic: the same input always gives the same Timeline.
 */
export function simulateLifecycle(input: LifecycleInput, scenario: Scenario): Timeline {
  const reading = readWorkload(input.kind, input.object);
  const warnings: TimelineWarning[] = [...reading.warnings];
  const pod = reading.pod;
  if (!pod || reading.invalid) return { events: [], snapshots: [], warnings };
  const known = new Set([...pod.initContainers, ...pod.containers].map((c) => c.name));
  for (const name of Object.keys(scenario.containers ?? {})) {
    if (!known.has(name)) warnings.push({ rule: 'IN-3', message: `scenario describes container "${name}", which the Pod does not have` });
  }
  let until = scenario.until ?? DEFAULT_UNTIL;
  if (until > MAX_UNTIL) {
    warnings.push({ rule: 'SIM-1', message: `until ${until} s is longer than ${MAX_UNTIL} s; cut to ${MAX_UNTIL} s` });
    until = MAX_UNTIL;
  }
  if (input.kind === 'CronJob') warnings.push({ rule: 'IN-1', message: 'CronJob: one Job run created at t=0 is simulated; the schedule is not modelled' });
  const isJob = reading.job !== undefined;
  const ctx: SimContext = { events: [], snapshots: [], warnings, scenario, isJob, runCounter: new Map() };
  if (reading.job) runJob(ctx, pod, reading.job, until);
  else runSinglePod(ctx, pod, until);
  const last = ctx.snapshots[ctx.snapshots.length - 1];
  if (input.kind !== 'Pod' && input.kind !== 'PodTemplate' && !isJob && last && (last.phase === 'Succeeded' || last.phase === 'Failed')) {
    warnings.push({ rule: 'WL-2', message: `the ${input.kind} controller would replace this ${last.phase} Pod with a new one; the preview follows one Pod` });
  }
  return { events: ctx.events, snapshots: ctx.snapshots, warnings };
}

function runSinglePod(ctx: SimContext, pod: PodModel, until: number): void {
  const run = createPodRun(ctx, pod, pod.name, 0);
  for (let t = 0; t <= until; t++) {
    for (const e of ctx.scenario.events ?? []) applyScenarioEvent(run, e, t);
    settle(run, t);
    if (!run.removed) publish(ctx, run, t);
    if (run.deletion && run.killDone) run.removed = true; // TM-9: the object is removed after the terminal status
    if (run.removed) break;
  }
}

/** Runs SIM-5 iterations at instant t until nothing changes. */
function settle(run: PodRun, t: number): void {
  for (let i = 0; i < 200; i++) {
    const rev = run.rev;
    iterate(run, t);
    if (run.rev === rev) return;
  }
}

function applyScenarioEvent(run: PodRun, e: NonNullable<Scenario['events']>[number], t: number): void {
  if ('delete' in e) {
    if (e.delete.at === t) requestDeletion(run, t, e.delete.gracePeriodSeconds);
  } else if (e.setCondition.at === t) {
    // CD-4: an external controller sets a readiness-gate condition.
    run.gates.set(e.setCondition.type, e.setCondition.status);
    run.rev++;
  }
}

// ---------------------------------------------------------------------------------------------------
// Setup

function behaviourOf(ctx: SimContext, model: ContainerModel): Behaviour {
  const sc = ctx.scenario.containers?.[model.name] ?? {};
  const defaultRuns: RunBehaviour[] =
    model.kind === 'init'
      ? [{ exitAfter: DEFAULT_INIT_SECONDS, exitCode: 0 }]
      : model.kind === 'app' && ctx.isJob
        ? [{ exitAfter: DEFAULT_JOB_SECONDS, exitCode: 0 }]
        : ['forever'];
  const hook = (name: 'postStart' | 'preStop'): HookBehaviour | undefined => {
    const handler = model[name];
    if (!handler) return undefined;
    const scripted = sc.hooks?.[name];
    if (scripted !== undefined) return scripted;
    // IN-3: a sleep handler takes its own seconds and succeeds; HK-3: tcpSocket handlers fail at runtime.
    return { seconds: handler.handler === 'sleep' ? (handler.sleepSeconds ?? 0) : 0, result: handler.handler === 'tcpSocket' ? 'failure' : 'success' };
  };
  return {
    runs: sc.runs && sc.runs.length > 0 ? sc.runs : defaultRuns,
    onSigterm: sc.onSigterm ?? { exitAfter: 0, exitCode: 143 },
    probes: sc.probes ?? {},
    postStart: hook('postStart'),
    preStop: hook('preStop'),
    pullSeconds: sc.pullSeconds ?? ctx.scenario.pullSeconds ?? 0,
  };
}

function newWorker(type: ProbeType): ProbeWorker {
  return {
    lastResult: undefined,
    resultRun: 0,
    onHold: false,
    result: initialProbeResult(type),
    inFlight: undefined,
    pendingTick: false,
    stopped: false,
    reportedError: false,
    lastAt: -1,
    lastAtInstance: -1,
  };
}

/** PR-3: readiness starts Failure, liveness Success, startup Unknown. */
function initialProbeResult(type: ProbeType): ProbeWorker['result'] {
  return type === 'readiness' ? 'failure' : type === 'liveness' ? 'success' : 'unknown';
}

function createPodRun(ctx: SimContext, model: PodModel, name: string, createdAt: number): PodRun {
  const containers = [...model.initContainers, ...model.containers].map(
    (m): CState => ({
      model: m,
      beh: behaviourOf(ctx, m),
      instances: [],
      waitReason: undefined,
      waitMessage: undefined,
      backoff: undefined,
      backoffReportedFor: undefined,
      probes: { startup: newWorker('startup'), readiness: newWorker('readiness'), liveness: newWorker('liveness') },
      startedAt: undefined,
    }),
  );
  const emit = (e: Omit<TimelineEvent, 'pod'>): void => {
    ctx.events.push(ctx.isJob ? { ...e, pod: name } : e);
    run.rev++;
  };
  const run: PodRun = {
    ctx,
    name,
    model,
    scheduledAt: createdAt + (ctx.scenario.scheduleDelay ?? 0),
    sandboxSeconds: ctx.scenario.sandboxSeconds ?? 1,
    containers,
    emit,
    rev: 0,
    scheduled: false,
    startTime: undefined,
    sandboxReady: false,
    sandboxCreated: false,
    steps: [],
    frozen: undefined,
    phaseOverride: undefined,
    deletion: undefined,
    podKill: undefined,
    killDone: false,
    podIsTerminal: false,
    removed: false,
    lastPhase: 'Pending',
    gates: new Map(),
    lastKey: undefined,
    publishedRev: -1,
  };
  return run;
}

// ---------------------------------------------------------------------------------------------------
// Small queries

function latest(c: CState): Instance | undefined {
  return c.instances[c.instances.length - 1];
}

function isRunning(c: CState): boolean {
  const i = latest(c);
  return i !== undefined && i.F === undefined;
}

function inits(run: PodRun): CState[] {
  return run.containers.filter((c) => c.model.kind !== 'app');
}

function apps(run: PodRun): CState[] {
  return run.containers.filter((c) => c.model.kind === 'app');
}

function isTerminating(run: PodRun): boolean {
  return run.deletion !== undefined || run.podKill !== undefined;
}

function idle(run: PodRun): boolean {
  return run.steps.length === 0 && !(run.podKill !== undefined && !run.killDone);
}

/** CD-1: running, and the startup probe (if any) has succeeded; regular init containers: running. */
function isStarted(c: CState): boolean {
  if (!isRunning(c)) return false;
  if (c.model.kind === 'init') return true;
  return !c.model.probes.startup || c.probes.startup.result === 'success';
}

/** CD-2: started and (readiness Success or no readiness probe); regular init: exited 0. */
function isReady(c: CState): boolean {
  if (c.model.kind === 'init') {
    const i = latest(c);
    return i !== undefined && i.F !== undefined && i.exitCode === 0;
  }
  return isStarted(c) && (!c.model.probes.readiness || c.probes.readiness.result === 'success');
}

/** AC-2 ShouldContainerBeRestarted for an app container that is not running. */
function shouldRestartApp(run: PodRun, c: CState): boolean {
  if (run.deletion !== undefined) return false; // AC-2.1, TM-7
  const i = latest(c);
  if (!i) return true; // AC-2.2
  if (i.F === undefined) return false; // AC-2.3
  if (run.model.restartPolicy === 'Never') return false; // AC-2.5
  if (run.model.restartPolicy === 'OnFailure' && i.exitCode === 0) return false; // AC-2.6
  return true; // AC-2.7
}

/** Whether an exited container will be started again (CS-3): decides Waiting vs Terminated display. */
function willRestart(run: PodRun, c: CState): boolean {
  if (isTerminating(run)) return false; // TM-7, AC-4
  const i = latest(c);
  if (!i || i.F === undefined) return false;
  if (c.model.kind === 'sidecar') return true; // SC-3
  if (c.model.kind === 'init') return run.model.restartPolicy !== 'Never' && i.exitCode !== 0; // IC-2
  return shouldRestartApp(run, c);
}

/** Go duration text for whole seconds, as BO-6 messages print it (`10s`, `1m20s`, `5m0s`). */
export function goDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}

function kindLabel(c: CState): string {
  return c.model.kind === 'init' ? 'init container' : c.model.kind === 'sidecar' ? 'sidecar' : 'container';
}

// ---------------------------------------------------------------------------------------------------
// One SIM-5 iteration

function iterate(run: PodRun, t: number): void {
  if (run.removed) return;
  // 1. External requests: scheduling (SU-2) and activeDeadlineSeconds (AD-1).
  if (!run.scheduled && t >= run.scheduledAt) {
    run.scheduled = true;
    run.startTime = t; // SU-2: StartTime is set once, before the sandbox and pulls.
    run.emit({ t, container: null, type: 'Scheduled', detail: 'bound to a node; the kubelet admits the Pod and sets status.startTime', rule: 'SU-2' });
  }
  checkDeadline(run, t);
  // 2. Runtime completions, in spec order.
  for (const c of run.containers) progressContainer(run, c, t);
  advanceWorker(run, t);
  if (run.podKill && !run.killDone && run.containers.every((c) => !isRunning(c))) finishPodKill(run);
  if (idle(run)) markPublished(run, t);
  // 3. Probe attempts: startup, then readiness, then liveness; containers in spec order.
  for (const type of ['startup', 'readiness', 'liveness'] as const) {
    for (const c of run.containers) probe(run, c, type, t);
  }
  // 4. One kubelet sync when the worker is idle.
  if (idle(run) && run.scheduled) {
    sync(run, t);
    if (idle(run)) markPublished(run, t);
  }
}

function checkDeadline(run: PodRun, t: number): void {
  const ads = run.model.activeDeadlineSeconds;
  if (ads === undefined || run.startTime === undefined || run.phaseOverride || run.killDone) return;
  if (run.deletion || run.lastPhase === 'Succeeded' || run.lastPhase === 'Failed') return;
  if (t - run.startTime < ads) return; // AD-1: exceeded when now - startTime >= activeDeadlineSeconds.
  // AD-2 / PH-3: phase Failed with reason DeadlineExceeded before any container is stopped.
  run.phaseOverride = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };
  run.emit({
    t,
    container: null,
    type: 'DeadlineExceeded',
    reason: 'DeadlineExceeded',
    detail: `activeDeadlineSeconds ${ads} reached (counted from startTime ${run.startTime} s): phase Failed, containers are stopped with the pod grace period`,
    rule: 'AD-2',
  });
  startPodKill(run, t, Math.max(1, run.model.terminationGracePeriodSeconds), 'deadline');
}

/** TM-2: an API DELETE at t; grace from the request or the pod's terminationGracePeriodSeconds. */
function requestDeletion(run: PodRun, t: number, requested: number | undefined): void {
  if (run.removed || run.deletion) return;
  let grace = requested ?? run.model.terminationGracePeriodSeconds;
  if (grace < 0) grace = 1;
  const terminal = run.lastPhase === 'Succeeded' || run.lastPhase === 'Failed';
  if (!run.scheduled || (terminal && run.containers.every((c) => !isRunning(c)))) {
    run.deletion = { at: t, grace: 0 };
    run.emit({
      t,
      container: null,
      type: 'Deleted',
      detail: !run.scheduled ? 'deleted before scheduling: grace 0, the object is removed at once' : `deleted in phase ${run.lastPhase}: grace 0, the object is removed at once`,
      rule: 'TM-2',
    });
    run.removed = true;
    return;
  }
  run.deletion = { at: t, grace };
  run.emit({
    t,
    container: null,
    type: 'Deleted',
    detail: `API DELETE with grace ${grace}s: deletionTimestamp set, kubectl shows Terminating; no container is restarted any more`,
    rule: 'TM-2',
  });
  if (run.podKill) return; // a pod-level kill is already under way; it finishes with its own deadlines
  startPodKill(run, t, Math.max(1, grace), 'deletion'); // TM-3: effective grace at least 1
}

// ---------------------------------------------------------------------------------------------------
// Container processes and kills (CS, TM-4)

function scriptedRun(ctx: SimContext, c: CState, podLocalIndex: number): { at: number; code: number } {
  const idx = ctx.isJob ? (ctx.runCounter.get(c.model.name) ?? 0) : podLocalIndex;
  if (ctx.isJob) ctx.runCounter.set(c.model.name, idx + 1);
  const runs = c.beh.runs;
  const r = runs[Math.min(idx, runs.length - 1)] ?? 'forever';
  return r === 'forever' ? { at: Infinity, code: 0 } : { at: r.exitAfter, code: r.exitCode };
}

function exitInstance(run: PodRun, c: CState, inst: Instance, t: number, code: number, detail: string, rule: string): void {
  inst.F = t;
  inst.exitCode = code;
  inst.reason = code === 0 ? 'Completed' : 'Error'; // CS-4
  inst.kill = undefined;
  run.emit({ t, container: c.model.name, type: 'ContainerExited', exitCode: code, reason: inst.reason, detail, rule });
}

function progressContainer(run: PodRun, c: CState, t: number): void {
  const inst = latest(c);
  if (!inst || inst.F !== undefined) return;
  for (let guard = 0; guard < 10; guard++) {
    const k = inst.kill;
    // CS-4 / TM-4.5: a process that exits by itself before SIGTERM exits with its own code.
    if (t >= inst.naturalExitAt + inst.S && (!k || k.stage !== 'term' || inst.naturalExitAt + inst.S <= k.stageStart)) {
      exitInstance(run, c, inst, t, inst.naturalExitCode, `exited by itself with code ${inst.naturalExitCode} after ${t - inst.S} s`, 'CS-4');
      return;
    }
    if (!k) return;
    if (k.stage === 'preStop') {
      const deadline = k.stageStart + k.grace;
      if (t < Math.min(k.preStopEnd, deadline)) return;
      const done = k.preStopEnd <= deadline;
      const d = (done ? k.preStopEnd : deadline) - k.stageStart;
      run.emit({
        t,
        container: c.model.name,
        type: 'HookFinished',
        hook: 'preStop',
        result: done ? k.preStopResult : 'timeout',
        detail: done
          ? `preStop ${k.preStopResult === 'success' ? 'succeeded' : 'failed (FailedPreStopHook); SIGTERM follows anyway'} after ${d} s`
          : `grace period used up after ${d} s while preStop was still running`,
        rule: done ? 'HK-2' : 'TM-4',
      });
      k.grace -= d;
      k.stage = 'wait';
      k.stageStart = t;
      continue;
    }
    if (k.stage === 'wait') {
      // TM-4.3 / TM-6: in pod-level kills of a pod with sidecars, a sidecar waits for its turn.
      if (k.podLevel && c.model.kind === 'sidecar' && k.grace > 0) {
        const blocked = prerequisites(run, c).some((p) => isRunning(p));
        if (blocked && t < k.stageStart + k.grace) return;
      }
      const w = t - k.stageStart;
      k.grace = Math.max(k.grace - w, MIN_KILL_GRACE); // TM-4.4
      k.stage = 'term';
      k.stageStart = t;
      const sig = c.beh.onSigterm;
      if (sig !== 'ignore' && sig.exitAfter < k.grace) {
        k.termExitAt = t + sig.exitAfter;
        k.termExitCode = sig.exitCode;
        k.sigkillAt = Infinity;
      } else {
        k.termExitAt = Infinity;
        k.sigkillAt = t + k.grace;
      }
      run.emit({
        t,
        container: c.model.name,
        type: 'SIGTERM',
        detail: `SIGTERM; SIGKILL after ${k.grace} s if still running${w > 0 ? ` (waited ${w} s for its turn behind the app containers and later sidecars)` : ''}`,
        rule: w > 0 ? 'TM-6' : 'TM-4',
      });
      continue;
    }
    // stage term
    if (t >= k.termExitAt) {
      exitInstance(run, c, inst, t, k.termExitCode, `exited ${t - k.stageStart} s after SIGTERM with code ${k.termExitCode}`, 'TM-4');
      return;
    }
    if (t >= k.sigkillAt) {
      run.emit({ t, container: c.model.name, type: 'SIGKILL', detail: `grace period over: SIGKILL`, rule: 'TM-4' });
      exitInstance(run, c, inst, t, 137, 'killed by SIGKILL (exit code 137 = 128 + 9)', 'CS-4');
      return;
    }
    return;
  }
}

/** TM-6: a sidecar stops after all app containers and after the next sidecar declared after it. */
function prerequisites(run: PodRun, c: CState): CState[] {
  if (c.model.kind !== 'sidecar') return [];
  const sidecars = run.containers.filter((x) => x.model.kind === 'sidecar');
  const next = sidecars[sidecars.indexOf(c) + 1];
  return [...apps(run), ...(next ? [next] : [])];
}

/** TM-4: starts killing the running instance of c at t with grace g. */
function startKill(run: PodRun, c: CState, t: number, grace: number, reason: KillReason, podLevel: boolean, rule: string, detail: string): void {
  const inst = latest(c);
  if (!inst || inst.F !== undefined || inst.kill) return;
  run.emit({ t, container: c.model.name, type: 'KillRequested', reason, detail, rule });
  const k: KillState = {
    reason,
    podLevel,
    stage: 'wait',
    grace,
    stageStart: t,
    preStopEnd: Infinity,
    preStopResult: 'success',
    termExitAt: Infinity,
    termExitCode: 143,
    sigkillAt: Infinity,
  };
  const pre = c.beh.preStop;
  if (pre !== undefined && grace > 0) {
    // HK-2 / TM-4.2: preStop runs first and its time comes out of the grace period.
    k.stage = 'preStop';
    k.preStopEnd = pre === 'hang' ? Infinity : t + pre.seconds;
    k.preStopResult = pre === 'hang' ? 'failure' : pre.result;
    run.emit({
      t,
      container: c.model.name,
      type: 'HookStarted',
      hook: 'preStop',
      detail: `preStop ${c.model.preStop?.handler ?? ''} hook; grace period ${grace} s counts down from now`,
      rule: 'HK-2',
    });
  }
  inst.kill = k;
  progressContainer(run, c, t);
}

/** Pod-level termination (TM-3..TM-9): one busy sync that kills every running container concurrently (TM-5). */
function startPodKill(run: PodRun, t: number, grace: number, reason: KillReason): void {
  run.podKill = { t0: t, grace, reason };
  run.steps = []; // TM-10: the running sync is cancelled; no new starts.
  run.frozen = captureView(run); // SIM-4 / TM-8: status published at the start of the terminating sync.
  const rule = reason === 'deletion' ? 'TM-5' : reason === 'deadline' ? 'AD-2' : run.model.restartPolicy === 'Never' && apps(run).every((c) => !latest(c)) ? 'IC-2' : 'AC-4';
  const why =
    reason === 'deletion'
      ? 'the Pod is being deleted'
      : reason === 'deadline'
        ? 'activeDeadlineSeconds exceeded'
        : rule === 'IC-2'
          ? 'a regular init container failed under restartPolicy Never: KillPod'
          : 'all app containers finished: KillPod stops the sidecars and the sandbox';
  for (const c of run.containers) {
    if (isRunning(c)) startKill(run, c, t, grace, reason, true, rule, `${why}; grace ${grace} s`);
  }
  run.rev++;
}

function finishPodKill(run: PodRun): void {
  run.killDone = true;
  run.sandboxReady = false; // SU-3: the sandbox is stopped, PodReadyToStartContainers=False
  run.frozen = undefined;
  if (run.podKill?.reason !== 'killPod') run.podIsTerminal = true; // PH-4
  run.rev++;
}

// ---------------------------------------------------------------------------------------------------
// The pod worker (SIM-3) and the sync (AC-7)

function markPublished(run: PodRun, t: number): void {
  for (const c of run.containers) {
    const i = latest(c);
    if (i && i.V === undefined) {
      i.V = t;
      // PR-12: without a startup probe the container is started when it is published.
      if (i.F === undefined && !c.model.probes.startup && c.model.kind !== 'init') c.startedAt = t;
    }
  }
  run.frozen = undefined;
}

function advanceWorker(run: PodRun, t: number): void {
  while (run.steps.length > 0) {
    const s = run.steps[0];
    if (!s) break;
    if (s.kind === 'sandbox') {
      if (s.until === undefined) s.until = t + run.sandboxSeconds;
      if (t < s.until) return;
      run.sandboxReady = true;
      run.emit({ t, container: null, type: 'SandboxReady', detail: 'pod sandbox and network ready: PodReadyToStartContainers=True', rule: 'SU-3' });
      run.steps.shift();
      continue;
    }
    if (s.kind === 'kill') {
      if (!s.begun) {
        s.begun = true;
        const c = s.c;
        const probeType: ProbeType | undefined = s.reason === 'liveness' || s.reason === 'startup' ? s.reason : undefined;
        const probeGrace = probeType ? c.model.probes[probeType]?.terminationGracePeriodSeconds : undefined;
        const grace = probeGrace ?? run.model.terminationGracePeriodSeconds; // TM-4.1, PR-7
        const rule = s.reason === 'postStart' ? 'HK-1' : c.model.kind === 'sidecar' ? 'SC-3' : 'AC-3';
        const detail =
          s.reason === 'postStart'
            ? `postStart hook failed: the container is killed (grace ${grace} s) and the start fails with PostStartHookError`
            : `${s.reason} probe failed ${probeType ? (c.model.probes[probeType]?.failureThreshold ?? 3) : 3} times: kill with grace ${grace} s${run.model.restartPolicy === 'Never' && c.model.kind === 'app' ? ' (restartPolicy Never: no restart)' : ', then restart'}`;
        startKill(run, c, t, grace, s.reason, false, rule, detail);
      }
      if (isRunning(s.c)) return;
      run.steps.shift();
      continue;
    }
    // start
    if (!runStartStep(run, s, t)) return;
  }
}

/** Advances a start step; true when the step is finished (removed from the queue). */
function runStartStep(run: PodRun, s: Extract<Step, { kind: 'start' }>, t: number): boolean {
  const c = s.c;
  if (s.stage === 'begin') {
    if (isTerminating(run) || isRunning(c)) {
      run.steps.shift();
      return true;
    }
    // BO-3 doBackOff, with E from the status the sync started with (BO-4).
    const E = s.E;
    if (E !== undefined) {
      const entry = c.backoff;
      if (!entry || E - entry.lastUpdate > BACKOFF_RESET) {
        c.backoff = { b: INITIAL_BACKOFF, lastUpdate: t };
      } else if (t - E < entry.b) {
        const last = latest(c);
        c.waitReason = 'CrashLoopBackOff';
        c.waitMessage = `back-off ${goDuration(entry.b)} restarting failed container=${c.model.name} pod=${run.name}`;
        if (last && c.backoffReportedFor !== last.n) {
          c.backoffReportedFor = last.n;
          run.emit({
            t,
            container: c.model.name,
            type: 'BackOff',
            detail:
              last.F !== undefined && last.F !== E
                ? `Back-off restarting failed container: CrashLoopBackOff; this sync measured ${t - E} s from the exit at ${E} s (< ${goDuration(entry.b)}), the retry measures from the exit at ${last.F} s: earliest restart at ${last.F + entry.b} s`
                : `Back-off restarting failed container: CrashLoopBackOff, earliest restart at ${E + entry.b} s (${goDuration(entry.b)} after the exit at ${E} s)`,
            rule: last.F !== undefined && last.F !== E ? 'BO-4' : 'BO-3',
          });
        }
        run.steps.shift();
        // AC-7: a regular init container that fails to start aborts the rest of the sync.
        if (c.model.kind === 'init') run.steps = [];
        return true;
      } else {
        entry.b = Math.min(2 * entry.b, MAX_BACKOFF);
        entry.lastUpdate = t;
      }
    }
    s.stage = 'pull';
    s.until = t + c.beh.pullSeconds;
  }
  if (s.stage === 'pull') {
    if (t < s.until) return false;
    createInstance(run, c, t);
    const hook = c.beh.postStart;
    if (hook === undefined) {
      run.steps.shift();
      return true;
    }
    s.stage = 'hook';
    s.until = hook === 'hang' ? Infinity : t + hook.seconds;
    run.emit({
      t,
      container: c.model.name,
      type: 'HookStarted',
      hook: 'postStart',
      detail: `postStart ${c.model.postStart?.handler ?? ''} hook; the pod worker waits for it (the container is not Running before it ends)`,
      rule: 'HK-1',
    });
  }
  // hook
  if (t < s.until) return false;
  const hook = c.beh.postStart;
  const ok = hook !== undefined && hook !== 'hang' && hook.result === 'success';
  run.emit({
    t,
    container: c.model.name,
    type: 'HookFinished',
    hook: 'postStart',
    result: ok ? 'success' : 'failure',
    detail: ok ? `postStart finished after ${t - (latest(c)?.S ?? t)} s` : 'postStart failed (FailedPostStartHook)',
    rule: 'HK-1',
  });
  run.steps.shift();
  if (!ok && isRunning(c)) {
    c.waitReason = 'PostStartHookError';
    c.waitMessage = `PostStartHookError: the postStart hook of ${c.model.name} failed`;
    run.steps.unshift({ kind: 'kill', c, reason: 'postStart', begun: false });
  }
  return true;
}

function createInstance(run: PodRun, c: CState, t: number): void {
  const n = c.instances.length;
  const script = scriptedRun(run.ctx, c, n);
  c.instances.push({
    n,
    S: t,
    V: undefined,
    F: undefined,
    exitCode: undefined,
    reason: undefined,
    naturalExitAt: script.at,
    naturalExitCode: script.code,
    kill: undefined,
  });
  c.waitReason = undefined;
  c.waitMessage = undefined;
  c.startedAt = undefined;
  // PR-4.2: a new instance resets the result and onHold, not lastResult/resultRun.
  for (const type of ['startup', 'readiness', 'liveness'] as const) {
    const w = c.probes[type];
    w.result = initialProbeResult(type);
    w.onHold = false;
    w.inFlight = undefined;
    w.pendingTick = false;
    w.stopped = false;
    w.reportedError = false;
  }
  const rule = n === 0 ? (c.model.kind === 'init' ? 'IC-1' : c.model.kind === 'sidecar' ? 'SC-2' : 'AC-1') : 'BO-3';
  const first = n === 0 ? `${kindLabel(c)} started` : `${kindLabel(c)} restarted (restartCount ${n})${c.backoff ? `; back-off is now ${goDuration(c.backoff.b)}` : ''}`;
  const exit = script.at === Infinity ? 'runs until stopped' : `will exit ${script.code} after ${script.at} s`;
  run.emit({ t, container: c.model.name, type: 'ContainerStarted', detail: `${first}; scenario: ${exit}`, rule });
}

/** AC-7: one kubelet sync at t when the worker is idle. */
function sync(run: PodRun, t: number): void {
  if (run.podKill || run.removed) return;
  if (!run.sandboxReady) {
    if (run.sandboxCreated) return; // SU-6: the sandbox is not re-created (not simulated)
    // SU-3: the first sync creates the sandbox, then starts init[0] (or all app containers) in the same sync.
    run.sandboxCreated = true;
    run.frozen = captureView(run);
    const first = inits(run)[0];
    run.steps = [{ kind: 'sandbox', until: undefined }, ...(first ? [first] : apps(run)).map((c): Step => ({ kind: 'start', c, E: undefined, stage: 'begin', until: 0 }))];
    run.rev++;
    advanceWorker(run, t);
    return;
  }
  // BO-4: E is the FinishedAt of the newest exited instance in the status this sync starts with.
  const E = new Map<CState, number | undefined>();
  for (const c of run.containers) {
    const exited = [...c.instances].reverse().find((i) => i.F !== undefined);
    E.set(c, exited?.F);
  }
  const kills: { c: CState; reason: KillReason }[] = [];
  const initStarts: CState[] = [];
  const initList = inits(run);
  const appList = apps(run);
  // krc.go computeInitContainerActions, walking from the last init container backwards.
  let hasInitialized = appList.some((c) => isRunning(c)); // IC-5
  let prev = hasInitialized;
  for (let i = initList.length - 1; i >= 0; i--) {
    const c = initList[i];
    if (!c) continue;
    const inst = latest(c);
    if (!inst) {
      if (prev && c.model.kind === 'sidecar') initStarts.push(c);
      continue;
    }
    if (prev && c.model.kind === 'init') continue; // IC-5: completed regular init containers are ignored
    if (inst.F === undefined) {
      if (c.model.kind === 'sidecar') {
        let waitStartup = false;
        if (c.model.probes.startup) {
          const r = c.probes.startup.result;
          if (r !== 'success') {
            waitStartup = true; // SC-2: the next init container waits for the startup probe
            if (r === 'failure') {
              kills.push({ c, reason: 'startup' }); // SC-3
              initStarts.push(c);
            }
          }
        }
        if (!waitStartup) {
          if (i === initList.length - 1) hasInitialized = true;
          else if (!prev) {
            const next = initList[i + 1];
            if (next) initStarts.push(next); // SC-2: the next init container starts once this sidecar started
          }
          if (c.model.probes.liveness && c.probes.liveness.result === 'failure') {
            kills.push({ c, reason: 'liveness' }); // SC-3
            initStarts.push(c);
          }
        }
      }
    } else if (c.model.kind === 'sidecar') {
      initStarts.push(c); // SC-3: a sidecar is restarted whatever its exit code
    } else if (inst.exitCode !== 0) {
      if (run.model.restartPolicy === 'Never') {
        startPodKill(run, t, run.model.terminationGracePeriodSeconds, 'killPod'); // IC-2
        return;
      }
      initStarts.push(c); // IC-2: the init container (not the Pod) is restarted, with back-off
    } else if (i === initList.length - 1) hasInitialized = true;
    else {
      const next = initList[i + 1];
      if (next) initStarts.push(next); // IC-1
    }
    prev = true;
  }
  if (!prev) {
    const first = initList[0];
    if (first) initStarts.push(first);
  }
  initStarts.reverse();
  const appStarts: CState[] = [];
  if (hasInitialized || initList.length === 0) {
    let keep = 0;
    for (const c of appList) {
      if (!isRunning(c)) {
        if (shouldRestartApp(run, c)) appStarts.push(c); // AC-2
        continue;
      }
      const reason: KillReason | undefined =
        c.model.probes.liveness && c.probes.liveness.result === 'failure'
          ? 'liveness'
          : c.model.probes.startup && c.probes.startup.result === 'failure'
            ? 'startup'
            : undefined;
      if (reason === undefined) {
        keep++;
        continue;
      }
      kills.push({ c, reason }); // AC-3
      if (run.model.restartPolicy !== 'Never') appStarts.push(c);
    }
    if (keep === 0 && appStarts.length === 0) {
      startPodKill(run, t, run.model.terminationGracePeriodSeconds, 'killPod'); // AC-4
      return;
    }
  }
  if (kills.length === 0 && initStarts.length === 0 && appStarts.length === 0) return;
  // A sync whose starts are all blocked by back-off changes nothing (no rev bump), which ends the SIM-5 fixpoint.
  const view = captureView(run);
  run.steps = [
    ...kills.map((k): Step => ({ kind: 'kill', c: k.c, reason: k.reason, begun: false })),
    ...[...initStarts, ...appStarts].map((c): Step => ({ kind: 'start', c, E: E.get(c), stage: 'begin', until: 0 })),
  ];
  advanceWorker(run, t);
  if (!idle(run)) run.frozen = view;
}

// ---------------------------------------------------------------------------------------------------
// Probes (PR)

function scriptedOutcome(c: CState, type: ProbeType, tRel: number): ProbeOutcome {
  let r: ProbeOutcome = 'success';
  for (const s of c.beh.probes[type] ?? []) if (s.from <= tRel) r = s.result;
  return r;
}

function probe(run: PodRun, c: CState, type: ProbeType, t: number): void {
  const cfg = c.model.probes[type];
  if (!cfg || c.model.kind === 'init') return;
  const w = c.probes[type];
  const inst = latest(c);
  if (!inst || inst.F !== undefined || inst.V === undefined || w.stopped || (w.lastAt === t && w.lastAtInstance === inst.n)) return;
  if (run.killDone || run.lastPhase === 'Succeeded' || run.lastPhase === 'Failed') return; // PR-4.1
  if (w.inFlight) {
    if (w.inFlight.n !== inst.n) w.inFlight = undefined;
    else if (t >= w.inFlight.until) {
      w.inFlight = undefined;
      w.lastAt = t;
      w.lastAtInstance = inst.n;
      record(run, c, type, 'failure', t, inst, `timed out after ${cfg.timeoutSeconds} s (PR-11)`);
      if (w.pendingTick) {
        w.pendingTick = false;
        attempt(run, c, type, t, inst);
      }
      return;
    }
  }
  const since = t - inst.S - cfg.initialDelaySeconds;
  const tick = since >= 0 && since % cfg.periodSeconds === 0 && t >= inst.V; // PR-12 grid
  const extra = type === 'readiness' && c.startedAt === t && since >= 0; // PR-12: readiness runs when started
  if (!tick && !extra) return;
  w.lastAt = t;
  w.lastAtInstance = inst.n;
  if (w.inFlight) {
    w.pendingTick = true; // PR-12: ticks during an attempt collapse into one
    return;
  }
  attempt(run, c, type, t, inst);
}

function attempt(run: PodRun, c: CState, type: ProbeType, t: number, inst: Instance): void {
  const cfg = c.model.probes[type];
  const w = c.probes[type];
  if (!cfg) return;
  if (isTerminating(run) && type !== 'readiness') {
    // PR-10 / PR-4.5: liveness and startup stop and report Success during termination.
    w.result = 'success';
    w.stopped = true;
    return;
  }
  if (w.onHold) return; // PR-4.3
  if (t - inst.S < cfg.initialDelaySeconds) return; // PR-4.6
  const started = isStarted(c);
  if (type === 'startup' ? started : !started) return; // PR-4.7, PR-6
  const outcome: ProbeOutcome = cfg.unresolvedPort !== undefined ? 'error' : scriptedOutcome(c, type, t - inst.S);
  if (outcome === 'error') {
    // PR-9: a prober error is thrown away: no counting, no change.
    if (!w.reportedError) {
      w.reportedError = true;
      run.emit({
        t,
        container: c.model.name,
        type: 'ProbeResult',
        probe: type,
        result: 'error',
        detail: `${type} probe error (${cfg.unresolvedPort !== undefined ? `named port "${cfg.unresolvedPort}" not found` : 'scripted'}): result discarded; further errors not logged`,
        rule: 'PR-9',
      });
    }
    return;
  }
  if (outcome === 'timeout') {
    w.inFlight = { until: t + cfg.timeoutSeconds, n: inst.n };
    return;
  }
  record(run, c, type, outcome, t, inst, '');
}

function record(run: PodRun, c: CState, type: ProbeType, r: 'success' | 'failure', t: number, inst: Instance, note: string): void {
  const cfg = c.model.probes[type];
  const w = c.probes[type];
  if (!cfg) return;
  // PR-4.9..11
  w.resultRun = w.lastResult === r ? w.resultRun + 1 : 1;
  w.lastResult = r;
  const old = w.result;
  const threshold = r === 'failure' ? cfg.failureThreshold : cfg.successThreshold;
  if (w.resultRun >= threshold) w.result = r;
  const reached = w.result !== old;
  const run1 = w.resultRun;
  if (type !== 'readiness' && r === 'failure' && w.result === 'failure') {
    w.onHold = true;
    w.resultRun = 0;
  }
  if (type === 'startup' && w.result === 'success' && old !== 'success') c.startedAt = t; // CD-1, SC-2
  if (r === 'success' && !reached && t - inst.S > cfg.initialDelaySeconds && old === 'success') return; // steady successes are not logged
  const effect =
    reached && type === 'readiness'
      ? r === 'success'
        ? ': container ready'
        : ': container not ready (removed from Service endpoints)'
      : reached && type === 'startup' && r === 'success'
        ? ': container started; liveness and readiness probes may run'
        : reached && r === 'failure'
          ? `: ${type} failed, the kubelet kills the container`
          : r === 'failure'
            ? ` (${run1}/${cfg.failureThreshold})`
            : r === 'success' && cfg.successThreshold > 1 && !reached
              ? ` (${run1}/${cfg.successThreshold})`
              : '';
  run.emit({
    t,
    container: c.model.name,
    type: 'ProbeResult',
    probe: type,
    result: note.startsWith('timed out') ? 'timeout' : r,
    detail: `${type} probe ${r}${note ? ' ' + note : ''}${effect}`,
    rule: reached ? 'PR-5' : 'PR-4',
  });
}

// ---------------------------------------------------------------------------------------------------
// Published status (SIM-4, CS, CD, PH, DSP)

function copyInstance(i: Instance | undefined): InstanceCopy | undefined {
  return i ? { n: i.n, S: i.S, F: i.F, exitCode: i.exitCode, reason: i.reason } : undefined;
}

function captureView(run: PodRun): PodView {
  return {
    scheduled: run.scheduled,
    sandboxReady: run.sandboxReady,
    deleting: run.deletion !== undefined,
    podIsTerminal: run.podIsTerminal,
    containers: run.containers.map((c) => ({
      c,
      inst: copyInstance(latest(c)),
      prev: copyInstance(c.instances[c.instances.length - 2]),
      waitReason: c.waitReason,
      waitMessage: c.waitMessage,
      willRestart: willRestart(run, c),
      started: isStarted(c),
      ready: isReady(c),
    })),
  };
}

/** The published container status from a view; flags follow live probe results (SIM-4 exception). */
function containerStatus(run: PodRun, v: ContainerView, podIsTerminal: boolean, initialized: boolean): ContainerStatusSnapshot {
  const c = v.c;
  const base = { name: c.model.name, type: c.model.kind };
  const inst = v.inst;
  const lastOf = (i: InstanceCopy | undefined): ContainerStatusSnapshot['lastState'] =>
    i && i.F !== undefined ? { exitCode: i.exitCode ?? 0, reason: i.reason ?? 'Error', finishedAt: i.F } : undefined;
  if (!inst) {
    if (podIsTerminal && initialized && c.model.kind === 'app') {
      // PH-4 TerminatePod: a container that never ran is reported as unknown-terminated.
      return { ...base, state: 'terminated', reason: 'ContainerStatusUnknown', exitCode: 137, message: 'The container could not be located when the pod was terminated', ready: false, started: false, restartCount: 0 };
    }
    // CS-2: default waiting reason.
    return { ...base, state: 'waiting', reason: run.model.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating', ready: false, started: false, restartCount: 0 };
  }
  const live = latest(c);
  const sameLive = live !== undefined && live.n === inst.n && live.F === undefined;
  if (inst.F === undefined) {
    const started = sameLive ? isStarted(c) : v.started;
    const ready = sameLive ? isReady(c) : v.ready;
    const last = lastOf(v.prev);
    return { ...base, state: 'running', ready, started, restartCount: inst.n, ...(last ? { lastState: last } : {}) };
  }
  const initReady = c.model.kind === 'init' && inst.exitCode === 0;
  if (v.waitReason !== undefined && v.willRestart) {
    const last = lastOf(inst);
    return {
      ...base,
      state: 'waiting',
      reason: v.waitReason,
      ...(v.waitMessage ? { message: v.waitMessage } : {}),
      ready: false,
      started: false,
      restartCount: inst.n,
      ...(last ? { lastState: last } : {}),
    };
  }
  const last = lastOf(v.prev);
  return {
    ...base,
    state: 'terminated',
    reason: inst.reason ?? 'Error',
    exitCode: inst.exitCode ?? 0,
    ready: initReady,
    started: false,
    restartCount: inst.n,
    ...(last ? { lastState: last } : {}),
  };
}

/** PH-1 getPhase over published statuses. */
function getPhase(run: PodRun, statuses: readonly ContainerStatusSnapshot[], podIsTerminal: boolean, podHasInitialized: boolean): PodPhase {
  let pendingRegularInit = 0;
  let failedInit = 0;
  let pendingSidecar = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.type === 'init') {
      if (s.state === 'running' || (s.state === 'waiting' && !s.lastState)) pendingRegularInit++;
      else if (s.state === 'terminated' && s.exitCode !== 0) failedInit++;
      else if (s.state === 'waiting' && s.lastState && s.lastState.exitCode !== 0) failedInit++;
    } else if (s.type === 'sidecar') {
      if (s.state === 'running') {
        running++;
        if (!s.started) pendingSidecar++;
      } else if (s.state === 'waiting' && !s.lastState) {
        pendingSidecar++;
        waiting++;
      }
    } else if (s.state === 'running') running++;
    else if (s.state === 'terminated') {
      stopped++;
      if (s.exitCode === 0) succeeded++;
    } else if (s.lastState) stopped++;
    else waiting++;
  }
  const policy = run.model.restartPolicy;
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingRegularInit > 0 || (pendingSidecar > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function bracket(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

/** Builds the published snapshot of a run at t from its current view (frozen while busy). */
function snapshotOf(run: PodRun, t: number, ctx: SimContext): PodSnapshot {
  const view = idle(run) || !run.frozen ? captureView(run) : run.frozen;
  const podHasInitialized = view.containers.some((v) => v.c.model.kind === 'app' && v.inst !== undefined);
  const containers = view.containers.map((v) => containerStatus(run, v, view.podIsTerminal, podHasInitialized));
  let phase = getPhase(run, containers, view.podIsTerminal, podHasInitialized);
  if (run.phaseOverride) phase = 'Failed'; // PH-3
  if (run.lastPhase === 'Succeeded' || run.lastPhase === 'Failed') phase = run.lastPhase; // PH-2
  if (view.podIsTerminal && (phase === 'Pending' || phase === 'Running')) phase = 'Failed'; // PH-4 TerminatePod
  const details: Partial<Record<PodConditionType, ConditionDetail>> = {};
  const cond: Record<PodConditionType, 'True' | 'False'> = {
    PodScheduled: view.scheduled ? 'True' : 'False',
    PodReadyToStartContainers: view.sandboxReady ? 'True' : 'False',
    Initialized: 'False',
    ContainersReady: 'False',
    Ready: 'False',
  };
  if (view.scheduled) {
    // CD-5
    const notInit = containers.filter((s) => (s.type === 'init' ? !(s.state === 'terminated' && s.exitCode === 0) : s.type === 'sidecar' ? !s.started : false));
    if (phase === 'Succeeded') {
      cond.Initialized = 'True';
      details.Initialized = { reason: 'PodCompleted' };
    } else if (podHasInitialized || notInit.length === 0) cond.Initialized = 'True';
    else details.Initialized = { reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${bracket(notInit.map((s) => s.name))}` };
    // CD-3
    if (phase === 'Succeeded') details.ContainersReady = { reason: 'PodCompleted' };
    else if (phase === 'Failed') details.ContainersReady = { reason: 'PodFailed' };
    else {
      const unready = containers.filter((s) => s.type !== 'init' && !s.ready).map((s) => s.name);
      if (unready.length === 0) cond.ContainersReady = 'True';
      else details.ContainersReady = { reason: 'ContainersNotReady', message: `containers with unready status: ${bracket(unready)}` };
    }
    // CD-4
    if (cond.ContainersReady !== 'True') {
      const d = details.ContainersReady;
      if (d) details.Ready = d;
    } else {
      let gateProblem: string | undefined;
      for (const g of run.model.readinessGates) {
        const st = run.gates.get(g);
        if (st === undefined) gateProblem = `corresponding condition of pod readiness gate "${g}" does not exist.`;
        else if (st !== 'True') gateProblem = `the status of pod readiness gate "${g}" is not "True", but ${st}`;
        if (gateProblem) break;
      }
      if (gateProblem) details.Ready = { reason: 'ReadinessGatesNotReady', message: gateProblem };
      else cond.Ready = 'True';
    }
  }
  const reason = run.phaseOverride?.reason;
  const kubectl = kubectlColumns({
    t,
    phase,
    ...(reason ? { reason } : {}),
    deleting: view.deleting,
    initializedTrue: cond.Initialized === 'True',
    readyTrue: cond.Ready === 'True',
    containers,
    scheduled: view.scheduled,
  });
  return {
    t,
    ...(ctx.isJob ? { pod: run.name } : {}),
    phase,
    ...(reason ? { reason } : {}),
    conditions: cond,
    ...(Object.keys(details).length > 0 ? { conditionDetails: details } : {}),
    containers,
    kubectl,
    ...(view.deleting ? { terminating: true } : {}),
  };
}

function publish(ctx: SimContext, run: PodRun, t: number): void {
  if (run.rev === run.publishedRev) return;
  run.publishedRev = run.rev;
  const snap = snapshotOf(run, t, ctx);
  run.lastPhase = snap.phase;
  // The RESTARTS age changes every second; it does not make a new snapshot by itself.
  const key = JSON.stringify({ ...snap, t: 0, kubectl: { ...snap.kubectl, restarts: snap.kubectl.restarts.replace(/ \(.*\)$/, '') } });
  if (key === run.lastKey) return;
  run.lastKey = key;
  ctx.snapshots.push(snap);
}

// ---------------------------------------------------------------------------------------------------
// Jobs (JB)

interface JobPod {
  readonly run: PodRun;
  accounted: boolean;
}

function runJob(ctx: SimContext, pod: PodModel, job: JobModel, until: number): void {
  const pods: JobPod[] = [];
  let failed = 0;
  let consecutive = 0;
  let lastFailFinish = 0;
  let state = 'active' as 'active' | 'failing' | 'done';
  let failReason = '';
  let nextCreateAt: number | undefined = 0;
  const jobName = pod.name;
  const active = (): JobPod[] => pods.filter((p) => !p.accounted && !p.run.removed);
  const terminatePods = (t: number): void => {
    for (const p of active()) requestDeletion(p.run, t, undefined); // JB-4, JB-5: graceful deletion
  };
  const controller = (t: number): void => {
    if (state === 'done') return;
    for (const p of pods) {
      if (p.accounted) continue;
      const snap = snapshotOf(p.run, t, ctx);
      const stopped = p.run.containers.every((c) => !isRunning(c));
      if (!stopped || (snap.phase !== 'Succeeded' && snap.phase !== 'Failed')) continue;
      p.accounted = true;
      if (snap.phase === 'Failed') {
        failed++;
        consecutive++;
        lastFailFinish = Math.max(t, ...p.run.containers.flatMap((c) => c.instances.map((i) => i.F ?? 0)));
      } else if (state === 'active') {
        consecutive = 0;
        state = 'done'; // JB-6
        ctx.events.push({ t, container: null, type: 'JobComplete', reason: 'Completions', detail: `Pod ${p.run.name} Succeeded: the Job gets SuccessCriteriaMet and Complete`, rule: 'JB-6', pod: p.run.name });
        return;
      }
    }
    if (state === 'active') {
      const restarts = active()
        .filter((p) => p.run.lastPhase === 'Pending' || p.run.lastPhase === 'Running')
        .reduce((sum, p) => sum + p.run.containers.reduce((s, c) => s + Math.max(0, c.instances.length - 1), 0), 0);
      if (job.activeDeadlineSeconds !== undefined && t >= job.activeDeadlineSeconds) {
        state = 'failing'; // JB-5
        failReason = 'DeadlineExceeded';
        terminatePods(t);
      } else if (failed > job.backoffLimit) {
        state = 'failing'; // JB-2: fails after backoffLimit + 1 failed Pods
        failReason = 'BackoffLimitExceeded';
        terminatePods(t);
      } else if (pod.restartPolicy === 'OnFailure' && (job.backoffLimit === 0 ? restarts > 0 : restarts >= job.backoffLimit)) {
        state = 'failing'; // JB-2 pastBackoffLimitOnFailure
        failReason = 'BackoffLimitExceeded';
        terminatePods(t);
      } else if (active().length === 0) {
        if (nextCreateAt === undefined) nextCreateAt = lastFailFinish + Math.min(JOB_BACKOFF * 2 ** Math.max(0, consecutive - 1), JOB_MAX_BACKOFF); // JB-3
        if (t >= nextCreateAt) {
          nextCreateAt = undefined;
          const name = `${jobName}-${pods.length}`;
          const run = createPodRun(ctx, pod, name, t);
          pods.push({ run, accounted: false });
          ctx.events.push({
            t,
            container: null,
            type: 'PodCreated',
            detail: pods.length === 1 ? 'the Job controller creates the first Pod' : `replacement Pod after ${failed} failed Pod(s) (back-off ${Math.min(JOB_BACKOFF * 2 ** Math.max(0, consecutive - 1), JOB_MAX_BACKOFF)} s)`,
            rule: pods.length === 1 ? 'IN-1' : 'JB-3',
            pod: name,
          });
        }
      }
    }
    if (state === 'failing' && active().length === 0 && pods.every((p) => p.run.containers.every((c) => !isRunning(c)))) {
      state = 'done'; // JB-4: the Failed condition is added after the Pods terminated
      ctx.events.push({
        t,
        container: null,
        type: 'JobFailed',
        reason: failReason,
        detail: failReason === 'DeadlineExceeded' ? `Job activeDeadlineSeconds ${job.activeDeadlineSeconds ?? 0} reached` : `backoffLimit ${job.backoffLimit} exceeded (${failed} failed Pod(s))`,
        rule: failReason === 'DeadlineExceeded' ? 'JB-5' : 'JB-4',
      });
    }
  };
  for (let t = 0; t <= until; t++) {
    const newest = pods[pods.length - 1];
    if (newest && !newest.run.removed) for (const e of ctx.scenario.events ?? []) applyScenarioEvent(newest.run, e, t);
    for (let i = 0; i < 200; i++) {
      const before = ctx.events.length + pods.reduce((s, p) => s + p.run.rev, 0) + pods.length;
      controller(t);
      for (const p of pods) iterate(p.run, t);
      const after = ctx.events.length + pods.reduce((s, p) => s + p.run.rev, 0) + pods.length;
      if (after === before) break;
    }
    for (const p of pods) {
      if (p.run.removed) continue;
      publish(ctx, p.run, t);
      if (p.run.deletion && p.run.killDone) p.run.removed = true; // TM-9
    }
    if (state === 'done' && pods.every((p) => p.run.removed || p.run.killDone)) break;
  }
}

/**
 * The container names of the Pod in `input`, for {@link listPresets} / {@link presetById} (scenario.ts);
 * undefined when the object holds no Pod spec.
 */
export function presetPodOf(input: LifecycleInput): PresetPod | undefined {
  const pod = readWorkload(input.kind, input.object).pod;
  if (!pod) return undefined;
  return {
    initContainers: pod.initContainers.map((c) => ({ name: c.name, sidecar: c.kind === 'sidecar' })),
    containers: pod.containers.map((c) => c.name),
  };
}
