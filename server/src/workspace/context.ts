/**
 * Building an {@link AnalysisContext} from settings: load the schema (bundled or the user's OpenAPI
 * documents) and resolve the rule options. Shared by the CLI (once per run) and the server (once per
 * settings change).
 */
import type { AnalysisContext } from '../features/diagnostics';
import { createSchemaIndex } from '../schema/lookup';
import type { SchemaIndex } from '../schema/lookup';
import { loadBundledSchemaWithErrors, loadOpenApiPaths } from './schema-source';
import type { Settings } from './settings';

/** A loaded schema index plus the problems met while loading it (one message each). */
export interface LoadedIndex {
  readonly index: SchemaIndex;
  readonly errors: readonly string[];
}

/** Loads the schema the settings name: their OpenAPI paths, else the bundled model. Never throws. */
export function loadSchemaIndex(settings: Pick<Settings, 'openapi'>): LoadedIndex {
  const loaded = settings.openapi.length > 0 ? loadOpenApiPaths(settings.openapi) : loadBundledSchemaWithErrors();
  return { index: createSchemaIndex(loaded.model), errors: loaded.errors };
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
