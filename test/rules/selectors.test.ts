import { runObjectCases } from './check';

const T = (labels: string): string => `  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: a, image: x}]`;

runObjectCases('rules/selectors', [
  {
    name: 'workload-selector: Deployment without selector (Required is the schema check required-field; the mismatch is ours)',
    yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n${T('{app: web}')}`,
    expect: ['selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
  },
  {
    name: 'workload-selector: empty selector',
    yaml: `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  selector: {}\n${T('{app: web}')}`,
    expect: ['workload-selector: spec.selector: Invalid value: {}: empty selector is invalid for statefulset'],
  },
  {
    name: 'workload-selector: invalid expressions',
    yaml: `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  selector:\n    matchExpressions:\n    - {key: app, operator: In, values: []}\n    - {key: tier, operator: Equals, values: [a]}\n${T('{app: web}')}`,
    expect: [
      "workload-selector: spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'workload-selector: spec.selector.matchExpressions[1].operator: Invalid value: "Equals": not a valid selector operator',
      'workload-selector: spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"In","values":[]},{"key":"tier","operator":"Equals","values":["a"]}]}: invalid label selector',
    ],
  },
  {
    name: 'workload-selector: DaemonSet without selector only mismatches',
    yaml: `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n${T('{app: agent}')}`,
    expect: ['selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`'],
  },
  {
    name: 'workload-selector: ReplicationController selector defaults to template labels',
    yaml: `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n${T('{app: web}')}`,
    expect: [],
  },
  {
    name: 'workload-selector: ReplicationController with neither',
    yaml: 'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: x}]',
    expect: ['workload-selector: spec.selector: Required value'],
  },
  {
    name: 'selector-template-mismatch: expressions',
    yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n    matchExpressions:\n    - {key: tier, operator: NotIn, values: [db]}\n${T('{app: web, tier: db}')}`,
    expect: ['selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"db"}: `selector` does not match template `labels`'],
  },
  {
    name: 'selector-template-mismatch: ReplicationController',
    yaml: `apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: api}\n${T('{app: web}')}`,
    expect: ['selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
  },
  {
    name: 'selector-template-mismatch: near miss (subset, Exists, DoesNotExist)',
    yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n    matchExpressions:\n    - {key: tier, operator: Exists}\n    - {key: canary, operator: DoesNotExist}\n${T('{app: web, tier: fe, version: v2}')}`,
    expect: [],
  },
]);
