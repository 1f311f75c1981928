/**
 * The LanguageClient's options: which documents go to podls and how the server is started.
 * The server is the same bundle as the `podls` CLI (`out/dist/podls.js serve --stdio`).
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** Creates (does not start) the podls LanguageClient for the extension at `context`. */
export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('out/dist/podls.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, args: ['serve'] },
    debug: { module, transport: TransportKind.stdio, args: ['serve'], options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'podls',
      // Cross-file checks and rename read workspace files from disk: keep that index fresh.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    outputChannel: output,
    // A function, so that a restart after the workspace is trusted sends the new trust state.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted, lifecycleCodeLens: true }),
  };
  return new LanguageClient('podls', 'podls', serverOptions, clientOptions);
}
