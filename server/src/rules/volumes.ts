/**
 * Volumes, volume mounts and volume devices (`ValidateVolumes`, `validateVolumeSource` and the
 * per-source validators, `ValidateVolumeMounts`, `ValidateVolumeDevices`; pkg/apis/core/validation).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, boolAt, has, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { duplicate, forbidden, invalid, key, notFound, notSupported, required, shownAt, tooLong } from './messages';
import { allContainers } from './pod-walk';
import { parseQuantity, quantitySign } from './quantity';
import { validateObjectFieldSelector, validateResourceFieldSelector } from './env';
import type { JsonObject, PodContext, PodRule, Problem } from './rule';
import { isDNS1123Label, isDNS1123Subdomain, validateLocalDescendingPath, validatePathNoBacksteps } from './validation-strings';
import { atLeast } from './version';
import { appendAll } from '../util/arrays';

const FAMILY = 'volumes';

/** Volume source fields in the order `validateVolumeSource` checks them. */
export const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** In-tree sources' required fields: [source, field, printed source name, required by the schema too]. */
const IN_TREE_REQUIRED: ReadonlyArray<readonly [string, string, string, boolean]> = [
  ['gcePersistentDisk', 'pdName', 'persistentDisk', true],
  ['awsElasticBlockStore', 'volumeID', 'awsElasticBlockStore', true],
  ['iscsi', 'targetPortal', 'iscsi', true],
  ['iscsi', 'iqn', 'iscsi', true],
  ['glusterfs', 'endpoints', 'glusterfs', true],
  ['glusterfs', 'path', 'glusterfs', true],
  ['rbd', 'monitors', 'rbd', true],
  ['rbd', 'image', 'rbd', true],
  ['cinder', 'volumeID', 'cinder', true],
  ['cephfs', 'monitors', 'cephfs', true],
  ['quobyte', 'registry', 'quobyte', true],
  ['quobyte', 'volume', 'quobyte', true],
  ['flexVolume', 'driver', 'flexVolume', true],
  ['azureFile', 'secretName', 'azureFile', true],
  ['azureFile', 'shareName', 'azureFile', true],
  ['vsphereVolume', 'volumePath', 'vsphereVolume', true],
  ['photonPersistentDisk', 'pdID', 'photonPersistentDisk', true],
  ['portworxVolume', 'volumeID', 'portworxVolume', true],
  ['azureDisk', 'diskName', 'azureDisk', true],
  ['azureDisk', 'diskURI', 'azureDisk', true],
  ['storageos', 'volumeName', 'storageos', false],
  ['scaleIO', 'gateway', 'scaleIO', true],
  ['scaleIO', 'system', 'scaleIO', true],
  ['scaleIO', 'volumeName', 'scaleIO', false],
];

/** {@link IN_TREE_REQUIRED} by source: the rows a volume of that source is checked against, in table order. */
const IN_TREE_REQUIRED_BY_SOURCE: ReadonlyMap<string, ReadonlyArray<readonly [string, string, string, boolean]>> = new Map(
  [...new Set(IN_TREE_REQUIRED.map(([source]) => source))].map((source) => [source, IN_TREE_REQUIRED.filter(([s]) => s === source)]),
);

/** The position of each source in {@link VOLUME_SOURCES}. */
const VOLUME_SOURCE_ORDER: ReadonlyMap<string, number> = new Map(VOLUME_SOURCES.map((source, i) => [source, i]));

/**
 * The volume sources `vol` sets (present and not null), in {@link VOLUME_SOURCES} order: found from the volume's own
 * keys (a volume has two or three) rather than by asking for each of the thirty sources.
 */
function sourcesOf(vol: JsonObject): string[] {
  const found: string[] = [];
  for (const key of Object.keys(vol)) if (VOLUME_SOURCE_ORDER.has(key) && has(vol, key)) found.push(key);
  return found.length > 1 ? found.sort((a, b) => (VOLUME_SOURCE_ORDER.get(a) ?? 0) - (VOLUME_SOURCE_ORDER.get(b) ?? 0)) : found;
}

function isEmptyField(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function checkMode(obj: JsonObject, field: string, path: FieldPath, out: Problem[]): void {
  const m = prop(obj, field);
  if (typeof m === 'number' && (m < 0 || m > 0o777)) out.push(invalid([...path, field], m, FILE_MODE_ERROR, { details: { fileMode: m } }));
}

/** `ValidateLocalNonReservedPath`. */
function localNonReservedPath(p: string, path: FieldPath): Problem[] {
  const out = validateLocalDescendingPath(p).map((m) => invalid(path, p, m));
  if (p.startsWith('..') && !p.startsWith('../')) out.push(invalid(path, p, "must not start with '..'"));
  return out;
}

/** Required for a field present with an empty value (absent ones are the schema's `required-field`). */
function requiredIfEmpty(obj: unknown, field: string, path: FieldPath, out: Problem[]): void {
  const v = prop(obj, field);
  if (v === '' || (Array.isArray(v) && v.length === 0)) out.push(required([...path, field], undefined, { target: 'value' }));
}

function keyToPath(kp: JsonObject, path: FieldPath, out: Problem[]): void {
  requiredIfEmpty(kp, 'key', path, out);
  const p = strAt(kp, 'path') ?? '';
  requiredIfEmpty(kp, 'path', path, out);
  out.push(...localNonReservedPath(p, [...path, 'path']));
  checkMode(kp, 'mode', path, out);
}

function downwardAPIFile(file: JsonObject, path: FieldPath, showAt: FieldPath, out: Problem[]): void {
  const p = strAt(file, 'path') ?? '';
  const at = { at: showAt };
  if (p === '' && has(file, 'path')) out.push(required([...path, 'path'], undefined, { at: [...showAt, 'path'], target: 'value' }));
  for (const x of localNonReservedPath(p, [...path, 'path'])) out.push(shownAt(x, [...showAt, 'path']));
  const fr = objAt(file, 'fieldRef');
  const rf = objAt(file, 'resourceFieldRef');
  if (fr !== undefined) {
    for (const x of validateObjectFieldSelector(fr, VOLUME_FIELD_PATHS, [...path, 'fieldRef'])) out.push(shownAt(x, [...showAt, 'fieldRef']));
    if (rf !== undefined) out.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously', at));
  } else if (rf !== undefined) {
    for (const x of validateResourceFieldSelector(rf, [...path, 'resourceFieldRef'], true)) out.push(shownAt(x, [...showAt, 'resourceFieldRef']));
  } else {
    out.push(required(path, 'one of fieldRef and resourceFieldRef is required', at));
  }
  const m = prop(file, 'mode');
  if (typeof m === 'number' && (m < 0 || m > 0o777)) out.push(invalid([...path, 'mode'], m, FILE_MODE_ERROR, { at: [...showAt, 'mode'], details: { fileMode: m } }));
}

function projected(src: JsonObject, path: FieldPath, out: Problem[]): void {
  const paths = new Set<string>();
  const dup = (p: string, value: unknown): void => {
    if (p === '') return;
    if (paths.has(p)) out.push(invalid(path, value, 'conflicting duplicate paths'));
    paths.add(p);
  };
  for (const [i, source] of objectItemsAt(src, 'sources')) {
    const sp = [...path, 'sources', i];
    let n = 0;
    for (const kind of ['secret', 'configMap']) {
      const s = objAt(source, kind);
      if (s === undefined) continue;
      n++;
      if ((strAt(s, 'name') ?? '') === '') out.push(required([...sp, kind, 'name'], undefined, { at: [...sp, kind] }));
      for (const [j, kp] of objectItemsAt(s, 'items')) {
        keyToPath(kp, [...sp, kind, 'items', j], out);
        dup(strAt(kp, 'path') ?? '', strAt(s, 'name') ?? '');
      }
    }
    const dapi = objAt(source, 'downwardAPI');
    if (dapi !== undefined) {
      n++;
      for (const [j, file] of objectItemsAt(dapi, 'items')) {
        downwardAPIFile(file, [...sp, 'downwardAPI'], [...sp, 'downwardAPI', 'items', j], out);
        dup(strAt(file, 'path') ?? '', strAt(file, 'path') ?? '');
      }
    }
    const sat = objAt(source, 'serviceAccountToken');
    if (sat !== undefined) {
      n++;
      const exp = prop(sat, 'expirationSeconds');
      const e = typeof exp === 'number' ? exp : 3600;
      if (e < 600) out.push(invalid([...sp, 'serviceAccountToken', 'expirationSeconds'], e, 'may not specify a duration less than 10 minutes'));
      if (e > 2 ** 32) out.push(invalid([...sp, 'serviceAccountToken', 'expirationSeconds'], e, 'may not specify a duration larger than 2^32 seconds'));
      const p = strAt(sat, 'path') ?? '';
      const at = { at: [...sp, 'serviceAccountToken', ...(has(sat, 'path') ? ['path'] : [])] };
      if (p === '') {
        if (has(sat, 'path')) out.push(required([...path, 'path'], undefined, { ...at, target: 'value' }));
      } else for (const x of localNonReservedPath(p, [...path, 'path'])) out.push(shownAt(x, at.at));
      dup(p, p);
    }
    if (has(source, 'clusterTrustBundle')) n++;
    if (has(source, 'podCertificate')) n++;
    if (n > 1) out.push(forbidden(sp, 'may not specify more than 1 volume type per source'));
  }
  checkMode(src, 'defaultMode', path, out);
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function ephemeral(src: JsonObject, path: FieldPath, out: Problem[]): void {
  const tmpl = objAt(src, 'volumeClaimTemplate');
  const tp = [...path, 'volumeClaimTemplate'];
  if (tmpl === undefined) {
    out.push(required(tp, undefined, { at: path }));
    return;
  }
  const meta = objAt(tmpl, 'metadata');
  if (meta !== undefined) {
    for (const k of Object.keys(meta)) {
      if (k !== 'labels' && k !== 'annotations') out.push(forbidden([...tp, 'metadata', k], 'cannot be set', { target: 'key' }));
    }
  }
  const spec = objAt(tmpl, 'spec');
  const sp = [...tp, 'spec'];
  if (spec === undefined) return; // the schema's `required-field`
  const modes = arrAt(spec, 'accessModes');
  if (modes === undefined || modes.length === 0) out.push(required([...sp, 'accessModes'], 'at least 1 access mode is required', { at: modes === undefined ? sp : [...sp, 'accessModes'] }));
  else {
    for (const m of modes) if (typeof m === 'string' && !ACCESS_MODES.includes(m)) out.push(notSupported([...sp, 'accessModes'], m, ACCESS_MODES));
  }
  const storage = prop(objAt(objAt(spec, 'resources'), 'requests'), 'storage');
  if (storage === undefined && (strAt(spec, 'dataSourceRef') === undefined)) {
    out.push(required([...sp, 'resources', key('storage')], undefined, { at: has(spec, 'resources') ? [...sp, 'resources'] : sp }));
  }
}

function validateSource(name: string, src: unknown, path: FieldPath, ctx: PodContext, volName: string, out: Problem[]): void {
  if (!isObject(src)) return;
  switch (name) {
    case 'emptyDir': {
      const sl = prop(src, 'sizeLimit');
      const q = sl === undefined ? undefined : parseQuantity(sl);
      if (q !== undefined && quantitySign(q) < 0) out.push(forbidden([...path, 'sizeLimit'], 'SizeLimit field must be a valid resource quantity'));
      return;
    }
    case 'hostPath': {
      const p = strAt(src, 'path') ?? '';
      if (p === '') {
        requiredIfEmpty(src, 'path', path, out);
        return;
      }
      for (const m of validatePathNoBacksteps(p)) out.push(invalid([...path, 'path'], p, m));
      return;
    }
    case 'gitRepo': {
      requiredIfEmpty(src, 'repository', path, out);
      const d = strAt(src, 'directory') ?? '';
      for (const m of validateLocalDescendingPath(d)) out.push(invalid([...path, 'directory'], d, m));
      return;
    }
    case 'secret':
    case 'configMap': {
      const nameField = name === 'secret' ? 'secretName' : 'name';
      if ((strAt(src, nameField) ?? '') === '') out.push(required([...path, nameField], undefined, { at: path }));
      checkMode(src, 'defaultMode', path, out);
      for (const [j, kp] of objectItemsAt(src, 'items')) keyToPath(kp, [...path, 'items', j], out);
      return;
    }
    case 'nfs': {
      requiredIfEmpty(src, 'server', path, out);
      const p = strAt(src, 'path') ?? '';
      if (p === '') requiredIfEmpty(src, 'path', path, out);
      else if (!p.startsWith('/')) out.push(invalid([...path, 'path'], p, 'must be an absolute path'));
      return;
    }
    case 'persistentVolumeClaim': {
      const claim = strAt(src, 'claimName') ?? '';
      if (claim === '') requiredIfEmpty(src, 'claimName', path, out);
      else if (!ctx.isTemplate) {
        const podName = strAt(ctx.metadata, 'name') ?? '';
        const ephemeralNames = objectItemsAt(ctx.spec, 'volumes')
          .filter(([, v]) => has(v, 'ephemeral'))
          .map(([, v]) => `${podName}-${strAt(v, 'name') ?? ''}`);
        if (podName !== '' && ephemeralNames.includes(claim)) {
          out.push(invalid([...path, 'claimName'], claim, 'must not reference a PVC that gets created for an ephemeral volume'));
        }
      }
      return;
    }
    case 'downwardAPI': {
      checkMode(src, 'defaultMode', path, out);
      for (const [j, file] of objectItemsAt(src, 'items')) downwardAPIFile(file, path, [...path, 'items', j], out);
      return;
    }
    case 'projected':
      projected(src, path, out);
      return;
    case 'csi': {
      const d = strAt(src, 'driver') ?? '';
      if (d === '') requiredIfEmpty(src, 'driver', path, out);
      else {
        if (d.length > 63) out.push(tooLong([...path, 'driver'], 63));
        for (const m of isDNS1123Subdomain(d.toLowerCase())) out.push(invalid([...path, 'driver'], d, m));
      }
      const ref = objAt(src, 'nodePublishSecretRef');
      if (ref !== undefined && (strAt(ref, 'name') ?? '') === '') out.push(required([...path, 'nodePublishSecretRef', 'name'], undefined, { at: [...path, 'nodePublishSecretRef'] }));
      return;
    }
    case 'ephemeral':
      ephemeral(src, path, out);
      if (!ctx.isTemplate) {
        const podName = strAt(ctx.metadata, 'name') ?? '';
        if (podName !== '') {
          const pvc = `${podName}-${volName}`;
          for (const m of isDNS1123Subdomain(pvc)) out.push(invalid([...path.slice(0, -1), 'name'], volName, `PVC name "${pvc}": ${m}`));
        }
      }
      return;
    case 'iscsi': {
      const iqn = strAt(src, 'iqn') ?? '';
      if (iqn !== '' && !/^(iqn|eui|naa)/.test(iqn)) out.push(invalid([...path, 'iqn'], iqn, 'must be valid format starting with iqn, eui, or naa'));
      const lun = prop(src, 'lun');
      if (typeof lun === 'number' && (lun < 0 || lun > 255)) out.push(invalid([...path, 'lun'], lun, 'must be between 0 and 255, inclusive'));
      return;
    }
    case 'gcePersistentDisk': {
      const part = prop(src, 'partition');
      if (typeof part === 'number' && (part < 0 || part > 255)) {
        out.push(invalid([...path.slice(0, -1), 'persistentDisk', 'partition'], part, 'must be between 0 and 255, inclusive', { at: [...path, 'partition'] }));
      }
      return;
    }
    case 'fc': {
      const wwns = arrAt(src, 'targetWWNs') ?? [];
      const wwids = arrAt(src, 'wwids') ?? [];
      if ((wwns.length === 0) === (wwids.length === 0)) {
        out.push(required([...path, 'targetWWNs'], 'must specify either targetWWNs or wwids, but not both', { at: path }));
      }
      if (wwns.length > 0 && prop(src, 'lun') === undefined) out.push(required([...path, 'lun'], 'lun is required if targetWWNs is specified', { at: path }));
      return;
    }
    case 'flexVolume': {
      const opts = objAt(src, 'options');
      if (opts !== undefined) {
        for (const k of Object.keys(opts)) {
          const ns = k.split('/')[0]?.toLowerCase() ?? '';
          if (k.includes('/') && (ns.endsWith('kubernetes.io') || ns.endsWith('k8s.io'))) {
            out.push(invalid([...path, 'options', key(k)], k, 'kubernetes.io and k8s.io namespaces are reserved', { target: 'key' }));
          }
        }
      }
      return;
    }
    case 'flocker': {
      const a = (strAt(src, 'datasetName') ?? '') !== '';
      const b = (strAt(src, 'datasetUUID') ?? '') !== '';
      if (a && b) out.push(invalid(path, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
      if (!a && !b) out.push(required(path, 'one of datasetName and datasetUUID is required'));
      return;
    }
    default:
      return;
  }
}

/** The result of validating the volumes of a Pod spec. */
export interface VolumesResult {
  readonly problems: readonly Problem[];
  /** Volumes without errors, by name (the apiserver registers only these; mounts of others are NotFound). */
  readonly valid: ReadonlyMap<string, JsonObject>;
}

/** `ValidateVolumes` for one Pod spec. */
export function validateVolumes(ctx: PodContext): VolumesResult {
  const problems: Problem[] = [];
  const valid = new Map<string, JsonObject>();
  const names = new Set<string>();
  for (const [i, vol] of objectItemsAt(ctx.spec, 'volumes')) {
    const p = [...ctx.specPath, 'volumes', i];
    const el: Problem[] = [];
    const name = strAt(vol, 'name') ?? '';
    let n = 0;
    // Before 1.33 the ImageVolume feature gate is off by default: the apiserver drops `image` before validation
    // (pkg/api/pod/util.go dropDisabledFields), leaving the volume without a source.
    const imageDropped = has(vol, 'image') && !atLeast(ctx.kubernetesVersion, 1, 33);
    for (const src of sourcesOf(vol)) {
      if (src === 'image' && imageDropped) continue;
      if (n > 0) {
        el.push(forbidden([...p, src === 'downwardAPI' ? 'downwarAPI' : src], 'may not specify more than 1 volume type', { at: [...p, src], target: 'key' }));
        continue;
      }
      n++;
      const sp = [...p, src];
      for (const [, f, printed, schemaRequired] of IN_TREE_REQUIRED_BY_SOURCE.get(src) ?? []) {
        const v = prop(prop(vol, src), f);
        if (isEmptyField(v) && !(schemaRequired && (v === undefined || v === null))) {
          el.push(required([...p, printed, f], undefined, v === undefined || v === null ? { at: sp } : { at: [...sp, f], target: 'value' }));
        }
      }
      validateSource(src, prop(vol, src), sp, ctx, name, el);
    }
    if (n === 0 && imageDropped) el.push(required(p, 'must specify a volume type', { at: [...p, 'image'], target: 'key' }));
    if (name === '') {
      if (has(vol, 'name')) el.push(required([...p, 'name'], undefined, { at: [...p, 'name'], target: 'value' }));
    } else for (const m of isDNS1123Label(name)) el.push(invalid([...p, 'name'], name, m));
    if (names.has(name)) el.push(duplicate([...p, 'name'], name));
    if (el.length === 0) {
      names.add(name);
      valid.set(name, vol);
    } else {
      appendAll(problems, el);
    }
  }
  if (ctx.ownerKind === 'StatefulSet') {
    // The StatefulSet controller adds a PVC volume for each volumeClaimTemplate to its Pods.
    for (const [, t] of objectItemsAt(objAt(ctx.object, 'spec'), 'volumeClaimTemplates')) {
      const name = strAt(objAt(t, 'metadata'), 'name') ?? '';
      if (name !== '' && !valid.has(name)) valid.set(name, { name, persistentVolumeClaim: { claimName: name } });
    }
  }
  return { problems, valid };
}

/** V1-V4, V7-V31. */
export const volumeSources: PodRule = {
  id: 'volumes',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'volumes need a unique DNS-label name and one valid source',
  covers: ['V1', 'V2', 'V3', 'V4', 'V6', 'V7', 'V8', 'V10', 'V11', 'V12', 'V13', 'V14', 'V15', 'V16', 'V17', 'V18', 'V19', 'V20', 'V21', 'V22', 'V23', 'V24', 'V25', 'V26', 'V27', 'V28', 'V29', 'V30', 'V31'],
  check(ctx, report) {
    for (const p of validateVolumes(ctx).problems) report(p);
  },
};

/** VM1-VM11, VD1, VD2. */
export const volumeMounts: PodRule = {
  id: 'volume-mounts',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'volume mounts and devices must name an existing (valid) volume, with unique, safe paths',
  covers: ['VM1', 'VM2', 'VM3', 'VM4', 'VM5', 'VM6', 'VM7', 'VM9', 'VM10', 'VM11', 'VD1', 'VD2'],
  check(ctx, report) {
    const { valid } = validateVolumes(ctx);
    const rro = atLeast(ctx.kubernetesVersion, 1, 31);
    for (const c of allContainers(ctx)) {
      const devices = new Map<string, string>();
      for (const [, d] of objectItemsAt(c.container, 'volumeDevices')) devices.set(strAt(d, 'name') ?? '', strAt(d, 'devicePath') ?? '');
      const mountsByName = new Map<string, string>();
      for (const [, m] of objectItemsAt(c.container, 'volumeMounts')) mountsByName.set(strAt(m, 'name') ?? '', strAt(m, 'mountPath') ?? '');
      const devicePaths = new Set(devices.values());
      const mountPaths = new Set(mountsByName.values());
      const base = [...c.path, 'volumeMounts'];
      const seen = new Set<string>();
      const privileged = boolAt(objAt(c.container, 'securityContext'), 'privileged') === true;
      for (const [j, m] of objectItemsAt(c.container, 'volumeMounts')) {
        const p = [...base, j];
        const name = strAt(m, 'name') ?? '';
        // Absent names and mount paths are the schema's `required-field`.
        if (name === '' && has(m, 'name')) report(required([...p, 'name'], undefined, { target: 'value' }));
        if (has(m, 'name') && !valid.has(name)) report(notFound([...p, 'name'], name));
        const mp = strAt(m, 'mountPath') ?? '';
        if (mp === '' && has(m, 'mountPath')) report(required([...p, 'mountPath'], undefined, { target: 'value' }));
        if (seen.has(mp)) report(invalid([...p, 'mountPath'], mp, 'must be unique'));
        seen.add(mp);
        if (name !== '' && devices.has(name)) report(invalid([...p, 'name'], name, 'must not already exist in volumeDevices'));
        if (mp !== '' && devicePaths.has(mp)) report(invalid([...p, 'mountPath'], mp, 'must not already exist as a path in volumeDevices'));
        const sub = strAt(m, 'subPath') ?? '';
        if (sub !== '') for (const msg of validateLocalDescendingPath(sub)) report(invalid([...base, 'subPath'], sub, msg, { at: [...p, 'subPath'] }));
        const expr = strAt(m, 'subPathExpr') ?? '';
        if (expr !== '') {
          if (sub !== '') report(invalid([...p, 'subPathExpr'], expr, 'subPathExpr and subPath are mutually exclusive'));
          for (const msg of validateLocalDescendingPath(expr)) report(invalid([...base, 'subPathExpr'], expr, msg, { at: [...p, 'subPathExpr'] }));
        }
        const prop0 = strAt(m, 'mountPropagation');
        if (prop0 !== undefined) {
          const at = { at: [...p, 'mountPropagation'] };
          if (prop0 === 'Bidirectional' && !privileged) {
            report(forbidden([...base, 'mountPropagation'], 'Bidirectional mount propagation is available only to privileged containers', at));
          }
        }
        const r = strAt(m, 'recursiveReadOnly');
        if (rro && r !== undefined) {
          const rp = [...base, 'recursiveReadOnly'];
          const at = { at: [...p, 'recursiveReadOnly'] };
          if (r === 'Enabled' || r === 'IfPossible') {
            if (boolAt(m, 'readOnly') !== true) report(forbidden(rp, 'may only be specified when readOnly is true', at));
            if (prop0 !== undefined && prop0 !== 'None') report(forbidden(rp, 'may only be specified when mountPropagation is None or not specified', at));
          } else if (r !== 'Disabled') {
            report(notSupported(rp, r, ['Disabled', 'IfPossible', 'Enabled'], at));
          }
        }
      }
      const dbase = [...c.path, 'volumeDevices'];
      const dpaths = new Set<string>();
      const dnames = new Set<string>();
      for (const [j, d] of objectItemsAt(c.container, 'volumeDevices')) {
        const p = [...dbase, j];
        const name = strAt(d, 'name') ?? '';
        const dp = strAt(d, 'devicePath') ?? '';
        const vol = valid.get(name);
        if (!has(d, 'name') || !has(d, 'devicePath')) continue; // the schema's `required-field`
        if (name === '') report(required([...p, 'name'], undefined, { at: [...p, 'name'], target: 'value' }));
        if (dnames.has(name)) report(invalid([...p, 'name'], name, 'must be unique'));
        if (vol !== undefined && !has(vol, 'persistentVolumeClaim') && !has(vol, 'ephemeral')) {
          report(invalid([...p, 'name'], name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
        }
        if (vol === undefined) report(notFound([...p, 'name'], name));
        if (dp === '') report(required([...p, 'devicePath'], undefined, { at: [...p, 'devicePath'], target: 'value' }));
        if (dpaths.has(dp)) report(invalid([...p, 'devicePath'], dp, 'must be unique'));
        if (dp !== '' && validatePathNoBacksteps(dp).length > 0) report(invalid([...p, 'devicePath'], dp, "can not contain backsteps ('..')"));
        else dpaths.add(dp);
        if (mountsByName.has(name)) report(invalid([...p, 'name'], name, 'must not already exist in volumeMounts'));
        if (mountPaths.has(dp)) report(invalid([...p, 'devicePath'], dp, 'must not already exist as a path in volumeMounts'));
        if (name !== '') dnames.add(name);
      }
    }
  },
};

/** The rules of this family. */
export const VOLUME_RULES = [volumeSources, volumeMounts] as const;
