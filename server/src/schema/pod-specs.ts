/**
 * Where the Pod specs sit in each kind that holds one.
 *
 * Source: the API types (k8s.io/api): `Pod.spec`; `PodTemplate.template` (a PodTemplateSpec);
 * `spec.template` of ReplicationController, ReplicaSet, Deployment, StatefulSet, DaemonSet and Job;
 * `spec.jobTemplate.spec.template` of CronJob.
 */

/** A Pod spec's location inside one object. Paths are field names from the object root. */
export interface PodSpecLocation {
  /** Path to the PodSpec, e.g. `['spec', 'template', 'spec']`. */
  readonly specPath: readonly string[];
  /** Path to the Pod's ObjectMeta: `['metadata']` for a Pod, `[..., 'template', 'metadata']` for templates. */
  readonly metadataPath: readonly string[];
  /** True when the spec is a template (PodTemplateSpec), false for a Pod itself. */
  readonly isTemplate: boolean;
}

const TEMPLATE_IN_SPEC: PodSpecLocation = {
  specPath: ['spec', 'template', 'spec'],
  metadataPath: ['spec', 'template', 'metadata'],
  isTemplate: true,
};

const POD_SPEC_LOCATIONS: Readonly<Record<string, PodSpecLocation>> = {
  Pod: { specPath: ['spec'], metadataPath: ['metadata'], isTemplate: false },
  PodTemplate: { specPath: ['template', 'spec'], metadataPath: ['template', 'metadata'], isTemplate: true },
  ReplicationController: TEMPLATE_IN_SPEC,
  ReplicaSet: TEMPLATE_IN_SPEC,
  Deployment: TEMPLATE_IN_SPEC,
  StatefulSet: TEMPLATE_IN_SPEC,
  DaemonSet: TEMPLATE_IN_SPEC,
  Job: TEMPLATE_IN_SPEC,
  CronJob: {
    specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    metadataPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
    isTemplate: true,
  },
};

/** The Pod spec location of a kind (`Deployment`), or undefined for kinds without one (Service, ConfigMap). */
export function podSpecLocation(kind: string): PodSpecLocation | undefined {
  return Object.prototype.hasOwnProperty.call(POD_SPEC_LOCATIONS, kind) ? POD_SPEC_LOCATIONS[kind] : undefined;
}

/** The kinds whose objects hold a Pod spec, in a stable order. */
export const POD_SPEC_KINDS: readonly string[] = Object.keys(POD_SPEC_LOCATIONS);
