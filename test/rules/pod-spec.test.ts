import { C, runPodCases } from './check';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

runPodCases('rules/pod-spec', [
  { name: 'pod-containers-required: empty list', spec: 'containers: []', expect: ['pod-containers-required: <P>.containers: Required value'] },
  {
    name: 'pod-containers-required: an absent list is the schema check required-field',
    spec: 'restartPolicy: Always',
    expect: [],
  },
  {
    name: 'dns-config: None without dnsConfig',
    spec: `${C}\ndnsPolicy: None`,
    expect: ['dns-config: <P>.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
  },
  {
    name: 'dns-config: None without nameservers',
    spec: `${C}\ndnsPolicy: None\ndnsConfig:\n  searches: [a.local]`,
    expect: ['dns-config: <P>.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None'],
  },
  {
    name: 'dns-config: bad nameserver, search and option',
    spec: `${C}\ndnsPolicy: ClusterFirst\ndnsConfig:\n  nameservers: [1.2.3]\n  searches: [Bad_Domain.]\n  options:\n  - value: "2"`,
    version: '1.32',
    expect: [
      `dns-config: <P>.dnsConfig.nameservers[0]: Invalid value: "1.2.3": ${IP}`,
      `dns-config: <P>.dnsConfig.searches[0]: Invalid value: "Bad_Domain": ${SUBDOMAIN}`,
      'dns-config: <P>.dnsConfig.options[0]: Required value: must not be empty',
    ],
  },
  {
    name: 'dns-config: near miss (underscores allowed from 1.33, trailing dot)',
    spec: `${C}\ndnsPolicy: None\ndnsConfig:\n  nameservers: [10.0.0.10, "2001:db8::1"]\n  searches: [my_svc.local., "."]\n  options:\n  - name: ndots\n    value: "2"`,
    expect: [],
  },
  {
    name: 'node-selector: invalid key',
    spec: `${C}\nnodeSelector:\n  "-zone": a`,
    expect: [
      "node-selector: <P>.nodeSelector: Invalid value: \"-zone\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  { name: 'node-selector: near miss', spec: `${C}\nnodeSelector:\n  kubernetes.io/os: linux`, expect: [] },
  {
    name: 'pod-names: nodeName and serviceAccountName',
    spec: `${C}\nnodeName: Node_1\nserviceAccountName: my-sa\nhostname: a.b`,
    expect: [`pod-names: <P>.nodeName: Invalid value: "Node_1": ${SUBDOMAIN}`, 'pod-names: <P>.hostname: Invalid value: "a.b": must not contain dots'],
  },
  {
    name: 'active-deadline-seconds: zero',
    kinds: ['Pod', 'Job'],
    spec: `${C}\nactiveDeadlineSeconds: 0`,
    expect: ['active-deadline-seconds: <P>.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  },
  { name: 'active-deadline-seconds: near miss', kinds: ['Pod', 'Job'], spec: `${C}\nactiveDeadlineSeconds: 60`, expect: [] },
  {
    name: 'pod-gates: duplicate scheduling gate, bad readiness gate',
    spec: `${C}\nschedulingGates:\n- name: example.com/wait\n- name: example.com/wait\nreadinessGates:\n- conditionType: a/b/c`,
    expect: [
      "pod-gates: <P>.readinessGates[0].conditionType: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      'pod-gates: <P>.schedulingGates[1]: Duplicate value: "example.com/wait"',
    ],
  },
  {
    name: 'pod-gates: nodeName with scheduling gates (Pod only)',
    kinds: ['Pod'],
    spec: `${C}\nnodeName: node-1\nschedulingGates:\n- name: example.com/wait`,
    expect: ['pod-gates: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared'],
  },
  {
    name: 'host-aliases: bad ip and hostname',
    spec: `${C}\nhostAliases:\n- ip: 300.1.1.1\n  hostnames: [foo.local, Foo]`,
    expect: [
      `host-aliases: <P>.hostAliases[0].ip: Invalid value: "300.1.1.1": ${IP}`,
      `host-aliases: <P>.hostAliases[0].hostnames[1]: Invalid value: "Foo": ${SUBDOMAIN}`,
    ],
  },
  { name: 'host-aliases: near miss', spec: `${C}\nhostAliases:\n- ip: 127.0.0.1\n  hostnames: [foo.local]`, expect: [] },
  {
    name: 'pod-os: unsupported name',
    spec: `${C}\nos:\n  name: darwin`,
    expect: ['pod-os: <P>.os: Unsupported value: "darwin": supported values: "linux", "windows"'],
  },
  {
    name: 'pod-os: windows with linux-only fields',
    spec: `containers:\n- name: app\n  image: x\n  securityContext:\n    privileged: false\nos:\n  name: windows\nhostPID: true\nsecurityContext:\n  runAsUser: 1000`,
    only: ['pod-os'],
    expect: [
      'pod-os: <P>.securityContext.runAsUser: Forbidden: cannot be set for a windows pod',
      'pod-os: <P>.hostPID: Forbidden: cannot be set for a windows pod',
      'pod-os: <P>.containers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod',
    ],
  },
  {
    name: 'pod-os: linux with windowsOptions',
    spec: `${C}\nos: {name: linux}\nsecurityContext:\n  windowsOptions: {runAsUserName: admin}`,
    expect: ['pod-os: <P>.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod'],
  },
  { name: 'pod-os: near miss', spec: `${C}\nos: {name: linux}\nsecurityContext: {runAsUser: 1000}`, expect: [] },
  {
    name: 'ephemeral-containers-on-create: template',
    kinds: ['Deployment'],
    only: ['ephemeral-containers-on-create'],
    spec: `${C}\nephemeralContainers:\n- name: d\n  image: busybox`,
    expect: ['ephemeral-containers-on-create: <P>.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template'],
  },
  {
    name: 'ephemeral-containers-on-create: Pod',
    kinds: ['Pod'],
    only: ['ephemeral-containers-on-create'],
    spec: `${C}\nephemeralContainers:\n- name: d\n  image: busybox`,
    expect: ['ephemeral-containers-on-create: <P>.ephemeralContainers: Forbidden: cannot be set on create'],
  },
  {
    name: 'image-whitespace: Pod only',
    kinds: ['Pod'],
    spec: 'containers:\n- name: a\n  image: " nginx"',
    expect: ['image-whitespace: spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
  },
  { name: 'image-whitespace: not checked for templates', kinds: ['Deployment'], spec: 'containers:\n- name: a\n  image: " nginx"', expect: [] },
  {
    name: 'host-namespaces: shareProcessNamespace with hostPID',
    spec: `${C}\nshareProcessNamespace: true\nhostPID: true`,
    expect: ['host-namespaces: <P>.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled'],
  },
  {
    name: 'host-namespaces: hostUsers false with hostNetwork',
    spec: `${C}\nhostUsers: false\nhostNetwork: true`,
    expect: ['host-namespaces: <P>.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false'],
  },
  { name: 'host-namespaces: near miss', spec: `${C}\nshareProcessNamespace: true\nhostUsers: false`, expect: [] },
  {
    name: 'pod-resource-claims: duplicate and no source',
    spec: `${C}\nresourceClaims:\n- name: gpu\n  resourceClaimName: a\n- name: gpu`,
    expect: [
      'pod-resource-claims: <P>.resourceClaims[1].name: Duplicate value: "gpu"',
      'pod-resource-claims: <P>.resourceClaims[1]: Required value: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`',
    ],
  },
  { name: 'pod-resource-claims: near miss', spec: `${C}\nresourceClaims:\n- name: gpu\n  resourceClaimTemplateName: t`, expect: [] },
]);
