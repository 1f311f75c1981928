import { runPodCases } from './check';

function res(resources: string, name = 'a'): string {
  return `containers:\n- name: ${name}\n  image: x\n  resources:\n${resources.replace(/^/gm, '    ')}`;
}

runPodCases('rules/resources', [
  {
    name: 'container-resources: request above limit (canonical quantities)',
    spec: res('requests: {cpu: "1", memory: 1.5Gi}\nlimits: {cpu: 500m, memory: 1Gi}'),
    expect: [
      'container-resources: <P>.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
      'container-resources: <P>.containers[0].resources.requests: Invalid value: "1536Mi": must be less than or equal to memory limit of 1Gi',
    ],
  },
  { name: 'container-resources: equal after milli rounding', spec: res('requests: {cpu: 0.1}\nlimits: {cpu: 100m}'), expect: [] },
  { name: 'container-resources: near miss', spec: res('requests: {cpu: 250m, memory: 64Mi, ephemeral-storage: 1Gi}\nlimits: {cpu: "1", memory: 128Mi}'), expect: [] },
  {
    name: 'container-resources: names and negative values',
    spec: res('requests: {gpu: "1", cpu: "-1", example.com/foo: "2"}\nlimits: {example.com/foo: "2"}'),
    expect: [
      'container-resources: <P>.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'container-resources: <P>.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      'container-resources: <P>.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ],
  },
  {
    name: 'container-resources: extended resources are integers, not overcommittable, need limits',
    spec: res('requests: {example.com/foo: "1", nvidia.com/gpu: 500m}\nlimits: {example.com/foo: "2"}'),
    expect: [
      'container-resources: <P>.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: 500m: must be an integer',
      'container-resources: <P>.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/foo limit of 2',
      'container-resources: <P>.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
  },
  {
    name: 'container-resources: hugepages need cpu or memory and whole pages',
    spec: res('limits: {hugepages-2Mi: 3Mi}'),
    expect: [
      'container-resources: <P>.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'container-resources: <P>.containers[0].resources: Forbidden: HugePages require cpu or memory',
    ],
  },
  { name: 'container-resources: hugepages near miss', spec: res('limits: {hugepages-2Mi: 4Mi, memory: 1Gi}\nrequests: {hugepages-2Mi: 4Mi}'), expect: [] },
  {
    name: 'container-resources: claims not in pod resourceClaims',
    spec: res('claims:\n- name: gpu'),
    expect: ['container-resources: <P>.containers[0].resources.claims[0]: Not found: "gpu": must be one of the names in pod.spec.resourceClaims which is empty'],
  },
  {
    name: 'container-resources: overhead',
    spec: 'containers:\n- name: a\n  image: x\noverhead: {cpu: "-250m"}',
    expect: ['container-resources: <P>.overhead[cpu]: Invalid value: "-250m": must be greater than or equal to 0'],
  },
  {
    name: 'resize-policy: duplicate, unsupported, Never with RestartContainer',
    spec: 'restartPolicy: Never\ncontainers:\n- name: a\n  image: x\n  resizePolicy:\n  - {resourceName: cpu, restartPolicy: NotRequired}\n  - {resourceName: cpu, restartPolicy: RestartContainer}\n  - {resourceName: gpu, restartPolicy: Sometimes}',
    kinds: ['Pod', 'Job'],
    expect: [
      'resize-policy: <P>.containers[0].resizePolicy[1]: Duplicate value: "cpu"',
      "resize-policy: <P>.containers[0].resizePolicy[1].restartPolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'",
      'resize-policy: <P>.containers[0].resizePolicy: Unsupported value: "gpu": supported values: "cpu", "memory"',
      'resize-policy: <P>.containers[0].resizePolicy[2].restartPolicy: Unsupported value: "Sometimes": supported values: "NotRequired", "RestartContainer"',
    ],
  },
  { name: 'resize-policy: dropped before 1.33', version: '1.32', spec: 'containers:\n- name: a\n  image: x\n  resizePolicy:\n  - {resourceName: gpu, restartPolicy: NotRequired}', expect: [] },
  {
    name: 'pod-level-resources: pod requests below the containers',
    spec: 'resources:\n  requests: {cpu: 100m}\n  limits: {memory: 64Mi}\ncontainers:\n- name: a\n  image: x\n  resources:\n    requests: {cpu: 200m}\n    limits: {memory: 128Mi}',
    expect: [
      'pod-level-resources: <P>.resources.requests[cpu]: Invalid value: "100m": must be greater than or equal to aggregate container requests of 200m',
      'pod-level-resources: <P>.containers[0].resources.limits[memory]: Invalid value: "128Mi": must be less than or equal to pod limits of 64Mi',
    ],
  },
  { name: 'pod-level-resources: near miss', spec: 'resources:\n  requests: {cpu: 500m}\ncontainers:\n- name: a\n  image: x\n  resources:\n    requests: {cpu: 200m}\n- name: b\n  image: x', expect: [] },
]);
