import { C, runObjectCases, runPodCases } from './check';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const POD = 'spec:\n  containers:\n  - {name: a, image: x}';

runObjectCases('rules/metadata', [
  { name: 'metadata-name: missing', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {}\n${POD}`, expect: ['metadata-name: metadata.name: Required value: name or generateName is required'] },
  { name: 'metadata-name: invalid', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: My_Pod}\n${POD}`, expect: [`metadata-name: metadata.name: Invalid value: "My_Pod": ${SUBDOMAIN}`] },
  { name: 'metadata-name: generateName with trailing dash', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n${POD}`, expect: [] },
  {
    name: 'metadata-name: StatefulSet names are DNS labels',
    yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web.v1}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: a, image: x}]',
    expect: ['metadata-name: metadata.name: Invalid value: "web.v1": must not contain dots'],
  },
  { name: 'metadata-name: a ConfigMap name is a DNS subdomain', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x.com^2}\ndata: {a: b}', only: ['metadata-name'], expect: [`metadata-name: metadata.name: Invalid value: "x.com^2": ${SUBDOMAIN}`] },
  { name: 'metadata-name: a Secret needs a name', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {labels: {a: b}}\nstringData: {a: b}', only: ['metadata-name'], expect: ['metadata-name: metadata.name: Required value: name or generateName is required'] },
  {
    name: 'metadata-name: a Service name is a DNS-1035 label (a letter first, no dots)',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: 1web.v1}\nspec: {ports: [{port: 80}]}',
    only: ['metadata-name'],
    expect: [
      "metadata-name: metadata.name: Invalid value: \"1web.v1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ],
  },
  { name: 'metadata-name: a Namespace name is a DNS label', yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team.a}', only: ['metadata-name'], expect: ['metadata-name: metadata.name: Invalid value: "team.a": must not contain dots'] },
  {
    name: 'metadata-name: RBAC names are path segments (colons are fine, slashes are not)',
    yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: system:controller:a/b}\nrules: []',
    only: ['metadata-name'],
    expect: ["metadata-name: metadata.name: Invalid value: \"system:controller:a/b\": may not contain '/'"],
  },
  { name: 'metadata-name: near miss, RBAC names with colons', yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: "system:kube-dns"}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: x}', only: ['metadata-name'], expect: [] },
  { name: 'metadata-name: near miss, a name substituted before apply', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "app-${CLUSTER}"}', only: ['metadata-name'], expect: [] },
  { name: 'metadata-name: near miss, a kind without a name rule (TokenReview)', yaml: 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec: {token: t}', only: ['metadata-name'], expect: [] },
  { name: 'metadata-name: near miss, a valid Service name', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: web-1}\nspec: {ports: [{port: 80}]}', only: ['metadata-name'], expect: [] },
  { name: 'metadata-namespace: invalid', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: Prod}\n${POD}`, only: ['metadata-namespace'], expect: [
    'metadata-namespace: metadata.namespace: Invalid value: "Prod": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
  ] },
  {
    name: 'label-syntax: bad key and value (also on Services)',
    yaml: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels:\n    example.com/: x\n    app: "my app"\nspec: {ports: [{port: 80}]}',
    expect: [
      'label-syntax: metadata.labels: Invalid value: "example.com/": name part must be non-empty',
      "label-syntax: metadata.labels: Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      `label-syntax: metadata.labels: Invalid value: "my app": ${LABEL_VALUE}`,
    ],
  },
  { name: 'label-syntax: near miss', yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app.kubernetes.io/name: web, tier: "", version: v1.2_3}\n${POD}`, expect: [] },
  {
    name: 'annotation-syntax: keys are checked lower-cased',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    Example.COM/Owner: me\n    "bad key": x\n${POD}`,
    expect: [
      "annotation-syntax: metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  {
    name: 'finalizers: unqualified, both orphan and foregroundDeletion',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  finalizers: [protect, orphan, foregroundDeletion, example.com/keep]\n${POD}`,
    expect: [
      'finalizers: metadata.finalizers[0]: Invalid value: "protect": name is neither a standard finalizer name nor is it fully qualified',
      'finalizers: metadata.finalizers: Invalid value: []string{"protect", "orphan", "foregroundDeletion", "example.com/keep"}: finalizer orphan and foregroundDeletion cannot be both set',
    ],
  },
  {
    name: 'owner-references: missing fields and two controllers',
    yaml: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: a, uid: "1", controller: true}\n  - {apiVersion: "", kind: ReplicaSet, name: b, uid: "2", controller: true}\n${POD}`,
    expect: [
      'owner-references: metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'owner-references: metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"a","uid":"1","controller":true},{"apiVersion":"","kind":"ReplicaSet","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    ],
  },
  {
    name: 'custom resources: a finalizer without "/" is a warning, not an error (apiextensions ValidateObjectMetaAccessor)',
    yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook\n  finalizers: [resources-finalizer.argocd.argoproj.io, foregroundDeletion, example.com/keep]\nspec: {project: default}',
    expect: ['finalizers: metadata.finalizers: "resources-finalizer.argocd.argoproj.io": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers'],
  },
  {
    name: 'custom resources: generic metadata validation (qualified finalizers, name, labels) still applies',
    yaml: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: My_Monitor\n  labels: {"bad key": x}\n  finalizers: ["not a name"]\n',
    expect: [
      `metadata-name: metadata.name: Invalid value: "My_Monitor": ${SUBDOMAIN}`,
      "label-syntax: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "finalizers: metadata.finalizers: Invalid value: \"not a name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  {
    name: 'custom resources: a CRD kind named Deployment gets no workload or pod rules; no name is not Required; ${var} names wait for substitution',
    yaml: 'apiVersion: my-cd-tool.io/v1\nkind: Deployment\nmetadata: {}\nspec:\n  template:\n    spec:\n      containers: [{name: A_B}]',
    expect: [],
  },
  { name: 'custom resources: near miss: ${cluster} names (Flux postBuild substitution)', yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: "apps-${cluster}"}', expect: [] },
  {
    name: 'built-in kinds podls does not model keep the core finalizer check (ClusterRole)',
    yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, finalizers: [protect]}\nrules: []',
    expect: ['finalizers: metadata.finalizers[0]: Invalid value: "protect": name is neither a standard finalizer name nor is it fully qualified'],
  },
  { name: 'metadata-generation: negative', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p, generation: -1}\n${POD}`, expect: ['metadata-generation: metadata.generation: Invalid value: -1: must be greater than or equal to 0'] },
]);

runPodCases('rules/metadata (pods and templates)', [
  {
    name: 'template-metadata: template labels reported at <T>.labels',
    kinds: ['Deployment'],
    meta: 'labels: {app: demo, "ver": "1.0-"}',
    spec: C,
    expect: [`template-metadata: spec.template.labels: Invalid value: "1.0-": ${LABEL_VALUE}`],
  },
  { name: 'template-metadata: near miss', kinds: ['Deployment', 'Job'], meta: 'labels: {app: demo}\nannotations: {Example.com/A: b}', spec: C, expect: [] },
  {
    name: 'pod-annotations: deletion cost and mirror',
    meta: 'labels: {app: demo}\nannotations:\n  controller.kubernetes.io/pod-deletion-cost: "1.5"\n  kubernetes.io/config.mirror: x',
    spec: C,
    expect: [
      'pod-annotations: <M>.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "1.5": must be a 32bit integer',
      'pod-annotations: <M>.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set',
    ],
  },
  {
    name: 'pod-annotations: seccomp and AppArmor',
    meta: 'labels: {app: demo}\nannotations:\n  seccomp.security.alpha.kubernetes.io/pod: default\n  container.apparmor.security.beta.kubernetes.io/web: runtime/default\n  container.apparmor.security.beta.kubernetes.io/app: enforce',
    spec: C,
    expect: [
      'pod-annotations: <M>.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "default": must be a valid seccomp profile',
      'pod-annotations: <M>.annotations[container.apparmor.security.beta.kubernetes.io/web]: Invalid value: "web": container not found',
      'pod-annotations: <M>.annotations[container.apparmor.security.beta.kubernetes.io/app]: Invalid value: "enforce": invalid AppArmor profile name: "enforce"',
    ],
  },
  {
    name: 'pod-annotations: seccomp annotation and field disagree',
    meta: 'labels: {app: demo}\nannotations:\n  seccomp.security.alpha.kubernetes.io/pod: runtime/default',
    spec: `${C}\nsecurityContext:\n  seccompProfile: {type: Unconfined}`,
    expect: ['pod-annotations: <P>.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match'],
  },
  {
    name: 'pod-annotations: near miss',
    meta: 'labels: {app: demo}\nannotations:\n  controller.kubernetes.io/pod-deletion-cost: "-100"\n  seccomp.security.alpha.kubernetes.io/pod: runtime/default\n  container.apparmor.security.beta.kubernetes.io/app: localhost/my-profile',
    spec: `${C}\nsecurityContext:\n  seccompProfile: {type: RuntimeDefault}`,
    expect: [],
  },
]);
