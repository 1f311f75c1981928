/**
 * Evaluating a Pod or pod template against one Pod Security level and version, and the apiserver's texts
 * (../shared/pod-security-standards.md §1 E1, §3 F1-F3, O1-O3, L10-L11): which check revisions run, in which
 * order, and how their reasons and details are joined.
 */
import { podSpecLocation } from '../../schema/pod-specs';
import type { PodSpecLocation } from '../../schema/pod-specs';
import type { FieldPath } from '../../document/field-path';
import { arrAt, isObject, objAt, strAt, valueAtPath } from '../json';
import type { ContainerKind } from '../pod-walk';
import type { JsonObject, KubernetesVersion, PodSecurityViolation, WorkspaceObject } from '../rule';
import { CHECKS } from './checks';
import type { CheckResult, PodSecurityCheck, PsaContainer, PsaPod } from './checks';
import type { Level, LevelVersion } from './policy';

/** The API group each kind the PodSecurity plugin evaluates belongs to (`defaultPodSpecResources`, E1). */
const EVALUATED_KINDS: Readonly<Record<string, string>> = {
  Pod: '',
  PodTemplate: '',
  ReplicationController: '',
  ReplicaSet: 'apps',
  Deployment: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
};

/** True when the PodSecurity plugin evaluates objects of this kind and apiVersion (E1); CRDs are ignored. */
export function isEvaluatedKind(kind: string, apiVersion: string): boolean {
  const group = EVALUATED_KINDS[kind];
  if (group === undefined) return false;
  const slash = apiVersion.indexOf('/');
  return (slash < 0 ? '' : apiVersion.slice(0, slash)) === group;
}

const VISIT_ORDER: readonly ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** The Pod spec fields that hold containers ({@link VISIT_ORDER}). */
const CONTAINER_LISTS: ReadonlySet<string> = new Set(VISIT_ORDER);

/** The part of an object {@link psaPodOf} and {@link podSecurityKey} read. */
type EvaluatedObject = Pick<WorkspaceObject, 'kind' | 'apiVersion' | 'object' | 'basePath'>;

/**
 * The Pod spec of an object the PodSecurity plugin evaluates (E1) and where it sits in the object, or undefined when
 * the kind is not evaluated or has no spec object.
 */
function evaluatedPodSpec(object: EvaluatedObject): { readonly loc: PodSpecLocation; readonly spec: JsonObject } | undefined {
  if (!isEvaluatedKind(object.kind, object.apiVersion)) return undefined;
  const loc = podSpecLocation(object.kind);
  const spec = loc === undefined ? undefined : valueAtPath(object.object, loc.specPath);
  return loc !== undefined && isObject(spec) ? { loc, spec } : undefined;
}

/**
 * The Pod or pod template of an object as the checks see it, or undefined when the kind is not evaluated or has
 * no spec object. `apiserver` is the kube-apiserver minor release.
 */
export function psaPodOf(object: EvaluatedObject, apiserver: number): PsaPod | undefined {
  const found = evaluatedPodSpec(object);
  if (found === undefined) return undefined;
  const { loc, spec } = found;
  const meta = valueAtPath(object.object, loc.metadataPath);
  // concat and index loops, not spreads and item lists: this runs for every pod, and each worker of `podls check`
  // compiles it anew (spreads and iterator closures made its optimised code four times larger).
  const specPath: FieldPath = object.basePath.concat(loc.specPath);
  const containers: PsaContainer[] = [];
  for (let k = 0; k < VISIT_ORDER.length; k++) {
    const kind = VISIT_ORDER[k];
    const list = kind === undefined ? undefined : arrAt(spec, kind);
    if (kind === undefined || list === undefined) continue;
    for (let index = 0; index < list.length; index++) {
      const container = list[index];
      if (!isObject(container)) continue;
      containers.push({ name: strAt(container, 'name') ?? '', container, path: specPath.concat(kind, index), kind, securityContext: objAt(container, 'securityContext') });
    }
  }
  return {
    spec,
    specPath,
    metadata: isObject(meta) ? meta : {},
    metadataPath: object.basePath.concat(loc.metadataPath),
    securityContext: objAt(spec, 'securityContext'),
    windows: strAt(objAt(spec, 'os'), 'name') === 'windows',
    containers,
    isPod: !loc.isTemplate,
    apiserver,
  };
}

/**
 * Container fields no Pod Security check reads (checks.ts reads a container's `name`, `securityContext`, `ports`,
 * probes and `lifecycle`; ../shared/pod-security-standards.md §4): {@link podSecurityKey} leaves them out, so that
 * workloads that differ only in their images, commands, environment or resources share one evaluation. A field a
 * check starts to read must leave this list.
 */
const FIELDS_NO_CHECK_READS: ReadonlySet<string> = new Set([
  'image',
  'imagePullPolicy',
  'command',
  'args',
  'workingDir',
  'env',
  'envFrom',
  'resources',
  'resizePolicy',
  'volumeMounts',
  'volumeDevices',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'stdin',
  'stdinOnce',
  'tty',
]);

/**
 * Everything of an object the Pod Security checks can read, as a string, or undefined when the PodSecurity plugin does
 * not evaluate it (E1) or it has no spec object: its kind, apiVersion and `basePath`, its pod's annotations, and its Pod
 * spec, each container without {@link FIELDS_NO_CHECK_READS}. Objects with the same key get the same violations, paths
 * included, at a level-version on a release (so a caller may evaluate one of them for all); objects whose fields come
 * in another order get different keys. Cost: one `JSON.stringify` of about the Pod spec's size.
 */
export function podSecurityKey(object: EvaluatedObject): string | undefined {
  const found = evaluatedPodSpec(object);
  if (found === undefined) return undefined;
  const { loc, spec } = found;
  const parts: unknown[] = [object.kind, object.apiVersion, object.basePath, objAt(valueAtPath(object.object, loc.metadataPath), 'annotations') ?? null];
  for (const field in spec) {
    const value = spec[field];
    parts.push(field);
    if (!Array.isArray(value) || !CONTAINER_LISTS.has(field)) {
      parts.push(value);
      continue;
    }
    // A container becomes the list of its other fields' names and values, in its order.
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const container: unknown = value[i];
      if (!isObject(container)) {
        list.push(container);
        continue;
      }
      const kept: unknown[] = [];
      for (const name in container) if (!FIELDS_NO_CHECK_READS.has(name)) kept.push(name, container[name]);
      list.push(kept);
    }
    parts.push(list);
  }
  return JSON.stringify(parts);
}

/** The minor release the checks key on: `35` for 1.35 (a 2.x release counts as newer than every 1.x). */
export function apiserverMinor(version: KubernetesVersion): number {
  return version.major > 1 ? 99 : version.minor;
}

function computeNewestPolicyVersion(apiserver: number): number {
  let max = 0;
  for (const check of CHECKS) for (const r of check.revisions) if (r.minVersion <= apiserver && r.minVersion > max) max = r.minVersion;
  return max;
}

/** The newest minor any check revision names: releases from it on ship every revision. */
const NEWEST_KNOWN = Math.max(...CHECKS.flatMap((c) => c.revisions.map((r) => r.minVersion)));

/** {@link computeNewestPolicyVersion} of each minor from 0 to {@link NEWEST_KNOWN}, computed once at load. */
const NEWEST_POLICY_VERSION: readonly number[] = Object.freeze(Array.from({ length: NEWEST_KNOWN + 1 }, (_, minor) => computeNewestPolicyVersion(minor)));

/** The newest policy version a kube-apiserver release knows (`maxVersion`, L11): the newest revision it ships. */
export function newestPolicyVersion(apiserver: number): number {
  return NEWEST_POLICY_VERSION[Math.max(0, Math.min(NEWEST_KNOWN, Math.floor(apiserver)))] ?? computeNewestPolicyVersion(apiserver);
}

/** The policy version a level-version is evaluated as on a release: `latest` and future versions mean the newest (L10). */
export function effectiveVersion(lv: LevelVersion, apiserver: number): number {
  const newest = newestPolicyVersion(apiserver);
  return lv.version.latest || lv.version.minor > newest ? newest : lv.version.minor;
}

/** One check revision that runs. */
export interface ActiveCheck {
  readonly check: PodSecurityCheck;
  readonly evaluate: (pod: PsaPod) => CheckResult | undefined;
}

function computeActiveChecks(level: Level, version: number, apiserver: number): readonly ActiveCheck[] {
  if (level === 'privileged') return [];
  const active: ActiveCheck[] = [];
  for (const check of CHECKS) {
    if (check.level === 'restricted' && level !== 'restricted') continue;
    let evaluate: ActiveCheck['evaluate'] | undefined;
    for (const r of check.revisions) if (r.minVersion <= version && r.minVersion <= apiserver) evaluate = r.evaluate;
    if (evaluate !== undefined) active.push({ check, evaluate });
  }
  const overridden = new Set(active.flatMap((a) => a.check.overrides ?? []));
  return Object.freeze(active.filter((a) => !overridden.has(a.check.id)));
}

/**
 * The minors at which some check revision starts, ascending, from 0: {@link computeActiveChecks} only compares
 * versions with these, so its answer is the same for every minor from one breakpoint to the next.
 */
const BREAKPOINTS: readonly number[] = [...new Set([0, ...CHECKS.flatMap((c) => c.revisions.map((r) => r.minVersion))])].sort((a, b) => a - b);

/** The index in {@link BREAKPOINTS} of the largest breakpoint not above `minor`. */
function breakpointIndex(minor: number): number {
  let i = 0;
  while (i + 1 < BREAKPOINTS.length && (BREAKPOINTS[i + 1] ?? Infinity) <= minor) i++;
  return i;
}

/** {@link computeActiveChecks} for every level and pair of breakpoints (release, version), computed once at load. */
const ACTIVE_CHECKS: Readonly<Record<'baseline' | 'restricted', readonly (readonly (readonly ActiveCheck[])[])[]>> = {
  baseline: tableFor('baseline'),
  restricted: tableFor('restricted'),
};

function tableFor(level: 'baseline' | 'restricted'): readonly (readonly (readonly ActiveCheck[])[])[] {
  return Object.freeze(BREAKPOINTS.map((apiserver) => Object.freeze(BREAKPOINTS.map((version) => computeActiveChecks(level, version, apiserver)))));
}

/**
 * The checks a level runs at a policy version on a release, in evaluation order (O1-O3): for each check the
 * revision with the largest minimum version not above the version (and shipped in the release); at restricted,
 * baseline checks overridden by an active restricted check are left out.
 */
export function activeChecks(level: Level, version: number, apiserver: number): readonly ActiveCheck[] {
  if (level === 'privileged') return [];
  const at = (n: number): number => breakpointIndex(Math.max(0, Math.min(NEWEST_KNOWN, n)));
  return ACTIVE_CHECKS[level][at(apiserver)]?.[at(version)] ?? [];
}

/** A failing check of an evaluation. */
export type Violation = PodSecurityViolation;

/** The failing checks of a pod at a level-version, in the order the apiserver lists them; empty when allowed. */
export function evaluatePod(pod: PsaPod, lv: LevelVersion): Violation[] {
  const out: Violation[] = [];
  const active = activeChecks(lv.level, effectiveVersion(lv, pod.apiserver), pod.apiserver);
  // An index loop: this runs for every pod, and iterating allocates where the engine does not remove the iterator.
  for (let i = 0; i < active.length; i++) {
    const entry = active[i];
    if (entry === undefined) continue;
    const { check, evaluate } = entry;
    let result: CheckResult | undefined;
    try {
      result = evaluate(pod);
    } catch {
      result = undefined; // a check that meets unexpected input reports nothing
    }
    if (result !== undefined) out.push({ reason: result.reason, detail: result.detail, paths: result.paths, checkId: check.id });
  }
  return out;
}

/** `<reason> (<detail>)` of each violation, joined with `, ` (§3.2). */
export function detailList(violations: readonly Violation[]): string {
  let out = '';
  for (let i = 0; i < violations.length; i++) {
    const v = violations[i];
    if (v === undefined) continue;
    if (i > 0) out += ', ';
    out += v.detail === '' ? v.reason : `${v.reason} (${v.detail})`;
  }
  return out;
}

/**
 * F1, `pods "<name>" is forbidden: violates PodSecurity "<level>:<version>": <detail-list>`, as the texts before and
 * after the Pod's name.
 */
export function forbiddenMessageAround(policy: string, violations: readonly Violation[]): readonly [string, string] {
  return ['pods "', `" is forbidden: violates PodSecurity "${policy}": ${detailList(violations)}`];
}

/** F2/F3: `would violate PodSecurity "<level>:<version>": <detail-list>`. */
export function warningMessage(policy: string, violations: readonly Violation[]): string {
  return `would violate PodSecurity "${policy}": ${detailList(violations)}`;
}

/** The name the apiserver uses in messages: `metadata.name`, else the `generateName` prefix. */
export function objectName(object: unknown): string {
  const meta = objAt(object, 'metadata');
  return strAt(meta, 'name') ?? strAt(meta, 'generateName') ?? '';
}

