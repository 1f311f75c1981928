/**
 * The language server: capabilities, wiring of LSP methods to features, and the server's state.
 * Every request goes through `dispatch.ts` (never throws, logs, honours cancellation). Documents are
 * kept as immutable snapshots (`document/snapshot.ts`), updated incrementally on each change;
 * diagnostics are pushed, debounced, for the changed document and for open documents whose cross-file
 * (label selector) findings changed.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CodeAction,
  CodeLens,
  CompletionItem,
  Connection,
  Diagnostic,
  DidChangeConfigurationNotification,
  FileChangeType,
  DocumentSymbol,
  ErrorCodes,
  InitializeParams,
  InitializeResult,
  Location,
  Range,
  ResponseError,
  SymbolInformation,
  ProposedFeatures,
  TextDocumentSyncKind,
  WorkDoneProgressServerReporter,
  WorkspaceEdit,
  createConnection,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { applyContentChanges, createSnapshot, documentAt, startSnapshot, updateSnapshot } from '../document/snapshot';
import type { Snapshot, SnapshotBuild, YamlDocument } from '../document/snapshot';
import { locate } from '../document/locate';
import { codeActions, fixAll, FIX_ALL_TITLE } from '../features/code-action';
import type { CodeActionDiagnostic, CodeActionInfo } from '../features/code-action';
import { complete, resolveCompletion } from '../features/completion';
import type { CompletionCandidate, CompletionData } from '../features/completion';
import { createDiagnosticsCache, diagnose, documentDiagnostics, isDiagnosed, roleKey } from '../features/diagnostics';
import type { AnalysisContext, DiagnosticsCache, DiagnosticInfo } from '../features/diagnostics';
import { createCrossFileSession, documentCrossFacts, placeCrossFileFindingsSteps, runCrossFile, runCrossFileSteps, sameCrossFileFindings } from '../features/cross-file';
import type { CrossFileFindings, CrossFileSession } from '../features/cross-file';
import { explainAt } from '../features/explain-at';
import { fileRole, isChartFile, isKustomizationFile, layoutOfSnapshots } from '../features/kustomize';
import type { FileRole, ProjectLayout } from '../features/kustomize';
import { createExplainMemo } from '../features/explain-memo';
import type { ExplainMemo } from '../features/explain-memo';
import { hover } from '../features/hover';
import { lifecycleLenses, lifecycleTimeline } from '../features/lifecycle';
import { definition } from '../features/navigation/definition';
import { documentSymbols } from '../features/navigation/document-symbol';
import { nameCompletions } from '../features/navigation/name-completion';
import { references } from '../features/navigation/references';
import { prepareRename, rename } from '../features/navigation/rename';
import { buildWorkspaceIndex, createNavigationCache, documentFragment } from '../features/navigation/workspace-index';
import { workspaceSymbols } from '../features/navigation/workspace-symbol';
import { ruleCatalog } from '../features/rule-catalog';
import { selectInWorkspace } from '../features/select';
import { selectorHover } from '../features/selector-hover';
import { EXPLAIN_METHOD, LIFECYCLE_METHOD, SCHEMA_PULL_METHOD, SELECT_METHOD, STATUS_METHOD } from '../protocol/lsp-ext';
import type { ExplainParams, ExplainResult, LifecycleParams, SchemaPullParams, SchemaPullResult, SelectParams, SelectResult, SelectResultItem, StatusResult } from '../protocol/lsp-ext';
import { pullSchema } from '../workspace/schema-pull';
import { analysisContext, describeBundledReleases, describeSchemaSource, loadSchemaIndex } from '../workspace/context';
import { DEFAULT_SETTINGS, parseSettings, previousRevision } from '../workspace/settings';
import { isRatcheted, NO_PREVIOUS, previousIndexOf, ratchetedCreateFindings, restorePreviousEdits, updateDiagnostics, updateHover } from '../features/update';
import type { PreviousIndex, UpdateDiagnostic } from '../features/update';
import { readAtRevision } from '../workspace/git';
import { podSecurityLabelCompletions, podSecurityLabelHover } from '../features/pod-security-labels';
import type { Settings } from '../workspace/settings';
import { excludedByConfig, findProjectConfig, overrideSettings, PROJECT_CONFIG_NAMES, projectConfigDiagnostics } from '../workspace/project-config';
import type { ProjectConfig } from '../workspace/project-config';
import { runLongRequest, runRequest } from './dispatch';
import type { Checkpoint, RequestLog } from './dispatch';
import {
  codeActionProblem,
  codeActionResolveProblem,
  completionItemProblem,
  explainProblem,
  lifecycleProblem,
  referenceProblem,
  renameProblem,
  selectProblem,
  textDocumentPositionProblem,
  textDocumentProblem,
  workspaceSymbolProblem,
} from './params';
import * as toProto from './to-proto';
import { appendAll } from '../util/arrays';
import type { Steps } from '../util/steps';

/**
 * Delay between the last change of a document and its diagnostics, in milliseconds. A keystroke re-analyses one
 * YAML document (about a millisecond), so the delay only merges the changes of a burst of typing.
 */
export const DIAGNOSTICS_DEBOUNCE_MS = 15;

/**
 * Long work on a large file (parsing it, analysing its documents) runs in slices of at most about this many
 * milliseconds, with the event loop running in between: a hover or completion sent meanwhile waits for one slice
 * at most, and a newer version of the file stops the work on the older one.
 */
export const SLICE_MS = 8;

/**
 * A slice ends after this much text (UTF-16 code units) too, whatever the time: a large file always takes several
 * slices, and a slice stays short on a slow machine.
 */
export const ANALYSIS_SLICE_CHARS = 32 * 1024;

/** Within a slice, the time is checked after each unit of about this much text. */
const SLICE_UNIT_CHARS = 4 * 1024;

/** At most this much text (UTF-16 code units) is parsed at once when a document is opened or changed. */
export const SYNC_PARSE_CHARS = 128 * 1024;

/**
 * An opened document of at least this many characters (1 Mi) is parsed in slices from its didOpen on, not
 * {@link SYNC_PARSE_CHARS} at once, so that the requests that follow it are not kept waiting by parsing in cold code.
 */
export const SLICED_OPEN_CHARS = 1024 * 1024;

/**
 * A publish runs in steps of a few milliseconds, with requests answered in between: the cross-file facts and index
 * update {@link STAGED_DOCUMENTS} documents at a time, the workspace rules a few hundred objects at a time, then the
 * placement and conversion of {@link STAGED_FINDINGS} findings at a time (a small file's usually in one turn).
 */
const STAGED_DOCUMENTS = 100;

/** Cross-file findings a step of a publish places, or diagnostics it converts to the protocol. */
const STAGED_FINDINGS = 200;

/** Long requests (references, rename, workspace symbols, ...) let other messages in after this much file text. */
export const REQUEST_SLICE_CHARS = 256 * 1024;

/** At most this many workspace YAML files are indexed for cross-file checks. */
export const MAX_WORKSPACE_FILES = 5000;

/** Files above this size (bytes) are not indexed from disk (open documents are always analysed). */
export const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;

/** How long the previous revision of an open file (`podls.previous`) is used before git is asked again, in milliseconds. */
export const PREVIOUS_REFRESH_MS = 3000;

/** The previous revision of one open file, as last read from git. */
interface PreviousEntry {
  /** The revision it was read at (`HEAD`). */
  readonly rev: string;
  /** The file's text at that revision (undefined: not in git, or git is unavailable). */
  readonly text: string | undefined;
  readonly index: PreviousIndex;
  /** When it was read (`Date.now()`), for {@link PREVIOUS_REFRESH_MS}. */
  readonly readAt: number;
}

/** Everything the server remembers between requests. Created once per connection; nothing is global. */
interface ServerState {
  settings: Settings;
  ctx: AnalysisContext;
  cache: DiagnosticsCache;
  /** Open documents by URI. */
  readonly open: Map<string, Snapshot>;
  /** Workspace YAML files read from disk (not open), by URI. */
  readonly disk: Map<string, Snapshot>;
  /** Cross-file findings last published per open URI, to republish another file only when its own changed. */
  readonly lastWorkspace: Map<string, CrossFileFindings | undefined>;
  readonly timers: Map<string, NodeJS.Timeout>;
  /** Bumped on every change to `open` or `disk`: cross-file results are computed once per generation. */
  generation: number;
  /** The cross-file findings of the open files for one generation and context. */
  cross: { generation: number; ctx: AnalysisContext; byUri: ReadonlyMap<string, CrossFileFindings> } | undefined;
  /**
   * Cross-file facts per parsed document and per snapshot, and the per-unit results of the last run: a publish
   * rebuilds the facts of changed documents only, and runs again only the units whose documents' keys changed.
   */
  readonly crossSession: CrossFileSession;
  /** Explain Markdown of hovers and completion items, for the current schema. */
  explainMemo: ExplainMemo;
  /** The diagnostics last sent per open URI, with their version, to skip sending the same again. */
  readonly published: Map<string, { readonly version: number; readonly diagnostics: readonly Diagnostic[] }>;
  /** Open documents being parsed slice by slice (large files), by URI; absent from `open` meanwhile. */
  readonly builds: Map<string, SnapshotBuild>;
  /** The analysis under way per open URI: the snapshot whose diagnostics are being computed, slice by slice. */
  readonly analyses: Map<string, Snapshot>;
  /** Workspace files being parsed slice by slice by the indexer, by URI: a file opened meanwhile reuses what they parsed. */
  readonly indexBuilds: Map<string, SnapshotBuild>;
  workspaceFolders: string[];
  trusted: boolean;
  configurationPull: boolean;
  /** The client opened the `Preview lifecycle` code lens (initializationOptions.lifecycleCodeLens). */
  lifecycleLens: boolean;
  /** The client resolves code actions (codeAction/resolve with `edit`): fix-all edits are computed on demand. */
  codeActionResolve: boolean;
  /** The client supports workspace folders and so sends their changes. */
  workspaceFolderChanges: boolean;
  /** The `podls` settings section last received from the client (re-applied when `.podls.yaml` changes). */
  editorSettings: unknown;
  /** The `.podls.yaml` at or above the first workspace folder, if any: its settings under the editor's, its excludes. */
  project: ProjectConfig | undefined;
  /** The previous revision of open files (`podls.previous`), by URI. */
  readonly previous: Map<string, PreviousEntry>;
  /** URIs whose previous revision is being read. */
  readonly previousPending: Set<string>;
  /** The update diagnostics last computed per open URI, with the snapshot and index they were computed from. */
  readonly updates: Map<string, { snapshot: Snapshot; index: PreviousIndex; ctx: AnalysisContext; diagnostics: UpdateDiagnostic[] }>;
}

/**
 * Schedules the next slice of background work (parsing, analysing, indexing, the steps of a publish) after the messages
 * read meanwhile are handled and their answers written. vscode-jsonrpc handles a message on an immediate and writes
 * the answer on the next one; a slice scheduled on a plain immediate would run between the two, so that a request
 * waited for two slices. Three rounds of immediates: a request waits for the slice under way only.
 */
function afterMessages(next: () => void): void {
  setImmediate(() => setImmediate(() => setImmediate(next)));
}

/** Whether `file` is a YAML file podls indexes: *.yaml or *.yml. */
function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Files read per event-loop turn while indexing the workspace, so requests are served in between. */
const INDEX_BATCH = 25;

/**
 * At most this much text (UTF-16 code units, 8 Mi) of the indexed workspace files is analysed in the background after
 * indexing, most recently modified files first: opening one of them then publishes without analysing it again.
 */
export const BACKGROUND_ANALYSIS_CHARS = 8 * 1024 * 1024;

/** The client is told how indexing progresses at most this often, in milliseconds. */
const PROGRESS_REPORT_MS = 50;

/** Indexing starts when the client has created its progress, or after this many milliseconds without an answer. */
const PROGRESS_WAIT_MS = 50;

/** True when `file` (symlinks resolved) lies inside one of `folders`. */
function isPathInside(file: string, folders: readonly string[]): boolean {
  let resolved = path.resolve(file);
  try {
    resolved = fs.realpathSync(resolved);
  } catch {
    // A path that does not exist yet is judged as written.
  }
  return folders.some((folder) => {
    const rel = path.relative(folder, resolved);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** Whether `file` is a project configuration file (`.podls.yaml`), which is read as settings, never as manifests. */
function isProjectConfigFile(file: string): boolean {
  return PROJECT_CONFIG_NAMES.includes(path.basename(file));
}

/** Lists *.yaml / *.yml files under the folders (skipping .git, node_modules), at most `limit`. */
function listYamlFiles(folders: readonly string[], limit: number): string[] {
  const out: string[] = [];
  const stack = [...folders];
  while (stack.length > 0 && out.length < limit) {
    const dir = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) stack.push(path.join(dir, e.name));
      } else if (e.isFile() && isYamlFile(e.name)) {
        out.push(path.join(dir, e.name));
        if (out.length >= limit) break;
      }
    }
  }
  return out;
}

/** Starts the server on the transport named in process.argv (`--stdio`, `--node-ipc`, `--socket=N`). */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const log: RequestLog = {
    error: (m) => connection.console.error(m),
    log: (m) => connection.console.log(m),
  };
  const initialSchema = loadSchemaIndex(DEFAULT_SETTINGS);
  const initialCtx = analysisContext(initialSchema.index, DEFAULT_SETTINGS);
  // Per-document navigation index fragments, reused while documents are unchanged (keyed weakly by parse result).
  const navCache = createNavigationCache();
  const state: ServerState = {
    settings: DEFAULT_SETTINGS,
    ctx: initialCtx,
    cache: createDiagnosticsCache(initialCtx),
    open: new Map(),
    disk: new Map(),
    lastWorkspace: new Map(),
    timers: new Map(),
    generation: 0,
    cross: undefined,
    crossSession: createCrossFileSession(navCache),
    explainMemo: createExplainMemo(initialCtx.schema),
    analyses: new Map(),
    indexBuilds: new Map(),
    builds: new Map(),
    published: new Map(),
    workspaceFolders: [],
    trusted: true,
    configurationPull: false,
    lifecycleLens: false,
    codeActionResolve: false,
    workspaceFolderChanges: false,
    editorSettings: undefined,
    project: undefined,
    previous: new Map(),
    previousPending: new Set(),
    updates: new Map(),
  };
  for (const e of initialSchema.errors) log.error(`schema: ${e}`);

  // A document being parsed answers nothing (not its saved text, which may differ from the editor's).
  const snapshotOf = (uri: string): Snapshot | undefined => state.open.get(uri) ?? (state.builds.has(uri) ? undefined : state.disk.get(uri));
  const allSnapshots = (): Snapshot[] => {
    const out = [...state.open.values()];
    for (const [uri, s] of state.disk) if (!state.open.has(uri)) out.push(s);
    return out;
  };

  /** Reads the `.podls.yaml` at or above the first workspace folder into `state.project` (problems are logged). */
  const loadProject = (): void => {
    const base = state.workspaceFolders[0];
    const readText = (file: string): string | undefined => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    };
    state.project = base === undefined ? undefined : findProjectConfig(base, readText);
    if (state.project !== undefined) log.log(`project configuration: ${state.project.file}`);
    for (const p of state.project?.problems ?? []) log.error(`settings: ${p}`);
  };

  /** True for a file the project configuration leaves out (`exclude`, or outside `include`): no diagnostics, not indexed. */
  const isExcluded = (uri: string): boolean => {
    const file = URI.parse(uri);
    return state.project !== undefined && file.scheme === 'file' && excludedByConfig(state.project, file.fsPath);
  };

  const applySettings = (raw: unknown): void => {
    state.editorSettings = raw;
    const parsed = parseSettings(raw);
    for (const p of parsed.problems) log.error(`settings: ${p}`);
    // Editor settings override the project file's where they differ from the defaults.
    const settings = state.project === undefined ? parsed.settings : overrideSettings(state.project.settings, parsed.settings);
    const known = new Set(ruleCatalog().map((r) => r.id));
    for (const id of Object.keys(settings.rules)) if (!known.has(id)) log.error(`settings: podls.rules: unknown rule id "${id}"`);
    // Relative paths are relative to the (first) workspace folder, not to the server's working directory.
    const base = state.workspaceFolders[0];
    let openapi = settings.openapi.map((p) => (base !== undefined && !path.isAbsolute(p) ? path.resolve(base, p) : p));
    if (!state.trusted) {
      const allowed = openapi.filter((p) => isPathInside(p, state.workspaceFolders));
      if (allowed.length !== openapi.length) log.error('settings: untrusted workspace: OpenAPI paths outside the workspace are ignored');
      openapi = allowed;
    }
    // The target version selects the bundled release's schema.
    const schemaChanged = openapi.join('\n') !== state.settings.openapi.join('\n') || settings.kubernetesVersion !== state.settings.kubernetesVersion;
    const effective: Settings = { ...settings, openapi };
    // The same settings again (the first pull answering the defaults, a push that changed another section): the
    // analysis context and its caches stay.
    if (!schemaChanged && JSON.stringify(effective) === JSON.stringify(state.settings)) return;
    const index = schemaChanged ? loadSchemaIndex(effective) : { index: state.ctx.schema, errors: [] };
    for (const e of index.errors) log.error(`schema: ${e}`);
    state.settings = effective;
    state.ctx = analysisContext(index.index, effective);
    state.cache = createDiagnosticsCache(state.ctx);
    if (state.explainMemo.schema !== state.ctx.schema) state.explainMemo = createExplainMemo(state.ctx.schema);
    state.lastWorkspace.clear();
    state.previous.clear();
    for (const uri of state.open.keys()) scheduleDiagnostics(uri, 0);
  };

  const pullSettings = async (): Promise<void> => {
    if (!state.configurationPull) return;
    try {
      const raw: unknown = await connection.workspace.getConfiguration('podls');
      applySettings(raw);
    } catch (e) {
      log.error(`settings: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  /**
   * A URI's path (`URI.parse(uri).path`) and whether it names a kustomization file or a `Chart.yaml` (what the layout
   * reads), memoised: the layout and the roles look up every workspace file's on each change of the workspace.
   */
  const uriFacts = new Map<string, { readonly path: string; readonly layoutSource: boolean }>();
  const factsOf = (uri: string): { readonly path: string; readonly layoutSource: boolean } => {
    let facts = uriFacts.get(uri);
    if (facts === undefined) {
      if (uriFacts.size >= 4 * MAX_WORKSPACE_FILES) uriFacts.clear();
      const file = URI.parse(uri).path;
      facts = { path: file, layoutSource: isKustomizationFile(file) || isChartFile(file) };
      uriFacts.set(uri, facts);
    }
    return facts;
  };
  const pathOf = (uri: string): string => factsOf(uri).path;

  /**
   * The repository layout (kustomizations, charts, deployment units) and each file's role in it. The layout reads the
   * kustomization files and the `Chart.yaml` paths only: it is computed again when one of those snapshots changes (a
   * keystroke elsewhere keeps it, and the roles worked out so far), looked at once per generation of the workspace.
   */
  let layoutMemo: { generation: number; sources: readonly Snapshot[]; layout: ProjectLayout; roles: Map<string, FileRole> } | undefined;
  const layout = (): { layout: ProjectLayout; roles: Map<string, FileRole> } => {
    if (layoutMemo !== undefined && layoutMemo.generation === state.generation) return layoutMemo;
    const sources = allSnapshots().filter((s) => factsOf(s.uri).layoutSource);
    if (layoutMemo !== undefined && layoutMemo.sources.length === sources.length && layoutMemo.sources.every((s, i) => s === sources[i])) {
      layoutMemo.generation = state.generation;
      return layoutMemo;
    }
    const previous = layoutMemo;
    layoutMemo = { generation: state.generation, sources, layout: layoutOfSnapshots(sources, pathOf), roles: new Map() };
    // Open files whose role changed (a kustomization now lists them as a patch, a chart appeared around them) are
    // judged again: their own diagnostics depend on it.
    if (previous !== undefined) {
      for (const uri of state.open.keys()) {
        const before = previous.roles.get(uri) ?? fileRole(previous.layout, pathOf(uri));
        if (roleKey(before) !== roleKey(roleOf(uri))) scheduleDiagnostics(uri, 0);
      }
    }
    return layoutMemo;
  };
  const roleOf = (uri: string): FileRole => {
    const { layout: current, roles } = layout();
    let role = roles.get(uri);
    if (role === undefined) {
      role = fileRole(current, pathOf(uri));
      roles.set(uri, role);
    }
    return role;
  };

  /**
   * The cross-file findings of the open files, computed once per generation of the workspace: the units whose
   * documents' keys did not change since the last run are reused (`crossFileFindings` with the memo).
   */
  const crossFile = (): ReadonlyMap<string, CrossFileFindings> => {
    if (state.cross !== undefined && state.cross.generation === state.generation && state.cross.ctx === state.ctx) return state.cross.byUri;
    const result = runCrossFile(state.crossSession, allSnapshots(), state.ctx, { roleOf, generated: layout().layout.generated }, new Set(state.open.keys()));
    state.cross = { generation: state.generation, ctx: state.ctx, byUri: result.byUri };
    return result.byUri;
  };

  /**
   * Computes and sends the diagnostics of the open document `uri` (its own, from the cache; its update findings; its
   * cross-file findings, from {@link crossFile}), yielding between pieces of work: `findingsPerStep` cross-file
   * findings placed, or as many diagnostics converted. Then reads the file's previous revision from git if due. A
   * throw (logged by whoever runs the steps) leaves the published diagnostics as they were; the same diagnostics of the
   * same version (a refresh after workspace indexing that changed nothing here) are not sent again.
   */
  function* publishSteps(uri: string, snapshot: Snapshot, findingsPerStep: number): Steps<void> {
    const file = URI.parse(uri);
    let found: DiagnosticInfo[] = [];
    // A `.podls.yaml` is settings, not manifests: its own problems are its diagnostics.
    if (file.scheme === 'file' && isProjectConfigFile(file.fsPath)) found = projectConfigDiagnostics(snapshot, file.fsPath);
    else if (!isExcluded(uri)) {
      const ratcheted = ratchetedCreateFindings(snapshot, previousIndexFor(snapshot.uri));
      found = diagnose(snapshot, state.ctx, state.cache, roleOf(uri)).filter((d) => !isRatcheted(d, ratcheted));
      appendAll(found, updatesOf(snapshot));
      yield;
      const cross = crossFile();
      const mine = cross.get(uri);
      if (mine !== undefined) appendAll(found, yield* placeCrossFileFindingsSteps(snapshot, mine, () => snapshot, findingsPerStep));
      state.lastWorkspace.set(uri, mine);
      // Other open files whose cross-file findings changed (a Service elsewhere now selects nothing, a
      // ConfigMap they reference now exists) are republished too.
      for (const other of state.open.keys()) {
        if (other !== uri && !sameCrossFileFindings(cross.get(other), state.lastWorkspace.get(other))) scheduleDiagnostics(other, 0);
      }
    }
    const diagnostics: Diagnostic[] = [];
    for (const d of found) {
      diagnostics.push(toProto.diagnostic(snapshot, d));
      if (diagnostics.length % findingsPerStep === 0) yield;
    }
    const last = state.published.get(uri);
    if (last === undefined || last.version !== snapshot.version || JSON.stringify(last.diagnostics) !== JSON.stringify(diagnostics)) {
      state.published.set(uri, { version: snapshot.version, diagnostics });
      void connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics });
    }
    refreshPrevious(uri);
  }

  /** The git revision open files are compared with, or undefined (setting `off`, untrusted workspace). */
  const previousRev = (): string | undefined => previousRevision(state.settings.previous, state.trusted);

  /**
   * Reads the previous revision of an open file from git when it is missing, stale or of another revision, and
   * republishes the file's diagnostics when it changed. No process is started for non-file URIs or when off.
   */
  function refreshPrevious(uri: string, force = false): void {
    const rev = previousRev();
    const file = URI.parse(uri);
    if (rev === undefined || file.scheme !== 'file' || state.previousPending.has(uri)) return;
    const entry = state.previous.get(uri);
    if (!force && entry !== undefined && entry.rev === rev && Date.now() - entry.readAt < PREVIOUS_REFRESH_MS) return;
    state.previousPending.add(uri);
    void readAtRevision([file.fsPath], rev)
      .then(([text]) => {
        const old = state.previous.get(uri);
        const index = text === undefined ? NO_PREVIOUS : text === old?.text && old.rev === rev ? old.index : previousIndexOf([createSnapshot(`${rev}:${uri}`, 0, text)]);
        state.previous.set(uri, { rev, text, index, readAt: Date.now() });
        if ((old === undefined || old.text !== text || old.rev !== rev) && state.open.has(uri)) scheduleDiagnostics(uri, 0);
      })
      .catch((e: unknown) => log.error(`previous revision of ${uri}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => state.previousPending.delete(uri));
  }

  /** The previous revision's objects for an open file (empty when off, untrusted, not read yet or not in git). */
  function previousIndexFor(uri: string): PreviousIndex {
    return (previousRev() === undefined ? undefined : state.previous.get(uri))?.index ?? NO_PREVIOUS;
  }

  /** The update diagnostics of an open snapshot against its previous revision (memoised per snapshot and index). */
  /** The update diagnostics computed for `snapshot` already (by its publish), or none. */
  function publishedUpdatesOf(snapshot: Snapshot): UpdateDiagnostic[] {
    const last = state.updates.get(snapshot.uri);
    return last !== undefined && last.snapshot === snapshot && last.index === previousIndexFor(snapshot.uri) && last.ctx === state.ctx ? last.diagnostics : [];
  }

  function updatesOf(snapshot: Snapshot): UpdateDiagnostic[] {
    const index = previousIndexFor(snapshot.uri);
    const last = state.updates.get(snapshot.uri);
    if (last !== undefined && last.snapshot === snapshot && last.index === index && last.ctx === state.ctx) return last.diagnostics;
    const diagnostics = updateDiagnostics(snapshot, index, state.ctx);
    state.updates.set(snapshot.uri, { snapshot, index, ctx: state.ctx, diagnostics });
    return diagnostics;
  }

  /**
   * Fills the per-document caches of `doc`: its diagnostics, its cross-file facts and its navigation fragment, so that
   * a publish (or a request) only assembles them. Throws what the analysis throws (callers run it in runRequest).
   */
  const prepareDocument = (snapshot: Snapshot, doc: YamlDocument, ctx: AnalysisContext, cache: DiagnosticsCache, role: FileRole): void => {
    documentDiagnostics(snapshot, doc, ctx, cache, role);
    documentCrossFacts(doc, role, state.crossSession.facts);
    documentFragment(snapshot, doc, navCache);
  };

  /**
   * Analyses the open document `uri` slice by slice ({@link ANALYSIS_SLICE_CHARS} of documents not yet in the
   * diagnostics cache per event-loop turn), then publishes. A newer version, a close or new settings stop it: the
   * documents analysed so far stay cached for the next run.
   */
  const analyse = (uri: string): void => {
    const snapshot = state.open.get(uri);
    if (snapshot === undefined) return;
    state.analyses.set(uri, snapshot);
    const ctx = state.ctx;
    const cache = state.cache;
    const role = roleOf(uri);
    let next = 0;
    const slice = (): void => {
      if (state.analyses.get(uri) !== snapshot) return;
      if (state.open.get(uri) !== snapshot || state.ctx !== ctx) {
        state.analyses.delete(uri);
        return;
      }
      const until = performance.now() + SLICE_MS;
      let work = 0;
      let unit = 0;
      const run = runRequest('diagnostics', undefined, log, false, () => {
        for (const docs = snapshot.documents; next < docs.length && work < ANALYSIS_SLICE_CHARS; next++) {
          const doc = docs[next];
          if (doc === undefined || isDiagnosed(doc, ctx, cache, role)) continue;
          prepareDocument(snapshot, doc, ctx, cache, role);
          const size = doc.range.end - doc.range.start;
          work += size;
          unit += size;
          if (unit >= SLICE_UNIT_CHARS) {
            unit = 0;
            if (performance.now() >= until) {
              next++;
              break;
            }
          }
        }
        return true;
      });
      if (run !== true) next = snapshot.documents.length;
      if (next < snapshot.documents.length) {
        afterMessages(slice);
        return;
      }
      // The cross-file analysis and the publish run in steps, about SLICE_MS per turn (a small file's usually in this
      // very turn), and only while this version is still the one to publish. The file stays in `state.analyses` until
      // published, so indexing waits; when the workspace changes meanwhile (another file's edit), the cross-file
      // analysis starts again.
      const current = (): boolean => state.open.get(uri) === snapshot && state.ctx === ctx && !state.timers.has(uri) && state.analyses.get(uri) === snapshot;
      function* staged(target: Snapshot, generation: number): Steps<void> {
        if (state.cross === undefined || state.cross.generation !== generation || state.cross.ctx !== ctx) {
          const result = yield* runCrossFileSteps(state.crossSession, allSnapshots(), ctx, { roleOf, generated: layout().layout.generated }, new Set(state.open.keys()), STAGED_DOCUMENTS);
          state.cross = { generation, ctx, byUri: result.byUri };
        }
        yield* publishSteps(uri, target, STAGED_FINDINGS);
      }
      let generation = state.generation;
      let steps = staged(snapshot, generation);
      // About SLICE_MS of steps per turn; between turns the requests read meanwhile are answered (afterMessages).
      const turn = (): void => {
        if (!current()) return;
        if (state.generation !== generation) {
          generation = state.generation;
          steps = staged(snapshot, generation);
        }
        const until = performance.now() + SLICE_MS;
        const done = runRequest('diagnostics', undefined, log, true, () => {
          for (;;) {
            if (steps.next().done === true) return true;
            if (performance.now() >= until) return false;
          }
        });
        if (done === false) afterMessages(turn);
        else state.analyses.delete(uri);
      };
      turn();
    };
    slice();
  };

  function scheduleDiagnostics(uri: string, delay = DIAGNOSTICS_DEBOUNCE_MS): void {
    const pending = state.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    // A newer version supersedes the analysis under way.
    state.analyses.delete(uri);
    state.timers.set(
      uri,
      setTimeout(() => {
        state.timers.delete(uri);
        analyse(uri);
      }, delay),
    );
  }

  /**
   * Computes the navigation index fragments of the workspace file by file, awaiting `checkpoint` (other messages,
   * cancellation) after every {@link REQUEST_SLICE_CHARS} of text, so that the request that needs the whole index
   * then only merges cached fragments.
   */
  const prepareNavigation = async (checkpoint: Checkpoint): Promise<void> => {
    let work = 0;
    for (const snapshot of allSnapshots()) {
      buildWorkspaceIndex([snapshot], undefined, navCache);
      work += snapshot.text.length;
      if (work >= REQUEST_SLICE_CHARS) {
        work = 0;
        await checkpoint();
      }
    }
  };

  /**
   * The text of a workspace file to index, or undefined when it is not indexed (not YAML, outside the workspace
   * folders, over {@link MAX_INDEXED_FILE_BYTES}, unreadable), in which case it leaves the disk index. Open files are
   * not read (undefined, the disk index untouched).
   */
  const readIndexed = (file: string): { uri: string; text: string; modifiedMs: number } | undefined => {
    const uri = URI.file(file).toString();
    if (state.open.has(uri) || state.builds.has(uri)) return undefined;
    try {
      const stat = fs.statSync(file);
      const tooLarge = isYamlFile(file) && stat.size > MAX_INDEXED_FILE_BYTES;
      if (tooLarge) log.log(`not indexed for cross-file checks (over ${MAX_INDEXED_FILE_BYTES} bytes): ${file}`);
      if (!tooLarge && isYamlFile(file) && !isProjectConfigFile(file) && !isExcluded(uri) && isPathInside(file, state.workspaceFolders)) {
        return { uri, text: fs.readFileSync(file, 'utf8'), modifiedMs: stat.mtimeMs };
      }
    } catch {
      // Deleted or unreadable: dropped below.
    }
    state.disk.delete(uri);
    state.generation++;
    return undefined;
  };

  /**
   * Reads one workspace file into the disk index at once (a file closed or changed on disk). `prev`: a snapshot of
   * the same file (the document just closed) whose parsed documents are reused where the text on disk is the same.
   */
  const indexFile = (file: string, prev?: Snapshot): void => {
    const read = readIndexed(file);
    if (read === undefined) return;
    state.disk.set(read.uri, prev !== undefined && prev.uri === read.uri ? updateSnapshot(prev, read.text, 0) : createSnapshot(read.uri, 0, read.text));
    state.generation++;
  };

  /**
   * A work-done progress shown by the client (nothing when it does not support them): begun as soon as the client
   * created it, reported at most every {@link PROGRESS_REPORT_MS}, ended once. `begun` is called once: when the
   * progress is begun, could not be created, or the client did not answer within {@link PROGRESS_WAIT_MS}. Never throws.
   */
  const startProgress = (title: string, begun: () => void): { report: (percentage: number, message: string) => void; done: () => void } => {
    let reporter: WorkDoneProgressServerReporter | undefined;
    let ended = false;
    let latest: { percentage: number; message: string } | undefined;
    let reportedAt = 0;
    let started = false;
    const start = (): void => {
      if (started) return;
      started = true;
      begun();
    };
    const wait = setTimeout(start, PROGRESS_WAIT_MS);
    connection.window.createWorkDoneProgress().then(
      (created) => {
        reporter = created;
        created.begin(title, latest?.percentage ?? 0, latest?.message, false);
        reportedAt = performance.now();
        if (ended) created.done();
      },
      (e: unknown) => log.error(`progress: ${e instanceof Error ? e.message : String(e)}`),
    ).finally(() => {
      clearTimeout(wait);
      // In a later turn: the `begin` is written first (the connection writes on an immediate).
      setImmediate(start);
    });
    return {
      report: (percentage, message) => {
        latest = { percentage, message };
        const now = performance.now();
        if (reporter === undefined || ended || now - reportedAt < PROGRESS_REPORT_MS) return;
        reportedAt = now;
        reporter.report(percentage, message);
      },
      done: () => {
        if (ended) return;
        ended = true;
        reporter?.done();
      },
    };
  };

  /**
   * Indexes files in slices of about {@link SLICE_MS} (at most INDEX_BATCH files) per event-loop turn, a large file
   * over several slices, then refreshes the open files' diagnostics (`indexed`). Then, in the same kind of slices, it
   * analyses the files it indexed ({@link prepareDocument}; most recently modified first, at most
   * {@link BACKGROUND_ANALYSIS_CHARS} of text), so that opening one publishes at once. Open documents come first:
   * while one is parsed or analysed, indexing waits. The client sees both phases as one work-done progress.
   */
  const indexFiles = (files: readonly string[], indexed: () => void): void => {
    if (files.length === 0) {
      indexed();
      return;
    }
    // The files are read once the client shows the progress, so that it shows from the start.
    const progress = startProgress('podls: indexing YAML files', () => step());
    let next = 0;
    let pending: { readonly uri: string; readonly build: SnapshotBuild; readonly modifiedMs: number } | undefined;
    const read: { readonly uri: string; readonly modifiedMs: number }[] = [];
    // The background analysis: the files left to analyse, the document to analyse next in the first of them.
    let toAnalyse: string[] | undefined;
    let nextDocument = 0;
    let budget = BACKGROUND_ANALYSIS_CHARS;
    const analyseStep = (until: number): void => {
      const uri = toAnalyse?.[0];
      if (uri === undefined) return;
      const snapshot = state.disk.get(uri);
      const ctx = state.ctx;
      const doc = snapshot?.documents[nextDocument];
      if (snapshot === undefined || doc === undefined || budget <= 0) {
        toAnalyse?.shift();
        nextDocument = 0;
        if (budget <= 0) toAnalyse = [];
        return;
      }
      const role = roleOf(uri);
      runRequest('diagnostics', undefined, log, undefined, () => {
        // The index moves on before the analysis, so that a document whose analysis throws is not tried again.
        for (let d = snapshot.documents[nextDocument]; d !== undefined && performance.now() < until; d = snapshot.documents[nextDocument]) {
          nextDocument++;
          if (isDiagnosed(d, ctx, state.cache, role)) continue;
          prepareDocument(snapshot, d, ctx, state.cache, role);
          budget -= d.range.end - d.range.start;
        }
      });
      if (nextDocument >= snapshot.documents.length) {
        toAnalyse?.shift();
        nextDocument = 0;
      }
    };
    const step = (): void => {
      // Open documents come first: their parse, their analysis, and an analysis about to start (a timer).
      if (state.builds.size > 0 || state.analyses.size > 0 || state.timers.size > 0) {
        setTimeout(step, SLICE_MS);
        return;
      }
      const until = performance.now() + SLICE_MS;
      if (toAnalyse !== undefined) {
        while (toAnalyse.length > 0 && performance.now() < until) analyseStep(until);
        if (toAnalyse.length > 0) {
          progress.report(50 + Math.floor((50 * (read.length - toAnalyse.length)) / read.length), `analysing ${read.length - toAnalyse.length}/${read.length} files`);
          afterMessages(step);
        } else progress.done();
        return;
      }
      for (let count = 0; (pending !== undefined || next < files.length) && count < INDEX_BATCH && performance.now() < until; ) {
        if (pending === undefined) {
          const file = readIndexed(files[next++] as string);
          if (file !== undefined) {
            pending = { uri: file.uri, build: startSnapshot(file.uri, 0, file.text), modifiedMs: file.modifiedMs };
            state.indexBuilds.set(file.uri, pending.build);
          }
          continue;
        }
        if (state.open.has(pending.uri) || state.builds.has(pending.uri)) {
          // Opened meanwhile (from what was parsed here): open files are not indexed from disk (see readIndexed).
          if (state.indexBuilds.get(pending.uri) === pending.build) state.indexBuilds.delete(pending.uri);
          pending = undefined;
          continue;
        }
        const snapshot = pending.build.step(SLICE_UNIT_CHARS);
        if (snapshot === undefined) continue;
        state.disk.set(pending.uri, snapshot);
        state.generation++;
        if (state.indexBuilds.get(pending.uri) === pending.build) state.indexBuilds.delete(pending.uri);
        read.push({ uri: pending.uri, modifiedMs: pending.modifiedMs });
        pending = undefined;
        count++;
      }
      if (pending === undefined && next >= files.length) {
        indexed();
        toAnalyse = [...read].sort((a, b) => b.modifiedMs - a.modifiedMs).map((f) => f.uri);
      } else progress.report(Math.floor((50 * next) / files.length), `${next}/${files.length} files`);
      afterMessages(step);
    };
  };

  const indexWorkspace = (folders: readonly string[]): void => {
    const files = listYamlFiles(folders, Math.max(0, MAX_WORKSPACE_FILES - state.disk.size));
    indexFiles(files, () => {
      log.log(`indexed ${state.disk.size} YAML file(s) of the workspace`);
      for (const uri of state.open.keys()) scheduleDiagnostics(uri, 0);
    });
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = params.initializationOptions as { workspaceTrusted?: unknown; lifecycleCodeLens?: unknown } | undefined;
    state.trusted = options?.workspaceTrusted !== false;
    state.lifecycleLens = options?.lifecycleCodeLens === true;
    state.codeActionResolve = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    state.configurationPull = params.capabilities.workspace?.configuration === true;
    state.workspaceFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    state.workspaceFolders = (params.workspaceFolders ?? [])
      .map((f) => URI.parse(f.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath);
    if (state.workspaceFolders.length === 0 && params.rootUri) state.workspaceFolders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { resolveProvider: true, triggerCharacters: [':', ' ', '-'] },
        ...(state.lifecycleLens ? { codeLensProvider: { resolveProvider: false } } : {}),
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.podls'], resolveProvider: state.codeActionResolve },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'podls', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    loadProject();
    if (state.configurationPull) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
      void pullSettings();
    } else if (state.project !== undefined) applySettings(state.editorSettings);
    if (state.workspaceFolderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = event.removed.map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
        const added = event.added.map((f) => URI.parse(f.uri)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
        state.workspaceFolders = [...state.workspaceFolders.filter((f) => !removed.includes(f)), ...added];
        const before = state.project?.file;
        loadProject();
        if (state.project?.file !== before) applySettings(state.editorSettings);
        for (const uri of [...state.disk.keys()]) {
          if (!isPathInside(URI.parse(uri).fsPath, state.workspaceFolders)) state.disk.delete(uri);
        }
        state.generation++;
        indexWorkspace(added);
      });
    }
    setImmediate(() => indexWorkspace(state.workspaceFolders));
  });

  connection.onDidChangeConfiguration((change) => {
    if (state.configurationPull) void pullSettings();
    else applySettings((change.settings as { podls?: unknown } | null)?.podls);
  });

  /**
   * Makes `text` the open document `uri`: parsed at once when at most {@link SYNC_PARSE_CHARS} of it need parsing
   * (an edit re-parses one YAML document), else in slices ({@link SLICE_MS}) with the event loop running
   * in between; meanwhile the document answers no requests (and a newer change restarts the build, reusing what
   * was parsed). Then its diagnostics are scheduled after `delay` ms.
   */
  const setDocument = (uri: string, version: number, text: string, prev: Snapshot | SnapshotBuild | undefined, delay: number): void => {
    const build = startSnapshot(uri, version, text, prev);
    const ready = (snapshot: Snapshot, after: number): void => {
      state.builds.delete(uri);
      state.open.set(uri, snapshot);
      state.generation++;
      scheduleDiagnostics(uri, after);
    };
    // A small file is parsed at once; a large one (over SLICED_OPEN_CHARS) only in slices, so that the requests
    // that follow its didOpen are not kept waiting by a first parse of cold code.
    const first = build.step(text.length > SLICED_OPEN_CHARS ? SLICE_UNIT_CHARS : SYNC_PARSE_CHARS);
    if (first !== undefined) {
      ready(first, delay);
      return;
    }
    state.builds.set(uri, build);
    state.open.delete(uri);
    state.analyses.delete(uri);
    const slice = (): void => {
      if (state.builds.get(uri) !== build) return;
      const until = performance.now() + SLICE_MS;
      const start = build.parsedChars;
      let snapshot: Snapshot | undefined;
      do snapshot = build.step(SLICE_UNIT_CHARS);
      while (snapshot === undefined && performance.now() < until && build.parsedChars - start < ANALYSIS_SLICE_CHARS);
      if (snapshot === undefined) afterMessages(slice);
      else ready(snapshot, 0);
    };
    afterMessages(slice);
  };

  connection.onDidOpenTextDocument(({ textDocument }) => {
    // A file opened from disk is usually indexed already (or being indexed): its parsed documents are reused.
    const indexed = state.disk.get(textDocument.uri) ?? state.indexBuilds.get(textDocument.uri);
    setDocument(textDocument.uri, textDocument.version, textDocument.text, indexed, 0);
    // The previous revision is read from git once the first diagnostics are published (publish calls
    // refreshPrevious), so that the open's analysis is not interrupted by git's answer.
  });

  // A save often follows a commit or a checkout: the previous revision is read again.
  connection.onDidSaveTextDocument(({ textDocument }) => refreshPrevious(textDocument.uri, true));

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const prev = state.builds.get(textDocument.uri) ?? state.open.get(textDocument.uri);
    if (prev === undefined) return;
    setDocument(textDocument.uri, textDocument.version, applyContentChanges(prev.text, contentChanges), prev, DIAGNOSTICS_DEBOUNCE_MS);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const uri = textDocument.uri;
    const snapshot = state.open.get(uri) ?? state.builds.get(uri);
    state.open.delete(uri);
    state.builds.delete(uri);
    state.published.delete(uri);
    state.lastWorkspace.delete(uri);
    state.previous.delete(uri);
    state.updates.delete(uri);
    state.analyses.delete(uri);
    const pending = state.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    state.timers.delete(uri);
    // A closed file that is part of the workspace stays in the cross-file index with its saved text.
    const file = URI.parse(uri);
    if (snapshot !== undefined && file.scheme === 'file') indexFile(file.fsPath, 'chunks' in snapshot ? snapshot : undefined);
    state.generation++;
    for (const other of state.open.keys()) scheduleDiagnostics(other);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => isProjectConfigFile(URI.parse(c.uri).fsPath))) {
      // A changed `.podls.yaml`: new settings, and files it now excludes or includes are indexed again.
      loadProject();
      applySettings(state.editorSettings);
      for (const uri of [...state.disk.keys()]) if (isExcluded(uri)) state.disk.delete(uri);
      state.generation++;
      indexWorkspace(state.workspaceFolders);
    }
    for (const change of changes) {
      const file = URI.parse(change.uri);
      if (file.scheme !== 'file' || state.open.has(change.uri) || isProjectConfigFile(file.fsPath)) continue;
      if (change.type === FileChangeType.Deleted) {
        state.disk.delete(change.uri);
        state.generation++;
      } else indexFile(file.fsPath, state.disk.get(change.uri));
    }
    for (const uri of state.open.keys()) scheduleDiagnostics(uri);
  });

  connection.onHover((params, token) =>
    runRequest(
      'textDocument/hover',
      token,
      log,
      null,
      () => {
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return null;
        const offset = snapshot.lineIndex.offsetAt(params.position);
        // Only the cursor's document is read, once: the workspace only when the cursor is on a label selector.
        const locus = locate(snapshot, offset);
        if (locus === undefined) return null;
        // On a label selector, what it selects comes first, then the field's explain text.
        const selector = selectorHover(allSnapshots, snapshot, offset, locus);
        const field = hover(snapshot, offset, state.ctx.schema, { locus, memo: state.explainMemo });
        // On a Namespace's pod-security label, the policy comes first (the label map's explain text after it).
        const podSecurity = podSecurityLabelHover(allSnapshots, snapshot, offset, state.ctx, locus);
        const first = podSecurity ?? selector;
        const selected =
          first !== undefined && field !== undefined
            ? { markdown: `${first.markdown}\n\n---\n\n${field.markdown}`, range: first.range }
            : (first ?? field);
        // On a field an update finding is on, the old and new value and what to do come first.
        // Only what the last publish computed: a hover never analyses the whole file against its previous revision.
        const update = updateHover(offset, publishedUpdatesOf(snapshot));
        const info = update === undefined ? selected : { markdown: selected === undefined ? update.markdown : `${update.markdown}\n\n---\n\n${selected.markdown}`, range: update.range };
        return info === undefined ? null : toProto.hover(snapshot, info);
      },
      false,
      () => textDocumentPositionProblem(params),
    ),
  );

  connection.onCompletion((params, token) =>
    runRequest(
      'textDocument/completion',
      token,
      log,
      [] as CompletionItem[],
      () => {
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return [];
        const offset = snapshot.lineIndex.offsetAt(params.position);
        // The cursor's document is located once; the workspace is read only where a name may complete.
        const locus = locate(snapshot, offset);
        if (locus === undefined) return [];
        const candidates = [
          ...complete(snapshot, offset, state.ctx.schema, locus),
          ...nameCompletions(allSnapshots, snapshot, offset, navCache, locus),
          ...podSecurityLabelCompletions(snapshot, offset, state.ctx, locus),
        ];
        return candidates.map((c) => toProto.completionItem(snapshot, c, params.position));
      },
      false,
      () => textDocumentPositionProblem(params),
    ),
  );

  connection.onCompletionResolve((item, token) =>
    runRequest(
      'completionItem/resolve',
      token,
      log,
      item,
      () => {
        const data = item.data as CompletionData | undefined;
        if (data === undefined || !Array.isArray(data.fieldPath)) return item;
        const candidate: CompletionCandidate = { label: item.label, kind: 'field', insertText: '', sortText: item.sortText ?? item.label, data };
        const resolved = resolveCompletion(candidate, state.ctx.schema, state.explainMemo);
        return resolved.documentation === undefined ? item : { ...item, documentation: { kind: 'markdown', value: resolved.documentation } };
      },
      false,
      () => completionItemProblem(item),
    ),
  );

  connection.onCodeAction((params, token) =>
    runLongRequest(
      'textDocument/codeAction',
      token,
      log,
      [] as CodeAction[],
      async () => {
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return [];
        const lsp: Diagnostic[] = [];
        const podls: CodeActionDiagnostic[] = [];
        for (const d of params.context.diagnostics) {
          const c = toProto.codeActionDiagnostic(snapshot, d);
          if (c === undefined) continue;
          lsp.push(d);
          podls.push(c);
        }
        const range = { start: snapshot.lineIndex.offsetAt(params.range.start), end: snapshot.lineIndex.offsetAt(params.range.end) };
        const actions = [
          ...codeActions(snapshot, range, podls, state.ctx, allSnapshots(), params.context.only, state.cache, state.codeActionResolve),
          ...restoreActions(snapshot, podls),
        ];
        return actions.flatMap((a): CodeAction[] => {
          // Fix-all re-analyses the file up to five times: with resolve support it is computed only when chosen.
          if (a.deferred === true) return [{ title: a.title, kind: a.kind, data: { uri: snapshot.uri, version: snapshot.version } }];
          const action = toProto.codeAction(a, lsp, snapshotOf);
          return action === undefined ? [] : [action];
        });
      },
      () => codeActionProblem(params),
    ),
  );

  /** "Restore the previous value" for each update diagnostic among `diagnostics` (matched by rule id and range). */
  function restoreActions(snapshot: Snapshot, diagnostics: readonly CodeActionDiagnostic[]): CodeActionInfo[] {
    const updates = updatesOf(snapshot);
    const out: CodeActionInfo[] = [];
    diagnostics.forEach((d, i) => {
      const u = updates.find((x) => x.code === d.code && x.range.start === d.range.start && x.documentIndex === d.documentIndex);
      if (u === undefined) return;
      const edits = restorePreviousEdits(snapshot, u);
      if (edits.length > 0) out.push({ title: 'Restore the previous value', kind: 'quickfix', diagnosticIndex: i, isPreferred: true, edits: [{ uri: snapshot.uri, edits }] });
    });
    return out;
  }

  connection.onCodeActionResolve((action, token) =>
    runLongRequest(
      'codeAction/resolve',
      token,
      log,
      action,
      async () => {
        const data = action.data as { uri?: unknown } | undefined;
        const snapshot = typeof data?.uri === 'string' ? state.open.get(data.uri) : undefined;
        if (snapshot === undefined || action.title !== FIX_ALL_TITLE) return action;
        const edits = fixAll(snapshot, state.ctx, allSnapshots(), state.cache);
        const resolved = toProto.codeAction({ title: action.title, kind: 'source.fixAll.podls', edits: [{ uri: snapshot.uri, edits }] }, [], snapshotOf);
        return resolved ?? action;
      },
      () => codeActionResolveProblem(action),
    ),
  );

  connection.onDefinition((params, token) =>
    runLongRequest(
      'textDocument/definition',
      token,
      log,
      [] as Location[],
      async (checkpoint) => {
        await prepareNavigation(checkpoint);
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return [];
        return toProto.locations(snapshotOf, definition(allSnapshots(), snapshot, snapshot.lineIndex.offsetAt(params.position), navCache));
      },
      () => textDocumentPositionProblem(params),
    ),
  );

  connection.onReferences((params, token) =>
    runLongRequest(
      'textDocument/references',
      token,
      log,
      [] as Location[],
      async (checkpoint) => {
        await prepareNavigation(checkpoint);
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return [];
        const offset = snapshot.lineIndex.offsetAt(params.position);
        return toProto.locations(snapshotOf, references(allSnapshots(), snapshot, offset, params.context.includeDeclaration, navCache));
      },
      () => referenceProblem(params),
    ),
  );

  connection.onPrepareRename((params, token) =>
    runLongRequest<{ range: Range; placeholder: string } | ResponseError<void> | null>(
      'textDocument/prepareRename',
      token,
      log,
      null,
      async (checkpoint) => {
        await prepareNavigation(checkpoint);
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return null;
        const result = prepareRename(allSnapshots(), snapshot, snapshot.lineIndex.offsetAt(params.position), navCache);
        if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
        return { range: toProto.range(snapshot, result.range), placeholder: result.placeholder };
      },
      () => textDocumentPositionProblem(params),
    ),
  );

  connection.onRenameRequest((params, token) =>
    runLongRequest<WorkspaceEdit | ResponseError<void> | null>(
      'textDocument/rename',
      token,
      log,
      null,
      async (checkpoint) => {
        await prepareNavigation(checkpoint);
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return null;
        const result = rename(allSnapshots(), snapshot, snapshot.lineIndex.offsetAt(params.position), params.newName, navCache);
        if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
        return toProto.workspaceEdit(snapshotOf, result.edits);
      },
      () => renameProblem(params),
    ),
  );

  connection.onDocumentSymbol((params, token) =>
    runRequest(
      'textDocument/documentSymbol',
      token,
      log,
      [] as DocumentSymbol[],
      () => {
        const snapshot = snapshotOf(params.textDocument.uri);
        if (snapshot === undefined) return [];
        return documentSymbols(snapshot).map((s) => toProto.documentSymbol(snapshot, s));
      },
      false,
      () => textDocumentProblem(params),
    ),
  );

  connection.onWorkspaceSymbol((params, token) =>
    runLongRequest(
      'workspace/symbol',
      token,
      log,
      [] as SymbolInformation[],
      async (checkpoint) => {
        await prepareNavigation(checkpoint);
        const out: SymbolInformation[] = [];
        for (const s of workspaceSymbols(allSnapshots(), params.query, navCache)) {
          const snapshot = snapshotOf(s.uri);
          if (snapshot !== undefined) out.push(toProto.workspaceSymbol(snapshot, s));
        }
        return out;
      },
      () => workspaceSymbolProblem(params),
    ),
  );

  connection.onCodeLens((params, token) =>
    runRequest(
      'textDocument/codeLens',
      token,
      log,
      [] as CodeLens[],
      () => {
        const snapshot = state.open.get(params.textDocument.uri);
        if (snapshot === undefined) return [];
        return lifecycleLenses(snapshot).map((lens) => ({
          range: toProto.range(snapshot, lens.range),
          command: { title: 'Preview lifecycle', command: 'podls.previewLifecycle', arguments: [snapshot.uri, lens.documentIndex] },
        }));
      },
      false,
      () => textDocumentProblem(params),
    ),
  );

  connection.onRequest(EXPLAIN_METHOD, (params: ExplainParams, token) =>
    runRequest(
      EXPLAIN_METHOD,
      token,
      log,
      null as ExplainResult | null,
      () => {
        const snapshot = snapshotOf(params.uri);
        if (snapshot === undefined) return null;
        return explainAt(snapshot, snapshot.lineIndex.offsetAt(params.position), state.ctx.schema) ?? null;
      },
      false,
      () => explainProblem(params),
    ),
  );

  connection.onRequest(STATUS_METHOD, (_params: unknown, token) =>
    runRequest(STATUS_METHOD, token, log, null as StatusResult | null, () => ({
      kubernetesVersion: state.ctx.schema.model.kubernetesVersion,
      schemaSource: describeSchemaSource(state.ctx.schema),
      targetVersion: state.ctx.rules.kubernetesVersion,
      ...(state.ctx.schema.model.note !== undefined ? { schemaNote: state.ctx.schema.model.note } : {}),
      ...(describeBundledReleases(state.ctx.schema) !== undefined ? { bundledReleases: describeBundledReleases(state.ctx.schema) } : {}),
      workspace: { indexedFiles: [...state.disk.keys()].filter((uri) => !state.open.has(uri)).length, analysedDocuments: state.cache.analysed },
    })),
  );

  // Runs kubectl (a program the user chose to put on PATH, with their kubeconfig): trusted workspaces only.
  connection.onRequest(SCHEMA_PULL_METHOD, async (params: SchemaPullParams | null): Promise<SchemaPullResult> => {
    if (!state.trusted) return { error: 'the cluster schema is pulled only in trusted workspaces' };
    try {
      const context = typeof params?.context === 'string' && params.context !== '' ? params.context : undefined;
      const result = await pullSchema(context === undefined ? {} : { context });
      if ('error' in result) return result;
      log.log(`schema pull: context "${result.context}" -> ${result.dir}`);
      return { dir: result.dir, context: result.context };
    } catch (e) {
      log.error(`${SCHEMA_PULL_METHOD}: ${e instanceof Error ? e.message : String(e)}`);
      return { error: e instanceof Error ? e.message : String(e) };
    }
  });

  connection.onRequest(LIFECYCLE_METHOD, (params: LifecycleParams, token) =>
    runRequest(
      LIFECYCLE_METHOD,
      token,
      log,
      null as unknown,
      () => {
        const snapshot = snapshotOf(params.uri);
        if (snapshot === undefined) return { error: `document not open: ${params.uri}` };
        // A position names the document the cursor is in (the client does not split YAML documents itself).
        const documentIndex =
          params.position !== undefined ? (documentAt(snapshot, snapshot.lineIndex.offsetAt(params.position))?.index ?? 0) : (params.documentIndex ?? 0);
        return lifecycleTimeline(snapshot, documentIndex, params.scenario);
      },
      false,
      () => lifecycleProblem(params),
    ),
  );

  connection.onRequest(SELECT_METHOD, (params: SelectParams, token) =>
    runLongRequest(
      SELECT_METHOD,
      token,
      log,
      { items: [] } as SelectResult,
      async (checkpoint) => {
        // File by file, letting other messages (and a cancellation) in between.
        const items: SelectResultItem[] = [];
        let work = 0;
        for (const snapshot of allSnapshots()) {
          const result = selectInWorkspace([snapshot], params.selector);
          if ('error' in result) return result;
          for (const item of result.items) items.push(item);
          work += snapshot.text.length;
          if (work >= REQUEST_SLICE_CHARS) {
            work = 0;
            await checkpoint();
          }
        }
        return { items };
      },
      () => selectProblem(params),
    ),
  );

  connection.onShutdown(() => {
    for (const t of state.timers.values()) clearTimeout(t);
    state.timers.clear();
  });

  connection.listen();
}
