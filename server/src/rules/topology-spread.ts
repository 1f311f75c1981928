/**
 * Topology spread constraints (`validateTopologySpreadConstraints`, `ValidateMaxSkew`,
 * `ValidateTopologyKey`, `ValidateWhenUnsatisfiable`, `ValidateSpreadConstraintNotRepeat`,
 * `validateMinDomains`, `validateNodeInclusionPolicy`, `validateMatchLabelKeysInTopologySpread`).
 */
import { has, isObject, objAt, objectItemsAt, prop, stringItemsAt, strAt } from './json';
import { validateLabelSelector } from './label-selector';
import { duplicate, forbidden, invalid, required } from './messages';
import type { PodRule } from './rule';
import { isQualifiedName } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'topology-spread';

/** TS1-TS8. */
export const topologySpread: PodRule = {
  id: 'topology-spread',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'topology spread constraints need maxSkew > 0 and a topologyKey, without repeats',
  covers: ['TS1', 'TS2', 'TS4', 'TS5', 'TS7', 'TS8'],
  check(ctx, report) {
    const list = objectItemsAt(ctx.spec, 'topologySpreadConstraints');
    list.forEach(([i, c], n) => {
      const p = [...ctx.specPath, 'topologySpreadConstraints', i];
      const skew = prop(c, 'maxSkew');
      // Absent maxSkew, topologyKey and whenUnsatisfiable are the schema's `required-field`.
      if (typeof skew === 'number' && skew <= 0) report(invalid([...p, 'maxSkew'], skew, 'must be greater than zero'));
      const tk = strAt(c, 'topologyKey') ?? '';
      if (tk === '' && has(c, 'topologyKey')) report(required([...p, 'topologyKey'], 'can not be empty', { target: 'value' }));
      const wu = strAt(c, 'whenUnsatisfiable') ?? '';
      for (const [, rest] of list.slice(n + 1)) {
        if ((strAt(rest, 'topologyKey') ?? '') === tk && (strAt(rest, 'whenUnsatisfiable') ?? '') === wu) {
          report(duplicate([...p, '{topologyKey, whenUnsatisfiable}'], `{${tk}, ${wu}}`, { at: p, target: 'key' }));
          break;
        }
      }
      const md = prop(c, 'minDomains');
      if (typeof md === 'number') {
        if (md <= 0) report(invalid([...p, 'minDomains'], md, 'must be greater than zero'));
        if (wu !== 'DoNotSchedule') report(invalid([...p, 'minDomains'], md, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${wu}`));
      }
      const keys = stringItemsAt(c, 'matchLabelKeys');
      if (keys.length > 0) {
        const sel = prop(c, 'labelSelector');
        if (!isObject(sel)) report(forbidden([...p, 'matchLabelKeys'], 'must not be specified when labelSelector is not set'));
        else {
          const selKeys = new Set<string>([
            ...Object.keys(objAt(sel, 'matchLabels') ?? {}),
            ...objectItemsAt(sel, 'matchExpressions').map(([, e]) => strAt(e, 'key') ?? ''),
          ]);
          const merge = atLeast(ctx.kubernetesVersion, 1, 34);
          for (const [j, k] of keys) {
            for (const m of isQualifiedName(k)) report(invalid([...p, 'matchLabelKeys', j], k, m));
            if (!merge && selKeys.has(k)) report(invalid([...p, 'matchLabelKeys', j], k, 'exists in both matchLabelKeys and labelSelector'));
          }
        }
      }
      for (const x of validateLabelSelector(prop(c, 'labelSelector'), [...p, 'labelSelector'])) report(x);
    });
  },
};

/** The rules of this family. */
export const TOPOLOGY_SPREAD_RULES = [topologySpread] as const;
