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
    synchronize: { configurationSection: 'podls' },
    outputChannel: output,
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
  };
  return new LanguageClient('podls', 'podls', serverOptions, clientOptions);
}
