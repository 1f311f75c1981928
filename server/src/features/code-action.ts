/**
 * Quick fixes for podls diagnostics (`textDocument/codeAction`) and `source.fixAll.podls`.
 *
 * A diagnostic reaches {@link codeActions} with what `lsp/to-proto.ts` keeps in `Diagnostic.data`: the rule id
 * (`code`), the document index, the apiserver rendering of the field path and the fix ids the rule reported.
 * Fixes are computed from the current snapshot (the path is re-resolved in it, falling back to the
 * diagnostic's range), edit the YAML text through `document/edit.ts` (comments, key order and indentation
 * survive), and are returned in offsets; `lsp/to-proto.ts` turns them into LSP `CodeAction`s.
 *
 * Fixes by rule: unknown fields (rename to the closest field, or move to the child or parent object that has
 * the field; for a field of a later release than the target, moves only, neither preferred nor safe), unsupported values (each supported value, closest first), wrong types (quote, unquote, wrap in a
 * list), missing required fields (insert a placeholder from the schema), selector/template label mismatches,
 * Services that select nothing (label sets of the workspace's workloads), undefined volumes, undeclared probe
 * ports, duplicate names, probes and hooks on init containers, Job restart policies, requests above limits,
 * wrong kinds and apiVersions, and the best-practice rules (image tag, requests, readiness probe, securityContext).
 * A rule may name the fixes it wants by id ({@link FIX_IDS}, `Finding.fixes`); otherwise the rule id picks them.
 * {@link fixAll} applies the safe ones (those that cannot change what the user meant) until none is left.
 * Pure: no I/O, no state kept between calls.
 */
import type { ErrorType, FindingDetails } from '../rules/rule';
import { isMap, isScalar, isSeq } from 'yaml';
import {
  appendItem,
  applyEdits,
  insertField,
  moveField,
  removeNode,
  renameKey,
  setScalar,
  setValue,
  sourceText,
  wrapInSequence,
} from '../document/edit';
import type { TextEdit } from '../document/edit';
import { formatFieldPath, isMapKey, segmentKey } from '../document/field-path';
import type { FieldPath, PathSegment } from '../document/field-path';
import { keyNodeAt, locate, nodeAt, nodeRange } from '../document/locate';
import { createSnapshot } from '../document/snapshot';
import type { Snapshot, YamlDocument } from '../document/snapshot';
import { targetVersion } from '../rules/engine';
import { removedApi } from '../schema/api-groups';
import { apiserverMinor, psaPodOf } from '../rules/pod-security/evaluate';
import { isPodSecurityFixId, podSecurityPlan, POD_SECURITY_FIX_TITLES } from '../rules/pod-security/remedies';
import type { PlanStep } from '../rules/pod-security/remedies';
import { isObject, objAt, objectItemsAt, prop, strAt, valueAtPath } from '../rules/json';
import { labelSelectorAsSelector, labelsOf, selectorMatches } from '../rules/label-selector';
import type { Labels } from '../rules/label-selector';
import { podLabelsOf } from '../rules/selectors';
import { atLeast } from '../rules/version';
import type { FieldSchema, TypeRef, TypeSchema } from '../schema/model';
import { allowedValues } from '../schema/model';
import type { OffsetRange } from '../util/range';
import { diagnose } from './diagnostics';
import { workspaceObjectsOf } from './cross-file';
import type { AnalysisContext, DiagnosticsCache } from './diagnostics';
import { closestMatch, editDistance } from './did-you-mean';
import { fieldSince } from '../schema/releases';
import { ignoreInFileEdit, ignoreOnLineEdit } from './suppressions';
import { objectTypeOf, resolveFieldPath } from './schema-view';
import { classifyPlain } from './yaml-scalar';

/** The kinds of code action podls offers. */
export type CodeActionKind = 'quickfix' | 'source.fixAll.podls';

/**
 * A diagnostic as the client sends it back: the fields podls put into it (`Diagnostic.data` plus range and
 * message). `range` is in offsets of the snapshot; `fieldPath` is the apiserver rendering (`spec.containers[0].image`).
 */
export interface CodeActionDiagnostic {
  readonly code: string;
  readonly documentIndex: number;
  readonly fieldPath?: string;
  /** Where the diagnostic is shown, as a path, when that is not `fieldPath` (`DiagnosticInfo.at`). */
  readonly at?: string;
  /** The apiserver error type (`DiagnosticInfo.errorType`). */
  readonly errorType?: ErrorType;
  /** The parts of the message a fix acts on (`DiagnosticInfo.details`); fixes never read `message`. */
  readonly details?: FindingDetails;
  readonly range: OffsetRange;
  readonly message: string;
  readonly fixIds: readonly string[];
}

/** The text edits of one file (0-based UTF-16 offsets into that file's snapshot text). */
export interface FileEdits {
  readonly uri: string;
  readonly edits: readonly TextEdit[];
}

/** One code action: a quick fix for `diagnostics[diagnosticIndex]`, or the fix-all source action. */
export interface CodeActionInfo {
  readonly title: string;
  readonly kind: CodeActionKind;
  /** Index into the `diagnostics` passed to {@link codeActions} of the diagnostic this action fixes. */
  readonly diagnosticIndex?: number;
  /** The fix an editor may apply with one key (at most one per diagnostic). */
  readonly isPreferred?: boolean;
  readonly edits: readonly FileEdits[];
  /**
   * True for a fix-all action whose edits were not computed (`deferFixAll`): the caller computes them with
   * {@link fixAll} when the action is chosen (LSP `codeAction/resolve`), not on every cursor move.
   */
  readonly deferred?: boolean;
}

/** Title of the fix-all action. */
export const FIX_ALL_TITLE = 'Fix all safely fixable podls problems';

/** A fix for one diagnostic, in the snapshot's offsets. */
interface Fix {
  /** What the fix does, one of {@link FIX_IDS}; rules name the fixes they want by these ids (`Finding.fixes`). */
  readonly id: FixId;
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
  /** Applied by fix-all: it cannot change what the user meant (a typo's only correction, a quote). */
  readonly safe?: boolean;
}

/** The object (document or List item) a diagnostic is in. */
interface ObjectInfo {
  readonly basePath: FieldPath;
  readonly kind: string;
  readonly apiVersion: string;
  readonly value: unknown;
  readonly rootTypeId?: string;
}

/** Everything a fix provider needs. */
interface FixInput {
  readonly snapshot: Snapshot;
  readonly doc: YamlDocument;
  readonly diagnostic: CodeActionDiagnostic;
  /** The diagnostic's path in the current snapshot (absolute, `items[i]...` for List items). */
  readonly path: FieldPath;
  readonly object: ObjectInfo | undefined;
  readonly ctx: AnalysisContext;
  readonly workspace: readonly Snapshot[];
}

type FixProvider = (input: FixInput) => Fix[];

/** Most alternatives offered for one diagnostic (supported values, names, label sets). */
const MAX_CHOICES = 8;

/**
 * The code actions for `range` (offsets in `snapshot`): quick fixes for each of `diagnostics` that touches the
 * range, and the fix-all action. `workspace` holds the snapshots of the other files (for the label sets of
 * workloads a Service may select). `only` filters by kind as LSP's `CodeActionContext.only` does (a kind
 * matches an entry equal to it or to one of its dot-separated prefixes); without it, fix-all is offered only
 * when one of `diagnostics` has a safe fix. `cache` (the server's diagnostics cache for `ctx`) spares fix-all's
 * first analysis. Never throws: a fix that cannot be computed is left out.
 */
export function codeActions(
  snapshot: Snapshot,
  range: OffsetRange,
  diagnostics: readonly CodeActionDiagnostic[],
  ctx: AnalysisContext,
  workspace: readonly Snapshot[] = [],
  only?: readonly string[],
  cache?: DiagnosticsCache,
  deferFixAll = false,
): CodeActionInfo[] {
  const out: CodeActionInfo[] = [];
  let anySafe = false;
  // The apiserver rules and the schema may report one problem twice (an enum checked by both): offer each edit once.
  const offered = new Set<string>();
  if (only === undefined || kindWanted('quickfix', only)) {
    diagnostics.forEach((d, i) => {
      if (d.range.end < range.start || d.range.start > range.end) return;
      const fixes = fixesFor(snapshot, d, ctx, workspace);
      if (fixes.some((f) => f.safe === true)) anySafe = true;
      let preferredGiven = false;
      for (const fix of fixes) {
        const key = JSON.stringify(fix.edits);
        if (offered.has(key)) continue;
        offered.add(key);
        const preferred = fix.preferred === true && !preferredGiven;
        if (preferred) preferredGiven = true;
        out.push({
          title: fix.title,
          kind: 'quickfix',
          diagnosticIndex: i,
          ...(preferred ? { isPreferred: true } : {}),
          edits: [{ uri: snapshot.uri, edits: fix.edits }],
        });
      }
      for (const ignore of ignoreActions(snapshot, d)) {
        const key = JSON.stringify(ignore.edits);
        if (offered.has(key)) continue;
        offered.add(key);
        out.push({ title: ignore.title, kind: 'quickfix', diagnosticIndex: i, edits: [{ uri: snapshot.uri, edits: ignore.edits }] });
      }
    });
  }
  const wantFixAll = only === undefined ? anySafe : kindWanted('source.fixAll.podls', only);
  if (wantFixAll && deferFixAll) {
    out.push({ title: FIX_ALL_TITLE, kind: 'source.fixAll.podls', edits: [], deferred: true });
  } else if (wantFixAll) {
    const edits = fixAll(snapshot, ctx, workspace, cache);
    if (edits.length > 0) out.push({ title: FIX_ALL_TITLE, kind: 'source.fixAll.podls', edits: [{ uri: snapshot.uri, edits }] });
  }
  return out;
}

/**
 * "Ignore RULE on this line" and "Ignore RULE in this file": the `# podls-ignore` comments of
 * features/suppressions.ts, offered for every diagnostic after its fixes (never preferred, never in fix-all).
 */
function ignoreActions(snapshot: Snapshot, d: CodeActionDiagnostic): { title: string; edits: TextEdit[] }[] {
  if (d.code === '' || /\s/.test(d.code)) return [];
  const out: { title: string; edits: TextEdit[] }[] = [];
  const line = snapshot.lineIndex.positionAt(Math.min(d.range.start, snapshot.text.length)).line;
  const onLine = ignoreOnLineEdit(snapshot, line, d.code);
  if (onLine !== undefined) out.push({ title: `Ignore ${d.code} on this line`, edits: [onLine] });
  const inFile = ignoreInFileEdit(snapshot, d.code);
  if (inFile !== undefined) out.push({ title: `Ignore ${d.code} in this file`, edits: [inFile] });
  return out;
}

function kindWanted(kind: CodeActionKind, only: readonly string[]): boolean {
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Passes of fix-all at most (each pass re-analyses the fixed text; fixes rarely enable others). */
const FIX_ALL_PASSES = 5;

/**
 * The edits that apply every safe fix of the file: a misspelt field one edit (or only case) away from a field, a
 * field moved to the only object the schema has it in, an enum value in the wrong case (or the only supported
 * value), quoting, unquoting or wrapping a value the schema types otherwise, a file mode in octal, a misspelt
 * kind, the only apiVersion serving a kind, and `restartPolicy: Never` for Jobs. The file is analysed, the safe fixes
 * that do not overlap are applied, and the result is analysed again until no safe fix is left (at most a few
 * passes). Idempotent: running it on its own result gives no edits. The edits are a line diff between the
 * old and the new text, so comments and untouched lines stay as they are. `workspace` and `cache` as in
 * {@link codeActions}.
 */
export function fixAll(snapshot: Snapshot, ctx: AnalysisContext, workspace: readonly Snapshot[] = [], cache?: DiagnosticsCache): TextEdit[] {
  let current = snapshot;
  const seen = new Set<string>([snapshot.text]);
  for (let pass = 0; pass < FIX_ALL_PASSES; pass++) {
    const accepted: TextEdit[] = [];
    for (const d of diagnose(current, ctx, current === snapshot ? cache : undefined)) {
      const diagnostic: CodeActionDiagnostic = {
        code: d.code,
        documentIndex: d.documentIndex,
        range: d.range,
        message: d.message,
        fixIds: d.fixes ?? [],
        ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}),
        ...(d.at !== undefined ? { at: d.at } : {}),
        ...(d.details !== undefined ? { details: d.details } : {}),
        ...(d.errorType !== undefined ? { errorType: d.errorType } : {}),
      };
      const fix = fixesFor(current, diagnostic, ctx, workspace).find((f) => f.safe === true);
      if (fix === undefined || fix.edits.some((e) => accepted.some((a) => overlaps(a.range, e.range)))) continue;
      accepted.push(...fix.edits);
    }
    if (accepted.length === 0) break;
    const text = applyEdits(current.text, accepted);
    if (seen.has(text)) break;
    seen.add(text);
    current = createSnapshot(snapshot.uri, snapshot.version, text);
  }
  return current === snapshot ? [] : diffEdits(snapshot.text, current.text);
}

/** True when two ranges share a character, or are the same insertion point. */
function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Lines of a text with their line breaks. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Largest line-table (lines x lines) diffed line by line; larger changes become one edit. */
const MAX_DIFF_CELLS = 4_000_000;

/** Minimal-ish edits turning `a` into `b`: changed runs of lines (after common prefix and suffix lines). */
export function diffEdits(a: string, b: string): TextEdit[] {
  if (a === b) return [];
  const al = splitLines(a);
  const bl = splitLines(b);
  let pre = 0;
  while (pre < al.length && pre < bl.length && al[pre] === bl[pre]) pre++;
  let suf = 0;
  while (suf < al.length - pre && suf < bl.length - pre && al[al.length - 1 - suf] === bl[bl.length - 1 - suf]) suf++;
  const am = al.slice(pre, al.length - suf);
  const bm = bl.slice(pre, bl.length - suf);
  const offsets: number[] = [0];
  for (const l of al) offsets.push((offsets[offsets.length - 1] ?? 0) + l.length);
  const at = (line: number): number => offsets[line] ?? a.length;
  if (am.length * bm.length > MAX_DIFF_CELLS) {
    return [{ range: { start: at(pre), end: at(pre + am.length) }, newText: bm.join('') }];
  }
  // Longest common subsequence of the middle lines, then one edit per run of differing lines.
  const n = am.length;
  const m = bm.length;
  const lcs: number[] = new Array<number>((n + 1) * (m + 1)).fill(0);
  const cell = (i: number, j: number): number => lcs[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = am[i] === bm[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
    }
  }
  const edits: TextEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      i++;
      j++;
      continue;
    }
    const si = i;
    const sj = j;
    while ((i < n || j < m) && !(i < n && j < m && am[i] === bm[j])) {
      if (j < m && (i >= n || cell(i, j + 1) >= cell(i + 1, j))) j++;
      else i++;
    }
    edits.push({ range: { start: at(pre + si), end: at(pre + i) }, newText: bm.slice(sj, j).join('') });
  }
  return edits;
}

// ---------------------------------------------------------------------------------------------------------
// Dispatch

/** The fixes for one diagnostic, preferred first. */
function fixesFor(snapshot: Snapshot, d: CodeActionDiagnostic, ctx: AnalysisContext, workspace: readonly Snapshot[]): Fix[] {
  const doc = snapshot.documents[d.documentIndex];
  if (doc === undefined) return [];
  const path = resolvePath(snapshot, doc, d);
  if (path === undefined) return [];
  const input: FixInput = { snapshot, doc, diagnostic: d, path, object: objectOf(doc, path, ctx), ctx, workspace };
  let fixes: Fix[] = [];
  try {
    const wanted = d.fixIds.filter(isFixId);
    const providers = new Set(wanted.map((id) => FIXES_BY_ID[id]));
    for (const provider of providers) fixes.push(...provider(input).filter((f) => wanted.includes(f.id)));
    if (fixes.length === 0) fixes = (FIXES_BY_RULE[d.code] ?? genericFixes)(input);
  } catch {
    // A fix that fails on unexpected input is left out (rules and features report nothing rather than throw).
    return [];
  }
  const valid = fixes.filter((f) => f.edits.length > 0 && !hasOverlap(f.edits));
  const seen = new Set<string>();
  const unique = valid.filter((f) => {
    const key = JSON.stringify(f.edits);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...unique.filter((f) => f.preferred === true), ...unique.filter((f) => f.preferred !== true)];
}

function hasOverlap(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev !== undefined && cur !== undefined && cur.range.start < prev.range.end) return true;
  }
  return false;
}

/**
 * The fix ids, each with the provider that computes it. A rule may name any of them in `Finding.fixes`
 * (`fixes: ['set-restart-policy-never', 'set-restart-policy-on-failure']`): its diagnostic then gets those
 * fixes only; a diagnostic without fix ids gets the fixes of its rule id (`FIXES_BY_RULE`).
 */
const FIXES_BY_ID = {
  'rename-field': unknownFieldFixes,
  'move-field': unknownFieldFixes,
  'use-supported-value': genericFixes,
  'wrap-in-list': typeFixes,
  'quote-value': typeFixes,
  'unquote-number': typeFixes,
  'unquote-boolean': typeFixes,
  'add-required-field': requiredFixes,
  'use-suggested-kind': suggestionFixes,
  'use-serving-api-version': suggestionFixes,
  'use-served-api-version': removedApiFixes,
  'write-octal-mode': octalModeFixes,
  'add-template-labels': selectorMismatchFixes,
  'narrow-selector': selectorMismatchFixes,
  'select-workload-labels': serviceSelectorFixes,
  'use-existing-volume': volumeMountFixes,
  'add-empty-dir-volume': volumeMountFixes,
  'use-declared-port': probePortFixes,
  'rename-unique': duplicateNameFixes,
  'make-sidecar': initContainerFixes,
  'remove-field': (i: FixInput): Fix[] => [...initContainerFixes(i), ...removeFlagFixes(i)],
  'set-restart-policy-never': (i: FixInput): Fix[] => restartPolicyFixes(i, ['Never']),
  'set-restart-policy-on-failure': (i: FixInput): Fix[] => restartPolicyFixes(i, ['OnFailure']),
  'raise-limit': requestLimitFixes,
  'lower-request': requestLimitFixes,
  'pin-image-tag': imageTagFixes,
  'add-resource-requests': resourceRequestFixes,
  'add-memory-limit': memoryLimitFixes,
  'add-readiness-probe': (i: FixInput): Fix[] => probeSkeletonFixes(i, 'readinessProbe'),
  'add-liveness-probe': (i: FixInput): Fix[] => probeSkeletonFixes(i, 'livenessProbe'),
  'add-restricted-security-context': securityContextFixes,
  'set-read-only-root-filesystem': (i: FixInput): Fix[] => securityContextFieldFix(i, 'set-read-only-root-filesystem', 'readOnlyRootFilesystem', true, 'Make the root filesystem read-only'),
  'unset-privileged': (i: FixInput): Fix[] => securityContextFieldFix(i, 'unset-privileged', 'privileged', false, 'Do not run privileged'),
  'pod-security-allow-privilege-escalation': podSecurityFixes,
  'pod-security-drop-all': podSecurityFixes,
  'pod-security-remove-capabilities': podSecurityFixes,
  'pod-security-run-as-non-root': podSecurityFixes,
  'pod-security-seccomp': podSecurityFixes,
  'pod-security-remove-host-path': podSecurityFixes,
  'pod-security-remove-host-namespaces': podSecurityFixes,
  'pod-security-remove-privileged': podSecurityFixes,
  'pod-security-restricted': podSecurityFixes,
} as const satisfies Readonly<Record<string, FixProvider>>;

/** The id of a kind of fix (see {@link FIX_IDS}). */
export type FixId = keyof typeof FIXES_BY_ID;

/** Every fix id podls implements, for rules to name in `Finding.fixes` (documented in docs/rules.md). */
export const FIX_IDS: readonly FixId[] = Object.keys(FIXES_BY_ID) as FixId[];

function isFixId(id: string): id is FixId {
  return Object.prototype.hasOwnProperty.call(FIXES_BY_ID, id);
}

/** Fixes by rule id, for rules that report no fix ids. */
const FIXES_BY_RULE: Readonly<Record<string, FixProvider>> = {
  'unknown-field': unknownFieldFixes,
  'invalid-type': typeFixes,
  'unsupported-value': genericFixes,
  'required-field': genericFixes,
  'unknown-kind': suggestionFixes,
  'api-version-mismatch': suggestionFixes,
  'selector-template-mismatch': selectorMismatchFixes,
  'service-selects-nothing': serviceSelectorFixes,
  'volume-mounts': (i) => (i.diagnostic.errorType === 'NotFound' ? volumeMountFixes(i) : genericFixes(i)),
  'probe-port-not-declared': probePortFixes,
  'init-container-fields': initContainerFixes,
  'job-restart-policy': (i) => restartPolicyFixes(i, ['Never', 'OnFailure']),
  'container-resources': (i) => (i.diagnostic.details?.requestLimit !== undefined ? requestLimitFixes(i) : genericFixes(i)),
  'image-tag-latest': imageTagFixes,
  'resource-requests-missing': resourceRequestFixes,
  'readiness-probe-missing': (i) => probeSkeletonFixes(i, 'readinessProbe'),
  'liveness-probe-missing': (i) => probeSkeletonFixes(i, 'livenessProbe'),
  'security-context-missing': securityContextFixes,
  'run-as-root': securityContextFixes,
  'privilege-escalation-allowed': securityContextFixes,
  'resource-limits-missing': memoryLimitFixes,
  'writable-root-filesystem': (i) => securityContextFieldFix(i, 'set-read-only-root-filesystem', 'readOnlyRootFilesystem', true, 'Make the root filesystem read-only'),
  'privileged-container': (i) => securityContextFieldFix(i, 'unset-privileged', 'privileged', false, 'Do not run privileged'),
  'host-network-enabled': removeFlagFixes,
  'host-pid-enabled': removeFlagFixes,
  'host-ipc-enabled': removeFlagFixes,
};

/** Fixes by the apiserver's error type: one of the supported values, a missing required field, a duplicate name. */
function genericFixes(input: FixInput): Fix[] {
  const { details, errorType } = input.diagnostic;
  const supported = details?.supported ?? [];
  if ((errorType === 'NotSupported' || errorType === 'Required') && supported.length > 0) return enumFixes(input, supported);
  if (errorType === 'Required') return requiredFixes(input);
  if (errorType === 'Duplicate') return duplicateNameFixes(input);
  if (details?.fileMode !== undefined) return octalModeFixes(input);
  return [];
}

/** A file mode written in decimal digits (`640`) that only makes sense in octal: write it as `0640`. */
function octalModeFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const node = nodeAt(doc, path);
  const src = sourceText(snapshot, doc, path);
  if (!isScalar(node) || node.type !== 'PLAIN' || src === undefined || !/^[0-7]{3,4}$/.test(src) || Number.parseInt(src, 8) > 0o777) return [];
  const range = nodeRange(doc, path, 'value');
  const octal = `0${src.replace(/^0+/, '')}`;
  return range === undefined || octal === src ? [] : [{ id: 'write-octal-mode', title: `Write the mode in octal: ${octal}`, edits: [{ range, newText: octal }], preferred: true, safe: true }];
}

// ---------------------------------------------------------------------------------------------------------
// Paths, objects and the schema

/** Parses the apiserver rendering of a path (`spec.containers[0].resources.limits[cpu]`); `<root>` is `[]`. */
export function parseFieldPath(text: string): FieldPath | undefined {
  if (text === '<root>') return [];
  const out: PathSegment[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      out.push(/^\d+$/.test(inner) ? Number(inner) : { key: inner });
      i = close + 1;
    } else if (c === '.') {
      i++;
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/**
 * The diagnostic's path in the snapshot: where it is shown (`at`, else its `fieldPath`) when that names an existing
 * node, else the cursor's path.
 */
function resolvePath(snapshot: Snapshot, doc: YamlDocument, d: CodeActionDiagnostic): FieldPath | undefined {
  const shown = d.at ?? d.fieldPath;
  const parsed = shown === undefined ? undefined : parseFieldPath(shown);
  if (parsed !== undefined && (parsed.length === 0 || nodeAt(doc, parsed) !== undefined || keyNodeAt(doc, parsed) !== undefined)) return parsed;
  const locus = locate(snapshot, d.range.start);
  return locus !== undefined && locus.documentIndex === doc.index ? locus.path : parsed;
}

function objectOf(doc: YamlDocument, path: FieldPath, ctx: AnalysisContext): ObjectInfo | undefined {
  let info: Omit<ObjectInfo, 'rootTypeId'> | undefined;
  if (doc.items !== undefined) {
    const item = doc.items.find((it) => it.basePath.every((s, i) => path[i] === s));
    if (item?.kind !== undefined && item.apiVersion !== undefined) info = { basePath: item.basePath, kind: item.kind, apiVersion: item.apiVersion, value: item.value };
  } else if (doc.kind !== undefined && doc.apiVersion !== undefined) {
    info = { basePath: [], kind: doc.kind, apiVersion: doc.apiVersion, value: doc.value };
  }
  if (info === undefined) return undefined;
  const rootTypeId = ctx.schema.kindFor(info.apiVersion, info.kind)?.typeId;
  return rootTypeId === undefined ? info : { ...info, rootTypeId };
}

/** The JSON value at an absolute path of the object. */
function jsonAt(object: ObjectInfo, path: FieldPath): unknown {
  let cur: unknown = object.value;
  for (const s of path.slice(object.basePath.length)) {
    if (typeof s === 'number') cur = Array.isArray(cur) ? (cur[s] as unknown) : undefined;
    else cur = prop(cur, isMapKey(s) ? s.key : s);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The object type of the mapping at an absolute path, per the schema. */
function objectTypeAt(input: FixInput, path: FieldPath): TypeSchema | undefined {
  const { object, ctx } = input;
  if (object?.rootTypeId === undefined) return undefined;
  const found = resolveFieldPath(ctx.schema, object.rootTypeId, path.slice(object.basePath.length));
  return found === undefined ? undefined : objectTypeOf(ctx.schema, found.type);
}

/** The path of the container a path points into (`...containers[0]`), or undefined. */
function containerPathOf(path: FieldPath): FieldPath | undefined {
  for (let i = path.length - 2; i >= 0; i--) {
    const s = path[i];
    if ((s === 'containers' || s === 'initContainers' || s === 'ephemeralContainers') && typeof path[i + 1] === 'number') return path.slice(0, i + 2);
  }
  return undefined;
}

/** Keys of the mapping at `path` (none when it is not a mapping). */
function mapKeys(doc: YamlDocument, path: FieldPath): string[] {
  const node = path.length === 0 ? doc.doc.contents : nodeAt(doc, path);
  if (!isMap(node)) return [];
  return node.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []));
}


/** Candidates ordered closest to `word` first: equal ignoring case, then by edit distance, then as given. */
function byCloseness(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase();
  const score = (c: string): number => (c.toLowerCase() === lower ? -1 : editDistance(lower, c.toLowerCase()));
  return candidates
    .map((c, i) => ({ c, i, s: score(c) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.c);
}

/** A label for a path in titles: `spec.containers[0]` plus the item's name when it has one. */
function describePath(input: FixInput, path: FieldPath): string {
  const rel = input.object === undefined ? path : path.slice(input.object.basePath.length);
  const name = input.object === undefined ? undefined : strAt(jsonAt(input.object, path), 'name');
  const text = rel.length === 0 ? 'the object root' : formatFieldPath(rel);
  return name !== undefined && typeof rel[rel.length - 1] === 'number' ? `${text} (${JSON.stringify(name)})` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Schema fixes

/** Unknown field: move it where the schema has it (a child object or the parent), or rename it to the closest field. */
function unknownFieldFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const last = path[path.length - 1];
  if (typeof last !== 'string') return [];
  const parentPath = path.slice(0, -1);
  const parentType = objectTypeAt(input, parentPath);
  if (parentType === undefined) return [];
  const moves: Array<{ target: FieldPath }> = [];
  // Down: a field of the parent whose object (or each item of its list of objects) has the key.
  for (const field of parentType.fields) {
    const childRef = field.type.kind === 'array' ? field.type.items : field.type;
    const childType = objectTypeOf(input.ctx.schema, childRef);
    if (childType === undefined || !childType.fields.some((f) => f.name === last)) continue;
    const childPath: FieldPath = [...parentPath, field.name];
    const child = nodeAt(doc, childPath);
    if (field.type.kind === 'array' && isSeq(child)) {
      child.items.slice(0, 3).forEach((item, i) => {
        if (isMap(item)) moves.push({ target: [...childPath, i] });
      });
    } else if (field.type.kind !== 'array' && isMap(child)) moves.push({ target: childPath });
  }
  // Up: the object holding the parent (through its list, for list items).
  let up = parentPath;
  if (typeof up[up.length - 1] === 'number') up = up.slice(0, -1);
  if (up.length > (input.object?.basePath.length ?? 0) && typeof up[up.length - 1] === 'string') {
    up = up.slice(0, -1);
    const upType = objectTypeAt(input, up);
    if (upType?.fields.some((f) => f.name === last) === true) moves.push({ target: up });
  }
  // A field of a later release than the target is not a typo: moving it may change its meaning (pod-level
  // resources into a container) and renaming it would; offer moves only, neither preferred nor safe.
  const later = fieldSince(input.ctx.schema.model.fieldSince, parentType.id, last) !== undefined;
  const fixes: Fix[] = [];
  const possible = moves.filter((m) => !mapKeys(doc, m.target).includes(last));
  for (const m of possible) {
    const edits = moveField(snapshot, doc, path, m.target);
    if (edits !== undefined) {
      fixes.push({ id: 'move-field', title: `Move "${last}" into ${describePath(input, m.target)}`, edits, preferred: !later, safe: !later && possible.length === 1 });
    }
  }
  if (later) return fixes;
  const present = new Set(mapKeys(doc, parentPath));
  const suggestion = closestMatch(last, parentType.fields.map((f) => f.name).filter((n) => !present.has(n)));
  if (suggestion !== undefined) {
    const edit = renameKey(doc, path, suggestion);
    const near = suggestion.toLowerCase() === last.toLowerCase() || editDistance(suggestion.toLowerCase(), last.toLowerCase()) <= 1;
    if (edit !== undefined) fixes.push({ id: 'rename-field', title: `Rename "${last}" to "${suggestion}"`, edits: [edit], preferred: fixes.length === 0, safe: fixes.length === 0 && near });
  }
  return fixes;
}

/** Unsupported value: each supported value, closest first; the case-insensitive match is safe. */
function enumFixes(input: FixInput, supported: readonly string[]): Fix[] {
  const { snapshot, doc, path } = input;
  const node = nodeAt(doc, path);
  const current = isScalar(node) && node.value !== null ? String(node.value) : '';
  const ordered = byCloseness(current, supported).slice(0, MAX_CHOICES);
  const caseMatch = supported.find((v) => v.toLowerCase() === current.toLowerCase() && current !== '');
  const only = supported.length === 1;
  return ordered.flatMap((v): Fix[] => {
    const edit = setFieldValue(snapshot, doc, path, v);
    if (edit === undefined) return [];
    const best = v === caseMatch || (only && caseMatch === undefined);
    return [{ id: 'use-supported-value', title: `Change to "${v}"`, edits: [edit], preferred: best, safe: best }];
  });
}

/** Sets a scalar field: replaces its value (keeping the quoting style) or inserts it when absent or empty. */
function setFieldValue(snapshot: Snapshot, doc: YamlDocument, path: FieldPath, value: string | number | boolean): TextEdit | undefined {
  const node = nodeAt(doc, path);
  if (isScalar(node) && node.value !== null && node.value !== '') return setScalar(snapshot, doc, path, value, 'keep');
  if (node !== undefined) return setValue(snapshot, doc, path, value);
  const last = path[path.length - 1];
  if (last === undefined || typeof last === 'number') return undefined;
  return insertField(snapshot, doc, path.slice(0, -1), String(segmentKey(last)), value);
}

/** Wrong JSON type: quote a number or boolean where a string is expected, unquote a number or boolean, wrap into a list. */
function typeFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const expected = input.diagnostic.details?.expectedType;
  if (expected === undefined) return [];
  const node = nodeAt(doc, path);
  const src = sourceText(snapshot, doc, path);
  if (expected === 'array') {
    const edits = wrapInSequence(snapshot, doc, path);
    return edits === undefined ? [] : [{ id: 'wrap-in-list', title: 'Wrap the value in a list', edits, preferred: true, safe: true }];
  }
  if (!isScalar(node) || src === undefined) return [];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if ((expected === 'string' || expected === 'integer or string') && !quoted && !/[\r\n]/.test(src)) {
    const edit = setScalar(snapshot, doc, path, src, 'double-quoted');
    return edit === undefined ? [] : [{ id: 'quote-value', title: `Quote the value: ${JSON.stringify(src)}`, edits: [edit], preferred: true, safe: true }];
  }
  if (quoted && typeof node.value === 'string') {
    const text = node.value.trim();
    // Leading zeros are left alone: unquoted, YAML 1.1 reads `0755` as octal, which may or may not be what was meant.
    if ((expected === 'integer' || expected === 'number') && /^[-+]?(0|[1-9]\d*)(\.\d+)?$/.test(text)) {
      const n = Number(text);
      if (expected === 'integer' && !Number.isInteger(n)) return [];
      const edit = setScalar(snapshot, doc, path, n, 'plain');
      return edit === undefined ? [] : [{ id: 'unquote-number', title: `Change to the number ${n}`, edits: [edit], preferred: true, safe: true }];
    }
    if (expected === 'boolean') {
      const plain = classifyPlain(text);
      if (plain.type !== 'boolean') return [];
      const edit = setScalar(snapshot, doc, path, plain.value, 'plain');
      return edit === undefined ? [] : [{ id: 'unquote-boolean', title: `Change to the boolean ${plain.value}`, edits: [edit], preferred: true, safe: true }];
    }
  }
  return [];
}

/**
 * Missing required field: insert it with a placeholder (from the schema) into its mapping, or fill an empty value.
 * The missing field is the last segment of the apiserver's path (`fieldPath` `spec.containers[0].image`).
 */
function requiredFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const fieldPath = input.diagnostic.fieldPath;
  const missingPath = fieldPath === undefined ? undefined : parseFieldPath(fieldPath);
  const missing = missingPath?.[missingPath.length - 1];
  if (typeof missing !== 'string') return [];
  let parent: FieldPath;
  const node = path.length === 0 ? doc.doc.contents : nodeAt(doc, path);
  if (path[path.length - 1] === missing) {
    // The finding is on the field itself: only an empty value can be filled in (`must specify a handler type` cannot).
    if (node !== undefined && !isEmptyValue(node)) return [];
    parent = path.slice(0, -1);
  } else if (isMap(node) || node === undefined || isEmptyValue(node)) parent = path;
  else return [];
  const existing = nodeAt(doc, [...parent, missing]);
  if (existing !== undefined && !isEmptyValue(existing)) return [];
  const field = objectTypeAt(input, parent)?.fields.find((f) => f.name === missing);
  let value = field === undefined ? '' : placeholderFor(input, field.type, field, 0);
  const templateLabels = input.object === undefined ? {} : labelsOf(jsonAt(input.object, [...parent, 'template', 'metadata', 'labels']));
  if (missing === 'selector' && Object.keys(templateLabels).length > 0) {
    // A workload's selector: select the template's labels (a ReplicationController's selector is a plain map).
    value = input.object?.kind === 'ReplicationController' ? { ...templateLabels } : { matchLabels: { ...templateLabels } };
  }
  // An empty mapping or list would only trade this diagnostic for another one (an empty selector is invalid).
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) return [];
  const edit = existing !== undefined ? setValue(snapshot, doc, [...parent, missing], value) : insertField(snapshot, doc, parent, missing, value);
  return edit === undefined ? [] : [{ id: 'add-required-field', title: `Add the required field "${missing}"`, edits: [edit], preferred: true }];
}

function isEmptyValue(node: unknown): boolean {
  return isScalar(node) && (node.value === null || node.value === '');
}

/** Placeholder strings for well-known required fields; other strings get `""`. */
const STRING_PLACEHOLDERS: Readonly<Record<string, string>> = {
  name: 'app',
  image: 'nginx:1.27',
  mountPath: '/data',
  devicePath: '/dev/xvda',
  key: 'key',
  path: '/',
  topologyKey: 'kubernetes.io/hostname',
  claimName: 'my-claim',
  serviceName: 'my-app',
  schedule: '*/5 * * * *',
};

const NUMBER_PLACEHOLDERS: Readonly<Record<string, number>> = { containerPort: 80, port: 80, maxSkew: 1, seconds: 1 };

/** A placeholder value of a schema type: required fields of objects filled in (three levels deep at most). */
function placeholderFor(input: FixInput, ref: TypeRef, field: FieldSchema | undefined, depth: number): unknown {
  const name = field?.name ?? '';
  const values = field === undefined ? undefined : allowedValues(field);
  if (values !== undefined && values.length > 0) return values[0];
  switch (ref.kind) {
    case 'primitive':
      if (ref.type === 'string') return STRING_PLACEHOLDERS[name] ?? '';
      if (ref.type === 'boolean') return false;
      return NUMBER_PLACEHOLDERS[name] ?? 1;
    case 'array': {
      const item = placeholderFor(input, ref.items, undefined, depth + 1);
      return isObject(item) && Object.keys(item).length === 0 ? [] : [item];
    }
    case 'map':
    case 'unknown':
      return {};
    case 'named': {
      const type = input.ctx.schema.typeById(ref.id);
      if (type === undefined) return {};
      if (type.shape === 'int-or-string') return NUMBER_PLACEHOLDERS[name] ?? '';
      if (type.shape === 'string') return STRING_PLACEHOLDERS[name] ?? '';
      if (type.shape === 'integer' || type.shape === 'number') return NUMBER_PLACEHOLDERS[name] ?? 1;
      if (type.shape === 'boolean') return false;
      if (type.shape !== 'object' || depth >= 3) return {};
      const out: Record<string, unknown> = {};
      for (const f of type.fields) if (f.required) out[f.name] = placeholderFor(input, f.type, f, depth + 1);
      return out;
    }
  }
}

/** `unknown-kind` and `api-version-mismatch`: the suggested kind, or each apiVersion serving the kind. */
function suggestionFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, diagnostic } = input;
  const suggestion = diagnostic.details?.suggestion;
  if (diagnostic.code === 'unknown-kind' && suggestion !== undefined) {
    const edit = setScalar(snapshot, doc, path, suggestion, 'keep');
    return edit === undefined ? [] : [{ id: 'use-suggested-kind', title: `Change to "${suggestion}"`, edits: [edit], preferred: true, safe: true }];
  }
  const versions = diagnostic.details?.servedBy ?? [];
  return versions.flatMap((v): Fix[] => {
    const edit = setScalar(snapshot, doc, path, v, 'keep');
    return edit === undefined ? [] : [{ id: 'use-serving-api-version', title: `Change to "${v}"`, edits: [edit], preferred: versions.length === 1, safe: versions.length === 1 }];
  });
}

/**
 * A removed API version (`removed-api-version`): change `apiVersion` to the version that serves the kind now.
 * The rule names this fix only where the fields carry over (schema/api-groups.ts); not safe for fix-all, as the
 * new version may default fields differently (apps/v1 DaemonSets update with RollingUpdate).
 */
function removedApiFixes(input: FixInput): Fix[] {
  const { snapshot, doc, object } = input;
  if (object === undefined) return [];
  const entry = removedApi(object.apiVersion, object.kind);
  if (entry?.replacement === undefined) return [];
  const edit = setScalar(snapshot, doc, [...object.basePath, 'apiVersion'], entry.replacement, 'keep');
  const since = entry.replacementSince === undefined ? '' : ` (served since Kubernetes ${entry.replacementSince})`;
  return edit === undefined ? [] : [{ id: 'use-served-api-version', title: `Change apiVersion to "${entry.replacement}"${since}`, edits: [edit], preferred: true }];
}

// ---------------------------------------------------------------------------------------------------------
// Rule fixes

/** Adds entries to the mapping at `path` (creating it when absent): one insertion per key, or the merged value for flow mappings. */
function addEntries(snapshot: Snapshot, doc: YamlDocument, path: FieldPath, entries: Readonly<Record<string, unknown>>): TextEdit[] | undefined {
  const node = nodeAt(doc, path);
  const keys = Object.keys(entries);
  if (keys.length === 0) return [];
  if (isMap(node) && !node.flow && node.items.length > 0) {
    const edits: TextEdit[] = [];
    for (const k of keys) {
      const e = insertField(snapshot, doc, path, k, entries[k]);
      if (e === undefined) return undefined;
      edits.push(e);
    }
    return edits;
  }
  if (isMap(node)) {
    const merged = { ...(node.toJS(doc.doc) as Record<string, unknown>), ...entries };
    const e = setValue(snapshot, doc, path, merged);
    return e === undefined ? undefined : [e];
  }
  const last = path[path.length - 1];
  if (last === undefined || typeof last === 'number') return undefined;
  const e = node === undefined ? insertField(snapshot, doc, path.slice(0, -1), String(segmentKey(last)), entries) : isEmptyValue(node) ? setValue(snapshot, doc, path, entries) : undefined;
  return e === undefined ? undefined : [e];
}

/** The workload's `matchLabels` (or a ReplicationController's selector map) and `matchExpressions`. */
function selectorParts(input: FixInput): { readonly path: FieldPath; readonly labels: Labels; readonly expressions: readonly unknown[] } | undefined {
  const { object } = input;
  if (object === undefined) return undefined;
  const sel = valueAtPath(object.value, ['spec', 'selector']);
  const base: FieldPath = [...object.basePath, 'spec', 'selector'];
  if (object.kind === 'ReplicationController') return { path: base, labels: labelsOf(sel), expressions: [] };
  const exprs = prop(sel, 'matchExpressions');
  return { path: [...base, 'matchLabels'], labels: labelsOf(prop(sel, 'matchLabels')), expressions: Array.isArray(exprs) ? exprs : [] };
}

/** Selector does not match the template labels: copy the selector's labels to the template, or drop what the template lacks from the selector. */
function selectorMismatchFixes(input: FixInput): Fix[] {
  const { snapshot, doc, object } = input;
  const parts = selectorParts(input);
  if (object === undefined || parts === undefined) return [];
  const labelsPath: FieldPath = [...object.basePath, 'spec', 'template', 'metadata', 'labels'];
  const template = labelsOf(jsonAt(object, labelsPath));
  const fixes: Fix[] = [];
  const missing: Record<string, string> = {};
  const edits: TextEdit[] = [];
  for (const [k, v] of Object.entries(parts.labels)) {
    if (template[k] === v) continue;
    if (template[k] === undefined) missing[k] = v;
    else {
      const e = setScalar(snapshot, doc, [...labelsPath, { key: k }], v, 'keep');
      if (e !== undefined) edits.push(e);
    }
  }
  const added = addEntries(snapshot, doc, labelsPath, missing);
  if (added !== undefined && edits.length + added.length > 0) {
    fixes.push({ id: 'add-template-labels', title: "Add the selector's labels to the pod template", edits: [...edits, ...added], preferred: true });
  }
  // Narrow: drop the matchLabels entries and expressions the template labels do not satisfy.
  const drop: TextEdit[] = [];
  let kept = 0;
  for (const [k, v] of Object.entries(parts.labels)) {
    if (template[k] === v) kept++;
    else {
      const e = removeNode(snapshot, doc, [...parts.path, { key: k }]);
      if (e === undefined) return fixes;
      drop.push(e);
    }
  }
  const exprPath: FieldPath = [...parts.path.slice(0, -1), 'matchExpressions'];
  parts.expressions.forEach((expr, i) => {
    const r = labelSelectorAsSelector({ matchExpressions: [expr] });
    if (r.ok && selectorMatches(r.selector, template)) kept++;
    else {
      const e = removeNode(snapshot, doc, [...exprPath, i]);
      if (e !== undefined) drop.push(e);
    }
  });
  if (kept > 0 && drop.length > 0) fixes.push({ id: 'narrow-selector', title: 'Narrow the selector to the labels of the pod template', edits: drop });
  return fixes;
}

function namespaceOf(object: unknown): string {
  const ns = strAt(objAt(object, 'metadata'), 'namespace');
  return ns === undefined || ns === '' ? 'default' : ns;
}

/** A Service that selects nothing: select the Pods of a workload of the workspace (its matchLabels, or its Pod labels). */
function serviceSelectorFixes(input: FixInput): Fix[] {
  const { snapshot, doc, object } = input;
  if (object === undefined) return [];
  const selPath: FieldPath = [...object.basePath, 'spec', 'selector'];
  const current = labelsOf(jsonAt(object, selPath));
  const ns = namespaceOf(object.value);
  const files = [snapshot, ...input.workspace.filter((s) => s.uri !== snapshot.uri)];
  const candidates: Array<{ labels: Labels; owner: string; score: number }> = [];
  const seen = new Set<string>();
  for (const o of files.flatMap((s) => workspaceObjectsOf(s))) {
    const podLabels = podLabelsOf(o);
    if (podLabels === undefined || namespaceOf(o.object) !== ns) continue;
    const sel = o.kind === 'Pod' ? {} : o.kind === 'ReplicationController' ? labelsOf(valueAtPath(o.object, ['spec', 'selector'])) : labelsOf(valueAtPath(o.object, ['spec', 'selector', 'matchLabels']));
    const usesSelector = Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => podLabels[k] === v);
    const labels = usesSelector ? sel : podLabels;
    const key = JSON.stringify(Object.entries(labels).sort());
    if (Object.keys(labels).length === 0 || seen.has(key)) continue;
    seen.add(key);
    const score = Object.entries(current).filter(([k, v]) => labels[k] === v).length * 2 + Object.keys(current).filter((k) => labels[k] !== undefined).length;
    candidates.push({ labels, owner: `${o.kind}/${strAt(objAt(o.object, 'metadata'), 'name') ?? ''}`, score });
  }
  candidates.sort((a, b) => b.score - a.score || a.owner.localeCompare(b.owner));
  return candidates.slice(0, MAX_CHOICES).flatMap((c, i): Fix[] => {
    const edit = setValue(snapshot, doc, selPath, { ...c.labels });
    const text = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(',');
    return edit === undefined ? [] : [{ id: 'select-workload-labels', title: `Select the Pods of ${c.owner} (${text})`, edits: [edit], preferred: i === 0 && c.score > 0 }];
  });
}

/** The PodSpec path holding a container path (`spec` of `spec.containers[0]`). */
function specPathOf(containerPath: FieldPath): FieldPath {
  return containerPath.slice(0, -2);
}

/** A volumeMount (or volumeDevice) names an undefined volume: rename it to a defined one, or add an emptyDir volume. */
function volumeMountFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf(path);
  if (container === undefined || object === undefined || path[path.length - 1] !== 'name') return [];
  const name = strAt(jsonAt(object, path.slice(0, -1)), 'name') ?? '';
  const specPath = specPathOf(container);
  const volumes = objectItemsAt(jsonAt(object, specPath), 'volumes').map(([, v]) => strAt(v, 'name') ?? '').filter((n) => n !== '');
  const fixes: Fix[] = [];
  const near = closestMatch(name, volumes);
  for (const v of byCloseness(name, volumes).slice(0, MAX_CHOICES)) {
    const edit = setScalar(snapshot, doc, path, v, 'keep');
    if (edit !== undefined) fixes.push({ id: 'use-existing-volume', title: `Use the volume "${v}"`, edits: [edit], preferred: v === near });
  }
  if (name !== '' && path.includes('volumeMounts')) {
    const edit = appendItem(snapshot, doc, [...specPath, 'volumes'], { name, emptyDir: {} });
    if (edit !== undefined) fixes.push({ id: 'add-empty-dir-volume', title: `Add an emptyDir volume "${name}"`, edits: [edit], preferred: near === undefined });
  }
  return fixes;
}

/** A probe or hook on an undeclared named port: use a declared port (names first, else numbers). */
function probePortFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf(path);
  if (container === undefined || object === undefined) return [];
  const current = String(jsonAt(object, path) ?? '');
  const ports = objectItemsAt(jsonAt(object, container), 'ports');
  const names = ports.map(([, p]) => strAt(p, 'name') ?? '').filter((n) => n !== '');
  const near = closestMatch(current, names);
  if (names.length > 0) {
    return byCloseness(current, names).slice(0, MAX_CHOICES).flatMap((n): Fix[] => {
      const edit = setScalar(snapshot, doc, path, n, 'keep');
      return edit === undefined ? [] : [{ id: 'use-declared-port', title: `Use the port "${n}"`, edits: [edit], preferred: n === near || names.length === 1 }];
    });
  }
  const numbers = ports.map(([, p]) => prop(p, 'containerPort')).filter((n): n is number => typeof n === 'number');
  return numbers.slice(0, MAX_CHOICES).flatMap((n): Fix[] => {
    const edit = setScalar(snapshot, doc, path, n, 'plain');
    return edit === undefined ? [] : [{ id: 'use-declared-port', title: `Use the port ${n}`, edits: [edit], preferred: numbers.length === 1 }];
  });
}

/** Largest DNS label length: names get a suffix only while they stay within it. */
const MAX_NAME_LENGTH = 63;

/** A duplicate container, port or volume name: rename it with the first free `-2`, `-3`, ... suffix. */
function duplicateNameFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  if (object === undefined || path[path.length - 1] !== 'name' || typeof path[path.length - 2] !== 'number') return [];
  const listPath = path.slice(0, -2);
  const listKey = listPath[listPath.length - 1];
  const name = strAt(jsonAt(object, path.slice(0, -1)), 'name');
  if (name === undefined || name === '') return [];
  const lists = listKey === 'containers' || listKey === 'initContainers' || listKey === 'ephemeralContainers' ? ['containers', 'initContainers', 'ephemeralContainers'].map((k) => [...listPath.slice(0, -1), k]) : [listPath];
  const taken = new Set(lists.flatMap((l) => { const v = jsonAt(object, l); return Array.isArray(v) ? v.map((x) => strAt(x, 'name') ?? '') : []; }));
  const stem = name.replace(/-\d+$/, '');
  for (let n = 2; n < 1000; n++) {
    const candidate = `${stem.slice(0, MAX_NAME_LENGTH - String(n).length - 1)}-${n}`;
    if (taken.has(candidate)) continue;
    const edit = setScalar(snapshot, doc, path, candidate, 'keep');
    return edit === undefined ? [] : [{ id: 'rename-unique', title: `Rename to "${candidate}"`, edits: [edit], preferred: true }];
  }
  return [];
}

/** Probes or lifecycle hooks on a regular init container: remove them, or make the container a sidecar (1.29+). */
function initContainerFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object, ctx } = input;
  const container = containerPathOf(path);
  const field = path[path.length - 1];
  if (container === undefined || object === undefined || typeof field !== 'string' || path.length !== container.length + 1) return [];
  const fixes: Fix[] = [];
  const name = strAt(jsonAt(object, container), 'name') ?? '';
  if (field !== 'resizePolicy' && atLeast(targetVersion(ctx.rules), 1, 29)) {
    const edit = setFieldValue(snapshot, doc, [...container, 'restartPolicy'], 'Always');
    if (edit !== undefined) fixes.push({ id: 'make-sidecar', title: `Make "${name}" a sidecar container (restartPolicy: Always)`, edits: [edit], preferred: true });
  }
  const remove = removeNode(snapshot, doc, path);
  if (remove !== undefined) fixes.push({ id: 'remove-field', title: `Remove "${field}"`, edits: [remove], preferred: fixes.length === 0 });
  return fixes;
}

/** Job templates: set restartPolicy to each of `values` (the first one is preferred and safe). */
function restartPolicyFixes(input: FixInput, values: readonly string[]): Fix[] {
  const { snapshot, doc, path, diagnostic } = input;
  const specPath = path[path.length - 1] === 'restartPolicy' ? path.slice(0, -1) : path;
  // The values the finding allows (`only "Never" is supported when podFailurePolicy is specified`), in `values`' order.
  const supported = diagnostic.details?.supported;
  const allowed = supported !== undefined ? values.filter((v) => supported.includes(v)) : values;
  return allowed.flatMap((v, i): Fix[] => {
    const edit = setFieldValue(snapshot, doc, [...specPath, 'restartPolicy'], v);
    return edit === undefined ? [] : [{ id: v === 'Never' ? 'set-restart-policy-never' : 'set-restart-policy-on-failure', title: `Set restartPolicy to ${v}`, edits: [edit], preferred: i === 0, safe: i === 0 && v === 'Never' }];
  });
}

/** Requests above limits: raise the limit to the request, or lower the request to the limit. */
function requestLimitFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const resource = path[path.length - 1];
  if (resource === undefined || typeof resource === 'number' || path[path.length - 2] !== 'requests') return [];
  const name = segmentKey(resource);
  const limitPath: FieldPath = [...path.slice(0, -2), 'limits', { key: String(name) }];
  const request = nodeAt(doc, path);
  const limit = nodeAt(doc, limitPath);
  if (!isScalar(request) || !isScalar(limit)) return [];
  // The other quantity is copied as written (`"2"`, `500m`, `0.5`), so its form stays the user's.
  const copy = (from: FieldPath, to: FieldPath): TextEdit | undefined => {
    const text = sourceText(snapshot, doc, from);
    const range = nodeRange(doc, to, 'value');
    return text === undefined || range === undefined ? undefined : { range, newText: text };
  };
  const shown = (n: typeof request): string => String(n.value);
  const fixes: Fix[] = [];
  const raise = copy(path, limitPath);
  if (raise !== undefined) fixes.push({ id: 'raise-limit', title: `Raise the ${name} limit to ${shown(request)}`, edits: [raise], preferred: true });
  const lower = copy(limitPath, path);
  if (lower !== undefined) fixes.push({ id: 'lower-request', title: `Lower the ${name} request to ${shown(limit)}`, edits: [lower] });
  return fixes;
}

// ---------------------------------------------------------------------------------------------------------
// Best practices

/** The tag written by "pin the image tag": a placeholder the user replaces with a real version. */
export const PLACEHOLDER_TAG = 'x.y.z';

/** `:latest` or no tag: pin a placeholder tag. */
function imageTagFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf(path);
  if (container === undefined || object === undefined) return [];
  const imagePath: FieldPath = [...container, 'image'];
  const image = strAt(jsonAt(object, container), 'image')?.trim();
  if (image === undefined || image === '' || image.includes('@')) return [];
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repo = colon > slash ? image.slice(0, colon) : image;
  const pinned = `${repo}:${PLACEHOLDER_TAG}`;
  const edit = setScalar(snapshot, doc, imagePath, pinned, 'keep');
  return edit === undefined ? [] : [{ id: 'pin-image-tag', title: `Pin the image tag (${pinned}: replace ${PLACEHOLDER_TAG} with a version)`, edits: [edit], preferred: true }];
}

/** Placeholder requests (or the limits, where set: requests above limits are rejected). */
const DEFAULT_REQUESTS: Readonly<Record<string, string>> = { cpu: '100m', memory: '128Mi' };

/** No CPU or memory requests: add them. */
function resourceRequestFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf(path) ?? (typeof path[path.length - 1] === 'number' ? path : undefined);
  if (container === undefined || object === undefined) return [];
  const resources = jsonAt(object, [...container, 'resources']);
  const requests = objAt(resources, 'requests');
  const limits = objAt(resources, 'limits');
  const add: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(DEFAULT_REQUESTS)) if (prop(requests, k) === undefined) add[k] = prop(limits, k) ?? v;
  if (Object.keys(add).length === 0) return [];
  const edits = addEntries(snapshot, doc, [...container, 'resources', 'requests'], add);
  const text = Object.entries(add).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return edits === undefined || edits.length === 0 ? [] : [{ id: 'add-resource-requests', title: `Add resource requests (${text})`, edits, preferred: true }];
}

/** No readiness (or liveness) probe: add a skeleton probing the container's first port. */
function probeSkeletonFixes(input: FixInput, field: 'readinessProbe' | 'livenessProbe'): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf([...path, 'x']) ?? containerPathOf(path);
  if (container === undefined || object === undefined || mapKeys(doc, container).includes(field)) return [];
  const first = objectItemsAt(jsonAt(object, container), 'ports')[0]?.[1];
  const port = strAt(first, 'name') ?? prop(first, 'containerPort') ?? 8080;
  const probe = first === undefined
    ? { httpGet: { path: '/healthz', port }, initialDelaySeconds: 5, periodSeconds: 10 }
    : { tcpSocket: { port }, initialDelaySeconds: 5, periodSeconds: 10 };
  const edit = insertField(snapshot, doc, container, field, probe);
  return edit === undefined ? [] : [{ id: field === 'readinessProbe' ? 'add-readiness-probe' : 'add-liveness-probe', title: `Add a ${field}`, edits: [edit], preferred: true }];
}

/** The container fields of the Pod Security Standards' restricted profile. */
const RESTRICTED_SECURITY_CONTEXT: Readonly<Record<string, unknown>> = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** No securityContext, root, privilege escalation: add the restricted profile's fields the container lacks. */
function securityContextFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf([...path, 'x']) ?? containerPathOf(path);
  if (container === undefined || object === undefined) return [];
  const scPath: FieldPath = [...container, 'securityContext'];
  const sc = jsonAt(object, scPath);
  const edits: TextEdit[] = [];
  const add: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(RESTRICTED_SECURITY_CONTEXT)) {
    const cur = prop(sc, k);
    if (cur === undefined || cur === null) add[k] = v;
    else if (typeof v === 'boolean' && cur !== v) {
      const e = setScalar(snapshot, doc, [...scPath, k], v, 'plain');
      if (e !== undefined) edits.push(e);
    }
  }
  if (prop(sc, 'runAsUser') === 0) {
    const e = setScalar(snapshot, doc, [...scPath, 'runAsUser'], 1000, 'plain');
    if (e !== undefined) edits.push(e);
  }
  const added = addEntries(snapshot, doc, scPath, add);
  if (added === undefined) return [];
  const all = [...edits, ...added];
  return all.length === 0 ? [] : [{ id: 'add-restricted-security-context', title: 'Add a restricted securityContext', edits: all, preferred: true }];
}

/** No memory limit: add one (the memory request where set, so the limit is not below it). */
function memoryLimitFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path, object } = input;
  const container = containerPathOf([...path, 'x']) ?? containerPathOf(path);
  if (container === undefined || object === undefined) return [];
  const resources = jsonAt(object, [...container, 'resources']);
  if (prop(objAt(resources, 'limits'), 'memory') !== undefined) return [];
  const memory = prop(objAt(resources, 'requests'), 'memory') ?? '256Mi';
  const edits = addEntries(snapshot, doc, [...container, 'resources', 'limits'], { memory });
  return edits === undefined || edits.length === 0 ? [] : [{ id: 'add-memory-limit', title: `Add a memory limit (${String(memory)})`, edits, preferred: true }];
}

/** Sets one field of the container's securityContext (creating it when absent). */
function securityContextFieldFix(input: FixInput, id: FixId, field: string, value: boolean, title: string): Fix[] {
  const { snapshot, doc, path } = input;
  const container = containerPathOf([...path, 'x']) ?? containerPathOf(path);
  if (container === undefined) return [];
  const fieldPath: FieldPath = [...container, 'securityContext', field];
  const edits = nodeAt(doc, fieldPath) !== undefined ? [setFieldValue(snapshot, doc, fieldPath, value)] : addEntries(snapshot, doc, [...container, 'securityContext'], { [field]: value });
  const defined = edits?.filter((e): e is TextEdit => e !== undefined) ?? [];
  return defined.length === 0 ? [] : [{ id, title: `${title} (${field}: ${String(value)})`, edits: defined, preferred: true }];
}

/** `hostNetwork: true` and friends: remove the field. */
function removeFlagFixes(input: FixInput): Fix[] {
  const { snapshot, doc, path } = input;
  const field = path[path.length - 1];
  const edit = removeNode(snapshot, doc, path);
  return edit === undefined || typeof field !== 'string' ? [] : [{ id: 'remove-field', title: `Remove "${field}"`, edits: [edit], preferred: true }];
}

// ---------------------------------------------------------------------------------------------------------
// Pod Security

/** The text edits of a plan: each step applied to the text the previous ones produced, then diffed with the original. */
function applyPlan(snapshot: Snapshot, documentIndex: number, plan: readonly PlanStep[]): TextEdit[] {
  let current = snapshot;
  for (const step of plan) {
    const doc = current.documents[documentIndex];
    if (doc === undefined) break;
    const edit = planStepEdit(current, doc, step);
    if (edit === undefined) continue;
    current = createSnapshot(snapshot.uri, snapshot.version, applyEdits(current.text, [edit]));
  }
  return current === snapshot ? [] : diffEdits(snapshot.text, current.text);
}

function planStepEdit(snapshot: Snapshot, doc: YamlDocument, step: PlanStep): TextEdit | undefined {
  if (step.op === 'remove') return removeNode(snapshot, doc, step.path);
  if (step.op === 'append') return appendItem(snapshot, doc, step.path, step.value);
  if (nodeAt(doc, step.path) !== undefined) {
    const v = step.value;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? setScalar(snapshot, doc, step.path, v, 'plain') : setValue(snapshot, doc, step.path, v);
  }
  const last = step.path[step.path.length - 1];
  if (last === undefined || typeof last === 'number') return undefined;
  return insertField(snapshot, doc, step.path.slice(0, -1), String(segmentKey(last)), step.value);
}

/**
 * `pod-security` and `pod-security-pods-rejected`: the fixes the finding names (set allowPrivilegeEscalation: false,
 * drop ALL, runAsNonRoot and seccompProfile at pod level, remove forbidden capabilities, hostPath volumes, host
 * namespaces, privileged), and "Make this Pod restricted", preferred, which applies all of them.
 */
function podSecurityFixes(input: FixInput): Fix[] {
  const { snapshot, doc, object, diagnostic, ctx } = input;
  if (object === undefined) return [];
  const pod = psaPodOf({ kind: object.kind, apiVersion: object.apiVersion, object: object.value, basePath: object.basePath }, apiserverMinor(targetVersion(ctx.rules)));
  if (pod === undefined) return [];
  const restricted = diagnostic.details?.podSecurityLevel === 'restricted';
  const out: Fix[] = [];
  // "Make this Pod restricted" first: a single fix with the same edits is then left out as a duplicate of it.
  const ids = [...diagnostic.fixIds].sort((a, b) => Number(b === 'pod-security-restricted') - Number(a === 'pod-security-restricted'));
  for (const id of ids) {
    if (!isPodSecurityFixId(id)) continue;
    const edits = applyPlan(snapshot, doc.index, podSecurityPlan(pod, id, restricted));
    if (edits.length > 0) out.push({ id, title: POD_SECURITY_FIX_TITLES[id], edits, ...(id === 'pod-security-restricted' ? { preferred: true } : {}) });
  }
  return out;
}

