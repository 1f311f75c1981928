/**
 * Conversions from podls results (offsets, podls types) to LSP objects (rust-analyzer's to_proto).
 * Incoming positions become offsets through `snapshot.lineIndex.offsetAt` in the handlers.
 */
import type { ErrorType, FindingDetails, RequestLimit } from '../rules/rule';

/** The apiserver error types a diagnostic's data may name (rules/rule.ts `ErrorType`). */
const ERROR_TYPES: ReadonlySet<string> = new Set<ErrorType>([
  'Required',
  'Invalid',
  'NotSupported',
  'Duplicate',
  'Forbidden',
  'NotFound',
  'TooLong',
  'TooMany',
  'TypeInvalid',
  'UnknownField',
  'DuplicateField',
  'Internal',
]);
import {
  CodeAction,
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  Hover,
  InsertTextFormat,
  InsertTextMode,
  Location,
  MarkupKind,
  Range,
  SymbolInformation,
  SymbolKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { CodeActionDiagnostic, CodeActionInfo } from '../features/code-action';
import type { Snapshot } from '../document/snapshot';
import type { CompletionCandidate } from '../features/completion';
import type { DiagnosticInfo } from '../features/diagnostics';
import type { HoverInfo } from '../features/hover';
import type { DocumentSymbolInfo, DocumentSymbolKind } from '../features/navigation/document-symbol';
import type { RenameEdit } from '../features/navigation/rename';
import type { NavLocation } from '../features/navigation/workspace-index';
import type { WorkspaceSymbolInfo } from '../features/navigation/workspace-symbol';
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
  /** `DiagnosticInfo.at`: where the diagnostic is shown, when that is not `fieldPath`. */
  readonly at?: string;
  /** `DiagnosticInfo.details`: the parts of the message quick fixes act on. */
  readonly details?: FindingDetails;
  /** `DiagnosticInfo.errorType`: the apiserver error type, which quick fixes switch on. */
  readonly errorType?: ErrorType;
  readonly fixIds: readonly string[];
}

/** A podls diagnostic as an LSP Diagnostic with `source: podls`, the rule id as `code`, and `data` for fixes. */
export function diagnostic(snapshot: Snapshot, d: DiagnosticInfo): Diagnostic {
  const data: DiagnosticData = {
    ruleId: d.code,
    documentIndex: d.documentIndex,
    ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}),
    ...(d.at !== undefined ? { at: d.at } : {}),
    ...(d.details !== undefined ? { details: d.details } : {}),
    ...(d.errorType !== undefined ? { errorType: d.errorType } : {}),
    fixIds: d.fixes ?? [],
  };
  return {
    range: range(snapshot, d.range),
    severity: SEVERITY[d.severity],
    source: 'podls',
    code: d.code,
    codeDescription: { href: `${RULES_DOC_URL}#${d.code}` },
    message: d.message,
    ...(d.related !== undefined && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: Location.create(snapshot.uri, range(snapshot, r.range)), message: r.message })) }
      : {}),
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

/** True when `v` is the {@link DiagnosticData} podls put in a diagnostic (clients return it unchanged). */
export function isDiagnosticData(v: unknown): v is DiagnosticData {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return (
    typeof d['ruleId'] === 'string' &&
    typeof d['documentIndex'] === 'number' &&
    Array.isArray(d['fixIds']) &&
    (d['fieldPath'] === undefined || typeof d['fieldPath'] === 'string') &&
    (d['at'] === undefined || typeof d['at'] === 'string') &&
    (d['details'] === undefined || isFindingDetails(d['details'])) &&
    (d['errorType'] === undefined || (typeof d['errorType'] === 'string' && ERROR_TYPES.has(d['errorType'])))
  );
}

/** True when `v` is a {@link FindingDetails} as podls wrote it: optional strings, string lists, a number and a request limit. */
function isFindingDetails(v: unknown): v is FindingDetails {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  const str = (x: unknown): boolean => x === undefined || typeof x === 'string';
  const strings = (x: unknown): boolean => x === undefined || (Array.isArray(x) && x.every((s) => typeof s === 'string'));
  const level = d['podSecurityLevel'];
  return (
    str(d['suggestion']) &&
    str(d['expectedType']) &&
    strings(d['servedBy']) &&
    strings(d['supported']) &&
    (d['fileMode'] === undefined || (typeof d['fileMode'] === 'number' && Number.isFinite(d['fileMode']))) &&
    (d['requestLimit'] === undefined || isRequestLimit(d['requestLimit'])) &&
    (level === undefined || level === 'privileged' || level === 'baseline' || level === 'restricted')
  );
}

function isRequestLimit(v: unknown): v is RequestLimit {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['resource'] === 'string' && typeof r['limit'] === 'string' && (r['relation'] === 'at-most' || r['relation'] === 'equal');
}

/** A podls diagnostic sent back in a codeAction request, in offsets; undefined for other sources' diagnostics. */
export function codeActionDiagnostic(snapshot: Snapshot, d: Diagnostic): CodeActionDiagnostic | undefined {
  if (d.source !== 'podls' || !isDiagnosticData(d.data)) return undefined;
  const data = d.data;
  return {
    code: data.ruleId,
    documentIndex: data.documentIndex,
    ...(data.fieldPath !== undefined ? { fieldPath: data.fieldPath } : {}),
    ...(data.at !== undefined ? { at: data.at } : {}),
    ...(data.details !== undefined ? { details: data.details } : {}),
    ...(data.errorType !== undefined ? { errorType: data.errorType } : {}),
    fixIds: data.fixIds.filter((x): x is string => typeof x === 'string'),
    message: d.message,
    range: { start: snapshot.lineIndex.offsetAt(d.range.start), end: snapshot.lineIndex.offsetAt(d.range.end) },
  };
}

/** A podls code action as an LSP CodeAction with a workspace edit; undefined when a file it edits is unknown. */
export function codeAction(info: CodeActionInfo, diagnostics: readonly Diagnostic[], snapshotOf: (uri: string) => Snapshot | undefined): CodeAction | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const file of info.edits) {
    const snap = snapshotOf(file.uri);
    if (snap === undefined) return undefined;
    changes[file.uri] = file.edits.map((e) => TextEdit.replace(range(snap, e.range), e.newText));
  }
  const diagnostic = info.diagnosticIndex === undefined ? undefined : diagnostics[info.diagnosticIndex];
  return {
    title: info.title,
    kind: info.kind,
    ...(diagnostic !== undefined ? { diagnostics: [diagnostic] } : {}),
    ...(info.isPreferred === true ? { isPreferred: true } : {}),
    edit: { changes },
  };
}

/** Navigation locations as LSP Locations; locations in files without a snapshot are dropped. */
export function locations(snapshotOf: (uri: string) => Snapshot | undefined, list: readonly NavLocation[]): Location[] {
  const out: Location[] = [];
  for (const l of list) {
    const s = snapshotOf(l.uri);
    if (s !== undefined) out.push({ uri: l.uri, range: range(s, l.range) });
  }
  return out;
}

const DOCUMENT_SYMBOL_KIND: Readonly<Record<DocumentSymbolKind, SymbolKind>> = {
  object: SymbolKind.Class,
  container: SymbolKind.Object,
  initContainer: SymbolKind.Object,
  ephemeralContainer: SymbolKind.Object,
  volume: SymbolKind.Field,
};

/** An outline entry (and its children) as an LSP DocumentSymbol. */
export function documentSymbol(snapshot: Snapshot, s: DocumentSymbolInfo): DocumentSymbol {
  return {
    name: s.name,
    ...(s.detail !== undefined ? { detail: s.detail } : {}),
    kind: DOCUMENT_SYMBOL_KIND[s.kind],
    range: range(snapshot, s.range),
    selectionRange: range(snapshot, s.selectionRange),
    children: s.children.map((c) => documentSymbol(snapshot, c)),
  };
}

/** A workspace object as an LSP SymbolInformation at its name, with the namespace as container. */
export function workspaceSymbol(snapshot: Snapshot, s: WorkspaceSymbolInfo): SymbolInformation {
  return { name: s.name, kind: SymbolKind.Class, location: { uri: s.uri, range: range(snapshot, s.selectionRange) }, containerName: s.namespace };
}

/** Rename edits as an LSP WorkspaceEdit (`changes` by URI); edits in files without a snapshot are dropped. */
export function workspaceEdit(snapshotOf: (uri: string) => Snapshot | undefined, edits: readonly RenameEdit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const s = snapshotOf(e.uri);
    if (s === undefined) continue;
    (changes[e.uri] ??= []).push({ range: range(s, e.range), newText: e.newText });
  }
  return { changes };
}
