/**
 * `podls.explainField`: opens the `kubectl explain` text of the field under the cursor in a read-only
 * virtual document (`podls-explain:` scheme, language `podls-explain`, grammar syntaxes/podls-explain.tmLanguage.json).
 * The text comes from the server (`podls/explain`); the client only displays it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPLAIN_METHOD, type ExplainParams, type ExplainResult } from '../../server/src/protocol/lsp-ext';

/** URI scheme of the explain documents. */
export const EXPLAIN_SCHEME = 'podls-explain';
/** Language id contributed for the explain documents (see test/e2e/MANIFEST-CHANGES.md). */
export const EXPLAIN_LANGUAGE = 'podls-explain';
/** Command id, contributed under the `podls` category. */
export const EXPLAIN_COMMAND = 'podls.explainField';

/** Where an explain document came from: the YAML document and the cursor position in it. */
interface ExplainSource {
  readonly uri: string;
  readonly line: number;
  readonly character: number;
}

/**
 * Builds the virtual document URI for an explain result. The path is the kubectl command (the tab title),
 * the query holds the source so that the provider can ask the server again (for example after a reload).
 */
export function explainUri(command: string, source: ExplainSource): vscode.Uri {
  const title = command.trim() === '' ? 'kubectl explain' : command.trim();
  return vscode.Uri.from({ scheme: EXPLAIN_SCHEME, path: `/${title}`, query: JSON.stringify(source) });
}

/** Reads the source back from an explain URI; undefined when the query is not ours. */
export function parseExplainUri(uri: vscode.Uri): ExplainSource | undefined {
  let value: unknown;
  try {
    value = JSON.parse(uri.query);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const rec = value as Record<string, unknown>;
  const { uri: src, line, character } = rec;
  if (typeof src !== 'string' || typeof line !== 'number' || typeof character !== 'number') return undefined;
  return { uri: src, line, character };
}

/** Asks the server for the explain text at a position; null when there is no Kubernetes field there. */
async function requestExplain(client: LanguageClient, source: ExplainSource): Promise<ExplainResult | null> {
  const params: ExplainParams = { uri: source.uri, position: { line: source.line, character: source.character } };
  return client.sendRequest<ExplainResult | null>(EXPLAIN_METHOD, params);
}

/**
 * Content provider for `podls-explain:` documents. It serves the text the command just fetched and,
 * for a URI it has not seen (a restored editor), asks the server again.
 */
class ExplainContentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly texts = new Map<string, string>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  /** Remembers the text for `uri` and tells VS Code to re-read it if it is already open. */
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    const source = parseExplainUri(uri);
    if (!source) return `podls: not an explain document: ${uri.toString()}\n`;
    const result = await requestExplain(this.client, source);
    if (token.isCancellationRequested) return '';
    const text = result ? result.text : 'podls: no Kubernetes field at this position any more.\n';
    this.texts.set(uri.toString(), text);
    return text;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/**
 * Registers the `podls-explain:` content provider and the `podls.explainField` command.
 * Call once from `activate`, after the client is created (it may still be starting).
 */
export function registerExplainDocument(context: vscode.ExtensionContext, client: LanguageClient): void {
  const provider = new ExplainContentProvider(client);
  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(EXPLAIN_SCHEME, provider),
    vscode.commands.registerCommand(EXPLAIN_COMMAND, async (): Promise<void> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== 'yaml') {
        void vscode.window.showInformationMessage('podls: put the cursor on a field of a Kubernetes YAML file to explain it.');
        return;
      }
      const pos = editor.selection.active;
      const source: ExplainSource = { uri: editor.document.uri.toString(), line: pos.line, character: pos.character };
      let result: ExplainResult | null;
      try {
        result = await requestExplain(client, source);
      } catch (e) {
        void vscode.window.showErrorMessage(`podls: explain failed: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      if (!result) {
        void vscode.window.showInformationMessage('podls: no Kubernetes field at the cursor.');
        return;
      }
      const uri = explainUri(result.command, source);
      provider.set(uri, result.text);
      let doc = await vscode.workspace.openTextDocument(uri);
      // The language (and its grammar) comes from package.json; without it the text stays plain.
      if (doc.languageId !== EXPLAIN_LANGUAGE && (await vscode.languages.getLanguages()).includes(EXPLAIN_LANGUAGE)) {
        doc = await vscode.languages.setTextDocumentLanguage(doc, EXPLAIN_LANGUAGE);
      }
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    }),
  );
}
