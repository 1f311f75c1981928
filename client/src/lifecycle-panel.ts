/**
 * The lifecycle preview webview (`podls.previewLifecycle`): asks the server for a Timeline
 * (`podls/lifecycle`) and shows it with the pure HTML builder in lifecycle-html.ts. One panel per
 * extension; it follows the document it was opened for and re-simulates when that document changes.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIFECYCLE_METHOD } from '../../server/src/protocol/lsp-ext';
import type { LifecycleParams, LifecycleResult } from '../../server/src/protocol/lsp-ext';
import { lifecycleHtml, lifecycleErrorHtml } from './lifecycle-html';

/** The command id of the preview. Arguments (from the code lens): document URI string, document index. */
export const PREVIEW_LIFECYCLE_COMMAND = 'podls.previewLifecycle';

interface PanelState {
  panel: vscode.WebviewPanel;
  uri: string;
  /** Which document: its index (from the code lens) or a position in it (the server finds the document). */
  target: { documentIndex: number } | { position: { line: number; character: number } };
  scenario: string;
}

/** Registers the command and the live update; the panel's state lives in this closure, not in a global. */
export function registerLifecyclePanel(context: vscode.ExtensionContext, client: LanguageClient): void {
  let state: PanelState | undefined;
  let timer: NodeJS.Timeout | undefined;

  const render = async (): Promise<void> => {
    const current = state;
    if (current === undefined) return;
    const params: LifecycleParams = { uri: current.uri, ...current.target, scenario: current.scenario };
    const nonce = crypto.randomBytes(16).toString('base64');
    const webview = current.panel.webview;
    let answer: LifecycleResult | null;
    try {
      answer = await client.sendRequest<LifecycleResult | null>(LIFECYCLE_METHOD, params);
    } catch (e) {
      answer = { error: e instanceof Error ? e.message : String(e) };
    }
    if (answer === null) answer = { error: 'podls could not simulate this document (see the podls output)' };
    if ('error' in answer) {
      webview.html = lifecycleErrorHtml({ message: answer.error, nonce, cspSource: webview.cspSource });
      return;
    }
    current.panel.title = `Lifecycle: ${answer.kind}/${answer.name}`;
    webview.html = lifecycleHtml({
      timeline: answer.timeline,
      presets: answer.presets,
      selectedPreset: answer.selected,
      nonce,
      cspSource: webview.cspSource,
      title: `${answer.kind}/${answer.name}`,
    });
  };

  const open = async (uriArg?: unknown, indexArg?: unknown): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const uri = typeof uriArg === 'string' ? uriArg : editor?.document.uri.toString();
    if (uri === undefined) {
      void vscode.window.showInformationMessage('podls: open a Kubernetes manifest to preview its Pod lifecycle.');
      return;
    }
    const active = editor?.selection.active;
    const target: PanelState['target'] =
      typeof indexArg === 'number' || active === undefined
        ? { documentIndex: typeof indexArg === 'number' ? indexArg : 0 }
        : { position: { line: active.line, character: active.character } };
    if (state === undefined) {
      const panel = vscode.window.createWebviewPanel('podls.lifecycle', 'Pod lifecycle', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      const created: PanelState = { panel, uri, target, scenario: 'all-succeed' };
      state = created;
      panel.onDidDispose(() => {
        if (state === created) state = undefined;
      });
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (typeof message !== 'object' || message === null) return;
        const m = message as { type?: unknown; id?: unknown };
        if (m.type === 'selectScenario' && typeof m.id === 'string' && state !== undefined) {
          state.scenario = m.id;
          void render();
        }
      });
    } else {
      state.uri = uri;
      state.target = target;
      state.scenario = 'all-succeed';
      state.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await render();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(PREVIEW_LIFECYCLE_COMMAND, open),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (state === undefined || e.document.uri.toString() !== state.uri) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void render(), 300);
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  );
}
