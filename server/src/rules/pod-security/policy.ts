/**
 * Pod Security admission policies: levels, policy versions, the namespace labels that select them, and how a
 * namespace's labels resolve to the enforce/audit/warn policies (`k8s.io/pod-security-admission` `api/helpers.go`
 * `ParseLevel`, `ParseVersion`, `PolicyToEvaluate`; ../shared/pod-security-standards.md §0, rows L1-L11).
 */
import { formatFieldPath } from '../../document/field-path';
import { renderMessage } from '../messages';
import type { KubernetesVersion } from '../rule';

/** A Pod Security Standards level, from least to most strict. */
export type Level = 'privileged' | 'baseline' | 'restricted';

/** The levels in order of strictness (the `must be one of` list of `ParseLevel`). */
export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: `latest`, or `v1.<minor>` as the `-version` label wrote it. */
export type PolicyVersion = { readonly latest: true } | { readonly latest: false; readonly minor: number };

/** `latest`. */
export const LATEST: PolicyVersion = { latest: true };

/** A level at a version, printed `restricted:latest`, `baseline:v1.30` (`LevelVersion.String`). */
export interface LevelVersion {
  readonly level: Level;
  readonly version: PolicyVersion;
}

/** The three modes of a namespace's policy. */
export interface Policy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

/** The modes, in label order. */
export type Mode = 'enforce' | 'audit' | 'warn';

/** The label prefix `pod-security.kubernetes.io/`. */
export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The six label names without their prefix, in the order the apiserver reports their errors. */
export const POLICY_KEYS: readonly string[] = ['enforce', 'enforce-version', 'audit', 'audit-version', 'warn', 'warn-version'];

/** The policy of a kube-apiserver without a PodSecurityConfiguration (L5): every mode `privileged:latest`. */
export const DEFAULT_POLICY: Policy = {
  enforce: { level: 'privileged', version: LATEST },
  audit: { level: 'privileged', version: LATEST },
  warn: { level: 'privileged', version: LATEST },
};

/** `ParseLevel`: the level, or undefined when the value is not exactly one of the three levels (L3). */
export function parseLevel(value: string): Level | undefined {
  return (LEVELS as readonly string[]).includes(value) ? (value as Level) : undefined;
}

/** `ParseVersion`: `latest` or `v1.<minor>` (`^v1\.([0-9]|[1-9][0-9]*)$`), else undefined (L4). */
export function parseVersion(value: string): PolicyVersion | undefined {
  if (value === 'latest') return LATEST;
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(value);
  if (m === null) return undefined;
  const minor = Number(m[1]);
  return Number.isSafeInteger(minor) ? { latest: false, minor } : undefined;
}

/** `latest` or `v1.30`. */
export function formatVersion(version: PolicyVersion): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}

/** `restricted:latest` (L8). */
export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${formatVersion(lv.version)}`;
}

/** Strictness order of two levels: negative, zero or positive as `a` is less strict, as strict, stricter. */
export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

/** One invalid label, as the apiserver reports it (`field.Invalid(metadata.labels[<label>], value, detail)`). */
export interface LabelError {
  /** The label name without its prefix (`enforce`, `warn-version`). */
  readonly key: string;
  readonly value: string;
  /** `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "Restricted": must be one of privileged, baseline, restricted`. */
  readonly message: string;
}

/** A policy resolved from labels, with the errors of the labels that did not parse. */
export interface ResolvedPolicy {
  readonly policy: Policy;
  readonly errors: readonly LabelError[];
}

function labelError(key: string, value: string, detail: string): LabelError {
  const path = formatFieldPath(['metadata', 'labels', { key: `${LABEL_PREFIX}${key}` }]);
  return { key, value, message: renderMessage(path, { type: 'Invalid', value, detail }) };
}

const LEVEL_DETAIL = `must be one of ${LEVELS.join(', ')}`;
const VERSION_DETAIL = 'must be "latest" or "v1.x"';

/**
 * Resolves the policy of a namespace from its pod-security labels, given without their prefix
 * (`{ enforce: 'restricted', 'warn-version': 'v1.30' }`), on the kube-apiserver release `apiserver`
 * (`PolicyToEvaluate`). Missing labels keep the defaults (privileged:latest); an invalid level is an error and
 * counts as restricted for enforce (fail closed) and privileged for audit and warn (fail open); an invalid version
 * is an error and counts as latest. From apiserver 1.26, warn follows a valid enforce level stricter than the warn
 * level when no warn label is set, with the enforce version unless a warn-version label is set (L6).
 */
export function resolvePolicy(labels: Readonly<Record<string, string>>, apiserver: KubernetesVersion): ResolvedPolicy {
  const errors: LabelError[] = [];
  const modes: Record<Mode, { level: Level; version: PolicyVersion }> = {
    enforce: { ...DEFAULT_POLICY.enforce },
    audit: { ...DEFAULT_POLICY.audit },
    warn: { ...DEFAULT_POLICY.warn },
  };
  let enforceLevelValid = false;
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const levelText = labels[mode];
    if (levelText !== undefined) {
      const level = parseLevel(levelText);
      if (level === undefined) errors.push(labelError(mode, levelText, LEVEL_DETAIL));
      modes[mode].level = level ?? (mode === 'enforce' ? 'restricted' : 'privileged');
      if (mode === 'enforce') enforceLevelValid = level !== undefined;
    }
    const versionText = labels[`${mode}-version`];
    if (versionText !== undefined) {
      const version = parseVersion(versionText);
      if (version === undefined) errors.push(labelError(`${mode}-version`, versionText, VERSION_DETAIL));
      modes[mode].version = version ?? LATEST;
    }
  }
  const warnFollows = apiserver.major > 1 || apiserver.minor >= 26;
  if (warnFollows && labels['warn'] === undefined && enforceLevelValid && compareLevels(modes.enforce.level, modes.warn.level) > 0) {
    modes.warn.level = modes.enforce.level;
    if (labels['warn-version'] === undefined) modes.warn.version = modes.enforce.version;
  }
  errors.sort((a, b) => POLICY_KEYS.indexOf(a.key) - POLICY_KEYS.indexOf(b.key));
  return { policy: modes, errors };
}

/**
 * The pod-security labels of a label map, without their prefix; undefined when there are none.
 * Non-string values are ignored (the apiserver's own label validation reports them).
 */
export function podSecurityLabels(labels: unknown): Record<string, string> | undefined {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return undefined;
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    if (!key.startsWith(LABEL_PREFIX)) continue;
    const name = key.slice(LABEL_PREFIX.length);
    if (!POLICY_KEYS.includes(name)) continue;
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text === undefined) continue;
    out = { ...(out ?? {}), [name]: text };
  }
  return out;
}

/** True when every mode is privileged (nothing to evaluate, E5). */
export function isPrivileged(policy: Policy): boolean {
  return policy.enforce.level === 'privileged' && policy.warn.level === 'privileged' && policy.audit.level === 'privileged';
}
