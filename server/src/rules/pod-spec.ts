/**
 * Pod spec top level (`ValidatePodSpec`, `validatePodDNSConfig`, `validateOS`, `validateWindows`,
 * `validateLinux`, `ValidatePodCreate`, `ValidatePodTemplateSpec`; pkg/apis/core/validation).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, boolAt, has, isObject, objAt, objectItemsAt, prop, stringItemsAt, strAt } from './json';
import { validateLabels } from './label-selector';
import { duplicate, forbidden, invalid, notSupported, required } from './messages';
import { allContainers, containersOf } from './pod-walk';
import type { PodContext, PodRule, Report } from './rule';
import {
  inclusiveRangeError,
  INVALID_IP_ERROR,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIP,
  isQualifiedName,
} from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'pod-spec';

/** P1. */
export const podContainersRequired: PodRule = {
  id: 'pod-containers-required',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'a Pod needs at least one container',
  covers: ['P1'],
  check(ctx, report) {
    // An absent list is the schema's `required-field`; an empty one is ours.
    const c = prop(ctx.spec, 'containers');
    if (!Array.isArray(c) || c.length > 0) return;
    report(required([...ctx.specPath, 'containers'], undefined, { target: 'value' }));
  },
};

/** P4-P10 (P3, the dnsPolicy enum, is a schema check). */
export const dnsConfig: PodRule = {
  id: 'dns-config',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'dnsConfig must be valid, and is required for dnsPolicy None',
  covers: ['P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10'],
  check(ctx, report) {
    const policy = strAt(ctx.spec, 'dnsPolicy');
    const path = [...ctx.specPath, 'dnsConfig'];
    const cfg = prop(ctx.spec, 'dnsConfig');
    if (policy === 'None') {
      if (cfg === undefined || cfg === null) {
        report(required(path, 'must provide `dnsConfig` when `dnsPolicy` is None', { at: [...ctx.specPath, 'dnsPolicy'], target: 'key' }));
        return;
      }
      if (!isObject(cfg)) return;
      const ns = arrAt(cfg, 'nameservers');
      if (ns === undefined || ns.length === 0) {
        report(required([...path, 'nameservers'], 'must provide at least one DNS nameserver when `dnsPolicy` is None', ns === undefined ? { at: path } : { target: 'value' }));
        return;
      }
    }
    if (!isObject(cfg)) return;
    const ns = stringItemsAt(cfg, 'nameservers');
    if ((arrAt(cfg, 'nameservers')?.length ?? 0) > 3) {
      report(invalid([...path, 'nameservers'], ns.map(([, s]) => s), 'must not have more than 3 nameservers'));
    }
    for (const [i, s] of ns) if (!isIP(s)) report(invalid([...path, 'nameservers', i], s, INVALID_IP_ERROR));
    const searches = stringItemsAt(cfg, 'searches').map(([i, s]) => [i, s] as const);
    const all = searches.map(([, s]) => s);
    if ((arrAt(cfg, 'searches')?.length ?? 0) > 32) report(invalid([...path, 'searches'], all, 'must not have more than 32 search paths'));
    if (all.join(' ').length > 2048) {
      report(invalid([...path, 'searches'], all, 'must not have more than 2048 characters (including spaces) in the search list'));
    }
    const relaxed = atLeast(ctx.kubernetesVersion, 1, 33);
    for (const [i, raw] of searches) {
      const s = raw.endsWith('.') ? raw.slice(0, -1) : raw;
      if (relaxed) {
        if (raw === '.' || isDNS1123Subdomain(s.replace(/_/g, 'a')).length === 0) continue;
        report(
          invalid(
            [...path, 'searches', i],
            s,
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '([a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)(\\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*')",
          ),
        );
      } else {
        for (const msg of isDNS1123Subdomain(s)) report(invalid([...path, 'searches', i], s, msg));
      }
    }
    for (const [i, opt] of objectItemsAt(cfg, 'options')) {
      if ((strAt(opt, 'name') ?? '') === '') report(required([...path, 'options', i], 'must not be empty'));
    }
  },
};

/** P11. */
export const nodeSelector: PodRule = {
  id: 'node-selector',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'nodeSelector keys and values must be valid label keys and values',
  covers: ['P11'],
  check(ctx, report) {
    for (const p of validateLabels(prop(ctx.spec, 'nodeSelector'), [...ctx.specPath, 'nodeSelector'])) report(p);
  },
};

const NAME_FIELDS: ReadonlyArray<readonly [string, (v: string) => string[]]> = [
  ['serviceAccountName', isDNS1123Subdomain],
  ['nodeName', isDNS1123Subdomain],
  ['hostname', isDNS1123Label],
  ['subdomain', isDNS1123Label],
  ['priorityClassName', isDNS1123Subdomain],
  ['runtimeClassName', isDNS1123Subdomain],
];

/** P12, P13, P15, P16, P17. */
export const podNames: PodRule = {
  id: 'pod-names',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'serviceAccountName, nodeName, hostname, subdomain, priorityClassName, runtimeClassName must be valid names',
  covers: ['P12', 'P13', 'P15', 'P16', 'P17'],
  check(ctx, report) {
    for (const [field, fn] of NAME_FIELDS) {
      const v = strAt(ctx.spec, field);
      if (v === undefined || v === '') continue;
      for (const msg of fn(v)) report(invalid([...ctx.specPath, field], v, msg));
    }
  },
};

/** P14. */
export const activeDeadlineSeconds: PodRule = {
  id: 'active-deadline-seconds',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'activeDeadlineSeconds must be between 1 and 2147483647',
  covers: ['P14'],
  check(ctx, report) {
    const v = prop(ctx.spec, 'activeDeadlineSeconds');
    if (typeof v !== 'number') return;
    if (v < 1 || v > 2147483647) report(invalid([...ctx.specPath, 'activeDeadlineSeconds'], v, inclusiveRangeError(1, 2147483647)));
  },
};

/** P20, P21, P31. */
export const podGates: PodRule = {
  id: 'pod-gates',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'readiness gate and scheduling gate names must be unique qualified names; nodeName conflicts with scheduling gates',
  covers: ['P20', 'P21', 'P31'],
  check(ctx, report) {
    for (const [i, g] of objectItemsAt(ctx.spec, 'readinessGates')) {
      const t = strAt(g, 'conditionType');
      if (t === undefined) continue;
      for (const msg of isQualifiedName(t)) report(invalid([...ctx.specPath, 'readinessGates', i, 'conditionType'], t, msg));
    }
    const seen = new Set<string>();
    const gates = objectItemsAt(ctx.spec, 'schedulingGates');
    for (const [i, g] of gates) {
      const n = strAt(g, 'name');
      if (n === undefined) continue;
      const p = [...ctx.specPath, 'schedulingGates', i];
      for (const msg of isQualifiedName(n)) report(invalid(p, n, msg));
      if (seen.has(n)) report(duplicate(p, n));
      seen.add(n);
    }
    if (!ctx.isTemplate && gates.length > 0 && (strAt(ctx.spec, 'nodeName') ?? '') !== '') {
      report(forbidden([...ctx.specPath, 'nodeName'], 'cannot be set until all schedulingGates have been cleared'));
    }
  },
};

/** P23, P24. */
export const hostAliases: PodRule = {
  id: 'host-aliases',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'hostAliases need a valid IP and valid hostnames',
  covers: ['P23', 'P24'],
  check(ctx, report) {
    for (const [i, a] of objectItemsAt(ctx.spec, 'hostAliases')) {
      const p = [...ctx.specPath, 'hostAliases', i];
      const ip = strAt(a, 'ip');
      if (ip !== undefined && !isIP(ip)) report(invalid([...p, 'ip'], ip, INVALID_IP_ERROR));
      for (const [j, h] of stringItemsAt(a, 'hostnames')) {
        for (const msg of isDNS1123Subdomain(h)) report(invalid([...p, 'hostnames', j], h, msg));
      }
    }
  },
};

const WINDOWS_POD_SC = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'sysctls',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy',
];
const WINDOWS_CONTAINER_SC = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
];

/** P25-P28. */
export const podOS: PodRule = {
  id: 'pod-os',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'os.name must be linux or windows, and OS-specific fields must match it',
  covers: ['P25', 'P26', 'P27', 'P28'],
  check(ctx, report) {
    const os = objAt(ctx.spec, 'os');
    if (os === undefined) return;
    const osPath = [...ctx.specPath, 'os'];
    const name = strAt(os, 'name');
    if (name === undefined) return; // absent: the schema's `required-field`
    if (name === '') {
      report(required([...osPath, 'name'], 'cannot be empty', { target: 'value' }));
      return;
    }
    if (name !== 'linux' && name !== 'windows') {
      report(notSupported(osPath, name, ['linux', 'windows'], { at: [...osPath, 'name'] }));
      return;
    }
    const psc = objAt(ctx.spec, 'securityContext');
    const pscPath = [...ctx.specPath, 'securityContext'];
    if (name === 'linux') {
      if (has(psc, 'windowsOptions')) report(forbidden([...pscPath, 'windowsOptions'], 'windows options cannot be set for a linux pod'));
      for (const c of allContainers(ctx)) {
        if (has(objAt(c.container, 'securityContext'), 'windowsOptions')) {
          report(forbidden([...c.path, 'securityContext', 'windowsOptions'], 'windows options cannot be set for a linux pod'));
        }
      }
      return;
    }
    for (const f of WINDOWS_POD_SC) if (has(psc, f)) report(forbidden([...pscPath, f], 'cannot be set for a windows pod'));
    for (const f of ['hostUsers', 'hostPID', 'hostIPC', 'shareProcessNamespace']) {
      if (boolAt(ctx.spec, f) === true || (f === 'hostUsers' && has(ctx.spec, f))) {
        report(forbidden([...ctx.specPath, f], 'cannot be set for a windows pod'));
      }
    }
    for (const c of allContainers(ctx)) {
      const sc = objAt(c.container, 'securityContext');
      for (const f of WINDOWS_CONTAINER_SC) {
        if (has(sc, f)) report(forbidden([...c.path, 'securityContext', f], 'cannot be set for a windows pod'));
      }
    }
  },
};

/** P29, P30. */
export const ephemeralContainersOnCreate: PodRule = {
  id: 'ephemeral-containers-on-create',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'ephemeralContainers cannot be set when creating a Pod or in a pod template',
  covers: ['P29', 'P30'],
  check(ctx, report) {
    const e = arrAt(ctx.spec, 'ephemeralContainers');
    if (e === undefined || e.length === 0) return;
    const path = [...ctx.specPath, 'ephemeralContainers'];
    report(
      forbidden(path, ctx.isTemplate ? 'ephemeral containers not allowed in pod template' : 'cannot be set on create', { target: 'key' }),
    );
  },
};

/** P32: Pods only (not templates). */
export const imageWhitespace: PodRule = {
  id: 'image-whitespace',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'container images of a Pod must not have leading or trailing whitespace',
  covers: ['P32'],
  check(ctx, report) {
    if (ctx.isTemplate) return;
    for (const c of [...containersOf(ctx, 'containers'), ...containersOf(ctx, 'initContainers')]) {
      const image = strAt(c.container, 'image');
      if (image !== undefined && image.trim() !== image && image.trim() !== '') {
        report(invalid([...c.path, 'image'], image, 'must not have leading or trailing whitespace'));
      }
    }
  },
};

function checkHostNamespacesWithUserNamespaces(ctx: PodContext, report: Report): void {
  if (prop(ctx.spec, 'hostUsers') !== false) return;
  const fields: ReadonlyArray<readonly [string, string]> = [
    ['hostNetwork', 'hostNetwork'],
    ['hostPID', 'HostPID'],
    ['hostIPC', 'HostIPC'],
  ];
  for (const [field, printed] of fields) {
    if (boolAt(ctx.spec, field) === true) {
      report(forbidden([...ctx.specPath, printed], 'when `pod.Spec.HostUsers` is false', { at: [...ctx.specPath, field] }));
    }
  }
}

/** HN3 ([1.33+]), HN4. */
export const hostNamespaces: PodRule = {
  id: 'host-namespaces',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'host namespaces conflict with hostUsers: false; shareProcessNamespace conflicts with hostPID',
  covers: ['HN3', 'HN4'],
  check(ctx, report) {
    if (atLeast(ctx.kubernetesVersion, 1, 33)) checkHostNamespacesWithUserNamespaces(ctx, report);
    if (boolAt(ctx.spec, 'shareProcessNamespace') === true && boolAt(ctx.spec, 'hostPID') === true) {
      report(
        invalid([...ctx.specPath, 'securityContext', 'shareProcessNamespace'], true, 'ShareProcessNamespace and HostPID cannot both be enabled', {
          at: [...ctx.specPath, 'shareProcessNamespace'],
        }),
      );
    }
  },
};

/** P36 (DynamicResourceAllocation; version dependent: GA 1.34). */
export const resourceClaims: PodRule = {
  id: 'pod-resource-claims',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod resourceClaims need unique DNS-label names and exactly one source',
  covers: ['P36'],
  minVersion: '1.34',
  check(ctx, report) {
    const seen = new Set<string>();
    for (const [i, c] of objectItemsAt(ctx.spec, 'resourceClaims')) {
      const p: FieldPath = [...ctx.specPath, 'resourceClaims', i];
      const name = strAt(c, 'name') ?? '';
      if (name === '') {
        if (has(c, 'name')) report(required([...p, 'name'], undefined, { target: 'value' }));
      } else {
        if (seen.has(name)) report(duplicate([...p, 'name'], name));
        for (const msg of isDNS1123Label(name)) report(invalid([...p, 'name'], name, msg));
      }
      seen.add(name);
      const a = (strAt(c, 'resourceClaimName') ?? '') !== '';
      const b = (strAt(c, 'resourceClaimTemplateName') ?? '') !== '';
      if (a && b) report(invalid(p, prop(c, 'resourceClaimName'), 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
      if (!a && !b) report(required(p, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
    }
  },
};

/** The rules of this family. */
export const POD_SPEC_RULES = [
  podContainersRequired,
  dnsConfig,
  nodeSelector,
  podNames,
  activeDeadlineSeconds,
  podGates,
  hostAliases,
  podOS,
  ephemeralContainersOnCreate,
  imageWhitespace,
  hostNamespaces,
  resourceClaims,
] as const;
