/**
 * Environment variables (`ValidateEnv`, `validateEnvVarValueFrom`, `validateObjectFieldSelector`,
 * `validateContainerResourceFieldSelector`, `validateContainerResourceDivisor`, `ValidateEnvFrom`).
 */
import type { FieldPath } from '../document/field-path';
import { has, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { invalid, notSupported, required } from './messages';
import { allContainers } from './pod-walk';
import { formatQuantity, parseQuantity, quantitySign } from './quantity';
import type { JsonObject, KubernetesVersion, PodRule, Problem, Report } from './rule';
import { isConfigMapKey, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isRelaxedEnvVarName, nameIsDNSSubdomain } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'env';

/** The env var name check in force for a version (relaxed from 1.32). */
export function envVarNameErrors(name: string, version: KubernetesVersion): string[] {
  return atLeast(version, 1, 32) ? isRelaxedEnvVarName(name) : isEnvVarName(name);
}

const DOWNWARD_LABELS: ReadonlySet<string> = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
  'spec.host',
]);

/** The env downward API field paths (`validEnvDownwardAPIFieldPathExpressions`), sorted. */
export const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** `fieldpath.SplitMaybeSubscriptedPath`. */
export function splitSubscript(fieldPath: string): { path: string; subscript: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return { path: s.slice(0, i), subscript: s.slice(i + 2) };
}

/**
 * `validateObjectFieldSelector` (env: `expressions` = ENV_FIELD_PATHS; volumes pass their own list).
 * `fieldRef.apiVersion` defaults to v1.
 */
export function validateObjectFieldSelector(fs: JsonObject, expressions: readonly string[], path: FieldPath): Problem[] {
  const apiVersion = strAt(fs, 'apiVersion') ?? 'v1';
  const fieldPath = strAt(fs, 'fieldPath') ?? '';
  if (apiVersion === '') return [required([...path, 'apiVersion'], undefined, { target: 'value' })];
  if (!has(fs, 'fieldPath')) return []; // the schema's `required-field`
  if (fieldPath === '') return [required([...path, 'fieldPath'], undefined, { target: 'value' })];
  const fpPath = [...path, 'fieldPath'];
  if (apiVersion !== 'v1') return [invalid(fpPath, fieldPath, `error converting fieldPath: unsupported pod version: ${apiVersion}`)];
  const sub = splitSubscript(fieldPath);
  if (sub !== undefined) {
    if (sub.path !== 'metadata.annotations' && sub.path !== 'metadata.labels') {
      return [invalid(fpPath, fieldPath, `error converting fieldPath: field label does not support subscript: ${fieldPath}`)];
    }
    const k = sub.path === 'metadata.annotations' ? sub.subscript.toLowerCase() : sub.subscript;
    return isQualifiedName(k).map((msg) => invalid(path, k, msg, { at: fpPath }));
  }
  if (!DOWNWARD_LABELS.has(fieldPath)) return [invalid(fpPath, fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`)];
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  if (!expressions.includes(internal)) return [notSupported(fpPath, internal, expressions)];
  return [];
}

const RESOURCE_EXPRESSIONS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const MEMORY_DIVISORS: ReadonlySet<string> = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);

/** `validateContainerResourceFieldSelector` + `validateContainerResourceDivisor`. */
export function validateResourceFieldSelector(fs: JsonObject, path: FieldPath, volume: boolean): Problem[] {
  const out: Problem[] = [];
  const resource = strAt(fs, 'resource') ?? '';
  if (volume && (strAt(fs, 'containerName') ?? '') === '') {
    out.push(required([...path, 'containerName'], undefined, { at: path }));
  } else if (resource === '') {
    if (has(fs, 'resource')) out.push(required([...path, 'resource'], undefined, { target: 'value' }));
  } else if (!RESOURCE_EXPRESSIONS.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    out.push(notSupported([...path, 'resource'], resource, RESOURCE_EXPRESSIONS));
  }
  const raw = prop(fs, 'divisor');
  if (raw === undefined || raw === null) return out;
  const q = parseQuantity(raw);
  if (q === undefined || quantitySign(q) === 0) return out;
  const d = formatQuantity(q);
  const at = { at: [...path, 'divisor'] };
  const dp = [...path, 'divisor'];
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (d !== '1m' && d !== '1') out.push(invalid(dp, resource, "only divisor's values 1m and 1 are supported with the cpu resource", at));
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!MEMORY_DIVISORS.has(d)) {
      out.push(invalid(dp, resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource", at));
    }
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!MEMORY_DIVISORS.has(d)) {
      out.push(
        invalid(dp, resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource", at),
      );
    }
  }
  if ((resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) && !MEMORY_DIVISORS.has(d)) {
    out.push(invalid(dp, resource, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource", at));
  }
  return out;
}

function checkKeySelector(sel: JsonObject, path: FieldPath, report: Report): void {
  const name = strAt(sel, 'name') ?? '';
  for (const msg of isDNS1123Subdomain(name)) report(invalid([...path, 'name'], name, msg, has(sel, 'name') ? undefined : { at: path, target: 'key' }));
  const k = strAt(sel, 'key') ?? '';
  if (k === '') {
    if (has(sel, 'key')) report(required([...path, 'key'], undefined, { target: 'value' }));
  }
  else for (const msg of isConfigMapKey(k)) report(invalid([...path, 'key'], k, msg));
}

/** EV1-EV13. */
export const envVars: PodRule = {
  id: 'env-vars',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'env entries need a valid name and at most one valid source (value or one valueFrom kind)',
  covers: ['EV1', 'EV2', 'EV3', 'EV4', 'EV5', 'EV6', 'EV7', 'EV8', 'EV9', 'EV10', 'EV11', 'EV12', 'EV13'],
  check(ctx, report) {
    for (const c of allContainers(ctx)) {
      for (const [i, ev] of objectItemsAt(c.container, 'env')) {
        const p = [...c.path, 'env', i];
        const rawName = prop(ev, 'name');
        const name = typeof rawName === 'string' ? rawName : '';
        if (name === '') {
          if (rawName === '') report(required([...p, 'name'], undefined, { target: 'value' }));
        } else {
          for (const msg of envVarNameErrors(name, ctx.kubernetesVersion)) report(invalid([...p, 'name'], name, msg));
        }
        const vf = prop(ev, 'valueFrom');
        if (!isObject(vf)) continue;
        const vp = [...p, 'valueFrom'];
        let sources = 0;
        const fieldRef = objAt(vf, 'fieldRef');
        if (fieldRef !== undefined) {
          sources++;
          for (const x of validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, [...vp, 'fieldRef'])) report(x);
        }
        const rf = objAt(vf, 'resourceFieldRef');
        if (rf !== undefined) {
          sources++;
          for (const x of validateResourceFieldSelector(rf, [...vp, 'resourceFieldRef'], false)) report(x);
        }
        for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
          const sel = objAt(vf, kind);
          if (sel === undefined) continue;
          sources++;
          checkKeySelector(sel, [...vp, kind], report);
        }
        if (has(vf, 'fileKeyRef')) sources++;
        const value = strAt(ev, 'value') ?? '';
        if (sources === 0) {
          report(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
        } else if (value !== '') {
          report(invalid(vp, '', 'may not be specified when `value` is not empty'));
        } else if (sources > 1) {
          report(invalid(vp, '', 'may not have more than one field specified at a time'));
        }
      }
    }
  },
};

/** EF1-EF4. */
export const envFrom: PodRule = {
  id: 'env-from',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'envFrom entries need exactly one of configMapRef or secretRef with a valid name, and a valid prefix',
  covers: ['EF1', 'EF2', 'EF3', 'EF4'],
  check(ctx, report) {
    for (const c of allContainers(ctx)) {
      const base = [...c.path, 'envFrom'];
      for (const [i, ef] of objectItemsAt(c.container, 'envFrom')) {
        const p = [...base, i];
        const prefix = strAt(ef, 'prefix') ?? '';
        if (prefix !== '') for (const msg of envVarNameErrors(prefix, ctx.kubernetesVersion)) report(invalid([...p, 'prefix'], prefix, msg));
        let sources = 0;
        for (const kind of ['configMapRef', 'secretRef']) {
          const ref = objAt(ef, kind);
          if (ref === undefined) continue;
          sources++;
          const name = strAt(ref, 'name') ?? '';
          if (name === '') report(required([...p, kind, 'name'], undefined, has(ref, 'name') ? { target: 'value' } : { at: [...p, kind] }));
          else for (const msg of nameIsDNSSubdomain(name, true)) report(invalid([...p, kind, 'name'], name, msg));
        }
        if (sources === 0) report(invalid(base, '', 'must specify one of: `configMapRef` or `secretRef`', { at: p }));
        else if (sources > 1) report(invalid(base, '', 'may not have more than one field specified at a time', { at: p }));
      }
    }
  },
};

/** The rules of this family. */
export const ENV_RULES = [envVars, envFrom] as const;
