/**
 * Tolerations (`ValidateTolerations`, `validateTaintEffect`), also in the legacy
 * `scheduler.alpha.kubernetes.io/tolerations` annotation.
 */
import type { FieldPath } from '../document/field-path';
import { formatFieldPath } from '../document/field-path';
import { has, isObject, objAt, objectItemsAt, prop, strAt } from './json';
import { invalid, key, notSupported } from './messages';
import type { JsonObject, PodRule, Problem } from './rule';
import { isQualifiedName, isValidLabelValue } from './validation-strings';

const FAMILY = 'tolerations';
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `ValidateTolerations` for one toleration at `path` (`<P>.tolerations[i]`). */
export function validateToleration(t: JsonObject, path: FieldPath, showAt?: FieldPath): Problem[] {
  const out: Problem[] = [];
  const at = (_field: string): { at: FieldPath } | undefined => (showAt === undefined ? undefined : { at: showAt });
  const k = strAt(t, 'key') ?? '';
  const op = strAt(t, 'operator') ?? '';
  const value = strAt(t, 'value') ?? '';
  const effect = strAt(t, 'effect') ?? '';
  if (k !== '') for (const m of isQualifiedName(k)) out.push(invalid([...path, 'key'], k, m, at('key')));
  if (k === '' && op !== 'Exists') {
    out.push(invalid([...path, 'operator'], op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"', showAt === undefined && !has(t, 'operator') ? { at: path, target: 'key' } : at('operator')));
  }
  if (has(t, 'tolerationSeconds') && effect !== 'NoExecute') {
    out.push(invalid([...path, 'effect'], effect, "effect must be 'NoExecute' when `tolerationSeconds` is set", showAt === undefined && !has(t, 'effect') ? { at: [...path, 'tolerationSeconds'], target: 'key' } : at('effect')));
  }
  const opAt = showAt === undefined ? (has(t, 'operator') ? undefined : { at: has(t, 'value') ? [...path, 'value'] : path }) : { at: showAt };
  if (op === 'Equal' || op === '') {
    const errs = isValidLabelValue(value);
    if (errs.length > 0) out.push(invalid([...path, 'operator'], value, errs.join(';'), opAt));
  } else if (op === 'Exists') {
    if (value !== '') out.push(invalid([...path, 'operator'], t, "value must be empty when `operator` is 'Exists'", opAt));
  } else if (op === 'Gt' || op === 'Lt' || showAt !== undefined) {
    // Other values are the schema's `unsupported-value`; its enum already lists Gt and Lt
    // (TaintTolerationComparisonOperators), which the apiserver rejects while that gate is off.
    out.push(notSupported([...path, 'operator'], op, ['Equal', 'Exists'], at('operator')));
  }
  if (showAt !== undefined && effect !== '' && !EFFECTS.includes(effect)) out.push(notSupported([...path, 'effect'], effect, EFFECTS, at('effect')));
  return out;
}

const ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';

/** TL1-TL7, A6. */
export const tolerations: PodRule = {
  id: 'tolerations',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'tolerations need a valid key, operator, value and effect that fit together',
  covers: ['TL1', 'TL2', 'TL3', 'TL4', 'TL5', 'TL6', 'TL7', 'A6'],
  check(ctx, report) {
    for (const [i, t] of objectItemsAt(ctx.spec, 'tolerations')) {
      for (const p of validateToleration(t, [...ctx.specPath, 'tolerations', i])) report(p);
    }
    const raw = prop(objAt(ctx.metadata, 'annotations'), ANNOTATION);
    if (typeof raw !== 'string') return;
    const showAt: FieldPath = [...ctx.metadataPath, 'annotations', key(ANNOTATION)];
    const base = `${formatFieldPath(ctx.isTemplate ? [...ctx.templatePath, 'annotations'] : [...ctx.metadataPath, 'annotations'])}.${ANNOTATION}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      report(invalid([base], raw, 'unable to parse tolerations annotation', { at: showAt }));
      return;
    }
    if (!Array.isArray(parsed)) return;
    parsed.forEach((t, i) => {
      if (isObject(t)) for (const p of validateToleration(t, [base, i], showAt)) report(p);
    });
  },
};

/** The rules of this family. */
export const TOLERATION_RULES = [tolerations] as const;
