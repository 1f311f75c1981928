/**
 * A real LSP client for integration tests: spawns the built server (`out/dist/podls.js serve --stdio`)
 * and talks JSON-RPC to it over stdio with vscode-jsonrpc, as a generic editor does (no VS Code specifics).
 */
import { spawn } from 'child_process';
import type { ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, ErrorCodes, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from './shared';

/** The built server bundle. */
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'out', 'dist', 'podls.js');

/** A running server plus the diagnostics it has published, by URI. */
export interface TestServer {
  readonly connection: MessageConnection;
  readonly process: ChildProcessWithoutNullStreams;
  /** The latest diagnostics per URI. */
  readonly diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Resolves with the next publishDiagnostics for `uri` (or the current one if `version` was already published). */
  waitForDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first publishDiagnostics for `uri` (the current one included) that satisfies `accept`. */
  diagnosticsWhere(uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  /** Sends didOpen for a text. */
  open(uri: string, text: string, version?: number): void;
  /**
   * Sends didChange with one ranged change: `length` characters at offset `at` (0-based UTF-16, on one line) of the
   * document's current `text` replaced by `insert`, as version `version`.
   */
  edit(uri: string, version: number, text: string, at: number, length: number, insert: string): Promise<void>;
  /** Shuts the server down and waits for the process to exit. */
  stop(): Promise<void>;
  /** What the server logged (window/logMessage). */
  readonly logs: string[];
  /**
   * The work-done progress the server reported (with `workDoneProgress: true`), in order: `create` for each
   * `window/workDoneProgress/create`, then each `$/progress` value (`begin`, `report`, `end`) with its token.
   */
  readonly progress: { readonly token: string | number; readonly kind: string; readonly title?: string; readonly percentage?: number; readonly message?: string }[];
}

/**
 * Starts the server, sends initialize/initialized with a generic client's capabilities, and returns it.
 * `settings` is what the server gets for `workspace/configuration` of section `podls`.
 */
export async function startTestServer(
  options: { rootDir?: string; settings?: unknown; initializationOptions?: unknown; workDoneProgress?: boolean | 'refused' } = {},
): Promise<TestServer> {
  if (!fs.existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run npm run build`);
  // The arguments vscode-languageclient passes: a transport flag and the client's process id.
  const child = spawn(process.execPath, [SERVER_BUNDLE, 'serve', '--stdio', `--clientProcessId=${process.pid}`], { stdio: 'pipe' });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const waitWhere = (uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> => {
    const current = diagnostics.get(uri);
    if (current !== undefined && accept(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within 10 s`)), 10_000);
      waiters.push({
        uri,
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  };
  const logs: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w !== undefined && w.uri === params.uri && w.accept(params)) {
        waiters.splice(i, 1);
        w.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => options.settings ?? {}));
  connection.onRequest('client/registerCapability', () => null);
  const progress: TestServer['progress'][number][] = [];
  connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    progress.push({ token: p.token, kind: 'create' });
    // A client may refuse (the user turned progress off, a bug): the server must carry on without it.
    return options.workDoneProgress === 'refused' ? new ResponseError(ErrorCodes.InternalError, 'no progress here') : null;
  });
  connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string; title?: string; percentage?: number; message?: string } }) =>
    progress.push({ token: p.token, ...p.value }),
  );
  connection.listen();
  const rootUri = options.rootDir !== undefined ? pathToFileURL(options.rootDir).href : null;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri !== null ? [{ uri: rootUri, name: 'root' }] : null,
    initializationOptions: options.initializationOptions ?? null,
    capabilities: {
      ...(options.workDoneProgress !== undefined && options.workDoneProgress !== false ? { window: { workDoneProgress: true } } : {}),
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown'] } },
        publishDiagnostics: { versionSupport: true },
        codeAction: { resolveSupport: { properties: ['edit'] } },
      },
    },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    diagnostics,
    logs,
    progress,
    waitForDiagnostics: (uri, version) => waitWhere(uri, (p) => version === undefined || p.version === version),
    diagnosticsWhere: waitWhere,
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    async edit(uri, version, text, at, length, insert) {
      const line = text.slice(0, at).split('\n').length - 1;
      const character = at - (text.lastIndexOf('\n', at - 1) + 1);
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + length } }, text: insert }],
      });
    },
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        child.kill();
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
}
