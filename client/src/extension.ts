/**
 * The VS Code extension's entry point: starts the podls language server and registers the commands.
 * The client does no analysis (ARCHITECTURE.md): everything it shows comes from the server.
 */
import * as vscode from 'vscode';
import { createClient } from './client';
import { registerExplainDocument } from './explain-document';
import { registerFindBySelector } from './find-by-selector';
import { registerLifecyclePanel } from './lifecycle-panel';
import { registerStatusBar } from './status-bar';

/** Called by VS Code on the first YAML file; starts the server and registers commands. The client stops on dispose. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('podls');
  const client = createClient(context, output);
  context.subscriptions.push(
    output,
    { dispose: () => void client.stop() },
    vscode.commands.registerCommand('podls.showOutput', () => output.show(true)),
    // Trust lifts the restrictions (OpenAPI documents outside the workspace); the server learns it on restart.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.restart()),
  );
  registerExplainDocument(context, client);
  registerLifecyclePanel(context, client);
  registerFindBySelector(context, client);
  await client.start();
  registerStatusBar(context, client);
}

/** Called by VS Code on shutdown; the client is stopped by its disposable. */
export function deactivate(): void {
  // Nothing else to release.
}
