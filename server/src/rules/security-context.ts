/**
 * Pod and container security contexts (`validatePodSecurityContext`, `ValidateSecurityContext`,
 * `validateSeccompProfileField`, `ValidateAppArmorProfileField`, `validateSysctls`, `ValidateHostSysctl`,
 * `validateWindowsSecurityContextOptions`, `validateWindowsHostProcessPod`).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, boolAt, has, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { duplicate, invalid, notSupported, required, tooLong } from './messages';
import { allContainers } from './pod-walk';
import type { JsonObject, PodRule, Problem } from './rule';
import { inclusiveRangeError, isDNS1123Subdomain, validateLocalDescendingPath } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'security-context';

function idErrors(sc: JsonObject, field: string, path: FieldPath, max: number): Problem[] {
  const v = prop(sc, field);
  if (typeof v !== 'number' || (v >= 0 && v <= max)) return [];
  return [invalid([...path, field], v, inclusiveRangeError(0, max))];
}

/** `validateSeccompProfileField`. */
export function validateSeccompProfile(sp: unknown, path: FieldPath): Problem[] {
  if (!isObject(sp)) return [];
  const out: Problem[] = [];
  const type = strAt(sp, 'type') ?? '';
  // An absent or unknown type is the schema's `required-field` / `unsupported-value`.
  if (type === '' && has(sp, 'type')) out.push(required([...path, 'type'], 'type is required when seccompProfile is set', { target: 'value' }));
  const lp = prop(sp, 'localhostProfile');
  if (type === 'Localhost') {
    if (typeof lp !== 'string') out.push(required([...path, 'localhostProfile'], 'must be set when seccomp type is Localhost', { at: path }));
    else for (const m of validateLocalDescendingPath(lp)) out.push(invalid([...path, 'localhostProfile'], lp, m));
  } else if (lp !== undefined && lp !== null) {
    out.push(invalid([...path, 'localhostProfile'], sp, 'can only be set when seccomp type is Localhost'));
  }
  return out;
}

/** `ValidateAppArmorProfileField`. */
export function validateAppArmorProfile(profile: unknown, path: FieldPath): Problem[] {
  if (!isObject(profile)) return [];
  const out: Problem[] = [];
  const type = strAt(profile, 'type') ?? '';
  const lp = prop(profile, 'localhostProfile');
  const lpPath = [...path, 'localhostProfile'];
  if (type === 'Localhost') {
    if (typeof lp !== 'string') out.push(required(lpPath, 'must be set when AppArmor type is Localhost', { at: path }));
    else {
      if (lp.trim() !== lp) out.push(invalid(lpPath, lp, 'must not be padded with whitespace'));
      else if (lp === '') out.push(required(lpPath, 'must be set when AppArmor type is Localhost', { target: 'value' }));
      if (lp.length > 4095) out.push(tooLong(lpPath, 4095));
    }
  } else if (type === 'RuntimeDefault' || type === 'Unconfined') {
    if (lp !== undefined && lp !== null) out.push(invalid(lpPath, lp, 'can only be set when AppArmor type is Localhost'));
  } else if (type === '' && has(profile, 'type')) {
    out.push(required([...path, 'type'], 'type is required when appArmorProfile is set', { target: 'value' }));
  }
  return out;
}

function validateWindowsOptions(wo: unknown, path: FieldPath): Problem[] {
  if (!isObject(wo)) return [];
  const out: Problem[] = [];
  const name = strAt(wo, 'gmsaCredentialSpecName');
  if (name !== undefined) for (const m of isDNS1123Subdomain(name)) out.push(invalid([...path, 'gmsaCredentialSpecName'], name, m));
  const spec = strAt(wo, 'gmsaCredentialSpec');
  if (spec !== undefined) {
    if (spec === '') out.push(invalid([...path, 'gmsaCredentialSpec'], spec, 'gmsaCredentialSpec cannot be an empty string'));
    else if (spec.length > 64 * 1024) out.push(invalid([...path, 'gmsaCredentialSpec'], spec, 'gmsaCredentialSpec size must be under 64 KiB'));
  }
  const user = strAt(wo, 'runAsUserName');
  if (user !== undefined) {
    const p = [...path, 'runAsUserName'];
    if (user === '') out.push(invalid(p, user, 'runAsUserName cannot be an empty string'));
    else if (/[\x00-\x1f\x7f]/.test(user)) out.push(invalid(p, user, 'runAsUserName cannot contain control characters'));
    else if (user.length > 256) out.push(invalid(p, user, 'runAsUserName\'s length cannot exceed 256 characters'));
    else if (user.split('\\').length > 2) out.push(invalid(p, user, 'runAsUserName cannot contain more than one backslash'));
    else {
      const parts = user.split('\\');
      const u = parts[parts.length - 1] ?? '';
      if (u === '') out.push(invalid(p, user, 'runAsUserName\'s User cannot be empty'));
      else if (u.length > 104) out.push(invalid(p, user, 'runAsUserName\'s User length must not be longer than 104 characters'));
      else if (/["/\\:;|=,+*?<>@[\]]/.test(u)) {
        out.push(invalid(p, user, 'runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]'));
      } else if (/^[. ]+$/.test(u)) out.push(invalid(p, user, 'runAsUserName\'s User cannot contain only periods or spaces'));
    }
  }
  return out;
}

const IPC_SYSCTLS: ReadonlySet<string> = new Set(['kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem']);
const SYSCTL_FMT = '([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_RE = new RegExp(`^${SYSCTL_FMT}$`);

/** SC1, SC5-SC13, HN5. */
export const securityContext: PodRule = {
  id: 'security-context',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod and container security contexts must be valid (ids, seccomp, AppArmor, sysctls, privilege escalation, Windows options)',
  covers: ['SC1', 'SC3', 'SC4', 'SC5', 'SC6', 'SC7', 'SC8', 'SC9', 'SC11', 'SC12', 'SC13', 'HN5'],
  check(ctx, report) {
    const maxId = atLeast(ctx.kubernetesVersion, 1, 34) ? 4294967295 : 2147483647;
    const v130 = atLeast(ctx.kubernetesVersion, 1, 30);
    const v133 = atLeast(ctx.kubernetesVersion, 1, 33);
    const psc = objAt(ctx.spec, 'securityContext');
    const pp = [...ctx.specPath, 'securityContext'];
    if (psc !== undefined) {
      for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) for (const x of idErrors(psc, f, pp, maxId)) report(x);
      (arrAt(psc, 'supplementalGroups') ?? []).forEach((g, i) => {
        if (typeof g === 'number' && (g < 0 || g > maxId)) report(invalid([...pp, 'supplementalGroups', i], g, inclusiveRangeError(0, maxId)));
      });
      for (const x of validateSeccompProfile(prop(psc, 'seccompProfile'), [...pp, 'seccompProfile'])) report(x);
      if (v130) for (const x of validateAppArmorProfile(prop(psc, 'appArmorProfile'), [...pp, 'appArmorProfile'])) report(x);
      if (v133) {
        const slc = strAt(psc, 'seLinuxChangePolicy');
        if (slc !== undefined && slc !== 'MountOption' && slc !== 'Recursive') report(notSupported([...pp, 'seLinuxChangePolicy'], slc, ['MountOption', 'Recursive']));
      }
      for (const x of validateWindowsOptions(prop(psc, 'windowsOptions'), [...pp, 'windowsOptions'])) report(x);
      const names = new Set<string>();
      for (const [i, s] of objectItemsAt(psc, 'sysctls')) {
        const p = [...pp, 'sysctls', i, 'name'];
        const name = strAt(s, 'name') ?? '';
        if (name === '') {
          if (has(s, 'name')) report(required(p, undefined, { target: 'value' }));
        }
        else if (name.length > 253 || !SYSCTL_RE.test(name)) report(invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_FMT}`));
        else if (names.has(name)) report(duplicate(p, name));
        const norm = name.replace(/\//g, '.');
        if (boolAt(ctx.spec, 'hostNetwork') === true && norm.startsWith('net.')) {
          report(invalid(p, name, "may not be specified when 'hostNetwork' is true"));
        } else if (boolAt(ctx.spec, 'hostIPC') === true && (IPC_SYSCTLS.has(norm) || norm.startsWith('fs.mqueue.'))) {
          report(invalid(p, name, "may not be specified when 'hostIPC' is true"));
        }
        names.add(name);
      }
    }
    const podHostProcess = boolAt(objAt(psc, 'windowsOptions'), 'hostProcess');
    let anyHostProcess = podHostProcess === true;
    let allHostProcess = true;
    for (const c of allContainers(ctx)) {
      const sc = objAt(c.container, 'securityContext');
      const cp = [...c.path, 'securityContext'];
      const chp = boolAt(objAt(sc, 'windowsOptions'), 'hostProcess');
      const effective = chp ?? podHostProcess ?? false;
      if (effective) anyHostProcess = true;
      else allHostProcess = false;
      if (chp !== undefined && podHostProcess !== undefined && chp !== podHostProcess) {
        report(invalid([...cp, 'windowsOptions', 'hostProcess'], chp, `pod hostProcess value must be identical if both are specified, was ${String(podHostProcess)}`));
      }
      if (sc === undefined) continue;
      for (const f of ['runAsUser', 'runAsGroup']) for (const x of idErrors(sc, f, cp, maxId)) report(x);
      const ape = boolAt(sc, 'allowPrivilegeEscalation');
      if (ape === false && boolAt(sc, 'privileged') === true) {
        report(invalid(cp, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true', { target: 'key' }));
      }
      const add = arrAt(objAt(sc, 'capabilities'), 'add') ?? [];
      if (ape === false && add.includes('CAP_SYS_ADMIN')) {
        report(invalid(cp, sc, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN', { target: 'key' }));
      }
      const pm = strAt(sc, 'procMount');
      if (v133 && pm !== undefined) {
        if (pm === 'Unmasked' && prop(ctx.spec, 'hostUsers') !== false) {
          report(invalid([...cp, 'procMount'], pm, '`hostUsers` must be false to use `Unmasked`'));
        }
      }
      for (const x of validateSeccompProfile(prop(sc, 'seccompProfile'), [...cp, 'seccompProfile'])) report(x);
      if (v130) for (const x of validateAppArmorProfile(prop(sc, 'appArmorProfile'), [...cp, 'appArmorProfile'])) report(x);
      for (const x of validateWindowsOptions(prop(sc, 'windowsOptions'), [...cp, 'windowsOptions'])) report(x);
    }
    if (anyHostProcess) {
      if (!allHostProcess) {
        report(invalid(ctx.specPath, 'spec', 'If pod contains any hostProcess containers then all containers must be HostProcess containers', { target: 'key' }));
      }
      if (boolAt(ctx.spec, 'hostNetwork') !== true) {
        report(invalid([...ctx.specPath, 'hostNetwork'], boolAt(ctx.spec, 'hostNetwork') ?? false, 'hostNetwork must be true if pod contains any hostProcess containers', has(ctx.spec, 'hostNetwork') ? undefined : { at: ctx.specPath, target: 'key' }));
      }
    }
  },
};

/** The rules of this family. */
export const SECURITY_CONTEXT_RULES = [securityContext] as const;
