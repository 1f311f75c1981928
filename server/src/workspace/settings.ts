/**
 * podls settings, as VS Code's `podls.*` configuration and the CLI's flags give them.
 * Parsed from `unknown` (the client may send anything) into a typed, immutable value; unknown or
 * malformed entries fall back to defaults and are reported as problems, never thrown.
 */
import type { SeveritySetting } from '../rules/rule';
import { LEVELS, parseLevel, parseVersion, POLICY_KEYS } from '../rules/pod-security/policy';
import { formatKubernetesVersion, parseKubernetesVersion } from '../rules/version';

/** Resolved settings. */
export interface Settings {
  /** `podls.schema.openapi`: OpenAPI v3 files or directories; empty = the bundled schema. */
  readonly openapi: readonly string[];
  /** `podls.kubernetesVersion`: the target minor version, e.g. `1.30`; undefined = the schema's version. */
  readonly kubernetesVersion: string | undefined;
  /** `podls.rules`: per-rule severity or `off`, by rule id. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** `podls.bestPractices`: turns the opt-in best-practice rules on. */
  readonly bestPractices: boolean;
  /** `podls.missingReferences`: severity of references to ConfigMaps/Secrets/PVCs not found in the workspace. */
  readonly missingReferences: SeveritySetting;
  /**
   * `podls.previous`: the previous revision the update rules compare open files with: `git:<rev>` (default
   * `git:HEAD`, the committed file) or `off`. Untrusted workspaces ignore it (no git process is started).
   */
  readonly previous: string;
  /**
   * `podls.podSecurity`: the Pod Security policy of namespaces without a Namespace object in the workspace, as
   * `pod-security.kubernetes.io/` label names without the prefix (`enforce`, `enforce-version`, `audit`,
   * `audit-version`, `warn`, `warn-version`) and their values (`restricted`, `v1.30`). Empty: privileged.
   */
  readonly podSecurity: Readonly<Record<string, string>>;
}

/** The defaults: bundled schema, its version, every rule at its default severity, best practices off. */
export const DEFAULT_SETTINGS: Settings = {
  openapi: [],
  kubernetesVersion: undefined,
  rules: {},
  bestPractices: false,
  missingReferences: 'hint',
  previous: 'git:HEAD',
  podSecurity: {},
};

/**
 * The git revision a `podls.previous` value names (`git:HEAD` -> `HEAD`), or undefined for `off` and, when
 * `trusted` is false, always (untrusted workspaces start no git process).
 */
export function previousRevision(setting: string, trusted = true): string | undefined {
  if (!trusted) return undefined;
  return setting.startsWith('git:') && setting.length > 4 ? setting.slice(4) : undefined;
}

/**
 * Checks one `podls.podSecurity` / `--pod-security` entry: the key must be one of the six label names without their
 * prefix, the value a level (`privileged`, `baseline`, `restricted`) or a version (`latest`, `v1.30`) as the key
 * wants. Returns a problem sentence, or undefined when the entry is fine. An entry with a bad value still applies
 * as the apiserver applies a bad namespace label (an invalid enforce level is restricted, a version latest).
 */
export function podSecurityEntryProblem(key: string, value: string): string | undefined {
  if (!POLICY_KEYS.includes(key)) return `"${key}" is not one of ${POLICY_KEYS.join(', ')}`;
  if (key.endsWith('-version')) return parseVersion(value) === undefined ? `${key}: "${value}" must be "latest" or "v1.x"` : undefined;
  return parseLevel(value) === undefined ? `${key}: "${value}" must be one of ${LEVELS.join(', ')}` : undefined;
}

const SEVERITY_SETTINGS: readonly string[] = ['off', 'hint', 'info', 'information', 'warning', 'error'];

/** True when `value` is a valid rule severity setting (`off`, `hint`, `info`, `information`, `warning`, `error`). */
export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && SEVERITY_SETTINGS.includes(value);
}

/**
 * Normalises a Kubernetes version setting to its minor version: `v1.30.2` -> `1.30`; undefined when it is not a
 * version (rules/version.ts parseKubernetesVersion decides what is one).
 */
export function normalizeKubernetesVersion(value: string): string | undefined {
  const version = parseKubernetesVersion(value);
  return version === undefined ? undefined : formatKubernetesVersion(version);
}

/**
 * Parses the `podls` configuration section (the object VS Code returns for `workspace/configuration`
 * with section `podls`). Returns the settings and a list of human-readable problems for bad entries.
 */
export function parseSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (raw === null || raw === undefined || typeof raw !== 'object') return { settings: DEFAULT_SETTINGS, problems };
  const section = raw as Record<string, unknown>;

  const schema = section['schema'];
  const openapiRaw = schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>)['openapi'] : undefined;
  let openapi: readonly string[] = [];
  if (typeof openapiRaw === 'string') openapi = openapiRaw === '' ? [] : [openapiRaw];
  else if (Array.isArray(openapiRaw)) openapi = openapiRaw.filter((p): p is string => typeof p === 'string' && p !== '');
  else if (openapiRaw !== undefined && openapiRaw !== null) problems.push('podls.schema.openapi must be a list of paths');

  let kubernetesVersion: string | undefined;
  const versionRaw = section['kubernetesVersion'];
  if (typeof versionRaw === 'string' && versionRaw !== '') {
    kubernetesVersion = normalizeKubernetesVersion(versionRaw);
    if (kubernetesVersion === undefined) problems.push(`podls.kubernetesVersion: "${versionRaw}" is not a version like 1.30`);
  }

  const rules: Record<string, SeveritySetting> = {};
  const rulesRaw = section['rules'];
  if (rulesRaw !== null && typeof rulesRaw === 'object' && !Array.isArray(rulesRaw)) {
    for (const [id, value] of Object.entries(rulesRaw as Record<string, unknown>)) {
      if (isSeveritySetting(value)) rules[id] = value;
      else problems.push(`podls.rules.${id}: "${String(value)}" is not one of ${SEVERITY_SETTINGS.join(', ')}`);
    }
  }

  const missingRaw = section['missingReferences'];
  const missingReferences = isSeveritySetting(missingRaw) ? missingRaw : DEFAULT_SETTINGS.missingReferences;
  if (missingRaw !== undefined && !isSeveritySetting(missingRaw)) problems.push(`podls.missingReferences: "${String(missingRaw)}" is not one of ${SEVERITY_SETTINGS.join(', ')}`);

  const previousRaw = section['previous'];
  let previous = DEFAULT_SETTINGS.previous;
  if (previousRaw === 'off' || (typeof previousRaw === 'string' && /^git:[^\s-][^\s]*$/.test(previousRaw))) previous = previousRaw;
  else if (previousRaw !== undefined && previousRaw !== null && previousRaw !== '') problems.push(`podls.previous: "${String(previousRaw)}" is not "off" or "git:<revision>"`);
  const podSecurity: Record<string, string> = {};
  const podSecurityRaw = section['podSecurity'];
  if (podSecurityRaw !== null && typeof podSecurityRaw === 'object' && !Array.isArray(podSecurityRaw)) {
    for (const [key, value] of Object.entries(podSecurityRaw as Record<string, unknown>)) {
      if (!POLICY_KEYS.includes(key)) problems.push(`podls.podSecurity: "${key}" is not one of ${POLICY_KEYS.join(', ')}`);
      else if (typeof value !== 'string') problems.push(`podls.podSecurity.${key}: must be a string`);
      else if (value !== '') {
        const problem = podSecurityEntryProblem(key, value);
        if (problem !== undefined) problems.push(`podls.podSecurity.${problem}`);
        podSecurity[key] = value;
      }
    }
  } else if (podSecurityRaw !== undefined && podSecurityRaw !== null) problems.push('podls.podSecurity must be an object such as { "enforce": "restricted" }');

  return {
    settings: {
      openapi,
      kubernetesVersion,
      rules,
      bestPractices: section['bestPractices'] === true,
      missingReferences,
      previous,
      podSecurity,
    },
    problems,
  };
}
