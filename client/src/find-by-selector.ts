/**
 * `podls: Find by label selector`: asks for a kubectl selector (`app=web,tier!=db`), then lists the objects of
 * the workspace it selects (server request `podls/select`) in a quick pick that opens the chosen one.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SELECT_METHOD } from '../../server/src/protocol/lsp-ext';
import type { SelectResult } from '../../server/src/protocol/lsp-ext';

/** The command id. */
export const FIND_BY_SELECTOR_COMMAND = 'podls.findBySelector';

/** Registers the command. */
export function registerFindBySelector(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(FIND_BY_SELECTOR_COMMAND, async () => {
      const selector = await vscode.window.showInputBox({
        title: 'podls: Find by label selector',
        prompt: 'A kubectl label selector',
        placeHolder: 'app=web,tier!=db   env in (prod,staging)   !legacy',
      });
      if (selector === undefined || selector.trim() === '') return;
      const result = await client.sendRequest<SelectResult>(SELECT_METHOD, { selector });
      if ('error' in result) {
        void vscode.window.showErrorMessage(`podls: invalid selector: ${result.error}`);
        return;
      }
      if (result.items.length === 0) {
        void vscode.window.showInformationMessage(`podls: nothing in the workspace matches ${selector}`);
        return;
      }
      const picked = await vscode.window.showQuickPick(
        result.items.map((item) => ({
          label: `${item.kind}/${item.name}`,
          description: item.namespace !== undefined ? `namespace ${item.namespace}` : undefined,
          detail: `${vscode.workspace.asRelativePath(vscode.Uri.parse(item.uri))}:${item.line + 1}`,
          item,
        })),
        { title: `Objects selected by ${selector}`, matchOnDescription: true, matchOnDetail: true },
      );
      if (picked === undefined) return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(picked.item.uri));
      const position = new vscode.Position(picked.item.line, 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
    }),
  );
}
