import { C, runObjectCases, runPodCases } from './check';

const T = '  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: a, image: x}]';

function deploy(spec: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n${spec}\n${T}`;
}

runPodCases('rules/workloads (pod templates)', [
  {
    name: 'workload-restart-policy: OnFailure in a Deployment',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'ReplicationController'],
    spec: `${C}\nrestartPolicy: OnFailure`,
    expect: ['workload-restart-policy: <P>.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  },
  {
    name: 'workload-restart-policy: StatefulSet (validated on create, no note)',
    kinds: ['StatefulSet'],
    spec: `${C}\nrestartPolicy: Never`,
    expect: ['workload-restart-policy: <P>.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  },
  { name: 'workload-restart-policy: near miss (Pod, Job)', kinds: ['Pod', 'Job'], spec: `${C}\nrestartPolicy: Never`, expect: [] },
  {
    name: 'workload-active-deadline: forbidden in long-running workloads',
    kinds: ['Deployment'],
    spec: `${C}\nactiveDeadlineSeconds: 60`,
    expect: ['workload-active-deadline: <P>.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'],
  },
  {
    name: 'workload-active-deadline: DaemonSet wording',
    kinds: ['DaemonSet'],
    spec: `${C}\nactiveDeadlineSeconds: 60`,
    expect: ['workload-active-deadline: <P>.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported'],
  },
  { name: 'workload-active-deadline: near miss (Job)', kinds: ['Job', 'Pod'], spec: `${C}\nactiveDeadlineSeconds: 60`, expect: [] },
  {
    name: 'StatefulSet pod spec errors carry a note',
    kinds: ['StatefulSet'],
    spec: 'containers:\n- name: a',
    expect: [
      "container-image-required: <P>.containers[0].image: Required value (note: the apiserver does not validate a StatefulSet's pod template on create; the StatefulSet is accepted but its Pods will be rejected)",
    ],
  },
]);

runObjectCases('rules/workloads', [
  {
    name: 'deployment-spec: negative counts, progress deadline',
    yaml: deploy('  replicas: -1\n  minReadySeconds: 700'),
    expect: [
      'deployment-spec: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'deployment-spec: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ],
  },
  {
    name: 'deployment-spec: strategy',
    yaml: deploy('  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}'),
    expect: ["deployment-spec: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
  },
  {
    name: 'deployment-spec: rolling update values',
    yaml: deploy('  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: "0%"}'),
    expect: ['deployment-spec: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0'],
  },
  {
    name: 'deployment-spec: bad percent and over 100%',
    yaml: deploy('  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: "10", maxUnavailable: "150%"}'),
    expect: [
      "deployment-spec: spec.strategy.rollingUpdate.maxSurge: Invalid value: 10: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      'deployment-spec: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
    ],
  },
  {
    name: 'deployment-spec: an unknown strategy type is left to the schema check',
    yaml: deploy('  strategy: {type: BlueGreen}'),
    expect: [],
  },
  { name: 'deployment-spec: near miss', yaml: deploy('  replicas: 3\n  minReadySeconds: 10\n  progressDeadlineSeconds: 120\n  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), expect: [] },
  {
    name: 'replicaset-spec: negative replicas',
    yaml: `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: -2\n  selector: {matchLabels: {app: web}}\n${T}`,
    expect: ['replicaset-spec: spec.replicas: Invalid value: -2: must be greater than or equal to 0'],
  },
  {
    name: 'statefulset-spec: policies',
    yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  podManagementPolicy: Fast\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 1}\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Keep}\n  ordinals: {start: -1}\n  selector: {matchLabels: {app: web}}\n${T}`,
    expect: [
      'statefulset-spec: spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy \'RollingUpdate\'',
      'statefulset-spec: spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0',
      'statefulset-spec: spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ],
  },
  {
    name: 'statefulset-spec: near miss with volumeClaimTemplates',
    yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  podManagementPolicy: Parallel\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers:\n      - name: a\n        image: x\n        volumeMounts: [{name: data, mountPath: /data}]\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources: {requests: {storage: 1Gi}}',
    expect: [],
  },
  {
    name: 'daemonset-spec: both surge and unavailable',
    yaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: web}}\n  updateStrategy:\n    rollingUpdate: {maxSurge: 1}\n${T}`,
    expect: ['daemonset-spec: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero'],
  },
  {
    name: 'daemonset-spec: both zero',
    yaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: web}}\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {maxUnavailable: 0}\n${T}`,
    expect: ['daemonset-spec: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'],
  },
  {
    name: 'daemonset-spec: near miss',
    yaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: web}}\n  updateStrategy:\n    rollingUpdate: {maxSurge: "10%", maxUnavailable: 0}\n${T}`,
    expect: [],
  },
  {
    name: 'replication-controller-spec: missing template',
    yaml: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  replicas: -1\n  selector: {app: web}',
    expect: ['replication-controller-spec: spec.replicas: Invalid value: -1: must be greater than or equal to 0', 'replication-controller-spec: spec.template: Required value'],
  },
]);
