/**
 * The apiserver's field path of every rule with an apiserver-rules.md catalogue entry: for each, manifests that fire
 * it and the exact `fieldPath` and error type `podls check --output json` reports (through `features/batch.ts`
 * `analyseFile`, the path the CLI takes), quirks included (`spec.template.labels`, `volumeMounts.subPath` without
 * an index, `metadata.labels` for a bad label key). The expectations are written here; when ../shared is present
 * each row is also checked against its catalogue row.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import { analyseFile } from '../../server/src/features/batch';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { ruleMetadata } from '../../server/src/rules/registry';
import { podSpecLocation } from '../../server/src/schema/pod-specs';
import { defaultContext } from '../features/fixtures';
import { sharedDir } from '../harness/shared';
import { C, wrap } from './check';

/** One case: a manifest, the rule and catalogue row it fires, and every `fieldPath errorType` of that rule, in order. */
interface FieldPathCase {
  readonly rule: string;
  /** The catalogue row (apiserver-rules.md id) the case exercises. */
  readonly row: string;
  readonly yaml: string;
  /**
   * `fieldPath errorType` of each finding of `rule` (`-` when the finding mirrors no apiserver error), followed by
   * ` (ROW)` when that finding is another catalogue row's than `row`.
   */
  readonly expect: readonly string[];
  /** Target Kubernetes version (default: the bundled schema's). */
  readonly version?: string;
}

const pod = (spec: string, meta?: string): string => wrap('Pod', spec, meta);
const deployment = (spec: string, meta?: string): string => wrap('Deployment', spec, meta);

function object(kind: string, apiVersion: string, body: string, metadata = 'name: demo'): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n${metadata.split('\n').map((l) => `  ${l}`).join('\n')}\n${body}\n`;
}

const TEMPLATE = 'template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      containers: [{name: app, image: nginx:1.27}]';
const JOB_TEMPLATE = 'template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: nginx:1.27}]';

const CASES: readonly FieldPathCase[] = [
  // 1. Object metadata.
  { rule: 'metadata-name', row: 'M1', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {labels: {app: demo}}\nspec:\n  ' + C.replace(/\n/g, '\n  '), expect: ['metadata.name Required'] },
  { rule: 'metadata-name', row: 'M2', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: Bad_Name'), expect: ['metadata.name Invalid'] },
  { rule: 'metadata-namespace', row: 'M7', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\nnamespace: Bad_NS'), expect: ['metadata.namespace Invalid'] },
  { rule: 'label-syntax', row: 'M8', yaml: pod(C, 'labels: {"my label": web}'), expect: ['metadata.labels Invalid'] },
  { rule: 'label-syntax', row: 'M9', yaml: pod(C, 'labels: {app: "bad value!"}'), expect: ['metadata.labels Invalid'] },
  { rule: 'annotation-syntax', row: 'M10', yaml: pod(C, 'labels: {app: demo}\nannotations: {"bad key!": x}'), expect: ['metadata.annotations Invalid'] },
  { rule: 'finalizers', row: 'M13', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\nfinalizers: [foo]'), expect: ['metadata.finalizers[0] Invalid'] },
  { rule: 'finalizers', row: 'M12', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\nfinalizers: [example.com/ok, a/b/c]'), expect: ['metadata.finalizers Invalid'] },
  { rule: 'metadata-name', row: 'M4', yaml: object('StatefulSet', 'apps/v1', `spec:\n  serviceName: web\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`, 'name: web.v1'), expect: ['metadata.name Invalid'] },
  { rule: 'template-metadata', row: 'WS5', yaml: wrap('PodTemplate', C, 'labels: {"my label": x}'), expect: ['template.labels Invalid'] },
  { rule: 'finalizers', row: 'M14', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\nfinalizers: [orphan, foregroundDeletion]'), expect: ['metadata.finalizers Invalid'] },
  {
    rule: 'owner-references',
    row: 'M15',
    yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\nownerReferences: [{apiVersion: "", kind: ReplicaSet, name: web, uid: 0f9e}]'),
    expect: ['metadata.ownerReferences.apiVersion Invalid'],
  },
  { rule: 'metadata-generation', row: 'M17', yaml: object('Pod', 'v1', `spec:\n  ${C.replace(/\n/g, '\n  ')}`, 'name: demo\ngeneration: -1'), expect: ['metadata.generation Invalid'] },
  { rule: 'template-metadata', row: 'WS5', yaml: deployment(C, 'labels: {app: demo, "my label": x}'), expect: ['spec.template.labels Invalid'] },
  { rule: 'template-metadata', row: 'WS5', yaml: deployment(C, 'labels: {app: demo}\nannotations: {"bad key!": x}'), expect: ['spec.template.annotations Invalid'] },
  // 1a. Pod-specific annotations.
  {
    rule: 'pod-annotations',
    row: 'A2',
    yaml: pod(C, 'labels: {app: demo}\nannotations: {controller.kubernetes.io/pod-deletion-cost: "abc"}'),
    expect: ['metadata.annotations[controller.kubernetes.io/pod-deletion-cost] Invalid'],
  },
  {
    rule: 'pod-annotations',
    row: 'A3',
    yaml: pod(C, 'labels: {app: demo}\nannotations: {seccomp.security.alpha.kubernetes.io/pod: "bogus"}'),
    expect: ['metadata.annotations.seccomp.security.alpha.kubernetes.io/pod Invalid'],
  },
  {
    rule: 'pod-annotations',
    row: 'A4',
    yaml: deployment(C, 'labels: {app: demo}\nannotations: {container.apparmor.security.beta.kubernetes.io/other: runtime/default}'),
    expect: ['spec.template.annotations[container.apparmor.security.beta.kubernetes.io/other] Invalid'],
  },
  // 2. Pod spec.
  { rule: 'pod-containers-required', row: 'P1', yaml: pod('containers: []'), expect: ['spec.containers Required'] },
  { rule: 'dns-config', row: 'P4', yaml: pod(`${C}\ndnsPolicy: None`), expect: ['spec.dnsConfig Required'] },
  { rule: 'dns-config', row: 'P7', yaml: pod(`${C}\ndnsConfig: {nameservers: [not-an-ip]}`), expect: ['spec.dnsConfig.nameservers[0] Invalid'] },
  { rule: 'dns-config', row: 'P10', yaml: pod(`${C}\ndnsConfig: {options: [{value: "2"}]}`), expect: ['spec.dnsConfig.options[0] Required'] },
  { rule: 'node-selector', row: 'P11', yaml: pod(`${C}\nnodeSelector: {"bad key": x}`), expect: ['spec.nodeSelector Invalid'] },
  { rule: 'pod-names', row: 'P12', yaml: pod(`${C}\nserviceAccountName: Bad_SA`), expect: ['spec.serviceAccountName Invalid'] },
  { rule: 'pod-names', row: 'P15', yaml: deployment(`${C}\nhostname: Bad.Host`), expect: ['spec.template.spec.hostname Invalid'] },
  { rule: 'active-deadline-seconds', row: 'P14', yaml: pod(`${C}\nactiveDeadlineSeconds: 0`), expect: ['spec.activeDeadlineSeconds Invalid'] },
  { rule: 'pod-gates', row: 'P20', yaml: pod(`${C}\nreadinessGates: [{conditionType: "bad type!"}]`), expect: ['spec.readinessGates[0].conditionType Invalid'] },
  { rule: 'pod-gates', row: 'P21', yaml: pod(`${C}\nschedulingGates: [{name: example.com/a}, {name: example.com/a}]`), expect: ['spec.schedulingGates[1] Duplicate'] },
  { rule: 'pod-gates', row: 'P31', yaml: pod(`${C}\nnodeName: node-1\nschedulingGates: [{name: example.com/a}]`), expect: ['spec.nodeName Forbidden'] },
  { rule: 'host-aliases', row: 'P23', yaml: pod(`${C}\nhostAliases: [{ip: not-an-ip, hostnames: [db]}]`), expect: ['spec.hostAliases[0].ip Invalid'] },
  { rule: 'pod-os', row: 'P26', yaml: pod(`${C}\nos: {name: macos}`), expect: ['spec.os NotSupported'] },
  { rule: 'pod-os', row: 'P27', yaml: pod(`${C}\nos: {name: linux}\nsecurityContext: {windowsOptions: {runAsUserName: app}}`), expect: ['spec.securityContext.windowsOptions Forbidden'] },
  { rule: 'ephemeral-containers-on-create', row: 'P29', yaml: pod(`${C}\nephemeralContainers: [{name: debug, image: busybox}]`), expect: ['spec.ephemeralContainers Forbidden'] },
  { rule: 'ephemeral-containers-on-create', row: 'P30', yaml: deployment(`${C}\nephemeralContainers: [{name: debug, image: busybox}]`), expect: ['spec.template.spec.ephemeralContainers Forbidden'] },
  { rule: 'image-whitespace', row: 'P32', yaml: pod('containers: [{name: app, image: " nginx:1.27"}]'), expect: ['spec.containers[0].image Invalid'] },
  { rule: 'host-namespaces', row: 'HN4', yaml: pod(`${C}\nshareProcessNamespace: true\nhostPID: true`), expect: ['spec.securityContext.shareProcessNamespace Invalid'] },
  { rule: 'pod-resource-claims', row: 'P36', yaml: pod(`${C}\nresourceClaims: [{name: gpu, resourceClaimName: a}, {name: gpu, resourceClaimName: b}]`), expect: ['spec.resourceClaims[1].name Duplicate'] },
  { rule: 'host-namespaces', row: 'HN3', yaml: pod(`${C}\nhostUsers: false\nhostPID: true`), expect: ['spec.HostPID Forbidden'] },
  { rule: 'pod-os', row: 'P28', yaml: pod(`${C}\nos: {name: windows}\nhostIPC: true`), expect: ['spec.hostIPC Forbidden'] },
  // 3. Containers.
  { rule: 'container-name', row: 'CT2', yaml: pod('containers: [{name: Bad_Name, image: nginx:1.27}]'), expect: ['spec.containers[0].name Invalid'] },
  { rule: 'container-name', row: 'CT3', yaml: pod('containers: [{name: app, image: a}, {name: app, image: b}]'), expect: ['spec.containers[1].name Duplicate'] },
  { rule: 'container-image-required', row: 'CT6', yaml: pod('containers: [{name: app}]'), expect: ['spec.containers[0].image Required'] },
  { rule: 'container-image-required', row: 'CT6', yaml: deployment('containers: [{name: app, image: ""}]'), expect: ['spec.template.spec.containers[0].image Required'] },
  { rule: 'container-restart-policy', row: 'CT9', version: '1.33', yaml: pod('containers: [{name: app, image: a, restartPolicy: Always}]'), expect: ['spec.containers[0].restartPolicy Forbidden'] },
  {
    rule: 'ephemeral-container-fields',
    row: 'CT10',
    yaml: wrap('PodTemplate', `${C}\nephemeralContainers: [{name: debug, image: busybox, targetContainerName: nope}]`),
    expect: ['template.spec.ephemeralContainers[0].targetContainerName NotFound'],
  },
  {
    rule: 'ephemeral-container-fields',
    row: 'CT12',
    yaml: pod(`${C}\nvolumes: [{name: data, emptyDir: {}}]\nephemeralContainers: [{name: debug, image: busybox, volumeMounts: [{name: data, mountPath: /d, subPath: x}]}]`),
    expect: ['spec.ephemeralContainers[0].volumeMounts[0].subPath Forbidden'],
  },
  { rule: 'init-container-restart-policy', row: 'IC1', version: '1.33', yaml: pod(`${C}\ninitContainers: [{name: init, image: a, restartPolicy: Never}]`), expect: ['spec.initContainers[0].restartPolicy NotSupported'] },
  {
    rule: 'init-container-fields',
    row: 'IC2',
    yaml: pod(`${C}\ninitContainers: [{name: init, image: a, livenessProbe: {tcpSocket: {port: 80}}}]`),
    expect: ['spec.initContainers[0].livenessProbe Forbidden'],
  },
  // 3b. Ports.
  { rule: 'container-ports', row: 'PT1', yaml: pod('containers: [{name: app, image: a, ports: [{name: http-port-name-long, containerPort: 80}]}]'), expect: ['spec.containers[0].ports[0].name Invalid'] },
  { rule: 'container-ports', row: 'PT2', yaml: pod('containers: [{name: app, image: a, ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81}]}]'), expect: ['spec.containers[0].ports[1].name Duplicate'] },
  { rule: 'container-ports', row: 'PT4', yaml: pod('containers: [{name: app, image: a, ports: [{containerPort: 70000}]}]'), expect: ['spec.containers[0].ports[0].containerPort Invalid'] },
  { rule: 'duplicate-container-port', row: 'PT7', yaml: pod('containers: [{name: app, image: a, ports: [{containerPort: 80}, {containerPort: 80}]}]'), expect: ['spec.containers[0].ports[1] -'] },
  { rule: 'host-ports', row: 'HN1', yaml: pod(`${C.replace('image: nginx:1.27', 'image: nginx:1.27\n  ports: [{containerPort: 80, hostPort: 8080}]')}\nhostNetwork: true`), expect: ['spec.containers[0].ports[0].hostPort Invalid'] },
  {
    rule: 'host-ports',
    row: 'HN2',
    yaml: pod('containers: [{name: a, image: a, ports: [{containerPort: 80, hostPort: 8080}]}, {name: b, image: b, ports: [{containerPort: 81, hostPort: 8080}]}]'),
    expect: ['spec.containers[1].ports[0].hostPort Duplicate'],
  },
  // 3c. Environment.
  { rule: 'env-vars', row: 'EV1', yaml: pod('containers: [{name: app, image: a, env: [{name: "", value: x}]}]'), expect: ['spec.containers[0].env[0].name Required'] },
  { rule: 'env-vars', row: 'EV3', yaml: pod('containers: [{name: app, image: a, env: [{name: A, valueFrom: {}}]}]'), expect: ['spec.containers[0].env[0].valueFrom Invalid'] },
  { rule: 'env-vars', row: 'EV12', yaml: pod('containers: [{name: app, image: a, env: [{name: A, valueFrom: {configMapKeyRef: {name: Bad_Name, key: k}}}]}]'), expect: ['spec.containers[0].env[0].valueFrom.configMapKeyRef.name Invalid'] },
  { rule: 'env-from', row: 'EF2', yaml: pod('containers: [{name: app, image: a, envFrom: [{prefix: X_}]}]'), expect: ['spec.containers[0].envFrom Invalid'] },
  { rule: 'env-from', row: 'EF3', yaml: pod('containers: [{name: app, image: a, envFrom: [{configMapRef: {name: a}, secretRef: {name: b}}]}]'), expect: ['spec.containers[0].envFrom Invalid'] },
  { rule: 'env-from', row: 'EF4', yaml: pod('containers: [{name: app, image: a, envFrom: [{configMapRef: {name: ""}}]}]'), expect: ['spec.containers[0].envFrom[0].configMapRef.name Required'] },
  // 4. Probes and lifecycle hooks.
  { rule: 'probe-handler', row: 'PR1', yaml: pod('containers: [{name: app, image: a, livenessProbe: {periodSeconds: 5}}]'), expect: ['spec.containers[0].livenessProbe Required'] },
  { rule: 'probe-handler', row: 'PR2', yaml: pod('containers: [{name: app, image: a, readinessProbe: {exec: {command: [true]}, tcpSocket: {port: 80}}}]'), expect: ['spec.containers[0].readinessProbe.tcpSocket Forbidden'] },
  {
    rule: 'probe-handler',
    row: 'PR6',
    yaml: pod('containers: [{name: app, image: a, livenessProbe: {httpGet: {port: 80, httpHeaders: [{name: "bad header", value: x}]}}}]'),
    expect: ['spec.containers[0].livenessProbe.httpGet.httpHeaders Invalid'],
  },
  { rule: 'probe-fields', row: 'PR8', yaml: pod('containers: [{name: app, image: a, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}]'), expect: ['spec.containers[0].livenessProbe.successThreshold Invalid'] },
  { rule: 'lifecycle-handler', row: 'LH1', yaml: pod('containers: [{name: app, image: a, lifecycle: {preStop: {sleep: {seconds: 100}}}}]'), expect: ['spec.containers[0].lifecycle.preStop.sleep Invalid'] },
  // 5. Volumes and mounts.
  { rule: 'volumes', row: 'V2', yaml: pod(`${C}\nvolumes: [{name: Bad_Name, emptyDir: {}}]`), expect: ['spec.volumes[0].name Invalid'] },
  { rule: 'volumes', row: 'V4', yaml: pod(`${C}\nvolumes: [{name: data, emptyDir: {}, configMap: {name: cfg}}]`), expect: ['spec.volumes[0].configMap Forbidden'] },
  { rule: 'volumes', row: 'V12', yaml: pod(`${C}\nvolumes: [{name: cfg, configMap: {name: cfg, defaultMode: 1000}}]`), expect: ['spec.volumes[0].configMap.defaultMode Invalid'] },
  { rule: 'volumes', row: 'V19', yaml: pod(`${C}\nvolumes: [{name: info, downwardAPI: {items: [{path: /abs, fieldRef: {fieldPath: metadata.name}}]}}]`), expect: ['spec.volumes[0].downwardAPI.path Invalid'] },
  { rule: 'volumes', row: 'V20', yaml: pod(`${C}\nvolumes: [{name: info, downwardAPI: {items: [{path: p, fieldRef: {fieldPath: spec.nodeName}}]}}]`), expect: ['spec.volumes[0].downwardAPI.fieldRef.fieldPath NotSupported'] },
  { rule: 'volumes', row: 'V21', yaml: pod(`${C}\nvolumes: [{name: info, downwardAPI: {items: [{path: p}]}}]`), expect: ['spec.volumes[0].downwardAPI Required'] },
  { rule: 'volumes', row: 'V27', yaml: pod(`${C}\nvolumes: [{name: p, projected: {sources: [{serviceAccountToken: {path: /abs}}]}}]`), expect: ['spec.volumes[0].projected.path Invalid'] },
  { rule: 'volumes', row: 'V31', yaml: pod(`${C}\nvolumes: [{name: g, gcePersistentDisk: {pdName: ""}}]`), expect: ['spec.volumes[0].persistentDisk.pdName Required'] },
  {
    rule: 'volume-mounts',
    row: 'VM7',
    yaml: pod('containers: [{name: app, image: a, volumeMounts: [{name: d, mountPath: /d, subPathExpr: /abs}]}]\nvolumes: [{name: d, emptyDir: {}}]'),
    expect: ['spec.containers[0].volumeMounts.subPathExpr Invalid'],
  },
  { rule: 'volume-mounts', row: 'VM2', yaml: pod('containers: [{name: app, image: a, volumeMounts: [{name: data, mountPath: /data}]}]'), expect: ['spec.containers[0].volumeMounts[0].name NotFound'] },
  {
    rule: 'volume-mounts',
    row: 'VM4',
    yaml: pod('containers: [{name: app, image: a, volumeMounts: [{name: d, mountPath: /d}, {name: d, mountPath: /d}]}]\nvolumes: [{name: d, emptyDir: {}}]'),
    expect: ['spec.containers[0].volumeMounts[1].mountPath Invalid'],
  },
  {
    rule: 'volume-mounts',
    row: 'VM5',
    yaml: pod('containers: [{name: app, image: a, volumeMounts: [{name: d, mountPath: /d}, {name: d, mountPath: /e, subPath: /abs}]}]\nvolumes: [{name: d, emptyDir: {}}]'),
    expect: ['spec.containers[0].volumeMounts.subPath Invalid'],
  },
  {
    rule: 'volume-mounts',
    row: 'VM9',
    yaml: pod('containers: [{name: app, image: a, volumeMounts: [{name: d, mountPath: /d, mountPropagation: Bidirectional}]}]\nvolumes: [{name: d, emptyDir: {}}]'),
    expect: ['spec.containers[0].volumeMounts.mountPropagation Forbidden'],
  },
  // 9. Resources.
  { rule: 'container-resources', row: 'R3', yaml: pod('containers: [{name: app, image: a, resources: {limits: {cpu: "-1"}}}]'), expect: ['spec.containers[0].resources.limits[cpu] Invalid'] },
  { rule: 'container-resources', row: 'R5', yaml: pod('containers: [{name: app, image: a, resources: {requests: {cpu: "1"}, limits: {cpu: 500m}}}]'), expect: ['spec.containers[0].resources.requests Invalid'] },
  { rule: 'container-resources', row: 'R7', yaml: deployment('containers: [{name: app, image: a, resources: {requests: {example.com/gpu: "1"}}}]'), expect: ['spec.template.spec.containers[0].resources.limits Required'] },
  { rule: 'resize-policy', row: 'R11', yaml: pod('containers: [{name: app, image: a, resizePolicy: [{resourceName: gpu, restartPolicy: NotRequired}]}]'), expect: ['spec.containers[0].resizePolicy NotSupported'] },
  { rule: 'pod-level-resources', row: 'P35', yaml: pod('containers: [{name: app, image: a, resources: {requests: {cpu: "2"}}}]\nresources: {requests: {cpu: "1"}}'), expect: ['spec.resources.requests[cpu] Invalid'] },
  // 10. Security context.
  { rule: 'security-context', row: 'SC1', yaml: pod(`${C}\nsecurityContext: {runAsUser: -1}`), expect: ['spec.securityContext.runAsUser Invalid'] },
  { rule: 'security-context', row: 'SC3', yaml: pod('containers: [{name: app, image: a, securityContext: {privileged: true, allowPrivilegeEscalation: false}}]'), expect: ['spec.containers[0].securityContext Invalid'] },
  { rule: 'security-context', row: 'SC7', yaml: pod(`${C}\nsecurityContext: {seccompProfile: {type: Localhost}}`), expect: ['spec.securityContext.seccompProfile.localhostProfile Required'] },
  // 6. Scheduling.
  { rule: 'tolerations', row: 'TL4', yaml: pod(`${C}\ntolerations: [{key: k, operator: Equal, value: "bad value!"}]`), expect: ['spec.tolerations[0].operator Invalid'] },
  { rule: 'tolerations', row: 'TL2', yaml: pod(`${C}\ntolerations: [{operator: Equal, value: v}]`), expect: ['spec.tolerations[0].operator Invalid'] },
  { rule: 'tolerations', row: 'TL3', yaml: pod(`${C}\ntolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]`), expect: ['spec.tolerations[0].effect Invalid'] },
  {
    rule: 'tolerations',
    row: 'A6',
    yaml: pod(C, `labels: {app: demo}\nannotations: {scheduler.alpha.kubernetes.io/tolerations: '[{"operator": "Equal", "value": "v"}]'}`),
    expect: ['metadata.annotations.scheduler.alpha.kubernetes.io/tolerations[0].operator Invalid (TL2)'],
  },
  {
    rule: 'node-affinity',
    row: 'NA1',
    yaml: pod(`${C}\naffinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}`),
    expect: ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms Required'],
  },
  {
    rule: 'node-affinity',
    row: 'NA2',
    yaml: pod(`${C}\naffinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In}]}]}}}`),
    expect: ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values Required'],
  },
  {
    rule: 'pod-affinity',
    row: 'PA4',
    yaml: pod(`${C}\naffinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, labelSelector: {matchLabels: {app: db}}, namespaces: [Bad_NS]}]}}`),
    expect: ['spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace Invalid'],
  },
  {
    rule: 'pod-affinity',
    row: 'PA5',
    yaml: pod(`${C}\naffinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, podAffinityTerm: {topologyKey: zone, labelSelector: {matchLabels: {app: db}}}}]}}`),
    expect: ['spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight Invalid'],
  },
  { rule: 'topology-spread', row: 'TS1', yaml: pod(`${C}\ntopologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]`), expect: ['spec.topologySpreadConstraints[0].maxSkew Invalid'] },
  {
    rule: 'topology-spread',
    row: 'TS4',
    yaml: pod(`${C}\ntopologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}, {maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]`),
    expect: ['spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable} Duplicate'],
  },
  // 7. Label selectors and workloads.
  { rule: 'workload-selector', row: 'WS2', yaml: object('Deployment', 'apps/v1', `spec:\n  selector: {}\n  ${TEMPLATE}`), expect: ['spec.selector Invalid'] },
  { rule: 'workload-selector', row: 'LS1', yaml: object('Deployment', 'apps/v1', `spec:\n  selector: {matchLabels: {app: demo, "bad key": x}}\n  ${TEMPLATE}`), expect: ['spec.selector.matchLabels Invalid', 'spec.selector Invalid (WS3)'] },
  {
    rule: 'workload-selector',
    row: 'LS2',
    yaml: object('Deployment', 'apps/v1', `spec:\n  selector: {matchLabels: {app: demo}, matchExpressions: [{key: tier, operator: In}]}\n  ${TEMPLATE}`),
    expect: ['spec.selector.matchExpressions[0].values Required', 'spec.selector Invalid (WS3)'],
  },
  { rule: 'selector-template-mismatch', row: 'WS4', yaml: object('Deployment', 'apps/v1', `spec:\n  selector: {matchLabels: {app: other}}\n  ${TEMPLATE}`), expect: ['spec.template.metadata.labels Invalid'] },
  { rule: 'workload-restart-policy', row: 'D3', yaml: deployment(`${C}\nrestartPolicy: Never`), expect: ['spec.template.spec.restartPolicy NotSupported'] },
  { rule: 'workload-active-deadline', row: 'D4', yaml: deployment(`${C}\nactiveDeadlineSeconds: 30`), expect: ['spec.template.spec.activeDeadlineSeconds Forbidden'] },
  { rule: 'deployment-spec', row: 'D1', yaml: object('Deployment', 'apps/v1', `spec:\n  replicas: -1\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`), expect: ['spec.replicas Invalid'] },
  {
    rule: 'deployment-spec',
    row: 'D8',
    yaml: object('Deployment', 'apps/v1', `spec:\n  selector: {matchLabels: {app: demo}}\n  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n  ${TEMPLATE}`),
    expect: ['spec.strategy.rollingUpdate.maxUnavailable Invalid'],
  },
  { rule: 'replicaset-spec', row: 'D1', yaml: object('ReplicaSet', 'apps/v1', `spec:\n  minReadySeconds: -1\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`), expect: ['spec.minReadySeconds Invalid'] },
  {
    rule: 'statefulset-spec',
    row: 'S4',
    yaml: object('StatefulSet', 'apps/v1', `spec:\n  serviceName: web\n  ordinals: {start: -1}\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`),
    expect: ['spec.ordinals.start Invalid'],
  },
  {
    rule: 'statefulset-spec',
    row: 'S3',
    yaml: object('StatefulSet', 'apps/v1', `spec:\n  serviceName: web\n  updateStrategy: {type: OnDelete, rollingUpdate: {partition: 1}}\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`),
    expect: ['spec.updateStrategy.rollingUpdate Invalid'],
  },
  {
    rule: 'daemonset-spec',
    row: 'DS6',
    yaml: object('DaemonSet', 'apps/v1', `spec:\n  updateStrategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n  selector: {matchLabels: {app: demo}}\n  ${TEMPLATE}`),
    expect: ['spec.updateStrategy.rollingUpdate.maxUnavailable Required'],
  },
  { rule: 'replication-controller-spec', row: 'RC6', yaml: object('ReplicationController', 'v1', `spec:\n  replicas: -1\n  selector: {app: demo}\n  ${TEMPLATE}`), expect: ['spec.replicas Invalid'] },
  { rule: 'replication-controller-spec', row: 'RC2', yaml: object('ReplicationController', 'v1', 'spec:\n  selector: {app: demo}'), expect: ['spec.template Required'] },
  // 8d-e. Jobs and CronJobs.
  { rule: 'job-restart-policy', row: 'J1', yaml: wrap('Job', `${C}\nrestartPolicy: Always`), expect: ['spec.template.spec.restartPolicy Required'] },
  { rule: 'job-restart-policy', row: 'CJ9', yaml: wrap('CronJob', `${C}\nrestartPolicy: Always`), expect: ['spec.jobTemplate.spec.template.spec.restartPolicy Required'] },
  { rule: 'job-spec', row: 'J5', yaml: object('Job', 'batch/v1', `spec:\n  parallelism: -1\n  ${JOB_TEMPLATE}`), expect: ['spec.parallelism Invalid'] },
  { rule: 'job-spec', row: 'J7', yaml: object('Job', 'batch/v1', `spec:\n  completionMode: Indexed\n  ${JOB_TEMPLATE}`), expect: ['spec.completions Required'] },
  {
    rule: 'job-spec',
    row: 'CJ11',
    yaml: object('CronJob', 'batch/v1', `spec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      backoffLimit: -1\n      ${JOB_TEMPLATE.replace(/\n/g, '\n    ')}`),
    expect: ['spec.jobTemplate.spec.backoffLimit Invalid'],
  },
  {
    rule: 'job-generated-selector',
    row: 'JOB2',
    yaml: object('Job', 'batch/v1', `spec:\n  selector: {matchLabels: {app: demo}}\n  template:\n    metadata: {labels: {app: demo}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: app, image: a}]`),
    expect: ['spec.selector Invalid'],
  },
  {
    rule: 'job-generated-selector',
    row: 'CJ8',
    yaml: object('CronJob', 'batch/v1', `spec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      manualSelector: true\n      ${JOB_TEMPLATE.replace(/\n/g, '\n    ')}`),
    expect: ['spec.jobTemplate.spec.manualSelector NotSupported'],
  },
  {
    rule: 'job-indexed-name',
    row: 'J9',
    yaml: object('Job', 'batch/v1', `spec:\n  completionMode: Indexed\n  completions: 3\n  ${JOB_TEMPLATE}`, `name: ${'j'.repeat(62)}`),
    expect: ['metadata.name Invalid'],
  },
  { rule: 'cronjob-spec', row: 'CJ1', yaml: object('CronJob', 'batch/v1', `spec:\n  schedule: ""\n  jobTemplate:\n    spec:\n      ${JOB_TEMPLATE.replace(/\n/g, '\n    ')}`), expect: ['spec.schedule Required'] },
  {
    rule: 'cronjob-spec',
    row: 'CJ10',
    yaml: object('CronJob', 'batch/v1', `spec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      ${JOB_TEMPLATE.replace(/\n/g, '\n    ')}`, `name: ${'c'.repeat(53)}`),
    expect: ['metadata.name Invalid'],
  },
];

/** An expected line without its ` (ROW)` suffix, and that row. */
function parseExpected(line: string): { text: string; row?: string } {
  const m = / \(([A-Z]+[0-9]+)\)$/.exec(line);
  return m === null ? { text: line } : { text: line.slice(0, m.index), row: m[1] ?? '' };
}

/** `fieldPath errorType` of every finding of `rule` in `yaml`, as `podls check` computes them. */
function fieldPathsOf(ctx: AnalysisContext, yaml: string, rule: string, version: string | undefined): string[] {
  const c: AnalysisContext = version === undefined ? ctx : { ...ctx, rules: { ...ctx.rules, kubernetesVersion: version } };
  const report = analyseFile(createSnapshot('file:///case.yaml', 0, yaml), c);
  return report.diagnostics.filter((d) => d.code === rule).map((d) => `${d.fieldPath ?? '<none>'} ${d.errorType ?? '-'}`);
}

describe('rules: the apiserver field path of every catalogued rule', () => {
  let ctx: AnalysisContext;
  before(function () {
    ctx = defaultContext(this);
  });

  for (const c of CASES) {
    it(`${c.rule} (${c.row}): ${c.expect.join(', ')}`, () => {
      assert.deepStrictEqual(fieldPathsOf(ctx, c.yaml, c.rule, c.version), c.expect.map((e) => parseExpected(e).text));
    });
  }

  it('has a case for every rule with a catalogue entry', () => {
    const tested = new Set(CASES.map((c) => c.rule));
    const missing = ruleMetadata().filter((r) => (r.covers ?? []).length > 0 && !tested.has(r.id)).map((r) => r.id);
    assert.deepStrictEqual(missing, []);
  });

  it('names catalogue rows the rule covers', () => {
    const wrong = CASES.filter((c) => !(ruleMetadata().find((r) => r.id === c.rule)?.covers ?? []).includes(c.row)).map((c) => `${c.rule} ${c.row}`);
    assert.deepStrictEqual(wrong, []);
  });

  it('agrees with the catalogue rows (../shared/apiserver-rules.md): error type and last path segment', function () {
    const dir = sharedDir();
    if (dir === undefined) {
      process.stdout.write('      (skipped: ../shared/apiserver-rules.md is absent)\n');
      this.skip();
    }
    const catalogue = fs.readFileSync(path.join(dir, 'apiserver-rules.md'), 'utf8').split('\n');
    const rowText = (id: string): string => {
      const at = catalogue.findIndex((l) => l.startsWith(`| ${id} |`));
      if (at < 0) return '';
      const line = catalogue[at] ?? '';
      // A row may say `same` (the path of the row above) or refer to other rows (`as J1/J2/J3`, `J5–J12`).
      let above = '';
      for (let k = at; /\bsame\b/.test(catalogue[k] ?? '') && k > 0; k--) above += `${catalogue[k - 1] ?? ''}\n`;
      const referred = [...line.matchAll(/\b([A-Z]+)([0-9]+)(?:[–-]([A-Z]*)([0-9]+))?/g)].flatMap((m) => {
        const from = Number(m[2]);
        const to = m[4] !== undefined ? Number(m[4]) : from;
        return Array.from({ length: Math.min(to - from, 20) + 1 }, (_, k) => `${m[1] ?? ''}${from + k}`);
      });
      const others = referred.filter((r) => r !== id).map((r) => catalogue.find((l) => l.startsWith(`| ${r} |`)) ?? '');
      return [line, above, ...others].join('\n').replace(/<PR>/g, '<PR> livenessProbe readinessProbe startupProbe');
    };
    const problems: string[] = [];
    for (const c of CASES) {
      for (const e of c.expect) {
        const { text, row } = parseExpected(e);
        const line = rowText(row ?? c.row);
        if (line === '') {
          problems.push(`${row ?? c.row}: no catalogue row`);
          continue;
        }
        const fieldPath = text.slice(0, text.lastIndexOf(' '));
        const errorType = text.slice(text.lastIndexOf(' ') + 1);
        // The last named segment (`subPath` of `...volumeMounts.subPath`, `labels` of `spec.template.labels`).
        const last = fieldPath.replace(/\[[^\]]*\]$/, '').split('.').pop() ?? '';
        if (!line.includes(last)) problems.push(`${c.rule} ${c.row}: ${fieldPath} (${last}) not in the catalogue row`);
        if (errorType !== '-' && !line.includes(errorType)) problems.push(`${c.rule} ${c.row}: ${errorType} not in the catalogue row`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it('gives the apiserver-labelled field path of every rejected manifest of ../shared (realworld/invalid, external/invalid)', function () {
    const dir = sharedDir();
    if (dir === undefined) {
      process.stdout.write('      (skipped: ../shared is absent)\n');
      this.skip();
    }
    const missed: string[] = [];
    let checked = 0;
    for (const sub of ['realworld/invalid', 'external/invalid']) {
      const folder = path.join(dir, sub);
      if (!fs.existsSync(folder)) continue;
      for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.yaml')).sort()) {
        const text = fs.readFileSync(path.join(folder, f), 'utf8');
        const kind = /^kind: *(\S+)/m.exec(text)?.[1];
        // Only the kinds the apiserver rules cover (those holding a Pod spec; a ConfigMap's metadata is not checked), in
        // documents that say what they are (`apiVersion not set` is kubectl's own check).
        if (kind === undefined || !/^apiVersion: *\S/m.test(text) || podSpecLocation(kind) === undefined) continue;
        const found = analyseFile(createSnapshot(`file:///${f}`, 0, text), ctx).diagnostics;
        for (const m of text.matchAll(/^# expect: (.*)$/gm)) {
          const e = JSON.parse(m[1] ?? '{}') as { field?: string; type?: string; scope?: string; versions?: string };
          // CRD schemas, `no matches for kind` and release-bound cases are tested elsewhere.
          if (e.field === undefined || e.scope !== undefined || e.type === 'NoMatch' || e.versions !== undefined) continue;
          checked++;
          if (!found.some((d) => d.fieldPath === e.field && d.errorType === e.type)) {
            missed.push(`${sub}/${f}: ${e.field} ${e.type ?? ''} not among ${found.map((d) => `${d.fieldPath ?? '-'} ${d.errorType ?? '-'}`).join(', ')}`);
          }
        }
      }
    }
    process.stdout.write(`      ${checked} labelled errors, ${checked - missed.length} with the apiserver's fieldPath and type\n`);
    assert.deepStrictEqual(missed, []);
    assert.ok(checked >= 30, `only ${checked} labelled errors`);
  });
});
