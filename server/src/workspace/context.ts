/**
 * Building an {@link AnalysisContext} from settings: load the schema (bundled or the user's OpenAPI
 * documents) and resolve the rule options. Shared by the CLI (once per run) and the server (once per
 * settings change).
 */
import type { AnalysisContext } from '../features/diagnostics';
import { createSchemaIndex } from '../schema/lookup';
import type { SchemaIndex } from '../schema/lookup';
import { loadBundledSchemaWithErrors, loadOpenApiPaths, loadReleaseBundle } from './schema-source';
import { carriedReleases, chooseRelease, releaseModel } from '../schema/releases';
import type { SchemaModel } from '../schema/model';
import type { Settings } from './settings';

/** A loaded schema index plus the problems met while loading it (one message each). */
export interface LoadedIndex {
  readonly index: SchemaIndex;
  readonly errors: readonly string[];
}

/**
 * Loads the schema the settings name: their OpenAPI paths (which override everything), else the bundled
 * model of the target release (`kubernetesVersion`; the newest bundled release when unset; for a release no
 * dependency carries, the nearest newer one, with a `note` on the model). Never throws.
 */
export function loadSchemaIndex(settings: Pick<Settings, 'openapi'> & Partial<Pick<Settings, 'kubernetesVersion'>>): LoadedIndex {
  if (settings.openapi.length > 0) {
    const loaded = loadOpenApiPaths(settings.openapi);
    return { index: createSchemaIndex(loaded.model), errors: loaded.errors };
  }
  const loaded = loadBundledSchemaWithErrors();
  if (loaded.model.kinds.length === 0) return { index: createSchemaIndex(loaded.model), errors: loaded.errors };
  const { bundle, errors } = loadReleaseBundle();
  if (bundle === undefined) return { index: createSchemaIndex(loaded.model), errors: [...loaded.errors, ...errors] };
  const choice = chooseRelease(bundle, settings.kubernetesVersion);
  const release = releaseModel(bundle, loaded.model, choice.version) ?? loaded.model;
  const model: SchemaModel = {
    ...release,
    fieldSince: bundle.since,
    releases: { carried: carriedReleases(bundle), missing: bundle.missing },
    ...(choice.note !== undefined ? { note: choice.note } : {}),
  };
  return { index: createSchemaIndex(model), errors: loaded.errors };
}

/** The analysis context for a schema and settings; the target version defaults to the schema's. */
export function analysisContext(index: SchemaIndex, settings: Settings): AnalysisContext {
  return {
    schema: index,
    rules: {
      kubernetesVersion: settings.kubernetesVersion ?? index.model.kubernetesVersion,
      // `podls.missingReferences` is the severity of the `missing-reference` rule unless `podls.rules` sets it.
      severities: { 'missing-reference': settings.missingReferences, ...settings.rules },
      bestPractices: settings.bestPractices,
      podSecurity: settings.podSecurity,
    },
  };
}

/** A one-line description of the schema's source, e.g. `bundled (kubernetes-models@5.1.0)`. */
export function describeSchemaSource(index: SchemaIndex): string {
  const source = index.model.source;
  return source.kind === 'bundled' ? `bundled (${source.package})` : `OpenAPI: ${source.paths.join(', ')}`;
}

/**
 * The bundled releases in one line, e.g. `bundled releases: 1.30, 1.32, 1.33, 1.34, 1.36 (no schema for 1.31,
 * 1.35)`; undefined for OpenAPI documents.
 */
export function describeBundledReleases(index: SchemaIndex): string | undefined {
  const r = index.model.releases;
  if (r === undefined) return undefined;
  return `bundled releases: ${r.carried.join(', ')}${r.missing.length > 0 ? ` (no schema for ${r.missing.join(', ')})` : ''}`;
}
