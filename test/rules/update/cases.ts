/**
 * Update cases: a previous revision, a new revision and the update findings expected (`ruleId @ apiPath: Type`),
 * each naming the ../shared/apiserver-update-rules.md rows it exercises. Every row has a case that fires (or, for
 * rows that describe an accepted change, the accepted change) and a near miss.
 */

/** One update case. */
export interface UpdateCase {
  readonly rows: readonly string[];
  readonly name: string;
  readonly old: string;
  readonly new: string;
  /** `ruleId @ apiPath: ErrorType` lines, in report order. */
  readonly expect: readonly string[];
  readonly version?: string;
  /** Also expect these create-rule findings on the new file (`ruleId @ path`), for rows that re-run create rules. */
  readonly create?: readonly string[];
}

function indent(text: string, n: number): string {
  return text
    .trim()
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

/** A Pod with this spec body (YAML, unindented). */
export function pod(spec: string, meta = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n${meta === '' ? '' : indent(meta, 2) + '\n'}spec:\n${indent(spec, 2)}\n`;
}

const C = 'containers:\n- name: app\n  image: nginx:1.27';

/** A Deployment (or ReplicaSet/DaemonSet) with selector labels and template labels. */
export function workload(kind: string, selector: string, labels: string, extra = '', podSpec = C): string {
  return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: ${selector}\n${extra === '' ? '' : indent(extra, 2) + '\n'}  template:\n    metadata:\n      labels: ${labels}\n    spec:\n${indent(podSpec, 6)}\n`;
}

/** A StatefulSet with extra spec fields and an optional claim template storage size. */
export function sts(extra = '', storage = '1Gi', image = 'postgres:16'): string {
  return `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n${extra === '' ? '' : indent(extra, 2) + '\n'}  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: db\n        image: ${image}\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: ${storage}\n`;
}

/** A Job with extra spec fields and a pod spec. */
export function job(extra = '', podSpec = `${C}\nrestartPolicy: Never`, templateMeta = ''): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n${extra === '' ? '' : indent(extra, 2) + '\n'}  template:\n${templateMeta === '' ? '' : indent(templateMeta, 4) + '\n'}    spec:\n${indent(podSpec, 6)}\n`;
}

/** A Service with its spec body. */
export function svc(spec: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${indent(spec, 2)}\n`;
}

/** A PersistentVolumeClaim with its spec body and metadata extras. */
export function pvc(spec: string, meta = ''): string {
  return `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n${meta === '' ? '' : indent(meta, 2) + '\n'}spec:\n${indent(spec, 2)}\n`;
}

const PVC = (size: string, extra = ''): string => `accessModes: [ReadWriteOnce]\nresources:\n  requests:\n    storage: ${size}\n${extra}`;

/** A Pod as `kubectl get pod web -o yaml` prints it after `kubectl apply` of `pod(C)`. */
const LIVE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  uid: 5c1e8d0a-0000-4000-8000-000000000001
  resourceVersion: "1234"
  creationTimestamp: "2026-01-01T00:00:00Z"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.27","name":"app"}]}}
spec:
  containers:
  - image: nginx:1.27
    imagePullPolicy: IfNotPresent
    name: app
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-abcde
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  nodeName: node-1
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-abcde
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken: {expirationSeconds: 3607, path: token}
status:
  phase: Running
  qosClass: BestEffort
`;

export const UPDATE_CASES: readonly UpdateCase[] = [
  // --- U-META ---
  {
    rows: ['U-META-1', 'U-META-2'],
    name: 'a renamed object is another object: no update finding',
    old: workload('Deployment', '{app: web}', '{app: web}'),
    new: workload('Deployment', '{app: api}', '{app: api}').replace('name: web', 'name: api'),
    expect: [],
  },
  {
    rows: ['U-META-1', 'U-META-2'],
    name: 'near miss: the same name and namespace is an update',
    old: workload('Deployment', '{app: web}', '{app: web}'),
    new: workload('Deployment', '{app: api}', '{app: api}'),
    expect: ['selector-immutable @ spec.selector: Invalid'],
  },
  {
    rows: ['U-META-3'],
    name: 'a uid written in the manifest differs from the stored one',
    old: pod(C, 'uid: 1111-aaaa\nresourceVersion: "5"'),
    new: pod(C, 'uid: 2222-bbbb'),
    expect: ['uid-immutable @ metadata.uid: Invalid'],
  },
  { rows: ['U-META-3', 'U-META-4', 'U-META-5'], name: 'near miss: no uid in the manifest (filled from the old object)', old: pod(C, 'uid: 1111-aaaa\nresourceVersion: "5"\ngeneration: 3'), new: pod(C, 'generation: 9'), expect: [] },
  {
    rows: ['U-META-6'],
    name: 'a finalizer added to an object being deleted',
    old: pod(C, 'uid: u1\nresourceVersion: "5"\ndeletionTimestamp: "2026-01-01T00:00:00Z"\nfinalizers: [a.example.com/x]'),
    new: pod(C, 'finalizers: [a.example.com/x, b.example.com/y]'),
    expect: ['finalizers-while-deleting @ metadata.finalizers: Forbidden'],
  },
  {
    rows: ['U-META-6'],
    name: 'a finalizer added while the previous revision shows a deletion timestamp (no uid)',
    old: pod(C, 'deletionTimestamp: "2026-01-01T00:00:00Z"\nfinalizers: [a.example.com/x]'),
    new: pod(C, 'finalizers: [a.example.com/x, b.example.com/y]'),
    expect: ['finalizers-while-deleting @ metadata.finalizers: Forbidden'],
  },
  { rows: ['U-META-6', 'U-META-7'], name: 'near miss: finalizers and labels change on an object not being deleted', old: pod(C, 'finalizers: [a.example.com/x]'), new: pod(C, 'labels: {tier: web}\nfinalizers: [a.example.com/x, b.example.com/y]'), expect: [] },
  {
    rows: ['U-META-7', 'U-META-8'],
    name: 'metadata is re-validated with the create rules (a bad label value)',
    old: pod(C, 'labels: {app: web}'),
    new: pod(C, 'generateName: web-\nlabels: {app: "bad value"}'),
    expect: [],
    create: ['label-syntax'],
  },
  { rows: ['U-META-8', 'U-META-9'], name: 'near miss: generateName and status change freely', old: pod(C, 'generateName: web-'), new: `${pod(C, 'generateName: api-')}status:\n  phase: Running\n`, expect: [] },
  {
    rows: ['U-META-9', 'U-META-10', 'U-META-11'],
    name: 'status in the manifest does not hide a refused change; one cause is reported once',
    old: `${pod(C)}status:\n  phase: Running\n`,
    new: `${pod(`${C}\n  command: [sh]`)}status:\n  phase: Pending\n`,
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  { rows: ['U-META-10', 'U-META-11'], name: 'near miss: an unchanged object', old: pod(C), new: pod(C), expect: [] },
  { rows: ['U-META-4'], name: 'a resourceVersion in the manifest is the storage layer\'s business (409 Conflict), not validation', old: pod(C, 'uid: u1\nresourceVersion: "5"'), new: pod(C, 'resourceVersion: "1"'), expect: [] },
  { rows: ['U-META-5'], name: 'generation and timestamps in the manifest are reset by the server', old: pod(C, 'uid: u1\nresourceVersion: "5"\ncreationTimestamp: "2026-01-01T00:00:00Z"'), new: pod(C, 'creationTimestamp: "2020-01-01T00:00:00Z"\ngeneration: 1'), expect: [] },
  // --- U-POD ---
  {
    rows: ['U-POD-1', 'U-POD-19'],
    name: 'an env var added to a running Pod',
    old: pod(C),
    new: pod(`${C}\n  env: [{name: A, value: "1"}]`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  {
    rows: ['U-POD-2', 'U-POD-1'],
    name: 'images may change (containers and init containers)',
    old: pod(`${C}\ninitContainers:\n- name: init\n  image: busybox:1.36`),
    new: pod(`containers:\n- name: app\n  image: nginx:1.28\ninitContainers:\n- name: init\n  image: busybox:1.37`),
    expect: [],
  },
  {
    rows: ['U-POD-2'],
    name: 'near miss: an image and the pull policy change',
    old: pod(C),
    new: pod(`containers:\n- name: app\n  image: nginx:1.28\n  imagePullPolicy: Always`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  {
    rows: ['U-POD-3'],
    name: 'a container added to a Pod',
    old: pod(C),
    new: pod(`${C}\n- name: sidecar\n  image: envoy:1.30`),
    expect: ['pod-containers-added-removed @ spec.containers: Forbidden'],
  },
  {
    rows: ['U-POD-3'],
    name: 'near miss: a renamed container keeps the count (spec error instead)',
    old: pod(C),
    new: pod('containers:\n- name: web\n  image: nginx:1.27'),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  {
    rows: ['U-POD-4', 'U-POD-19'],
    name: 'an image set to empty: the create rule reports it',
    old: pod(C),
    new: pod('containers:\n- name: app\n  image: ""'),
    expect: [],
    create: ['container-image-required'],
  },
  { rows: ['U-POD-4', 'U-POD-5'], name: 'near miss: a valid new image', old: pod(C), new: pod('containers:\n- name: app\n  image: nginx:1.29'), expect: [] },
  {
    rows: ['U-POD-5'],
    name: 'an image with a trailing space: the create rule reports it',
    old: pod(C),
    new: pod('containers:\n- name: app\n  image: "nginx:1.27 "'),
    expect: [],
    create: ['image-whitespace'],
  },
  {
    rows: ['U-POD-6'],
    name: 'activeDeadlineSeconds raised',
    old: pod(`${C}\nactiveDeadlineSeconds: 60`),
    new: pod(`${C}\nactiveDeadlineSeconds: 120`),
    expect: ['pod-active-deadline-update @ spec.activeDeadlineSeconds: Invalid'],
  },
  {
    rows: ['U-POD-6', 'U-POD-9'],
    name: 'near miss: activeDeadlineSeconds lowered or added is allowed',
    old: pod(`${C}\nactiveDeadlineSeconds: 120`),
    new: pod(`${C}\nactiveDeadlineSeconds: 60`),
    expect: [],
  },
  { rows: ['U-POD-9'], name: 'activeDeadlineSeconds added', old: pod(C), new: pod(`${C}\nactiveDeadlineSeconds: 60`), expect: [] },
  {
    rows: ['U-POD-7'],
    name: 'activeDeadlineSeconds negative (update range check, returns early)',
    old: pod(`${C}\nactiveDeadlineSeconds: 60`),
    new: pod(`${C}\nactiveDeadlineSeconds: -1\nhostname: other`),
    expect: ['pod-active-deadline-update @ spec.activeDeadlineSeconds: Invalid'],
    create: ['active-deadline-seconds'],
  },
  { rows: ['U-POD-7'], name: 'near miss: activeDeadlineSeconds at the lower bound', old: pod(`${C}\nactiveDeadlineSeconds: 60`), new: pod(`${C}\nactiveDeadlineSeconds: 1`), expect: [] },
  {
    rows: ['U-POD-8'],
    name: 'activeDeadlineSeconds removed',
    old: pod(`${C}\nactiveDeadlineSeconds: 60`),
    new: pod(C),
    expect: ['pod-active-deadline-update @ spec.activeDeadlineSeconds: Invalid'],
  },
  { rows: ['U-POD-8'], name: 'near miss: activeDeadlineSeconds kept', old: pod(`${C}\nactiveDeadlineSeconds: 60`), new: pod(`${C}\nactiveDeadlineSeconds: 60`), expect: [] },
  {
    rows: ['U-POD-10'],
    name: 'a toleration removed',
    old: pod(`${C}\ntolerations: [{key: gpu, operator: Exists, effect: NoSchedule}]`),
    new: pod(C),
    expect: ['pod-tolerations-update @ spec.tolerations: Forbidden'],
  },
  {
    rows: ['U-POD-10'],
    name: 'near miss: a toleration added, another one reordered with new tolerationSeconds',
    old: pod(`${C}\ntolerations: [{key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]`),
    new: pod(`${C}\ntolerations: [{key: b, operator: Exists}, {key: a, operator: Exists, effect: NoExecute, tolerationSeconds: 60}]`),
    expect: [],
  },
  {
    rows: ['U-POD-11'],
    name: 'terminationGracePeriodSeconds changed',
    old: pod(`${C}\nterminationGracePeriodSeconds: 30`),
    new: pod(`${C}\nterminationGracePeriodSeconds: 60`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  { rows: ['U-POD-11'], name: 'near miss: terminationGracePeriodSeconds 30 written out (the default)', old: pod(C), new: pod(`${C}\nterminationGracePeriodSeconds: 30`), expect: [] },
  {
    rows: ['U-POD-12'],
    name: 'a scheduling gate added',
    old: pod(`${C}\nschedulingGates: [{name: example.com/a}]`),
    new: pod(`${C}\nschedulingGates: [{name: example.com/a}, {name: example.com/b}]`),
    expect: ['pod-scheduling-gates-added @ spec.schedulingGates[1].name: Forbidden'],
  },
  { rows: ['U-POD-12'], name: 'near miss: a scheduling gate removed', old: pod(`${C}\nschedulingGates: [{name: example.com/a}]`), new: pod(C), expect: [] },
  {
    rows: ['U-POD-13'],
    name: 'gated Pod: a nodeSelector entry changed',
    old: pod(`${C}\nschedulingGates: [{name: example.com/a}]\nnodeSelector: {zone: a}`),
    new: pod(`${C}\nschedulingGates: [{name: example.com/a}]\nnodeSelector: {zone: b}`),
    expect: ['pod-gated-scheduling-update @ spec.nodeSelector: Invalid'],
  },
  {
    rows: ['U-POD-13'],
    name: 'near miss: gated Pod gains a nodeSelector entry',
    old: pod(`${C}\nschedulingGates: [{name: example.com/a}]\nnodeSelector: {zone: a}`),
    new: pod(`${C}\nschedulingGates: [{name: example.com/a}]\nnodeSelector: {zone: a, disk: ssd}`),
    expect: [],
  },
  {
    rows: ['U-POD-14'],
    name: 'gated Pod: a node selector term added',
    old: pod(`${C}\nschedulingGates: [{name: example.com/a}]\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions: [{key: zone, operator: In, values: [a]}]`),
    new: pod(
      `${C}\nschedulingGates: [{name: example.com/a}]\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions: [{key: zone, operator: In, values: [a]}]\n      - matchExpressions: [{key: disk, operator: In, values: [ssd]}]`,
    ),
    expect: ['pod-gated-scheduling-update @ spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid'],
  },
  {
    rows: ['U-POD-14'],
    name: 'near miss: gated Pod appends a match expression to its term',
    old: pod(`${C}\nschedulingGates: [{name: example.com/a}]\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions: [{key: zone, operator: In, values: [a]}]`),
    new: pod(
      `${C}\nschedulingGates: [{name: example.com/a}]\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions: [{key: zone, operator: In, values: [a]}, {key: disk, operator: In, values: [ssd]}]`,
    ),
    expect: [],
  },
  {
    rows: ['U-POD-15'],
    name: 'an AppArmor annotation added',
    old: pod(C),
    new: pod(C, 'annotations:\n  container.apparmor.security.beta.kubernetes.io/app: runtime/default'),
    expect: ['pod-annotations-update @ metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Forbidden'],
  },
  { rows: ['U-POD-15', 'U-POD-20'], name: 'near miss: other annotations and labels change', old: pod(C, 'annotations: {a: "1"}'), new: pod(C, 'labels: {x: y}\nannotations: {a: "2"}'), expect: [] },
  {
    rows: ['U-POD-16', 'U-POD-17'],
    name: 'container resources changed with apply (1.35: spec error only)',
    old: pod(`${C}\n  resources: {requests: {cpu: 100m}}`),
    new: pod(`${C}\n  resources: {requests: {cpu: 200m}}`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  {
    rows: ['U-POD-16'],
    name: 'resources changed on 1.31 across QoS classes: also Pod QoS is immutable',
    version: '1.31',
    old: pod(`${C}\n  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 100m, memory: 64Mi}}`),
    new: pod(`${C}\n  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m, memory: 64Mi}}`),
    expect: ['pod-spec-immutable @ spec: Forbidden', 'pod-qos-immutable @ metadata: Invalid'],
  },
  {
    rows: ['U-POD-16', 'U-POD-17'],
    name: 'near miss: the same quantities written differently',
    old: pod(`${C}\n  resources: {requests: {cpu: "1", memory: 1Gi}}`),
    new: pod(`${C}\n  resources: {requests: {cpu: 1000m, memory: 1024Mi}}`),
    expect: [],
  },
  {
    rows: ['U-POD-18'],
    name: 'ephemeral containers through the main resource',
    old: pod(C),
    new: pod(`${C}\nephemeralContainers:\n- name: debug\n  image: busybox`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
    create: ['ephemeral-containers-on-create'],
  },
  { rows: ['U-POD-18', 'U-POD-19'], name: 'near miss: no ephemeral containers', old: pod(C), new: pod(C), expect: [] },
  {
    rows: ['U-POD-20'],
    name: 'near miss of label changes: a label change with a spec change',
    old: pod(C, 'labels: {app: web}'),
    new: pod(`${C}\nhostname: web-0`, 'labels: {app: api}'),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  {
    rows: ['U-POD-1', 'U-POD-19'],
    name: 'near miss: defaults written out, ports with their default protocol, requests equal to limits',
    old: pod(`${C}\n  ports: [{containerPort: 80}]\n  resources: {limits: {cpu: 100m}}`),
    new: pod(
      `${C}\n  imagePullPolicy: IfNotPresent\n  terminationMessagePath: /dev/termination-log\n  ports: [{containerPort: 80, protocol: TCP}]\n  resources: {limits: {cpu: 100m}, requests: {cpu: 100m}}\nrestartPolicy: Always\ndnsPolicy: ClusterFirst`,
    ),
    expect: [],
  },
  {
    rows: ['U-POD-2', 'U-POD-10'],
    name: 'a live Pod (kubectl get -o yaml): image changed and a toleration added in the manifest; admission fields kept',
    old: LIVE_POD,
    new: pod(`containers:\n- name: app\n  image: nginx:1.28\ntolerations: [{key: gpu, operator: Exists}]`),
    expect: [],
  },
  {
    rows: ['U-POD-1', 'U-POD-10'],
    name: 'near miss: a live Pod whose manifest gains an env var',
    old: LIVE_POD,
    new: pod(`containers:\n- name: app\n  image: nginx:1.27\n  env: [{name: A, value: "1"}]`),
    expect: ['pod-spec-immutable @ spec: Forbidden'],
  },
  // --- U-APPS ---
  { rows: ['U-APPS-1'], name: 'Deployment selector changed', old: workload('Deployment', '{app: web}', '{app: web}'), new: workload('Deployment', '{app: web, tier: fe}', '{app: web, tier: fe}'), expect: ['selector-immutable @ spec.selector: Invalid'] },
  {
    rows: ['U-APPS-1', 'U-APPS-4'],
    name: 'Deployment selector changed without the template labels: also the create rule',
    old: workload('Deployment', '{app: web}', '{app: web}'),
    new: workload('Deployment', '{app: api}', '{app: web}'),
    expect: ['selector-immutable @ spec.selector: Invalid'],
    create: ['selector-template-mismatch'],
  },
  { rows: ['U-APPS-1', 'U-APPS-4'], name: 'near miss: template labels, replicas and strategy change, selector keys reordered', old: workload('Deployment', '{app: web, tier: fe}', '{app: web, tier: fe}'), new: workload('Deployment', '{tier: fe, app: web}', '{app: web, tier: fe, v: "2"}', 'replicas: 5\nstrategy: {type: Recreate}'), expect: [] },
  { rows: ['U-APPS-2'], name: 'ReplicaSet selector changed', old: workload('ReplicaSet', '{app: web}', '{app: web}'), new: workload('ReplicaSet', '{app: api}', '{app: api}'), expect: ['selector-immutable @ spec.selector: Invalid'] },
  { rows: ['U-APPS-2'], name: 'near miss: ReplicaSet scaled', old: workload('ReplicaSet', '{app: web}', '{app: web}'), new: workload('ReplicaSet', '{app: web}', '{app: web}', 'replicas: 4'), expect: [] },
  { rows: ['U-APPS-3'], name: 'DaemonSet selector changed', old: workload('DaemonSet', '{app: agent}', '{app: agent}'), new: workload('DaemonSet', '{app: agent, v: "2"}', '{app: agent, v: "2"}'), expect: ['selector-immutable @ spec.selector: Invalid'] },
  { rows: ['U-APPS-3', 'U-APPS-10'], name: 'near miss: DaemonSet template changed', old: workload('DaemonSet', '{app: agent}', '{app: agent}'), new: workload('DaemonSet', '{app: agent}', '{app: agent}', '', 'containers:\n- name: app\n  image: agent:2'), expect: [] },
  {
    rows: ['U-APPS-4'],
    name: 'Deployment re-validated: activeDeadlineSeconds in its template',
    old: workload('Deployment', '{app: web}', '{app: web}'),
    new: workload('Deployment', '{app: web}', '{app: web}', '', `${C}\nactiveDeadlineSeconds: 10`),
    expect: [],
    create: ['workload-active-deadline'],
  },
  { rows: ['U-APPS-5', 'U-APPS-6'], name: 'StatefulSet serviceName changed', old: sts(), new: sts().replace('serviceName: db', 'serviceName: db-headless'), expect: ['statefulset-spec-immutable @ spec: Forbidden'] },
  { rows: ['U-APPS-5', 'U-APPS-6'], name: 'near miss: StatefulSet replicas, template, updateStrategy, minReadySeconds change', old: sts(), new: sts('replicas: 3\nminReadySeconds: 5\nupdateStrategy: {type: OnDelete}\npersistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}', '1Gi', 'postgres:17'), expect: [] },
  { rows: ['U-APPS-5'], name: 'StatefulSet revisionHistoryLimit on 1.33 is forbidden', version: '1.33', old: sts(), new: sts('revisionHistoryLimit: 3'), expect: ['statefulset-spec-immutable @ spec: Forbidden'] },
  { rows: ['U-APPS-5', 'U-APPS-6'], name: 'near miss: StatefulSet revisionHistoryLimit on 1.35 is allowed', version: '1.35', old: sts(), new: sts('revisionHistoryLimit: 3'), expect: [] },
  { rows: ['U-APPS-7'], name: 'StatefulSet selector changed', old: sts(), new: sts().replace('matchLabels: {app: db}', 'matchLabels: {app: db, v: "2"}').replace('labels: {app: db}', 'labels: {app: db, v: "2"}'), expect: ['statefulset-spec-immutable @ spec: Forbidden'] },
  { rows: ['U-APPS-7'], name: 'near miss: StatefulSet template labels gain a label', old: sts(), new: sts().replace('labels: {app: db}', 'labels: {app: db, v: "2"}'), expect: [] },
  { rows: ['U-APPS-8'], name: 'StatefulSet volumeClaimTemplates storage increased', old: sts(), new: sts('', '2Gi'), expect: ['statefulset-spec-immutable @ spec: Forbidden'] },
  { rows: ['U-APPS-8'], name: 'near miss: the same storage written as 1024Mi, volumeMode default written out', old: sts(), new: sts('', '1024Mi').replace('accessModes: [ReadWriteOnce]', 'accessModes: [ReadWriteOnce]\n      volumeMode: Filesystem'), expect: [] },
  {
    rows: ['U-APPS-9'],
    name: 'StatefulSet re-validated: podManagementPolicy change is forbidden and the value invalid',
    old: sts(),
    new: sts('podManagementPolicy: Sometimes'),
    expect: ['statefulset-spec-immutable @ spec: Forbidden'],
    create: ['unsupported-value'],
  },
  { rows: ['U-APPS-9'], name: 'near miss: podManagementPolicy written as its default', old: sts(), new: sts('podManagementPolicy: OrderedReady'), expect: [] },
  { rows: ['U-APPS-10'], name: 'DaemonSet templateGeneration is not in apps/v1: no update finding', old: workload('DaemonSet', '{app: a}', '{app: a}'), new: workload('DaemonSet', '{app: a}', '{app: a}', 'templateGeneration: 3'), expect: [], create: ['unknown-field'] },
  // --- U-BATCH ---
  { rows: ['U-BATCH-1'], name: 'Job image changed', old: job(), new: job('', 'containers:\n- name: app\n  image: nginx:1.28\nrestartPolicy: Never'), expect: ['job-template-immutable @ spec.template: Invalid'] },
  { rows: ['U-BATCH-1', 'U-BATCH-7'], name: 'near miss: Job parallelism, backoffLimit, ttl, activeDeadlineSeconds, suspend change', old: job(), new: job('parallelism: 1\nbackoffLimit: 2\nttlSecondsAfterFinished: 60\nactiveDeadlineSeconds: 600\nsuspend: true'), expect: [] },
  {
    rows: ['U-BATCH-2'],
    name: 'suspended Job that never ran: nodeSelector, tolerations and template labels may change',
    old: job('suspend: true'),
    new: job('suspend: true', `${C}\nrestartPolicy: Never\nnodeSelector: {pool: batch}\ntolerations: [{key: batch, operator: Exists}]`, 'metadata:\n  labels: {queue: q1}'),
    expect: [],
  },
  {
    rows: ['U-BATCH-2', 'U-BATCH-3'],
    name: 'near miss: suspended Job: the image or resources may not change',
    old: job('suspend: true'),
    new: job('suspend: true', `${C}\n  resources: {requests: {cpu: "1"}}\nrestartPolicy: Never`),
    expect: ['job-template-immutable @ spec.template: Invalid'],
  },
  { rows: ['U-BATCH-2'], name: 'near miss: a running Job may not change its nodeSelector', old: job(), new: job('', `${C}\nrestartPolicy: Never\nnodeSelector: {pool: batch}`), expect: ['job-template-immutable @ spec.template: Invalid'] },
  {
    rows: ['U-BATCH-4'],
    name: 'manual Job selector changed',
    old: job('manualSelector: true\nselector: {matchLabels: {job: m}}', `${C}\nrestartPolicy: Never`, 'metadata:\n  labels: {job: m}'),
    new: job('manualSelector: true\nselector: {matchLabels: {job: m2}}', `${C}\nrestartPolicy: Never`, 'metadata:\n  labels: {job: m2}'),
    expect: ['job-selector-immutable @ spec.selector: Invalid', 'job-template-immutable @ spec.template: Invalid'],
  },
  { rows: ['U-BATCH-4', 'U-BATCH-8'], name: 'near miss: generated selector and labels are kept by apply', old: job(), new: job('backoffLimit: 3'), expect: [] },
  { rows: ['U-BATCH-3'], name: 'suspended Job resources on 1.35 (MutablePodResourcesForSuspendedJobs is alpha, off)', version: '1.35', old: job('suspend: true'), new: job('suspend: true', `${C}\n  resources: {limits: {memory: 1Gi}}\nrestartPolicy: Never`), expect: ['job-template-immutable @ spec.template: Invalid'] },
  { rows: ['U-BATCH-7', 'U-BATCH-9'], name: 'Job re-validated: a negative backoffLimit (create rule)', old: job(), new: job('backoffLimit: -1'), expect: [], create: ['job-spec'] },
  { rows: ['U-BATCH-5'], name: 'NonIndexed Job completions changed', old: job('completions: 3'), new: job('completions: 5'), expect: ['job-completions-immutable @ spec.completions: Invalid'] },
  { rows: ['U-BATCH-5'], name: 'Indexed Job completions changed alone', old: job('completionMode: Indexed\ncompletions: 3\nparallelism: 3'), new: job('completionMode: Indexed\ncompletions: 5\nparallelism: 3'), expect: ['job-completions-immutable @ spec.completions: Invalid'] },
  { rows: ['U-BATCH-5'], name: 'near miss: Indexed Job completions and parallelism changed together', old: job('completionMode: Indexed\ncompletions: 3\nparallelism: 3'), new: job('completionMode: Indexed\ncompletions: 5\nparallelism: 5'), expect: [] },
  { rows: ['U-BATCH-6'], name: 'Job completionMode changed', old: job('completions: 3'), new: job('completions: 3\ncompletionMode: Indexed'), expect: ['job-spec-immutable @ spec.completionMode: Invalid'] },
  { rows: ['U-BATCH-6'], name: 'Job podFailurePolicy added', old: job(), new: job('podFailurePolicy:\n  rules:\n  - action: FailJob\n    onExitCodes: {operator: In, values: [42]}'), expect: ['job-spec-immutable @ spec.podFailurePolicy: Invalid'] },
  { rows: ['U-BATCH-6'], name: 'Job managedBy added on 1.32+', old: job(), new: job('managedBy: example.com/queue'), expect: ['job-spec-immutable @ spec.managedBy: Invalid'] },
  { rows: ['U-BATCH-6'], name: 'near miss: Job managedBy added on 1.31 (gate off: dropped)', version: '1.31', old: job(), new: job('managedBy: example.com/queue'), expect: [] },
  { rows: ['U-BATCH-6'], name: 'near miss: completionMode NonIndexed written out (the default)', old: job('completions: 3'), new: job('completions: 3\ncompletionMode: NonIndexed'), expect: [] },
  {
    rows: ['U-BATCH-8'],
    name: 'generated labels of a Job read from the cluster removed from the template',
    old: `${job('selector: {matchLabels: {batch.kubernetes.io/controller-uid: u-1}}', `${C}\nrestartPolicy: Never`, 'metadata:\n  labels: {batch.kubernetes.io/controller-uid: u-1, batch.kubernetes.io/job-name: migrate, controller-uid: u-1, job-name: migrate}').replace('name: migrate\n', 'name: migrate\n  uid: u-1\n  resourceVersion: "7"\n')}`,
    new: job('selector: {matchLabels: {batch.kubernetes.io/controller-uid: u-1}}', `${C}\nrestartPolicy: Never`, 'metadata:\n  labels: {batch.kubernetes.io/controller-uid: u-1, batch.kubernetes.io/job-name: migrate, controller-uid: u-1, job-name: other}'),
    expect: ['job-template-immutable @ spec.template: Invalid', 'job-generated-selector-update @ spec.template.metadata.labels[job-name]: Invalid'],
    create: ['job-generated-selector'],
  },
  {
    rows: ['U-BATCH-9'],
    name: 'Job re-validated: a bad restartPolicy',
    old: job(),
    new: job('', `${C}\nrestartPolicy: Always`),
    expect: ['job-template-immutable @ spec.template: Invalid'],
    create: ['job-restart-policy'],
  },
  { rows: ['U-BATCH-9'], name: 'near miss: restartPolicy kept', old: job(), new: job('', `${C}\nrestartPolicy: Never`), expect: [] },
  {
    rows: ['U-BATCH-10', 'U-BATCH-12'],
    name: 'CronJob template and schedule change freely',
    old: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    new: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 2 * * *"\n  suspend: true\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:2}]\n          restartPolicy: OnFailure\n',
    expect: [],
  },
  {
    rows: ['U-BATCH-10', 'U-BATCH-11'],
    name: 'CronJob re-validated: TZ added to the schedule',
    old: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    new: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "TZ=UTC 0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    expect: [],
    create: ['cronjob-spec'],
  },
  {
    rows: ['U-BATCH-11'],
    name: 'CronJob keeps TZ in the schedule and sets timeZone',
    old: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "TZ=UTC 0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    new: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "TZ=UTC 0 1 * * *"\n  timeZone: Europe/Paris\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    expect: ['cronjob-schedule-timezone-update @ spec.schedule: Invalid'],
    create: ['cronjob-spec'],
  },
  {
    rows: ['U-BATCH-11', 'U-BATCH-12'],
    name: 'near miss: timeZone set, TZ dropped from the schedule',
    old: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "TZ=UTC 0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    new: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 1 * * *"\n  timeZone: Europe/Paris\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: a:1}]\n          restartPolicy: Never\n',
    expect: [],
  },
  // --- U-CORE ---
  {
    rows: ['U-CORE-1'],
    name: 'ReplicationController selector changes are allowed',
    old: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: a}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: a:1}]\n',
    new: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: b}\n  template:\n    metadata: {labels: {app: b}}\n    spec:\n      containers: [{name: a, image: a:1}]\n',
    expect: [],
  },
  {
    rows: ['U-CORE-1'],
    name: 'near miss: RC selector that no longer matches its template (create rule)',
    old: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: a}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: a:1}]\n',
    new: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: b}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: a:1}]\n',
    expect: [],
    create: ['selector-template-mismatch'],
  },
  {
    rows: ['U-CORE-2'],
    name: 'PodTemplate changes are allowed',
    old: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: a:1}]\n',
    new: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: a:2, command: [x]}]\n',
    expect: [],
  },
  {
    rows: ['U-CORE-2'],
    name: 'near miss: PodTemplate re-validated with the create rules',
    old: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: a:1}]\n',
    new: 'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    containers: [{name: a, image: ""}]\n',
    expect: [],
    create: ['container-image-required'],
  },
  { rows: ['U-CORE-3'], name: 'Service clusterIP set to a new value', old: svc('selector: {app: web}\nports: [{port: 80}]'), new: svc('clusterIP: 10.0.0.12\nselector: {app: web}\nports: [{port: 80}]'), expect: ['service-cluster-ip-immutable @ spec.clusterIPs[0]: Invalid'] },
  { rows: ['U-CORE-3'], name: 'Service made headless', old: svc('clusterIP: 10.0.0.12\nports: [{port: 80}]'), new: svc('clusterIP: None\nports: [{port: 80}]'), expect: ['service-cluster-ip-immutable @ spec.clusterIPs[0]: Invalid'] },
  { rows: ['U-CORE-3', 'U-CORE-8'], name: 'near miss: clusterIP removed from the manifest (the allocated one is kept)', old: svc('clusterIP: 10.0.0.12\nports: [{port: 80}]'), new: svc('ports: [{port: 80}]'), expect: [] },
  {
    rows: ['U-CORE-4'],
    name: 'secondary clusterIP released without SingleStack',
    old: svc('clusterIP: 10.0.0.12\nclusterIPs: [10.0.0.12, "fd00::12"]\nipFamilyPolicy: PreferDualStack\nports: [{port: 80}]'),
    new: svc('clusterIP: 10.0.0.12\nclusterIPs: [10.0.0.12]\nipFamilyPolicy: PreferDualStack\nports: [{port: 80}]'),
    expect: ['service-cluster-ip-immutable @ spec.ipFamilyPolicy: Invalid'],
  },
  {
    rows: ['U-CORE-4'],
    name: 'near miss: secondary clusterIP released with SingleStack',
    old: svc('clusterIP: 10.0.0.12\nclusterIPs: [10.0.0.12, "fd00::12"]\nipFamilyPolicy: PreferDualStack\nports: [{port: 80}]'),
    new: svc('clusterIP: 10.0.0.12\nclusterIPs: [10.0.0.12]\nipFamilyPolicy: SingleStack\nports: [{port: 80}]'),
    expect: [],
  },
  { rows: ['U-CORE-5'], name: 'Service ipFamilies changed', old: svc('ipFamilies: [IPv4]\nports: [{port: 80}]'), new: svc('ipFamilies: [IPv6]\nports: [{port: 80}]'), expect: ['service-ip-families-immutable @ spec.ipFamilies[0]: Invalid'] },
  { rows: ['U-CORE-5'], name: 'near miss: ipFamilies on a headless Service', old: svc('clusterIP: None\nipFamilies: [IPv4]\nports: [{port: 80}]'), new: svc('clusterIP: None\nipFamilies: [IPv6]\nports: [{port: 80}]'), expect: [] },
  { rows: ['U-CORE-6'], name: 'LoadBalancer class changed', old: svc('type: LoadBalancer\nloadBalancerClass: a.example.com/lb\nports: [{port: 80}]'), new: svc('type: LoadBalancer\nloadBalancerClass: b.example.com/lb\nports: [{port: 80}]'), expect: ['service-load-balancer-class-immutable @ spec.loadBalancerClass: Invalid'] },
  { rows: ['U-CORE-6', 'U-CORE-8'], name: 'near miss: ClusterIP switched to LoadBalancer with a class', old: svc('ports: [{port: 80}]'), new: svc('type: LoadBalancer\nloadBalancerClass: b.example.com/lb\nports: [{port: 80}]'), expect: [] },
  {
    rows: ['U-CORE-7'],
    name: 'healthCheckNodePort changed',
    old: svc('type: LoadBalancer\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 30100\nports: [{port: 80}]'),
    new: svc('type: LoadBalancer\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 30200\nports: [{port: 80}]'),
    expect: ['service-health-check-node-port-immutable @ spec.healthCheckNodePort: Forbidden'],
  },
  {
    rows: ['U-CORE-7'],
    name: 'near miss: healthCheckNodePort removed from the manifest',
    old: svc('type: LoadBalancer\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 30100\nports: [{port: 80}]'),
    new: svc('type: LoadBalancer\nexternalTrafficPolicy: Local\nports: [{port: 80}]'),
    expect: [],
  },
  {
    rows: ['U-CORE-8'],
    name: 'type switched to ClusterIP with a changed nodePort: refused',
    old: svc('type: NodePort\nports: [{port: 80, nodePort: 30080}]'),
    new: svc('type: ClusterIP\nports: [{port: 80, nodePort: 30081}]'),
    expect: ['service-type-fields @ spec.ports[0].nodePort: Forbidden'],
  },
  {
    rows: ['U-CORE-8'],
    name: 'near miss: type switched to ClusterIP with the nodePort and externalTrafficPolicy left as they were (cleared by the server)',
    old: svc('type: NodePort\nexternalTrafficPolicy: Local\nports: [{port: 80, nodePort: 30080}]'),
    new: svc('type: ClusterIP\nexternalTrafficPolicy: Local\nports: [{port: 80, nodePort: 30080}]'),
    expect: [],
  },
  {
    rows: ['U-CORE-8'],
    name: 'LoadBalancer switched to ClusterIP with a new loadBalancerClass',
    old: svc('type: LoadBalancer\nports: [{port: 80}]'),
    new: svc('type: ClusterIP\nloadBalancerClass: b.example.com/lb\nports: [{port: 80}]'),
    expect: ['service-type-fields @ spec.loadBalancerClass: Forbidden'],
  },
  {
    rows: ['U-CORE-8'],
    name: 'ClusterIP switched to ExternalName with a clusterIP written',
    old: svc('ports: [{port: 80}]'),
    new: svc('type: ExternalName\nexternalName: db.example.com\nclusterIP: 10.0.0.9\nports: [{port: 80}]'),
    expect: ['service-type-fields @ spec.clusterIPs: Forbidden'],
  },
  {
    rows: ['U-CORE-8'],
    name: 'near miss: ClusterIP switched to ExternalName (the allocated IP is released)',
    old: svc('ports: [{port: 80}]'),
    new: svc('type: ExternalName\nexternalName: db.example.com\nports: [{port: 80}]'),
    expect: [],
  },
  { rows: ['U-CORE-9'], name: 'PVC storageClassName changed', old: pvc(PVC('1Gi', 'storageClassName: standard')), new: pvc(PVC('1Gi', 'storageClassName: fast')), expect: ['pvc-spec-immutable @ spec: Forbidden'] },
  { rows: ['U-CORE-9', 'U-CORE-14'], name: 'near miss: PVC storage increased (bound claim), storageClassName set from nil', old: pvc(PVC('1Gi')), new: pvc(PVC('2Gi', 'storageClassName: standard')), expect: [] },
  {
    rows: ['U-CORE-9'],
    name: 'a Pending claim read from the cluster cannot be resized',
    old: `${pvc(PVC('1Gi'), 'uid: u\nresourceVersion: "3"')}status:\n  phase: Pending\n`,
    new: pvc(PVC('2Gi')),
    expect: ['pvc-spec-immutable @ spec: Forbidden'],
  },
  { rows: ['U-CORE-14'], name: 'storage increase of a bound claim: the resize admission plugin needs the StorageClass, which podls does not check', old: pvc(PVC('5Gi', 'storageClassName: standard')), new: pvc(PVC('10Gi', 'storageClassName: standard')), expect: [] },
  { rows: ['U-CORE-10'], name: 'PVC storage decreased', old: pvc(PVC('2Gi')), new: pvc(PVC('1Gi')), expect: ['pvc-storage-decrease @ spec.resources.requests.storage: Forbidden'] },
  { rows: ['U-CORE-10'], name: 'PVC storage decreased on 1.31: the older wording', version: '1.31', old: pvc(PVC('2Gi')), new: pvc(PVC('1Gi')), expect: ['pvc-storage-decrease @ spec.resources.requests.storage: Forbidden'] },
  { rows: ['U-CORE-10'], name: 'near miss: PVC storage written in other units', old: pvc(PVC('1Gi')), new: pvc(PVC('1024Mi')), expect: [] },
  { rows: ['U-CORE-11'], name: 'PVC volumeMode changed', old: pvc(PVC('1Gi')), new: pvc(PVC('1Gi', 'volumeMode: Block')), expect: ['pvc-spec-immutable @ spec: Forbidden', 'pvc-volume-mode-immutable @ volumeMode: Invalid'] },
  { rows: ['U-CORE-11'], name: 'near miss: PVC volumeMode written as its default', old: pvc(PVC('1Gi')), new: pvc(PVC('1Gi', 'volumeMode: Filesystem')), expect: [] },
  {
    rows: ['U-CORE-12'],
    name: 'PVC beta storage-class annotation changed',
    old: pvc(PVC('1Gi'), 'annotations: {volume.beta.kubernetes.io/storage-class: standard}'),
    new: pvc(PVC('1Gi'), 'annotations: {volume.beta.kubernetes.io/storage-class: fast}'),
    expect: ['pvc-storage-class-annotation-immutable @ metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid'],
  },
  { rows: ['U-CORE-12'], name: 'near miss: PVC beta annotation added', old: pvc(PVC('1Gi')), new: pvc(PVC('1Gi'), 'annotations: {volume.beta.kubernetes.io/storage-class: fast}'), expect: [] },
  { rows: ['U-CORE-13'], name: 'PVC volumeAttributesClassName removed (1.34+)', old: pvc(PVC('1Gi', 'volumeAttributesClassName: gold')), new: pvc(PVC('1Gi')), expect: ['pvc-volume-attributes-class-update @ spec.volumeAttributesClassName: Forbidden'] },
  { rows: ['U-CORE-13'], name: 'near miss: PVC volumeAttributesClassName changed to another class', old: pvc(PVC('1Gi', 'volumeAttributesClassName: gold')), new: pvc(PVC('1Gi', 'volumeAttributesClassName: silver')), expect: [] },
  {
    rows: ['U-CORE-15'],
    name: 'immutable ConfigMap data changed',
    old: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\nimmutable: true\ndata: {a: "1"}\n',
    new: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\nimmutable: true\ndata: {a: "2"}\n',
    expect: ['configmap-immutable @ data: Forbidden'],
  },
  {
    rows: ['U-CORE-15'],
    name: 'near miss: a mutable ConfigMap becomes immutable with new data',
    old: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: "1"}\n',
    new: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, labels: {x: y}}\nimmutable: true\ndata: {a: "2"}\n',
    expect: [],
  },
  {
    rows: ['U-CORE-16'],
    name: 'immutable Secret: stringData changed and immutable removed',
    old: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\nstringData: {password: a}\n',
    new: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: b}\n',
    expect: ['secret-immutable @ immutable: Forbidden', 'secret-immutable @ data: Forbidden'],
  },
  { rows: ['U-CORE-16'], name: 'Secret type changed', old: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==}\n', new: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/basic-auth\ndata: {username: YQ==}\n', expect: ['secret-immutable @ type: Invalid'] },
  { rows: ['U-CORE-16'], name: 'near miss: Secret stringData equal to the stored data, type Opaque written out', old: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nimmutable: true\ndata: {password: YQ==}\n', new: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\nimmutable: true\nstringData: {password: a}\n', expect: [] },
  { rows: ['U-CORE-17'], name: 'Namespace labels change', old: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n', new: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {x: y}}\nspec:\n  finalizers: [kubernetes]\n', expect: [] },
  { rows: ['U-CORE-17'], name: 'near miss: Namespace with a bad label (create rule)', old: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n', new: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {x: "a b"}}\n', expect: [], create: ['label-syntax'] },
];
