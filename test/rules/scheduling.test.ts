import { C, runPodCases } from './check';

const QN_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

runPodCases('rules/tolerations', [
  {
    name: 'tolerations: operator, value, effect combinations',
    spec: `${C}\ntolerations:\n- operator: Equal\n  value: x\n- key: a\n  operator: Exists\n  value: b\n- key: c\n  operator: Gt\n- key: d\n  value: "bad value"\n  effect: NoSchedule\n  tolerationSeconds: 30\n- key: e\n  effect: NoRun`,
    expect: [
      'tolerations: <P>.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'tolerations: <P>.tolerations[1].operator: Invalid value: {"key":"a","operator":"Exists","value":"b"}: value must be empty when `operator` is \'Exists\'',
      'tolerations: <P>.tolerations[2].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
      'tolerations: <P>.tolerations[3].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      `tolerations: <P>.tolerations[3].operator: Invalid value: "bad value": ${LABEL_VALUE}`,
    ],
  },
  {
    name: 'tolerations: near miss (tolerate everything, NoExecute with seconds)',
    spec: `${C}\ntolerations:\n- operator: Exists\n- key: node.kubernetes.io/unreachable\n  operator: Exists\n  effect: NoExecute\n  tolerationSeconds: 300\n- key: dedicated\n  value: gpu`,
    expect: [],
  },
  {
    name: 'tolerations: legacy annotation',
    meta: 'labels: {app: demo}\nannotations:\n  scheduler.alpha.kubernetes.io/tolerations: \'[{"key":"a","operator":"Bad"}]\'',
    spec: C,
    expect: ['tolerations: <M>.annotations.scheduler.alpha.kubernetes.io/tolerations[0].operator: Unsupported value: "Bad": supported values: "Equal", "Exists"'],
  },
]);

runPodCases('rules/affinity', [
  {
    name: 'node-affinity: empty terms',
    spec: `${C}\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms: []`,
    expect: ['node-affinity: <P>.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term'],
  },
  {
    name: 'node-affinity: operators and values',
    spec: `${C}\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: zone, operator: In, values: []}\n        - {key: zone, operator: Exists, values: [a]}\n        - {key: cores, operator: Gt, values: ["1", "2"]}\n        - {key: zone, operator: in, values: [a]}\n        matchFields:\n        - {key: metadata.uid, operator: In, values: [a]}\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 0\n      preference:\n        matchExpressions:\n        - {key: zone, operator: In, values: ["not a label value"]}`,
    expect: [
      "node-affinity: <P>.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "node-affinity: <P>.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      "node-affinity: <P>.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[2].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      'node-affinity: <P>.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Invalid value: "metadata.uid": not a valid field selector key',
      'node-affinity: <P>.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ],
  },
  {
    name: 'node-affinity: near miss',
    spec: `${C}\naffinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n        - {key: cores, operator: Gt, values: ["4"]}\n        matchFields:\n        - {key: metadata.name, operator: NotIn, values: [node-1]}\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 100\n      preference:\n        matchExpressions:\n        - {key: zone, operator: DoesNotExist}`,
    expect: [],
  },
  {
    name: 'pod-affinity: topologyKey, selector, namespaces, weight',
    spec: `${C}\naffinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - labelSelector:\n        matchExpressions:\n        - {key: app, operator: NotIn}\n      namespaces: [Prod]\n      topologyKey: ""\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 101\n      podAffinityTerm:\n        topologyKey: zone\n        matchLabelKeys: [pod-template-hash]`,
    expect: [
      "pod-affinity: <P>.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'pod-affinity: <P>.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Prod": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      'pod-affinity: <P>.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'pod-affinity: <P>.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      `pod-affinity: <P>.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${QN_NAME}`,
      'pod-affinity: <P>.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100',
      'pod-affinity: <P>.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
    ],
  },
  {
    name: 'pod-affinity: near miss',
    spec: `${C}\naffinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n    - labelSelector: {matchLabels: {app: db}}\n      topologyKey: topology.kubernetes.io/zone\n      namespaceSelector: {}\n      matchLabelKeys: [pod-template-hash]`,
    expect: [],
  },
]);

runPodCases('rules/topology-spread', [
  {
    name: 'topology-spread: skew, key, action, repeat, minDomains',
    spec: `${C}\ntopologySpreadConstraints:\n- {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n- {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}\n- {maxSkew: 1, topologyKey: "", whenUnsatisfiable: Never, minDomains: 2}`,
    expect: [
      'topology-spread: <P>.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'topology-spread: <P>.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"',
      'topology-spread: <P>.topologySpreadConstraints[2].topologyKey: Required value: can not be empty',
      'topology-spread: <P>.topologySpreadConstraints[2].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not Never',
    ],
  },
  {
    name: 'topology-spread: matchLabelKeys without labelSelector, bad selector',
    spec: `${C}\ntopologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: zone\n  whenUnsatisfiable: ScheduleAnyway\n  matchLabelKeys: [pod-template-hash]\n  nodeTaintsPolicy: Always\n- maxSkew: 1\n  topologyKey: host\n  whenUnsatisfiable: ScheduleAnyway\n  labelSelector:\n    matchExpressions:\n    - {key: app, operator: Exists, values: [a]}`,
    expect: [
      'topology-spread: <P>.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set',
      "topology-spread: <P>.topologySpreadConstraints[1].labelSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  },
  {
    name: 'topology-spread: near miss',
    spec: `${C}\ntopologySpreadConstraints:\n- maxSkew: 1\n  topologyKey: topology.kubernetes.io/zone\n  whenUnsatisfiable: DoNotSchedule\n  minDomains: 3\n  labelSelector: {matchLabels: {app: demo}}\n  matchLabelKeys: [pod-template-hash]\n- maxSkew: 2\n  topologyKey: kubernetes.io/hostname\n  whenUnsatisfiable: ScheduleAnyway\n  nodeAffinityPolicy: Honor`,
    expect: [],
  },
]);
