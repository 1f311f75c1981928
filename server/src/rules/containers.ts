/**
 * Containers, init (and sidecar) containers and ephemeral containers (`validateContainerCommon`,
 * `validateContainers`, `validateInitContainers`, `validateEphemeralContainers`;
 * pkg/apis/core/validation/validation.go).
 */
import { has, prop, strAt } from './json';
import { duplicate, forbidden, invalid, notFound, notSupported, required } from './messages';
import { allContainers, containersOf } from './pod-walk';
import type { PodRule } from './rule';
import { isDNS1123Label } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'containers';

/** CT1-CT5. */
export const containerName: PodRule = {
  id: 'container-name',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'container names are required, DNS labels, and unique across all containers of the Pod',
  covers: ['CT1', 'CT2', 'CT3', 'CT4', 'CT5'],
  check(ctx, report) {
    const seen = new Set<string>();
    for (const c of allContainers(ctx)) {
      const raw = prop(c.container, 'name');
      if (typeof raw !== 'string') continue; // absent: the schema's `required-field`
      const p = [...c.path, 'name'];
      if (c.name === '') {
        report(required(p, undefined, { target: 'value' }));
        continue;
      }
      for (const msg of isDNS1123Label(c.name)) report(invalid(p, c.name, msg));
      if (seen.has(c.name)) report(duplicate(p, c.name));
      seen.add(c.name);
    }
  },
};

/** CT6. */
export const containerImage: PodRule = {
  id: 'container-image-required',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'every container needs an image',
  covers: ['CT6'],
  check(ctx, report) {
    for (const c of allContainers(ctx)) {
      const image = prop(c.container, 'image');
      if (image === undefined || image === null) report(required([...c.path, 'image'], undefined, { at: c.path }));
      else if (image === '') report(required([...c.path, 'image'], undefined, { target: 'value' }));
    }
  },
};

/** CT9: restartPolicy on regular containers (1.28-1.33; dropped from 1.34 while ContainerRestartRules is off). */
export const containerRestartPolicy: PodRule = {
  id: 'container-restart-policy',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'restartPolicy may only be set on init containers',
  covers: ['CT9'],
  minVersion: '1.28',
  maxVersion: '1.33',
  check(ctx, report) {
    for (const c of containersOf(ctx, 'containers')) {
      if (has(c.container, 'restartPolicy')) {
        report(forbidden([...c.path, 'restartPolicy'], 'may not be set for non-init containers'));
      }
    }
  },
};

const EPHEMERAL_FORBIDDEN = ['ports', 'resources', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'resizePolicy', 'restartPolicy'];

/** CT10-CT12. */
export const ephemeralContainerFields: PodRule = {
  id: 'ephemeral-container-fields',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'ephemeral containers may not set ports, resources, probes, lifecycle or subPaths, and must target an existing container',
  covers: ['CT10', 'CT11', 'CT12'],
  check(ctx, report) {
    const names = new Set([...containersOf(ctx, 'containers'), ...containersOf(ctx, 'initContainers')].map((c) => c.name));
    for (const c of containersOf(ctx, 'ephemeralContainers')) {
      for (const f of EPHEMERAL_FORBIDDEN) {
        if (has(c.container, f)) report(forbidden([...c.path, f], 'cannot be set for an Ephemeral Container', { target: 'key' }));
      }
      const mounts = prop(c.container, 'volumeMounts');
      if (Array.isArray(mounts)) {
        mounts.forEach((m, j) => {
          for (const f of ['subPath', 'subPathExpr']) {
            if ((strAt(m, f) ?? '') !== '') report(forbidden([...c.path, 'volumeMounts', j, f], 'cannot be set for an Ephemeral Container'));
          }
        });
      }
      const target = strAt(c.container, 'targetContainerName');
      if (target !== undefined && target !== '' && !names.has(target)) {
        report(notFound([...c.path, 'targetContainerName'], target));
      }
    }
  },
};

/** IC1: init container restartPolicy other than Always (1.29-1.33). */
export const initContainerRestartPolicy: PodRule = {
  id: 'init-container-restart-policy',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'an init container restartPolicy can only be Always (a sidecar)',
  covers: ['IC1'],
  minVersion: '1.29',
  maxVersion: '1.33',
  check(ctx, report) {
    for (const c of containersOf(ctx, 'initContainers')) {
      const rp = prop(c.container, 'restartPolicy');
      if (typeof rp === 'string' && rp !== 'Always') report(notSupported([...c.path, 'restartPolicy'], rp, ['Always']));
    }
  },
};

/** IC2, IC4: probes, lifecycle and resizePolicy on init containers that are not sidecars. */
export const initContainerFields: PodRule = {
  id: 'init-container-fields',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'init containers that are not sidecars may not have probes or lifecycle hooks',
  covers: ['IC2', 'IC4'],
  check(ctx, report) {
    const v128 = atLeast(ctx.kubernetesVersion, 1, 28);
    for (const c of containersOf(ctx, 'initContainers')) {
      if (c.isSidecar) continue;
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (!has(c.container, f)) continue;
        const p = [...c.path, f];
        report(
          v128
            ? forbidden(p, 'may not be set for init containers without restartPolicy=Always', { target: 'key' })
            : invalid(p, prop(c.container, f), 'must not be set for init containers', { target: 'key' }),
        );
      }
      if (atLeast(ctx.kubernetesVersion, 1, 33) && has(c.container, 'resizePolicy')) {
        report(invalid([...c.path, 'resizePolicy'], prop(c.container, 'resizePolicy'), 'must not be set for init containers', { target: 'key' }));
      }
    }
  },
};

/** The rules of this family. */
export const CONTAINER_RULES = [
  containerName,
  containerImage,
  containerRestartPolicy,
  ephemeralContainerFields,
  initContainerRestartPolicy,
  initContainerFields,
] as const;
