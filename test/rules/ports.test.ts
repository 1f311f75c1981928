import { runPodCases } from './check';

runPodCases('rules/ports', [
  {
    name: 'container-ports: bad name, missing containerPort, bad numbers',
    spec: `
containers:
- name: a
  image: x
  ports:
  - name: HTTP
    containerPort: 80
  - name: web
    containerPort: 0
  - containerPort: 70000
    protocol: tcp
    hostPort: -1`,
    expect: [
      'container-ports: <P>.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'container-ports: <P>.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'container-ports: <P>.containers[0].ports[1].containerPort: Required value',
      'container-ports: <P>.containers[0].ports[2].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'container-ports: <P>.containers[0].ports[2].hostPort: Invalid value: -1: must be between 1 and 65535, inclusive',
    ],
  },
  {
    name: 'container-ports: duplicate name in one container; other containers may reuse it',
    spec: `
containers:
- name: a
  image: x
  ports:
  - {name: http, containerPort: 80}
  - {name: http, containerPort: 81}
- name: b
  image: x
  ports:
  - {name: http, containerPort: 82}`,
    expect: ['container-ports: <P>.containers[0].ports[1].name: Duplicate value: "http"'],
  },
  {
    name: 'container-ports: long name with hyphens',
    spec: 'containers:\n- name: a\n  image: x\n  ports:\n  - {name: -very--long-port-name, containerPort: 1}',
    expect: [
      'container-ports: <P>.containers[0].ports[0].name: Invalid value: "-very--long-port-name": must be no more than 15 characters',
      'container-ports: <P>.containers[0].ports[0].name: Invalid value: "-very--long-port-name": must not contain consecutive hyphens',
      'container-ports: <P>.containers[0].ports[0].name: Invalid value: "-very--long-port-name": must not begin or end with a hyphen',
    ],
  },
  { name: 'container-ports: near miss', spec: 'containers:\n- name: a\n  image: x\n  ports:\n  - {name: metrics-9090, containerPort: 9090, protocol: UDP}', expect: [] },
  {
    name: 'duplicate-container-port: a warning, not an error',
    spec: 'containers:\n- name: a\n  image: x\n  ports:\n  - containerPort: 80\n  - containerPort: 80\n    name: web',
    expect: ['duplicate-container-port: <P>.containers[0].ports[1]: duplicate port definition with <P>.containers[0].ports[0]'],
  },
  { name: 'duplicate-container-port: other protocol', spec: 'containers:\n- name: a\n  image: x\n  ports:\n  - containerPort: 53\n  - containerPort: 53\n    protocol: UDP', expect: [] },
  {
    name: 'host-ports: hostNetwork requires hostPort == containerPort; duplicates across containers',
    spec: `
hostNetwork: true
containers:
- name: a
  image: x
  ports:
  - {containerPort: 80, hostPort: 8080}
- name: b
  image: x
  ports:
  - {containerPort: 8080, hostPort: 8080}`,
    expect: [
      'host-ports: <P>.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true',
      'host-ports: <P>.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ],
  },
  {
    name: 'host-ports: near miss (init containers are checked separately, other protocol)',
    spec: `
containers:
- name: a
  image: x
  ports:
  - {containerPort: 53, hostPort: 53}
  - {containerPort: 53, hostPort: 53, protocol: UDP}
initContainers:
- name: i
  image: x
  ports:
  - {containerPort: 53, hostPort: 53}`,
    expect: [],
  },
]);
