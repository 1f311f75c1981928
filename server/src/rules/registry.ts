/**
 * Every rule of the engine, in a stable order (family by family), with lookups by id and the metadata
 * that SARIF output and docs/rules.md need.
 */
import { AFFINITY_RULES } from './affinity';
import { API_VERSION_RULES } from './api-versions';
import { BEST_PRACTICE_RULES } from './best-practices';
import { CONTAINER_RULES } from './containers';
import { ENV_RULES } from './env';
import { JOB_RULES } from './jobs';
import { LIFECYCLE_HOOK_RULES } from './lifecycle-hooks';
import { METADATA_RULES } from './metadata';
import { POD_SPEC_RULES } from './pod-spec';
import { POD_SECURITY_RULES } from './pod-security/rules';
import { PORT_RULES } from './ports';
import { PROBE_RULES } from './probes';
import { RESOURCE_RULES } from './resources';
import type { Rule, RuleMeta } from './rule';
import { SECURITY_CONTEXT_RULES } from './security-context';
import { SELECTOR_RULES } from './selectors';
import { TOLERATION_RULES } from './tolerations';
import { TOPOLOGY_SPREAD_RULES } from './topology-spread';
import { VOLUME_RULES } from './volumes';
import { WORKLOAD_RULES } from './workloads';

/** All rules: apiserver rules first (by family), then workspace rules, then best practices. */
export const ALL_RULES: readonly Rule[] = [
  ...API_VERSION_RULES,
  ...METADATA_RULES,
  ...POD_SPEC_RULES,
  ...CONTAINER_RULES,
  ...PORT_RULES,
  ...ENV_RULES,
  ...PROBE_RULES,
  ...LIFECYCLE_HOOK_RULES,
  ...VOLUME_RULES,
  ...RESOURCE_RULES,
  ...SECURITY_CONTEXT_RULES,
  ...TOLERATION_RULES,
  ...AFFINITY_RULES,
  ...TOPOLOGY_SPREAD_RULES,
  ...SELECTOR_RULES,
  ...WORKLOAD_RULES,
  ...JOB_RULES,
  ...POD_SECURITY_RULES,
  ...BEST_PRACTICE_RULES,
];

const BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Metadata of every rule (no check functions), for SARIF `tool.driver.rules` and docs. */
export function ruleMetadata(): RuleMeta[] {
  return ALL_RULES.map((r) => {
    const meta: RuleMeta = {
      id: r.id,
      family: r.family,
      severity: r.severity,
      summary: r.summary,
      ...(r.bestPractice === true ? { bestPractice: true } : {}),
      ...(r.minVersion !== undefined ? { minVersion: r.minVersion } : {}),
      ...(r.maxVersion !== undefined ? { maxVersion: r.maxVersion } : {}),
      ...(r.covers !== undefined ? { covers: r.covers } : {}),
    };
    return meta;
  });
}

/** The catalogue rows (apiserver-rules.md ids) covered by some rule, mapped to the covering rule ids. */
export function coveredCatalogueRows(): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const r of ALL_RULES) {
    for (const row of r.covers ?? []) out.set(row, [...(out.get(row) ?? []), r.id]);
  }
  return out;
}

/**
 * Catalogue rows that the schema checks (features/schema-validation.ts) report: `unsupported-value`
 * where the bundled schema declares the field's enum, `required-field` where it requires the field.
 * The rules engine leaves these alone so that one mistake gives one diagnostic (generally, rules
 * report Required only for fields present with an empty value when the schema requires the field).
 * Values name the field.
 */
export const SCHEMA_CHECKED_ROWS: Readonly<Record<string, string>> = {
  WS1: 'DeploymentSpec / ReplicaSetSpec / StatefulSetSpec.selector (required-field)',
  P2: 'PodSpec.restartPolicy',
  P3: 'PodSpec.dnsPolicy',
  P18: 'PodSpec.preemptionPolicy',
  CT7: 'Container.terminationMessagePolicy',
  CT8: 'Container.imagePullPolicy',
  PT6: 'ContainerPort.protocol',
  PR5: 'HTTPGetAction.scheme',
  V9: 'HostPathVolumeSource.type',
  VM8: 'VolumeMount.mountPropagation',
  SC10: 'PodSecurityContext.fsGroupChangePolicy',
  TS3: 'TopologySpreadConstraint.whenUnsatisfiable',
  TS6: 'TopologySpreadConstraint.nodeAffinityPolicy / nodeTaintsPolicy',
  NA5: 'NodeSelectorRequirement.operator',
  D5: 'DeploymentStrategy.type',
  S1: 'StatefulSetSpec.podManagementPolicy',
  S2: 'StatefulSetUpdateStrategy.type',
  DS3: 'DaemonSetUpdateStrategy.type',
  J6: 'JobSpec.completionMode',
  CJ5: 'CronJobSpec.concurrencyPolicy',
};
