/**
 * The Pod Security admission rules: what the PodSecurity plugin says about each Pod and pod template of the
 * workspace, given the policy of its namespace (a labelled Namespace object of the workspace, else the
 * configured policy), and about Namespaces whose pod-security labels do not parse.
 * Follows `k8s.io/pod-security-admission` `admission/admission.go` (`ValidatePod`, `ValidatePodController`,
 * `EvaluatePod`, `ValidateNamespace`) as ../shared/pod-security-standards.md §0-§3 describes it.
 */
import type { FieldPath } from '../../document/field-path';
import { objAt, strAt } from '../json';
import { WORKSPACE_STEP_OBJECTS } from '../rule';
import type { KubernetesVersion, PodSecurityVerdict, Problem, WorkspaceObject, WorkspaceRule, WorkspaceRuleContext } from '../rule';
import type { PsaPod } from './checks';
import { apiserverMinor, evaluatePod, forbiddenMessageAround, objectName, podSecurityKey, psaPodOf, warningMessage } from './evaluate';
import type { Violation } from './evaluate';
import type { PodSecurityFixId } from './remedies';
import { formatLevelVersion, formatVersion, isPrivileged, LABEL_PREFIX, podSecurityLabels, resolvePolicy } from './policy';
import type { Level, LevelVersion, Policy, ResolvedPolicy } from './policy';
import type { Steps } from '../../util/steps';

const FAMILY = 'pod-security';

/** Where a Pod's policy comes from: a Namespace object of the workspace, or the settings. */
interface PolicySource {
  readonly resolved: ResolvedPolicy;
  /** The Namespace object, when the policy is its labels. */
  readonly namespace?: WorkspaceObject;
  readonly namespaceName: string;
}

/** Quick fix ids offered for each failing check (features/code-action.ts implements them). */
const FIXES_BY_CHECK: Readonly<Record<string, readonly PodSecurityFixId[]>> = {
  allowPrivilegeEscalation: ['pod-security-allow-privilege-escalation'],
  capabilities_restricted: ['pod-security-drop-all', 'pod-security-remove-capabilities'],
  capabilities_baseline: ['pod-security-remove-capabilities'],
  runAsNonRoot: ['pod-security-run-as-non-root'],
  seccompProfile_restricted: ['pod-security-seccomp'],
  hostPathVolumes: ['pod-security-remove-host-path'],
  restrictedVolumes: ['pod-security-remove-host-path'],
  hostNamespaces: ['pod-security-remove-host-namespaces'],
  privileged: ['pod-security-remove-privileged'],
};

/** The fix ids for a list of violations: one per failing check, then "make this Pod restricted". */
function fixesFor(violations: readonly Violation[]): PodSecurityFixId[] {
  const ids: PodSecurityFixId[] = [];
  for (const v of violations) for (const id of FIXES_BY_CHECK[v.checkId] ?? []) if (!ids.includes(id)) ids.push(id);
  ids.push('pod-security-restricted');
  return ids;
}

/** Every offending field of the violations, each noted with its check's reason. */
function relatedOf(violations: readonly Violation[]): { path: FieldPath; message: string }[] {
  const out: { path: FieldPath; message: string }[] = [];
  for (const v of violations) for (const path of v.paths) out.push({ path, message: v.reason });
  return out;
}

/** What a finding about a list of violations carries besides its message: its quick fixes and related fields. */
interface Remedies {
  readonly fixes: readonly PodSecurityFixId[];
  readonly related: readonly { path: FieldPath; message: string }[];
}

/**
 * {@link fixesFor} and {@link relatedOf} of each list of violations, built once per list: a workload's
 * `pod-security` and `pod-security-pods-rejected` findings are about the same list (warn follows enforce).
 */
function remediesOf(cache: Map<readonly Violation[], Remedies>, violations: readonly Violation[]): Remedies {
  let remedies = cache.get(violations);
  if (remedies === undefined) {
    remedies = { fixes: fixesFor(violations), related: relatedOf(violations) };
    cache.set(violations, remedies);
  }
  return remedies;
}

/** The `details` of the findings at each level (shared: findings never change their details). */
const LEVEL_DETAILS: Readonly<Record<Level, { readonly podSecurityLevel: Level }>> = {
  privileged: Object.freeze({ podSecurityLevel: 'privileged' }),
  baseline: Object.freeze({ podSecurityLevel: 'baseline' }),
  restricted: Object.freeze({ podSecurityLevel: 'restricted' }),
};

/**
 * The namespace a Pod or pod template is admitted in (`metadata.namespace`, `default` when unset); a Namespace object
 * of that name in the workspace gives the policy in force.
 */
export function podSecurityNamespaceOf(object: Pick<WorkspaceObject, 'object'>): string {
  return strAt(objAt(object.object, 'metadata'), 'namespace') ?? 'default';
}

/** The Namespace objects of the workspace by name (the first of a name wins), with their resolved policies. */
function namespacePolicies(objects: readonly WorkspaceObject[], ctx: WorkspaceRuleContext): Map<string, PolicySource> {
  const out = new Map<string, PolicySource>();
  for (const object of objects) {
    if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') continue;
    const name = objectName(object.object);
    if (name === '' || out.has(name)) continue;
    const labels = podSecurityLabels(objAt(objAt(object.object, 'metadata'), 'labels')) ?? {};
    out.set(name, { resolved: resolvePolicy(labels, ctx.kubernetesVersion), namespace: object, namespaceName: name });
  }
  return out;
}

function policyFor(object: WorkspaceObject, namespaces: ReadonlyMap<string, PolicySource>, configured: ResolvedPolicy): PolicySource {
  const name = podSecurityNamespaceOf(object);
  return namespaces.get(name) ?? { resolved: configured, namespaceName: name };
}

/** Where the policy in force comes from, in words: `namespace "prod"`, or `the configured policy (podls.podSecurity)`. */
function describeSource(source: PolicySource): string {
  return source.namespace !== undefined ? `namespace "${source.namespaceName}"` : 'the configured Pod Security policy (podls.podSecurity / --pod-security)';
}

/** What the Pod Security checks found in one object under its policy (never empty: an allowed object has none). */
interface Evaluation {
  readonly object: WorkspaceObject;
  readonly source: PolicySource;
  readonly enforce: readonly Violation[];
  readonly warn: readonly Violation[];
  readonly policy: Policy;
  readonly isPod: boolean;
}

/**
 * Evaluates every Pod and pod template of `objects` against its namespace's policy (enforce and warn; audit
 * is invisible to the client, L9). Objects whose policy is fully privileged are skipped (E5).
 */
function evaluateAll(objects: readonly WorkspaceObject[], ctx: WorkspaceRuleContext): Steps<Evaluated> {
  return ctx.memo(FAMILY, () => evaluateOnce(objects, ctx));
}

/** The evaluations of a workspace, the Namespace objects' policies, and the remedies built so far (see {@link remediesOf}). */
interface Evaluated {
  readonly evaluations: Evaluation[];
  readonly namespaces: Map<string, PolicySource>;
  readonly remedies: Map<readonly Violation[], Remedies>;
}

function sameLevelVersion(a: LevelVersion, b: LevelVersion): boolean {
  return a.level === b.level && formatVersion(a.version) === formatVersion(b.version);
}

/** The enforce and warn violations of one pod under a policy (E3: a Pod that enforce rejects is not warned). */
function evaluateUnder(pod: PsaPod, policy: Policy): PodSecurityVerdict {
  const enforce = policy.enforce.level === 'privileged' ? [] : evaluatePod(pod, policy.enforce);
  const warn =
    policy.warn.level === 'privileged' || (pod.isPod && enforce.length > 0) ? [] : sameLevelVersion(policy.warn, policy.enforce) ? enforce : evaluatePod(pod, policy.warn);
  return { enforce, warn };
}

/**
 * The names of the Namespace objects (`v1`, named) of `objects`: the namespaces whose policy is their labels, not the
 * configured policy.
 */
export function namespaceObjectNames(objects: readonly WorkspaceObject[]): Set<string> {
  const out = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') continue;
    const name = objectName(object.object);
    if (name !== '') out.add(name);
  }
  return out;
}

function* evaluateOnce(objects: readonly WorkspaceObject[], ctx: WorkspaceRuleContext): Steps<Evaluated> {
  const namespaces = namespacePolicies(objects, ctx);
  const configured = resolvePolicy(ctx.podSecurity, ctx.kubernetesVersion);
  const apiserver = apiserverMinor(ctx.kubernetesVersion);
  const evaluations: Evaluation[] = [];
  let step = 0;
  for (const object of objects) {
    if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
    if (object.kind === 'Namespace') continue;
    // The configured policy's findings about it were reported beforehand (podls check's workers), unless a Namespace
    // object gives its namespace's policy.
    if (object.podSecurityReported === true && (namespaces.size === 0 || !namespaces.has(podSecurityNamespaceOf(object)))) continue;
    const evaluation = evaluateObject(object, policyFor(object, namespaces, configured), apiserver);
    if (evaluation !== undefined) evaluations.push(evaluation);
  }
  return { evaluations, namespaces, remedies: new Map() };
}

/**
 * The evaluation of one object under the policy of `source`, or undefined when the policy is privileged (E5), the
 * kind is not evaluated (E1) or the object violates nothing. `apiserver`: the kube-apiserver minor release.
 */
function evaluateObject(object: WorkspaceObject, source: PolicySource, apiserver: number): Evaluation | undefined {
  const policy = source.resolved.policy;
  if (isPrivileged(policy)) return undefined;
  const pod = psaPodOf(object, apiserver);
  if (pod === undefined) return undefined;
  const verdict = evaluateUnder(pod, policy);
  if (verdict.enforce.length === 0 && verdict.warn.length === 0) return undefined;
  return { object, source, enforce: verdict.enforce, warn: verdict.warn, policy, isPod: object.kind === 'Pod' };
}

function firstPath(violations: readonly Violation[], fallback: FieldPath): FieldPath {
  return violations[0]?.paths[0] ?? fallback;
}

/** Namespace label errors (F5): `Namespace "<name>" is invalid: <err>` or `... is invalid: [<err1>, <err2>]`. */
function namespaceProblem(source: PolicySource): Problem | undefined {
  const errors = source.resolved.errors;
  const first = errors[0];
  if (first === undefined || source.namespace === undefined) return undefined;
  const list = errors.length === 1 ? first.message : `[${errors.map((e) => e.message).join(', ')}]`;
  const base = source.namespace.basePath;
  const labelPath = (key: string): FieldPath => [...base, 'metadata', 'labels', { key: `${LABEL_PREFIX}${key}` }];
  return {
    path: labelPath(first.key),
    errorType: 'Invalid',
    message: `Namespace "${source.namespaceName}" is invalid: ${list}`,
    ...(errors.length > 1 ? { related: errors.map((e) => ({ path: labelPath(e.key), message: e.message })) } : {}),
  };
}

/**
 * A finding's problem about an evaluation, as it is for every object with the same evaluation (the objects of one
 * `podSecurityKey`, evaluate.ts): `problem` is the evaluated object's; when the message names the object, `named`
 * holds the texts before and after the name.
 */
interface SharedProblem {
  readonly problem: Problem;
  readonly named: readonly [string, string] | undefined;
}

/** A message that names its object: the texts before and after the name, with `object`'s name between them. */
function namingObject(named: readonly [string, string], object: WorkspaceObject): string {
  return named[0] + objectName(object.object) + named[1];
}

/** The problem of `shared` about `object` (named in the message, when the message names its object). */
function problemAbout(shared: SharedProblem, object: WorkspaceObject): Problem {
  const named = shared.named;
  return named === undefined ? shared.problem : { ...shared.problem, message: namingObject(named, object) };
}

/**
 * The `pod-security` finding about an evaluation: the apiserver's text (F1 `Forbidden` for a Pod that enforce rejects,
 * F2/F3 warnings otherwise), at the first offending field, every offending field related; undefined when the level in
 * question (enforce for a rejected Pod, else warn) finds nothing.
 */
function podSecurityProblem(e: Evaluation, remedies: Map<readonly Violation[], Remedies>): SharedProblem | undefined {
  const rejected = e.isPod && e.enforce.length > 0;
  const violations = rejected ? e.enforce : e.warn;
  if (violations.length === 0) return undefined;
  const lv = rejected ? e.policy.enforce : e.policy.warn;
  const policy = formatLevelVersion(lv);
  const { fixes, related } = remediesOf(remedies, violations);
  const named = rejected ? forbiddenMessageAround(policy, violations) : undefined;
  const problem: Problem = {
    path: firstPath(violations, e.object.basePath),
    message: named !== undefined ? namingObject(named, e.object) : warningMessage(policy, violations),
    severity: rejected ? 'error' : 'warning',
    fixes,
    details: LEVEL_DETAILS[lv.level],
    related,
  };
  return { problem: rejected ? { ...problem, errorType: 'Forbidden' } : problem, named };
}

/**
 * The `pod-security-pods-rejected` finding about an evaluation: a workload (not a Pod) whose pod template violates the
 * enforce level (E4); undefined otherwise.
 */
function podsRejectedProblem(e: Evaluation, remedies: Map<readonly Violation[], Remedies>): SharedProblem | undefined {
  if (e.isPod || e.enforce.length === 0) return undefined;
  const policy = formatLevelVersion(e.policy.enforce);
  let reasons = '';
  for (let i = 0; i < e.enforce.length; i++) reasons += (i > 0 ? ', ' : '') + (e.enforce[i]?.reason ?? '');
  const { fixes, related } = remediesOf(remedies, e.enforce);
  const named: readonly [string, string] = [
    `${e.object.kind} "`,
    `" will be created, but ${describeSource(e.source)} enforces PodSecurity "${policy}" and its pod template violates it ` +
      `(${reasons}): every Pod it creates will be rejected and none will start`,
  ];
  return {
    problem: { path: firstPath(e.enforce, e.object.basePath), message: namingObject(named, e.object), fixes, details: LEVEL_DETAILS[e.policy.enforce.level], related },
    named,
  };
}

/** PSS: one finding per violating object with the apiserver's exact text (F1 for Pods enforce rejects, F2/F3 warnings). */
export const podSecurity: WorkspaceRule = {
  id: 'pod-security',
  family: FAMILY,
  severity: 'error',
  scope: 'workspace',
  summary: 'what the PodSecurity admission plugin says: Pods its enforce level rejects, warnings of its warn level, invalid namespace labels',
  *check(objects, report, ctx) {
    const { evaluations, namespaces, remedies } = yield* evaluateAll(objects, ctx);
    for (const source of namespaces.values()) {
      const problem = namespaceProblem(source);
      if (problem !== undefined && source.namespace !== undefined) report(source.namespace, problem);
    }
    for (const e of evaluations) {
      const problem = podSecurityProblem(e, remedies);
      if (problem !== undefined) report(e.object, problem.problem);
    }
  },
};

/** A workload whose pod template violates its namespace's enforce level: the controller's Pods are all rejected (E4). */
export const podSecurityPodsRejected: WorkspaceRule = {
  id: 'pod-security-pods-rejected',
  family: FAMILY,
  severity: 'error',
  scope: 'workspace',
  summary: "a workload whose pod template violates the namespace's enforce level is created, but every Pod it makes is rejected",
  *check(objects, report, ctx) {
    const { evaluations, remedies } = yield* evaluateAll(objects, ctx);
    for (const e of evaluations) {
      const problem = podsRejectedProblem(e, remedies);
      if (problem !== undefined) report(e.object, problem.problem);
    }
  },
};

/**
 * The configured policy as {@link reportConfiguredPodSecurity} applies it, worked out once for many files
 * ({@link configuredPodSecurityPlan}), and what it found so far. What the plan reports does not depend on what it has
 * seen: its memo only saves evaluating again a pod that an earlier object had.
 */
export interface ConfiguredPodSecurityPlan {
  /** The configured policy at the target version; undefined when nothing is reported (privileged, or both rules off). */
  readonly resolved: ResolvedPolicy | undefined;
  /** The kube-apiserver minor release the checks key on. */
  readonly apiserver: number;
  /** Whether `pod-security` and `pod-security-pods-rejected` run. */
  readonly findings: boolean;
  readonly podsRejected: boolean;
  /**
   * The problems found so far by `podSecurityKey` (evaluate.ts); at most {@link MEMO_LIMIT} keys (later pods are
   * evaluated each time). The workloads of one chart or base usually share a key.
   */
  readonly memo: Map<string, Remembered>;
}

/** What {@link reportConfiguredPodSecurity} reports about each object with a key: each rule's problem, if any. */
interface Remembered {
  readonly podSecurity: SharedProblem | undefined;
  readonly podsRejected: SharedProblem | undefined;
}

/** What an object that violates nothing gets. */
const NOTHING: Remembered = Object.freeze({ podSecurity: undefined, podsRejected: undefined });

/** The most keys a {@link ConfiguredPodSecurityPlan} remembers: with keys of a few kB, some MB per worker at most. */
const MEMO_LIMIT = 4096;

/**
 * The plan of the configured policy: `labels`, the label values without their prefix (`RuleOptions.podSecurity`),
 * resolved at `version`; `enabled(rule)`: whether a rule runs.
 */
export function configuredPodSecurityPlan(
  labels: Readonly<Record<string, string>>,
  version: KubernetesVersion,
  enabled: (rule: WorkspaceRule) => boolean,
): ConfiguredPodSecurityPlan {
  const findings = enabled(podSecurity);
  const podsRejected = enabled(podSecurityPodsRejected);
  const resolved = findings || podsRejected ? resolvePolicy(labels, version) : undefined;
  return {
    resolved: resolved === undefined || isPrivileged(resolved.policy) ? undefined : resolved,
    apiserver: apiserverMinor(version),
    findings,
    podsRejected,
    memo: new Map(),
  };
}

/**
 * The configured policy's findings about objects none of whose namespaces has a Namespace object (`podls check`'s
 * workers: `features/batch.ts`), without the steps, memo and object lists of {@link podSecurity} and
 * {@link podSecurityPodsRejected}: `report(rule, index, problem)` for each finding, in object order (`index` into
 * `objects`), then registry order. Namespace objects are skipped. Equals those rules' findings over the same objects
 * (test/rules/pod-security.test.ts checks it); never throws out of a check.
 */
export function reportConfiguredPodSecurity(
  objects: readonly WorkspaceObject[],
  plan: ConfiguredPodSecurityPlan,
  report: (rule: WorkspaceRule, index: number, problem: Problem) => void,
): void {
  const resolved = plan.resolved;
  if (resolved === undefined) return;
  const remedies = new Map<readonly Violation[], Remedies>();
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    if (object === undefined || object.kind === 'Namespace') continue;
    const found = remembered(object, { resolved, namespaceName: podSecurityNamespaceOf(object) }, plan, remedies);
    if (found.podSecurity !== undefined) report(podSecurity, i, problemAbout(found.podSecurity, object));
    if (found.podsRejected !== undefined) report(podSecurityPodsRejected, i, problemAbout(found.podsRejected, object));
  }
}

/**
 * The problems of `object` under the plan's policy (`source`), from the plan's memo when an earlier object had the
 * same `podSecurityKey`; otherwise evaluated, and remembered while the memo has room.
 */
function remembered(object: WorkspaceObject, source: PolicySource, plan: ConfiguredPodSecurityPlan, remedies: Map<readonly Violation[], Remedies>): Remembered {
  const key = podSecurityKey(object);
  const known = key === undefined ? undefined : plan.memo.get(key);
  if (known !== undefined) return known;
  const e = evaluateObject(object, source, plan.apiserver);
  const found: Remembered =
    e === undefined
      ? NOTHING
      : { podSecurity: plan.findings ? podSecurityProblem(e, remedies) : undefined, podsRejected: plan.podsRejected ? podsRejectedProblem(e, remedies) : undefined };
  if (key !== undefined && plan.memo.size < MEMO_LIMIT) plan.memo.set(key, found);
  return found;
}

/** The Pod Security rules, in registry order. */
export const POD_SECURITY_RULES: readonly WorkspaceRule[] = [podSecurity, podSecurityPodsRejected];
