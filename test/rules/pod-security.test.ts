/**
 * rules/pod-security: every check row of ../shared/pod-security-standards.md §4 fires and has a near miss, on a Pod
 * and on a Deployment's template; message assembly (order, pluralisation, sorting, quoting) against the spec's §3
 * examples; policy resolution from Namespace labels and from the configured policy (§0).
 */
import * as assert from 'assert';
import { checkConfiguredPodSecurity, checkWorkspace, planPodSecurity } from '../../server/src/rules/engine';
import type { RuleOptions } from '../../server/src/rules/engine';
import type { SeveritySetting, WorkspaceObject } from '../../server/src/rules/rule';
import { activeChecks, newestPolicyVersion, podSecurityKey } from '../../server/src/rules/pod-security/evaluate';
import { resolvePolicy } from '../../server/src/rules/pod-security/policy';
import { documentsOf, options, wrap } from './check';
import type { WrapKind } from './check';

function objectsOf(text: string): WorkspaceObject[] {
  return documentsOf(text).map((object, documentIndex) => {
    const rec = (object ?? {}) as Record<string, unknown>;
    return { uri: 'test.yaml', documentIndex, kind: String(rec['kind']), apiVersion: String(rec['apiVersion']), object, basePath: [] };
  });
}

/** The Pod Security findings of a YAML text as `rule severity: message` lines. */
function psa(text: string, podSecurity: Record<string, string> = {}, version = '1.35'): string[] {
  return checkWorkspace(objectsOf(text), options({ podSecurity, kubernetesVersion: version }))
    .filter((f) => f.ruleId.startsWith('pod-security'))
    .map((f) => `${f.ruleId} ${f.severity ?? ''}: ${f.message}`);
}

/** A restricted-compliant pod spec fragment around extra pod fields and one container's extra fields. */
function restrictedSpec(podExtra = '', containerSc = '', containerExtra = ''): string {
  return [
    'securityContext:',
    '  runAsNonRoot: true',
    '  seccompProfile: {type: RuntimeDefault}',
    ...podExtra
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l),
    'containers:',
    '- name: app',
    '  image: nginx:1.27',
    ...containerExtra
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `  ${l}`),
    '  securityContext:',
    '    allowPrivilegeEscalation: false',
    '    capabilities: {drop: [ALL]}',
    ...containerSc
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => `    ${l}`),
  ].join('\n');
}

/** One check row: a pod spec fragment at a policy; `detail` is the expected detail list (undefined: allowed). */
interface Row {
  readonly name: string;
  readonly spec: string;
  readonly meta?: string;
  readonly policy: string;
  readonly version?: string;
  readonly detail: string | undefined;
  /** The template's detail list when it differs from the Pod's (Pod-only defaulting and mutations, §2). */
  readonly templateDetail?: string | undefined;
}

function expected(row: Row, kind: WrapKind): string[] {
  const detail = kind === 'Pod' || !('templateDetail' in row) ? row.detail : row.templateDetail;
  if (detail === undefined) return [];
  if (kind === 'Pod') return [`pod-security error: pods "demo" is forbidden: violates PodSecurity "${row.policy}": ${detail}`];
  const reasons = detail.replace(/ \([^()]*(\([^()]*\)[^()]*)*\)/g, '');
  return [
    `pod-security warning: would violate PodSecurity "${row.policy}": ${detail}`,
    `pod-security-pods-rejected error: ${kind} "demo" will be created, but the configured Pod Security policy (podls.podSecurity / --pod-security) enforces PodSecurity "${row.policy}" and its pod template violates it (${reasons}): every Pod it creates will be rejected and none will start`,
  ];
}

/**
 * `podls check`'s path for the configured policy (`checkConfiguredPodSecurity`, per object) finds what the Pod
 * Security rules find over the same objects, findings and all their fields, with the default severities and with
 * severities set (one rule `info`, the other `off`); checked again with the same plan, whose memo then holds every
 * object's verdict, it finds the same.
 */
function assertConfiguredPathAgrees(text: string, podSecurity: Record<string, string>, version = '1.35'): void {
  const objects = objectsOf(text);
  const severitySets: Record<string, SeveritySetting>[] = [{}, { 'pod-security': 'info', 'pod-security-pods-rejected': 'off' }];
  for (const severities of severitySets) {
    const opts: RuleOptions = options({ podSecurity, kubernetesVersion: version, severities });
    const byRule = checkWorkspace(objects, opts, 'pod-security');
    const plan = planPodSecurity(opts);
    const perObject = checkConfiguredPodSecurity(objects, opts, plan);
    assert.deepStrictEqual(checkConfiguredPodSecurity(objects, opts, plan), perObject);
    // checkWorkspace lists by rule, then object; the per-object path by object, then rule.
    const rank = (ruleId: string): number => (ruleId === 'pod-security' ? 0 : 1);
    const flattened = perObject.flatMap((o) => o.findings).sort((a, b) => a.documentIndex - b.documentIndex || rank(a.ruleId) - rank(b.ruleId));
    const sorted = [...byRule].sort((a, b) => a.documentIndex - b.documentIndex || rank(a.ruleId) - rank(b.ruleId));
    assert.deepStrictEqual(flattened, sorted);
    for (const o of perObject) for (const f of o.findings) assert.strictEqual(f.documentIndex, objects[o.index]?.documentIndex);
  }
}

function runRows(title: string, rows: readonly Row[]): void {
  describe(title, () => {
    for (const row of rows) {
      for (const kind of ['Pod', 'Deployment'] as const) {
        it(`${row.name} (${kind})`, () => {
          const [level, version] = row.policy.split(':') as [string, string];
          const text = wrap(kind, row.spec, row.meta);
          const got = psa(text, { enforce: level, 'enforce-version': version }, row.version);
          assert.deepStrictEqual(got, expected(row, kind));
          assertConfiguredPathAgrees(text, { enforce: level, 'enforce-version': version, warn: 'baseline' }, row.version);
        });
      }
    }
  });
}

const APP = 'containers:\n- name: app\n  image: nginx:1.27';

runRows('pod-security: baseline checks (PSS-B1..B12)', [
  {
    name: 'B1 appArmorProfile: a container field Unconfined',
    spec: `${APP}\n  securityContext:\n    appArmorProfile: {type: Unconfined}`,
    policy: 'baseline:latest',
    detail: 'forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")',
  },
  {
    name: 'B1 near miss: RuntimeDefault and Localhost',
    spec: `securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: p}\n${APP}\n  securityContext:\n    appArmorProfile: {type: RuntimeDefault}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B1 a pod-level field Unconfined',
    spec: `securityContext:\n  appArmorProfile: {type: Unconfined}\n${APP}`,
    policy: 'baseline:latest',
    detail: 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
  },
  {
    name: 'B1 an annotation: the Pod gets the field copied (D3), the template keeps the annotation only',
    spec: APP,
    meta: 'annotations:\n  container.apparmor.security.beta.kubernetes.io/app: unconfined',
    policy: 'baseline:latest',
    detail:
      'forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    templateDetail: 'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
  },
  {
    name: 'B1 apiserver 1.31: a field-only Unconfined also gets the annotation on a Pod (D4)',
    spec: `${APP}\n  securityContext:\n    appArmorProfile: {type: Unconfined}`,
    policy: 'baseline:latest',
    version: '1.31',
    detail:
      'forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")',
    templateDetail: 'forbidden AppArmor profile (container "app" must not set AppArmor profile type to "Unconfined")',
  },
  {
    name: 'B1 apiserver 1.29: annotations only, listed without "must not set"',
    spec: `${APP}\n  securityContext:\n    appArmorProfile: {type: Unconfined}`,
    meta: 'annotations:\n  container.apparmor.security.beta.kubernetes.io/other: unconfined',
    policy: 'baseline:latest',
    version: '1.29',
    detail: 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/other="unconfined")',
  },
  {
    name: 'B2 capabilities_baseline: added capabilities outside the baseline set, sorted over containers',
    spec: 'containers:\n- name: b\n  image: x\n  securityContext:\n    capabilities: {add: [SYS_ADMIN, CHOWN]}\n- name: a\n  image: x\n  securityContext:\n    capabilities: {add: [NET_RAW]}',
    policy: 'baseline:latest',
    detail: 'non-default capabilities (containers "b", "a" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add)',
  },
  {
    name: 'B2 near miss: baseline capabilities only',
    spec: `${APP}\n  securityContext:\n    capabilities: {add: [CHOWN, NET_BIND_SERVICE, KILL]}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B3 hostNamespaces: in the fixed order',
    spec: `hostIPC: true\nhostPID: true\n${APP}`,
    policy: 'baseline:latest',
    detail: 'host namespaces (hostPID=true, hostIPC=true)',
  },
  {
    name: 'B3 near miss: false',
    spec: `hostNetwork: false\nhostPID: false\n${APP}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B4 hostPathVolumes',
    spec: `${APP}\nvolumes:\n- name: proc\n  hostPath: {path: /proc}\n- name: sys\n  hostPath: {path: /sys}`,
    policy: 'baseline:latest',
    detail: 'hostPath volumes (volumes "proc", "sys")',
  },
  {
    name: 'B4 near miss: emptyDir and a source-less volume',
    spec: `${APP}\nvolumes:\n- name: tmp\n  emptyDir: {}\n- name: none`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B5 hostPorts: ports sorted as strings, unquoted; init containers count',
    spec: 'initContainers:\n- name: init\n  image: x\n  ports:\n  - {containerPort: 1, hostPort: 10000}\ncontainers:\n- name: app\n  image: x\n  ports:\n  - {containerPort: 80, hostPort: 80}\n  - {containerPort: 443, hostPort: 443}',
    policy: 'baseline:latest',
    detail: 'hostPort (containers "init", "app" use hostPorts 10000, 443, 80)',
  },
  {
    name: 'B5 near miss: hostPort 0',
    spec: `${APP}\n  ports:\n  - {containerPort: 80, hostPort: 0}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B5 a hostNetwork Pod defaults hostPort to containerPort (D1), a template does not',
    spec: `hostNetwork: true\n${APP}\n  ports:\n  - containerPort: 9100`,
    policy: 'baseline:latest',
    detail: 'host namespaces (hostNetwork=true), hostPort (container "app" uses hostPort 9100)',
    templateDetail: 'host namespaces (hostNetwork=true)',
  },
  {
    name: 'B6 hostProbesAndHostLifecycle: names and hosts sorted',
    spec: 'containers:\n- name: z\n  image: x\n  livenessProbe:\n    httpGet: {port: 80, host: localhost}\n- name: a\n  image: x\n  lifecycle:\n    preStop:\n      tcpSocket: {port: 80, host: 10.0.0.1}',
    policy: 'baseline:latest',
    detail: 'probe or lifecycle host (containers "a", "z" use probe or lifecycle hosts "10.0.0.1", "localhost")',
  },
  {
    name: 'B6 not at policy v1.33',
    spec: `${APP}\n  readinessProbe:\n    httpGet: {port: 80, host: localhost}`,
    policy: 'baseline:v1.33',
    detail: undefined,
  },
  {
    name: 'B6 near miss: empty host',
    spec: `${APP}\n  readinessProbe:\n    httpGet: {port: 80, host: ""}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B7 privileged',
    spec: `${APP}\n  securityContext:\n    privileged: true`,
    policy: 'baseline:latest',
    detail: 'privileged (container "app" must not set securityContext.privileged=true)',
  },
  {
    name: 'B7 near miss: privileged false',
    spec: `${APP}\n  securityContext:\n    privileged: false`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B8 procMount',
    spec: `${APP}\n  securityContext:\n    procMount: Unmasked`,
    policy: 'baseline:latest',
    detail: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
  },
  {
    name: 'B8 near miss: hostUsers false relaxes baseline v1.35',
    spec: `hostUsers: false\n${APP}\n  securityContext:\n    procMount: Unmasked`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B8 hostUsers false does not relax baseline v1.34',
    spec: `hostUsers: false\n${APP}\n  securityContext:\n    procMount: Unmasked`,
    policy: 'baseline:v1.34',
    detail: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
  },
  {
    name: 'B9 seLinuxOptions: pod type and container user',
    spec: `securityContext:\n  seLinuxOptions: {type: spc_t}\n${APP}\n  securityContext:\n    seLinuxOptions: {user: system_u, level: "s0:c1"}`,
    policy: 'baseline:latest',
    detail: 'seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
  },
  {
    name: 'B9 container_engine_t is allowed from v1.31 only',
    spec: `securityContext:\n  seLinuxOptions: {type: container_engine_t}\n${APP}`,
    policy: 'baseline:v1.30',
    detail: 'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
  },
  {
    name: 'B9 near miss: container_engine_t at latest, level not inspected',
    spec: `securityContext:\n  seLinuxOptions: {type: container_engine_t, level: "s0:c123,c456"}\n${APP}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B10 seccompProfile_baseline: explicit Unconfined',
    spec: `securityContext:\n  seccompProfile: {type: Unconfined}\n${APP}\n  securityContext:\n    seccompProfile: {type: Unconfined}`,
    policy: 'baseline:latest',
    detail: 'seccompProfile (pod and container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
  },
  {
    name: 'B10 near miss: baseline never requires a profile',
    spec: `${APP}\n  securityContext:\n    seccompProfile: {type: RuntimeDefault}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B10 policy v1.18 reads the annotations',
    spec: APP,
    meta: 'annotations:\n  seccomp.security.alpha.kubernetes.io/pod: unconfined\n  container.seccomp.security.alpha.kubernetes.io/app: runtime/default',
    policy: 'baseline:v1.18',
    detail: 'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")',
  },
  {
    name: 'B11 sysctls: spec order, unquoted; tcp_rmem is allowed from v1.32',
    spec: `securityContext:\n  sysctls:\n  - {name: net.ipv4.tcp_rmem, value: "4096"}\n  - {name: kernel.msgmax, value: "1"}\n${APP}`,
    policy: 'baseline:v1.31',
    detail: 'forbidden sysctls (net.ipv4.tcp_rmem, kernel.msgmax)',
  },
  {
    name: 'B11 near miss: allowed sysctls at latest',
    spec: `securityContext:\n  sysctls:\n  - {name: net.ipv4.tcp_rmem, value: "4096"}\n  - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}\n${APP}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
  {
    name: 'B12 windowsHostProcess',
    spec: `securityContext:\n  windowsOptions: {hostProcess: true}\n${APP}`,
    policy: 'baseline:latest',
    detail: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
  },
  {
    name: 'B12 near miss: hostProcess false',
    spec: `${APP}\n  securityContext:\n    windowsOptions: {hostProcess: false}`,
    policy: 'baseline:latest',
    detail: undefined,
  },
]);

runRows('pod-security: restricted checks (PSS-R1..R7)', [
  { name: 'near miss: a restricted Pod', spec: restrictedSpec(), policy: 'restricted:latest', detail: undefined },
  {
    name: 'R1 allowPrivilegeEscalation unset or true',
    spec: restrictedSpec().replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
    policy: 'restricted:latest',
    detail: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
  },
  {
    name: 'R1 Windows Pods pass from v1.25',
    spec: `os: {name: windows}\n${restrictedSpec().replace('    allowPrivilegeEscalation: false\n', '')}`,
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R1 Windows Pods fail at v1.24',
    spec: `os: {name: windows}\n${restrictedSpec().replace('    allowPrivilegeEscalation: false\n', '')}`,
    policy: 'restricted:v1.24',
    detail: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
  },
  {
    name: 'R2 capabilities_restricted: drop "all" does not count, added capabilities',
    spec: restrictedSpec().replace('capabilities: {drop: [ALL]}', 'capabilities: {drop: [all], add: [SYS_TIME, NET_BIND_SERVICE, CHOWN]}'),
    policy: 'restricted:latest',
    detail:
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN", "SYS_TIME" in securityContext.capabilities.add)',
  },
  {
    name: 'R2 near miss: NET_BIND_SERVICE only',
    spec: restrictedSpec().replace('capabilities: {drop: [ALL]}', 'capabilities: {drop: [NET_RAW, ALL], add: [NET_BIND_SERVICE]}'),
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R2 at v1.21 the baseline capabilities check runs instead',
    spec: restrictedSpec().replace('capabilities: {drop: [ALL]}', 'capabilities: {add: [CHOWN, SYS_TIME]}'),
    policy: 'restricted:v1.21',
    detail: 'non-default capabilities (container "app" must not include "SYS_TIME" in securityContext.capabilities.add)',
  },
  {
    name: 'R3 procMount_restricted: no user-namespace relaxation, after unrestricted capabilities',
    spec: `hostUsers: false\n${restrictedSpec('', 'procMount: Unmasked').replace('capabilities: {drop: [ALL]}', 'capabilities: {}')}`,
    policy: 'restricted:latest',
    detail:
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), procMount (container "app" must not set securityContext.procMount to "Unmasked")',
  },
  {
    name: 'R3 at v1.34 the baseline procMount runs, before the restricted checks',
    spec: restrictedSpec('', 'procMount: Unmasked').replace('capabilities: {drop: [ALL]}', 'capabilities: {}'),
    policy: 'restricted:v1.34',
    detail:
      'procMount (container "app" must not set securityContext.procMount to "Unmasked"), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
  },
  {
    name: 'R3 near miss: Default',
    spec: restrictedSpec('', 'procMount: Default'),
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R4 restrictedVolumes: types sorted, hostPath reported here and not as hostPath volumes',
    spec: `${restrictedSpec()}\nvolumes:\n- name: data\n  nfs: {server: s, path: /}\n- name: proc\n  hostPath: {path: /proc}\n- name: more\n  nfs: {server: s, path: /x}`,
    policy: 'restricted:latest',
    detail: 'restricted volume types (volumes "data", "proc", "more" use restricted volume types "hostPath", "nfs")',
  },
  {
    name: 'R4 near miss: allowed volume sources',
    spec: `${restrictedSpec()}\nvolumes:\n- name: a\n  configMap: {name: c}\n- name: b\n  persistentVolumeClaim: {claimName: c}\n- name: c\n  projected: {sources: []}\n- name: d\n  ephemeral: {}\n- name: e\n  image: {reference: busybox}`,
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R5 runAsNonRoot: an explicit pod false wins over unset containers',
    spec: restrictedSpec().replace('runAsNonRoot: true', 'runAsNonRoot: false'),
    policy: 'restricted:latest',
    detail: 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
  },
  {
    name: 'R5 implicit: pod level unset',
    spec: restrictedSpec().replace('  runAsNonRoot: true\n', ''),
    policy: 'restricted:latest',
    detail: 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
  },
  {
    name: 'R5 near miss: every container true, pod unset',
    spec: restrictedSpec('', 'runAsNonRoot: true').replace('  runAsNonRoot: true\n', ''),
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R6 runAsUser=0',
    spec: restrictedSpec('', 'runAsUser: 0'),
    policy: 'restricted:latest',
    detail: 'runAsUser=0 (container "app" must not set runAsUser=0)',
  },
  {
    name: 'R6 not at v1.22',
    spec: restrictedSpec('', 'runAsUser: 0'),
    policy: 'restricted:v1.22',
    detail: undefined,
  },
  {
    name: 'R6 near miss: hostUsers false at v1.35',
    spec: `hostUsers: false\n${restrictedSpec('', 'runAsUser: 0')}`,
    policy: 'restricted:latest',
    detail: undefined,
  },
  {
    name: 'R7 seccompProfile_restricted: implicit',
    spec: restrictedSpec().replace('  seccompProfile: {type: RuntimeDefault}\n', ''),
    policy: 'restricted:latest',
    detail: 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  },
  {
    name: 'R7 pod Unconfined is reported even when the container sets a good type',
    spec: restrictedSpec('', 'seccompProfile: {type: Localhost, localhostProfile: p.json}').replace('{type: RuntimeDefault}', '{type: Unconfined}'),
    policy: 'restricted:latest',
    detail: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
  },
  {
    name: 'R7 near miss: the container covers itself',
    spec: restrictedSpec('', 'seccompProfile: {type: Localhost, localhostProfile: p.json}').replace('  seccompProfile: {type: RuntimeDefault}\n', ''),
    policy: 'restricted:latest',
    detail: undefined,
  },
]);

describe('pod-security: message assembly (§3 examples)', () => {
  const NGINX_DETAIL =
    'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';
  const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n';

  it('a Pod rejected by restricted:latest', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\n  namespace: prod\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n';
    assert.deepStrictEqual(psa(`${NS}---\n${pod}`), [`pod-security error: pods "nginx" is forbidden: violates PodSecurity "restricted:latest": ${NGINX_DETAIL}`]);
  });

  it('the same template in a Deployment: a warning (warn follows enforce) and the rejected Pods', () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n';
    assert.deepStrictEqual(psa(`${NS}---\n${deployment}`), [
      `pod-security warning: would violate PodSecurity "restricted:latest": ${NGINX_DETAIL}`,
      'pod-security-pods-rejected error: Deployment "web" will be created, but namespace "prod" enforces PodSecurity "restricted:latest" and its pod template violates it (allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile): every Pod it creates will be rejected and none will start',
    ]);
  });

  it('the baseline example', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\nspec:\n  hostNetwork: true\n  volumes:\n  - name: proc\n    hostPath: {path: /proc}\n  containers:\n  - name: agent\n    image: agent\n    ports:\n    - containerPort: 9100\n    securityContext:\n      privileged: true\n';
    assert.deepStrictEqual(psa(pod, { enforce: 'baseline' }), [
      'pod-security error: pods "node-agent" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true), hostPath volumes (volume "proc"), hostPort (container "agent" uses hostPort 9100), privileged (container "agent" must not set securityContext.privileged=true)',
    ]);
  });

  it('the order at latest follows O1/O2 (baseline IDs sorted, then restricted IDs sorted, overridden ones left out)', () => {
    assert.deepStrictEqual(
      activeChecks('restricted', newestPolicyVersion(36), 36).map((a) => a.check.id),
      [
        'appArmorProfile',
        'hostNamespaces',
        'hostPorts',
        'hostProbesAndHostLifecycle',
        'privileged',
        'seLinuxOptions',
        'sysctls',
        'windowsHostProcess',
        'allowPrivilegeEscalation',
        'capabilities_restricted',
        'procMount_restricted',
        'restrictedVolumes',
        'runAsNonRoot',
        'runAsUser',
        'seccompProfile_restricted',
      ],
    );
  });

  it('what latest means per apiserver release (L11)', () => {
    const table: Record<number, number> = { 25: 25, 26: 25, 27: 27, 28: 27, 29: 29, 30: 29, 31: 31, 32: 32, 33: 32, 34: 34, 35: 35, 36: 35, 37: 37 };
    for (const [release, latest] of Object.entries(table)) assert.strictEqual(newestPolicyVersion(Number(release)), latest, `1.${release}`);
  });
});

describe('pod-security: policy resolution (§0)', () => {
  const pod = (ns: string, extra = ''): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n${extra}  containers:\n  - name: app\n    image: nginx\n`;
  const ns = (name: string, labels: Record<string, string>): string =>
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels)
      .map(([k, v]) => `    pod-security.kubernetes.io/${k}: "${v}"\n`)
      .join('')}`;
  const deployment = (nsName: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${nsName}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      hostPID: true\n      containers:\n      - name: app\n        image: nginx\n`;

  it('no policy anywhere: privileged, nothing is reported', () => {
    assert.deepStrictEqual(psa(pod('a', '  hostPID: true\n')), []);
  });

  it('invalid labels: the Namespace error lists them in label order; an invalid enforce level counts as restricted', () => {
    const got = psa(`${ns('a', { 'warn-version': '1.25', enforce: 'Restricted' })}---\n${pod('a')}`);
    assert.deepStrictEqual(got, [
      'pod-security error: Namespace "a" is invalid: [metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be one of privileged, baseline, restricted, metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.25": must be "latest" or "v1.x"]',
      'pod-security error: pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
  });

  it('one invalid label: no brackets', () => {
    assert.deepStrictEqual(psa(ns('a', { audit: '' })), [
      'pod-security error: Namespace "a" is invalid: metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "": must be one of privileged, baseline, restricted',
    ]);
  });

  it('a Pod rejected by enforce gets no warning; one that passes enforce gets the warn text', () => {
    const labels = { enforce: 'baseline', warn: 'restricted', 'warn-version': 'v1.30' };
    assert.deepStrictEqual(psa(`${ns('a', labels)}---\n${pod('a', '  hostPID: true\n')}`), [
      'pod-security error: pods "web" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true)',
    ]);
    assert.deepStrictEqual(
      psa(`${ns('a', labels)}---\n${pod('a', '  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n').replace('image: nginx', 'image: nginx\n    securityContext: {capabilities: {drop: [ALL]}}')}`),
      ['pod-security warning: would violate PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)'],
    );
  });

  it('warn follows enforce with its version unless warn-version is set (apiserver 1.26+), not on 1.25', () => {
    const found = (labels: Record<string, string>, version = '1.35'): string[] => psa(`${ns('a', labels)}---\n${deployment('a')}`, {}, version);
    assert.deepStrictEqual(found({ enforce: 'baseline', 'enforce-version': 'v1.24' })[0], 'pod-security warning: would violate PodSecurity "baseline:v1.24": host namespaces (hostPID=true)');
    assert.deepStrictEqual(found({ enforce: 'baseline', 'enforce-version': 'v1.24', 'warn-version': 'latest' })[0], 'pod-security warning: would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)');
    assert.deepStrictEqual(
      found({ enforce: 'baseline' }, '1.25').map((l) => l.split(':')[0]),
      ['pod-security-pods-rejected error'],
    );
  });

  it('only a version label: no effect (L7)', () => {
    assert.deepStrictEqual(psa(`${ns('a', { 'enforce-version': 'v1.30' })}---\n${pod('a', '  hostPID: true\n')}`), []);
  });

  it('a Namespace object wins over the configured policy, even without labels', () => {
    const plain = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    assert.deepStrictEqual(psa(`${plain}---\n${pod('a', '  hostPID: true\n')}`, { enforce: 'baseline' }), []);
    assert.deepStrictEqual(psa(pod('b', '  hostPID: true\n'), { enforce: 'baseline' }).length, 1);
  });

  it('a future version is printed as written and evaluated as the newest', () => {
    assert.deepStrictEqual(psa(pod('a', '  hostPID: true\n'), { enforce: 'baseline', 'enforce-version': 'v1.99' }), [
      'pod-security error: pods "web" is forbidden: violates PodSecurity "baseline:v1.99": host namespaces (hostPID=true)',
    ]);
  });

  it('kinds the plugin does not evaluate are ignored', () => {
    const crd = 'apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers: [{name: a, image: b}]\n';
    assert.deepStrictEqual(psa(crd, { enforce: 'baseline' }), []);
  });

  it('resolvePolicy keeps a valid enforce version with an invalid enforce level', () => {
    const { policy } = resolvePolicy({ enforce: 'strict', 'enforce-version': 'v1.30' }, { major: 1, minor: 35 });
    assert.deepStrictEqual(policy.enforce, { level: 'restricted', version: { latest: false, minor: 30 } });
    assert.strictEqual(policy.warn.level, 'privileged');
  });
});

// The checks pass over a compliant pod without building their lists (`podls check` evaluates every pod of a
// workspace); these rows fail where those shortcuts would look in the wrong place.
runRows('pod-security: what the checks find past their shortcuts for compliant pods', [
  {
    name: 'B3 hostNamespaces: hostIPC alone',
    spec: `hostIPC: true\n${APP}`,
    policy: 'baseline:latest',
    detail: 'host namespaces (hostIPC=true)',
  },
  {
    name: 'B6 hostProbesAndHostLifecycle: an empty probe host beside a postStart host',
    spec: `${APP}\n  livenessProbe:\n    httpGet: {port: 80, host: ""}\n  lifecycle:\n    postStart:\n      httpGet: {port: 80, host: ""}\n      tcpSocket: {port: 81, host: db}`,
    policy: 'baseline:latest',
    detail: 'probe or lifecycle host (container "app" uses probe or lifecycle host "db")',
  },
  {
    name: 'B9 seLinuxOptions: set on a container only',
    spec: `${APP}\n  securityContext:\n    seLinuxOptions: {type: spc_t}`,
    policy: 'baseline:latest',
    detail: 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
  },
  {
    name: 'B1 appArmorProfile: set on the second container only',
    spec: `${APP}\n- name: side\n  image: x\n  securityContext:\n    appArmorProfile: {type: Unconfined}`,
    policy: 'baseline:latest',
    detail: 'forbidden AppArmor profile (container "side" must not set AppArmor profile type to "Unconfined")',
  },
  {
    name: 'R4 restrictedVolumes: an allowed source set to null does not allow the volume',
    spec: `${restrictedSpec()}\nvolumes:\n- name: x\n  configMap: null\n  hostPath: {path: /x}`,
    policy: 'restricted:latest',
    detail: 'restricted volume types (volume "x" uses restricted volume type "hostPath")',
  },
]);

describe('pod-security: objects that share an evaluation (podSecurityKey)', () => {
  const deployment = (name: string, container: string, extra = ''): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:${extra}\n      containers:\n${container}`;
  const APP_CONTAINER = '      - name: app\n        image: nginx:1.27\n        ports: [{containerPort: 80}]';
  const keyOf = (text: string): string | undefined => {
    const object = objectsOf(text)[0];
    return object === undefined ? undefined : podSecurityKey(object);
  };

  it('is the same for pods that differ only in fields no check reads', () => {
    const other = [
      '      - name: app',
      '        image: registry.example.com/other:2',
      '        imagePullPolicy: Always',
      '        command: [/bin/sh]',
      '        args: [-c, run]',
      '        env: [{name: MODE, value: x}]',
      '        resources: {limits: {memory: 1Gi}}',
      '        volumeMounts: [{name: data, mountPath: /data}]',
      '        ports: [{containerPort: 80}]',
    ].join('\n');
    assert.strictEqual(keyOf(deployment('a', APP_CONTAINER)), keyOf(deployment('b', other)));
  });

  it('differs when a field a check reads differs', () => {
    const base = keyOf(deployment('a', APP_CONTAINER));
    const variants = [
      deployment('a', `${APP_CONTAINER}\n        securityContext: {privileged: true}`),
      deployment('a', '      - name: app\n        image: nginx:1.27\n        ports: [{containerPort: 80, hostPort: 80}]'),
      deployment('a', `${APP_CONTAINER}\n        readinessProbe: {httpGet: {host: example.com, port: 80}}`),
      deployment('a', `${APP_CONTAINER}\n        lifecycle: {preStop: {tcpSocket: {host: example.com, port: 80}}}`),
      deployment('a', '      - name: web\n        image: nginx:1.27\n        ports: [{containerPort: 80}]'),
      deployment('a', APP_CONTAINER, '\n      hostNetwork: true'),
      deployment('a', APP_CONTAINER, '\n      volumes: [{name: data, hostPath: {path: /data}}]'),
      deployment('a', APP_CONTAINER, '\n      os: {name: windows}'),
      deployment('a', APP_CONTAINER).replace('  template:\n', '  template:\n    metadata: {annotations: {container.apparmor.security.beta.kubernetes.io/app: unconfined}}\n'),
      deployment('a', APP_CONTAINER).replace('kind: Deployment', 'kind: StatefulSet'),
    ];
    const keys = variants.map(keyOf);
    for (const key of keys) assert.notStrictEqual(key, base);
    assert.strictEqual(new Set(keys).size, keys.length);
  });

  it('is undefined for objects the PodSecurity plugin does not evaluate', () => {
    assert.strictEqual(keyOf('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}'), undefined);
    assert.strictEqual(keyOf(deployment('a', APP_CONTAINER).replace('apps/v1', 'example.com/v1')), undefined);
    assert.strictEqual(keyOf('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1}'), undefined);
  });

  it('still names each object in its own findings', () => {
    const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27`;
    const text = [pod('first'), pod('second'), deployment('web', APP_CONTAINER), deployment('api', APP_CONTAINER)].join('\n---\n');
    const opts = options({ podSecurity: { enforce: 'restricted' }, kubernetesVersion: '1.35' });
    const plan = planPodSecurity(opts);
    // Each message up to where it names its object (or, for a warning, its policy).
    const head = (message: string): string => /^(pods "[^"]*" is forbidden|would violate PodSecurity "[^"]*"|\w+ "[^"]*" will be created)/.exec(message)?.[1] ?? message;
    const messages = checkConfiguredPodSecurity(objectsOf(text), opts, plan).flatMap((o) => o.findings.map((f) => `${o.index} ${f.ruleId}: ${head(f.message)}`));
    assert.deepStrictEqual(messages, [
      '0 pod-security: pods "first" is forbidden',
      '1 pod-security: pods "second" is forbidden',
      '2 pod-security: would violate PodSecurity "restricted:latest"',
      '2 pod-security-pods-rejected: Deployment "web" will be created',
      '3 pod-security: would violate PodSecurity "restricted:latest"',
      '3 pod-security-pods-rejected: Deployment "api" will be created',
    ]);
    // Two keys (the Pods', the Deployments'): each evaluated once.
    assert.strictEqual(plan.configured.memo.size, 2);
  });
});
