import { C, runPodCases } from './check';

const DNS_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

runPodCases('rules/containers', [
  { name: 'valid containers', spec: C, expect: [] },
  {
    name: 'container-name: empty, invalid, duplicate (an absent name is a schema check)',
    spec: `
containers:
- name: ""
  image: nginx
- name: Web_1
  image: nginx
- name: web
  image: nginx
initContainers:
- name: web
  image: busybox`,
    expect: [
      'container-name: <P>.containers[0].name: Required value',
      `container-name: <P>.containers[1].name: Invalid value: "Web_1": ${DNS_LABEL}`,
      'container-name: <P>.initContainers[0].name: Duplicate value: "web"',
    ],
  },
  { name: 'container-name: dots', spec: 'containers:\n- name: a.b\n  image: x', expect: ['container-name: <P>.containers[0].name: Invalid value: "a.b": must not contain dots'] },
  {
    name: 'container-image-required: missing and empty',
    spec: 'containers:\n- name: a\n- name: b\n  image: ""',
    expect: ['container-image-required: <P>.containers[0].image: Required value', 'container-image-required: <P>.containers[1].image: Required value'],
  },
  {
    name: 'container-restart-policy: on a regular container (1.33)',
    version: '1.33',
    spec: 'containers:\n- name: a\n  image: x\n  restartPolicy: Always',
    expect: ['container-restart-policy: <P>.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
  },
  { name: 'container-restart-policy: dropped on 1.35', spec: 'containers:\n- name: a\n  image: x\n  restartPolicy: Always', expect: [] },
  {
    name: 'init-container-restart-policy: OnFailure (1.30)',
    version: '1.30',
    spec: `${C}\ninitContainers:\n- name: i\n  image: x\n  restartPolicy: OnFailure`,
    expect: ['init-container-restart-policy: <P>.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
  },
  { name: 'init-container-restart-policy: Always is a sidecar', version: '1.30', spec: `${C}\ninitContainers:\n- name: i\n  image: x\n  restartPolicy: Always`, expect: [] },
  {
    name: 'init-container-fields: probe on a plain init container',
    spec: `${C}\ninitContainers:\n- name: i\n  image: x\n  readinessProbe:\n    exec: {command: [true]}`,
    expect: ['init-container-fields: <P>.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
  },
  {
    name: 'init-container-fields: probe on a sidecar is fine (1.29+)',
    spec: `${C}\ninitContainers:\n- name: i\n  image: x\n  restartPolicy: Always\n  readinessProbe:\n    exec: {command: [true]}`,
    expect: [],
  },
  {
    name: 'init-container-fields: sidecar not supported on 1.28 (field dropped)',
    version: '1.28',
    only: ['init-container-fields'],
    spec: `${C}\ninitContainers:\n- name: i\n  image: x\n  restartPolicy: Always\n  readinessProbe:\n    exec: {command: [true]}`,
    expect: ['init-container-fields: <P>.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
  },
  {
    name: 'ephemeral-container-fields: forbidden fields and unknown target',
    kinds: ['Pod'],
    only: ['ephemeral-container-fields'],
    spec: `${C}\nephemeralContainers:\n- name: dbg\n  image: busybox\n  targetContainerName: nope\n  ports:\n  - containerPort: 80`,
    expect: [
      'ephemeral-container-fields: spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'ephemeral-container-fields: spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
    ],
  },
  {
    name: 'ephemeral-container-fields: near miss',
    kinds: ['Pod'],
    only: ['ephemeral-container-fields'],
    spec: `${C}\nephemeralContainers:\n- name: dbg\n  image: busybox\n  targetContainerName: app`,
    expect: [],
  },
]);
