import { C, runPodCases } from './check';

runPodCases('rules/security-context', [
  {
    name: 'security-context: ids out of range (1.33 bound)',
    version: '1.33',
    spec: `${C}\nsecurityContext:\n  runAsUser: -1\n  supplementalGroups: [1, 3000000000]`,
    expect: [
      'security-context: <P>.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive',
      'security-context: <P>.securityContext.supplementalGroups[1]: Invalid value: 3000000000: must be between 0 and 2147483647, inclusive',
    ],
  },
  { name: 'security-context: large ids accepted on 1.35', spec: `${C}\nsecurityContext:\n  runAsUser: 3000000000`, expect: [] },
  {
    name: 'security-context: privileged without escalation, CAP_SYS_ADMIN',
    spec: 'containers:\n- name: a\n  image: x\n  securityContext:\n    privileged: true\n    allowPrivilegeEscalation: false\n    capabilities: {add: [CAP_SYS_ADMIN]}',
    expect: [
      'security-context: <P>.containers[0].securityContext: Invalid value: {"privileged":true,"allowPrivilegeEscalation":false,"capabilities":{"add":["CAP_SYS_ADMIN"]}}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
      'security-context: <P>.containers[0].securityContext: Invalid value: {"privileged":true,"allowPrivilegeEscalation":false,"capabilities":{"add":["CAP_SYS_ADMIN"]}}: cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
    ],
  },
  {
    name: 'security-context: seccomp and AppArmor profiles',
    spec: 'containers:\n- name: a\n  image: x\n  securityContext:\n    seccompProfile: {type: Localhost}\n    appArmorProfile: {type: RuntimeDefault, localhostProfile: p}\nsecurityContext:\n  seccompProfile: {type: runtime/default}',
    expect: [
      'security-context: <P>.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'security-context: <P>.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "p": can only be set when AppArmor type is Localhost',
    ],
  },
  {
    name: 'security-context: sysctls',
    spec: `${C}\nhostNetwork: true\nsecurityContext:\n  sysctls:\n  - {name: net.core.somaxconn, value: "1024"}\n  - {name: Kernel.X, value: "1"}\n  - {name: "", value: "1"}`,
    only: ['security-context'],
    expect: [
      "security-context: <P>.securityContext.sysctls[0].name: Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true",
      'security-context: <P>.securityContext.sysctls[1].name: Invalid value: "Kernel.X": must have at most 253 characters and match regex ([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?',
      'security-context: <P>.securityContext.sysctls[2].name: Required value',
    ],
  },
  {
    name: 'security-context: policies and procMount',
    spec: 'containers:\n- name: a\n  image: x\n  securityContext: {procMount: Unmasked}\nsecurityContext:\n  fsGroupChangePolicy: Sometimes\n  supplementalGroupsPolicy: Loose',
    expect: [
      'security-context: <P>.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`',
    ],
  },
  {
    name: 'security-context: windows hostProcess needs hostNetwork',
    spec: 'containers:\n- name: a\n  image: x\n  securityContext:\n    windowsOptions: {hostProcess: true, runAsUserName: "a\\\\b\\\\c"}',
    expect: [
      'security-context: <P>.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash',
      'security-context: <P>.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
    ],
  },
  {
    name: 'security-context: near miss',
    spec: 'hostUsers: false\ncontainers:\n- name: a\n  image: x\n  securityContext:\n    runAsUser: 1000\n    allowPrivilegeEscalation: false\n    capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n    seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}\n    appArmorProfile: {type: Localhost, localhostProfile: k8s-apparmor}\n    procMount: Unmasked\nsecurityContext:\n  fsGroup: 2000\n  fsGroupChangePolicy: OnRootMismatch\n  sysctls:\n  - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}\n  - {name: kernel/shm_rmid_forced, value: "1"}',
    expect: [],
  },
]);
