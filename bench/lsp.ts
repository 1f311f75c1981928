/**
 * The server path of `npm run bench`, as an editor feels it: the bundle (`out/dist/podls.js serve --stdio`) in its own
 * process, driven over stdio by vscode-jsonrpc like a generic LSP client. On one file it measures initialize, open to
 * first diagnostics, typing (one character inserted per edit, then the time until the diagnostics of that version
 * arrive, the debounce included), hover and completion round trips (p50/p95 over many positions), and the server's
 * peak resident memory (VmHWM of /proc/PID/status, Linux only).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** Latencies of one kind of request, in milliseconds. */
export interface ServerBenchResult {
  readonly initializeMs: number;
  readonly openMs: number;
  readonly editMs: readonly number[];
  readonly hoverMs: readonly number[];
  readonly completionMs: readonly number[];
  /** Peak resident set size of the server process, MiB; undefined where /proc is missing. */
  readonly peakRssMiB: number | undefined;
}

interface Position {
  readonly line: number;
  readonly character: number;
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m?.[1] === undefined ? undefined : Math.round(Number(m[1]) / 1024);
  } catch {
    return undefined;
  }
}

/**
 * Runs the server bundle `bin` on `text` (one file) and measures it. `edits`: how many one-character edits, each
 * in the value of `editMarker(k)` (a string found in the text); `probes`: hover and completion requests each.
 */
export async function benchServer(
  bin: string,
  text: string,
  options: {
    readonly edits: number;
    readonly probes: number;
    readonly editMarker: (k: number) => string;
    readonly hoverKeys: readonly string[];
    /** Milliseconds to wait after `initialized` before opening the file (an editor restoring its tabs; 300 in ../shared's harness). */
    readonly quietMs?: number;
  },
): Promise<ServerBenchResult> {
  const child = spawn(process.execPath, [bin, 'serve', '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = 'file:///bench/manifests.yaml';
  const published = new Map<number, () => void>();
  let lastVersion = -1;
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri !== uri || p.version === undefined) return;
    lastVersion = Math.max(lastVersion, p.version);
    for (const [version, resolve] of published) {
      if (version <= lastVersion) {
        published.delete(version);
        resolve();
      }
    }
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const diagnosticsOf = (version: number): Promise<void> =>
    version <= lastVersion ? Promise.resolve() : new Promise((resolve) => published.set(version, resolve));
  try {
    let t = performance.now();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { versionSupport: true } },
      },
    });
    const initializeMs = performance.now() - t;
    await connection.sendNotification('initialized', {});
    if (options.quietMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.quietMs));

    t = performance.now();
    const opened = diagnosticsOf(1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await opened;
    const openMs = performance.now() - t;

    // Typing: one character per edit, in a value of a different document each time; wait for that version's diagnostics.
    let current = text;
    const editMs: number[] = [];
    for (let k = 0; k < options.edits; k++) {
      const marker = options.editMarker(k);
      const at = current.indexOf(marker) + marker.length;
      const position = positionAt(current, at);
      current = `${current.slice(0, at)}x${current.slice(at)}`;
      const version = k + 2;
      t = performance.now();
      const done = diagnosticsOf(version);
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: position, end: position }, text: 'x' }],
      });
      await done;
      editMs.push(performance.now() - t);
    }

    const hoverMs: number[] = [];
    const completionMs: number[] = [];
    for (let k = 0; k < options.probes; k++) {
      const key = options.hoverKeys[k % options.hoverKeys.length] ?? 'image';
      let at = -1;
      for (let n = 0, from = 0; n <= (k * 13) % 200; n++) {
        at = current.indexOf(key, from);
        from = at + 1;
      }
      if (at < 0) continue;
      t = performance.now();
      await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(current, at + 2) });
      hoverMs.push(performance.now() - t);
      const lineEnd = current.indexOf('\n', at);
      t = performance.now();
      await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAt(current, lineEnd + 1) });
      completionMs.push(performance.now() - t);
    }
    const peak = peakRssMiB(child.pid);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return { initializeMs, openMs, editMs, hoverMs, completionMs, peakRssMiB: peak };
  } finally {
    connection.dispose();
    child.kill();
  }
}
