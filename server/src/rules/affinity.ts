/**
 * Node affinity and pod (anti-)affinity (`validateAffinity`, `validateNodeAffinity`, `ValidateNodeSelector`,
 * `ValidateNodeSelectorTerm`, `ValidateNodeSelectorRequirement`, `ValidateNodeFieldSelectorRequirement`,
 * `ValidatePreferredSchedulingTerms`, `validatePodAffinity`, `validatePodAffinityTerm`,
 * `validateMatchLabelKeysAndMismatchLabelKeys`).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, has, isObject, objAt, objectItemsAt, prop, stringItemsAt, strAt } from './json';
import { validateLabelSelector, validateNodeSelectorRequirement } from './label-selector';
import { forbidden, invalid, required } from './messages';
import type { JsonObject, PodRule, Problem } from './rule';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './validation-strings';
import { atLeast } from './version';
import { appendAll } from '../util/arrays';

const FAMILY = 'affinity';

/** `ValidateNodeFieldSelectorRequirement` (only `metadata.name`, In/NotIn with one value). */
export function validateNodeFieldSelectorRequirement(req: JsonObject, path: FieldPath): Problem[] {
  const out: Problem[] = [];
  const op = strAt(req, 'operator');
  const values = arrAt(req, 'values') ?? [];
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) out.push(required([...path, 'values'], "must be only one value when `operator` is 'In' or 'NotIn' for node field selector", { at: has(req, 'values') ? [...path, 'values'] : path }));
  }
  // Absent keys and operators, and operators outside the enum, are schema checks.
  const k = strAt(req, 'key');
  if (k === undefined) return out;
  if (k !== 'metadata.name') out.push(invalid([...path, 'key'], k, 'not a valid field selector key'));
  else for (const [i, v] of stringItemsAt(req, 'values')) for (const m of isDNS1123Subdomain(v)) out.push(invalid([...path, 'values', i], v, m));
  return out;
}

function nodeSelectorTerm(term: unknown, path: FieldPath, allowInvalid: boolean): Problem[] {
  const out: Problem[] = [];
  for (const [j, r] of objectItemsAt(term, 'matchExpressions')) appendAll(out, validateNodeSelectorRequirement(r, [...path, 'matchExpressions', j], allowInvalid));
  for (const [j, r] of objectItemsAt(term, 'matchFields')) appendAll(out, validateNodeFieldSelectorRequirement(r, [...path, 'matchFields', j]));
  return out;
}

/** NA1-NA9. */
export const nodeAffinity: PodRule = {
  id: 'node-affinity',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'node affinity terms need valid keys, operators, values and weights',
  covers: ['NA1', 'NA2', 'NA3', 'NA4', 'NA6', 'NA7', 'NA8', 'NA9'],
  check(ctx, report) {
    const na = objAt(objAt(ctx.spec, 'affinity'), 'nodeAffinity');
    if (na === undefined) return;
    const base = [...ctx.specPath, 'affinity', 'nodeAffinity'];
    const req = objAt(na, 'requiredDuringSchedulingIgnoredDuringExecution');
    if (req !== undefined) {
      const tp = [...base, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
      const terms = arrAt(req, 'nodeSelectorTerms');
      if (terms === undefined) {
        // absent: the schema's `required-field`
      } else if (terms.length === 0) {
        report(required(tp, 'must have at least one node selector term', { target: 'value' }));
      } else {
        terms.forEach((t, i) => {
          for (const p of nodeSelectorTerm(t, [...tp, i], false)) report(p);
        });
      }
    }
    for (const [i, term] of objectItemsAt(na, 'preferredDuringSchedulingIgnoredDuringExecution')) {
      const p = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      const w = prop(term, 'weight');
      if (typeof w === 'number' && (w <= 0 || w > 100)) report(invalid([...p, 'weight'], w, 'must be in the range 1-100'));
      for (const x of nodeSelectorTerm(prop(term, 'preference'), [...p, 'preference'], true)) report(x);
    }
  },
};

function podAffinityTerm(term: JsonObject, path: FieldPath, matchLabelKeys: boolean): Problem[] {
  const out: Problem[] = [];
  appendAll(out, validateLabelSelector(prop(term, 'labelSelector'), [...path, 'labelSelector']));
  appendAll(out, validateLabelSelector(prop(term, 'namespaceSelector'), [...path, 'namespaceSelector']));
  for (const [i, ns] of stringItemsAt(term, 'namespaces')) {
    for (const m of isDNS1123Label(ns)) out.push(invalid([...path, 'namespace'], ns, m, { at: [...path, 'namespaces', i] }));
  }
  if (matchLabelKeys) {
    const mk = stringItemsAt(term, 'matchLabelKeys');
    const mmk = stringItemsAt(term, 'mismatchLabelKeys');
    if (mk.length > 0 || mmk.length > 0) {
      if (!isObject(prop(term, 'labelSelector'))) {
        if (mk.length > 0) out.push(forbidden([...path, 'matchLabelKeys'], 'must not be specified when labelSelector is not set'));
        if (mmk.length > 0) out.push(forbidden([...path, 'mismatchLabelKeys'], 'must not be specified when labelSelector is not set'));
      } else {
        for (const [field, list] of [
          ['matchLabelKeys', mk],
          ['mismatchLabelKeys', mmk],
        ] as const) {
          for (const [i, k] of list) for (const m of isQualifiedName(k)) out.push(invalid([...path, field, i], k, m));
        }
        const mismatch = new Set(mmk.map(([, k]) => k));
        for (const [i, k] of mk) {
          if (mismatch.has(k)) out.push(invalid([...path, i], k, 'exists in both matchLabelKeys and mismatchLabelKeys', { at: [...path, 'matchLabelKeys', i] }));
        }
      }
    }
  }
  const tk = strAt(term, 'topologyKey');
  if (tk === undefined) return out; // absent: the schema's `required-field`
  if (tk === '') out.push(required([...path, 'topologyKey'], 'can not be empty', { target: 'value' }));
  for (const m of isQualifiedName(tk)) out.push(invalid([...path, 'topologyKey'], tk, m));
  return out;
}

/** PA1-PA6. */
export const podAffinity: PodRule = {
  id: 'pod-affinity',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'pod affinity and anti-affinity terms need a topologyKey, valid selectors, namespaces and weights',
  covers: ['PA1', 'PA2', 'PA3', 'PA4', 'PA5', 'PA6'],
  check(ctx, report) {
    const aff = objAt(ctx.spec, 'affinity');
    const mlk = atLeast(ctx.kubernetesVersion, 1, 31);
    for (const kind of ['podAffinity', 'podAntiAffinity']) {
      const pa = objAt(aff, kind);
      if (pa === undefined) continue;
      const base = [...ctx.specPath, 'affinity', kind];
      for (const [i, term] of objectItemsAt(pa, 'requiredDuringSchedulingIgnoredDuringExecution')) {
        for (const p of podAffinityTerm(term, [...base, 'requiredDuringSchedulingIgnoredDuringExecution', i], mlk)) report(p);
      }
      for (const [i, wt] of objectItemsAt(pa, 'preferredDuringSchedulingIgnoredDuringExecution')) {
        const p = [...base, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        const w = prop(wt, 'weight');
        if (typeof w === 'number' && (w <= 0 || w > 100)) report(invalid([...p, 'weight'], w, 'must be in the range 1-100'));
        const term = objAt(wt, 'podAffinityTerm');
        if (term !== undefined) for (const x of podAffinityTerm(term, [...p, 'podAffinityTerm'], mlk)) report(x);
      }
    }
  },
};

/** The rules of this family. */
export const AFFINITY_RULES = [nodeAffinity, podAffinity] as const;
