/**
 * Loading schema models from disk: user-supplied OpenAPI v3 documents (`podls.schema.openapi`,
 * `--openapi`) and the bundled model that the build writes to out/dist/schema.json
 * (scripts/gen-schema.mjs). The only schema I/O; schema/ itself stays pure.
 * Errors are returned, never thrown.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SchemaModel } from '../schema/model';
import type { ReleaseBundle } from '../schema/releases';
import { modelFromOpenApi } from '../schema/load-openapi';

/** A model plus the problems met while reading its sources (one message per file). */
export interface LoadedSchema {
  readonly model: SchemaModel;
  readonly errors: readonly string[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The *.json files under `dir`, recursively, in sorted order. */
function jsonFilesUnder(dir: string, errors: string[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(`${dir}: ${errorText(e)}`);
    return [];
  }
  const out: string[] = [];
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsonFilesUnder(p, errors));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/**
 * Reads OpenAPI v3 documents from files or directories (directories are searched recursively for
 * *.json) and builds a model from them. Unreadable or unparsable files are reported in `errors`
 * and skipped; a source without any supported kind is reported too.
 */
export function loadOpenApiPaths(paths: readonly string[]): LoadedSchema {
  const errors: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      errors.push(`${p}: ${errorText(e)}`);
      continue;
    }
    if (stat.isDirectory()) files.push(...jsonFilesUnder(p, errors));
    else files.push(p);
  }
  const documents: unknown[] = [];
  for (const f of files) {
    try {
      documents.push(JSON.parse(fs.readFileSync(f, 'utf8')) as unknown);
    } catch (e) {
      errors.push(`${f}: ${errorText(e)}`);
    }
  }
  const model = modelFromOpenApi(documents, paths);
  if (model.kinds.length === 0) errors.push(`no supported kind (Pod, Deployment, ...) found in ${paths.join(', ')}`);
  return { model, errors };
}

/** Where the bundled schema may be: beside the running bundle, then out/dist/schema.json of the repository. */
export function bundledSchemaCandidates(startDir: string = __dirname): string[] {
  const candidates = [path.join(startDir, 'schema.json')];
  let dir = startDir;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      candidates.push(path.join(dir, 'out', 'dist', 'schema.json'));
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates;
}

function isSchemaModel(value: unknown): value is SchemaModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['kubernetesVersion'] === 'string' && typeof v['types'] === 'object' && Array.isArray(v['kinds']);
}

/** An empty model, for when nothing could be loaded (features then find no fields). */
export function emptySchemaModel(): SchemaModel {
  return { kubernetesVersion: 'unknown', source: { kind: 'openapi', paths: [] }, types: {}, kinds: [] };
}

/**
 * Reads the bundled model (generated at build time from kubernetes-models, see
 * scripts/gen-schema.mjs) from `schema.json` beside the running file (the bundle in out/dist/),
 * else from the repository's out/dist/schema.json found by walking up from it.
 */
export function loadBundledSchemaWithErrors(startDir: string = __dirname): LoadedSchema {
  const errors: string[] = [];
  for (const candidate of bundledSchemaCandidates(startDir)) {
    if (!fs.existsSync(candidate)) continue;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(candidate, 'utf8'));
      if (isSchemaModel(parsed)) return { model: parsed, errors };
      errors.push(`${candidate}: not a podls schema model`);
    } catch (e) {
      errors.push(`${candidate}: ${errorText(e)}`);
    }
  }
  if (errors.length === 0) errors.push('bundled schema not found (run `npm run build`)');
  return { model: emptySchemaModel(), errors };
}


function isReleaseBundle(value: unknown): value is ReleaseBundle {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['base'] === 'object' && Array.isArray(v['releases']) && Array.isArray(v['missing']) && typeof v['since'] === 'object';
}

/**
 * Reads the per-release differences (out/dist/releases.json, written by scripts/gen-releases.mjs) from
 * beside the bundled schema.json, found as {@link loadBundledSchemaWithErrors} finds it. Undefined plus
 * an error message when it is absent or malformed (then only the base release is available).
 */
export function loadReleaseBundle(startDir: string = __dirname): { readonly bundle?: ReleaseBundle; readonly errors: readonly string[] } {
  const errors: string[] = [];
  for (const candidate of bundledSchemaCandidates(startDir)) {
    const file = path.join(path.dirname(candidate), 'releases.json');
    if (!fs.existsSync(file)) continue;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (isReleaseBundle(parsed)) return { bundle: parsed, errors };
      errors.push(`${file}: not a podls release bundle`);
    } catch (e) {
      errors.push(`${file}: ${errorText(e)}`);
    }
  }
  if (errors.length === 0) errors.push('per-release schemas (releases.json) not found (run `npm run build`)');
  return { errors };
}
