/**
 * The status bar item: the Kubernetes version and source of the schema podls uses (from `podls/status`),
 * shown while a YAML editor is active. Clicking it runs `podls.selectSchema`, a quick pick that switches
 * between the bundled schema and OpenAPI v3 files (the `podls.schema.openapi` setting).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SCHEMA_PULL_METHOD, STATUS_METHOD, type SchemaPullResult, type StatusResult } from '../../server/src/protocol/lsp-ext';

/** Command id behind the status bar item, contributed under the `podls` category. */
export const SELECT_SCHEMA_COMMAND = 'podls.selectSchema';
/** Command id: pull the cluster's OpenAPI documents with kubectl and use them (trusted workspaces only). */
export const PULL_SCHEMA_COMMAND = 'podls.pullSchema';
const SHOW_OUTPUT_COMMAND = 'podls.showOutput';
const OPENAPI_SETTING = 'schema.openapi';

/** The status bar text and tooltip for a server status (pure, so it can be unit-tested). */
export function statusBarText(status: StatusResult | undefined): { text: string; tooltip: string } {
  if (!status) return { text: '$(sync~spin) podls', tooltip: 'podls: starting the language server' };
  const bundled = status.schemaSource.startsWith('bundled');
  const note = status.schemaNote !== undefined;
  const text = `$(${note ? 'warning' : 'symbol-structure'}) K8s ${status.kubernetesVersion}${bundled ? '' : ' (OpenAPI)'}${note ? ` (target ${status.targetVersion})` : ''}`;
  const lines = [
    `podls schema: Kubernetes ${status.kubernetesVersion}`,
    `Source: ${status.schemaSource}`,
    `Validation target: Kubernetes ${status.targetVersion}`,
    ...(note ? [`Note: ${status.schemaNote}`] : []),
    ...(status.bundledReleases !== undefined ? [`${status.bundledReleases.charAt(0).toUpperCase()}${status.bundledReleases.slice(1)}`] : []),
    ...(status.workspace !== undefined ? [`Workspace: ${status.workspace.indexedFiles} YAML file(s) indexed for cross-file checks`] : []),
    '',
    'Click to change the schema source.',
  ];
  return { text, tooltip: lines.join('\n') };
}

interface SchemaPick extends vscode.QuickPickItem {
  readonly action: 'bundled' | 'openapi' | 'pull' | 'output';
}

/**
 * Asks the server to pull the current kubectl context's OpenAPI documents (`podls/schemaPull`) and selects
 * the folder it wrote. Refused in untrusted workspaces (it runs kubectl with the user's credentials).
 */
async function pullSchema(client: LanguageClient): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('podls: the cluster schema is pulled only in trusted workspaces; trust the workspace first.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'podls: pulling the cluster schema with kubectl…' },
    () => client.sendRequest<SchemaPullResult>(SCHEMA_PULL_METHOD, {}),
  );
  if ('error' in result) {
    void vscode.window.showErrorMessage(`podls: schema pull: ${result.error}`);
    return;
  }
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('podls').update(OPENAPI_SETTING, [result.dir], target);
  void vscode.window.showInformationMessage(`podls: using the schema of context "${result.context}" (${result.dir}).`);
}

/** Asks where the schema should come from and writes `podls.schema.openapi` accordingly. */
async function selectSchema(client: LanguageClient): Promise<void> {
  const config = vscode.workspace.getConfiguration('podls');
  const current = config.get<string[]>(OPENAPI_SETTING, []);
  const picks: SchemaPick[] = [
    { action: 'bundled', label: '$(package) Bundled schema', description: current.length === 0 ? 'current' : '', detail: 'The Kubernetes schema shipped with podls; works offline.' },
    { action: 'pull', label: '$(cloud-download) Pull from the cluster (kubectl)', detail: 'kubectl get --raw /openapi/v3/... of the current context, into the podls cache (trusted workspaces).' },
    { action: 'openapi', label: '$(file-code) OpenAPI v3 files…', description: current.length > 0 ? `current: ${current.join(', ')}` : '', detail: 'Documents as kubectl get --raw /openapi/v3/api/v1 returns them (files or folders).' },
    { action: 'output', label: '$(output) Show podls output', detail: 'The language server log.' },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'podls: schema source', placeHolder: 'Where should podls read the Kubernetes schema from?' });
  if (!pick) return;
  if (pick.action === 'output') {
    await vscode.commands.executeCommand(SHOW_OUTPUT_COMMAND);
    return;
  }
  if (pick.action === 'pull') {
    await pullSchema(client);
    return;
  }
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (pick.action === 'bundled') {
    await config.update(OPENAPI_SETTING, [], target);
    return;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('podls: OpenAPI files are not read in a restricted (untrusted) workspace; trust the workspace first.');
    return;
  }
  const uris = await vscode.window.showOpenDialog({
    title: 'podls: OpenAPI v3 documents',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    filters: { 'OpenAPI JSON': ['json'] },
  });
  if (!uris || uris.length === 0) return;
  await config.update(OPENAPI_SETTING, uris.map((u) => u.fsPath), target);
}

/**
 * Creates the status bar item and the `podls.selectSchema` command. The item is refreshed from the server
 * when the client is running, when `podls.*` settings change and when the active editor changes.
 * Call once from `activate`, after the client is created.
 */
export function registerStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('podls.schema', vscode.StatusBarAlignment.Right, 100);
  item.name = 'podls schema';
  item.command = SELECT_SCHEMA_COMMAND;
  let status: StatusResult | undefined;
  let generation = 0;

  const render = (): void => {
    const { text, tooltip } = statusBarText(status);
    item.text = text;
    item.tooltip = tooltip;
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.languageId === 'yaml') item.show();
    else item.hide();
  };

  const refresh = async (): Promise<void> => {
    const mine = ++generation;
    if (!client.isRunning()) {
      render();
      return;
    }
    try {
      const next = await client.sendRequest<StatusResult | null>(STATUS_METHOD);
      if (mine === generation) status = next ?? undefined;
    } catch {
      // An older server without podls/status, or a server that is restarting: keep the last answer.
    }
    render();
  };

  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = (delayMs: number): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), delayMs);
  };

  context.subscriptions.push(
    item,
    vscode.commands.registerCommand(SELECT_SCHEMA_COMMAND, () => selectSchema(client)),
    vscode.commands.registerCommand(PULL_SCHEMA_COMMAND, () => pullSchema(client)),
    client.onDidChangeState(() => refreshSoon(0)),
    vscode.window.onDidChangeActiveTextEditor(() => render()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server reloads the schema on didChangeConfiguration; ask again once it had a moment.
      if (e.affectsConfiguration('podls')) refreshSoon(500);
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  render();
  void refresh();
}
