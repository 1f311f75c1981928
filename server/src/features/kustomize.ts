/**
 * The layout of a repository as kustomize and Helm see it: which files are kustomize patches (partial objects),
 * which resources get labels from a kustomization, which names generators define, and which files are deployed
 * together (deployment units, for the cross-file rules). Pure: callers read the files and pass their values.
 *
 * kustomize behaviour followed (sigs.k8s.io/kustomize api/types/kustomization.go and the builtin plugins):
 * - kustomization files are `kustomization.yaml`, `kustomization.yml` or `Kustomization` in a directory; a
 *   `resources:` (legacy `bases:`) entry is a file or a directory holding a kustomization; `components:` are
 *   directories of `kind: Component` kustomizations; entries with a URL scheme or `//` are remote and ignored.
 * - `patches[].path`, `patchesStrategicMerge[]` (file entries) and `patchesJson6902[].path` are patches: partial
 *   objects (or JSON patch operations) that name their target, never objects of their own.
 * - `commonLabels` and `labels[]` with `includeSelectors: true` are added to every resource's `metadata.labels`,
 *   to the Pod selectors (created where kustomize creates them: Deployment, ReplicaSet, DaemonSet, StatefulSet
 *   `spec.selector.matchLabels`; Service and ReplicationController `spec.selector`; merged where present
 *   elsewhere) and to pod template labels; `labels[]` with `includeTemplates: true` adds to template labels only.
 *   They apply to the resources of the kustomization and of every base and component it includes.
 * - `configMapGenerator[]`/`secretGenerator[]` define ConfigMaps/Secrets named `name` (kustomize appends a hash,
 *   applies `namePrefix`/`nameSuffix`/`namespace`, and rewrites the references of the same build alike, so the
 *   references written in the sources match the generator's own name and namespace).
 *
 * Deployment units (docs/rules.md "Deployment units"): each kustomization that no other kustomization includes is
 * one build, holding every file it reaches; each Helm chart (a directory with `Chart.yaml`) is one unit; every
 * other file belongs to the unit of the whole tree. A file reached by two builds is in both.
 * Paths are `/`-separated and normalised (`path.posix`): file names as the CLI shows them, or URI paths.
 */
import * as path from 'path';
import type { Snapshot } from '../document/snapshot';
import { isObject, prop } from '../rules/json';
import type { Labels } from '../rules/label-selector';
import { podSelectorLocation } from '../schema/pod-selectors';
import { podSpecLocation } from '../schema/pod-specs';

/** The file names kustomize reads as a directory's kustomization (api/konfig RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** True when `file` (a path) is a kustomization file by its name. */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(toPosix(file)));
}

/** True when `file` (a path) is a Helm chart's `Chart.yaml`. */
export function isChartFile(file: string): boolean {
  return path.posix.basename(toPosix(file)) === 'Chart.yaml';
}

/** A kustomization file: its path and its parsed value (plain data, as the YAML document's `toJS`). */
export interface KustomizationSource {
  readonly path: string;
  readonly value: unknown;
}

/** What the layout says of one file. Plain data (worker threads receive it). */
export interface FileRole {
  /** A strategic-merge or JSON 6902 patch of a kustomization: a partial object, checked for names, types and values only. */
  readonly patch?: boolean;
  /** Labels kustomize adds to the selectors and pod templates of the file's objects. */
  readonly selectorLabels?: Labels;
  /** Labels kustomize adds to pod templates only (`labels[].includeTemplates`). */
  readonly templateLabels?: Labels;
  /** The deployment units the file belongs to (see the module comment); never empty. */
  readonly units: readonly string[];
}

/** The unit of files outside any kustomize build or chart. */
export const TREE_UNIT = 'tree';

/** A ConfigMap or Secret a generator defines: `kind|namespace|name`, as `missing-references.ts` keys definitions. */
export type GeneratedName = string;

/** The layout of a set of files: kustomize roles, generated names and deployment units. */
export interface ProjectLayout {
  /** Roles of the files a kustomization or chart names; other files have {@link DEFAULT_ROLE}. */
  readonly roles: ReadonlyMap<string, FileRole>;
  /** Directories of Helm charts (holding `Chart.yaml`), normalised. */
  readonly chartRoots: readonly string[];
  /** Names defined by generators, per unit. */
  readonly generated: ReadonlyMap<string, readonly GeneratedName[]>;
  /** The units of each kustomization's directory (the builds that include it): files it does not name share them. */
  readonly dirUnits: ReadonlyMap<string, readonly string[]>;
  /**
   * The directories of the kustomizations no other includes, Components excepted: one kustomize build each
   * (unit `kustomize:DIR`). A Component no kustomization lists is still a unit, but cannot be built on its own.
   */
  readonly builds: readonly string[];
}

/** The role of a file no kustomization names. */
export const DEFAULT_ROLE: FileRole = Object.freeze({ units: Object.freeze([TREE_UNIT]) });

/** The layout of a workspace without kustomizations or charts. */
export const EMPTY_LAYOUT: ProjectLayout = Object.freeze({ roles: new Map(), chartRoots: [], generated: new Map(), dirUnits: new Map(), builds: [] });

function toPosix(p: string): string {
  return p.replace(/\\/g, '/');
}

/** A string list field of a kustomization (entries that are not strings are skipped). */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function labelMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

/** True for remote resources (`https://...`, `github.com/org/repo//dir?ref=x`), which podls does not read. */
function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.includes('//') || /^git@/.test(entry);
}

/** One kustomization as podls needs it. */
interface Kustomization {
  readonly dir: string;
  /** Files listed as resources. */
  readonly resourceFiles: string[];
  /** Directories listed as resources, bases or components (each holds a kustomization). */
  readonly includedDirs: string[];
  readonly patchFiles: string[];
  readonly selectorLabels: Record<string, string>;
  readonly templateLabels: Record<string, string>;
  /** Generated ConfigMaps and Secrets, with the names and namespaces their generators give them. */
  readonly generators: { kind: 'ConfigMap' | 'Secret'; name: string; namespace?: string }[];
  /** `kind: Component`: applied by the kustomizations that list it, never built on its own. */
  readonly component: boolean;
}

/**
 * Reads one kustomization's value. `exists(dir)` says whether a directory holds a kustomization (resources may
 * name files or directories; a name without one of the known file extensions is taken as a directory when it
 * holds a kustomization).
 */
function readKustomization(source: KustomizationSource, isKustomizationDir: (dir: string) => boolean): Kustomization {
  const dir = path.posix.dirname(path.posix.normalize(toPosix(source.path)));
  const v = source.value;
  const resolve = (entry: string): string => path.posix.normalize(path.posix.join(dir, toPosix(entry)));
  const resourceFiles: string[] = [];
  const includedDirs: string[] = [];
  for (const entry of [...strings(prop(v, 'resources')), ...strings(prop(v, 'bases')), ...strings(prop(v, 'components'))]) {
    if (isRemote(entry)) continue;
    const target = resolve(entry);
    if (isKustomizationDir(target) || !/\.(ya?ml|json)$/i.test(target)) includedDirs.push(target);
    else resourceFiles.push(target);
  }
  const patchFiles: string[] = [];
  const patchEntries = [prop(v, 'patches'), prop(v, 'patchesJson6902')];
  for (const list of patchEntries) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      // An entry is `{ path, target }`, `{ patch, target }` (inline), or, in older files, the path itself.
      const file = typeof p === 'string' ? p : prop(p, 'path');
      if (typeof file === 'string' && !file.includes('\n') && !isRemote(file)) patchFiles.push(resolve(file));
    }
  }
  // patchesStrategicMerge entries are file names or inline patches (YAML text, with a line break).
  for (const entry of strings(prop(v, 'patchesStrategicMerge'))) if (!entry.includes('\n') && !isRemote(entry)) patchFiles.push(resolve(entry));
  const selectorLabels = labelMap(prop(v, 'commonLabels'));
  const templateLabels: Record<string, string> = {};
  const labels = prop(v, 'labels');
  if (Array.isArray(labels)) {
    for (const l of labels) {
      const pairs = labelMap(prop(l, 'pairs'));
      if (prop(l, 'includeSelectors') === true) Object.assign(selectorLabels, pairs);
      else if (prop(l, 'includeTemplates') === true) Object.assign(templateLabels, pairs);
    }
  }
  const generators: Kustomization['generators'] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = prop(v, field);
    if (!Array.isArray(list)) continue;
    for (const g of list) {
      const name = prop(g, 'name');
      const namespace = prop(g, 'namespace');
      if (typeof name === 'string') generators.push({ kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) });
    }
  }
  return { dir, resourceFiles, includedDirs, patchFiles, selectorLabels, templateLabels, generators, component: prop(v, 'kind') === 'Component' };
}

/**
 * The layout of a workspace from its kustomization files and the directories of its charts (`Chart.yaml`).
 * Linear in the kustomizations and the files they name, times the depth of their includes.
 */
export function buildProjectLayout(kustomizations: readonly KustomizationSource[], chartFiles: readonly string[]): ProjectLayout {
  const kustomizationDirs = new Set(kustomizations.map((k) => path.posix.dirname(path.posix.normalize(toPosix(k.path)))));
  const byDir = new Map<string, Kustomization>();
  for (const source of kustomizations) {
    const k = readKustomization(source, (dir) => kustomizationDirs.has(dir));
    if (!byDir.has(k.dir)) byDir.set(k.dir, k);
  }
  const included = new Set<string>();
  for (const k of byDir.values()) for (const d of k.includedDirs) included.add(d);
  const roots = [...byDir.values()].filter((k) => !included.has(k.dir));

  interface Acc {
    patch: boolean;
    selectorLabels: Record<string, string>;
    templateLabels: Record<string, string>;
    units: Set<string>;
  }
  const acc = new Map<string, Acc>();
  const entry = (file: string): Acc => {
    let a = acc.get(file);
    if (a === undefined) {
      a = { patch: false, selectorLabels: {}, templateLabels: {}, units: new Set() };
      acc.set(file, a);
    }
    return a;
  };
  const generated = new Map<string, GeneratedName[]>();
  const dirUnits = new Map<string, Set<string>>();
  // Walk each build from its root; labels accumulate from the overlay down.
  for (const root of roots) {
    const unit = `kustomize:${root.dir}`;
    const names: GeneratedName[] = [];
    const visit = (k: Kustomization, outer: { selector: Record<string, string>; template: Record<string, string> }, seen: Set<string>): void => {
      if (seen.has(k.dir)) return;
      seen.add(k.dir);
      const units = dirUnits.get(k.dir);
      if (units === undefined) dirUnits.set(k.dir, new Set([unit]));
      else units.add(unit);
      const selector = { ...k.selectorLabels, ...outer.selector };
      const template = { ...k.templateLabels, ...outer.template };
      for (const file of k.resourceFiles) {
        const a = entry(file);
        Object.assign(a.selectorLabels, selector);
        Object.assign(a.templateLabels, template);
        a.units.add(unit);
      }
      for (const file of k.patchFiles) {
        const a = entry(file);
        a.patch = true;
        a.units.add(unit);
      }
      // References in the sources name the generator's own name: kustomize renames both (prefix, suffix, hash,
      // namespace) in the build, so the match is made before those transformations.
      for (const g of k.generators) names.push(`${g.kind}|${g.namespace ?? 'default'}|${g.name}`);
      for (const dir of k.includedDirs) {
        const inner = byDir.get(dir);
        if (inner !== undefined) visit(inner, { selector, template }, seen);
      }
    };
    visit(root, { selector: {}, template: {} }, new Set());
    generated.set(unit, names);
  }
  const roles = new Map<string, FileRole>();
  for (const [file, a] of acc) {
    roles.set(
      file,
      Object.freeze({
        ...(a.patch ? { patch: true } : {}),
        ...(Object.keys(a.selectorLabels).length > 0 ? { selectorLabels: Object.freeze(a.selectorLabels) } : {}),
        ...(Object.keys(a.templateLabels).length > 0 ? { templateLabels: Object.freeze(a.templateLabels) } : {}),
        units: Object.freeze([...a.units]),
      }),
    );
  }
  const chartRoots = [...new Set(chartFiles.map((f) => path.posix.dirname(path.posix.normalize(toPosix(f)))))];
  return {
    roles,
    chartRoots,
    generated,
    dirUnits: new Map([...dirUnits].map(([dir, units]) => [dir, Object.freeze([...units])])),
    builds: roots.filter((k) => !k.component).map((k) => k.dir),
  };
}

/** kubeadm patch files (`patches.directory` of kubeadm's InitConfiguration): `target[suffix][+patchtype].ext`. */
const KUBEADM_PATCH = /^(?:etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kubeletconfiguration|corednsdeployment)(?:[^+./]*)(?:\+(?:strategic|merge|json))?\.(?:ya?ml|json)$/;

/**
 * The role of `file` in `layout`: the kustomize role when a kustomization names it; else a kubeadm patch (a file
 * named after a kubeadm patch target in a `patches` directory, partial by design); else the unit of the nearest
 * directory above it that is a unit (a chart root, or a kustomization's directory, whose builds it then shares);
 * else {@link DEFAULT_ROLE}.
 */
export function fileRole(layout: ProjectLayout, file: string): FileRole {
  const p = path.posix.normalize(toPosix(file));
  const role = layout.roles.get(p);
  if (role !== undefined) return role;
  if (path.posix.basename(path.posix.dirname(p)) === 'patches' && KUBEADM_PATCH.test(path.posix.basename(p))) return { patch: true, units: [TREE_UNIT] };
  if (layout.chartRoots.length === 0 && layout.dirUnits.size === 0) return DEFAULT_ROLE;
  for (let dir = path.posix.dirname(p); ; dir = path.posix.dirname(dir)) {
    if (layout.chartRoots.includes(dir)) return { units: [`chart:${dir}`] };
    const units = layout.dirUnits.get(dir);
    if (units !== undefined) return { units };
    if (path.posix.dirname(dir) === dir) return DEFAULT_ROLE;
  }
}

/** Pod selector kinds whose selector kustomize creates when absent (commonLabels field specs, `create: true`). */
const SELECTOR_CREATED: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Service', 'ReplicationController']);

/**
 * The object as kustomize builds it with `role`'s labels: `selectorLabels` merged into `metadata.labels`, the Pod
 * selector (created for the kinds kustomize creates it for) and the pod template labels; `templateLabels` into
 * the template labels. Returns `object` itself when the role adds no labels. Pure (copies what it changes).
 */
export function withKustomizeLabels(kind: string, object: unknown, role: FileRole): unknown {
  const selector = role.selectorLabels;
  const template = role.templateLabels;
  if ((selector === undefined && template === undefined) || !isObject(object)) return object;
  const setIn = (root: unknown, keys: readonly string[], labels: Labels, create: boolean): unknown => {
    if (keys.length === 0) return isObject(root) ? { ...root, ...labels } : create || root === undefined ? { ...labels } : root;
    if (!isObject(root)) return create ? setIn({}, keys, labels, create) : root;
    const [head, ...rest] = keys;
    if (head === undefined) return root;
    const child = root[head];
    if (child === undefined && !create) return root;
    return { ...root, [head]: setIn(child, rest, labels, create) };
  };
  let out: unknown = object;
  if (selector !== undefined) {
    out = setIn(out, ['metadata', 'labels'], selector, true);
    const loc = podSelectorLocation(kind);
    if (loc !== undefined) {
      const keys = loc.form === 'labelSelector' ? [...loc.path, 'matchLabels'] : [...loc.path];
      out = setIn(out, keys, selector, SELECTOR_CREATED.has(kind));
    }
  }
  const spec = podSpecLocation(kind);
  const podLabels = { ...(template ?? {}), ...(selector ?? {}) };
  if (spec !== undefined && spec.isTemplate && Object.keys(podLabels).length > 0) out = setIn(out, [...spec.metadataPath, 'labels'], podLabels, true);
  return out;
}

/**
 * The layout of a workspace from its snapshots (the language server's open and indexed files): its kustomization
 * files and `Chart.yaml` files. `pathOf` turns a snapshot's URI into a `/`-separated path (the URI's path).
 */
export function layoutOfSnapshots(snapshots: readonly Snapshot[], pathOf: (uri: string) => string): ProjectLayout {
  const kustomizations: KustomizationSource[] = [];
  const charts: string[] = [];
  for (const s of snapshots) {
    const file = pathOf(s.uri);
    if (isKustomizationFile(file)) kustomizations.push({ path: file, value: s.documents[0]?.value });
    else if (isChartFile(file)) charts.push(file);
  }
  return kustomizations.length === 0 && charts.length === 0 ? EMPTY_LAYOUT : buildProjectLayout(kustomizations, charts);
}
