/**
 * The rules engine's vocabulary: a rule, what it reports, and with what severity.
 *
 * A rule is data plus a check function. Checks read an immutable context (the object as plain JSON,
 * the Pod specs it holds, the target Kubernetes version) and report findings in `FieldPath` terms;
 * they never compute text ranges or edits. `features/diagnostics.ts` maps findings to ranges.
 */
import type { Steps } from '../util/steps';
import type { ContainerKind, ContainerRef } from './pod-walk';
import type { FieldPath } from '../document/field-path';

/**
 * The kube-apiserver's error types (k8s.io/apimachinery/pkg/util/validation/field `ErrorType`), plus the
 * two decoding errors podls reports for fields and duplicate keys (the apiserver's strict decoder
 * reports them as `unknown field` and `duplicate field`).
 */
export type ErrorType =
  | 'Required'
  | 'Invalid'
  | 'NotSupported'
  | 'Duplicate'
  | 'Forbidden'
  | 'NotFound'
  | 'TooLong'
  | 'TooMany'
  | 'TypeInvalid'
  | 'UnknownField'
  | 'DuplicateField'
  | 'Internal';

/** Diagnostic severity, as LSP and `podls check --output json` name it. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A severity setting for a rule: a severity, or `off`. `info` is accepted as `information`. */
export type SeveritySetting = Severity | 'info' | 'off';

/** Which part of the node at `path` a finding points at: the value (default) or its key. */
export type FindingTarget = 'value' | 'key';

/** One problem a rule found in one document. */
export interface Finding {
  /** The stable kebab-case rule id, e.g. `selector-values-required`. */
  readonly ruleId: string;
  /** Where it is shown, from the document root (`spec.template.spec.containers[0].ports[1].name`). */
  readonly path: FieldPath;
  /**
   * The path the apiserver names, when it is not `path`: `spec.containers[0].image` for a missing image shown on
   * the container, `metadata.labels` for a bad label shown on its key. JSON and SARIF `fieldPath` render it.
   */
  readonly field?: FieldPath;
  /** Point at the key instead of the value (e.g. an object that lacks a required field: its key). */
  readonly target?: FindingTarget;
  /** The apiserver error type where the finding mirrors an apiserver error. */
  readonly errorType?: ErrorType;
  /** Parts of the message quick fixes act on (they never parse the message). */
  readonly details?: FindingDetails;
  /**
   * The full message in the apiserver's wording, path first:
   * `spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"`.
   */
  readonly message: string;
  /** Overrides the rule's default severity (e.g. a warning variant of an error rule). */
  readonly severity?: Severity;
  /** Ids of quick fixes that apply (see features/code-action.ts). */
  readonly fixes?: readonly string[];
  /** Other fields of the same object the finding is about (LSP `relatedInformation`, SARIF `relatedLocations`). */
  readonly related?: readonly RelatedField[];
}

/** A field a finding refers to besides its own location, with a short note on why. */
export interface RelatedField {
  readonly path: FieldPath;
  readonly message: string;
}

/**
 * The parts of a finding's message that quick fixes act on, as data (`Diagnostic.data.details` over LSP): a fix
 * switches on these, never on the message text.
 */
export interface FindingDetails {
  /** The name the finding suggests (`did you mean "Deployment"?`). */
  readonly suggestion?: string;
  /** The JSON type the field takes (`integer`, `string`, `integer or string`, `array`, ...), for `invalid-type`. */
  readonly expectedType?: string;
  /** The apiVersions that serve the kind (`apps/v1`), for `api-version-mismatch`. */
  readonly servedBy?: readonly string[];
  /**
   * The values the field accepts (`NotSupported`, `Required` with its valid values, and an `Invalid` that allows
   * fewer values than the type: `only "Never" is supported when podFailurePolicy is specified`), in the message's order.
   */
  readonly supported?: readonly string[];
  /**
   * A container request compared with the limit of the same resource (`validateResourceRequirements`, R5/R6): the
   * resource name, the limit as the apiserver prints it (`500m`), and whether the request must be at most the limit
   * (`must be less than or equal to cpu limit of 500m`) or equal to it (resources that cannot be overcommitted).
   */
  readonly requestLimit?: RequestLimit;
  /**
   * A file mode outside 0 to 0777 (`defaultMode`, `items[].mode` of secret, configMap, downwardAPI and projected
   * volumes: `must be a number between 0 and 0777 (octal), both inclusive`), as the number read (`640` for a mode
   * written `640`, which YAML 1.1 reads as decimal).
   */
  readonly fileMode?: number;
  /** The Pod Security level whose failing checks a `pod-security` finding lists (`restricted` for `PodSecurity "restricted:latest"`). */
  readonly podSecurityLevel?: 'privileged' | 'baseline' | 'restricted';
}

/** See {@link FindingDetails.requestLimit}. */
export interface RequestLimit {
  /** The resource name (`cpu`, `memory`, `example.com/gpu`). */
  readonly resource: string;
  /** The limit as the apiserver prints the quantity (`500m`, `2Gi`). */
  readonly limit: string;
  /** `at-most`: the request may not exceed the limit; `equal`: it must equal it (hugepages, extended resources). */
  readonly relation: 'at-most' | 'equal';
}

/** A Kubernetes minor version, e.g. `{ major: 1, minor: 35 }` for "1.35". */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
}

/** A JSON object as produced by yaml's `toJS` (values may have any JSON type; rules check them). */
export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * What every rule sees: one Kubernetes object as plain JSON.
 * `basePath` is `[]` for a top-level document and `['items', i]` for an item of a `List`.
 */
export interface ObjectContext {
  readonly kind: string;
  readonly apiVersion: string;
  readonly object: JsonObject;
  /** Prefix of every path reported for this object. */
  readonly basePath: FieldPath;
  /** The target apiserver version. */
  readonly kubernetesVersion: KubernetesVersion;
  /**
   * True for a custom resource: an object whose API group the kube-apiserver does not serve itself
   * (schema/api-groups.ts). The apiextensions-apiserver validates only its metadata
   * (`ValidateObjectMetaAccessor`) before the CRD's own schema, which podls does not know; only rules marked
   * {@link RuleMeta.customResources} run on it.
   */
  readonly customResource: boolean;
}

/**
 * A Pod spec inside an object: the Pod's own spec, or a pod template's.
 * Paths are absolute (they include `basePath`).
 */
export interface PodContext extends ObjectContext {
  /** The PodSpec (an object; pod rules only run when it is one). */
  readonly spec: JsonObject;
  /** `spec`, `spec.template.spec`, `template.spec`, `spec.jobTemplate.spec.template.spec`. */
  readonly specPath: FieldPath;
  /** The Pod's or template's ObjectMeta (`{}` when absent or not an object). */
  readonly metadata: JsonObject;
  readonly metadataPath: FieldPath;
  /**
   * The PodTemplateSpec's path (`spec.template`), which the apiserver uses to report template labels
   * (`spec.template.labels`); for a Pod, `[]` relative to the base.
   */
  readonly templatePath: FieldPath;
  /** True for pod templates (every kind but Pod). */
  readonly isTemplate: boolean;
  /** The kind holding the spec (`Pod`, `Deployment`, `CronJob`, ...). */
  readonly ownerKind: string;
  /** The containers of each list with their absolute paths, computed once per object (read them with `pod-walk.ts`). */
  readonly containers: Readonly<Record<ContainerKind, readonly ContainerRef[]>>;
}

/**
 * One problem as a check reports it; the engine adds the rule id and resolves the severity.
 * `path` is where the finding is shown; `message` already carries the apiserver-rendered path,
 * which may differ from `path` (the apiserver reports label errors at `metadata.labels` without the key).
 */
export interface Problem {
  readonly path: FieldPath;
  /** The apiserver's path when it is not `path` (see {@link Finding.field}). */
  readonly field?: FieldPath;
  /** Parts of the message quick fixes act on (see {@link Finding.details}). */
  readonly details?: FindingDetails;
  readonly target?: FindingTarget;
  readonly errorType?: ErrorType;
  readonly message: string;
  readonly severity?: Severity;
  readonly fixes?: readonly string[];
  readonly related?: readonly RelatedField[];
}

/** Receives the problems a check finds. */
export type Report = (problem: Problem) => void;

/** Rule metadata shared by object and pod rules (used by the registry, docs and SARIF). */
export interface RuleMeta {
  /** Stable kebab-case id. */
  readonly id: string;
  /** The family: the file name under `server/src/rules/` (`containers`, `probes`, ...). */
  readonly family: string;
  /** Default severity. */
  readonly severity: Severity;
  /** One line, imperative or descriptive. */
  readonly summary: string;
  /** Best-practice rules are off unless enabled (`bestPractices` or a per-rule setting). */
  readonly bestPractice?: boolean;
  /** First Kubernetes version the rule applies to ("1.29"), inclusive. */
  readonly minVersion?: string;
  /** Last Kubernetes version the rule applies to ("1.33"), inclusive. */
  readonly maxVersion?: string;
  /** Ids of the apiserver-rules.md catalogue rows this rule covers (`P1`, `CT2`, ...). */
  readonly covers?: readonly string[];
  /**
   * True for pod rules the apiserver also applies to a StatefulSet's template on create (template
   * metadata and pod-specific annotations); other pod rules get a note on StatefulSets, whose pod
   * spec is only rejected later, when the Pods are created.
   */
  readonly validatedForStatefulSet?: boolean;
  /**
   * True for object rules that also run on custom resources (the generic metadata validation of
   * apimachinery's `ValidateObjectMetaAccessor`, which the apiextensions-apiserver applies); they read
   * `ObjectContext.customResource` where the generic validation differs from the core one.
   */
  readonly customResources?: boolean;
}

/** A rule that looks at the whole object (metadata, workload specs). */
export interface ObjectRule extends RuleMeta {
  readonly scope: 'object';
  check(ctx: ObjectContext, report: Report): void;
}

/** A rule that runs once per Pod spec (a Pod, or each pod template). */
export interface PodRule extends RuleMeta {
  readonly scope: 'pod';
  check(ctx: PodContext, report: Report): void;
}

/** One object of the workspace, for cross-document rules. */
export interface WorkspaceObject {
  /** The document's URI or file name. */
  readonly uri: string;
  /** 0-based index of the YAML document in the file (echoed in findings). */
  readonly documentIndex: number;
  readonly kind: string;
  readonly apiVersion: string;
  readonly object: unknown;
  /** `[]`, or `['items', i]` for an item of a List. */
  readonly basePath: FieldPath;
  /**
   * The deployment units the object's file belongs to (`features/kustomize.ts`): workspace rules compare objects of
   * one unit only. Absent: one unit for the whole workspace.
   */
  readonly units?: readonly string[];
  /**
   * True when the findings of the configured Pod Security policy (`RuleOptions.podSecurity`) about this object were
   * reported beforehand (`podls check` reports and places them in its workers: `features/batch.ts`); the Pod Security
   * rules then report nothing about it unless a Namespace object of its namespace gives the policy in force.
   */
  readonly podSecurityReported?: boolean;
}

/** What the Pod Security checks found in one Pod or pod template under one policy (plain data). */
export interface PodSecurityVerdict {
  /** The failing checks of the enforce level, in the apiserver's order. */
  readonly enforce: readonly PodSecurityViolation[];
  /** The failing checks of the warn level (empty for a Pod that enforce rejects). */
  readonly warn: readonly PodSecurityViolation[];
}

/** A failing Pod Security check: its ID, reason, detail and the offending fields. */
export interface PodSecurityViolation {
  readonly checkId: string;
  readonly reason: string;
  readonly detail: string;
  readonly paths: readonly FieldPath[];
}

/** A finding of a workspace rule: a finding plus the document it is in. */
export interface WorkspaceFinding extends Finding {
  readonly uri: string;
  /** The `documentIndex` of the object the finding is in. */
  readonly documentIndex: number;
}

/** Receives the problems a workspace rule finds, with the document each is in. */
export type WorkspaceReport = (object: WorkspaceObject, problem: Problem) => void;

/** What a workspace rule knows of the run besides the objects. */
export interface WorkspaceRuleContext {
  /** The target apiserver version. */
  readonly kubernetesVersion: KubernetesVersion;
  /**
   * The Pod Security policy for namespaces without a Namespace object in the workspace: the
   * `pod-security.kubernetes.io/` label names without their prefix (`enforce`, `warn-version`, ...) and values.
   */
  readonly podSecurity: Readonly<Record<string, string>>;
  /**
   * A result computed once per run and shared by the workspace rules that need it (the Pod Security rules evaluate
   * every pod once for both their ids): `compute` runs (in steps) on the first call for `key`, later calls return its
   * value. Each key must always be used with the same type.
   */
  memo<T>(key: string, compute: () => Steps<T>): Steps<T>;
}

/** About how many objects a workspace rule goes through between two yields. */
export const WORKSPACE_STEP_OBJECTS = 500;

/** A rule over all objects of the workspace (label selectors across files, Pod Security by namespace). */
export interface WorkspaceRule extends RuleMeta {
  readonly scope: 'workspace';
  /**
   * Reports the rule's findings over `objects`, yielding every {@link WORKSPACE_STEP_OBJECTS} objects or so, so that
   * the server can run it a few milliseconds at a time (`engine.ts` `checkWorkspaceSteps`).
   */
  check(objects: readonly WorkspaceObject[], report: WorkspaceReport, ctx: WorkspaceRuleContext): Steps<void>;
}

/** Any rule. */
export type Rule = ObjectRule | PodRule | WorkspaceRule;

// The message builders live in messages.ts; re-exported here so rule authors import one module.
export {
  duplicate,
  forbidden,
  invalid,
  invalidOmitValue,
  note,
  notFound,
  notSupported,
  renderValue,
  required,
  tooLong,
  tooMany,
} from './messages';
