/**
 * The project configuration file `.podls.yaml` (or `.podls.yml`): include/exclude globs and the same settings as
 * the editor's `podls.*` configuration, for `podls check` and the language server. It is found upward from the
 * checked file (the nearest one wins); editor settings and command-line flags override it.
 *
 * Format (documented by schemas/podls-config.schema.json and README.md):
 * ```yaml
 * include: ["k8s/**"]            # globs relative to this file's directory; default: every *.yaml / *.yml file
 * exclude: ["charts/**", "**\/values*.yaml"]
 * kubernetesVersion: "1.30"
 * bestPractices: true
 * missingReferences: warning
 * rules: { image-tag-latest: "off", finalizers: warning }
 * schema: { openapi: [openapi/] } # relative to this file's directory
 * ```
 * Globs are picomatch globs over paths relative to the configuration file's directory, `/`-separated. A glob
 * without `/` matches a file or directory name at any depth (as in .gitignore); a glob that matches a directory
 * excludes everything below it.
 */
import * as path from 'path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import { nodeRange } from '../document/locate';
import type { Snapshot } from '../document/snapshot';
import type { DiagnosticInfo } from '../features/diagnostics';
import { CONFIG_RULES, ruleCatalog } from '../features/rule-catalog';
import type { OffsetRange } from '../util/range';
import { DEFAULT_SETTINGS, parseSettings } from './settings';
import type { Settings } from './settings';

/** The file names podls looks for, in order, in each directory. */
export const PROJECT_CONFIG_NAMES: readonly string[] = ['.podls.yaml', '.podls.yml'];

/** A parsed `.podls.yaml`. */
export interface ProjectConfig {
  /** Absolute path of the configuration file. */
  readonly file: string;
  /** Its directory: globs and relative OpenAPI paths are relative to it. */
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** The settings it sets, over the defaults; `openapi` paths are absolute. */
  readonly settings: Settings;
  /**
   * The keys it sets (`kubernetesVersion`, `rules`, ...), so that merging knows which of its values are chosen and
   * which are defaults.
   */
  readonly keys: ReadonlySet<string>;
  /** Problems met while reading it (unknown keys, bad values), one sentence each, prefixed by the file name. */
  readonly problems: readonly string[];
  /** The same problems without the file name, each starting with the key it is about (`rules.x: ...`). */
  readonly issues: readonly string[];
  /** The compiled `exclude` globs. */
  readonly excludeFilter: PathFilter;
  /** The compiled `include` globs; undefined when there are none (everything is included). */
  readonly includeFilter: PathFilter | undefined;
}

/** The top-level keys of a configuration file (schemas/podls-config.schema.json documents each). */
export const PROJECT_CONFIG_KEYS: ReadonlySet<string> = new Set(['include', 'exclude', 'kubernetesVersion', 'rules', 'bestPractices', 'missingReferences', 'schema']);

function globList(value: unknown, key: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (list === undefined || !list.every((g): g is string => typeof g === 'string' && g !== '')) {
    problems.push(`${key} must be a list of glob strings`);
    return [];
  }
  return list.filter((g) => {
    if (compileGlob(g, g) !== undefined) return true;
    problems.push(`${key}: ${JSON.stringify(g.length > 80 ? `${g.slice(0, 80)}...` : g)} is not a glob podls can use`);
    return false;
  });
}

/**
 * Parses the text of a configuration file at `file` (absolute). Never throws: YAML errors and bad values become
 * `problems`, and the values that parse are kept.
 */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  const dir = path.dirname(file);
  const problems: string[] = [];
  let raw: unknown;
  try {
    const doc = parseDocument(text);
    const error = doc.errors[0];
    if (error !== undefined) problems.push(`not valid YAML (${error.message.split('\n')[0] ?? ''}); its settings are ignored`);
    else raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    problems.push(`not valid YAML (${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}); its settings are ignored`);
  }
  const section: Record<string, unknown> = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (raw !== undefined && raw !== null && section !== raw) problems.push('the file must hold a mapping of settings');
  for (const k of Object.keys(section)) if (!PROJECT_CONFIG_KEYS.has(k)) problems.push(`unknown key "${k}"`);
  const version = section['kubernetesVersion'];
  if (typeof version === 'number') problems.push(`kubernetesVersion: quote the version ("1.30"): unquoted, YAML reads ${String(version)} as a number`);
  const parsed = parseSettings(section);
  problems.push(...parsed.problems.map((p) => p.replace(/^podls\./, '')));
  const known = new Set(ruleCatalog().map((r) => r.id));
  for (const id of Object.keys(parsed.settings.rules)) if (!known.has(id)) problems.push(`rules.${id}: unknown rule id (docs/rules.md lists them)`);
  const settings: Settings = { ...parsed.settings, openapi: parsed.settings.openapi.map((p) => path.resolve(dir, p)) };
  const include = globList(section['include'], 'include', problems);
  const exclude = globList(section['exclude'], 'exclude', problems);
  return {
    file,
    dir,
    include,
    exclude,
    excludeFilter: pathFilter(dir, exclude),
    includeFilter: include.length === 0 ? undefined : pathFilter(dir, include),
    settings,
    keys: new Set(Object.keys(section).filter((k) => PROJECT_CONFIG_KEYS.has(k))),
    problems: problems.map((p) => `${file}: ${p}`),
    issues: problems,
  };
}

/** Reads a file as text, or undefined when it does not exist or cannot be read. */
export type ReadText = (file: string) => string | undefined;

/**
 * The nearest configuration file at or above `dir` (absolute), parsed; undefined when there is none up to the
 * file system root. `cache` (directory -> result) spares repeated lookups for the files of one run.
 */
export function findProjectConfig(dir: string, read: ReadText, cache?: Map<string, ProjectConfig | undefined>): ProjectConfig | undefined {
  const visited: string[] = [];
  let found: ProjectConfig | undefined;
  for (let current = path.resolve(dir); ; ) {
    if (cache?.has(current) === true) {
      found = cache.get(current);
      break;
    }
    visited.push(current);
    const name = PROJECT_CONFIG_NAMES.map((n) => path.join(current, n)).find((f) => read(f) !== undefined);
    if (name !== undefined) {
      found = parseProjectConfig(read(name) ?? '', name);
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const v of visited) cache?.set(v, found);
  return found;
}

/**
 * Settings from a configuration file overridden by the editor's or the command line's: a value of `over` wins when
 * it differs from the default (the editor sends defaults for settings the user never set); `rules` merge, `over`'s
 * entries winning.
 */
export function overrideSettings(base: Settings, over: Settings): Settings {
  return {
    openapi: over.openapi.length > 0 ? over.openapi : base.openapi,
    kubernetesVersion: over.kubernetesVersion ?? base.kubernetesVersion,
    rules: { ...base.rules, ...over.rules },
    bestPractices: over.bestPractices !== DEFAULT_SETTINGS.bestPractices ? over.bestPractices : base.bestPractices,
    missingReferences: over.missingReferences !== DEFAULT_SETTINGS.missingReferences ? over.missingReferences : base.missingReferences,
    previous: over.previous !== DEFAULT_SETTINGS.previous ? over.previous : base.previous,
    podSecurity: { ...base.podSecurity, ...over.podSecurity },
  };
}

/** Why a file is left out: a `.podls.yaml` exclude (or not included), or a command-line `--exclude`. */
export type ExcludedBy = 'config' | 'command line';

/** A compiled set of globs relative to one directory. */
export interface PathFilter {
  /** True when `file` (absolute) or one of its directories below the base matches. */
  matches(file: string): boolean;
}

/**
 * Compiles one glob; a glob without `/` (`glob`, as written) matches names at any depth, and `anchoredGlob` is it
 * without a leading `/` or `./`. Undefined for a glob picomatch refuses (longer than 64 KiB).
 */
function compileGlob(glob: string, anchoredGlob: string): picomatch.Matcher | undefined {
  try {
    return picomatch(anchoredGlob, { dot: true, basename: !glob.includes('/') });
  } catch {
    return undefined;
  }
}

/**
 * Compiles `globs` relative to `base` (absolute). Globs without `/` match a name at any depth; a glob matching a
 * directory matches everything below it (a trailing `/` is dropped); a leading `./` or `/` anchors at `base`. Paths outside `base` never match,
 * unless `absolute` is set (command-line globs): then a path outside `base` is matched by its absolute form without
 * the leading `/` (so a name glob such as `legacy` still matches at any depth), and a glob starting with `/` is an absolute path.
 */
export function pathFilter(base: string, rawGlobs: readonly string[], absolute = false): PathFilter {
  // `legacy/` (a directory, as .gitignore writes it) is `legacy`: a matched directory covers everything below it.
  const globs = rawGlobs.map((g) => (g.length > 1 ? g.replace(/\/+$/, '') : g));
  const defined = (m: picomatch.Matcher | undefined): m is picomatch.Matcher => m !== undefined;
  const anchored = globs
    .filter((g) => !(absolute && g.startsWith('/')))
    .map((g) => compileGlob(g, g.replace(/^\.?\//, '')))
    .filter(defined);
  const rooted = absolute ? globs.filter((g) => g.startsWith('/')).map((g) => compileGlob(g, g.slice(1))).filter(defined) : [];
  const anyPrefix = (matchers: readonly picomatch.Matcher[], rel: string): boolean => {
    const parts = rel.split('/');
    for (let i = parts.length; i >= 1; i--) {
      const prefix = parts.slice(0, i).join('/');
      if (matchers.some((m) => m(prefix))) return true;
    }
    return false;
  };
  return {
    matches(file: string): boolean {
      if (globs.length === 0) return false;
      const abs = path.resolve(file).split(path.sep).join('/').replace(/^\/+/, '');
      if (rooted.length > 0 && anyPrefix(rooted, abs)) return true;
      const rel = path.relative(base, file).split(path.sep).join('/');
      const inside = rel !== '' && rel !== '..' && !rel.startsWith('../') && !path.isAbsolute(rel);
      if (inside) return anyPrefix(anchored, rel);
      return absolute && anyPrefix(anchored, abs);
    },
  };
}

/**
 * Whether a configuration leaves `file` (absolute) out: it matches an exclude glob, or the configuration has
 * include globs and the file matches none. Files outside the configuration's directory are never left out.
 */
export function excludedByConfig(config: ProjectConfig, file: string): boolean {
  const rel = path.relative(config.dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  if (config.excludeFilter.matches(file)) return true;
  return config.includeFilter !== undefined && !config.includeFilter.matches(file);
}

/** The key path a problem of {@link parseProjectConfig} is about (`['rules', 'x']`), `[]` for the whole file. */
function issuePath(issue: string): string[] {
  const unknown = /^unknown key "(.*)"$/.exec(issue);
  if (unknown !== null) return [unknown[1] ?? ''];
  const rule = /^rules\.([^:]+):/.exec(issue);
  if (rule !== null) return ['rules', rule[1] ?? ''];
  if (issue.startsWith('schema.openapi')) return ['schema', 'openapi'];
  const key = /^(include|exclude|kubernetesVersion|missingReferences|bestPractices)\b/.exec(issue);
  return key === null ? [] : [key[1] ?? ''];
}

/**
 * Diagnostics of an open `.podls.yaml` (`file`, absolute): its problems as warnings (rule id `podls-config`) on the
 * key they are about, or on the first line. What the language server publishes for the file itself.
 */
export function projectConfigDiagnostics(snapshot: Snapshot, file: string): DiagnosticInfo[] {
  const config = parseProjectConfig(snapshot.text, file);
  const doc = snapshot.documents[0];
  const firstLine: OffsetRange = { start: 0, end: snapshot.lineIndex.lineContentEnd(0) };
  return config.issues.map((message) => {
    const keyPath = issuePath(message);
    const range = doc === undefined || keyPath.length === 0 ? firstLine : (nodeRange(doc, keyPath, 'key') ?? nodeRange(doc, keyPath.slice(0, 1), 'key') ?? firstLine);
    return { documentIndex: 0, range, severity: 'warning', code: CONFIG_RULES[0]?.id ?? 'podls-config', message };
  });
}
