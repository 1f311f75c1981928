/**
 * `podls schema pull`: the cluster's own OpenAPI v3 documents for the core, apps and batch groups, fetched
 * with `kubectl get --raw /openapi/v3/<group-version>` (the paths the apiserver serves them at, see
 * https://kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3) and written to a cache directory,
 * one folder per kubectl context, laid out as the apiserver paths (`api/v1.json`, `apis/apps/v1.json`,
 * `apis/batch/v1.json`): a folder `podls.schema.openapi` / `--openapi` accepts as it is.
 *
 * kubectl runs through an injected {@link KubectlRunner}, so tests can stand in for it; errors are returned
 * as messages, never thrown.
 */
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The group-versions podls models, as apiserver paths under /openapi/v3. */
export const PULLED_GROUP_VERSIONS: readonly string[] = ['api/v1', 'apis/apps/v1', 'apis/batch/v1'];

/** What one kubectl run returned: exit status (undefined when it could not start), output, start error. */
export interface KubectlOutput {
  readonly status: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Why kubectl did not start (e.g. `spawn kubectl ENOENT`). */
  readonly error?: string;
}

/** Runs kubectl with the given arguments (without the `kubectl` itself). */
export type KubectlRunner = (args: readonly string[]) => Promise<KubectlOutput>;

/** Options of {@link pullSchema}. */
export interface PullOptions {
  /** kubectl `--context`; default: the current context of the kubeconfig. */
  readonly context?: string;
  /** kubectl `--kubeconfig`; default: kubectl's own (`KUBECONFIG`, ~/.kube/config). */
  readonly kubeconfig?: string;
  /** Where to write; default {@link defaultSchemaCacheDir}. */
  readonly cacheDir?: string;
}

/** The outcome: the folder written (select it as an OpenAPI source) and the files, or an error message. */
export type PullResult =
  | { readonly dir: string; readonly context: string; readonly files: readonly string[] }
  | { readonly error: string };

/**
 * The documented cache directory: `$PODLS_CACHE_DIR` when set, else the platform's user cache folder plus
 * `podls/openapi`: `$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%`
 * on Windows.
 */
export function defaultSchemaCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const own = env['PODLS_CACHE_DIR'];
  if (own !== undefined && own !== '') return path.join(own, 'openapi');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'podls', 'openapi');
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'podls', 'Cache', 'openapi');
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg !== undefined && xdg !== '' ? xdg : path.join(home, '.cache'), 'podls', 'openapi');
}

/** The real kubectl on PATH (asynchronous, so a language server keeps answering while it runs). */
export const runKubectl: KubectlRunner = (args) =>
  new Promise((resolve) => {
    childProcess.execFile('kubectl', [...args], { maxBuffer: 256 * 1024 * 1024, timeout: 120_000, windowsHide: true }, (err, stdout, stderr) => {
      if (err === null) {
        resolve({ status: 0, stdout, stderr });
        return;
      }
      const started = typeof err.code === 'number';
      resolve(started ? { status: err.code as number, stdout, stderr } : { status: undefined, stdout, stderr, error: err.message });
    });
  });

/** A context name as a folder name: path separators and other unsafe characters become `_`. */
export function contextFolder(context: string): string {
  const safe = context.replace(/[^A-Za-z0-9._@-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

function kubectlError(what: string, out: KubectlOutput): string {
  if (out.status === undefined) return `kubectl could not be run (${out.error ?? 'not found'}); install kubectl or put it on PATH`;
  const detail = out.stderr.trim().split('\n')[0] ?? '';
  return `kubectl ${what} failed (exit ${out.status})${detail === '' ? '' : `: ${detail}`}`;
}

/**
 * Fetches the core, apps and batch OpenAPI v3 documents of a cluster with kubectl and writes them under
 * `<cacheDir>/<context>/`. Each document must parse as JSON with `components.schemas`; nothing is written
 * unless all three do. Never throws.
 */
export async function pullSchema(options: PullOptions, run: KubectlRunner = runKubectl): Promise<PullResult> {
  const common = [...(options.kubeconfig !== undefined ? ['--kubeconfig', options.kubeconfig] : []), ...(options.context !== undefined ? ['--context', options.context] : [])];
  let context = options.context;
  if (context === undefined) {
    const current = await run([...common, 'config', 'current-context']);
    if (current.status !== 0) return { error: `${kubectlError('config current-context', current)} (no current context: pass --context)` };
    context = current.stdout.trim();
  }
  const documents: { rel: string; text: string }[] = [];
  for (const gv of PULLED_GROUP_VERSIONS) {
    const out = await run([...common, 'get', '--raw', `/openapi/v3/${gv}`]);
    if (out.status !== 0) return { error: kubectlError(`get --raw /openapi/v3/${gv}`, out) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(out.stdout);
    } catch (e) {
      return { error: `/openapi/v3/${gv}: not JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    const components = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['components'] : undefined;
    if (typeof components !== 'object' || components === null || typeof (components as Record<string, unknown>)['schemas'] !== 'object') {
      return { error: `/openapi/v3/${gv}: not an OpenAPI v3 document (no components.schemas)` };
    }
    documents.push({ rel: `${gv}.json`, text: out.stdout });
  }
  const dir = path.join(options.cacheDir ?? defaultSchemaCacheDir(), contextFolder(context));
  const files: string[] = [];
  try {
    for (const d of documents) {
      const file = path.join(dir, ...d.rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, d.text);
      files.push(file);
    }
  } catch (e) {
    return { error: `cannot write ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { dir, context, files };
}
