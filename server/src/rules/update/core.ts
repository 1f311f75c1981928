/**
 * Update rules for core/v1 objects other than Pods: Services (`ValidateServiceUpdate`,
 * `validateUpgradeDowngradeClusterIPs`, `validateUpgradeDowngradeIPFamilies`, `validateLoadBalancerClassField`,
 * `validateServiceExternalTrafficFieldsUpdate`, with the storage's `patchAllocatedValues` and `NormalizeClusterIPs`
 * applied first), PersistentVolumeClaims (`ValidatePersistentVolumeClaimUpdate`), ConfigMaps and Secrets
 * (`ValidateConfigMapUpdate`, `ValidateSecretUpdate`), all in pkg/apis/core/validation/validation.go.
 * Catalogue rows U-CORE-1 to U-CORE-17.
 */
import { forbidden, invalid } from '../messages';
import { objAt, prop } from '../json';
import type { JsonObject } from '../rule';
import { compareQuantities, parseQuantity } from '../quantity';
import { atLeast } from '../version';
import { FIELD_IMMUTABLE } from './apps';
import { changes, semanticEqual } from './equality';
import type { Change } from './equality';
import { under, updateProblem } from './problem';
import type { UpdateContext, UpdateRule } from './update-rule';

function spec(o: JsonObject): JsonObject {
  return objAt(o, 'spec') ?? {};
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The Service the validation sees: empty allocated values copied from the old one, `clusterIPs` kept in step. */
export function normalizedService(ctx: UpdateContext): { oldSpec: JsonObject; newSpec: JsonObject } {
  const oldSpec = spec(ctx.old);
  const newSpec: Record<string, unknown> = { ...spec(ctx.new) };
  const needsIP = (s: JsonObject): boolean => prop(s, 'type') !== 'ExternalName';
  if (needsIP(oldSpec) && needsIP(newSpec)) {
    const ip = newSpec['clusterIP'];
    if (ip === undefined || ip === null || ip === '') {
      newSpec['clusterIP'] = oldSpec['clusterIP'];
      if (strings(newSpec['clusterIPs']).length === 0) newSpec['clusterIPs'] = oldSpec['clusterIPs'];
    }
  }
  const needsHealthCheck = (s: JsonObject): boolean => prop(s, 'type') === 'LoadBalancer' && prop(s, 'externalTrafficPolicy') === 'Local';
  if (needsHealthCheck(oldSpec) && needsHealthCheck(newSpec) && (newSpec['healthCheckNodePort'] === undefined || newSpec['healthCheckNodePort'] === 0)) {
    newSpec['healthCheckNodePort'] = oldSpec['healthCheckNodePort'];
  }
  // NormalizeClusterIPs: a changed clusterIP with clusterIPs left as they were replaces clusterIPs[0].
  const ip = newSpec['clusterIP'];
  if (typeof ip === 'string' && ip !== '') {
    const ips = strings(newSpec['clusterIPs']);
    if (ips.length === 0) newSpec['clusterIPs'] = [ip];
    else if (ip !== oldSpec['clusterIP'] && semanticEqual(ips, oldSpec['clusterIPs'])) newSpec['clusterIPs'] = [ip];
  }
  return { oldSpec, newSpec };
}

const serviceClusterIpImmutable: UpdateRule = {
  id: 'service-cluster-ip-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['Service'],
  severity: 'error',
  summary: "a Service's clusterIP(s) cannot change once allocated (nor become None, nor be released without SingleStack)",
  covers: ['U-CORE-3', 'U-CORE-4'],
  check(ctx, report) {
    const { oldSpec, newSpec } = normalizedService(ctx);
    if (prop(oldSpec, 'type') === 'ExternalName' || prop(newSpec, 'type') === 'ExternalName') return;
    const before = strings(oldSpec['clusterIPs']);
    const after = strings(newSpec['clusterIPs']);
    if (before.length === 0 || semanticEqual(before, after)) return;
    if (oldSpec['clusterIP'] === 'None' && newSpec['clusterIP'] === 'None') return;
    const changeAt = (path: (string | number)[]): Change[] => [{ path: ['spec', 'clusterIP'], before: oldSpec['clusterIP'], after: newSpec['clusterIP'] }, { path, before, after }];
    if (after.length === 0) {
      report(updateProblem(invalid(['spec', 'clusterIPs', 0], after, 'primary clusterIP can not be unset'), changeAt(['spec', 'clusterIPs'])));
      return;
    }
    before.forEach((ip, i) => {
      if (i < after.length && ip !== after[i]) report(updateProblem(invalid(['spec', 'clusterIPs', i], after, 'may not change once set'), changeAt(['spec', 'clusterIPs', i])));
    });
    if (before.length > after.length && prop(newSpec, 'ipFamilyPolicy') !== 'SingleStack') {
      report(updateProblem(invalid(['spec', 'ipFamilyPolicy'], prop(newSpec, 'ipFamilyPolicy') ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"), changeAt(['spec', 'clusterIPs'])));
    }
  },
};

const serviceIpFamiliesImmutable: UpdateRule = {
  id: 'service-ip-families-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['Service'],
  severity: 'error',
  summary: "a Service's ipFamilies cannot change once set; the secondary family is released only with SingleStack",
  covers: ['U-CORE-5'],
  check(ctx, report) {
    const { oldSpec, newSpec } = normalizedService(ctx);
    const headless = (s: JsonObject): boolean => s['clusterIP'] === 'None';
    if (headless(oldSpec) || headless(newSpec) || prop(newSpec, 'type') === 'ExternalName' || prop(oldSpec, 'type') === 'ExternalName') return;
    const before = strings(oldSpec['ipFamilies']);
    const after = strings(newSpec['ipFamilies']);
    if (before.length === 0 || after.length === 0 || semanticEqual(before, after)) return;
    const change: Change[] = [{ path: ['spec', 'ipFamilies'], before, after }];
    before.forEach((f, i) => {
      if (i < after.length && f !== after[i]) report(updateProblem(invalid(['spec', 'ipFamilies', i], after, 'may not change once set'), change));
    });
    if (before.length > after.length && prop(newSpec, 'ipFamilyPolicy') !== 'SingleStack') {
      report(updateProblem(invalid(['spec', 'ipFamilyPolicy'], prop(newSpec, 'ipFamilyPolicy') ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"), change));
    }
  },
};

const serviceLoadBalancerClassImmutable: UpdateRule = {
  id: 'service-load-balancer-class-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['Service'],
  severity: 'error',
  summary: "a LoadBalancer Service's loadBalancerClass cannot change",
  covers: ['U-CORE-6'],
  check(ctx, report) {
    const oldSpec = spec(ctx.old);
    const newSpec = spec(ctx.new);
    if (prop(oldSpec, 'type') !== 'LoadBalancer' || prop(newSpec, 'type') !== 'LoadBalancer') return;
    const before = prop(oldSpec, 'loadBalancerClass');
    const after = prop(newSpec, 'loadBalancerClass');
    if ((before ?? null) === (after ?? null)) return;
    const path = ['spec', 'loadBalancerClass'];
    report(updateProblem(invalid(path, after ?? null, 'may not change once set'), [{ path, before, after }]));
  },
};

const serviceHealthCheckNodePortImmutable: UpdateRule = {
  id: 'service-health-check-node-port-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['Service'],
  severity: 'error',
  summary: "a Service's healthCheckNodePort cannot change while it needs one (LoadBalancer with externalTrafficPolicy Local)",
  covers: ['U-CORE-7'],
  check(ctx, report) {
    const { oldSpec, newSpec } = normalizedService(ctx);
    const needs = (s: JsonObject): boolean => prop(s, 'type') === 'LoadBalancer' && prop(s, 'externalTrafficPolicy') === 'Local';
    if (!needs(oldSpec) || !needs(newSpec)) return;
    const before = prop(oldSpec, 'healthCheckNodePort');
    const after = prop(newSpec, 'healthCheckNodePort');
    if (before === after) return;
    const path = ['spec', 'healthCheckNodePort'];
    report(updateProblem(forbidden(path, FIELD_IMMUTABLE), [{ path, before, after }]));
  },
};

function serviceType(s: JsonObject): string {
  const t = prop(s, 'type');
  return typeof t === 'string' && t !== '' ? t : 'ClusterIP';
}

function portsOf(s: JsonObject): JsonObject[] {
  const ports = prop(s, 'ports');
  return Array.isArray(ports) ? ports.filter((p): p is JsonObject => typeof p === 'object' && p !== null && !Array.isArray(p)) : [];
}

const serviceTypeFields: UpdateRule = {
  id: 'service-type-fields',
  family: 'update-core',
  scope: 'update',
  kinds: ['Service'],
  severity: 'error',
  summary: "a Service changing its type may not keep changed values of fields the new type does not use",
  covers: ['U-CORE-8'],
  check(ctx, report) {
    const { oldSpec, newSpec } = normalizedService(ctx);
    const from = serviceType(oldSpec);
    const to = serviceType(newSpec);
    if (from === to) return;
    // dropTypeDependentFields clears what the request left as it was; what the user changed stays and is validated.
    const needsNodePort = (t: string): boolean => t === 'NodePort' || t === 'LoadBalancer';
    if (needsNodePort(from) && !needsNodePort(to) && to === 'ClusterIP') {
      const before = portsOf(oldSpec);
      const after = portsOf(newSpec);
      const same = before.length === after.length && after.every((p, i) => prop(p, 'nodePort') === prop(before[i], 'nodePort'));
      if (!same) {
        after.forEach((p, i) => {
          const nodePort = prop(p, 'nodePort');
          if (nodePort === undefined || nodePort === null || nodePort === 0) return;
          const path = ['spec', 'ports', i, 'nodePort'];
          report(updateProblem(forbidden(path, "may not be used when `type` is 'ClusterIP'"), [{ path, before: prop(before[i], 'nodePort'), after: nodePort }]));
        });
      }
    }
    const changedAndSet = (field: string): boolean => {
      const after = prop(newSpec, field);
      return after !== undefined && after !== null && after !== '' && !semanticEqual(prop(oldSpec, field), after);
    };
    if (from === 'LoadBalancer') {
      for (const field of ['loadBalancerClass', 'allocateLoadBalancerNodePorts']) {
        if (!changedAndSet(field)) continue;
        const path = ['spec', field];
        report(updateProblem(forbidden(path, "may only be used when `type` is 'LoadBalancer'"), [{ path, before: prop(oldSpec, field), after: prop(newSpec, field) }]));
      }
    }
    if (needsNodePort(from) && !needsNodePort(to) && changedAndSet('externalTrafficPolicy')) {
      const path = ['spec', 'externalTrafficPolicy'];
      report(updateProblem(invalid(path, prop(newSpec, 'externalTrafficPolicy'), 'may only be set for externally-accessible services'), [{ path, before: prop(oldSpec, 'externalTrafficPolicy'), after: prop(newSpec, 'externalTrafficPolicy') }]));
    }
    if (to === 'ExternalName') {
      for (const field of ['clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
        const source = field === 'clusterIPs' ? 'clusterIP' : field;
        if (!changedAndSet(source)) continue;
        const path = ['spec', field];
        report(updateProblem(forbidden(path, 'may not be set for ExternalName services'), [{ path: ['spec', source], before: prop(oldSpec, source), after: prop(newSpec, source) }]));
      }
    }
  },
};

/** True when the old claim is (assumed) bound: its status says so, or the previous revision is a manifest. */
function bound(ctx: UpdateContext): boolean {
  const phase = prop(objAt(ctx.old, 'status') ?? {}, 'phase');
  return !ctx.fromCluster || phase === undefined || phase === 'Bound';
}

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

function annotation(o: JsonObject, key: string): unknown {
  return prop(objAt(objAt(o, 'metadata') ?? {}, 'annotations') ?? {}, key);
}

function storageRequest(s: JsonObject): unknown {
  return prop(objAt(objAt(s, 'resources') ?? {}, 'requests') ?? {}, 'storage');
}

/** The PVC specs as `ValidatePersistentVolumeClaimUpdate` compares them (the mutable parts taken from one side). */
function comparablePvcSpecs(ctx: UpdateContext): { before: JsonObject; after: JsonObject } {
  const before: Record<string, unknown> = { ...spec(ctx.old) };
  const after: Record<string, unknown> = { ...spec(ctx.new) };
  if (before['volumeName'] === undefined || before['volumeName'] === '') before['volumeName'] = after['volumeName'];
  const oldAnnotation = annotation(ctx.old, BETA_STORAGE_CLASS);
  const newAnnotation = annotation(ctx.new, BETA_STORAGE_CLASS);
  if ((before['storageClassName'] === undefined || before['storageClassName'] === null) && (oldAnnotation === undefined || oldAnnotation === after['storageClassName'])) {
    before['storageClassName'] = after['storageClassName'];
  }
  if (oldAnnotation !== undefined && newAnnotation === undefined && after['storageClassName'] === oldAnnotation && before['storageClassName'] === undefined) {
    after['storageClassName'] = undefined;
  }
  if (bound(ctx)) {
    const resources = objAt(after, 'resources');
    const requests = objAt(resources ?? {}, 'requests');
    if (resources !== undefined && requests !== undefined) {
      after['resources'] = { ...resources, requests: { ...requests, storage: storageRequest(before) } };
    }
    after['volumeAttributesClassName'] = before['volumeAttributesClassName'];
  }
  // volumeMode has its own error (U-CORE-11) but is part of the spec comparison too.
  return { before, after };
}

const pvcSpecImmutable: UpdateRule = {
  id: 'pvc-spec-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['PersistentVolumeClaim'],
  severity: 'error',
  summary: "a PersistentVolumeClaim's spec cannot change except the storage request and volumeAttributesClassName of a bound claim",
  covers: ['U-CORE-9'],
  check(ctx, report) {
    const { before, after } = comparablePvcSpecs(ctx);
    const diff = under(['spec'], changes(before, after));
    if (diff.length === 0) return;
    const fields = [...new Set(diff.map((c) => `spec.${String(c.path[1])}`))];
    report(
      updateProblem(forbidden(['spec'], `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n  changed: ${fields.join(', ')}`), diff),
    );
  },
};

const pvcStorageDecrease: UpdateRule = {
  id: 'pvc-storage-decrease',
  family: 'update-core',
  scope: 'update',
  kinds: ['PersistentVolumeClaim'],
  severity: 'error',
  summary: "a PersistentVolumeClaim's storage request cannot shrink (below its capacity from 1.32)",
  covers: ['U-CORE-10'],
  check(ctx, report) {
    const before = parseQuantity(storageRequest(spec(ctx.old)));
    const raw = storageRequest(spec(ctx.new));
    const after = parseQuantity(raw);
    if (before === undefined || after === undefined || compareQuantities(after, before) >= 0) return;
    const path = ['spec', 'resources', 'requests', 'storage'];
    const change = [{ path, before: storageRequest(spec(ctx.old)), after: raw }];
    // RecoverVolumeExpansionFailure (beta, on from 1.32): shrinking is allowed down to status.capacity, which a
    // manifest does not show; podls takes the old request as the capacity then.
    if (atLeast(ctx.kubernetesVersion, 1, 32)) {
      const capacity = parseQuantity(prop(objAt(objAt(ctx.old, 'status') ?? {}, 'capacity') ?? {}, 'storage')) ?? before;
      if (compareQuantities(after, capacity) < 0) report(updateProblem(forbidden(path, 'field can not be less than status.capacity'), change));
      return;
    }
    report(updateProblem(forbidden(path, 'field can not be less than previous value'), change));
  },
};

const pvcVolumeModeImmutable: UpdateRule = {
  id: 'pvc-volume-mode-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['PersistentVolumeClaim'],
  severity: 'error',
  summary: "a PersistentVolumeClaim's volumeMode cannot change",
  covers: ['U-CORE-11'],
  check(ctx, report) {
    const before = prop(spec(ctx.old), 'volumeMode');
    const after = prop(spec(ctx.new), 'volumeMode');
    if (before === after) return;
    report(updateProblem(invalid(['volumeMode'], after ?? null, FIELD_IMMUTABLE), [{ path: ['spec', 'volumeMode'], before, after }]));
  },
};

const pvcStorageClassAnnotationImmutable: UpdateRule = {
  id: 'pvc-storage-class-annotation-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['PersistentVolumeClaim'],
  severity: 'error',
  summary: `a PersistentVolumeClaim's ${BETA_STORAGE_CLASS} annotation cannot change`,
  covers: ['U-CORE-12'],
  check(ctx, report) {
    const before = annotation(ctx.old, BETA_STORAGE_CLASS);
    const after = annotation(ctx.new, BETA_STORAGE_CLASS);
    if (before === undefined || before === after) return;
    const path = ['metadata', 'annotations', BETA_STORAGE_CLASS];
    report(updateProblem(invalid(path, after ?? '', FIELD_IMMUTABLE), [{ path: ['metadata', 'annotations', { key: BETA_STORAGE_CLASS }], before, after }]));
  },
};

const pvcVolumeAttributesClassUpdate: UpdateRule = {
  id: 'pvc-volume-attributes-class-update',
  family: 'update-core',
  scope: 'update',
  kinds: ['PersistentVolumeClaim'],
  severity: 'error',
  summary: "a PersistentVolumeClaim's volumeAttributesClassName cannot be unset once applied",
  minVersion: '1.34',
  covers: ['U-CORE-13'],
  check(ctx, report) {
    if (!atLeast(ctx.kubernetesVersion, 1, 34)) return;
    const before = prop(spec(ctx.old), 'volumeAttributesClassName');
    const after = prop(spec(ctx.new), 'volumeAttributesClassName');
    if (typeof before !== 'string' || before === '' || (typeof after === 'string' && after !== '')) return;
    // The check applies while status.currentVolumeAttributesClassName is set; a manifest does not show it, so the
    // class is taken as applied.
    const status = objAt(ctx.old, 'status');
    if (ctx.fromCluster && status !== undefined && prop(status, 'currentVolumeAttributesClassName') === undefined) return;
    const path = ['spec', 'volumeAttributesClassName'];
    const detail = after === '' ? 'update to empty string is forbidden when status.currentVolumeAttributesClassName is not nil' : 'update to nil is forbidden when status.currentVolumeAttributesClassName is not nil';
    report(updateProblem(forbidden(path, detail), [{ path, before, after }]));
  },
};

const IMMUTABLE_SET = 'field is immutable when `immutable` is set';

function immutableData(fields: readonly string[]): UpdateRule['check'] {
  return (ctx, report) => {
    if (prop(ctx.old, 'immutable') !== true) return;
    if (prop(ctx.new, 'immutable') !== true) {
      report(updateProblem(forbidden(['immutable'], IMMUTABLE_SET), [{ path: ['immutable'], before: true, after: prop(ctx.new, 'immutable') }]));
    }
    for (const field of fields) {
      const diff = under([field], changes(prop(ctx.old, field), prop(ctx.new, field), 50, field));
      if (diff.length > 0) report(updateProblem(forbidden([field], IMMUTABLE_SET), diff));
    }
  };
}

const configMapImmutable: UpdateRule = {
  id: 'configmap-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['ConfigMap'],
  severity: 'error',
  summary: 'an immutable ConfigMap cannot change its data or become mutable',
  covers: ['U-CORE-15'],
  check: immutableData(['data', 'binaryData']),
};

const secretImmutable: UpdateRule = {
  id: 'secret-immutable',
  family: 'update-core',
  scope: 'update',
  kinds: ['Secret'],
  severity: 'error',
  summary: "an immutable Secret cannot change its data or become mutable; no Secret can change its type",
  covers: ['U-CORE-16'],
  check(ctx, report) {
    immutableData(['data'])(ctx, report);
    const before = prop(ctx.old, 'type');
    const after = prop(ctx.new, 'type');
    if (before !== after) report(updateProblem(invalid(['type'], after ?? '', FIELD_IMMUTABLE), [{ path: ['type'], before, after }]));
  },
};

/** The core/v1 update rules (Pods have their own family). */
export const CORE_UPDATE_RULES: readonly UpdateRule[] = [
  serviceClusterIpImmutable,
  serviceIpFamiliesImmutable,
  serviceLoadBalancerClassImmutable,
  serviceHealthCheckNodePortImmutable,
  serviceTypeFields,
  pvcSpecImmutable,
  pvcStorageDecrease,
  pvcVolumeModeImmutable,
  pvcStorageClassAnnotationImmutable,
  pvcVolumeAttributesClassUpdate,
  configMapImmutable,
  secretImmutable,
];
