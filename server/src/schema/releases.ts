/**
 * Schema models per Kubernetes release: the bundled base model (the newest release) plus, for each older
 * release that an npm dependency carries, a difference from it (out/dist/releases.json, written at build
 * time by scripts/gen-releases.mjs), and for each field added after the oldest release, the release it
 * appeared in. Pure functions over plain JSON; reading the file is workspace/schema-source.ts's job.
 *
 * Architecture invariant: nothing here knows YAML, text positions or LSP, and nothing does I/O.
 */
import type { FieldSchema, KindInfo, SchemaModel, TypeSchema } from './model';

/** How one type of the base differs in a release: `null` = the release does not serve the type. */
export type TypeDelta =
  | null
  /** A type the base does not have. */
  | { readonly add: TypeSchema }
  /** Changed type properties (`null`: absent in the release) and fields (`null`: field absent). */
  | { readonly set?: Readonly<Record<string, unknown>>; readonly fields?: Readonly<Record<string, FieldSchema | null>> };

/** One release as a difference from the base model. */
export interface ReleaseDelta {
  /** Minor version, e.g. `1.32`. */
  readonly version: string;
  /** The npm package (and version) the release was generated from, e.g. `@kubernetes/client-node@1.1.2`. */
  readonly package: string;
  readonly types: Readonly<Record<string, TypeDelta>>;
  /** The release's kinds, when they differ from the base's. */
  readonly kinds?: readonly KindInfo[];
}

/** The content of out/dist/releases.json. */
export interface ReleaseBundle {
  readonly base: { readonly version: string; readonly package: string };
  /** Older releases, oldest first. */
  readonly releases: readonly ReleaseDelta[];
  /** Releases in range that no dependency carries, e.g. `['1.31', '1.35']`. */
  readonly missing: readonly string[];
  /**
   * By `typeId#field` (`io.k8s.api.core.v1.Container#restartPolicyRules`): the release the field appeared
   * in (`['1.34']`), or the two it may have appeared in when the earlier one is missing (`['1.31', '1.32']`).
   * Fields present in the oldest release are not listed.
   */
  readonly since: Readonly<Record<string, readonly string[]>>;
}

/** Parses `1.32` / `v1.32.4` into [major, minor]; undefined for anything else. */
function minorOf(version: string): readonly [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

/** Compares two `major.minor` versions: negative, 0 or positive. Unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [minorOf(a) ?? [0, 0], minorOf(b) ?? [0, 0]];
  return x[0] !== y[0] ? x[0] - y[0] : x[1] - y[1];
}

/** The releases the bundle has a schema for, oldest first (the base last). */
export function carriedReleases(bundle: ReleaseBundle): readonly string[] {
  return [...bundle.releases.map((r) => r.version), bundle.base.version];
}

/** Applies a release's difference to the base model: the release's model, with its version and package. */
export function applyRelease(base: SchemaModel, delta: ReleaseDelta): SchemaModel {
  const types: Record<string, TypeSchema> = {};
  for (const [id, t] of Object.entries(base.types)) {
    const d = delta.types[id];
    if (d === undefined) {
      types[id] = t;
      continue;
    }
    if (d === null || 'add' in d) continue;
    const set: Record<string, unknown> = { ...t };
    for (const [key, value] of Object.entries(d.set ?? {})) {
      if (value === null) delete set[key];
      else set[key] = value;
    }
    const changes = d.fields ?? {};
    const fields: FieldSchema[] = [];
    for (const f of t.fields) {
      const c = changes[f.name];
      if (c === undefined) fields.push(f);
      else if (c !== null) fields.push(c);
    }
    for (const [name, c] of Object.entries(changes)) if (c !== null && !t.fields.some((f) => f.name === name)) fields.push(c);
    fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    types[id] = { ...(set as unknown as TypeSchema), fields };
  }
  for (const [id, d] of Object.entries(delta.types)) if (d !== null && 'add' in d) types[id] = d.add;
  return {
    kubernetesVersion: delta.version,
    source: { kind: 'bundled', package: delta.package },
    types,
    kinds: delta.kinds ?? base.kinds,
  };
}

/** Which bundled schema serves a target version, and why (for the status bar and `podls --version`). */
export interface ReleaseChoice {
  /** The release whose schema is used, e.g. `1.32`. */
  readonly version: string;
  /**
   * Set when the schema is not the target's own: no dependency carries the target (the nearest newer
   * carried release is used, which accepts fields the target may not serve), or the target is outside
   * the bundled range. E.g. `no bundled schema for Kubernetes 1.31: using 1.32`.
   */
  readonly note?: string;
}

/**
 * The bundled release that serves `target` (`1.31`, `v1.32.4`): the target itself when carried; for a
 * missing release inside the range, the nearest newer carried one; below the range the oldest; above it
 * the base. `target` undefined: the base.
 */
export function chooseRelease(bundle: ReleaseBundle, target: string | undefined): ReleaseChoice {
  const carried = carriedReleases(bundle);
  const newest = bundle.base.version;
  if (target === undefined) return { version: newest };
  const t = minorOf(target);
  const wanted = t === undefined ? undefined : `${t[0]}.${t[1]}`;
  if (wanted === undefined) return { version: newest };
  if (carried.includes(wanted)) return { version: wanted };
  const oldest = carried[0] ?? newest;
  if (compareVersions(wanted, oldest) < 0) {
    return { version: oldest, note: `no bundled schema for Kubernetes ${wanted} (bundled: ${oldest} to ${newest}): using ${oldest}` };
  }
  if (compareVersions(wanted, newest) > 0) {
    return { version: newest, note: `no bundled schema for Kubernetes ${wanted} (bundled: ${oldest} to ${newest}): using ${newest}` };
  }
  const newer = carried.find((v) => compareVersions(v, wanted) > 0) ?? newest;
  return { version: newer, note: `no bundled schema for Kubernetes ${wanted} (no npm dependency carries it): using ${newer}` };
}

/** The model of a carried release (the base itself for its own version); undefined when not carried. */
export function releaseModel(bundle: ReleaseBundle, base: SchemaModel, version: string): SchemaModel | undefined {
  if (version === bundle.base.version) return base;
  const delta = bundle.releases.find((r) => r.version === version);
  return delta === undefined ? undefined : applyRelease(base, delta);
}

/**
 * The release a field appeared in, as text: `1.34`, or `1.31 or 1.32` when the release before the first
 * carried one is missing; undefined for fields the oldest bundled release already serves, and for fields
 * the bundle does not know.
 */
export function fieldSince(since: Readonly<Record<string, readonly string[]>> | undefined, typeId: string, field: string): string | undefined {
  const s = since?.[`${typeId}#${field}`];
  return s === undefined || s.length === 0 ? undefined : s.join(' or ');
}

/** A description without kube-openapi's `Possible enum values:` notes, which served OpenAPI v3 lacks. */
export function servedDescription(text: string): string {
  return text.replace(/\n\nPossible enum values:\n[\s\S]*$/, '');
}

/**
 * The model as the kube-apiserver of its release serves it at /openapi/v3, which is what `kubectl explain`
 * against that cluster prints: the bundled models come from swagger-derived packages (kubernetes-models),
 * whose `enum` lists and `Possible enum values:` notes the served documents do not have. Enum lists move to
 * `validatedEnum` (validation, hovers and completion still read them; explain text does not print them).
 */
export function servedModel(model: SchemaModel): SchemaModel {
  const types: Record<string, TypeSchema> = {};
  for (const [id, t] of Object.entries(model.types)) {
    types[id] = {
      ...t,
      description: servedDescription(t.description),
      fields: t.fields.map((f) => {
        const { enum: values, ...rest } = f;
        const served: FieldSchema = { ...rest, description: servedDescription(f.description) };
        return values === undefined || values.length === 0 || f.validatedEnum !== undefined ? served : { ...served, validatedEnum: values };
      }),
    };
  }
  return { ...model, types };
}
