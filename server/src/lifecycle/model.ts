/**
 * Types of the Pod lifecycle preview: the scenario a user gives (lifecycle-spec IN-3) and the
 * Timeline the simulator returns (SIM-8). Plain JSON-compatible data, no behaviour.
 * All times are whole seconds since the Pod object (or, for Jobs, the Job) was created (SIM-1).
 */

/** The three probe types (PR-1). */
export type ProbeType = 'startup' | 'readiness' | 'liveness';
/** A scripted probe outcome (IN-3); `error` is a prober error that the kubelet discards (PR-9). */
export type ProbeOutcome = 'success' | 'failure' | 'timeout' | 'error';
/** The two lifecycle hooks (HK-1, HK-2). */
export type HookName = 'postStart' | 'preStop';

/** A process that exits by itself `exitAfter` seconds after it started, with `exitCode`. */
export interface ExitBehaviour {
  readonly exitAfter: number;
  readonly exitCode: number;
}
/** What one container instance does (IN-3 `runs[i]`): exit after n s, or run until killed. */
export type RunBehaviour = ExitBehaviour | 'forever';
/** One step of a probe script: from `from` seconds after the instance started, attempts return `result`. */
export interface ProbeStep {
  readonly from: number;
  readonly result: ProbeOutcome;
}
/** A hook that runs `seconds` and then succeeds or fails; `'hang'` never completes (IN-3). */
export type HookBehaviour = { readonly seconds: number; readonly result: 'success' | 'failure' } | 'hang';

/** The behaviour script of one container (IN-3); every field is optional. */
export interface ContainerScenario {
  /** Behaviour of instance i (restart number i); the last entry repeats. Default `['forever']`. */
  readonly runs?: readonly RunBehaviour[];
  /** Reaction to SIGTERM; default `{exitAfter: 0, exitCode: 143}`; `'ignore'` needs SIGKILL (exit 137). */
  readonly onSigterm?: ExitBehaviour | 'ignore';
  /** Probe outcomes as a function of seconds since the instance started; default success. */
  readonly probes?: Readonly<Partial<Record<ProbeType, readonly ProbeStep[]>>>;
  /** Hook outcomes; default `{seconds: 0, result: 'success'}` (a `sleep` handler: its seconds). */
  readonly hooks?: Readonly<Partial<Record<HookName, HookBehaviour>>>;
  /** Image pull time of this container in seconds (blocks the pod worker, SIM-3). */
  readonly pullSeconds?: number;
}

/** `{delete: {at, gracePeriodSeconds?}}`: an API DELETE at `at` (TM-2). */
export interface DeleteScenarioEvent {
  readonly delete: { readonly at: number; readonly gracePeriodSeconds?: number };
}
/** `{setCondition: {at, type, status}}`: an external controller sets a readiness-gate condition (CD-4). */
export interface SetConditionScenarioEvent {
  readonly setCondition: { readonly at: number; readonly type: string; readonly status: 'True' | 'False' | 'Unknown' };
}
/** A pod-level scenario event (IN-3). */
export type ScenarioEvent = DeleteScenarioEvent | SetConditionScenarioEvent;

/** A scenario: exactly the fields of lifecycle-spec IN-3, all optional (defaults in `scenario.ts`). */
export interface Scenario {
  /** Seconds from creation until the Pod is bound (SU-1); default 0. */
  readonly scheduleDelay?: number;
  /** Seconds the sandbox takes to create (SU-3); default 1. */
  readonly sandboxSeconds?: number;
  /** Default image pull seconds for every container; default 0. */
  readonly pullSeconds?: number;
  /** Simulated horizon in seconds; default 600. */
  readonly until?: number;
  /** Behaviour per container name. */
  readonly containers?: Readonly<Record<string, ContainerScenario>>;
  readonly events?: readonly ScenarioEvent[];
}

/** Runtime event types of the log (issue 4). */
export type TimelineEventType =
  | 'Scheduled'
  | 'SandboxReady'
  | 'ContainerStarted'
  | 'ContainerExited'
  | 'HookStarted'
  | 'HookFinished'
  | 'ProbeResult'
  | 'KillRequested'
  | 'SIGTERM'
  | 'SIGKILL'
  | 'BackOff'
  | 'Deleted'
  | 'DeadlineExceeded'
  | 'PodCreated'
  | 'JobComplete'
  | 'JobFailed';

/**
 * Why a kill was requested: the five reasons, plus `killPod` for the kubelet's KillPod after all
 * app containers finished or a regular init container failed under `Never` (AC-4, IC-2).
 */
export type KillReason = 'liveness' | 'startup' | 'postStart' | 'deletion' | 'deadline' | 'killPod';

/** One runtime event: what happened at `t`, to which container, and the spec rule that says so. */
export interface TimelineEvent {
  readonly t: number;
  /** Container name, or null for pod-level events. */
  readonly container: string | null;
  readonly type: TimelineEventType;
  readonly exitCode?: number;
  readonly probe?: ProbeType;
  /** Probe result (`success`, `failure`, `timeout`) or hook result (`success`, `failure`, `timeout`). */
  readonly result?: string;
  /** For `KillRequested`: a {@link KillReason}; for Job events the Job condition reason. */
  readonly reason?: string;
  readonly hook?: HookName;
  /** A sentence for people. */
  readonly detail: string;
  /** The lifecycle-spec rule id, e.g. `BO-3`. */
  readonly rule: string;
  /** Pod name; set only for Jobs and CronJobs, which may create several Pods (JB). */
  readonly pod?: string;
}

/** Pod phases the kubelet sets (PH-1); `Unknown` is never produced (PH-5). */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
/** The five pod conditions (CD). */
export type PodConditionType = 'PodScheduled' | 'PodReadyToStartContainers' | 'Initialized' | 'ContainersReady' | 'Ready';
/** The five pod conditions in the order kubectl describe prints them. */
export const POD_CONDITION_TYPES: readonly PodConditionType[] = [
  'PodScheduled',
  'PodReadyToStartContainers',
  'Initialized',
  'ContainersReady',
  'Ready',
];
/** A condition's status as the simulator publishes it. */
export type ConditionStatus = 'True' | 'False';
/** Regular init container, sidecar (init container with `restartPolicy: Always`, SC-1), or app container. */
export type ContainerKind = 'init' | 'sidecar' | 'app';
/** The three container states (CS-1). */
export type ContainerStateName = 'waiting' | 'running' | 'terminated';

/** The previous instance's terminated state (`lastState.terminated`). */
export interface LastTerminatedState {
  readonly exitCode: number;
  readonly reason: string;
  readonly finishedAt: number;
}

/** One published container status (CS-1). */
export interface ContainerStatusSnapshot {
  readonly name: string;
  readonly type: ContainerKind;
  readonly state: ContainerStateName;
  /** Waiting or terminated reason (`PodInitializing`, `CrashLoopBackOff`, `Completed`, `Error`). */
  readonly reason?: string;
  readonly message?: string;
  readonly exitCode?: number;
  readonly ready: boolean;
  readonly started: boolean;
  readonly restartCount: number;
  readonly lastState?: LastTerminatedState;
}

/** Reason and message of a condition that has them. */
export interface ConditionDetail {
  readonly reason: string;
  readonly message?: string;
}

/** kubectl get pod columns (DSP-1..3). */
export interface KubectlColumns {
  /** STATUS, e.g. `Init:1/2`, `CrashLoopBackOff`, `Terminating`. */
  readonly status: string;
  /** READY, e.g. `1/2`. */
  readonly ready: string;
  /** RESTARTS as kubectl prints it at the snapshot time, e.g. `3 (12s ago)`. */
  readonly restarts: string;
  /** Time of the restart the RESTARTS age counts from, if any. */
  readonly lastRestartAt?: number;
}

/** The full published status at one instant (SIM-4). */
export interface PodSnapshot {
  readonly t: number;
  /** Pod name; set only for Jobs and CronJobs. */
  readonly pod?: string;
  readonly phase: PodPhase;
  /** `status.reason`, e.g. `DeadlineExceeded`. */
  readonly reason?: string;
  readonly conditions: Readonly<Record<PodConditionType, ConditionStatus>>;
  /** Reasons and messages of the conditions that have one (CD-3..5). */
  readonly conditionDetails?: Readonly<Partial<Record<PodConditionType, ConditionDetail>>>;
  /** Init containers (regular and sidecar) in spec order, then app containers. */
  readonly containers: readonly ContainerStatusSnapshot[];
  readonly kubectl: KubectlColumns;
  /** True once `deletionTimestamp` is set. */
  readonly terminating?: boolean;
}

/** Something validation forbids or the preview does not model (VAL, WARN, §21). */
export interface TimelineWarning {
  readonly rule: string;
  readonly message: string;
}

/** The simulator's whole output (SIM-8); `--format json` prints it as is. */
export interface Timeline {
  readonly events: readonly TimelineEvent[];
  readonly snapshots: readonly PodSnapshot[];
  readonly warnings: readonly TimelineWarning[];
}
