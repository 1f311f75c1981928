/**
 * Value sets the kube-apiserver's validation enforces for string fields, by `TypeName.field`.
 * The official OpenAPI documents (what `kubectl get --raw /openapi/v3/...` returns) carry no `enum`, so
 * without this table a model loaded from them could not report `Unsupported value`. Values are the
 * `supported values` of the apiserver's NotSupported errors (sorted as it prints them).
 * Sources: pkg/apis/core/validation/validation.go (validateRestartPolicy, validateDNSPolicy,
 * validatePullPolicy, validateContainerPorts, validateHTTPGetAction, validateHostPathType,
 * validateMountPropagation, validateFSGroupChangePolicy, validateTopologySpreadConstraints,
 * ValidateNodeSelectorRequirement, validatePreemptionPolicy, terminationMessagePolicy),
 * pkg/apis/apps/validation/validation.go (ValidateDeploymentStrategy, ValidateStatefulSetSpec,
 * ValidateDaemonSetUpdateStrategy), pkg/apis/batch/validation/validation.go (completionMode,
 * concurrencyPolicy); ../shared/apiserver-rules.md rows P2, P3, P18, CT7, CT8, PT6, PR5, V9, VM8,
 * SC10, TS3, TS6, NA5, D5, S1, S2, DS3, J6, CJ5.
 */

const PULL_POLICY = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOL = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICY = ['FallbackToLogsOnError', 'File'];
const UPDATE_STRATEGY = ['OnDelete', 'RollingUpdate'];
const INCLUSION_POLICY = ['Honor', 'Ignore'];

/** Validated value sets by `TypeName.field` (type names as kubectl prints them). */
export const KNOWN_ENUMS: Readonly<Record<string, readonly string[]>> = {
  'PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'PodSpec.preemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'Container.imagePullPolicy': PULL_POLICY,
  'EphemeralContainer.imagePullPolicy': PULL_POLICY,
  'Container.terminationMessagePolicy': TERMINATION_MESSAGE_POLICY,
  'EphemeralContainer.terminationMessagePolicy': TERMINATION_MESSAGE_POLICY,
  'ContainerPort.protocol': PROTOCOL,
  'ServicePort.protocol': PROTOCOL,
  'HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'HostPathVolumeSource.type': ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
  'VolumeMount.mountPropagation': ['Bidirectional', 'HostToContainer', 'None'],
  'PodSecurityContext.fsGroupChangePolicy': ['Always', 'OnRootMismatch'],
  'TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'TopologySpreadConstraint.nodeAffinityPolicy': INCLUSION_POLICY,
  'TopologySpreadConstraint.nodeTaintsPolicy': INCLUSION_POLICY,
  'NodeSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'StatefulSetUpdateStrategy.type': UPDATE_STRATEGY,
  'DaemonSetUpdateStrategy.type': UPDATE_STRATEGY,
  'JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
};
