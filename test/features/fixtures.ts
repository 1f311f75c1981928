/**
 * Helpers of the feature tests: inline fixture text ({@link dedent}) and the schemas they run against.
 * {@link loadTestIndex}: the Kubernetes 1.35 OpenAPI documents of ../shared through the OpenAPI loader;
 * the official documents carry no `enum`s, so {@link withTestEnums} adds the enums the bundled schema
 * has for a few fields (values as in k8s.io/api's `+enum` types).
 * {@link loadBundledIndex}: the bundled model of out/dist/schema.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { modelFromOpenApi } from '../../server/src/schema/load-openapi';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaModel, TypeSchema } from '../../server/src/schema/model';
import { loadBundledSchemaWithErrors } from '../../server/src/workspace/schema-source';
import { REPO_ROOT, requireShared } from '../harness/shared';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';

const TEST_ENUMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['SCTP', 'TCP', 'UDP'] },
  'io.k8s.api.core.v1.Container': { imagePullPolicy: ['Always', 'IfNotPresent', 'Never'] },
  'io.k8s.api.core.v1.PodSpec': { restartPolicy: ['Always', 'Never', 'OnFailure'] },
};

/** A copy of `model` with the enums above set on fields that lack one. */
export function withTestEnums(model: SchemaModel): SchemaModel {
  const types: Record<string, TypeSchema> = { ...model.types };
  for (const [id, fields] of Object.entries(TEST_ENUMS)) {
    const type = types[id];
    if (type === undefined) continue;
    types[id] = {
      ...type,
      fields: type.fields.map((f) => {
        const values = fields[f.name];
        return values === undefined || f.enum !== undefined ? f : { ...f, enum: values };
      }),
    };
  }
  return { ...model, types };
}

/** Loads the 1.35 OpenAPI model from ../shared (skipping the suite when absent), with test enums. */
export function loadTestIndex(ctx: Mocha.Context): SchemaIndex {
  const dir = requireShared(ctx, 'k8s-openapi/1.35');
  const files = ['api/v1.json', 'apis/apps/v1.json', 'apis/batch/v1.json'].map((f) => path.join(dir, f));
  const documents: unknown[] = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as unknown);
  return createSchemaIndex(withTestEnums(modelFromOpenApi(documents, files)));
}

/**
 * The bundled model (out/dist/schema.json, written by `npm run build`), or a skip when it has not been
 * built yet. It carries the enums of kubernetes-models, so no test enums are added.
 */
export function loadBundledIndex(ctx: Mocha.Context): SchemaIndex {
  const file = path.join(REPO_ROOT, 'out', 'dist', 'schema.json');
  if (!fs.existsSync(file)) {
    process.stdout.write('      (skipped: out/dist/schema.json is absent; run `npm run build`)\n');
    ctx.skip();
  }
  const loaded = loadBundledSchemaWithErrors(path.dirname(file));
  if (loaded.errors.length > 0) throw new Error(loaded.errors.join('\n'));
  return createSchemaIndex(loaded.model);
}

/**
 * The analysis context of the default settings over the bundled schema (what the server and `podls check` use
 * without configuration), or a skip when out/dist/schema.json has not been built yet.
 */
export function defaultContext(ctx: Mocha.Context): AnalysisContext {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
    process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
    ctx.skip();
  }
  return analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, DEFAULT_SETTINGS);
}

/** Strips the common leading indentation of a template literal and its first empty line. */
export function dedent(source: string): string {
  const lines = source.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n').replace(/[ ]+$/, '');
}
