/**
 * Field paths: where a value sits in one Kubernetes object, with indices.
 *
 * A `FieldPath` is an instance path such as `spec.containers[0].ports[1].name`; it is not the
 * `SchemaPath` that kubectl explain prints (`pod.spec.containers.ports.name`).
 * Rendering follows the kube-apiserver's `field.Path.String()` (k8s.io/apimachinery/pkg/util/validation/field):
 * struct fields are joined with `.`, list indices and map keys are bracketed: `resources.limits[cpu]`.
 */

/** A key of a map-valued field (labels, resources.limits, nodeSelector): rendered `[key]`. */
export interface MapKey {
  readonly key: string;
}

/** One step: a struct field name, a 0-based list index, or a map key. */
export type PathSegment = string | number | MapKey;

/** A path from the document root to a node. The empty path is the document itself. */
export type FieldPath = readonly PathSegment[];

/** True for a {@link MapKey} segment. */
export function isMapKey(segment: PathSegment): segment is MapKey {
  return typeof segment === 'object';
}

/** The key a segment names in a YAML mapping (field name or map key), or the index in a sequence. */
export function segmentKey(segment: PathSegment): string | number {
  return typeof segment === 'object' ? segment.key : segment;
}

/**
 * Renders a path as the apiserver does: `spec.containers[0].resources.limits[cpu]`.
 * The empty path renders as `<root>`.
 */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'object') out += `[${segment.key}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '<root>' : out;
}
