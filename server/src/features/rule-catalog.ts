/**
 * Every rule id podls can report, with its metadata: the YAML problem rules, the schema rules
 * (features/schema-validation.ts) and the apiserver and best-practice rules (rules/registry.ts).
 * Used for SARIF rule descriptors, `--rule` validation and docs/rules.md checks.
 */
import { ALL_RULES } from '../rules/registry';
import { UPDATE_RULES } from '../rules/update/engine';
import type { RuleMeta } from '../rules/rule';
import { SCHEMA_RULES } from './schema-validation';

/** Rules for problems the YAML parser reports (family `yaml`). */
export const YAML_RULES: readonly RuleMeta[] = [
  { id: 'yaml-syntax', family: 'yaml', severity: 'error', summary: 'YAML syntax error' },
  { id: 'yaml-tab-indentation', family: 'yaml', severity: 'error', summary: 'Tab characters used for indentation' },
  { id: 'duplicate-key', family: 'yaml', severity: 'error', summary: 'The same key twice in one mapping (strict decoding rejects it)' },
  { id: 'yaml-alias-limit', family: 'yaml', severity: 'error', summary: 'Alias expansion exceeds the limit (a YAML alias bomb)' },
  { id: 'yaml-nesting-limit', family: 'yaml', severity: 'error', summary: 'Collections nest deeper than podls analyses (200 levels)' },
  { id: 'document-too-large', family: 'yaml', severity: 'warning', summary: 'A document above the kube-apiserver request limit (3 MiB); only its YAML syntax is checked' },
];

/** Rules of the navigation layer (family `references`). */
export const REFERENCE_RULES: readonly RuleMeta[] = [
  { id: 'missing-reference', family: 'references', severity: 'hint', summary: 'A ConfigMap, Secret, PVC or ServiceAccount that the workspace does not define' },
];

/** The rule of problems in a `.podls.yaml` project file, which the language server reports on that file. */
export const CONFIG_RULES: readonly RuleMeta[] = [
  { id: 'podls-config', family: 'configuration', severity: 'warning', summary: 'A .podls.yaml entry podls cannot use (unknown key, bad value, invalid YAML)' },
];

/** All rules, YAML first, then schema, then the rules engine's, then references, configuration and the update rules (issue 14), each id once. */
export function ruleCatalog(): readonly RuleMeta[] {
  const seen = new Set<string>();
  const out: RuleMeta[] = [];
  for (const rule of [...YAML_RULES, ...SCHEMA_RULES, ...ALL_RULES, ...REFERENCE_RULES, ...CONFIG_RULES, ...UPDATE_RULES]) {
    if (seen.has(rule.id)) continue;
    seen.add(rule.id);
    out.push({ id: rule.id, family: rule.family, severity: rule.severity, summary: rule.summary, ...(rule.bestPractice ? { bestPractice: true } : {}) });
  }
  return out;
}
