/**
 * Diagnostics of one file: YAML problems, schema findings and the apiserver's rules, each placed on the
 * range a user would fix, with rule severities from the settings and `# podls-ignore` suppressions applied.
 * The LSP server (push) and `podls check` both call {@link diagnose}; the workspace-level label selector
 * rules run across files in {@link diagnoseWorkspace}.
 */
import type { FieldPath } from '../document/field-path';
import { formatFieldPath } from '../document/field-path';
import { locate, nodeRange } from '../document/locate';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import type { YamlProblem } from '../document/parse';
import { checkObject, checkWorkspace, settingToSeverity } from '../rules/engine';
import type { RuleOptions } from '../rules/engine';
import type { ErrorType, Finding, Severity, WorkspaceFinding, WorkspaceObject } from '../rules/rule';
import type { SchemaIndex } from '../schema/lookup';
import { missingReferencesIn, referenceTable } from './navigation/missing-references';
import type { NavigationCache } from './navigation/workspace-index';
import type { OffsetRange } from '../util/range';
import { hasTemplateDirectives, validateDocumentSchema } from './schema-validation';

/** What analysis needs besides the text: the schema and the rule options (resolved settings). */
export interface AnalysisContext {
  readonly schema: SchemaIndex;
  readonly rules: RuleOptions;
}

/** One diagnostic, in offsets; `lsp/to-proto.ts` and the CLI turn it into LSP or text. */
export interface DiagnosticInfo {
  /** 0-based index of the YAML document in the file. */
  readonly documentIndex: number;
  readonly range: OffsetRange;
  readonly severity: Severity;
  /** The rule id (`unknown-field`, `yaml-syntax`, `selector-mismatch`, ...). */
  readonly code: string;
  readonly message: string;
  /** Apiserver rendering of the path (`spec.containers[0].image`); absent for YAML syntax problems. */
  readonly fieldPath?: string;
  readonly errorType?: ErrorType;
  /** Ids of quick fixes that apply. */
  readonly fixes?: readonly string[];
}

/**
 * Rule ids of YAML problems, by the yaml library's error code (eemeli/yaml docs/08_errors.md).
 * Every other code is `yaml-syntax`.
 */
const YAML_PROBLEM_RULES: Readonly<Record<string, { id: string; errorType?: ErrorType }>> = {
  TAB_AS_INDENT: { id: 'yaml-tab-indentation' },
  DUPLICATE_KEY: { id: 'duplicate-key', errorType: 'DuplicateField' },
  EXCESSIVE_ALIAS_COUNT: { id: 'yaml-alias-limit' },
  NESTING_TOO_DEEP: { id: 'yaml-nesting-limit' },
};

function yamlDiagnostic(snapshot: Snapshot, doc: YamlDocument, problem: YamlProblem, options: RuleOptions): DiagnosticInfo | undefined {
  const rule = YAML_PROBLEM_RULES[problem.code];
  const id = rule?.id ?? 'yaml-syntax';
  const setting = options.severities[id];
  const severity = setting === undefined ? problem.severity : settingToSeverity(setting);
  if (severity === undefined) return undefined;
  let message = problem.message.split('\n')[0] ?? problem.message;
  let fieldPath: string | undefined;
  if (problem.code === 'DUPLICATE_KEY') {
    // The strict decoder rejects the object: `duplicate field "selector"` at the key's path.
    const locus = locate(snapshot, problem.range.start);
    const key = snapshot.text.slice(problem.range.start, problem.range.end);
    if (locus !== undefined && locus.path.length > 0) {
      fieldPath = formatFieldPath(locus.path);
      message = `${fieldPath}: duplicate field "${key}" (a key may appear only once in a mapping)`;
    } else message = `duplicate field "${key}" (a key may appear only once in a mapping)`;
  }
  return {
    documentIndex: doc.index,
    range: problem.range,
    severity,
    code: id,
    message,
    ...(fieldPath !== undefined ? { fieldPath } : {}),
    ...(rule?.errorType !== undefined ? { errorType: rule.errorType } : {}),
  };
}

/**
 * Keeps a range on its first line: a finding on a whole block (a list item without the required `name`)
 * is underlined on its first line only, as editors show multi-line diagnostics poorly.
 */
function firstLine(text: string, range: OffsetRange): OffsetRange {
  const newline = text.indexOf('\n', range.start);
  if (newline < 0 || newline >= range.end) return range;
  let end = newline;
  while (end > range.start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start: range.start, end: Math.max(end, range.start) };
}

/** Longest message a diagnostic carries, in UTF-16 code units; longer ones (a 1 MB invalid value) are cut. */
export const MAX_MESSAGE_LENGTH = 2000;

function capMessage(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}... (message truncated)`;
}

function findingDiagnostic(snapshot: Snapshot, doc: YamlDocument, finding: Finding, severity: Severity): DiagnosticInfo {
  const range = firstLine(snapshot.text, nodeRange(doc, finding.path, finding.target ?? 'value') ?? doc.range);
  return {
    documentIndex: doc.index,
    range,
    severity,
    code: finding.ruleId,
    message: capMessage(finding.message),
    fieldPath: formatFieldPath(finding.path),
    ...(finding.errorType !== undefined ? { errorType: finding.errorType } : {}),
    ...(finding.fixes !== undefined ? { fixes: finding.fixes } : {}),
  };
}

/** The objects of a document: itself, or its items for `kind: List`. */
export function objectsOf(doc: YamlDocument): { kind: string; apiVersion: string; object: unknown; basePath: FieldPath }[] {
  if (doc.items !== undefined) {
    return doc.items
      .filter((item) => item.kind !== undefined && item.apiVersion !== undefined)
      .map((item) => ({ kind: item.kind ?? '', apiVersion: item.apiVersion ?? '', object: item.value, basePath: item.basePath }));
  }
  if (doc.kind === undefined || doc.apiVersion === undefined) return [];
  return [{ kind: doc.kind, apiVersion: doc.apiVersion, object: doc.value, basePath: [] }];
}

/**
 * Largest document, in UTF-8 bytes, whose schema and apiserver rules podls checks: the kube-apiserver's limit on a
 * request body (3 MiB, `MaxRequestBodyBytes` of k8s.io/apiserver; etcd's default limit on a stored object is 1.5 MiB).
 * A larger object cannot be applied, and checking it would keep the server busy for seconds per edit.
 */
export const MAX_ANALYSED_DOCUMENT_BYTES = 3 * 1024 * 1024;

/** Rule id of the diagnostic on a document above {@link MAX_ANALYSED_DOCUMENT_BYTES}. */
export const DOCUMENT_TOO_LARGE_RULE = 'document-too-large';

/**
 * `null` when `doc` is small enough to analyse (or a `kind: List`, which kubectl sends item by item); otherwise the
 * `document-too-large` diagnostic on its first line, or undefined when that rule is turned off.
 */
function documentTooLarge(snapshot: Snapshot, doc: YamlDocument, options: RuleOptions): DiagnosticInfo | undefined | null {
  const units = doc.range.end - doc.range.start;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most documents need no byte count.
  if (units * 3 <= MAX_ANALYSED_DOCUMENT_BYTES || doc.kind === 'List') return null;
  const bytes = Buffer.byteLength(snapshot.text.slice(doc.range.start, doc.range.end), 'utf8');
  if (bytes <= MAX_ANALYSED_DOCUMENT_BYTES) return null;
  const setting = options.severities[DOCUMENT_TOO_LARGE_RULE];
  const severity = setting === undefined ? 'warning' : settingToSeverity(setting);
  if (severity === undefined) return undefined;
  return {
    documentIndex: doc.index,
    range: firstLine(snapshot.text, doc.range),
    severity,
    code: DOCUMENT_TOO_LARGE_RULE,
    message:
      `this document is ${bytes} bytes: the kube-apiserver refuses request bodies over ${MAX_ANALYSED_DOCUMENT_BYTES} bytes (3 MiB) ` +
      '(etcd stores objects up to 1.5 MiB by default), so podls checks only its YAML syntax',
    errorType: 'TooLong',
  };
}

/**
 * Diagnostics of one document: YAML problems always; schema and rule findings only for Kubernetes
 * objects (apiVersion and kind present) without Helm/Go template directives, in documents up to
 * {@link MAX_ANALYSED_DOCUMENT_BYTES} (larger ones get `document-too-large` instead).
 */
export function diagnoseDocument(snapshot: Snapshot, doc: YamlDocument, ctx: AnalysisContext): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const d = yamlDiagnostic(snapshot, doc, problem, ctx.rules);
    if (d !== undefined) out.push(d);
  }
  const tooLarge = documentTooLarge(snapshot, doc, ctx.rules);
  if (tooLarge !== null) {
    if (tooLarge !== undefined) out.push(tooLarge);
    return out;
  }
  const text = snapshot.text.slice(doc.range.start, doc.range.end);
  if (hasTemplateDirectives(text)) return out;
  for (const finding of validateDocumentSchema(doc, ctx.schema, text)) {
    const setting = ctx.rules.severities[finding.ruleId];
    const severity = setting === undefined ? (finding.severity ?? 'error') : settingToSeverity(setting);
    if (severity !== undefined) out.push(findingDiagnostic(snapshot, doc, finding, severity));
  }
  // The schema and the apiserver's rules both know some constraints (enums, required fields); the same
  // message at the same path is reported once, by the first (schema) finding.
  const seen = new Set(out.map((d) => `${d.fieldPath ?? ''}\u0000${d.message}`));
  for (const object of objectsOf(doc)) {
    for (const finding of checkObject(object, ctx.rules)) {
      const d = findingDiagnostic(snapshot, doc, finding, finding.severity ?? 'error');
      const key = `${d.fieldPath ?? ''}\u0000${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/**
 * A memo of per-document diagnostics for one analysis context, keyed by the parse result that
 * `updateSnapshot` reuses for unchanged documents (the same parse result means the same document text). Ranges are
 * stored relative to the document's offset, so a document that moved (an edit above it) is not re-analysed.
 * Create a new cache when the context changes. `analysed` counts the documents analysed (cache misses), for tests
 * that check a keystroke re-analyses one document.
 */
export interface DiagnosticsCache {
  readonly ctx: AnalysisContext;
  readonly byDocument: WeakMap<object, { readonly diagnostics: readonly DiagnosticInfo[] }>;
  analysed: number;
}

/** An empty cache for `ctx`. */
export function createDiagnosticsCache(ctx: AnalysisContext): DiagnosticsCache {
  return { ctx, byDocument: new WeakMap(), analysed: 0 };
}

function shiftDiagnostic(d: DiagnosticInfo, delta: number, documentIndex: number): DiagnosticInfo {
  return { ...d, documentIndex, range: { start: d.range.start + delta, end: d.range.end + delta } };
}

/**
 * The diagnostics of one document of `snapshot` (file offsets, suppressions not applied), from `cache` when it holds
 * the document's parse result for the same `ctx`, else analysed (and stored). The server calls it document by
 * document, yielding in between, before {@link diagnose} assembles the file from the cache.
 */
export function documentDiagnostics(snapshot: Snapshot, doc: YamlDocument, ctx: AnalysisContext, cache?: DiagnosticsCache): readonly DiagnosticInfo[] {
  const useCache = cache !== undefined && cache.ctx === ctx;
  const hit = useCache ? cache.byDocument.get(doc.parsed) : undefined;
  if (hit !== undefined) return hit.diagnostics.map((d) => shiftDiagnostic(d, doc.offset, doc.index));
  const diagnostics = diagnoseDocument(snapshot, doc, ctx);
  if (useCache) {
    cache.analysed++;
    cache.byDocument.set(doc.parsed, { diagnostics: diagnostics.map((d) => shiftDiagnostic(d, -doc.offset, d.documentIndex)) });
  }
  return diagnostics;
}

/** True when `cache` holds the diagnostics of `doc` for `ctx` ({@link documentDiagnostics} would not analyse it). */
export function isDiagnosed(doc: YamlDocument, ctx: AnalysisContext, cache: DiagnosticsCache): boolean {
  return cache.ctx === ctx && cache.byDocument.has(doc.parsed);
}

/**
 * Diagnostics of a whole file, in document order, with `# podls-ignore` suppressions applied.
 * With a `cache` (for the same `ctx`), documents whose parse result is reused from a previous snapshot
 * are not analysed again.
 */
export function diagnose(snapshot: Snapshot, ctx: AnalysisContext, cache?: DiagnosticsCache): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  for (const doc of snapshot.documents) {
    for (const d of documentDiagnostics(snapshot, doc, ctx, cache)) out.push(d);
  }
  return applySuppressions(snapshot, out);
}

/**
 * The objects of each document for the cross-file rules, memoised by the parse result that `updateSnapshot`
 * reuses (so a keystroke in one document of one file does not rebuild the workspace's objects).
 */
export type WorkspaceObjectsCache = WeakMap<object, readonly Omit<WorkspaceObject, 'uri' | 'documentIndex'>[]>;

/** The workspace objects of a file, for {@link diagnoseWorkspace} and the label index. */
export function workspaceObjectsOf(snapshot: Snapshot, cache?: WorkspaceObjectsCache): WorkspaceObject[] {
  const out: WorkspaceObject[] = [];
  for (const doc of snapshot.documents) {
    let objects = cache?.get(doc.parsed);
    if (objects === undefined) {
      objects = hasTemplateDirectives(snapshot.text.slice(doc.range.start, doc.range.end)) ? [] : objectsOf(doc);
      cache?.set(doc.parsed, objects);
    }
    for (const object of objects) out.push({ uri: snapshot.uri, documentIndex: doc.index, ...object });
  }
  return out;
}

/**
 * Cross-file diagnostics (a Service that selects no Pod, workloads whose selectors overlap), per file URI,
 * with suppressions applied. Files without findings are absent from the map.
 */
export function diagnoseWorkspace(snapshots: readonly Snapshot[], ctx: AnalysisContext, cache?: WorkspaceObjectsCache): Map<string, DiagnosticInfo[]> {
  const byUri = new Map(snapshots.map((s) => [s.uri, s]));
  const out = new Map<string, DiagnosticInfo[]>();
  for (const [uri, findings] of workspaceFindingsByUri(
    snapshots.flatMap((s) => workspaceObjectsOf(s, cache)),
    ctx,
  )) {
    const snapshot = byUri.get(uri);
    if (snapshot === undefined) continue;
    const list = placeWorkspaceFindings(snapshot, findings);
    if (list.length > 0) out.set(uri, applySuppressions(snapshot, list));
  }
  return out;
}

/** The workspace rules' findings over `objects` (all objects of a workspace), grouped by file URI. */
export function workspaceFindingsByUri(objects: readonly WorkspaceObject[], ctx: AnalysisContext): Map<string, WorkspaceFinding[]> {
  const found = new Map<string, WorkspaceFinding[]>();
  for (const finding of checkWorkspace(objects, ctx.rules)) {
    const list = found.get(finding.uri);
    if (list === undefined) found.set(finding.uri, [finding]);
    else list.push(finding);
  }
  return found;
}

/**
 * Diagnostics of workspace-rule findings in `snapshot` (the file they were found in, by URI), on the ranges their
 * field paths name; findings of documents the snapshot lacks are dropped. Suppressions are not applied.
 */
export function placeWorkspaceFindings(snapshot: Snapshot, findings: readonly WorkspaceFinding[]): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  for (const finding of findings) {
    const doc = snapshot.documents[finding.documentIndex];
    if (doc !== undefined) out.push(findingDiagnostic(snapshot, doc, finding, finding.severity ?? 'warning'));
  }
  return out;
}

const IGNORE_COMMENT = /#\s*podls-ignore\b(.*)$/;

/**
 * Drops diagnostics suppressed by a `# podls-ignore rule-id[, rule-id...]` comment on the line above the
 * diagnostic's first line, or at the end of that line. `# podls-ignore` without ids suppresses every rule there.
 */
export function applySuppressions(snapshot: Pick<Snapshot, 'text' | 'lineIndex'>, diagnostics: readonly DiagnosticInfo[]): DiagnosticInfo[] {
  if (!snapshot.text.includes('podls-ignore')) return [...diagnostics];
  const lineText = (line: number): string => {
    if (line < 0 || line >= snapshot.lineIndex.lineCount) return '';
    const start = snapshot.lineIndex.lineStart(line);
    return snapshot.text.slice(start, snapshot.lineIndex.lineContentEnd(line));
  };
  const ignored = (line: number, code: string): boolean => {
    const match = IGNORE_COMMENT.exec(lineText(line));
    if (match === null) return false;
    const ids = (match[1] ?? '').split(/[\s,]+/).filter((s) => s !== '');
    return ids.length === 0 || ids.includes(code);
  };
  return diagnostics.filter((d) => {
    const line = snapshot.lineIndex.positionAt(d.range.start).line;
    return !ignored(line - 1, d.code) && !ignored(line, d.code);
  });
}

/** Caches the cross-file analysis may reuse between calls (the server keeps them; the CLI makes fresh ones). */
export interface CrossFileCaches {
  readonly objects?: WorkspaceObjectsCache;
  readonly navigation?: NavigationCache;
}

/**
 * The cross-file diagnostics of each of `targets` (files of `workspace`): the workspace selector rules
 * (`service-selects-nothing`, `workload-selectors-overlap`) and `missing-reference` (severity from
 * `ctx.rules.severities['missing-reference']`, default hint), with suppressions applied. Keyed by URI;
 * every target has an entry (empty when it has no finding). Shared by `podls check` and the server.
 */
export function crossFileDiagnostics(
  workspace: readonly Snapshot[],
  targets: readonly Snapshot[],
  ctx: AnalysisContext,
  caches: CrossFileCaches = {},
): Map<string, DiagnosticInfo[]> {
  const selectors = diagnoseWorkspace(workspace, ctx, caches.objects);
  const severity = settingToSeverity(ctx.rules.severities['missing-reference'] ?? 'hint');
  const table = severity === undefined ? undefined : referenceTable(workspace, undefined, caches.navigation);
  const out = new Map<string, DiagnosticInfo[]>();
  for (const target of targets) {
    const missing = table === undefined ? [] : applySuppressions(target, missingReferencesIn(table, target.uri, severity));
    out.set(target.uri, [...(selectors.get(target.uri) ?? []), ...missing]);
  }
  return out;
}
