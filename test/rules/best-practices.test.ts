import { runPodCases, type PodCase } from './check';

const HARDENED = `securityContext:
  runAsNonRoot: true
  seccompProfile: {type: RuntimeDefault}
containers:
- name: app
  image: nginx:1.27
  resources:
    requests: {cpu: 100m, memory: 64Mi}
    limits: {memory: 128Mi}
  readinessProbe: {httpGet: {port: 80}}
  livenessProbe: {httpGet: {port: 80}}
  securityContext:
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    capabilities: {drop: [ALL]}`;

function bp(name: string, spec: string, expect: string[], only: string[], kinds?: PodCase['kinds']): PodCase {
  return { name, spec, expect, only, bestPractices: true, ...(kinds !== undefined ? { kinds } : {}) };
}

runPodCases('rules/best-practices', [
  { name: 'a hardened Pod has no findings', spec: HARDENED, expect: [], bestPractices: true },
  bp(
    'resources: none set',
    'containers:\n- name: a\n  image: x:1',
    [
      'resource-requests-missing: <P>.containers[0]: container "a" sets no cpu or memory request; the scheduler cannot place it reliably',
      'resource-limits-missing: <P>.containers[0]: container "a" sets no memory limit; it can use all the memory of its node',
    ],
    ['resource-requests-missing', 'resource-limits-missing'],
  ),
  bp(
    'resources: init containers are exempt, sidecars are not',
    'containers:\n- name: a\n  image: x:1\n  resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {memory: 1Mi}}\ninitContainers:\n- name: init\n  image: x:1\n- name: side\n  image: x:1\n  restartPolicy: Always',
    [
      'resource-requests-missing: <P>.initContainers[1]: sidecar container "side" sets no cpu or memory request; the scheduler cannot place it reliably',
      'resource-limits-missing: <P>.initContainers[1]: sidecar container "side" sets no memory limit; it can use all the memory of its node',
    ],
    ['resource-requests-missing', 'resource-limits-missing'],
  ),
  bp('image-tag-latest: untagged and latest', 'containers:\n- name: a\n  image: nginx\n- name: b\n  image: registry:5000/app:latest\n- name: c\n  image: app@sha256:abc', [
    'image-tag-latest: <P>.containers[0].image: container "a" uses no tag (:latest); pin a version or a digest so rollouts are reproducible',
    'image-tag-latest: <P>.containers[1].image: container "b" uses :latest; pin a version or a digest so rollouts are reproducible',
  ], ['image-tag-latest']),
  bp('image-tag-latest: near miss (registry port is not a tag)', 'containers:\n- name: a\n  image: registry:5000/app:1.2', [], ['image-tag-latest']),
  bp('probes: missing on a regular container', 'containers:\n- name: a\n  image: x:1', [
    'readiness-probe-missing: <P>.containers[0]: container "a" has no readinessProbe; Services send it traffic as soon as it starts',
    'liveness-probe-missing: <P>.containers[0]: container "a" has no livenessProbe; a hung process is never restarted',
  ], ['readiness-probe-missing', 'liveness-probe-missing']),
  bp('probes: not expected in Jobs', 'containers:\n- name: a\n  image: x:1', [], ['readiness-probe-missing', 'liveness-probe-missing'], ['Job', 'CronJob']),
  bp('privileged, escalation, capabilities', 'containers:\n- name: a\n  image: x:1\n  securityContext:\n    privileged: true\n    allowPrivilegeEscalation: true\n    capabilities: {add: [NET_ADMIN, SYS_TIME]}', [
    'privileged-container: <P>.containers[0].securityContext.privileged: container "a" is privileged: it has all capabilities and access to the host\'s devices',
    'privilege-escalation-allowed: <P>.containers[0].securityContext.allowPrivilegeEscalation: container "a" allows privilege escalation (set securityContext.allowPrivilegeEscalation: false)',
    'added-capabilities: <P>.containers[0].securityContext.capabilities.add: container "a" adds capabilities NET_ADMIN, SYS_TIME',
  ], ['privileged-container', 'privilege-escalation-allowed', 'added-capabilities']),
  bp('run-as-root: explicit root and unset', 'securityContext: {runAsUser: 0}\ncontainers:\n- name: a\n  image: x:1\ninitContainers:\n- name: i\n  image: x:1\n  securityContext: {runAsUser: 1000}', [
    'run-as-root: <P>.securityContext.runAsUser: container "a" runs as root (runAsUser: 0)',
  ], ['run-as-root']),
  bp('run-as-root: pod-level runAsNonRoot is inherited', 'securityContext: {runAsNonRoot: true}\ncontainers:\n- name: a\n  image: x:1\ninitContainers:\n- name: i\n  image: x:1', [], ['run-as-root']),
  bp('run-as-root: container without any setting', 'containers:\n- name: a\n  image: x:1', [
    'run-as-root: <P>.containers[0]: container "a" may run as root: set runAsNonRoot: true or a non-zero runAsUser (here or in the pod securityContext)',
  ], ['run-as-root']),
  bp('writable-root-filesystem', 'containers:\n- name: a\n  image: x:1\n  securityContext: {readOnlyRootFilesystem: false}\n- name: b\n  image: x:1\n  securityContext: {readOnlyRootFilesystem: true}', [
    'writable-root-filesystem: <P>.containers[0].securityContext: container "a" has a writable root filesystem (set securityContext.readOnlyRootFilesystem: true)',
  ], ['writable-root-filesystem']),
  bp('host namespaces, hostPath, hostPort', 'hostPID: true\nhostIPC: true\ncontainers:\n- name: a\n  image: x:1\n  ports: [{containerPort: 80, hostPort: 8080}]\nvolumes:\n- name: root\n  hostPath: {path: /}', [
    'host-path-volume: <P>.volumes[0].hostPath: volume "root" mounts the host path "/"',
    "host-pid-enabled: <P>.hostPID: the Pod shares the host's process namespace (hostPID: true)",
    "host-ipc-enabled: <P>.hostIPC: the Pod shares the host's IPC namespace (hostIPC: true)",
    'host-port: <P>.containers[0].ports[0].hostPort: container "a" binds host port 8080; only one such Pod fits on each node',
  ], ['host-path-volume', 'host-network-enabled', 'host-pid-enabled', 'host-ipc-enabled', 'host-port']),
  bp('hostNetwork', 'hostNetwork: true\ncontainers:\n- name: a\n  image: x:1\n  ports: [{containerPort: 80, hostPort: 80}]', [
    "host-network-enabled: <P>.hostNetwork: the Pod shares the host's network namespace (hostNetwork: true)",
  ], ['host-network-enabled', 'host-port']),
  bp('secret-in-env-literal', 'containers:\n- name: a\n  image: x:1\n  env:\n  - {name: DB_PASSWORD, value: hunter2}\n  - {name: API_TOKEN, valueFrom: {secretKeyRef: {name: s, key: t}}}\n  - {name: PASSWORD_FILE_REF, value: "$(OTHER)"}\n  - {name: LOG_LEVEL, value: debug}', [
    'secret-in-env-literal: <P>.containers[0].env[0].value: "DB_PASSWORD" looks like a secret in plain text; use valueFrom.secretKeyRef',
  ], ['secret-in-env-literal']),
  bp('security-context-missing', 'containers:\n- name: a\n  image: x:1', ['security-context-missing: <P>.containers[0]: container "a" has no securityContext, and neither has the Pod'], ['security-context-missing']),
  bp('security-context-missing: pod-level counts', 'securityContext: {fsGroup: 1000}\ncontainers:\n- name: a\n  image: x:1', [], ['security-context-missing']),
]);
