/**
 * The `podls` command line: `check`, `explain`, `lifecycle`, `select`, `schema pull` and `serve`.
 * Argument parsing is commander's; each command's work is in its own module and writes only through
 * the {@link CliIo} passed in, so tests run `main(argv, io)` with captured output.
 * Exit codes: 0 success, 1 findings of error severity (check) or a failed lookup (explain), 2 usage or I/O error.
 */
import { Command, CommanderError, Option } from 'commander';
import { processIo } from './io';
import type { CliIo } from './io';
import { runCheck } from './check';
import { isCheckWorker, runCheckWorker } from './check-workers';
import type { CheckOutput } from './check';
import { runExplain } from './explain';
import { runLifecycle } from './lifecycle';
import { runSelect } from './select';
import { runSchemaPull } from './schema-pull';
import { analysisContext, describeBundledReleases, describeSchemaSource, loadSchemaIndex } from '../workspace/context';
import { POLICY_KEYS } from '../rules/pod-security/policy';
import { DEFAULT_SETTINGS, isSeveritySetting, podSecurityEntryProblem, normalizeKubernetesVersion } from '../workspace/settings';
import { ruleCatalog } from '../features/rule-catalog';
import type { Settings } from '../workspace/settings';
import type { AnalysisContext } from '../features/diagnostics';
import type { SeveritySetting } from '../rules/rule';

/** The version printed by `podls --version`. */
export const PODLS_VERSION = '0.1.0';

class UsageError extends Error {}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses repeated `--rule id=severity` values; throws UsageError on a malformed one or an unknown rule id. */
function parseRuleFlags(values: readonly string[]): Record<string, SeveritySetting> {
  const known = new Set(ruleCatalog().map((r) => r.id));
  const out: Record<string, SeveritySetting> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const id = v.slice(0, eq);
    const severity = v.slice(eq + 1);
    if (eq <= 0 || !isSeveritySetting(severity)) {
      throw new UsageError(`--rule ${v}: expected id=off|hint|info|warning|error`);
    }
    if (!known.has(id)) throw new UsageError(`--rule ${v}: unknown rule id "${id}" (see docs/rules.md)`);
    out[id] = severity;
  }
  return out;
}

/**
 * Parses repeated `--pod-security KEY=VALUE` values (keys: the `pod-security.kubernetes.io/` label names without the
 * prefix) into the policy for namespaces without a Namespace object; throws UsageError on a malformed one or an
 * unknown key. Invalid levels and versions are kept (the check command warns about them).
 */
function parsePodSecurityFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = v.slice(0, eq);
    if (eq <= 0) throw new UsageError(`--pod-security ${v}: expected KEY=VALUE, e.g. enforce=restricted`);
    if (!POLICY_KEYS.includes(key)) throw new UsageError(`--pod-security ${v}: "${key}" is not one of ${POLICY_KEYS.join(', ')}`);
    out[key] = v.slice(eq + 1);
  }
  return out;
}

function settingsFrom(opts: { openapi?: string[]; kubernetesVersion?: string; rule?: string[]; bestPractices?: boolean; podSecurity?: string[] }): Settings {
  let kubernetesVersion: string | undefined;
  if (opts.kubernetesVersion !== undefined) {
    kubernetesVersion = normalizeKubernetesVersion(opts.kubernetesVersion);
    if (kubernetesVersion === undefined) throw new UsageError(`--kubernetes-version ${opts.kubernetesVersion}: expected a version like 1.30`);
  }
  return {
    ...DEFAULT_SETTINGS,
    openapi: opts.openapi ?? [],
    kubernetesVersion,
    rules: parseRuleFlags(opts.rule ?? []),
    bestPractices: opts.bestPractices === true,
    podSecurity: parsePodSecurityFlags(opts.podSecurity ?? []),
  };
}

/** `podls 0.1.0 (schema: Kubernetes 1.36, bundled (kubernetes-models@5.1.0))`. */
export function versionText(): string {
  const index = loadSchemaIndex(DEFAULT_SETTINGS).index;
  const releases = describeBundledReleases(index);
  return `podls ${PODLS_VERSION} (schema: Kubernetes ${index.model.kubernetesVersion}, ${describeSchemaSource(index)}${releases === undefined ? '' : `; ${releases}`})`;
}

/** Builds the commander program; actions store their exit code through `done`. */
function program(io: CliIo, done: (code: Promise<number> | number) => void): Command {
  const cmd = new Command('podls')
    .description('Kubernetes Pod YAML: kubectl-explain docs, apiserver-grade validation and a lifecycle preview, offline.')
    .option('-V, --version', 'print the podls version and the Kubernetes version of the bundled schema')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();

  cmd
    .command('check')
    .description('validate manifests (files, directories recursively, - for stdin)')
    .argument('<paths...>', 'files or directories; - reads standard input')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--openapi <path...>', 'OpenAPI v3 documents (files or directories) instead of the bundled schema')
    .option('--kubernetes-version <version>', 'target Kubernetes version: its bundled schema and version-dependent rules, e.g. 1.30')
    .option('--rule <id=severity>', 'set a rule to off|hint|info|warning|error (repeatable)', collect, [])
    .option('--best-practices', 'turn on the best-practice rules')
    .option('--exclude <glob>', 'skip files and directories matching a glob, relative to the working directory (repeatable)', collect, [])
    .option('--no-config', 'do not read .podls.yaml files')
    .option(
      '--pod-security <key=value>',
      'Pod Security policy where no Namespace object gives one, as pod-security.kubernetes.io label names without the prefix: enforce=restricted, warn-version=v1.30 (repeatable)',
      collect,
      [],
    )
    .option('-j, --jobs <n>', 'worker threads for large inputs (default: the number of CPUs; 1: no workers)')
    .option('--kustomize', 'also build each kustomization (kubectl kustomize) and check the built objects')
    .option('--previous <path>', 'previous revision: a file or directory of manifests or live objects (kubectl get -o yaml), repeatable; reports updates the apiserver will refuse', collect, [])
    .option('--previous-ref <rev>', 'previous revision of the same files at a git revision, e.g. origin/main')
    .action(
      (
        paths: string[],
        opts: { output: CheckOutput; openapi?: string[]; kubernetesVersion?: string; rule: string[]; bestPractices?: boolean; jobs?: string; exclude: string[]; config: boolean; kustomize?: boolean; previous: string[]; previousRef?: string; podSecurity: string[] },
      ) => {
        const jobs = opts.jobs === undefined ? (io.parallelism ?? 1) : Number(opts.jobs);
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs ${opts.jobs ?? ''}: expected a number of threads, 1 to 256`);
        if (opts.previous.length > 0 && opts.previousRef !== undefined) throw new UsageError('--previous and --previous-ref: give one of them');
        if (opts.previousRef !== undefined && (opts.previousRef === '' || opts.previousRef.startsWith('-'))) throw new UsageError(`--previous-ref ${opts.previousRef}: expected a git revision`);
        const previous = opts.previous.length > 0 ? { paths: opts.previous } : opts.previousRef !== undefined ? { ref: opts.previousRef } : undefined;
        const flags = settingsFrom(opts);
        for (const [key, value] of Object.entries(flags.podSecurity)) {
          const problem = podSecurityEntryProblem(key, value);
          if (problem !== undefined) io.stderr(`podls: warning: --pod-security ${problem}; applied as the apiserver applies such a namespace label (an invalid enforce level is restricted, a version latest)\n`);
        }
        const contextFor = (resolved: Settings): { ctx: AnalysisContext } | { error: string } => {
          // Accepted updates with consequences (rollouts, restarts) are information for editors; in CI only on request.
          const settings: Settings = { ...resolved, rules: { 'update-consequence': 'off', ...resolved.rules } };
          const loaded = loadSchemaIndex(settings);
          if (loaded.index.model.kinds.length === 0) return { error: loaded.errors.join('; ') || 'the schema has no kinds' };
          for (const e of loaded.errors) io.stderr(`podls: warning: ${e}\n`);
          return { ctx: analysisContext(loaded.index, settings) };
        };
        done(
          runCheck(
            { paths, output: opts.output, jobs, exclude: opts.exclude, useConfig: opts.config, flags, kustomize: opts.kustomize === true, ...(previous !== undefined ? { previous } : {}) },
            contextFor,
            io,
          ),
        );
      },
    );

  cmd
    .command('explain')
    .description('document a resource or field, as kubectl explain does (offline)')
    .argument('<resource>', 'RESOURCE[.FIELD...], e.g. pod.spec.containers')
    .option('--recursive', 'print all fields of all levels')
    .option('--api-version <group/version>', 'the API version of the resource, e.g. apps/v1')
    .option('--openapi <path...>', 'OpenAPI v3 documents (files or directories) instead of the bundled schema')
    .option('--kubernetes-version <version>', 'explain as a cluster of this release serves it, e.g. 1.31 (bundled schemas)')
    .action((target: string, opts: { recursive?: boolean; apiVersion?: string; openapi?: string[]; kubernetesVersion?: string }) => {
      const kubernetesVersion = opts.kubernetesVersion === undefined ? undefined : normalizeKubernetesVersion(opts.kubernetesVersion);
      if (opts.kubernetesVersion !== undefined && kubernetesVersion === undefined) {
        throw new UsageError(`--kubernetes-version ${opts.kubernetesVersion}: expected a version like 1.30`);
      }
      done(
        runExplain(
          {
            target,
            recursive: opts.recursive === true,
            ...(opts.apiVersion !== undefined ? { apiVersion: opts.apiVersion } : {}),
            openapi: opts.openapi ?? [],
            ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
          },
          io,
        ),
      );
    });

  cmd
    .command('lifecycle')
    .description('simulate what the kubelet does with a Pod or pod template, and show the timeline')
    .argument('<file>', 'a manifest file')
    .option('--doc <n>', '0-based index of the YAML document in the file')
    .option('--scenario <name|file.json>', 'a preset scenario id or a scenario JSON file')
    .option('--until <seconds>', 'simulate up to this time')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'svg']).default('text'))
    .action((file: string, opts: { doc?: string; scenario?: string; until?: string; format: 'text' | 'json' | 'svg' }) => {
      const doc = opts.doc === undefined ? undefined : Number(opts.doc);
      const until = opts.until === undefined ? undefined : Number(opts.until);
      if (doc !== undefined && (!Number.isInteger(doc) || doc < 0)) throw new UsageError(`--doc ${opts.doc}: expected a document index 0, 1, ...`);
      if (until !== undefined && (!Number.isInteger(until) || until <= 0)) throw new UsageError(`--until ${opts.until}: expected a positive number of seconds`);
      done(
        runLifecycle(
          {
            file,
            format: opts.format,
            ...(doc !== undefined ? { doc } : {}),
            ...(until !== undefined ? { until } : {}),
            ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
          },
          { stdout: io.stdout, stderr: io.stderr, readFile: (p) => Buffer.from(io.readFile(p)).toString('utf8') },
        ),
      );
    });

  cmd
    .command('select')
    .description('list the objects a kubectl label selector selects, e.g. podls select -l app=web k8s/')
    .requiredOption('-l, --selector <selector>', "label selector: 'app=web,tier!=db', 'env in (a,b)', '!legacy'")
    .argument('<paths...>', 'files or directories; - reads standard input')
    .action((paths: string[], opts: { selector: string }) => {
      done(runSelect({ selector: opts.selector, paths }, io));
    });

  const schema = cmd.command('schema').description('manage the schema podls uses');
  schema
    .command('pull')
    .description("write the cluster's OpenAPI v3 documents (core, apps, batch) with kubectl into the podls cache; prints the folder")
    .option('--context <name>', 'kubectl context (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: kubectl\'s)')
    .option('--cache-dir <dir>', 'write under this folder instead of the podls cache directory')
    .action((opts: { context?: string; kubeconfig?: string; cacheDir?: string }) => {
      done(
        runSchemaPull(
          {
            ...(opts.context !== undefined ? { context: opts.context } : {}),
            ...(opts.kubeconfig !== undefined ? { kubeconfig: opts.kubeconfig } : {}),
            ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}),
          },
          io,
        ),
      );
    });

  cmd
    .command('serve')
    .description('run the language server (LSP over --stdio, --node-ipc or --socket=N)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .option('--stdio', 'talk LSP over standard input and output')
    .action(async () => {
      const { startServer } = await import('./serve');
      startServer();
      done(new Promise<number>(() => undefined));
    });
  return cmd;
}

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code.
 * `serve` never returns (the language server runs until the client exits).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let result: Promise<number> | number = 0;
  const cmd = program(io, (code) => {
    result = code;
  });
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      io.stdout(`${versionText()}\n`);
      return 0;
    }
    await cmd.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) {
      io.stderr(cmd.helpInformation());
      return 2;
    }
    return await result;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`podls: ${error.message}\n`);
      return 2;
    }
    io.stderr(`podls: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/**
 * Runs the bundle as the process's program: a `podls check` worker thread, or `podls <process.argv>` with its exit
 * code. `script`: the bundle's path (the workers run it). `start.ts`, the `podls` executable, calls it.
 */
export function runAsEntry(script: string): void {
  if (isCheckWorker()) {
    runCheckWorker();
    return;
  }
  void main(process.argv.slice(2), processIo(script)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runAsEntry(__filename);
