/**
 * The Pod Security Standards checks, one entry per upstream check ID (`k8s.io/pod-security-admission`
 * `policy/check_*.go`), each with its revisions by policy version; ../shared/pod-security-standards.md §4,
 * rows PSS-B1..B12 and PSS-R1..R7. A check reads a {@link PsaPod} (the object as the PodSecurity plugin sees it,
 * §2) and returns the reason and detail the apiserver prints plus the field paths of every offending field.
 */
import type { FieldPath } from '../../document/field-path';
import { arrAt, isObject, objAt, objectItemsAt, prop, strAt } from '../json';
import { goQuote } from '../messages';
import type { JsonObject } from '../rule';
import type { ContainerKind } from '../pod-walk';

/** One container as the checks visit it: all init containers, then containers, then ephemeral containers. */
export interface PsaContainer {
  readonly name: string;
  readonly container: JsonObject;
  /** Absolute path of the list item (`spec.containers[0]`). */
  readonly path: FieldPath;
  readonly kind: ContainerKind;
  /**
   * The container's `securityContext` when it is an object, read once for the checks (most read it, for every
   * container of every pod).
   */
  readonly securityContext: JsonObject | undefined;
}

/** The Pod or pod template a check looks at. Paths are absolute. */
export interface PsaPod {
  readonly spec: JsonObject;
  readonly specPath: FieldPath;
  readonly metadata: JsonObject;
  readonly metadataPath: FieldPath;
  /** The pod's `spec.securityContext` when it is an object, read once for the checks. */
  readonly securityContext: JsonObject | undefined;
  /** `spec.os.name` is `windows` (the restricted checks exempt such pods from v1.25). */
  readonly windows: boolean;
  /** Every container in visit order (init, regular, ephemeral). */
  readonly containers: readonly PsaContainer[];
  /** A Pod (Pod-only defaulting and create-time mutations apply, §2 D1/D3/D4/D5) rather than a template. */
  readonly isPod: boolean;
  /** The kube-apiserver minor release (`35` for 1.35). */
  readonly apiserver: number;
}

/** What a failing check returns: the reason and detail the apiserver prints, and where the offending fields are. */
export interface CheckResult {
  readonly reason: string;
  readonly detail: string;
  /** Every offending field (or, for a missing field, the nearest existing parent), in visit order. */
  readonly paths: readonly FieldPath[];
}

/** One revision of a check: it runs for policy versions from `minVersion` (a minor of 1.x) up to the next revision. */
export interface CheckRevision {
  readonly minVersion: number;
  readonly evaluate: (pod: PsaPod) => CheckResult | undefined;
}

/** A check ID with its level, its revisions (ascending) and the baseline checks it replaces. */
export interface PodSecurityCheck {
  /** The upstream check ID (`allowPrivilegeEscalation`, `capabilities_baseline`). */
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly revisions: readonly CheckRevision[];
  /** Baseline check IDs this restricted check overrides while it is active (O2). */
  readonly overrides?: readonly string[];
}

// ---- message helpers (spec conventions: Q(list), pluralisation) ----

/** `Q(list)`: each item in double quotes, joined by `, `, without escaping. */
export function quoteList(items: readonly string[]): string {
  let out = '';
  for (let i = 0; i < items.length; i++) out += i === 0 ? `"${items[i]}"` : `, "${items[i]}"`;
  return out;
}

/** The singular form exactly when the counted list has one element. */
export function plural(count: number, singular: string, pluralForm: string): string {
  return count === 1 ? singular : pluralForm;
}

/** Distinct values sorted byte-wise (Go string order). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function containersPhrase(names: readonly string[]): string {
  return `${plural(names.length, 'container', 'containers')} ${quoteList(names)}`;
}

/** `pod and containers "a", "b"`: the setters of a value, pod first. */
function setters(pod: boolean, names: readonly string[]): string {
  const parts: string[] = [];
  if (pod) parts.push('pod');
  if (names.length > 0) parts.push(containersPhrase(names));
  return parts.join(' and ');
}

// ---- field access ----

/**
 * True when some container's `securityContext` has `field` equal to `value` (`===`); `negate` asks whether some
 * container's differs instead. The checks ask this first: a compliant pod then costs no list or callback (these run for
 * every container of every pod a `podls check` evaluates).
 */
function someContainer(pod: PsaPod, field: string, value: unknown, negate = false): boolean {
  for (const c of pod.containers) if ((prop(c.securityContext, field) === value) !== negate) return true;
  return false;
}

function psc(pod: PsaPod): JsonObject | undefined {
  return pod.securityContext;
}

function pscPath(pod: PsaPod, ...rest: FieldPath): FieldPath {
  return [...pod.specPath, 'securityContext', ...rest];
}

function csc(c: PsaContainer): JsonObject | undefined {
  return c.securityContext;
}

function cscPath(c: PsaContainer, ...rest: FieldPath): FieldPath {
  return [...c.path, 'securityContext', ...rest];
}

/** Where to point for a container that lacks a securityContext field: its securityContext, else the container. */
function missingAt(c: PsaContainer): FieldPath {
  return csc(c) !== undefined ? cscPath(c) : c.path;
}

/** {@link missingAt} of each container. */
function missingPaths(containers: readonly PsaContainer[]): FieldPath[] {
  const out: FieldPath[] = [];
  for (const c of containers) out.push(missingAt(c));
  return out;
}

/** The names of containers, in order. */
function namesOf(containers: readonly PsaContainer[]): string[] {
  const out: string[] = [];
  for (const c of containers) out.push(c.name);
  return out;
}

function isWindows(pod: PsaPod): boolean {
  return pod.windows;
}

/** A field the apiserver drops while its feature gate is off by default (§2 D6): `hostUsers`, `procMount` before 1.33. */
function hostUsersFalse(pod: PsaPod): boolean {
  return pod.apiserver >= 33 && prop(pod.spec, 'hostUsers') === false;
}

function annotations(pod: PsaPod): ReadonlyArray<readonly [string, string]> {
  const a = objAt(pod.metadata, 'annotations');
  if (a === undefined) return [];
  return Object.entries(a).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as const] : []));
}

function annotationPath(pod: PsaPod, key: string): FieldPath {
  return [...pod.metadataPath, 'annotations', { key }];
}

// ---- AppArmor (PSS-B1) with the Pod create-time annotation <-> field sync (§2 D3, D4) ----

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** An AppArmor profile type the baseline level allows (PSS-B1). */
export function apparmorTypeOk(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** An AppArmor annotation value the baseline level allows (PSS-B1). */
export function apparmorAnnotationOk(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/** The profile type an annotation value becomes as a field (`applyAppArmorVersionSkew`), or undefined when invalid. */
function apparmorFieldOf(value: string): { type: string; profile?: string } | undefined {
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (value === 'runtime/default') return { type: 'RuntimeDefault' };
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) return { type: 'Localhost', profile: value.slice('localhost/'.length) };
  return undefined;
}

function apparmorAnnotationOf(profile: JsonObject): string | undefined {
  const type = strAt(profile, 'type');
  if (type === 'Unconfined') return 'unconfined';
  if (type === 'RuntimeDefault') return 'runtime/default';
  if (type === 'Localhost') return `localhost/${strAt(profile, 'localhostProfile') ?? ''}`;
  return undefined;
}

function sameProfile(a: { type: string; profile?: string }, b: JsonObject | undefined): boolean {
  return b !== undefined && strAt(b, 'type') === a.type && (strAt(b, 'localhostProfile') ?? undefined) === a.profile;
}

/** True when some annotation of the pod is an AppArmor annotation (no allocation: this runs for every pod). */
function hasAppArmorAnnotation(pod: PsaPod): boolean {
  const a = objAt(pod.metadata, 'annotations');
  if (a === undefined) return false;
  for (const key in a) if (key.startsWith(APPARMOR_PREFIX) && typeof a[key] === 'string') return true;
  return false;
}

/** True when the pod or one of its containers sets `securityContext.appArmorProfile`. */
function setsAppArmorProfile(pod: PsaPod): boolean {
  if (objAt(psc(pod), 'appArmorProfile') !== undefined) return true;
  for (const c of pod.containers) if (objAt(csc(c), 'appArmorProfile') !== undefined) return true;
  return false;
}

function appArmorProfile1_0(pod: PsaPod): CheckResult | undefined {
  // Without AppArmor annotations or profile fields nothing below can fail.
  if (!hasAppArmorAnnotation(pod) && (pod.apiserver < 30 || !setsAppArmorProfile(pod))) return undefined;
  const paths: FieldPath[] = [];
  const badTypes: string[] = [];
  const badAnnotations: string[] = [];
  const annotationValues = new Map(annotations(pod).filter(([k]) => k.startsWith(APPARMOR_PREFIX)));
  const annotationPaths = new Map<string, FieldPath>([...annotationValues.keys()].map((k) => [k, annotationPath(pod, k)]));
  const fields = pod.apiserver >= 30;
  const windows = isWindows(pod);
  const podProfile = objAt(psc(pod), 'appArmorProfile');
  let podBad = false;
  const badContainers: string[] = [];
  if (fields) {
    if (podProfile !== undefined) {
      const type = strAt(podProfile, 'type') ?? '';
      if (!apparmorTypeOk(type)) {
        podBad = true;
        badTypes.push(type);
        paths.push(pscPath(pod, 'appArmorProfile', 'type'));
      }
    }
    for (const c of pod.containers) {
      const own = objAt(csc(c), 'appArmorProfile');
      const key = `${APPARMOR_PREFIX}${c.name}`;
      let type: string | undefined;
      let at: FieldPath | undefined;
      if (own !== undefined) {
        type = strAt(own, 'type') ?? '';
        at = cscPath(c, 'appArmorProfile', 'type');
        // apiserver 1.30-1.33 copied a container's field into a missing annotation on Pod create (D4).
        if (pod.isPod && !windows && pod.apiserver <= 33 && !annotationValues.has(key)) {
          const value = apparmorAnnotationOf(own);
          if (value !== undefined) {
            annotationValues.set(key, value);
            annotationPaths.set(key, at);
          }
        }
      } else if (pod.isPod && !windows) {
        const annotation = annotationValues.get(key);
        if (annotation !== undefined) {
          // An annotation is copied into the field of a container without one, unless it equals the pod's (D3).
          const copied = apparmorFieldOf(annotation);
          if (copied !== undefined && !sameProfile(copied, podProfile)) {
            type = copied.type;
            at = annotationPaths.get(key);
          }
        } else if (podProfile !== undefined && pod.apiserver <= 33) {
          const value = apparmorAnnotationOf(podProfile);
          if (value !== undefined) {
            annotationValues.set(key, value);
            annotationPaths.set(key, pscPath(pod, 'appArmorProfile', 'type'));
          }
        }
      }
      if (type !== undefined && !apparmorTypeOk(type)) {
        badContainers.push(c.name);
        badTypes.push(type);
        if (at !== undefined) paths.push(at);
      }
    }
  }
  for (const [key, value] of annotationValues) {
    if (apparmorAnnotationOk(value)) continue;
    badAnnotations.push(`${key}=${goQuote(value)}`);
    const at = annotationPaths.get(key);
    if (at !== undefined && !paths.some((p) => samePath(p, at))) paths.push(at);
  }
  const values = [...sortedSet(badTypes), ...sortedSet(badAnnotations)];
  if (values.length === 0) return undefined;
  const reason = values.length === 1 ? 'forbidden AppArmor profile' : 'forbidden AppArmor profiles';
  if (!fields) return { reason, detail: sortedSet(badAnnotations).join(', '), paths };
  const who: string[] = [];
  if (podBad) who.push('pod');
  if (badContainers.length > 0) who.push(containersPhrase(badContainers));
  if (badAnnotations.length > 0) who.push(plural(badAnnotations.length, 'annotation', 'annotations'));
  return { reason, detail: `${who.join(' and ')} must not set AppArmor profile type to ${quoteList(values)}`, paths };
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => JSON.stringify(s) === JSON.stringify(b[i]));
}

// ---- capabilities (PSS-B2, PSS-R2) ----

/** The capabilities the baseline level allows in `capabilities.add` (PSS-B2). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The `capabilities.add` entries of a container outside `allowed`, with their paths. */
function addedOutside(c: PsaContainer, allowed: (cap: string) => boolean): { readonly caps: readonly string[]; readonly paths: readonly FieldPath[] } {
  const add = arrAt(objAt(csc(c), 'capabilities'), 'add');
  if (add === undefined || add.length === 0) return NOTHING_ADDED;
  const caps: string[] = [];
  const paths: FieldPath[] = [];
  add.forEach((cap, i) => {
    const text = typeof cap === 'string' ? cap : String(cap);
    if (allowed(text)) return;
    caps.push(text);
    paths.push(cscPath(c, 'capabilities', 'add', i));
  });
  return { caps, paths };
}

/** What {@link addedOutside} finds in a container without `capabilities.add` entries (shared, never changed). */
const NOTHING_ADDED: { readonly caps: readonly string[]; readonly paths: readonly FieldPath[] } = Object.freeze({ caps: Object.freeze([]), paths: Object.freeze([]) });

function isBaselineCapability(cap: string): boolean {
  return BASELINE_CAPABILITIES.has(cap);
}

function isNetBindService(cap: string): boolean {
  return cap === 'NET_BIND_SERVICE';
}

function capabilitiesBaseline1_0(pod: PsaPod): CheckResult | undefined {
  const names: string[] = [];
  const caps: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of pod.containers) {
    const found = addedOutside(c, isBaselineCapability);
    if (found.caps.length === 0) continue;
    names.push(c.name);
    caps.push(...found.caps);
    paths.push(...found.paths);
  }
  if (names.length === 0) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(names)} must not include ${quoteList(sortedSet(caps))} in securityContext.capabilities.add`,
    paths,
  };
}

function capabilitiesRestricted(windowsExempt: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (windowsExempt && isWindows(pod)) return undefined;
    const missingDrop: string[] = [];
    const adding: string[] = [];
    const caps: string[] = [];
    const paths: FieldPath[] = [];
    for (const c of pod.containers) {
      const capabilities = objAt(csc(c), 'capabilities');
      const drop = arrAt(capabilities, 'drop') ?? [];
      if (!drop.includes('ALL')) {
        missingDrop.push(c.name);
        paths.push(capabilities === undefined ? missingAt(c) : arrAt(capabilities, 'drop') !== undefined ? cscPath(c, 'capabilities', 'drop') : cscPath(c, 'capabilities'));
      }
      const found = addedOutside(c, isNetBindService);
      if (found.caps.length > 0) {
        adding.push(c.name);
        caps.push(...found.caps);
        paths.push(...found.paths);
      }
    }
    const parts: string[] = [];
    if (missingDrop.length > 0) parts.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
    if (adding.length > 0) parts.push(`${containersPhrase(adding)} must not include ${quoteList(sortedSet(caps))} in securityContext.capabilities.add`);
    if (parts.length === 0) return undefined;
    return { reason: 'unrestricted capabilities', detail: parts.join('; '), paths };
  };
}

// ---- host namespaces, hostPath, hostPorts, probe hosts (PSS-B3..B6) ----

function hostNamespaces1_0(pod: PsaPod): CheckResult | undefined {
  if (prop(pod.spec, 'hostNetwork') !== true && prop(pod.spec, 'hostPID') !== true && prop(pod.spec, 'hostIPC') !== true) return undefined;
  const set = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => prop(pod.spec, f) === true);
  if (set.length === 0) return undefined;
  return { reason: 'host namespaces', detail: set.map((f) => `${f}=true`).join(', '), paths: set.map((f) => [...pod.specPath, f]) };
}

function volumes(pod: PsaPod): ReadonlyArray<readonly [number, JsonObject]> {
  return objectItemsAt(pod.spec, 'volumes');
}

function volumeName(volume: JsonObject): string {
  return strAt(volume, 'name') ?? '';
}

function hostPathVolumes1_0(pod: PsaPod): CheckResult | undefined {
  const bad = volumes(pod).filter(([, v]) => isObject(prop(v, 'hostPath')));
  if (bad.length === 0) return undefined;
  return {
    reason: 'hostPath volumes',
    detail: `${plural(bad.length, 'volume', 'volumes')} ${quoteList(bad.map(([, v]) => volumeName(v)))}`,
    paths: bad.map(([i]) => [...pod.specPath, 'volumes', i, 'hostPath']),
  };
}

function hostPorts1_0(pod: PsaPod): CheckResult | undefined {
  // A hostNetwork Pod's ports get hostPort = containerPort (SetDefaults_Pod, D1), for containers and init containers.
  const hostNetwork = pod.isPod && prop(pod.spec, 'hostNetwork') === true;
  const names: string[] = [];
  const ports: string[] = [];
  const paths: FieldPath[] = [];
  for (const c of pod.containers) {
    let bad = false;
    const list = arrAt(c.container, 'ports');
    if (list === undefined) continue;
    for (let j = 0; j < list.length; j++) {
      const port = list[j];
      if (!isObject(port)) continue;
      const hostPort = prop(port, 'hostPort');
      const containerPort = prop(port, 'containerPort');
      const defaulted = hostNetwork && c.kind !== 'ephemeralContainers' && (hostPort === undefined || hostPort === 0 || hostPort === null);
      const value = defaulted ? containerPort : hostPort;
      if (typeof value !== 'number' || value === 0) continue;
      bad = true;
      ports.push(String(value));
      paths.push([...c.path, 'ports', j, defaulted ? 'containerPort' : 'hostPort']);
    }
    if (bad) names.push(c.name);
  }
  if (names.length === 0) return undefined;
  const distinct = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(names)} ${plural(names.length, 'uses', 'use')} ${plural(distinct.length, 'hostPort', 'hostPorts')} ${distinct.join(', ')}`,
    paths,
  };
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** True when a probe or lifecycle handler sets `httpGet.host` or `tcpSocket.host` (the only case that fails). */
function handlerSetsHost(handler: JsonObject | undefined): boolean {
  if (handler === undefined) return false;
  return !!strAt(objAt(handler, 'httpGet'), 'host') || !!strAt(objAt(handler, 'tcpSocket'), 'host');
}

function hostProbesAndHostLifecycle1_34(pod: PsaPod): CheckResult | undefined {
  const names: string[] = [];
  const hosts: string[] = [];
  const paths: FieldPath[] = [];
  // Index loops and no closures: this runs for every container of every pod, and each worker of `podls check`
  // compiles it anew. Most containers set no host: they are passed over without building paths.
  for (let i = 0; i < pod.containers.length; i++) {
    const c = pod.containers[i];
    if (c === undefined) continue;
    let bad = false;
    for (let k = 0; k < PROBES.length; k++) {
      const p = PROBES[k];
      const probe = p === undefined ? undefined : objAt(c.container, p);
      if (p !== undefined && handlerSetsHost(probe) && collectHosts(probe, c.path.concat(p), hosts, paths)) bad = true;
    }
    const lifecycle = objAt(c.container, 'lifecycle');
    for (let k = 0; lifecycle !== undefined && k < LIFECYCLE_HANDLERS.length; k++) {
      const h = LIFECYCLE_HANDLERS[k];
      const handler = h === undefined ? undefined : objAt(lifecycle, h);
      if (h !== undefined && handlerSetsHost(handler) && collectHosts(handler, c.path.concat('lifecycle', h), hosts, paths)) bad = true;
    }
    if (bad) names.push(c.name);
  }
  if (names.length === 0) return undefined;
  const distinct = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${plural(names.length, 'container', 'containers')} ${quoteList(sortedSet(names))} ${plural(names.length, 'uses', 'use')} probe or lifecycle ${plural(distinct.length, 'host', 'hosts')} ${quoteList(distinct)}`,
    paths,
  };
}

const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const HOST_ACTIONS = ['httpGet', 'tcpSocket'] as const;

/**
 * Adds the non-empty hosts a probe or lifecycle handler at `at` sets (`httpGet.host`, `tcpSocket.host`) to `hosts`,
 * and their paths to `paths`; true when it sets one.
 */
function collectHosts(handler: JsonObject | undefined, at: FieldPath, hosts: string[], paths: FieldPath[]): boolean {
  let found = false;
  for (let k = 0; k < HOST_ACTIONS.length; k++) {
    const action = HOST_ACTIONS[k];
    const host = action === undefined ? undefined : strAt(objAt(handler, action), 'host');
    if (action === undefined || host === undefined || host === '') continue;
    found = true;
    hosts.push(host);
    paths.push(at.concat(action, 'host'));
  }
  return found;
}

// ---- privileged, procMount, SELinux, seccomp, sysctls, hostProcess (PSS-B7..B12) ----

function privileged1_0(pod: PsaPod): CheckResult | undefined {
  if (!someContainer(pod, 'privileged', true)) return undefined;
  const bad = pod.containers.filter((c) => prop(csc(c), 'privileged') === true);
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.privileged=true`,
    paths: bad.map((c) => cscPath(c, 'privileged')),
  };
}

function procMount(relaxForUserNamespaces: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    // procMount is dropped before admission while ProcMountType is off (default until 1.33, D6).
    if (pod.apiserver < 33) return undefined;
    if (relaxForUserNamespaces && hostUsersFalse(pod)) return undefined;
    if (!someContainer(pod, 'procMount', undefined, true)) return undefined;
    const bad = pod.containers.filter((c) => {
      const value = strAt(csc(c), 'procMount');
      return value !== undefined && value !== 'Default';
    });
    if (bad.length === 0) return undefined;
    return {
      reason: 'procMount',
      detail: `${containersPhrase(bad.map((c) => c.name))} must not set securityContext.procMount to ${quoteList(sortedSet(bad.map((c) => strAt(csc(c), 'procMount') ?? '')))}`,
      paths: bad.map((c) => cscPath(c, 'procMount')),
    };
  };
}

/** True when the pod or one of its containers sets `securityContext.seLinuxOptions`. */
function setsSeLinuxOptions(pod: PsaPod): boolean {
  if (objAt(psc(pod), 'seLinuxOptions') !== undefined) return true;
  for (const c of pod.containers) if (objAt(csc(c), 'seLinuxOptions') !== undefined) return true;
  return false;
}

function seLinuxOptions(allowedTypes: readonly string[]): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (!setsSeLinuxOptions(pod)) return undefined;
    const badTypes: string[] = [];
    let user = false;
    let role = false;
    const paths: FieldPath[] = [];
    // `at` is called only for options that are set (this runs for every container of every pod).
    const inspect = (options: JsonObject | undefined, at: () => FieldPath): boolean => {
      if (options === undefined) return false;
      let bad = false;
      const type = strAt(options, 'type') ?? '';
      if (!allowedTypes.includes(type)) {
        badTypes.push(type);
        paths.push([...at(), 'type']);
        bad = true;
      }
      if ((strAt(options, 'user') ?? '') !== '') {
        user = true;
        paths.push([...at(), 'user']);
        bad = true;
      }
      if ((strAt(options, 'role') ?? '') !== '') {
        role = true;
        paths.push([...at(), 'role']);
        bad = true;
      }
      return bad;
    };
    const podBad = inspect(objAt(psc(pod), 'seLinuxOptions'), () => pscPath(pod, 'seLinuxOptions'));
    const names = pod.containers.filter((c) => inspect(objAt(csc(c), 'seLinuxOptions'), () => cscPath(c, 'seLinuxOptions'))).map((c) => c.name);
    if (!podBad && names.length === 0) return undefined;
    const types = sortedSet(badTypes);
    const data: string[] = [];
    if (types.length > 0) data.push(`${plural(types.length, 'type', 'types')} ${quoteList(types)}`);
    // Until apiserver 1.25 the user and role parts were printed only after a bad type.
    if (pod.apiserver >= 26 || types.length > 0) {
      if (user) data.push('user may not be set');
      if (role) data.push('role may not be set');
    }
    return { reason: 'seLinuxOptions', detail: `${setters(podBad, names)} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`, paths };
  };
}

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
/** The SELinux types the baseline level allows from v1.31 (PSS-B9). */
export const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** A seccomp profile type the restricted level accepts (PSS-R7). */
export function seccompTypeOk(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The field type a seccomp annotation value becomes (apiserver <= 1.26 copied it on Pod create, D5). */
function seccompFieldOf(value: string): string | undefined {
  if (value === 'runtime/default' || value === 'docker/default') return 'RuntimeDefault';
  if (value === 'unconfined') return 'Unconfined';
  if (value.startsWith('localhost/')) return 'Localhost';
  return undefined;
}

function seccompAnnotationOf(type: string): string | undefined {
  if (type === 'RuntimeDefault') return 'runtime/default';
  if (type === 'Unconfined') return 'unconfined';
  return undefined;
}

/** A seccomp profile type and where it was written. */
interface SeccompSetting {
  readonly type: string;
  readonly path: FieldPath;
}

/** The pod-level seccomp type PSA sees, after the annotation-to-field copy of apiserver <= 1.26 (D5). */
function podSeccomp(pod: PsaPod): SeccompSetting | undefined {
  const profile = objAt(psc(pod), 'seccompProfile');
  if (profile !== undefined) return { type: strAt(profile, 'type') ?? '', path: pscPath(pod, 'seccompProfile', 'type') };
  if (pod.isPod && pod.apiserver <= 26) {
    const value = annotations(pod).find(([k]) => k === SECCOMP_POD_ANNOTATION)?.[1];
    const type = value === undefined ? undefined : seccompFieldOf(value);
    if (type !== undefined) return { type, path: annotationPath(pod, SECCOMP_POD_ANNOTATION) };
  }
  return undefined;
}

function containerSeccomp(pod: PsaPod, c: PsaContainer): SeccompSetting | undefined {
  const profile = objAt(csc(c), 'seccompProfile');
  if (profile !== undefined) return { type: strAt(profile, 'type') ?? '', path: cscPath(c, 'seccompProfile', 'type') };
  if (pod.isPod && pod.apiserver <= 26) {
    const key = `${SECCOMP_CONTAINER_PREFIX}${c.name}`;
    const value = annotations(pod).find(([k]) => k === key)?.[1];
    const type = value === undefined ? undefined : seccompFieldOf(value);
    if (type !== undefined) return { type, path: annotationPath(pod, key) };
  }
  return undefined;
}

function seccompProfileBaseline1_0(pod: PsaPod): CheckResult | undefined {
  // Policy versions before v1.19 read the annotations; apiserver <= 1.24 also copied fields into them (D5).
  const values = new Map<string, { value: string; path: FieldPath }>();
  for (const [k, v] of annotations(pod)) values.set(k, { value: v, path: annotationPath(pod, k) });
  if (pod.isPod && pod.apiserver <= 24) {
    const podProfile = objAt(psc(pod), 'seccompProfile');
    const podValue = podProfile === undefined ? undefined : seccompAnnotationOf(strAt(podProfile, 'type') ?? '');
    if (podValue !== undefined && !values.has(SECCOMP_POD_ANNOTATION)) values.set(SECCOMP_POD_ANNOTATION, { value: podValue, path: pscPath(pod, 'seccompProfile', 'type') });
    for (const c of pod.containers) {
      const profile = objAt(csc(c), 'seccompProfile');
      const value = profile === undefined ? undefined : seccompAnnotationOf(strAt(profile, 'type') ?? '');
      const key = `${SECCOMP_CONTAINER_PREFIX}${c.name}`;
      if (value !== undefined && !values.has(key)) values.set(key, { value, path: cscPath(c, 'seccompProfile', 'type') });
    }
  }
  const keys = [SECCOMP_POD_ANNOTATION, ...pod.containers.map((c) => `${SECCOMP_CONTAINER_PREFIX}${c.name}`)];
  const bad: string[] = [];
  const paths: FieldPath[] = [];
  for (const key of new Set(keys)) {
    const found = values.get(key);
    if (found === undefined) continue;
    const v = found.value;
    if (v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/')) continue;
    bad.push(`${key}=${goQuote(v)}`);
    paths.push(found.path);
  }
  if (bad.length === 0) return undefined;
  return { reason: 'seccompProfile', detail: `forbidden ${plural(bad.length, 'annotation', 'annotations')} ${sortedSet(bad).join(', ')}`, paths };
}

function seccompProfileBaseline1_19(pod: PsaPod): CheckResult | undefined {
  const types: string[] = [];
  const paths: FieldPath[] = [];
  const own = podSeccomp(pod);
  const podBad = own !== undefined && !seccompTypeOk(own.type);
  if (podBad) {
    types.push(own.type);
    paths.push(own.path);
  }
  const names: string[] = [];
  for (const c of pod.containers) {
    const setting = containerSeccomp(pod, c);
    if (setting === undefined || seccompTypeOk(setting.type)) continue;
    names.push(c.name);
    types.push(setting.type);
    paths.push(setting.path);
  }
  if (!podBad && names.length === 0) return undefined;
  return { reason: 'seccompProfile', detail: `${setters(podBad, names)} must not set securityContext.seccompProfile.type to ${quoteList(sortedSet(types))}`, paths };
}

function seccompProfileRestricted(windowsExempt: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (windowsExempt && isWindows(pod)) return undefined;
    const types: string[] = [];
    const explicitPaths: FieldPath[] = [];
    const own = podSeccomp(pod);
    const podBad = own !== undefined && !seccompTypeOk(own.type);
    const podSet = own !== undefined && !podBad;
    if (podBad) {
      types.push(own.type);
      explicitPaths.push(own.path);
    }
    const explicit: string[] = [];
    const implicit: PsaContainer[] = [];
    for (const c of pod.containers) {
      const setting = containerSeccomp(pod, c);
      if (setting !== undefined) {
        if (!seccompTypeOk(setting.type)) {
          explicit.push(c.name);
          types.push(setting.type);
          explicitPaths.push(setting.path);
        }
      } else if (!podSet) implicit.push(c);
    }
    if (podBad || explicit.length > 0) {
      return { reason: 'seccompProfile', detail: `${setters(podBad, explicit)} must not set securityContext.seccompProfile.type to ${quoteList(sortedSet(types))}`, paths: explicitPaths };
    }
    if (implicit.length === 0) return undefined;
    return {
      reason: 'seccompProfile',
      detail: `pod or ${containersPhrase(namesOf(implicit))} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      paths: missingPaths(implicit),
    };
  };
}

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctls(allowed: readonly string[]): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (arrAt(psc(pod), 'sysctls') === undefined) return undefined;
    const bad = objectItemsAt(psc(pod), 'sysctls').filter(([, s]) => !allowed.includes(strAt(s, 'name') ?? ''));
    if (bad.length === 0) return undefined;
    return {
      reason: 'forbidden sysctls',
      detail: bad.map(([, s]) => strAt(s, 'name') ?? '').join(', '),
      paths: bad.map(([i]) => pscPath(pod, 'sysctls', i, 'name')),
    };
  };
}

function windowsHostProcess1_0(pod: PsaPod): CheckResult | undefined {
  if (objAt(psc(pod), 'windowsOptions') === undefined && !someContainer(pod, 'windowsOptions', undefined, true)) return undefined;
  const podBad = prop(objAt(psc(pod), 'windowsOptions'), 'hostProcess') === true;
  const bad = pod.containers.filter((c) => prop(objAt(csc(c), 'windowsOptions'), 'hostProcess') === true);
  if (!podBad && bad.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters(podBad, bad.map((c) => c.name))} must not set securityContext.windowsOptions.hostProcess=true`,
    paths: [...(podBad ? [pscPath(pod, 'windowsOptions', 'hostProcess')] : []), ...bad.map((c) => cscPath(c, 'windowsOptions', 'hostProcess'))],
  };
}

// ---- restricted (PSS-R1, R4..R6) ----

function allowPrivilegeEscalation(windowsExempt: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (windowsExempt && isWindows(pod)) return undefined;
    if (!someContainer(pod, 'allowPrivilegeEscalation', false, true)) return undefined;
    const bad = pod.containers.filter((c) => prop(csc(c), 'allowPrivilegeEscalation') !== false);
    if (bad.length === 0) return undefined;
    return {
      reason: 'allowPrivilegeEscalation != false',
      detail: `${containersPhrase(bad.map((c) => c.name))} must set securityContext.allowPrivilegeEscalation=false`,
      paths: bad.map((c) => (prop(csc(c), 'allowPrivilegeEscalation') !== undefined ? cscPath(c, 'allowPrivilegeEscalation') : missingAt(c))),
    };
  };
}

/** The volume sources the restricted level allows (PSS-R4; `image` too from 1.33). */
export const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Restricted volume sources, in the order `restrictedVolumes_1_0` names them. */
const RESTRICTED_VOLUME_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/** Every volume source field of the API (`VolumeSource`), for telling a source-less volume (emptyDir, D2). */
const ALL_VOLUME_SOURCES = new Set([...ALLOWED_VOLUME_SOURCES, 'hostPath', 'image', ...RESTRICTED_VOLUME_SOURCES]);

/** {@link ALLOWED_VOLUME_SOURCES} as a set. */
const ALLOWED_VOLUME_SOURCE_SET: ReadonlySet<string> = new Set(ALLOWED_VOLUME_SOURCES);

/** True when a volume sets an allowed source (not null): the restricted level accepts it whatever else it sets. */
function hasAllowedSource(volume: JsonObject): boolean {
  for (const key in volume) if (ALLOWED_VOLUME_SOURCE_SET.has(key) && prop(volume, key) !== null && prop(volume, key) !== undefined) return true;
  return false;
}

function restrictedVolumes1_0(pod: PsaPod): CheckResult | undefined {
  const names: string[] = [];
  const types: string[] = [];
  const paths: FieldPath[] = [];
  // An index loop over the list, not `volumes(pod)`: this runs for every pod.
  const list = arrAt(pod.spec, 'volumes') ?? [];
  for (let i = 0; i < list.length; i++) {
    const volume = list[i];
    if (!isObject(volume) || hasAllowedSource(volume)) continue;
    const present = Object.keys(volume).filter((k) => ALL_VOLUME_SOURCES.has(k) && prop(volume, k) !== null && prop(volume, k) !== undefined);
    if (present.length === 0) continue; // defaulted to emptyDir (D2)
    if (present.some((k) => ALLOWED_VOLUME_SOURCES.includes(k))) continue;
    // Image volumes are allowed from 1.33; before, the field is dropped with its feature gate off (D6).
    if (present.includes('image')) continue;
    const type = present.includes('hostPath') ? 'hostPath' : (RESTRICTED_VOLUME_SOURCES.find((s) => present.includes(s)) ?? 'unknown');
    names.push(volumeName(volume));
    types.push(type);
    paths.push([...pod.specPath, 'volumes', i, type === 'unknown' ? (present[0] ?? 'name') : type]);
  }
  if (names.length === 0) return undefined;
  const distinct = sortedSet(types);
  return {
    reason: 'restricted volume types',
    detail: `${plural(names.length, 'volume', 'volumes')} ${quoteList(names)} ${plural(names.length, 'uses', 'use')} restricted volume ${plural(distinct.length, 'type', 'types')} ${quoteList(distinct)}`,
    paths,
  };
}

function runAsNonRoot(relaxForUserNamespaces: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (relaxForUserNamespaces && hostUsersFalse(pod)) return undefined;
    const podValue = prop(psc(pod), 'runAsNonRoot');
    const podBad = podValue === false;
    const podTrue = podValue === true;
    const explicit: PsaContainer[] = [];
    const implicit: PsaContainer[] = [];
    for (const c of pod.containers) {
      const value = prop(csc(c), 'runAsNonRoot');
      if (value === true || value === false) {
        if (value === false) explicit.push(c);
      } else if (!podTrue) implicit.push(c);
    }
    if (podBad || explicit.length > 0) {
      return {
        reason: 'runAsNonRoot != true',
        detail: `${setters(podBad, explicit.map((c) => c.name))} must not set securityContext.runAsNonRoot=false`,
        paths: [...(podBad ? [pscPath(pod, 'runAsNonRoot')] : []), ...explicit.map((c) => cscPath(c, 'runAsNonRoot'))],
      };
    }
    if (implicit.length === 0) return undefined;
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersPhrase(namesOf(implicit))} must set securityContext.runAsNonRoot=true`,
      paths: missingPaths(implicit),
    };
  };
}

function runAsUser(relaxForUserNamespaces: boolean): (pod: PsaPod) => CheckResult | undefined {
  return (pod) => {
    if (relaxForUserNamespaces && hostUsersFalse(pod)) return undefined;
    const podBad = prop(psc(pod), 'runAsUser') === 0;
    if (!podBad && !someContainer(pod, 'runAsUser', 0)) return undefined;
    const bad = pod.containers.filter((c) => prop(csc(c), 'runAsUser') === 0);
    if (!podBad && bad.length === 0) return undefined;
    return {
      reason: 'runAsUser=0',
      detail: `${setters(podBad, bad.map((c) => c.name))} must not set runAsUser=0`,
      paths: [...(podBad ? [pscPath(pod, 'runAsUser')] : []), ...bad.map((c) => cscPath(c, 'runAsUser'))],
    };
  };
}

/**
 * Every check, baseline IDs sorted byte-wise then restricted IDs sorted byte-wise (`populate`, O1): the order of
 * the detail list.
 */
export const CHECKS: readonly PodSecurityCheck[] = [
  { id: 'appArmorProfile', level: 'baseline', revisions: [{ minVersion: 0, evaluate: appArmorProfile1_0 }] },
  { id: 'capabilities_baseline', level: 'baseline', revisions: [{ minVersion: 0, evaluate: capabilitiesBaseline1_0 }] },
  { id: 'hostNamespaces', level: 'baseline', revisions: [{ minVersion: 0, evaluate: hostNamespaces1_0 }] },
  { id: 'hostPathVolumes', level: 'baseline', revisions: [{ minVersion: 0, evaluate: hostPathVolumes1_0 }] },
  { id: 'hostPorts', level: 'baseline', revisions: [{ minVersion: 0, evaluate: hostPorts1_0 }] },
  { id: 'hostProbesAndHostLifecycle', level: 'baseline', revisions: [{ minVersion: 34, evaluate: hostProbesAndHostLifecycle1_34 }] },
  { id: 'privileged', level: 'baseline', revisions: [{ minVersion: 0, evaluate: privileged1_0 }] },
  {
    id: 'procMount',
    level: 'baseline',
    revisions: [
      { minVersion: 0, evaluate: procMount(false) },
      { minVersion: 35, evaluate: procMount(true) },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    revisions: [
      { minVersion: 0, evaluate: seLinuxOptions(SELINUX_TYPES_1_0) },
      { minVersion: 31, evaluate: seLinuxOptions(SELINUX_TYPES_1_31) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    revisions: [
      { minVersion: 0, evaluate: seccompProfileBaseline1_0 },
      { minVersion: 19, evaluate: seccompProfileBaseline1_19 },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    revisions: [
      { minVersion: 0, evaluate: sysctls(SYSCTLS_1_0) },
      { minVersion: 27, evaluate: sysctls(SYSCTLS_1_27) },
      { minVersion: 29, evaluate: sysctls(SYSCTLS_1_29) },
      { minVersion: 32, evaluate: sysctls(SYSCTLS_1_32) },
      { minVersion: 37, evaluate: sysctls(SYSCTLS_1_37) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', revisions: [{ minVersion: 0, evaluate: windowsHostProcess1_0 }] },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    revisions: [
      { minVersion: 8, evaluate: allowPrivilegeEscalation(false) },
      { minVersion: 25, evaluate: allowPrivilegeEscalation(true) },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: ['capabilities_baseline'],
    revisions: [
      { minVersion: 22, evaluate: capabilitiesRestricted(false) },
      { minVersion: 25, evaluate: capabilitiesRestricted(true) },
    ],
  },
  { id: 'procMount_restricted', level: 'restricted', overrides: ['procMount'], revisions: [{ minVersion: 35, evaluate: procMount(false) }] },
  { id: 'restrictedVolumes', level: 'restricted', overrides: ['hostPathVolumes'], revisions: [{ minVersion: 0, evaluate: restrictedVolumes1_0 }] },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    revisions: [
      { minVersion: 0, evaluate: runAsNonRoot(false) },
      { minVersion: 35, evaluate: runAsNonRoot(true) },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    revisions: [
      { minVersion: 23, evaluate: runAsUser(false) },
      { minVersion: 35, evaluate: runAsUser(true) },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: ['seccompProfile_baseline'],
    revisions: [
      { minVersion: 19, evaluate: seccompProfileRestricted(false) },
      { minVersion: 25, evaluate: seccompProfileRestricted(true) },
    ],
  },
];
