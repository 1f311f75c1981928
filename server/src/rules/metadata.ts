/**
 * Object metadata (`ValidateObjectMeta`, staging/.../apimachinery/pkg/api/validation/objectmeta.go) and
 * the pod-specific annotations (`ValidatePodSpecificAnnotations`, pkg/apis/core/validation).
 */
import { formatFieldPath } from '../document/field-path';
import { boolAt, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { validateLabels } from './label-selector';
import { forbidden, goQuote, invalid, key, note, required, tooLong } from './messages';
import { allContainers } from './pod-walk';
import type { JsonObject, ObjectRule, PodContext, PodRule, Problem, Report } from './rule';
import { isQualifiedName, IS_NEGATIVE_ERROR, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment } from './validation-strings';
import { podSpecLocation } from '../schema/pod-specs';
import type { FieldPath } from '../document/field-path';

const FAMILY = 'metadata';

function metadataOf(obj: JsonObject): JsonObject | undefined {
  return objAt(obj, 'metadata');
}

/** How the apiserver validates the name of a kind (`ValidateObjectMeta`'s `nameFn`). */
type NameFn = (name: string, prefix: boolean) => string[];

/**
 * The name function of built-in kinds without a Pod spec whose validation podls follows: DNS-1035 label for
 * Services (`ValidateServiceName`), DNS-1123 label for Namespaces (`ValidateNamespaceName`), path segment for RBAC
 * objects (`ValidateRBACName`: `system:controller:x` is a valid ClusterRole name), DNS-1123 subdomain for the rest
 * (`ValidateConfigMapName`, `ValidateSecretName`, `ValidateIngressName`, ...). Keyed `group/kind` (core: `/kind`).
 * Kinds absent here (reviews, `Binding`, CRDs and APIServices with their own name rules) are not checked.
 */
const NAME_FUNCTIONS: ReadonlyMap<string, NameFn> = new Map<string, NameFn>([
  ['/Service', nameIsDNS1035Label],
  ['/Namespace', nameIsDNSLabel],
  ...['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k): [string, NameFn] => [`rbac.authorization.k8s.io/${k}`, nameIsPathSegment]),
  ...[
    '/ConfigMap',
    '/Secret',
    '/ServiceAccount',
    '/PersistentVolumeClaim',
    '/PersistentVolume',
    '/Endpoints',
    '/LimitRange',
    '/ResourceQuota',
    '/Node',
    'apps/ControllerRevision',
    'networking.k8s.io/Ingress',
    'networking.k8s.io/IngressClass',
    'networking.k8s.io/NetworkPolicy',
    'policy/PodDisruptionBudget',
    'scheduling.k8s.io/PriorityClass',
    'storage.k8s.io/StorageClass',
    'storage.k8s.io/VolumeAttachment',
    'autoscaling/HorizontalPodAutoscaler',
    'coordination.k8s.io/Lease',
    'discovery.k8s.io/EndpointSlice',
    'node.k8s.io/RuntimeClass',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  ].map((k): [string, NameFn] => [k, nameIsDNSSubdomain]),
]);

/** The name function of a built-in kind: StatefulSet and the other Pod kinds, then {@link NAME_FUNCTIONS}. */
function nameFunctionOf(kind: string, apiVersion: string): NameFn | undefined {
  if (podSpecLocation(kind) !== undefined) return kind === 'StatefulSet' ? nameIsDNSLabel : nameIsDNSSubdomain;
  const slash = apiVersion.indexOf('/');
  return NAME_FUNCTIONS.get(`${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`);
}

/**
 * M1-M5: name or generateName required; DNS subdomain (DNS label for StatefulSets, Namespaces; DNS-1035 label for
 * Services; path segment for RBAC objects).
 * Custom resources: a name or generateName that is present must be a DNS subdomain (the apiextensions
 * validator passes `NameIsDNSSubdomain` to `ValidateObjectMetaAccessor`); a missing name is not reported, as
 * tool configuration files (`kind: Cluster` of kind.x-k8s.io, `KubeletConfiguration`) look like custom resources.
 */
export const metadataName: ObjectRule = {
  id: 'metadata-name',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'metadata.name (or generateName) is required and must be a valid object name for the kind',
  covers: ['M1', 'M2', 'M3', 'M4', 'M5'],
  customResources: true,
  check(ctx, report) {
    if (ctx.customResource) {
      const meta = metadataOf(ctx.object);
      for (const field of ['generateName', 'name'] as const) {
        const value = strAt(meta, field);
        // `${var}` is substituted before apply (Flux postBuild substitution, envsubst): not a name yet.
        if (value === undefined || value === '' || value.includes('${')) continue;
        for (const msg of nameIsDNSSubdomain(value, field === 'generateName')) report(invalid([...ctx.basePath, 'metadata', field], value, msg));
      }
      return;
    }
    const nameFn = nameFunctionOf(ctx.kind, ctx.apiVersion);
    if (nameFn === undefined) return;
    const podKind = podSpecLocation(ctx.kind) !== undefined;
    const meta = metadataOf(ctx.object);
    if (meta === undefined && prop(ctx.object, 'metadata') !== undefined) return;
    const metaPath = [...ctx.basePath, 'metadata'];
    const name = strAt(meta, 'name') ?? '';
    const generateName = strAt(meta, 'generateName') ?? '';
    if (name === '' && generateName === '') {
      if (prop(meta, 'name') !== undefined && typeof prop(meta, 'name') !== 'string') return;
      report(required([...metaPath, 'name'], 'name or generateName is required', meta === undefined ? { at: [...ctx.basePath] } : { at: metaPath }));
      return;
    }
    // Other kinds' `${var}` names are substituted before apply (Flux postBuild, envsubst), as for custom resources.
    const substituted = (value: string): boolean => !podKind && value.includes('${');
    if (generateName !== '' && !substituted(generateName)) {
      for (const msg of nameFn(generateName, true)) report(invalid([...metaPath, 'generateName'], generateName, msg));
    }
    if (name !== '' && !substituted(name)) {
      for (const msg of nameFn(name, false)) report(invalid([...metaPath, 'name'], name, msg));
    }
  },
};

/** M7: namespace must be a DNS label. */
export const metadataNamespace: ObjectRule = {
  id: 'metadata-namespace',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'metadata.namespace must be a valid namespace name (DNS label)',
  covers: ['M7'],
  customResources: true,
  check(ctx, report) {
    const ns = strAt(metadataOf(ctx.object), 'namespace');
    if (ns === undefined || ns === '') return;
    for (const msg of nameIsDNSLabel(ns, false)) report(invalid([...ctx.basePath, 'metadata', 'namespace'], ns, msg));
  },
};

/** M8, M9: label keys are qualified names, values label values. */
export const labelSyntax: ObjectRule = {
  id: 'label-syntax',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'label keys must be qualified names and label values valid label values',
  covers: ['M8', 'M9'],
  customResources: true,
  check(ctx, report) {
    const path = [...ctx.basePath, 'metadata', 'labels'];
    for (const p of validateLabels(prop(metadataOf(ctx.object), 'labels'), path)) report(p);
  },
};

/** `ValidateAnnotations`: keys (lower-cased) qualified names; total size at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: FieldPath, showAt: FieldPath = path): Problem[] {
  const out: Problem[] = [];
  if (!isObject(annotations)) return out;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(invalid(path, k, msg, { at: [...showAt, key(k)], target: 'key' }));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > 256 * 1024) out.push(tooLong(path, 256 * 1024, { at: showAt, target: 'key' }));
  return out;
}

/** M10, M11. */
export const annotationSyntax: ObjectRule = {
  id: 'annotation-syntax',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'annotation keys must be qualified names; all annotations together at most 256 KiB',
  covers: ['M10', 'M11'],
  customResources: true,
  check(ctx, report) {
    const path = [...ctx.basePath, 'metadata', 'annotations'];
    for (const p of validateAnnotations(prop(metadataOf(ctx.object), 'annotations'), path)) report(p);
  },
};

const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** The apiextensions-apiserver's warning for a custom resource's finalizer without a `/` (customresource/strategy.go). */
const FINALIZER_NOT_QUALIFIED_WARNING = 'prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers';

/**
 * M12-M14. Built-in kinds: core `ValidateObjectMeta` rejects a finalizer that is neither standard nor contains
 * a `/`. Custom resources: apimachinery's `ValidateFinalizerName` checks only that it is a qualified name; the
 * apiextensions-apiserver then warns (`WarningsOnCreate`) about a name without `/`, reported here as a warning.
 */
export const finalizers: ObjectRule = {
  id: 'finalizers',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'finalizers must be qualified names, standard or domain-prefixed, not both orphan and foregroundDeletion',
  covers: ['M12', 'M13', 'M14'],
  customResources: true,
  check(ctx, report) {
    const path = [...ctx.basePath, 'metadata', 'finalizers'];
    const list = prop(metadataOf(ctx.object), 'finalizers');
    if (!Array.isArray(list)) return;
    const names: string[] = [];
    list.forEach((f, i) => {
      if (typeof f !== 'string') return;
      names.push(f);
      const errs = isQualifiedName(f);
      // ValidateFinalizers reports a name that is not qualified at `metadata.finalizers`, without the index.
      for (const msg of errs) report(invalid(path, f, msg, { at: [...path, i] }));
      if (errs.length > 0 || f.includes('/') || STANDARD_FINALIZERS.has(f)) return;
      if (ctx.customResource) {
        report(note(path, `${goQuote(f)}: ${FINALIZER_NOT_QUALIFIED_WARNING}`, { at: [...path, i], severity: 'warning' }));
      } else report(invalid([...path, i], f, 'name is neither a standard finalizer name nor is it fully qualified'));
    });
    if (names.includes('orphan') && names.includes('foregroundDeletion')) {
      report(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
    }
  },
};

/** M15, M16. */
export const ownerReferences: ObjectRule = {
  id: 'owner-references',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'ownerReferences need apiVersion, kind, name and uid; at most one controller',
  covers: ['M15', 'M16'],
  customResources: true,
  check(ctx, report) {
    const path = [...ctx.basePath, 'metadata', 'ownerReferences'];
    const controllers: string[] = [];
    for (const [i, ref] of objectItemsAt(metadataOf(ctx.object), 'ownerReferences')) {
      const at = [...path, i];
      // Absent fields are the schema's `required-field`; empty strings are ours.
      if (strAt(ref, 'apiVersion') === '') report(invalid([...path, 'apiVersion'], '', 'version must not be empty', { at: [...at, 'apiVersion'] }));
      for (const f of ['kind', 'name', 'uid']) {
        if (strAt(ref, f) === '') report(invalid([...path, f], '', 'must not be empty', { at: [...at, f] }));
      }
      if (boolAt(ref, 'controller') === true) controllers.push(`${strAt(ref, 'kind') ?? ''}/${strAt(ref, 'name') ?? ''}`);
    }
    if (controllers.length > 1) {
      report(
        invalid(path, prop(metadataOf(ctx.object), 'ownerReferences'), `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`, { target: 'key' }),
      );
    }
  },
};

/** M17. */
export const metadataGeneration: ObjectRule = {
  id: 'metadata-generation',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'metadata.generation must not be negative',
  covers: ['M17'],
  customResources: true,
  check(ctx, report) {
    const g = prop(metadataOf(ctx.object), 'generation');
    if (typeof g === 'number' && g < 0) report(invalid([...ctx.basePath, 'metadata', 'generation'], g, IS_NEGATIVE_ERROR));
  },
};

/** WS5: template labels and annotations (reported at `<T>.labels` / `<T>.annotations`). */
export const templateMetadata: PodRule = {
  id: 'template-metadata',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod template labels and annotations must be valid',
  covers: ['WS5'],
  validatedForStatefulSet: true,
  check(ctx, report) {
    if (!ctx.isTemplate) return;
    const labels = prop(ctx.metadata, 'labels');
    for (const p of validateLabels(labels, [...ctx.templatePath, 'labels'], [...ctx.metadataPath, 'labels'])) report(p);
    const ann = prop(ctx.metadata, 'annotations');
    for (const p of validateAnnotations(ann, [...ctx.templatePath, 'annotations'], [...ctx.metadataPath, 'annotations'])) report(p);
  },
};

function annotationsPath(ctx: PodContext): FieldPath {
  return ctx.isTemplate ? [...ctx.templatePath, 'annotations'] : [...ctx.metadataPath, 'annotations'];
}

function validSeccompAnnotation(v: string): boolean {
  if (v === 'runtime/default' || v === 'docker/default' || v === 'unconfined') return true;
  if (v.startsWith('localhost/')) {
    const p = v.slice('localhost/'.length);
    return p !== '' && !p.startsWith('/') && !p.split('/').includes('..');
  }
  return false;
}

function seccompTypeOf(annotation: string): string {
  if (annotation === 'unconfined') return 'Unconfined';
  if (annotation === 'runtime/default' || annotation === 'docker/default') return 'RuntimeDefault';
  return 'Localhost';
}

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

function checkSeccompMatch(annotation: string, profile: unknown, path: FieldPath, report: Report): void {
  if (!isObject(profile)) return;
  const type = strAt(profile, 'type');
  if (type === undefined) return;
  if (seccompTypeOf(annotation) !== type) {
    report(forbidden([...path, 'type'], 'seccomp type in annotation and field must match'));
  } else if (type === 'Localhost') {
    const lp = strAt(profile, 'localhostProfile');
    if (lp !== undefined && `localhost/${lp}` !== annotation) {
      report(forbidden([...path, 'localhostProfile'], 'seccomp profile in annotation and field must match'));
    }
  }
}

/** A1-A8: mirror pods, pod-deletion-cost, seccomp and AppArmor annotations. */
export const podAnnotations: PodRule = {
  id: 'pod-annotations',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod-specific annotations (mirror, pod-deletion-cost, seccomp, AppArmor) must be valid and agree with fields',
  covers: ['A1', 'A2', 'A3', 'A4', 'A5', 'A7', 'A8'],
  validatedForStatefulSet: true,
  check(ctx, report) {
    const ann = objAt(ctx.metadata, 'annotations');
    if (ann === undefined) return;
    const base = annotationsPath(ctx);
    const showBase: FieldPath = [...ctx.metadataPath, 'annotations'];
    const containerNames = new Set(allContainers(ctx).map((c) => c.name));
    for (const [k, raw] of Object.entries(ann)) {
      if (typeof raw !== 'string') continue;
      const at = { at: [...showBase, key(k)] };
      if (k === 'kubernetes.io/config.mirror') {
        if ((strAt(ctx.spec, 'nodeName') ?? '') === '') report(invalid([...base, key(k)], raw, 'must set spec.nodeName if mirror pod annotation is set', at));
      } else if (k === 'controller.kubernetes.io/pod-deletion-cost') {
        if (!/^[+-]?\d+$/.test(raw) || Number(raw) > 2147483647 || Number(raw) < -2147483648) {
          report(invalid([...base, key(k)], raw, 'must be a 32bit integer', at));
        }
      } else if (k === SECCOMP_POD || k.startsWith(SECCOMP_CONTAINER)) {
        const p = `${formatFieldPath(base)}.${k}`;
        if (!validSeccompAnnotation(raw)) report(invalid([p], raw, 'must be a valid seccomp profile', at));
        else if (k === SECCOMP_POD) {
          checkSeccompMatch(raw, prop(objAt(ctx.spec, 'securityContext'), 'seccompProfile'), [...ctx.specPath, 'securityContext', 'seccompProfile'], report);
        } else {
          const name = k.slice(SECCOMP_CONTAINER.length);
          for (const c of allContainers(ctx)) {
            if (c.name === name) checkSeccompMatch(raw, prop(objAt(c.container, 'securityContext'), 'seccompProfile'), [...c.path, 'securityContext', 'seccompProfile'], report);
          }
        }
      } else if (k.startsWith(APPARMOR_CONTAINER)) {
        const name = k.slice(APPARMOR_CONTAINER.length);
        const path = [...base, key(k)];
        if (!containerNames.has(name)) report(invalid(path, name, 'container not found', { at: [...showBase, key(k)], target: 'key' }));
        else if (!(raw === '' || raw === 'runtime/default' || raw === 'unconfined' || raw.startsWith('localhost/'))) {
          report(invalid(path, raw, `invalid AppArmor profile name: ${JSON.stringify(raw)}`, at));
        } else if (raw !== '') {
          const type = raw === 'runtime/default' ? 'RuntimeDefault' : raw === 'unconfined' ? 'Unconfined' : 'Localhost';
          for (const c of allContainers(ctx)) {
            if (c.name !== name) continue;
            const t = strAt(objAt(objAt(c.container, 'securityContext'), 'appArmorProfile'), 'type');
            if (t !== undefined && t !== type) {
              report(forbidden([...c.path, 'securityContext', 'appArmorProfile', 'type'], 'apparmor type in annotation and field must match'));
            }
          }
        }
      }
    }
  },
};

/** The rules of this family. */
export const METADATA_RULES = [
  metadataName,
  metadataNamespace,
  labelSyntax,
  annotationSyntax,
  finalizers,
  ownerReferences,
  metadataGeneration,
  templateMetadata,
  podAnnotations,
] as const;
