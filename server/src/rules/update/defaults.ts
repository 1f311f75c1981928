/**
 * The apiserver's defaulting of the fields the update rules compare, and what the server and controllers fill
 * in after a create (an allocated `clusterIP`, a Job's generated selector and labels).
 *
 * Follows the v1 defaulting functions (`pkg/apis/core/v1/defaults.go` `SetDefaults_Pod`, `SetDefaults_PodSpec`,
 * `SetDefaults_Container`, `SetDefaults_Probe`, `SetDefaults_Volume`, `SetDefaults_Service`, `SetDefaults_Secret`,
 * `SetDefaults_PersistentVolumeClaimSpec`; `pkg/apis/apps/v1/defaults.go`; `pkg/apis/batch/v1/defaults.go`) and the Job
 * strategy's `generateSelector`. Both sides of an update are defaulted the same way before they are compared, so a
 * default written out in one revision and omitted in the other is not a change (as on the server, where the stored
 * object and the new one are both defaulted). Pure: returns new plain JSON, never mutates its input.
 */
import { podSpecLocation } from '../../schema/pod-specs';
import { isObject } from '../json';
import type { JsonObject } from '../rule';

type Mutable = Record<string, unknown>;

/** A deep copy of plain JSON. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function obj(parent: Mutable, key: string): Mutable | undefined {
  const v = parent[key];
  return isObject(v) ? (v as Mutable) : undefined;
}

function ensureObj(parent: Mutable, key: string): Mutable {
  const v = parent[key];
  if (isObject(v)) return v as Mutable;
  const created: Mutable = {};
  parent[key] = created;
  return created;
}

function setDefault(target: Mutable, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function items(parent: Mutable, key: string): Mutable[] {
  const v = parent[key];
  return Array.isArray(v) ? v.filter((x): x is Mutable => isObject(x)) : [];
}

/** `imagePullPolicy` as `SetDefaults_Container` chooses it: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(handler: Mutable | undefined): void {
  const http = handler === undefined ? undefined : obj(handler, 'httpGet');
  if (http !== undefined) setDefault(http, 'scheme', 'HTTP');
}

function defaultProbe(probe: Mutable | undefined): void {
  if (probe === undefined) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHandler(probe);
}

function defaultContainer(c: Mutable): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(c['image']));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  for (const p of items(c, 'ports')) setDefault(p, 'protocol', 'TCP');
  for (const e of items(c, 'env')) {
    const from = obj(e, 'valueFrom');
    const fieldRef = from === undefined ? undefined : obj(from, 'fieldRef');
    if (fieldRef !== undefined) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(obj(c, k));
  const lifecycle = obj(c, 'lifecycle');
  if (lifecycle !== undefined) for (const k of ['postStart', 'preStop']) defaultHandler(obj(lifecycle, k));
  // SetDefaults_Pod: requests default to limits for each resource that has a limit and no request.
  const resources = obj(c, 'resources');
  const limits = resources === undefined ? undefined : obj(resources, 'limits');
  if (resources !== undefined && limits !== undefined && Object.keys(limits).length > 0) {
    const requests = ensureObj(resources, 'requests');
    for (const [name, q] of Object.entries(limits)) setDefault(requests, name, q);
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

function defaultVolume(v: Mutable): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v['emptyDir'] = {};
  for (const s of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    const src = obj(v, s);
    if (src !== undefined) setDefault(src, 'defaultMode', 420);
  }
  const hostPath = obj(v, 'hostPath');
  if (hostPath !== undefined) setDefault(hostPath, 'type', '');
  const ephemeral = obj(v, 'ephemeral');
  const template = ephemeral === undefined ? undefined : obj(ephemeral, 'volumeClaimTemplate');
  const spec = template === undefined ? undefined : obj(template, 'spec');
  if (spec !== undefined) setDefault(spec, 'volumeMode', 'Filesystem');
}

/** Defaults a PodSpec in place (a copy owned by the caller). */
function defaultPodSpec(spec: Mutable): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...items(spec, 'containers'), ...items(spec, 'initContainers')]) defaultContainer(c);
  for (const c of items(spec, 'ephemeralContainers')) {
    setDefault(c, 'imagePullPolicy', defaultPullPolicy(c['image']));
    setDefault(c, 'terminationMessagePath', '/dev/termination-log');
    setDefault(c, 'terminationMessagePolicy', 'File');
  }
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

function defaultPvcSpec(spec: Mutable | undefined): void {
  if (spec !== undefined) setDefault(spec, 'volumeMode', 'Filesystem');
}

function defaultJobSpec(spec: Mutable): void {
  if ((spec['completions'] === undefined || spec['completions'] === null) && (spec['parallelism'] === undefined || spec['parallelism'] === null)) {
    spec['completions'] = 1;
    spec['parallelism'] = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec['backoffLimitPerIndex'] !== undefined && spec['backoffLimitPerIndex'] !== null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const policy = obj(spec, 'podFailurePolicy');
  for (const rule of policy === undefined ? [] : items(policy, 'rules')) {
    for (const cond of items(rule, 'onPodConditions')) setDefault(cond, 'status', 'True');
  }
}

/**
 * `object` (kind `kind`) with the apiserver's defaults filled in where absent. Covers the Pod spec (of a Pod or any
 * pod template), Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Service, PersistentVolumeClaim and
 * Secret (`stringData` folded into `data`, base64, as the Secret strategy does before validation).
 */
export function withDefaults(kind: string, object: JsonObject): JsonObject {
  const out = cloneJson(object) as Mutable;
  const spec = obj(out, 'spec');
  const loc = podSpecLocation(kind);
  if (loc !== undefined) {
    let cur: unknown = out;
    for (const k of loc.specPath) cur = isObject(cur) ? cur[k] : undefined;
    if (isObject(cur)) defaultPodSpec(cur as Mutable);
  }
  switch (kind) {
    case 'Deployment':
      if (spec === undefined) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      {
        const strategy = ensureObj(spec, 'strategy');
        setDefault(strategy, 'type', 'RollingUpdate');
        if (strategy['type'] === 'RollingUpdate') {
          const ru = ensureObj(strategy, 'rollingUpdate');
          setDefault(ru, 'maxUnavailable', '25%');
          setDefault(ru, 'maxSurge', '25%');
        }
      }
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      if (spec !== undefined) setDefault(spec, 'replicas', 1);
      break;
    case 'StatefulSet':
      if (spec === undefined) break;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'revisionHistoryLimit', 10);
      {
        const strategy = ensureObj(spec, 'updateStrategy');
        setDefault(strategy, 'type', 'RollingUpdate');
        if (strategy['type'] === 'RollingUpdate') setDefault(ensureObj(strategy, 'rollingUpdate'), 'partition', 0);
        const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy');
        setDefault(retention, 'whenDeleted', 'Retain');
        setDefault(retention, 'whenScaled', 'Retain');
      }
      for (const t of items(spec, 'volumeClaimTemplates')) defaultPvcSpec(obj(t, 'spec'));
      break;
    case 'DaemonSet':
      if (spec === undefined) break;
      setDefault(spec, 'revisionHistoryLimit', 10);
      {
        const strategy = ensureObj(spec, 'updateStrategy');
        setDefault(strategy, 'type', 'RollingUpdate');
        if (strategy['type'] === 'RollingUpdate') {
          const ru = ensureObj(strategy, 'rollingUpdate');
          setDefault(ru, 'maxUnavailable', 1);
          setDefault(ru, 'maxSurge', 0);
        }
      }
      break;
    case 'Job':
      if (spec !== undefined) defaultJobSpec(spec);
      break;
    case 'CronJob':
      if (spec === undefined) break;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      break;
    case 'Service':
      if (spec === undefined) break;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      for (const p of items(spec, 'ports')) {
        setDefault(p, 'protocol', 'TCP');
        setDefault(p, 'targetPort', p['port']);
      }
      if (spec['type'] !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      break;
    case 'PersistentVolumeClaim':
      defaultPvcSpec(spec);
      break;
    case 'Secret': {
      setDefault(out, 'type', 'Opaque');
      const stringData = obj(out, 'stringData');
      if (stringData !== undefined) {
        const data = ensureObj(out, 'data');
        for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete out['stringData'];
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** The value podls uses for what the apiserver generates and a file cannot know (a uid, an allocated IP). */
export const GENERATED = '<generated>';

/**
 * A previous revision written as a manifest (not read from the cluster) as the live object would be after its
 * create: defaulted, plus what the server allocates and generates — a Service's `clusterIP`/`clusterIPs` (unless
 * headless or ExternalName) and a Job's selector and labels (`generateSelector`, unless `manualSelector: true`).
 */
export function liveFromManifest(kind: string, manifest: JsonObject): JsonObject {
  const out = withDefaults(kind, manifest) as Mutable;
  const spec = obj(out, 'spec');
  if (spec === undefined) return out;
  if (kind === 'Service' && spec['type'] !== 'ExternalName') {
    const ip = spec['clusterIP'];
    if (ip === undefined || ip === null || ip === '') spec['clusterIP'] = GENERATED;
    const ips = spec['clusterIPs'];
    if (!Array.isArray(ips) || ips.length === 0) spec['clusterIPs'] = [spec['clusterIP']];
  }
  if (kind === 'Job' && spec['manualSelector'] !== true && (spec['selector'] === undefined || spec['selector'] === null)) {
    const meta = obj(out, 'metadata');
    const name = typeof meta?.['name'] === 'string' ? meta['name'] : '';
    spec['selector'] = { matchLabels: { 'batch.kubernetes.io/controller-uid': GENERATED } };
    const template = ensureObj(spec, 'template');
    const labels = ensureObj(ensureObj(template, 'metadata'), 'labels');
    setDefault(labels, 'batch.kubernetes.io/controller-uid', GENERATED);
    setDefault(labels, 'batch.kubernetes.io/job-name', name);
    setDefault(labels, 'controller-uid', GENERATED);
    setDefault(labels, 'job-name', name);
  }
  return out;
}

/** The taints DefaultTolerationSeconds tolerates for 300 seconds on every Pod (plugin/pkg/admission/defaulttolerationseconds). */
const DEFAULT_TOLERATED_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * A Pod as admission leaves it on create and on update: the DefaultTolerationSeconds plugin adds a NoExecute
 * toleration (300 s) for the not-ready and unreachable taints unless the Pod tolerates them already. Applied to both
 * revisions, so a manifest's tolerations list (which `kubectl apply` replaces whole) does not lose them.
 */
export function admitPod(pod: JsonObject): JsonObject {
  const out = cloneJson(pod) as Mutable;
  const spec = obj(out, 'spec');
  if (spec === undefined) return out;
  const tolerations = items(spec, 'tolerations');
  const added: Mutable[] = [];
  for (const key of DEFAULT_TOLERATED_TAINTS) {
    const tolerated = tolerations.some((t) => (t['key'] === key || ((t['key'] === undefined || t['key'] === '') && t['operator'] === 'Exists')) && (t['effect'] === 'NoExecute' || t['effect'] === undefined || t['effect'] === ''));
    if (!tolerated) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length > 0) spec['tolerations'] = [...(Array.isArray(spec['tolerations']) ? spec['tolerations'] : []), ...added];
  return out;
}
