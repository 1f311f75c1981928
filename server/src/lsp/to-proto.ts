/**
 * Conversions from podls results (offsets, podls types) to LSP objects. The only place, with
 * from-proto.ts, where offsets meet LSP positions (rust-analyzer's to_proto).
 */
import {
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  Hover,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  Range,
} from 'vscode-languageserver/node';
import type { Snapshot } from '../document/snapshot';
import type { CompletionCandidate } from '../features/completion';
import type { DiagnosticInfo } from '../features/diagnostics';
import type { HoverInfo } from '../features/hover';
import type { Severity } from '../rules/rule';
import type { OffsetRange } from '../util/range';

/** An offset range of `snapshot`'s text as an LSP Range (0-based lines, UTF-16 characters). */
export function range(snapshot: Snapshot, r: OffsetRange): Range {
  return { start: snapshot.lineIndex.positionAt(r.start), end: snapshot.lineIndex.positionAt(r.end) };
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where `codeDescription.href` of a diagnostic points: the rule's entry in docs/rules.md. */
export const RULES_DOC_URL = 'https://github.com/podls/podls/blob/main/docs/rules.md';

/** The data podls keeps in `Diagnostic.data` for code actions (LSP 3.16 returns it unchanged). */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly documentIndex: number;
  readonly fieldPath?: string;
  readonly fixIds: readonly string[];
}

/** A podls diagnostic as an LSP Diagnostic with `source: podls`, the rule id as `code`, and `data` for fixes. */
export function diagnostic(snapshot: Snapshot, d: DiagnosticInfo): Diagnostic {
  const data: DiagnosticData = {
    ruleId: d.code,
    documentIndex: d.documentIndex,
    ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}),
    fixIds: d.fixes ?? [],
  };
  return {
    range: range(snapshot, d.range),
    severity: SEVERITY[d.severity],
    source: 'podls',
    code: d.code,
    codeDescription: { href: `${RULES_DOC_URL}#${d.code}` },
    message: d.message,
    data,
  };
}

/** A hover as Markdown over its range. */
export function hover(snapshot: Snapshot, info: HoverInfo): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: range(snapshot, info.range) };
}

const ITEM_KIND: Readonly<Record<CompletionCandidate['kind'], CompletionItemKind>> = {
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
  kind: CompletionItemKind.Module,
};

/**
 * A completion candidate as a CompletionItem. Text after the first line carries its full indentation,
 * so `insertTextMode: asIs` stops the client from re-indenting it. `data` carries what resolve needs.
 */
export function completionItem(snapshot: Snapshot, c: CompletionCandidate, position: { line: number; character: number }): CompletionItem {
  const replace = c.replaceRange !== undefined ? range(snapshot, c.replaceRange) : { start: position, end: position };
  return {
    label: c.label,
    kind: ITEM_KIND[c.kind],
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
    sortText: c.sortText,
    ...(c.filterText !== undefined ? { filterText: c.filterText } : {}),
    textEdit: { range: replace, newText: c.insertText },
    insertTextFormat: InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.asIs,
    ...(c.documentation !== undefined ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    ...(c.data !== undefined ? { data: c.data } : {}),
  };
}
