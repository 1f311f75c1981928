/**
 * Compute resources (`ValidateContainerResourceRequirements`, `validateContainerResourceName`,
 * `validateResourceName`, `ValidateResourceQuantityValue`, `validateResourceQuantityHugePageValue`,
 * `validateResourceClaimNames`, `validateResizePolicy`, `validateOverhead`, pod-level resources).
 */
import type { FieldPath } from '../document/field-path';
import { isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { duplicate, forbidden, invalid, key, notFound, notSupported, required, stringer } from './messages';
import { allContainers, containersOf } from './pod-walk';
import {
  compareQuantities,
  formatQuantity,
  isMultipleOf,
  parseQuantity,
  quantitySign,
  roundUpToMilli,
  type Quantity,
} from './quantity';
import type { JsonObject, PodContext, PodRule, Problem } from './rule';
import { isQualifiedName, IS_NEGATIVE_ERROR } from './validation-strings';
import { appendAll } from '../util/arrays';

const FAMILY = 'resources';

const STANDARD_RESOURCES: ReadonlySet<string> = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
  'requests.storage',
]);

/** The standard resources a container may request or limit (besides hugepages). */
const CONTAINER_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory', 'ephemeral-storage']);

const INTEGER_RESOURCES: ReadonlySet<string> = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);

/** `IsHugePageResourceName`. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** `IsNativeResource`: no `/`, or a `kubernetes.io/` prefix. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** `IsExtendedResourceName`. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** `IsOvercommitAllowed`: native resources other than hugepages. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function validateResourceName(name: string, path: FieldPath, at: FieldPath): Problem[] {
  // The standard names are valid qualified names: nothing to check (most names are `cpu` and `memory`).
  if (STANDARD_RESOURCES.has(name)) return [];
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m, { at, target: 'key' }));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !isHugePageResourceName(name)) {
    errs.push(invalid(path, name, 'must be a standard resource type or fully qualified', { at, target: 'key' }));
  }
  return errs;
}

function validateContainerResourceName(name: string, path: FieldPath): Problem[] {
  const errs = validateResourceName(name, path, path);
  if (!name.includes('/')) {
    if (!CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers', { target: 'key' }));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard", { target: 'key' }));
  }
  return errs;
}

function quantityValueErrors(name: string, q: Quantity, path: FieldPath): Problem[] {
  const out: Problem[] = [];
  if (quantitySign(q) < 0) out.push(invalid(path, formatQuantity(q), IS_NEGATIVE_ERROR));
  if ((INTEGER_RESOURCES.has(name) || isExtendedResourceName(name)) && (q.num * 1000n) / q.den % 1000n !== 0n) {
    out.push(invalid(path, stringer(formatQuantity(q)), 'must be an integer'));
  }
  return out;
}

function hugePageErrors(name: string, q: Quantity, path: FieldPath): Problem[] {
  if (!isHugePageResourceName(name)) return [];
  const size = parseQuantity(name.slice('hugepages-'.length));
  if (size === undefined || quantitySign(size) <= 0 || quantitySign(q) < 0 || !isMultipleOf(q, size)) {
    return [invalid(path, formatQuantity(q), `${formatQuantity(q)} is not positive integer multiple of ${name}`)];
  }
  return [];
}

/** The quantities of a ResourceList, rounded up to milli as defaulting does; unparsable values skipped. */
function resourceList(obj: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!isObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    const q = parseQuantity(v);
    if (q !== undefined) out.set(k, roundUpToMilli(q));
  }
  return out;
}

/** `ValidateContainerResourceRequirements` for one container's `resources`. */
export function validateContainerResources(res: JsonObject, path: FieldPath, claimNames: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  const limPath = [...path, 'limits'];
  const reqPath = [...path, 'requests'];
  const limits = resourceList(prop(res, 'limits'));
  const requests = resourceList(prop(res, 'requests'));
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [list, base] of [
    [limits, limPath],
    [requests, reqPath],
  ] as const) {
    for (const [name, q] of list) {
      const p = [...base, key(name)];
      appendAll(out, validateContainerResourceName(name, p));
      appendAll(out, quantityValueErrors(name, q, p));
      if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
      if (isHugePageResourceName(name)) {
        hugePages = true;
        appendAll(out, hugePageErrors(name, q, p));
      }
    }
  }
  for (const [name, q] of requests) {
    const limit = limits.get(name);
    const at = { at: [...reqPath, key(name)] };
    if (limit !== undefined) {
      const shown = formatQuantity(limit);
      if (compareQuantities(q, limit) !== 0 && !isOvercommitAllowed(name)) {
        const details = { requestLimit: { resource: name, limit: shown, relation: 'equal' as const } };
        out.push(invalid(reqPath, formatQuantity(q), `must be equal to ${name} limit of ${shown}`, { ...at, details }));
      } else if (compareQuantities(q, limit) > 0) {
        const details = { requestLimit: { resource: name, limit: shown, relation: 'at-most' as const } };
        out.push(invalid(reqPath, formatQuantity(q), `must be less than or equal to ${name} limit of ${shown}`, { ...at, details }));
      }
    } else if (!isOvercommitAllowed(name)) {
      out.push(required(limPath, 'Limit must be set for non overcommitable resources', { at: [...reqPath, key(name)], target: 'key' }));
    }
  }
  if (!cpuOrMemory && hugePages) out.push(forbidden(path, 'HugePages require cpu or memory', { target: 'key' }));
  const seen = new Set<string>();
  for (const [i, claim] of objectItemsAt(res, 'claims')) {
    const cp = [...path, 'claims', i];
    const name = strAt(claim, 'name');
    if (name === undefined) continue; // the schema's `required-field`
    if (name === '') {
      out.push(required(cp, undefined, { target: 'value', at: [...cp, 'name'] }));
      continue;
    }
    if (seen.has(name)) out.push(duplicate(cp, name));
    seen.add(name);
    if (!claimNames.has(name)) {
      const list = [...claimNames].sort().map((n) => JSON.stringify(n));
      out.push(
        notFound(cp, name, undefined, `must be one of the names in pod.spec.resourceClaims${list.length === 0 ? ' which is empty' : `: ${list.join(', ')}`}`),
      );
    }
  }
  return out;
}

function claimNamesOf(ctx: PodContext): Set<string> {
  return new Set(objectItemsAt(ctx.spec, 'resourceClaims').map(([, c]) => strAt(c, 'name') ?? ''));
}

/** R1-R10, P19. */
export const containerResources: PodRule = {
  id: 'container-resources',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'resource names must be valid, quantities non-negative, and requests at most (or equal to) limits',
  covers: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'P19'],
  check(ctx, report) {
    const claims = claimNamesOf(ctx);
    for (const c of allContainers(ctx)) {
      if (c.kind === 'ephemeralContainers') continue;
      const res = objAt(c.container, 'resources');
      if (res !== undefined) for (const p of validateContainerResources(res, [...c.path, 'resources'], claims)) report(p);
    }
    const overhead = objAt(ctx.spec, 'overhead');
    if (overhead !== undefined) {
      for (const [name, q] of resourceList(overhead)) {
        const p = [...ctx.specPath, 'overhead', key(name)];
        for (const x of validateResourceName(name, p, p)) report(x);
        for (const x of quantityValueErrors(name, q, p)) report(x);
      }
    }
  },
};

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

/** R11 ([1.33+]: InPlacePodVerticalScaling beta). */
export const resizePolicy: PodRule = {
  id: 'resize-policy',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'resizePolicy entries name cpu or memory once each, with a supported restartPolicy',
  covers: ['R11'],
  minVersion: '1.33',
  check(ctx, report) {
    const podPolicy = strAt(ctx.spec, 'restartPolicy') ?? 'Always';
    for (const c of containersOf(ctx, 'containers').concat(containersOf(ctx, 'initContainers').filter((x) => x.isSidecar))) {
      const base = [...c.path, 'resizePolicy'];
      const seen = new Set<string>();
      for (const [i, rp] of objectItemsAt(c.container, 'resizePolicy')) {
        const name = strAt(rp, 'resourceName');
        const pol = strAt(rp, 'restartPolicy');
        if (name === undefined || pol === undefined) continue; // the schema's `required-field`
        const p = [...base, i];
        if (seen.has(name)) report(duplicate(p, name));
        seen.add(name);
        if (!RESIZE_RESOURCES.includes(name)) report(notSupported(base, name, RESIZE_RESOURCES, { at: [...p, 'resourceName'] }));
        if (!RESIZE_POLICIES.includes(pol)) report(notSupported([...p, 'restartPolicy'], pol, RESIZE_POLICIES));
        else if (podPolicy === 'Never' && pol === 'RestartContainer') {
          report(invalid([...p, 'restartPolicy'], pol, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
        }
      }
    }
  },
};

/** P35 ([1.34+]: PodLevelResources beta). */
export const podLevelResources: PodRule = {
  id: 'pod-level-resources',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod-level resources must cover the containers: requests at least their sum, limits at least each container limit',
  covers: ['P35'],
  minVersion: '1.34',
  check(ctx, report) {
    const res = objAt(ctx.spec, 'resources');
    if (res === undefined) return;
    const path = [...ctx.specPath, 'resources'];
    if (prop(res, 'claims') !== undefined) report(forbidden([...path, 'claims'], 'claims cannot be set for Resources at pod-level'));
    const podReq = resourceList(prop(res, 'requests'));
    const podLim = resourceList(prop(res, 'limits'));
    const containers = containersOf(ctx, 'containers');
    for (const [name, q] of podReq) {
      let sum: Quantity = { num: 0n, den: 1n, format: q.format };
      for (const c of containers) {
        const r = resourceList(prop(objAt(c.container, 'resources'), 'requests')).get(name);
        if (r !== undefined) sum = { num: sum.num * r.den + r.num * sum.den, den: sum.den * r.den, format: r.format };
      }
      if (compareQuantities(q, sum) < 0) {
        report(invalid([...path, 'requests', key(name)], formatQuantity(q), `must be greater than or equal to aggregate container requests of ${formatQuantity(sum)}`));
      }
    }
    for (const c of containers) {
      for (const [name, q] of resourceList(prop(objAt(c.container, 'resources'), 'limits'))) {
        const pl = podLim.get(name);
        if (pl !== undefined && compareQuantities(q, pl) > 0) {
          report(invalid([...c.path, 'resources', 'limits', key(name)], formatQuantity(q), `must be less than or equal to pod limits of ${formatQuantity(pl)}`));
        }
      }
    }
  },
};

/** The rules of this family. */
export const RESOURCE_RULES = [containerResources, resizePolicy, podLevelResources] as const;
