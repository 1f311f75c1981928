/**
 * Walking a Pod spec: its containers of each kind with their absolute paths.
 */
import type { FieldPath } from '../document/field-path';
import { objectItemsAt, strAt } from './json';
import type { JsonObject, PodContext } from './rule';
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
export function sidecarsSupported(ctx: PodContext): boolean {
  return atLeast(ctx.kubernetesVersion, 1, 29);
}

/** The containers of one kind. */
export function containersOf(ctx: PodContext, kind: ContainerKind): ContainerRef[] {
  const sidecars = kind === 'initContainers' && sidecarsSupported(ctx);
  return objectItemsAt(ctx.spec, kind).map(([index, container]) => ({
    container,
    kind,
    index,
    path: [...ctx.specPath, kind, index],
    isSidecar: sidecars && strAt(container, 'restartPolicy') === 'Always',
    name: strAt(container, 'name') ?? '',
  }));
}

/** Every container: regular, then init, then ephemeral. */
export function allContainers(ctx: PodContext): ContainerRef[] {
  return [
    ...containersOf(ctx, 'containers'),
    ...containersOf(ctx, 'initContainers'),
    ...containersOf(ctx, 'ephemeralContainers'),
  ];
}

