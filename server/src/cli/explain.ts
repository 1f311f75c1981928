/**
 * `podls explain RESOURCE[.FIELD...] [--recursive] [--api-version G/V] [--openapi PATH...] [--kubernetes-version V]`:
 * prints what `kubectl explain` prints (kubectl v1.32, OpenAPI v3) from the bundled schema or
 * from OpenAPI documents, without a cluster. With `--kubernetes-version`, the bundled schema of that
 * release, as its apiserver serves it (what kubectl prints against a cluster of that release).
 * Argument parsing lives in cli/main.ts.
 */
import { createSchemaIndex } from '../schema/lookup';
import { explainText, splitExplainTarget } from '../schema/explain';
import { servedModel } from '../schema/releases';
import { loadSchemaIndex } from '../workspace/context';

/** Parsed arguments of `podls explain`. */
export interface ExplainArgs {
  /** kubectl's argument: `pod`, `pod.spec.containers`, `deployments.apps.spec`. */
  readonly target: string;
  readonly recursive: boolean;
  /** `--api-version`: `apps/v1`, `v1`. */
  readonly apiVersion?: string;
  /** `--openapi`: OpenAPI v3 files or directories; empty means the bundled schema. */
  readonly openapi: readonly string[];
  /** `--kubernetes-version`: the release whose bundled schema is used (`1.31`); ignored with `openapi`. */
  readonly kubernetesVersion?: string;
}

/** Where `runExplain` writes. */
export interface ExplainIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/**
 * Runs `podls explain`. Exit code 0 on success; 1 with kubectl's message on stderr for an unknown
 * resource or field (after the KIND header on stdout, as kubectl prints it); 2 when the schema
 * cannot be loaded. A target release that no dependency carries is explained from the nearest newer
 * one, with a warning on stderr.
 */
export function runExplain(args: ExplainArgs, io: ExplainIo): number {
  const loaded = loadSchemaIndex({ openapi: args.openapi, kubernetesVersion: args.kubernetesVersion });
  const model = loaded.index.model;
  if (model.kinds.length === 0) {
    for (const e of loaded.errors) io.stderr(`podls: ${e}\n`);
    return 2;
  }
  if (model.note !== undefined) io.stderr(`podls: warning: ${model.note}\n`);
  const index = args.kubernetesVersion !== undefined && args.openapi.length === 0 ? createSchemaIndex(servedModel(model)) : loaded.index;
  const target = splitExplainTarget(index, args.target, args.apiVersion);
  if ('error' in target) {
    io.stderr(target.error + '\n');
    return 1;
  }
  const options = args.apiVersion === undefined ? { recursive: args.recursive } : { recursive: args.recursive, apiVersion: args.apiVersion };
  const result = explainText(index, target.kind.resource + (target.kind.group === '' ? '' : `.${target.kind.group}`), target.fieldPath, options);
  io.stdout(result.text);
  if ('error' in result) {
    io.stderr(result.error + '\n');
    return 1;
  }
  return 0;
}
