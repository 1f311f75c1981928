/**
 * Where each kind keeps the selector of the Pods it manages or targets, and in which form.
 *
 * Source: the API types (k8s.io/api): `spec.selector` of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job
 * and PodDisruptionBudget (a `LabelSelector`); `spec.jobTemplate.spec.selector` of CronJob (the Job's);
 * `spec.podSelector` of NetworkPolicy (a `LabelSelector`); `spec.selector` of Service and ReplicationController
 * (a `map[string]string`, equality only).
 */

/** A Pod selector's place in an object of one kind. */
export interface PodSelectorLocation {
  /** Field names from the object root, e.g. `['spec', 'selector']`. */
  readonly path: readonly string[];
  /** `labelSelector`: matchLabels + matchExpressions; `map`: a plain label map. */
  readonly form: 'labelSelector' | 'map';
}

const SPEC_SELECTOR: PodSelectorLocation = { path: ['spec', 'selector'], form: 'labelSelector' };
const SPEC_MAP_SELECTOR: PodSelectorLocation = { path: ['spec', 'selector'], form: 'map' };

const POD_SELECTOR_LOCATIONS: Readonly<Record<string, PodSelectorLocation>> = {
  Deployment: SPEC_SELECTOR,
  ReplicaSet: SPEC_SELECTOR,
  StatefulSet: SPEC_SELECTOR,
  DaemonSet: SPEC_SELECTOR,
  Job: SPEC_SELECTOR,
  CronJob: { path: ['spec', 'jobTemplate', 'spec', 'selector'], form: 'labelSelector' },
  PodDisruptionBudget: SPEC_SELECTOR,
  NetworkPolicy: { path: ['spec', 'podSelector'], form: 'labelSelector' },
  Service: SPEC_MAP_SELECTOR,
  ReplicationController: SPEC_MAP_SELECTOR,
};

/** The Pod selector location of `kind`, or undefined for kinds without one. */
export function podSelectorLocation(kind: string): PodSelectorLocation | undefined {
  return Object.prototype.hasOwnProperty.call(POD_SELECTOR_LOCATIONS, kind) ? POD_SELECTOR_LOCATIONS[kind] : undefined;
}
