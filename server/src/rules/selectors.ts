/**
 * Workload selectors (`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateStatefulSetSpec`,
 * `ValidateDaemonSetSpec`, `ValidateReplicationControllerSpec`, `ValidateJobSpec`: selector required,
 * non-empty, valid, and matching the template labels) and the workspace-level selector rules.
 */
import type { FieldPath } from '../document/field-path';
import { boolAt, has, isObject, objAt, prop, strAt, valueAtPath } from './json';
import {
  createLabelIndex,
  formatSelector,
  isEmptyLabelSelector,
  labelSelectorAsSelector,
  labelsOf,
  mapAsSelector,
  selectorMatches,
  validateLabelSelector,
  type Labels,
  type ParsedSelector,
} from './label-selector';
import { goStringMap, invalid, note, required } from './messages';
import { WORKSPACE_STEP_OBJECTS } from './rule';
import type { JsonObject, ObjectContext, ObjectRule, WorkspaceObject, WorkspaceRule } from './rule';
import { podSpecLocation } from '../schema/pod-specs';

const FAMILY = 'selectors';

const APPS_SELECTOR_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'deployment',
  ReplicaSet: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
};

function isAppsV1(ctx: { apiVersion: string }): boolean {
  return ctx.apiVersion === 'apps/v1';
}

function specOf(ctx: ObjectContext): JsonObject | undefined {
  return objAt(ctx.object, 'spec');
}

/** WS2, WS3, WS6, RC1, LS1-LS6 (workload selectors) and the Job selector when `manualSelector` is true. */
export const workloadSelector: ObjectRule = {
  id: 'workload-selector',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'workload selectors must be non-empty and valid; a ReplicationController needs a selector or template labels',
  covers: ['WS2', 'WS3', 'WS6', 'RC1', 'LS1', 'LS2', 'LS3', 'LS4', 'LS5', 'LS6'],
  check(ctx, report) {
    const spec = specOf(ctx);
    if (spec === undefined) return;
    const specPath = [...ctx.basePath, 'spec'];
    const selPath = [...specPath, 'selector'];
    const sel = prop(spec, 'selector');
    const noun = APPS_SELECTOR_KINDS[ctx.kind];
    if (noun !== undefined && isAppsV1(ctx)) {
      // An absent selector is the schema's `required-field` (the mismatch with the template is ours).
      if (sel === undefined || sel === null) return;
      if (!isObject(sel)) return;
      for (const p of validateLabelSelector(sel, selPath)) report(p);
      if (isEmptyLabelSelector(sel)) report(invalid(selPath, sel, `empty selector is invalid for ${noun}`));
      if (ctx.kind !== 'DaemonSet' && !labelSelectorAsSelector(sel).ok) {
        report(invalid(selPath, sel, ctx.kind === 'StatefulSet' ? '' : 'invalid label selector'));
      }
      return;
    }
    if (ctx.kind === 'ReplicationController' && ctx.apiVersion === 'v1') {
      const m = objAt(spec, 'selector');
      const tl = objAt(objAt(objAt(spec, 'template'), 'metadata'), 'labels');
      const empty = (x: JsonObject | undefined): boolean => x === undefined || Object.keys(x).length === 0;
      if (empty(m) && empty(tl) && (sel === undefined || sel === null || isObject(sel))) {
        report(required(selPath, undefined, has(spec, 'selector') ? { target: 'value' } : { at: specPath }));
      }
      return;
    }
    if (ctx.kind === 'Job' && ctx.apiVersion.startsWith('batch/') && boolAt(spec, 'manualSelector') === true) {
      if (sel === undefined || sel === null) report(required(selPath, undefined, { at: specPath }));
      else for (const p of validateLabelSelector(sel, selPath)) report(p);
    }
  },
};

/** The effective selector of a workload (after defaulting), or undefined when it has none / it is unchecked. */
export function workloadSelectorOf(kind: string, apiVersion: string, object: unknown): ParsedSelector | undefined {
  const spec = objAt(object, 'spec');
  if (spec === undefined) return undefined;
  if (APPS_SELECTOR_KINDS[kind] !== undefined && apiVersion === 'apps/v1') {
    const r = labelSelectorAsSelector(prop(spec, 'selector'));
    return r.ok ? r.selector : undefined;
  }
  if (kind === 'ReplicationController') {
    const m = objAt(spec, 'selector');
    if (m !== undefined && Object.keys(m).length > 0) return mapAsSelector(m);
    return mapAsSelector(objAt(objAt(objAt(spec, 'template'), 'metadata'), 'labels'));
  }
  if (kind === 'Job' && boolAt(spec, 'manualSelector') === true) {
    const r = labelSelectorAsSelector(prop(spec, 'selector'));
    return r.ok ? r.selector : undefined;
  }
  return undefined;
}

/** WS4, RC3, J4: the selector must select the template's labels. */
export const selectorTemplateMismatch: ObjectRule = {
  id: 'selector-template-mismatch',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'the workload selector must match the pod template labels',
  covers: ['WS4', 'RC3', 'J4'],
  check(ctx, report) {
    const spec = specOf(ctx);
    if (spec === undefined || !has(spec, 'template')) return;
    const apps = APPS_SELECTOR_KINDS[ctx.kind] !== undefined && isAppsV1(ctx);
    const rc = ctx.kind === 'ReplicationController' && ctx.apiVersion === 'v1';
    const job = ctx.kind === 'Job' && ctx.apiVersion.startsWith('batch/') && boolAt(spec, 'manualSelector') === true;
    const jobUser = ctx.kind === 'Job' && ctx.apiVersion.startsWith('batch/') && !job && isObject(prop(spec, 'selector'));
    if (!apps && !rc && !job && !jobUser) return;
    const labelsRaw = valueAtPath(spec, ['template', 'metadata', 'labels']);
    const labels = labelsOf(labelsRaw);
    let selector: ParsedSelector | undefined;
    if (rc) {
      const m = objAt(spec, 'selector');
      if (m === undefined || Object.keys(m).length === 0) return;
      selector = mapAsSelector(m);
    } else {
      const r = labelSelectorAsSelector(prop(spec, 'selector'));
      if (!r.ok) return;
      // Job without manualSelector: the generated controller-uid label is on both sides; only the user's part can mismatch.
      selector = r.selector;
    }
    if (selector.nothing !== true && selector.requirements.length === 0) return;
    if (selectorMatches(selector, labels)) return;
    const path: FieldPath = [...ctx.basePath, 'spec', 'template', 'metadata', 'labels'];
    const at = labelsRaw !== undefined ? undefined : { at: [...ctx.basePath, 'spec', 'template', ...(has(objAt(spec, 'template'), 'metadata') ? ['metadata'] : [])], target: 'key' as const };
    report(invalid(path, goStringMap(labelsRaw), '`selector` does not match template `labels`', at));
  },
};

// ---------------------------------------------------------------------------------------------
// Workspace rules

function namespaceOf(object: unknown): string {
  const ns = strAt(objAt(object, 'metadata'), 'namespace');
  return ns === undefined || ns === '' ? 'default' : ns;
}

function nameOf(object: unknown): string {
  return strAt(objAt(object, 'metadata'), 'name') ?? strAt(objAt(object, 'metadata'), 'generateName') ?? '';
}

/** The labels of the Pods an object creates: its own (Pod) or its template's. */
export function podLabelsOf(o: WorkspaceObject): Labels | undefined {
  const loc = podSpecLocation(o.kind);
  if (loc === undefined || !isObject(o.object)) return undefined;
  return labelsOf(prop(valueAtPath(o.object, loc.metadataPath), 'labels'));
}

/** A Service whose `spec.selector` selects no Pod or pod template of the workspace in its namespace. */
export const serviceSelectsNothing: WorkspaceRule = {
  id: 'service-selects-nothing',
  family: FAMILY,
  severity: 'warning',
  scope: 'workspace',
  summary: 'a Service selector matches no Pod or pod template in the same namespace of the workspace',
  *check(objects, report) {
    const services: { readonly o: WorkspaceObject; readonly selector: ParsedSelector; readonly ns: string }[] = [];
    let step = 0;
    for (const o of objects) {
      if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
      if (o.kind !== 'Service' || o.apiVersion !== 'v1') continue;
      const spec = objAt(o.object, 'spec');
      const sel = objAt(spec, 'selector');
      if (sel === undefined || Object.keys(sel).length === 0 || strAt(spec, 'type') === 'ExternalName') continue;
      services.push({ o, selector: mapAsSelector(sel), ns: namespaceOf(o.object) });
    }
    // A run without Services with a selector reads no labels.
    if (services.length === 0) return;
    const entries: { readonly item: WorkspaceObject; readonly namespace: string; readonly labels: Labels }[] = [];
    for (const o of objects) {
      if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
      const labels = podLabelsOf(o);
      if (labels !== undefined) entries.push({ item: o, namespace: namespaceOf(o.object), labels });
    }
    const pods = createLabelIndex(entries);
    for (const { o, selector, ns } of services) {
      if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
      if (pods.matching(ns, selector).length > 0) continue;
      const path = [...o.basePath, 'spec', 'selector'];
      report(
        o,
        note(path, `selects no Pod or pod template in namespace ${JSON.stringify(ns)} of the workspace (kubectl get pods -l '${formatSelector(selector)}')`, { target: 'key' }),
      );
    }
  },
};

/** How many overlapping workloads a `workload-selectors-overlap` finding names before it counts the rest. */
export const MAX_NAMED_OVERLAPS = 3;

/**
 * A workload whose selector selects the Pods of other workloads in its namespace: their controllers fight. One finding
 * per workload, naming the first {@link MAX_NAMED_OVERLAPS} others (in workspace order) and counting the rest, so that
 * n copies of one Deployment give n findings, not n²; workloads with the same selector share one lookup.
 */
export const workloadSelectorsOverlap: WorkspaceRule = {
  id: 'workload-selectors-overlap',
  family: FAMILY,
  severity: 'warning',
  scope: 'workspace',
  summary: 'two workloads in the same namespace select the same Pods',
  *check(objects, report) {
    const workloads: Array<{ o: WorkspaceObject; selector: ParsedSelector; labels: Labels }> = [];
    let step = 0;
    for (const o of objects) {
      if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
      if (prop(objAt(o.object, 'metadata'), 'ownerReferences') !== undefined) continue;
      const selector = workloadSelectorOf(o.kind, o.apiVersion, o.object);
      if (selector === undefined || selector.nothing === true || selector.requirements.length === 0) continue;
      const labels = podLabelsOf(o);
      if (labels === undefined) continue;
      workloads.push({ o, selector, labels });
    }
    const index = createLabelIndex(workloads.map((w) => ({ item: w, namespace: namespaceOf(w.o.object), labels: w.labels })));
    const lookups = new Map<string, typeof workloads>();
    for (const a of workloads) {
      if (++step % WORKSPACE_STEP_OBJECTS === 0) yield;
      const namespace = namespaceOf(a.o.object);
      const text = formatSelector(a.selector);
      const key = `${namespace}\u0000${text}`;
      let matched = lookups.get(key);
      if (matched === undefined) {
        matched = index.matching(namespace, a.selector);
        lookups.set(key, matched);
      }
      const named: string[] = [];
      let others = 0;
      for (const b of matched) {
        if (b === a) continue;
        others++;
        if (named.length < MAX_NAMED_OVERLAPS) named.push(`${b.o.kind}/${nameOf(b.o.object)} (${b.o.uri})`);
      }
      if (others === 0) continue;
      const rest = others - named.length;
      const list = rest === 0 ? joinNames(named) : `${named.join(', ')} and ${rest} other workload${rest === 1 ? '' : 's'}`;
      report(
        a.o,
        note([...a.o.basePath, 'spec', 'selector'], `also selects the Pods of ${list}; ${others === 1 ? 'both' : 'all'} controllers will manage them (kubectl get pods -l '${text}')`, {
          target: 'key',
        }),
      );
    }
  },
};

/** `a`, `a and b`, `a, b and c`. */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** The rules of this family. */
export const SELECTOR_RULES = [workloadSelector, selectorTemplateMismatch, serviceSelectsNothing, workloadSelectorsOverlap] as const;
