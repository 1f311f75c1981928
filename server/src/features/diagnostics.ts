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
import type { TemplateInfo, YamlProblem } from '../document/parse';
import { checkObject, planRules, settingToSeverity } from '../rules/engine';
import type { RuleOptions, RulePlan } from '../rules/engine';
import type { ErrorType, Finding, FindingDetails, FindingTarget, Severity, WorkspaceFinding } from '../rules/rule';
import type { SchemaIndex } from '../schema/lookup';
import type { OffsetRange } from '../util/range';
import { SCHEMA_RULE_IDS, validateDocumentSchema } from './schema-validation';
import { overlapsAction } from '../document/template';
import { DEFAULT_ROLE, withKustomizeLabels } from './kustomize';
import type { FileRole } from './kustomize';
import { podSelectorLocation } from '../schema/pod-selectors';
import { renderMessage } from '../rules/messages';
import { fileIgnoreIds, isSuppressed } from './suppressions';
import { objectLabel } from './object-kind';
import { objectsOf } from './objects';

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
  /**
   * Where the finding is shown, as a path, when that is not `fieldPath` (a missing `image` is shown on its
   * container: `fieldPath` `spec.containers[0].image`, `at` `spec.containers[0]`). Quick fixes work from it.
   */
  readonly at?: string;
  /** Parts of the message quick fixes act on (`Finding.details`). */
  readonly details?: FindingDetails;
  readonly errorType?: ErrorType;
  /** Ids of quick fixes that apply. */
  readonly fixes?: readonly string[];
  /** Other places in the same file the diagnostic is about (every offending field of a Pod Security finding). */
  readonly related?: readonly RelatedRange[];
  /** The object the diagnostic belongs to, `Kind/name` (`Deployment/web`); absent outside Kubernetes objects. */
  readonly object?: string;
}

/** A related place of a diagnostic, in the same file. */
export interface RelatedRange {
  readonly range: OffsetRange;
  readonly message: string;
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
    }
    message = renderMessage(fieldPath, { type: 'DuplicateField', value: key, detail: 'a key may appear only once in a mapping' });
  }
  const object = objectLabel(doc);
  return {
    documentIndex: doc.index,
    range: problem.range,
    severity,
    code: id,
    message,
    ...(fieldPath !== undefined ? { fieldPath } : {}),
    ...(rule?.errorType !== undefined ? { errorType: rule.errorType } : {}),
    ...(object !== undefined ? { object } : {}),
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

/**
 * Where the findings of one document go: the range of a path (first line only, the document when the path is
 * absent) and the object a path belongs to. {@link documentPlacer} reads the parse.
 */
export interface Placer {
  readonly documentIndex: number;
  range(path: FieldPath, target: FindingTarget): OffsetRange | undefined;
  object(path: FieldPath): string | undefined;
}

/** The {@link Placer} of a parsed document. */
export function documentPlacer(snapshot: Snapshot, doc: YamlDocument): Placer {
  return {
    documentIndex: doc.index,
    range: (path, target) => firstLine(snapshot.text, nodeRange(doc, path, target) ?? doc.range),
    object: (path) => objectLabel(doc, path),
  };
}

/**
 * A diagnostic from a finding, placed by `placer`; undefined when the placer cannot place one of its paths. Without
 * `withRelated`, the finding's related places are left out (not placed).
 */
function placeFinding(placer: Placer, finding: Finding, severity: Severity, withRelated = true, paths?: ApiserverPaths): DiagnosticInfo | undefined {
  const range = placer.range(finding.path, finding.target ?? 'value');
  if (range === undefined) return undefined;
  const related: RelatedRange[] = [];
  for (const r of (withRelated ? finding.related : undefined) ?? []) {
    const at = placer.range(r.path, 'value');
    if (at === undefined) return undefined;
    related.push({ range: at, message: r.message });
  }
  const object = placer.object(finding.path);
  const api = paths ?? apiserverPaths(finding);
  // Optional properties are assigned, not spread from temporary objects: podls check places tens of thousands.
  const out: Mutable<DiagnosticInfo> = {
    documentIndex: placer.documentIndex,
    range,
    severity,
    code: finding.ruleId,
    message: capMessage(finding.message),
    fieldPath: api.fieldPath,
  };
  if (api.at !== undefined) out.at = api.at;
  if (finding.errorType !== undefined) out.errorType = finding.errorType;
  if (finding.fixes !== undefined) out.fixes = finding.fixes;
  if (finding.details !== undefined) out.details = finding.details;
  if (finding.related !== undefined && withRelated) out.related = related;
  if (object !== undefined) out.object = object;
  return out;
}

/** A type's properties without `readonly`, for building a value property by property. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** {@link apiserverPaths} of a finding. */
interface ApiserverPaths {
  readonly fieldPath: string;
  readonly at?: string;
}

/**
 * The JSON/SARIF `fieldPath` of a finding, as the apiserver renders it: its `field` (else its `path`), relative to the
 * item for an item of a `kind: List` (kubectl sends each item on its own); plus `at`, where it is shown, when that
 * differs (quick fixes work from it).
 */
function apiserverPaths(finding: Pick<Finding, 'path' | 'field'>): ApiserverPaths {
  let api = finding.field ?? finding.path;
  // Only `kind: List` (and `*List`) documents have items at the root.
  if (api[0] === 'items' && typeof api[1] === 'number') api = api.slice(2);
  const fieldPath = formatFieldPath(api);
  const at = api === finding.path ? fieldPath : formatFieldPath(finding.path);
  return at === fieldPath ? { fieldPath } : { fieldPath, at };
}

function findingDiagnostic(snapshot: Snapshot, doc: YamlDocument, finding: Finding, severity: Severity): DiagnosticInfo {
  // A document placer places every path (falling back to the document's range).
  const placed = placeFinding(documentPlacer(snapshot, doc), finding, severity);
  return placed ?? { documentIndex: doc.index, range: doc.range, severity, code: finding.ruleId, message: capMessage(finding.message) };
}

/**
 * Diagnostics of findings about objects of one document `doc` of `snapshot`, placed as the workspace rules' findings
 * are (severity default warning), with their related places unless `withRelated` is false. Suppressions are not
 * applied. `podls check` places the configured Pod Security policy's findings this way where it parsed the file
 * (features/batch.ts).
 */
export function placeDocumentFindings(snapshot: Snapshot, doc: YamlDocument, findings: readonly Finding[], withRelated = true): DiagnosticInfo[] {
  // The findings about one object name the same fields (a Pod Security finding and its pods-rejected twin): each path
  // array is placed, and rendered as a field path, once.
  const placer = documentPlacer(snapshot, doc);
  const ranges = new Map<FieldPath, OffsetRange | undefined>();
  const objects = new Map<FieldPath, string | undefined>();
  const memo: Placer = {
    documentIndex: doc.index,
    range: (path, target) => {
      if (target !== 'value') return placer.range(path, target);
      if (!ranges.has(path)) ranges.set(path, placer.range(path, target));
      return ranges.get(path);
    },
    object: (path) => {
      if (!objects.has(path)) objects.set(path, placer.object(path));
      return objects.get(path);
    },
  };
  const rendered = new Map<FieldPath, ApiserverPaths>();
  // Pushed, not mapped: `map`'s result is sometimes holey, and code optimised for one kind of array (features/batch.ts
  // reads these for every object) is thrown away when the other comes.
  const out: DiagnosticInfo[] = [];
  for (const finding of findings) {
    const severity = finding.severity ?? 'warning';
    let paths: ApiserverPaths | undefined;
    if (finding.field === undefined) {
      paths = rendered.get(finding.path);
      if (paths === undefined) {
        paths = apiserverPaths(finding);
        rendered.set(finding.path, paths);
      }
    }
    out.push(
      placeFinding(memo, finding, severity, withRelated, paths) ?? { documentIndex: doc.index, range: doc.range, severity, code: finding.ruleId, message: capMessage(finding.message) },
    );
  }
  return out;
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
 * Schema rules whose finding, on a node written literally, no template value can change: a misspelt field name,
 * an enum value or a JSON type written as a literal, an apiVersion/kind that does not exist.
 */
const LITERAL_SCHEMA_RULES: ReadonlySet<string> = new Set([
  SCHEMA_RULE_IDS.unknownField,
  SCHEMA_RULE_IDS.unsupportedValue,
  SCHEMA_RULE_IDS.invalidType,
  SCHEMA_RULE_IDS.unknownKind,
  SCHEMA_RULE_IDS.apiVersionMismatch,
]);

/**
 * For a templated document (Helm): true when `finding` holds whatever the template renders to. That is a
 * {@link LITERAL_SCHEMA_RULES} finding whose node (the key of an unknown field, the value otherwise) is written
 * literally: it holds no action and is not empty (an action on a line of its own may supply the value).
 * Required fields and the apiserver's cross-field rules could be satisfied by an action, so they never are.
 */
function holdsForEveryRendering(doc: YamlDocument, template: TemplateInfo, finding: Finding): boolean {
  if (!LITERAL_SCHEMA_RULES.has(finding.ruleId)) return false;
  const range = nodeRange(doc, finding.path, finding.target ?? 'value');
  if (range === undefined || range.end <= range.start) return false;
  return !overlapsAction(template.actions, range.start, range.end);
}

/**
 * For a templated document: true when a YAML problem may come from the masking rather than from the text a user
 * wrote: in a document with control actions, a key repeated in two branches of `{{ if }}`/`{{ else }}`, or
 * structure that only the rendering makes valid (branches at other indentations). Tabs used as indentation are
 * wrong in every rendering. Problems in documents without control actions are kept: placeholders and comment
 * lines do not make YAML invalid.
 */
function maskingProblem(template: TemplateInfo, problem: YamlProblem): boolean {
  return template.control && problem.code !== 'TAB_AS_INDENT';
}

/** Keys of strategic-merge patch directives (k8s.io/apimachinery strategicpatch): known in patches, not fields. */
const PATCH_DIRECTIVE = /^\$(?:patch$|retainKeys$|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** True when `finding` is an unknown-field finding on a strategic-merge patch directive (`$patch: delete`). */
function isPatchDirective(finding: Finding): boolean {
  const last = finding.path[finding.path.length - 1];
  return finding.ruleId === SCHEMA_RULE_IDS.unknownField && typeof last === 'string' && PATCH_DIRECTIVE.test(last);
}

/**
 * True when `finding` is a missing Pod selector that kustomize creates from the role's labels (`commonLabels`,
 * `labels[].includeSelectors`): `spec.selector: Required value` of a Deployment whose kustomization adds labels.
 */
function suppliedByKustomize(kind: string | undefined, role: FileRole, finding: Finding): boolean {
  if (role.selectorLabels === undefined || kind === undefined || finding.ruleId !== SCHEMA_RULE_IDS.requiredField) return false;
  const loc = podSelectorLocation(kind);
  if (loc === undefined) return false;
  // The missing field's path, relative to the object (the item of a List).
  const missing = finding.field ?? finding.path;
  const relative = missing[0] === 'items' && typeof missing[1] === 'number' ? missing.slice(2) : missing;
  return formatFieldPath(relative) === formatFieldPath(loc.path);
}

/**
 * Diagnostics of one document: YAML problems always (in a templated document, those its control flow may
 * cause are dropped); schema and rule findings for Kubernetes objects (apiVersion and kind present).
 * A templated document (Helm) and a kustomize patch (`role.patch`) are partial: they get only the schema findings
 * no template value or patch target can change, and no rule findings. The objects of a kustomize resource are
 * checked with the labels its kustomizations add (`role`, `features/kustomize.ts`). A document over
 * {@link MAX_ANALYSED_DOCUMENT_BYTES} gets `document-too-large` instead of schema and rule findings.
 * `plan`: the rules of `ctx.rules` ({@link planRules}), when the caller analyses many documents.
 */
export function diagnoseDocument(
  snapshot: Snapshot,
  doc: YamlDocument,
  ctx: AnalysisContext,
  role: FileRole = DEFAULT_ROLE,
  plan: RulePlan = planRules(ctx.rules),
): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  const template = doc.template;
  for (const problem of [...doc.errors, ...doc.warnings]) {
    if (template !== undefined && maskingProblem(template, problem)) continue;
    const d = yamlDiagnostic(snapshot, doc, problem, ctx.rules);
    if (d !== undefined) out.push(d);
  }
  const tooLarge = documentTooLarge(snapshot, doc, ctx.rules);
  if (tooLarge !== null) {
    if (tooLarge !== undefined) out.push(tooLarge);
    return out;
  }
  const partial = template !== undefined || role.patch === true;
  for (const finding of validateDocumentSchema(doc, ctx.schema)) {
    if (partial && !LITERAL_SCHEMA_RULES.has(finding.ruleId)) continue;
    if (template !== undefined && !holdsForEveryRendering(doc, template, finding)) continue;
    if (role.patch === true && isPatchDirective(finding)) continue;
    if (suppliedByKustomize(doc.kind, role, finding)) continue;
    const setting = ctx.rules.severities[finding.ruleId];
    const severity = setting === undefined ? (finding.severity ?? 'error') : settingToSeverity(setting);
    if (severity !== undefined) out.push(findingDiagnostic(snapshot, doc, finding, severity));
  }
  if (partial) return out;
  // The schema and the apiserver's rules both know some constraints (enums, required fields); the same
  // message at the same path is reported once, by the first (schema) finding.
  const seen = new Set(out.map((d) => `${d.fieldPath ?? ''}\u0000${d.message}`));
  for (const object of objectsOf(doc)) {
    for (const finding of checkObject({ ...object, object: withKustomizeLabels(object.kind, object.object, role) }, ctx.rules, plan)) {
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
  /** The rules that run under `ctx.rules` ({@link planRules}), worked out once for every document analysed. */
  readonly plan: RulePlan;
  readonly byDocument: WeakMap<object, { readonly role: string; readonly diagnostics: readonly DiagnosticInfo[] }>;
  analysed: number;
}

/** A {@link FileRole} as a cache key: roles are plain data, equal roles analyse alike. */
export function roleKey(role: FileRole): string {
  return role === DEFAULT_ROLE ? '' : JSON.stringify(role);
}

/** An empty cache for `ctx`. */
export function createDiagnosticsCache(ctx: AnalysisContext): DiagnosticsCache {
  return { ctx, plan: planRules(ctx.rules), byDocument: new WeakMap(), analysed: 0 };
}

function shiftDiagnostic(d: DiagnosticInfo, delta: number, documentIndex: number): DiagnosticInfo {
  const shift = (r: OffsetRange): OffsetRange => ({ start: r.start + delta, end: r.end + delta });
  return {
    ...d,
    documentIndex,
    range: shift(d.range),
    ...(d.related !== undefined ? { related: d.related.map((r) => ({ ...r, range: shift(r.range) })) } : {}),
  };
}

/**
 * The diagnostics of one document of `snapshot` (file offsets, suppressions not applied), from `cache` when it holds
 * the document's parse result for the same `ctx`, else analysed (and stored). The server calls it document by
 * document, yielding in between, before {@link diagnose} assembles the file from the cache.
 */
export function documentDiagnostics(
  snapshot: Snapshot,
  doc: YamlDocument,
  ctx: AnalysisContext,
  cache?: DiagnosticsCache,
  role: FileRole = DEFAULT_ROLE,
): readonly DiagnosticInfo[] {
  const useCache = cache !== undefined && cache.ctx === ctx;
  const key = roleKey(role);
  const hit = useCache ? cache.byDocument.get(doc.parsed) : undefined;
  if (hit !== undefined && hit.role === key) return hit.diagnostics.map((d) => shiftDiagnostic(d, doc.offset, doc.index));
  const diagnostics = diagnoseDocument(snapshot, doc, ctx, role, useCache ? cache.plan : undefined);
  if (useCache) {
    cache.analysed++;
    cache.byDocument.set(doc.parsed, { role: key, diagnostics: diagnostics.map((d) => shiftDiagnostic(d, -doc.offset, d.documentIndex)) });
  }
  return diagnostics;
}

/** True when `cache` holds the diagnostics of `doc` for `ctx` and `role` ({@link documentDiagnostics} would not analyse it). */
export function isDiagnosed(doc: YamlDocument, ctx: AnalysisContext, cache: DiagnosticsCache, role: FileRole = DEFAULT_ROLE): boolean {
  return cache.ctx === ctx && cache.byDocument.get(doc.parsed)?.role === roleKey(role);
}

/**
 * Diagnostics of a whole file, in document order, with `# podls-ignore` suppressions applied.
 * With a `cache` (for the same `ctx`), documents whose parse result is reused from a previous snapshot
 * are not analysed again. `role`: what the file is to kustomize (`features/kustomize.ts` `fileRole`).
 */
export function diagnose(snapshot: Snapshot, ctx: AnalysisContext, cache?: DiagnosticsCache, role: FileRole = DEFAULT_ROLE): DiagnosticInfo[] {
  const out: DiagnosticInfo[] = [];
  for (const doc of snapshot.documents) {
    for (const d of documentDiagnostics(snapshot, doc, ctx, cache, role)) out.push(d);
  }
  return applySuppressions(snapshot, out);
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

/**
 * Drops diagnostics suppressed by `# podls-ignore rule-id[, rule-id...]` on the line above the diagnostic's first
 * line or at the end of that line (without ids: every rule there), or by `# podls-ignore-file rule-id[, ...]` in
 * the file's header (without ids: every rule of the file). The syntax is features/suppressions.ts's.
 */
export function applySuppressions(snapshot: Pick<Snapshot, 'text' | 'lineIndex'>, diagnostics: readonly DiagnosticInfo[]): DiagnosticInfo[] {
  if (!snapshot.text.includes('podls-ignore')) return [...diagnostics];
  const fileIds = fileIgnoreIds(snapshot);
  return diagnostics.filter((d) => !isSuppressed(snapshot, snapshot.lineIndex.positionAt(d.range.start).line, d.code, fileIds));
}
