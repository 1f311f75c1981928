/**
 * API groups and versions of Kubernetes itself: which groups the kube-apiserver serves (everything else is a
 * custom resource, validated by the apiextensions-apiserver), and which group/versions it has stopped serving.
 *
 * Sources: the kube-apiserver's API groups (`kubectl api-versions` of a 1.35 cluster without CRDs, plus the
 * removed `extensions` group) and the Kubernetes Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): for each removed version, the release
 * that stopped serving it, the version to use instead, the release since which that is served, and the notable
 * changes a manifest must make when it moves.
 * Architecture invariant: plain data and lookups; no YAML, no positions.
 */
import { parseApiVersion } from './kinds';

/**
 * The API groups the kube-apiserver serves itself ('' is the core group). Groups under `k8s.io` that are not
 * here (`gateway.networking.k8s.io`, `snapshot.storage.k8s.io`, ...) are installed as CustomResourceDefinitions.
 */
export const BUILT_IN_API_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** True when `apiVersion` (`apps/v1`, `v1`, `argoproj.io/v1alpha1`) names a group the kube-apiserver serves itself. */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  return BUILT_IN_API_GROUPS.has(parseApiVersion(apiVersion).group);
}

/** One kind under an API version the apiserver no longer serves. */
export interface RemovedApi {
  /** The removed `apiVersion` (`extensions/v1beta1`). */
  readonly apiVersion: string;
  readonly kind: string;
  /** The first minor release that does not serve it (`1.16`). */
  readonly removedIn: string;
  /** The `apiVersion` to use instead (same kind), or undefined when the API is gone (PodSecurityPolicy). */
  readonly replacement?: string;
  /** The release since which `replacement` is served. */
  readonly replacementSince?: string;
  /**
   * True when a manifest's fields carry over unchanged, so changing `apiVersion` is the whole migration
   * (modulo {@link RemovedApi.requires} and {@link RemovedApi.droppedFields}).
   */
  readonly fieldsCarryOver: boolean;
  /** Fields the replacement requires that the removed version defaulted (`spec.selector` for apps/v1), as paths. */
  readonly requires?: readonly (readonly string[])[];
  /** Fields the replacement no longer has (`spec.rollbackTo`), as paths. */
  readonly droppedFields?: readonly (readonly string[])[];
  /** What else changes, one sentence (shown in the message), e.g. how Ingress backends are written in v1. */
  readonly note?: string;
}

const APPS_V1_NOTE = 'apps/v1 requires spec.selector, which must match the template labels';

function workloads(apiVersion: string, kinds: readonly string[]): RemovedApi[] {
  return kinds.map((kind) => ({
    apiVersion,
    kind,
    removedIn: '1.16',
    replacement: 'apps/v1',
    replacementSince: '1.9',
    fieldsCarryOver: true,
    ...(kind === 'ControllerRevision' ? {} : { requires: [['spec', 'selector']], note: APPS_V1_NOTE }),
    ...(kind === 'Deployment' ? { droppedFields: [['spec', 'rollbackTo']] } : kind === 'DaemonSet' ? { droppedFields: [['spec', 'templateGeneration']] } : {}),
  }));
}

function same(apiVersion: string, kinds: readonly string[], removedIn: string, replacement: string, replacementSince: string, extra: Partial<RemovedApi> = {}): RemovedApi[] {
  return kinds.map((kind) => ({ apiVersion, kind, removedIn, replacement, replacementSince, fieldsCarryOver: true, ...extra }));
}

/** Every kind of every removed API version, in the order of the migration guide (oldest removal first). */
export const REMOVED_APIS: readonly RemovedApi[] = [
  // v1.16
  ...workloads('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet']),
  ...workloads('apps/v1beta1', ['Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision']),
  ...workloads('apps/v1beta2', ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'ControllerRevision']),
  ...same('extensions/v1beta1', ['NetworkPolicy'], '1.16', 'networking.k8s.io/v1', '1.8'),
  { apiVersion: 'extensions/v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.16', fieldsCarryOver: false, note: 'PodSecurityPolicy was removed entirely in 1.25; use Pod Security Admission' },
  // v1.22
  ...same('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], '1.22', 'admissionregistration.k8s.io/v1', '1.16', {
    fieldsCarryOver: false,
    note: 'v1 requires webhooks[*].sideEffects and webhooks[*].admissionReviewVersions and changes the failurePolicy, matchPolicy and timeoutSeconds defaults',
  }),
  ...same('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.22', 'apiextensions.k8s.io/v1', '1.16', {
    fieldsCarryOver: false,
    note: 'v1 requires spec.scope and a structural schema per version (spec.versions[*].schema.openAPIV3Schema) and drops spec.validation, spec.version, spec.subresources and spec.additionalPrinterColumns',
  }),
  ...same('apiregistration.k8s.io/v1beta1', ['APIService'], '1.22', 'apiregistration.k8s.io/v1', '1.10'),
  ...same('authentication.k8s.io/v1beta1', ['TokenReview'], '1.22', 'authentication.k8s.io/v1', '1.6'),
  ...same('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], '1.22', 'authorization.k8s.io/v1', '1.6', {
    fieldsCarryOver: false,
    note: 'in v1, spec.group is renamed spec.groups',
  }),
  ...same('authorization.k8s.io/v1beta1', ['SelfSubjectRulesReview'], '1.22', 'authorization.k8s.io/v1', '1.6'),
  ...same('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.22', 'certificates.k8s.io/v1', '1.19', {
    fieldsCarryOver: false,
    note: 'v1 requires spec.signerName and spec.usages and restricts which signers may be requested',
  }),
  ...same('coordination.k8s.io/v1beta1', ['Lease'], '1.22', 'coordination.k8s.io/v1', '1.14'),
  ...['extensions/v1beta1', 'networking.k8s.io/v1beta1'].flatMap((v) =>
    same(v, ['Ingress'], '1.22', 'networking.k8s.io/v1', '1.19', {
      fieldsCarryOver: false,
      note: 'in v1, backend.serviceName and backend.servicePort become backend.service.name and backend.service.port, spec.backend becomes spec.defaultBackend, and every path needs pathType',
    }),
  ),
  ...same('networking.k8s.io/v1beta1', ['IngressClass'], '1.22', 'networking.k8s.io/v1', '1.19'),
  ...same('rbac.authorization.k8s.io/v1beta1', ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], '1.22', 'rbac.authorization.k8s.io/v1', '1.8'),
  ...same('scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.22', 'scheduling.k8s.io/v1', '1.14'),
  ...same('storage.k8s.io/v1beta1', ['CSIDriver'], '1.22', 'storage.k8s.io/v1', '1.19'),
  ...same('storage.k8s.io/v1beta1', ['CSINode'], '1.22', 'storage.k8s.io/v1', '1.17'),
  ...same('storage.k8s.io/v1beta1', ['StorageClass'], '1.22', 'storage.k8s.io/v1', '1.6'),
  ...same('storage.k8s.io/v1beta1', ['VolumeAttachment'], '1.22', 'storage.k8s.io/v1', '1.13'),
  // v1.25
  ...same('batch/v1beta1', ['CronJob'], '1.25', 'batch/v1', '1.21'),
  ...same('discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.25', 'discovery.k8s.io/v1', '1.21', {
    droppedFields: [['endpoints', 'topology']],
    note: 'in v1, endpoints[*].topology is replaced by endpoints[*].nodeName and endpoints[*].zone (deprecatedTopology is not writable)',
  }),
  ...same('events.k8s.io/v1beta1', ['Event'], '1.25', 'events.k8s.io/v1', '1.19', {
    fieldsCarryOver: false,
    note: 'in v1, involvedObject is renamed regarding, type is limited to Normal and Warning, action, reason, reportingComponent and reportingInstance are required, and eventTime and series replace firstTimestamp, lastTimestamp and count',
  }),
  ...same('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.25', 'autoscaling/v2', '1.23', {
    fieldsCarryOver: false,
    note: 'in v2, metrics targets are written as target.averageUtilization, target.averageValue and target.value',
  }),
  ...same('policy/v1beta1', ['PodDisruptionBudget'], '1.25', 'policy/v1', '1.21', {
    note: 'in policy/v1 an empty spec.selector selects every Pod of the namespace',
  }),
  { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.25', fieldsCarryOver: false, note: 'PodSecurityPolicy has no replacement API; use Pod Security Admission' },
  ...same('node.k8s.io/v1beta1', ['RuntimeClass'], '1.25', 'node.k8s.io/v1', '1.20'),
  // v1.26
  ...same('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema'], '1.26', 'flowcontrol.apiserver.k8s.io/v1', '1.29'),
  ...same('flowcontrol.apiserver.k8s.io/v1beta1', ['PriorityLevelConfiguration'], '1.26', 'flowcontrol.apiserver.k8s.io/v1', '1.29', {
    fieldsCarryOver: false,
    note: 'in v1, spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares',
  }),
  ...same('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.26', 'autoscaling/v2', '1.23'),
  // v1.27
  ...same('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.27', 'storage.k8s.io/v1', '1.24'),
  // v1.29
  ...same('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema'], '1.29', 'flowcontrol.apiserver.k8s.io/v1', '1.29'),
  ...same('flowcontrol.apiserver.k8s.io/v1beta2', ['PriorityLevelConfiguration'], '1.29', 'flowcontrol.apiserver.k8s.io/v1', '1.29', {
    fieldsCarryOver: false,
    note: 'in v1, spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares',
  }),
  // v1.32
  ...same('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema'], '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29'),
  ...same('flowcontrol.apiserver.k8s.io/v1beta3', ['PriorityLevelConfiguration'], '1.32', 'flowcontrol.apiserver.k8s.io/v1', '1.29', {
    note: 'in v1, an explicit spec.limited.nominalConcurrencyShares of 0 is no longer changed to 30',
  }),
];

const BY_API_VERSION_KIND: ReadonlyMap<string, RemovedApi> = new Map(REMOVED_APIS.map((r) => [`${r.apiVersion}\u0000${r.kind}`, r]));

/** The removed-API entry of an apiVersion and kind, or undefined when that pair was never removed (or never existed). */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return BY_API_VERSION_KIND.get(`${apiVersion}\u0000${kind}`);
}
