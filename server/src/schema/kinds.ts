/**
 * The kinds podls knows, with the resource names `kubectl` accepts for them.
 *
 * Source: API discovery of kube-apiserver (`/api/v1`, `/apis/apps/v1`, `/apis/batch/v1`): plural
 * `name`, `singularName`, `shortNames` and `namespaced` of each resource, as `kubectl api-resources`
 * prints them. Both schema sources (OpenAPI documents and the bundled model) take this table and
 * keep the kinds whose root type they find.
 */
import type { GroupVersionKind, KindInfo } from './model';

/** A supported kind before its root type is known: {@link KindInfo} without `typeId`. */
export type KindTemplate = Omit<KindInfo, 'typeId'>;

function kind(
  group: string,
  version: string,
  kindName: string,
  resource: string,
  shortNames: readonly string[],
): KindTemplate {
  return { group, version, kind: kindName, resource, singular: kindName.toLowerCase(), shortNames, namespaced: true };
}

/** The supported kinds, core group first, in kubectl's discovery order within each group. */
export const SUPPORTED_KINDS: readonly KindTemplate[] = [
  kind('', 'v1', 'Pod', 'pods', ['po']),
  kind('', 'v1', 'Service', 'services', ['svc']),
  kind('', 'v1', 'PodTemplate', 'podtemplates', []),
  kind('', 'v1', 'ReplicationController', 'replicationcontrollers', ['rc']),
  kind('', 'v1', 'ConfigMap', 'configmaps', ['cm']),
  kind('', 'v1', 'Secret', 'secrets', []),
  kind('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc']),
  kind('apps', 'v1', 'Deployment', 'deployments', ['deploy']),
  kind('apps', 'v1', 'ReplicaSet', 'replicasets', ['rs']),
  kind('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts']),
  kind('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds']),
  kind('batch', 'v1', 'Job', 'jobs', []),
  kind('batch', 'v1', 'CronJob', 'cronjobs', ['cj']),
];

/** `apiVersion` text of a group/version: `v1` for the core group, `apps/v1` otherwise. */
export function apiVersionOf(gvk: Pick<GroupVersionKind, 'group' | 'version'>): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** Splits an `apiVersion` (`apps/v1`, `v1`) into group and version; the core group is ''. */
export function parseApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
