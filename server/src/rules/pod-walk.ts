/**
 * Walking a Pod spec: its containers of each kind with their absolute paths.
 */
import type { FieldPath } from '../document/field-path';
import { objectItemsAt, strAt } from './json';
import type { JsonObject, KubernetesVersion, PodContext } from './rule';
import { atLeast } from './version';

/** The three container lists of a PodSpec. */
export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** One container with where it sits. */
export interface ContainerRef {
  readonly container: JsonObject;
  readonly kind: ContainerKind;
  readonly index: number;
  /** `<P>.containers[i]` (absolute). */
  readonly path: FieldPath;
  /** An init container with `restartPolicy: Always` on a version that supports sidecars. */
  readonly isSidecar: boolean;
  /** The container's name, or "" when absent or not a string. */
  readonly name: string;
}

/** True when the version supports native sidecars (SidecarContainers: alpha 1.28, beta on 1.29). */
export function sidecarsSupported(ctx: Pick<PodContext, 'kubernetesVersion'>): boolean {
  return atLeast(ctx.kubernetesVersion, 1, 29);
}

/** The three lists of a PodSpec's containers with their absolute paths; `podContextOf` computes them once per object. */
export function listContainers(spec: JsonObject, specPath: FieldPath, version: KubernetesVersion): Readonly<Record<ContainerKind, readonly ContainerRef[]>> {
  const list = (kind: ContainerKind): ContainerRef[] => {
    const sidecars = kind === 'initContainers' && sidecarsSupported({ kubernetesVersion: version });
    return objectItemsAt(spec, kind).map(([index, container]) => ({
      container,
      kind,
      index,
      path: [...specPath, kind, index],
      isSidecar: sidecars && strAt(container, 'restartPolicy') === 'Always',
      name: strAt(container, 'name') ?? '',
    }));
  };
  return { containers: list('containers'), initContainers: list('initContainers'), ephemeralContainers: list('ephemeralContainers') };
}

/** The containers of one kind. */
export function containersOf(ctx: PodContext, kind: ContainerKind): readonly ContainerRef[] {
  return ctx.containers[kind];
}

/** Every container: regular, then init, then ephemeral. */
export function allContainers(ctx: PodContext): readonly ContainerRef[] {
  return [...ctx.containers.containers, ...ctx.containers.initContainers, ...ctx.containers.ephemeralContainers];
}

