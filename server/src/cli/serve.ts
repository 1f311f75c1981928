/**
 * `podls serve`: runs the language server. The transport comes from the arguments vscode-languageclient
 * and other editors pass (`--stdio`, `--node-ipc`, `--socket=N`, `--clientProcessId=N`), which
 * vscode-languageserver's createConnection() reads from process.argv.
 */
import { startServer as start } from '../lsp/server';

/** Starts the language server on the transport named in process.argv; returns at once (the server runs on). */
export function startServer(): void {
  if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
    process.argv.push('--stdio');
  }
  start();
}
