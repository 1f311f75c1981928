/**
 * `podls schema pull [--context NAME] [--kubeconfig FILE] [--cache-dir DIR]`: writes the cluster's OpenAPI v3
 * documents (core, apps, batch) with kubectl into the cache directory (workspace/schema-pull.ts) and prints
 * the folder to pass as `--openapi` or to put in `podls.schema.openapi`.
 */
import { pullSchema, runKubectl } from '../workspace/schema-pull';
import type { KubectlRunner, PullOptions } from '../workspace/schema-pull';

/** Where `runSchemaPull` writes. */
export interface SchemaPullIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Runs `podls schema pull`: exit 0 with the folder on stdout, 2 with kubectl's problem on stderr. */
export async function runSchemaPull(options: PullOptions, io: SchemaPullIo, run: KubectlRunner = runKubectl): Promise<number> {
  const result = await pullSchema(options, run);
  if ('error' in result) {
    io.stderr(`podls: schema pull: ${result.error}\n`);
    return 2;
  }
  io.stdout(`${result.dir}\n`);
  io.stderr(
    `podls: wrote ${result.files.length} OpenAPI documents of context "${result.context}"; use them with ` +
      `\`podls check --openapi ${result.dir}\` or the podls.schema.openapi setting\n`,
  );
  return 0;
}
