import { runPodCases } from './check';

function probeSpec(probe: string, field = 'livenessProbe'): string {
  return `containers:\n- name: a\n  image: x\n  ports:\n  - {name: http, containerPort: 8080}\n  ${field}:\n${probe.replace(/^/gm, '    ')}`;
}

runPodCases('rules/probes', [
  { name: 'probe-handler: no handler', spec: probeSpec('periodSeconds: 5'), expect: ['probe-handler: <P>.containers[0].livenessProbe: Required value: must specify a handler type'] },
  {
    name: 'probe-handler: two handlers',
    spec: probeSpec('exec: {command: [true]}\nhttpGet: {port: 80}'),
    expect: ['probe-handler: <P>.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type'],
  },
  {
    name: 'probe-handler: exec without command, negative timings',
    spec: probeSpec('exec: {}\ninitialDelaySeconds: -1\ntimeoutSeconds: 0\nterminationGracePeriodSeconds: 0'),
    expect: [
      'probe-handler: <P>.containers[0].livenessProbe.exec.command: Required value',
      'probe-handler: <P>.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      'probe-handler: <P>.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0',
    ],
  },
  {
    name: 'probe-handler: ports, scheme, headers',
    spec: probeSpec('httpGet:\n  port: "8080"\n  scheme: http\n  httpHeaders:\n  - {name: "X Custom", value: a}', 'readinessProbe'),
    expect: [
      'probe-handler: <P>.containers[0].readinessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)',
      "probe-handler: <P>.containers[0].readinessProbe.httpGet.httpHeaders: Invalid value: \"X Custom\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
    ],
  },
  {
    name: 'probe-handler: tcpSocket port 0',
    spec: probeSpec('tcpSocket: {port: 0}', 'startupProbe'),
    expect: ['probe-handler: <P>.containers[0].startupProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  },
  {
    name: 'probe-handler: near miss (0 is defaulted, named port, grpc)',
    spec: probeSpec('httpGet: {port: http, path: /healthz}\ntimeoutSeconds: 0\nperiodSeconds: 0\nfailureThreshold: 0\nsuccessThreshold: 0'),
    expect: [],
  },
  { name: 'probe-handler: grpc near miss', spec: probeSpec('grpc: {port: 9090}', 'readinessProbe'), expect: [] },
  {
    name: 'probe-fields: liveness successThreshold, readiness grace period',
    spec: `containers:\n- name: a\n  image: x\n  livenessProbe:\n    exec: {command: [true]}\n    successThreshold: 2\n  readinessProbe:\n    exec: {command: [true]}\n    terminationGracePeriodSeconds: 10`,
    expect: [
      'probe-fields: <P>.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'probe-fields: <P>.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes',
    ],
  },
  { name: 'probe-fields: near miss', spec: probeSpec('exec: {command: [true]}\nsuccessThreshold: 3', 'readinessProbe'), expect: [] },
  {
    name: 'probe-port-not-declared: named port missing from ports',
    spec: probeSpec('httpGet: {port: metrics}'),
    expect: ['probe-port-not-declared: <P>.containers[0].livenessProbe.httpGet.port: container "a" declares no port named "metrics"; the probe will fail'],
  },
  {
    name: 'probes on sidecars are validated like regular containers',
    spec: 'containers:\n- name: a\n  image: x\ninitContainers:\n- name: s\n  image: x\n  restartPolicy: Always\n  startupProbe:\n    exec: {command: [true]}\n    successThreshold: 2',
    expect: ['probe-fields: <P>.initContainers[0].startupProbe.successThreshold: Invalid value: 2: must be 1'],
  },
]);

runPodCases('rules/lifecycle-hooks', [
  {
    name: 'lifecycle-handler: empty hook and two handlers',
    spec: 'containers:\n- name: a\n  image: x\n  lifecycle:\n    postStart: {}\n    preStop:\n      exec: {command: [sh]}\n      sleep: {seconds: 5}',
    expect: [
      'lifecycle-handler: <P>.containers[0].lifecycle.postStart: Required value: must specify a handler type',
      'lifecycle-handler: <P>.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type',
    ],
  },
  {
    name: 'lifecycle-handler: sleep longer than the grace period',
    spec: 'terminationGracePeriodSeconds: 10\ncontainers:\n- name: a\n  image: x\n  lifecycle:\n    preStop:\n      sleep: {seconds: 15}',
    expect: ['lifecycle-handler: <P>.containers[0].lifecycle.preStop.sleep: Invalid value: 15: must be non-negative and less than terminationGracePeriodSeconds (10)'],
  },
  {
    name: 'lifecycle-handler: zero sleep before 1.33',
    version: '1.32',
    spec: 'containers:\n- name: a\n  image: x\n  lifecycle:\n    preStop:\n      sleep: {seconds: 0}',
    expect: [
      'lifecycle-handler: <P>.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.',
    ],
  },
  {
    name: 'lifecycle-handler: sleep is dropped before 1.30',
    version: '1.29',
    spec: 'containers:\n- name: a\n  image: x\n  lifecycle:\n    preStop:\n      sleep: {seconds: 5}',
    expect: ['lifecycle-handler: <P>.containers[0].lifecycle.preStop: Required value: must specify a handler type'],
  },
  { name: 'lifecycle-handler: near miss', spec: 'containers:\n- name: a\n  image: x\n  lifecycle:\n    preStop:\n      sleep: {seconds: 5}\n    postStart:\n      httpGet: {port: 80}', expect: [] },
]);
