/**
 * What to change so a Pod or pod template passes the Pod Security checks: plans of field operations in `FieldPath`
 * terms, one per quick fix id, that `features/code-action.ts` turns into text edits through `document/edit.ts`.
 * Each plan follows the check it answers (checks.ts): the allowed values of ../shared/pod-security-standards.md §4.
 */
import type { FieldPath } from '../../document/field-path';
import { arrAt, objAt, objectItemsAt, prop, strAt } from '../json';
import type { JsonObject } from '../rule';
import { ALLOWED_VOLUME_SOURCES, apparmorAnnotationOk, apparmorTypeOk, BASELINE_CAPABILITIES, seccompTypeOk, SELINUX_TYPES_1_31 } from './checks';
import type { PsaContainer, PsaPod } from './checks';

/** One change: set a field (creating missing parents), append an item to a list, or remove a field or item. */
export type PlanStep =
  | { readonly op: 'set'; readonly path: FieldPath; readonly value: unknown }
  | { readonly op: 'append'; readonly path: FieldPath; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: FieldPath };

/** The quick fixes of the Pod Security rules, by id. */
export type PodSecurityFixId =
  | 'pod-security-allow-privilege-escalation'
  | 'pod-security-drop-all'
  | 'pod-security-remove-capabilities'
  | 'pod-security-run-as-non-root'
  | 'pod-security-seccomp'
  | 'pod-security-remove-host-path'
  | 'pod-security-remove-host-namespaces'
  | 'pod-security-remove-privileged'
  | 'pod-security-restricted';

/** Titles of the fixes. */
export const POD_SECURITY_FIX_TITLES: Readonly<Record<PodSecurityFixId, string>> = {
  'pod-security-allow-privilege-escalation': 'Set allowPrivilegeEscalation: false in every container',
  'pod-security-drop-all': 'Drop all capabilities (capabilities.drop: ["ALL"]) in every container',
  'pod-security-remove-capabilities': 'Remove the forbidden added capabilities',
  'pod-security-run-as-non-root': 'Set runAsNonRoot: true for the Pod',
  'pod-security-seccomp': 'Set seccompProfile.type: RuntimeDefault for the Pod',
  'pod-security-remove-host-path': 'Remove the hostPath volumes and their mounts',
  'pod-security-remove-host-namespaces': 'Remove hostNetwork, hostPID and hostIPC',
  'pod-security-remove-privileged': 'Remove privileged: true',
  'pod-security-restricted': 'Make this Pod restricted',
};


function sc(c: PsaContainer): JsonObject | undefined {
  return objAt(c.container, 'securityContext');
}

function scPath(c: PsaContainer, ...rest: FieldPath): FieldPath {
  return [...c.path, 'securityContext', ...rest];
}

function podScPath(pod: PsaPod, ...rest: FieldPath): FieldPath {
  return [...pod.specPath, 'securityContext', ...rest];
}

/** Containers a manifest can set (ephemeral containers are added by `kubectl debug`, never in manifests). */
function editable(pod: PsaPod): PsaContainer[] {
  return pod.containers.filter((c) => c.kind !== 'ephemeralContainers');
}

function allowPrivilegeEscalation(pod: PsaPod): PlanStep[] {
  return editable(pod)
    .filter((c) => prop(sc(c), 'allowPrivilegeEscalation') !== false)
    .map((c) => ({ op: 'set', path: scPath(c, 'allowPrivilegeEscalation'), value: false }));
}

function dropAll(pod: PsaPod): PlanStep[] {
  const out: PlanStep[] = [];
  for (const c of editable(pod)) {
    const drop = arrAt(objAt(sc(c), 'capabilities'), 'drop');
    if (drop?.includes('ALL') === true) continue;
    out.push(drop === undefined ? { op: 'set', path: scPath(c, 'capabilities', 'drop'), value: ['ALL'] } : { op: 'append', path: scPath(c, 'capabilities', 'drop'), value: 'ALL' });
  }
  return out;
}

function removeCapabilities(pod: PsaPod, restricted: boolean): PlanStep[] {
  const out: PlanStep[] = [];
  for (const c of editable(pod)) {
    const add = arrAt(objAt(sc(c), 'capabilities'), 'add');
    if (add === undefined) continue;
    const allowed = (cap: unknown): boolean => (restricted ? cap === 'NET_BIND_SERVICE' : BASELINE_CAPABILITIES.has(String(cap)));
    const bad = add.map((cap, i) => [cap, i] as const).filter(([cap]) => !allowed(cap));
    if (bad.length === 0) continue;
    // Removing every item leaves `add:` empty: remove the field instead. Items go last first, so indices hold.
    if (bad.length === add.length) out.push({ op: 'remove', path: scPath(c, 'capabilities', 'add') });
    else for (const [, i] of [...bad].reverse()) out.push({ op: 'remove', path: scPath(c, 'capabilities', 'add', i) });
  }
  return out;
}

function runAsNonRoot(pod: PsaPod): PlanStep[] {
  const out: PlanStep[] = [];
  if (prop(objAt(pod.spec, 'securityContext'), 'runAsNonRoot') !== true) out.push({ op: 'set', path: podScPath(pod, 'runAsNonRoot'), value: true });
  for (const c of editable(pod)) if (prop(sc(c), 'runAsNonRoot') === false) out.push({ op: 'set', path: scPath(c, 'runAsNonRoot'), value: true });
  return out;
}

function seccompOk(type: string | undefined): boolean {
  return type !== undefined && seccompTypeOk(type);
}

function seccomp(pod: PsaPod): PlanStep[] {
  const out: PlanStep[] = [];
  const podProfile = objAt(objAt(pod.spec, 'securityContext'), 'seccompProfile');
  if (!seccompOk(strAt(podProfile, 'type'))) {
    // A Localhost profile needs its localhostProfile; RuntimeDefault must not have one.
    out.push(podProfile === undefined ? { op: 'set', path: podScPath(pod, 'seccompProfile'), value: { type: 'RuntimeDefault' } } : { op: 'set', path: podScPath(pod, 'seccompProfile', 'type'), value: 'RuntimeDefault' });
  }
  for (const c of editable(pod)) {
    const profile = objAt(sc(c), 'seccompProfile');
    if (profile !== undefined && !seccompOk(strAt(profile, 'type'))) out.push({ op: 'set', path: scPath(c, 'seccompProfile', 'type'), value: 'RuntimeDefault' });
  }
  return out;
}

/** Removes the volumes `names` and every volumeMount of them (a mount of a missing volume is invalid). */
function removeVolumes(pod: PsaPod, keep: (volume: JsonObject) => boolean): PlanStep[] {
  const volumes = objectItemsAt(pod.spec, 'volumes');
  const removed = volumes.filter(([, v]) => !keep(v));
  if (removed.length === 0) return [];
  const names = new Set(removed.map(([, v]) => strAt(v, 'name') ?? ''));
  const out: PlanStep[] = [];
  for (const c of editable(pod)) {
    const mounts = objectItemsAt(c.container, 'volumeMounts');
    const gone = mounts.filter(([, m]) => names.has(strAt(m, 'name') ?? ''));
    if (gone.length === mounts.length && gone.length > 0) out.push({ op: 'remove', path: [...c.path, 'volumeMounts'] });
    else for (const [i] of [...gone].reverse()) out.push({ op: 'remove', path: [...c.path, 'volumeMounts', i] });
  }
  if (removed.length === volumes.length) out.push({ op: 'remove', path: [...pod.specPath, 'volumes'] });
  else for (const [i] of [...removed].reverse()) out.push({ op: 'remove', path: [...pod.specPath, 'volumes', i] });
  return out;
}

function isRestrictedVolume(volume: JsonObject): boolean {
  const sources = Object.keys(volume).filter((k) => k !== 'name');
  return sources.length > 0 && !sources.some((k) => k === 'image' || ALLOWED_VOLUME_SOURCES.includes(k));
}

function removeHostNamespaces(pod: PsaPod): PlanStep[] {
  return (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => prop(pod.spec, f) === true).map((f) => ({ op: 'remove', path: [...pod.specPath, f] }));
}

function removePrivileged(pod: PsaPod): PlanStep[] {
  return editable(pod)
    .filter((c) => prop(sc(c), 'privileged') === true)
    .map((c) => ({ op: 'remove', path: scPath(c, 'privileged') }));
}

/** The remaining baseline fields: hostPorts, probe hosts, procMount, SELinux, AppArmor, sysctls, hostProcess, runAsUser 0. */
function otherRestricted(pod: PsaPod): PlanStep[] {
  const out: PlanStep[] = [];
  for (const c of editable(pod)) {
    for (const [j, port] of objectItemsAt(c.container, 'ports')) {
      const hostPort = prop(port, 'hostPort');
      if (typeof hostPort === 'number' && hostPort !== 0) out.push({ op: 'remove', path: [...c.path, 'ports', j, 'hostPort'] });
    }
    for (const handler of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      for (const action of ['httpGet', 'tcpSocket']) {
        if ((strAt(objAt(objAt(c.container, handler), action), 'host') ?? '') !== '') out.push({ op: 'remove', path: [...c.path, handler, action, 'host'] });
      }
    }
    for (const hook of ['postStart', 'preStop']) {
      for (const action of ['httpGet', 'tcpSocket']) {
        if ((strAt(objAt(objAt(objAt(c.container, 'lifecycle'), hook), action), 'host') ?? '') !== '') out.push({ op: 'remove', path: [...c.path, 'lifecycle', hook, action, 'host'] });
      }
    }
    const s = sc(c);
    const procMount = strAt(s, 'procMount');
    if (procMount !== undefined && procMount !== 'Default') out.push({ op: 'remove', path: scPath(c, 'procMount') });
    out.push(...seLinux(objAt(s, 'seLinuxOptions'), scPath(c, 'seLinuxOptions')));
    const appArmor = objAt(s, 'appArmorProfile');
    if (appArmor !== undefined && !apparmorTypeOk(strAt(appArmor, 'type') ?? '')) out.push({ op: 'remove', path: scPath(c, 'appArmorProfile') });
    if (prop(objAt(s, 'windowsOptions'), 'hostProcess') === true) out.push({ op: 'remove', path: scPath(c, 'windowsOptions', 'hostProcess') });
    if (prop(s, 'runAsUser') === 0) out.push({ op: 'remove', path: scPath(c, 'runAsUser') });
  }
  const podSc = objAt(pod.spec, 'securityContext');
  out.push(...seLinux(objAt(podSc, 'seLinuxOptions'), podScPath(pod, 'seLinuxOptions')));
  const appArmor = objAt(podSc, 'appArmorProfile');
  if (appArmor !== undefined && !apparmorTypeOk(strAt(appArmor, 'type') ?? '')) out.push({ op: 'remove', path: podScPath(pod, 'appArmorProfile') });
  if (prop(objAt(podSc, 'windowsOptions'), 'hostProcess') === true) out.push({ op: 'remove', path: podScPath(pod, 'windowsOptions', 'hostProcess') });
  if (prop(podSc, 'runAsUser') === 0) out.push({ op: 'remove', path: podScPath(pod, 'runAsUser') });
  const annotations = objAt(pod.metadata, 'annotations');
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!key.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    if (typeof value === 'string' && apparmorAnnotationOk(value)) continue;
    out.push({ op: 'remove', path: [...pod.metadataPath, 'annotations', { key }] });
  }
  return out;
}

function seLinux(options: JsonObject | undefined, at: FieldPath): PlanStep[] {
  if (options === undefined) return [];
  const out: PlanStep[] = [];
  const type = strAt(options, 'type') ?? '';
  if (!SELINUX_TYPES_1_31.includes(type)) out.push({ op: 'remove', path: [...at, 'type'] });
  if ((strAt(options, 'user') ?? '') !== '') out.push({ op: 'remove', path: [...at, 'user'] });
  if ((strAt(options, 'role') ?? '') !== '') out.push({ op: 'remove', path: [...at, 'role'] });
  return out;
}

/** The plan of a fix for a pod; `restricted` is the level in force (for which capabilities may stay). Empty: nothing to do. */
export function podSecurityPlan(pod: PsaPod, id: PodSecurityFixId, restricted: boolean): PlanStep[] {
  switch (id) {
    case 'pod-security-allow-privilege-escalation':
      return allowPrivilegeEscalation(pod);
    case 'pod-security-drop-all':
      return dropAll(pod);
    case 'pod-security-remove-capabilities':
      return removeCapabilities(pod, restricted);
    case 'pod-security-run-as-non-root':
      return runAsNonRoot(pod);
    case 'pod-security-seccomp':
      return seccomp(pod);
    case 'pod-security-remove-host-path':
      return removeVolumes(pod, (v) => objAt(v, 'hostPath') === undefined);
    case 'pod-security-remove-host-namespaces':
      return removeHostNamespaces(pod);
    case 'pod-security-remove-privileged':
      return removePrivileged(pod);
    case 'pod-security-restricted': {
      // The removals of host settings come first; settings of the pod and containers last (their paths do not shift).
      const windows = strAt(objAt(pod.spec, 'os'), 'name') === 'windows';
      return [
        ...removeHostNamespaces(pod),
        ...removeVolumes(pod, (v) => !isRestrictedVolume(v)),
        ...removePrivileged(pod),
        ...removeCapabilities(pod, true),
        ...otherRestricted(pod),
        // Windows Pods are exempt from these three (and may not set them).
        ...(windows ? [] : [...allowPrivilegeEscalation(pod), ...dropAll(pod), ...seccomp(pod)]),
        ...runAsNonRoot(pod),
      ];
    }
  }
}

/** True for a fix id of the Pod Security rules. */
export function isPodSecurityFixId(id: string): id is PodSecurityFixId {
  return Object.prototype.hasOwnProperty.call(POD_SECURITY_FIX_TITLES, id);
}
