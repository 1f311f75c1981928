/**
 * Kubernetes version strings ("1.35", "v1.29.3") and comparisons.
 */
import type { KubernetesVersion } from './rule';

/** The version podls assumes when none is given or the given one does not parse. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 35 };

/**
 * Parses "1.35", "v1.35", "1.35.2" or "1.35+" into `{ major, minor }`; undefined when it does not parse.
 */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?\+?$/.exec(text.trim());
  if (m === null) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Negative, zero or positive as `a` is older than, equal to, or newer than `b`. */
export function compareVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** True when `v` is at least `major.minor`. */
export function atLeast(v: KubernetesVersion, major: number, minor: number): boolean {
  return compareVersions(v, { major, minor }) >= 0;
}

/** True when `v` is within [min, max] (either bound optional, version strings as in rule metadata). */
export function inVersionRange(v: KubernetesVersion, min: string | undefined, max: string | undefined): boolean {
  if (min === undefined && max === undefined) return true;
  const lo = min === undefined ? undefined : parseKubernetesVersion(min);
  const hi = max === undefined ? undefined : parseKubernetesVersion(max);
  if (lo !== undefined && compareVersions(v, lo) < 0) return false;
  if (hi !== undefined && compareVersions(v, hi) > 0) return false;
  return true;
}

/** Renders `{1, 35}` as "1.35". */
export function formatKubernetesVersion(v: KubernetesVersion): string {
  return `${v.major}.${v.minor}`;
}
