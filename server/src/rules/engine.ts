/**
 * The rules engine: runs every applicable rule over one object (`checkObject`) or over all objects of
 * a workspace (`checkWorkspace`) and resolves each finding's severity from the rule default and the
 * user's settings. Pure: no I/O, no state between calls; a failing check is skipped, never thrown.
 */
import { runSteps } from '../util/steps';
import type { Steps } from '../util/steps';
import type { FieldPath } from '../document/field-path';
import { isBuiltInApiVersion } from '../schema/api-groups';
import { podSpecLocation } from '../schema/pod-specs';
import { isObject, valueAtPath } from './json';
import { listContainers } from './pod-walk';
import { ALL_RULES } from './registry';
import { configuredPodSecurityPlan, reportConfiguredPodSecurity } from './pod-security/rules';
import type { ConfiguredPodSecurityPlan } from './pod-security/rules';
import type {
  Finding,
  JsonObject,
  KubernetesVersion,
  ObjectContext,
  ObjectRule,
  PodContext,
  PodRule,
  Problem,
  Rule,
  Severity,
  SeveritySetting,
  WorkspaceFinding,
  WorkspaceObject,
  WorkspaceRule,
  WorkspaceRuleContext,
} from './rule';
import { compareVersions, DEFAULT_KUBERNETES_VERSION, inVersionRange, parseKubernetesVersion } from './version';

/** Options of a run. */
export interface RuleOptions {
  /** Target apiserver version, "1.35"; unparsable or empty means the default (1.35). */
  readonly kubernetesVersion: string;
  /** Per-rule severity settings (`podls.rules`, `--rule id=severity`). */
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  /** Enable all best-practice rules (otherwise only those given a severity in `severities`). */
  readonly bestPractices: boolean;
  /**
   * The Pod Security policy where no Namespace object of the workspace gives one (`podls.podSecurity`,
   * `--pod-security KEY=VALUE`): label names without the `pod-security.kubernetes.io/` prefix, and values.
   * Absent or empty: privileged.
   */
  readonly podSecurity?: Readonly<Record<string, string>>;
}

/** The object to check. */
export interface CheckInput {
  readonly kind: string;
  readonly apiVersion: string;
  /** The document as plain JSON; anything but an object yields no findings. */
  readonly object: unknown;
  /** `[]`, or `['items', i]` for an item of a List. */
  readonly basePath: FieldPath;
}

/** The note appended to pod-spec findings in StatefulSets (kubernetes/kubernetes#81147). */
export const STATEFULSET_NOTE =
  'note: the apiserver does not validate a StatefulSet\'s pod template on create; the StatefulSet is accepted but its Pods will be rejected';

/** Normalizes a severity setting (`info` -> `information`); undefined for `off`. */
export function settingToSeverity(setting: SeveritySetting): Severity | undefined {
  if (setting === 'off') return undefined;
  return setting === 'info' ? 'information' : setting;
}

/** The resolved target version of a run. */
export function targetVersion(options: RuleOptions): KubernetesVersion {
  return parseKubernetesVersion(options.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION;
}

/** The version range of each registered rule, parsed once (rules are constants). */
const RULE_VERSIONS: ReadonlyMap<Rule, { readonly min?: KubernetesVersion; readonly max?: KubernetesVersion }> = new Map(
  ALL_RULES.map((rule) => {
    const min = rule.minVersion === undefined ? undefined : parseKubernetesVersion(rule.minVersion);
    const max = rule.maxVersion === undefined ? undefined : parseKubernetesVersion(rule.maxVersion);
    return [rule, { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }];
  }),
);

/** True when the rule runs under these options and version (enabled, not off, version in range). */
export function ruleEnabled(rule: Rule, options: RuleOptions, version: KubernetesVersion): boolean {
  const setting = options.severities[rule.id];
  if (setting === 'off') return false;
  if (rule.bestPractice === true && !options.bestPractices && setting === undefined) return false;
  const range = RULE_VERSIONS.get(rule);
  if (range === undefined) return inVersionRange(version, rule.minVersion, rule.maxVersion);
  return (range.min === undefined || compareVersions(version, range.min) >= 0) && (range.max === undefined || compareVersions(version, range.max) <= 0);
}

/** The severity of one finding: the user's setting, else the finding's own, else the rule's default. */
export function resolveSeverity(rule: Rule, problem: Problem, options: RuleOptions): Severity | undefined {
  const setting = options.severities[rule.id];
  if (setting !== undefined) return settingToSeverity(setting);
  return problem.severity ?? rule.severity;
}

function toFinding(rule: Rule, problem: Problem, severity: Severity, note: boolean): Finding {
  // Optional properties are assigned, not spread from temporary objects: rules report tens of thousands of findings
  // in a `podls check`.
  const out: { -readonly [K in keyof Finding]: Finding[K] } = {
    ruleId: rule.id,
    path: problem.path,
    message: note ? `${problem.message} (${STATEFULSET_NOTE})` : problem.message,
    severity,
  };
  if (problem.field !== undefined) out.field = problem.field;
  if (problem.details !== undefined) out.details = problem.details;
  if (problem.target !== undefined) out.target = problem.target;
  if (problem.errorType !== undefined) out.errorType = problem.errorType;
  if (problem.fixes !== undefined) out.fixes = problem.fixes;
  if (problem.related !== undefined) out.related = problem.related;
  return out;
}

/** Builds the Pod context of an object whose kind holds a Pod spec, or undefined. */
export function podContextOf(ctx: ObjectContext): PodContext | undefined {
  const loc = podSpecLocation(ctx.kind);
  if (loc === undefined) return undefined;
  const spec = valueAtPath(ctx.object, loc.specPath);
  if (!isObject(spec)) return undefined;
  const meta = valueAtPath(ctx.object, loc.metadataPath);
  const metadata: JsonObject = isObject(meta) ? meta : {};
  return {
    ...ctx,
    spec,
    specPath: [...ctx.basePath, ...loc.specPath],
    metadata,
    metadataPath: [...ctx.basePath, ...loc.metadataPath],
    templatePath: [...ctx.basePath, ...loc.specPath.slice(0, -1)],
    isTemplate: loc.isTemplate,
    ownerKind: ctx.kind,
    containers: listContainers(spec, [...ctx.basePath, ...loc.specPath], ctx.kubernetesVersion),
  };
}

/**
 * The object and pod rules that run under one set of options, in registry order (the order of their findings), and
 * the target version: what {@link checkObject} would otherwise work out again for every object. Valid for `options`
 * only (compared by identity); build one with {@link planRules} per options and reuse it for many objects.
 */
export interface RulePlan {
  readonly options: RuleOptions;
  readonly version: KubernetesVersion;
  readonly rules: readonly (ObjectRule | PodRule)[];
}

/** The {@link RulePlan} of `options`: the enabled object and pod rules ({@link ruleEnabled}). */
export function planRules(options: RuleOptions): RulePlan {
  const version = targetVersion(options);
  const rules: (ObjectRule | PodRule)[] = [];
  for (const rule of ALL_RULES) if (rule.scope !== 'workspace' && ruleEnabled(rule, options, version)) rules.push(rule);
  return { options, version, rules };
}

/**
 * Runs every enabled object and pod rule over one object and returns its findings with severities
 * resolved (findings of rules set to `off` are dropped), in registry order. `plan`: {@link planRules} of `options`,
 * when the caller checks many objects (a plan for other options is ignored). Never throws.
 */
export function checkObject(input: CheckInput, options: RuleOptions, plan?: RulePlan): Finding[] {
  if (!isObject(input.object)) return [];
  const { version, rules } = plan !== undefined && plan.options === options ? plan : planRules(options);
  // Rules see the object at the root, so their messages name paths as the apiserver does for that object (kubectl
  // sends each item of a List on its own); the paths of their findings are then placed under `basePath`.
  const ctx: ObjectContext = {
    kind: input.kind,
    apiVersion: input.apiVersion,
    object: input.object,
    basePath: [],
    kubernetesVersion: version,
    customResource: !isBuiltInApiVersion(input.apiVersion),
  };
  // Custom resources get the generic metadata validation only: their kinds (a CRD may call one `Deployment`)
  // say nothing of their spec.
  const pod = ctx.customResource ? undefined : podContextOf(ctx);
  const out: Finding[] = [];
  const statefulSet = ctx.kind === 'StatefulSet';
  // The rule running now: `report` resolves severities and notes for it as its problems come (what a rule reported
  // before failing on unexpected input is kept).
  let rule: ObjectRule | PodRule | undefined;
  let note = false;
  const report = (problem: Problem): void => {
    if (rule === undefined) return;
    const severity = resolveSeverity(rule, problem, options);
    if (severity !== undefined) out.push(underBase(toFinding(rule, problem, severity, note && severity === 'error'), input.basePath));
  };
  for (const next of rules) {
    if (ctx.customResource && next.customResources !== true) continue;
    if (next.scope === 'pod' && pod === undefined) continue;
    rule = next;
    note = next.scope === 'pod' && statefulSet && next.validatedForStatefulSet !== true;
    try {
      if (next.scope === 'object') next.check(ctx, report);
      else if (pod !== undefined) next.check(pod, report);
    } catch {
      // A rule that fails on unexpected input reports what it found before failing.
    }
  }
  rule = undefined;
  return out;
}

/** A finding of an object checked at the root, with its paths placed under `base` (`items[i]` of a List). */
function underBase(finding: Finding, base: FieldPath): Finding {
  if (base.length === 0) return finding;
  return {
    ...finding,
    path: [...base, ...finding.path],
    ...(finding.field !== undefined ? { field: [...base, ...finding.field] } : {}),
    ...(finding.related !== undefined ? { related: finding.related.map((r) => ({ ...r, path: [...base, ...r.path] })) } : {}),
  };
}

/**
 * Runs the workspace rules (Service selects nothing, overlapping workload selectors, Pod Security) over all objects
 * of a workspace; with `family`, only the enabled rules of that family (`RuleMeta.family`, e.g. `pod-security`).
 * Never throws.
 */
export function checkWorkspace(objects: readonly WorkspaceObject[], options: RuleOptions, family?: string): WorkspaceFinding[] {
  return runSteps(checkWorkspaceSteps(objects, options, family));
}

/**
 * {@link checkWorkspace} in steps: yields after each workspace rule (the rules share their memos across the steps).
 * Never throws.
 */
export function* checkWorkspaceSteps(objects: readonly WorkspaceObject[], options: RuleOptions, family?: string): Steps<WorkspaceFinding[]> {
  const version = targetVersion(options);
  const memos = new Map<string, unknown>();
  const ctx: WorkspaceRuleContext = {
    kubernetesVersion: version,
    podSecurity: options.podSecurity ?? {},
    *memo<T>(key: string, compute: () => Steps<T>): Steps<T> {
      // The key's owner stores one type under it (the contract of WorkspaceRuleContext.memo).
      if (memos.has(key)) return memos.get(key) as T;
      const value = yield* compute();
      memos.set(key, value);
      return value;
    },
  };
  const out: WorkspaceFinding[] = [];
  for (const rule of ALL_RULES) {
    if (rule.scope !== 'workspace' || (family !== undefined && rule.family !== family) || !ruleEnabled(rule, options, version)) continue;
    try {
      yield* rule.check(objects, (object, problem) => reportWorkspaceFinding(out, rule, object, problem, options), ctx);
    } catch {
      // see checkObject
    }
    yield;
  }
  return out;
}

/** Adds a workspace rule's problem about `object` to `out` as a finding with its severity resolved (none when `off`). */
function reportWorkspaceFinding(out: WorkspaceFinding[], rule: WorkspaceRule, object: WorkspaceObject, problem: Problem, options: RuleOptions): void {
  const severity = resolveSeverity(rule, problem, options);
  // Assigned to the fresh finding: spreading it into another object costs more (podls check makes tens of thousands).
  if (severity !== undefined) out.push(Object.assign(toFinding(rule, problem, severity, false), { uri: object.uri, documentIndex: object.documentIndex }));
}

/** The configured Pod Security policy of `options`, for {@link checkConfiguredPodSecurity} over many files. */
export interface PodSecurityPlan {
  readonly options: RuleOptions;
  readonly configured: ConfiguredPodSecurityPlan;
}

/** The {@link PodSecurityPlan} of `options`: the policy resolved at the target version, the rules that run. */
export function planPodSecurity(options: RuleOptions): PodSecurityPlan {
  const version = targetVersion(options);
  return { options, configured: configuredPodSecurityPlan(options.podSecurity ?? {}, version, (rule) => ruleEnabled(rule, options, version)) };
}

/**
 * The findings of the configured Pod Security policy (`options.podSecurity`) about `objects`, as if no Namespace
 * object gave their namespaces' policies: per object with findings (`index` into `objects`), in object order, each
 * object's findings in registry order. The same findings as `checkWorkspace(objects, options, 'pod-security')` over
 * objects without Namespace objects among them, at a fraction of the cost (no steps, memo or per-rule passes):
 * `podls check`'s workers run it for every file (features/batch.ts). `plan`: {@link planPodSecurity} of `options`,
 * when the caller checks many files (a plan for other options is ignored); objects of those files that share a
 * `podSecurityKey` (rules/pod-security/evaluate.ts) are evaluated once per plan. Never throws.
 */
export function checkConfiguredPodSecurity(
  objects: readonly WorkspaceObject[],
  options: RuleOptions,
  plan?: PodSecurityPlan,
): { index: number; findings: WorkspaceFinding[] }[] {
  const { configured } = plan !== undefined && plan.options === options ? plan : planPodSecurity(options);
  const out: { index: number; findings: WorkspaceFinding[] }[] = [];
  if (configured.resolved === undefined) return out;
  try {
    reportConfiguredPodSecurity(objects, configured, (rule, index, problem) => {
      const object = objects[index];
      if (object === undefined) return;
      let last = out[out.length - 1];
      if (last === undefined || last.index !== index) {
        last = { index, findings: [] };
        out.push(last);
      }
      reportWorkspaceFinding(last.findings, rule, object, problem, options);
    });
  } catch {
    // see checkObject
  }
  return out.filter((o) => o.findings.length > 0);
}
