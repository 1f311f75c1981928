/**
 * `podls check` on several cores: worker threads of the same bundle analyse batches of files
 * (`analyseInput`: parse, diagnose, positions, cross-file facts) while the main thread hands out batches and
 * collects the results in input order; the cross-file rules then run on the main thread (cli/check.ts).
 * A worker gets the schema model and rule options once (`workerData`); each message carries files' texts, each
 * answer their {@link AnalysedFile}s (plain data, structured-cloned). Used only from the bundle (`out/dist/podls.js`),
 * which is both the CLI and the worker script; tests of `main(argv, io)` analyse in-process.
 */
import { Worker, parentPort, workerData } from 'worker_threads';
import { createSnapshot, snapshotWindows } from '../document/snapshot';
import type { LineIndex } from '../document/line-index';
import { analyseFile } from '../features/batch';
import type { AnalyseOptions, ObjectFindings } from '../features/batch';
import type { CrossFileFacts } from '../features/cross-file';
import type { FileRole } from '../features/kustomize';
import type { AnalysisContext, DiagnosticInfo } from '../features/diagnostics';
import { planPodSecurity } from '../rules/engine';
import type { PodSecurityPlan, RuleOptions } from '../rules/engine';
import type { ErrorType, Severity } from '../rules/rule';
import { createSchemaIndex } from '../schema/lookup';
import type { SchemaModel } from '../schema/model';
import type { OffsetRange } from '../util/range';

/** One finding as `--output json` prints it. Positions are 0-based lines and UTF-16 characters (LSP). */
export interface CheckFinding {
  readonly file: string;
  /** 0-based index of the YAML document in the file. */
  readonly document: number;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fieldPath?: string;
  readonly errorType?: ErrorType;
  /**
   * For rendered Helm output (`helm template ... | podls check -`): the input the finding was found in, whose
   * lines `range` counts; `file` is then the template named by the document's `# Source:` comment (cli/helm-source.ts).
   */
  readonly rendered?: string;
  /** The object the finding belongs to, `Kind/name` (`Deployment/web`); absent outside Kubernetes objects. */
  readonly object?: string;
  /** Other places of the same file the finding is about (each offending field of a `pod-security` finding). */
  readonly related?: readonly CheckRelated[];
}

/** A related place of a {@link CheckFinding}: 0-based positions like `range`. */
export interface CheckRelated {
  readonly range: CheckFinding['range'];
  readonly message: string;
}

/** A file to check: `name` is how output shows it (and its URI in the analysis). */
export interface CheckInput {
  readonly name: string;
  readonly text: string;
  /** Its kustomize role and deployment units (`features/kustomize.ts` `fileRole`); absent: a plain file. */
  readonly role?: FileRole;
}

/**
 * What analysing one file gives `podls check`: its own findings (with positions), its cross-file facts and the
 * configured Pod Security policy's findings per object (`FileReport.podSecurity`, with positions).
 */
export interface AnalysedFile {
  readonly findings: readonly CheckFinding[];
  readonly facts: CrossFileFacts;
  readonly podSecurity: readonly ObjectFindings<CheckFinding>[];
  /**
   * For a file analysed in windows: how many documents each chunk of its text held (`snapshotOfDocuments`), so that
   * its cross-file findings are placed by parsing only the documents they are about.
   */
  readonly chunkDocuments?: Int32Array;
}

/** Converts diagnostics (file offsets) of the file `name` into {@link CheckFinding}s, with `lineIndex` of its text. */
export function toCheckFindings(name: string, lineIndex: LineIndex, diagnostics: readonly DiagnosticInfo[]): CheckFinding[] {
  const range = (r: OffsetRange): CheckFinding['range'] => ({ start: lineIndex.positionAt(r.start), end: lineIndex.positionAt(r.end) });
  return diagnostics.map((d) => {
    // Optional properties are assigned in `--output json`'s order, not spread from temporary objects (tens of
    // thousands of findings per run).
    const f: Mutable<CheckFinding> = { file: name, document: d.documentIndex, range: range(d.range), severity: d.severity, code: d.code, message: d.message };
    if (d.fieldPath !== undefined) f.fieldPath = d.fieldPath;
    if (d.errorType !== undefined) f.errorType = d.errorType;
    if (d.object !== undefined) f.object = d.object;
    if (d.related !== undefined) f.related = d.related.map((r) => ({ range: range(r.range), message: r.message }));
    return f;
  });
}

/** A type's properties without `readonly`, for building a value property by property. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Files above this many UTF-16 code units are parsed and analysed a window of documents of this size at a time
 * (`snapshotWindows`): the syntax trees of a 5 MB file take about 130 MB, those of one window a fiftieth of that.
 */
export const ANALYSIS_WINDOW_CHARS = 256 * 1024;

/**
 * Analyses one file (`options`; `plan`: `analyseFile`'s `podSecurity`); its syntax trees are garbage once this returns (a
 * large file's, window by window). The results equal those of analysing the whole snapshot at once. Never throws.
 */
export function analyseInput(input: CheckInput, ctx: AnalysisContext, options: AnalyseOptions = {}, plan?: PodSecurityPlan): AnalysedFile {
  if (input.text.length <= ANALYSIS_WINDOW_CHARS) {
    const snapshot = createSnapshot(input.name, 0, input.text);
    const report = analyseFile(snapshot, ctx, input.role, options, plan);
    return {
      findings: toCheckFindings(input.name, snapshot.lineIndex, report.diagnostics),
      facts: report.facts,
      podSecurity: report.podSecurity.map((r) => ({ object: r.object, findings: toCheckFindings(input.name, snapshot.lineIndex, r.findings) })),
    };
  }
  const findings: CheckFinding[] = [];
  const podSecurity: ObjectFindings<CheckFinding>[] = [];
  const facts: {
    objects: CrossFileFacts['objects'][number][];
    definitions: string[];
    references: CrossFileFacts['references'][number][];
    units?: readonly string[];
  } = { objects: [], definitions: [], references: [] };
  const chunkDocuments: number[] = [];
  for (const window of snapshotWindows(input.name, 0, input.text, ANALYSIS_WINDOW_CHARS)) {
    for (const chunk of window.chunks) chunkDocuments.push(chunk.parsed.length);
    const report = analyseFile(window, ctx, input.role, options, plan);
    for (const f of toCheckFindings(input.name, window.lineIndex, report.diagnostics)) findings.push(f);
    // The window's object indices count from its first object.
    for (const r of report.podSecurity) podSecurity.push({ object: facts.objects.length + r.object, findings: toCheckFindings(input.name, window.lineIndex, r.findings) });
    for (const o of report.facts.objects) facts.objects.push(o);
    for (const d of report.facts.definitions) facts.definitions.push(d);
    for (const r of report.facts.references) facts.references.push(r);
    if (report.facts.units !== undefined) facts.units = report.facts.units;
  }
  return { findings, facts: { uri: input.name, ...facts }, podSecurity, chunkDocuments: Int32Array.from(chunkDocuments) };
}

/**
 * {@link CheckFinding}s as a worker sends them: the numbers in one typed array and each distinct string once.
 * Structured clone copies these several times faster than as many small objects, on the main thread, which
 * otherwise spends that time while the workers wait; findings of many objects share their rule id, field path and
 * often their message (a Pod Security warning names no object), which are then copied once. Per finding, `numbers`
 * holds document, start line, start character, end line, end character, severity (index in {@link SEVERITIES}), the
 * number of related places (-1: none), then the indices in `strings` of code, message, fieldPath, errorType, rendered
 * and object (-1 when absent), then per related place its range (4 numbers) and the index of its message.
 */
export interface PackedFindings {
  readonly numbers: Int32Array;
  /** The distinct strings of the findings, in order of first use. */
  readonly strings: readonly string[];
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Every {@link ErrorType}: a key missing here does not compile. */
const ERROR_TYPES: Readonly<Record<ErrorType, true>> = {
  Required: true,
  Invalid: true,
  NotSupported: true,
  Duplicate: true,
  Forbidden: true,
  NotFound: true,
  TooLong: true,
  TooMany: true,
  TypeInvalid: true,
  UnknownField: true,
  DuplicateField: true,
  Internal: true,
};

function isErrorType(s: string | undefined): s is ErrorType {
  return s !== undefined && Object.prototype.hasOwnProperty.call(ERROR_TYPES, s);
}

/** Packs the findings of one file (see {@link PackedFindings}); {@link unpackFindings} gives them back. */
export function packFindings(findings: readonly CheckFinding[]): PackedFindings {
  const numbers: number[] = [];
  const strings: string[] = [];
  const indices = new Map<string, number>();
  const ref = (value: string | undefined): void => {
    if (value === undefined) {
      numbers.push(-1);
      return;
    }
    let index = indices.get(value);
    if (index === undefined) {
      index = strings.length;
      strings.push(value);
      indices.set(value, index);
    }
    numbers.push(index);
  };
  const range = (r: CheckFinding['range']): void => {
    numbers.push(r.start.line, r.start.character, r.end.line, r.end.character);
  };
  for (const f of findings) {
    numbers.push(f.document);
    range(f.range);
    numbers.push(SEVERITIES.indexOf(f.severity), f.related === undefined ? -1 : f.related.length);
    ref(f.code);
    ref(f.message);
    ref(f.fieldPath);
    ref(f.errorType);
    ref(f.rendered);
    ref(f.object);
    for (const r of f.related ?? []) {
      range(r.range);
      ref(r.message);
    }
  }
  return { numbers: Int32Array.from(numbers), strings };
}

/**
 * The findings of the file `file` that {@link packFindings} packed, equal to the packed ones (the same properties, in
 * the same order, so `--output json` prints them alike).
 */
export function unpackFindings(file: string, packed: PackedFindings): CheckFinding[] {
  const { numbers: n, strings: s } = packed;
  const out: CheckFinding[] = [];
  let i = 0;
  const range = (): CheckFinding['range'] => {
    const r = { start: { line: n[i] ?? 0, character: n[i + 1] ?? 0 }, end: { line: n[i + 2] ?? 0, character: n[i + 3] ?? 0 } };
    i += 4;
    return r;
  };
  const str = (): string | undefined => {
    const index = n[i++] ?? -1;
    return index < 0 ? undefined : s[index];
  };
  while (i < n.length) {
    const document = n[i++] ?? 0;
    const at = range();
    const severity = SEVERITIES[n[i++] ?? 0] ?? 'error';
    const relatedCount = n[i++] ?? -1;
    const code = str() ?? '';
    const message = str() ?? '';
    const fieldPath = str();
    const errorType = str();
    const rendered = str();
    const object = str();
    let related: CheckRelated[] | undefined;
    if (relatedCount >= 0) {
      related = [];
      for (let k = 0; k < relatedCount; k++) related.push({ range: range(), message: str() ?? '' });
    }
    const f: Mutable<CheckFinding> = { file, document, range: at, severity, code, message };
    if (fieldPath !== undefined) f.fieldPath = fieldPath;
    if (isErrorType(errorType)) f.errorType = errorType;
    if (rendered !== undefined) f.rendered = rendered;
    if (object !== undefined) f.object = object;
    if (related !== undefined) f.related = related;
    out.push(f);
  }
  return out;
}

/** Marks the `workerData` of a check worker. */
const WORKER_TAG = 'podls-check-worker';

interface CheckWorkerData {
  readonly tag: typeof WORKER_TAG;
  readonly model: SchemaModel;
  readonly rules: RuleOptions;
  readonly analyse: AnalyseOptions;
}

/** A batch of files (main -> worker): `index` is the file's position in the input. */
interface BatchMessage {
  readonly files: readonly (CheckInput & { readonly index: number })[];
}

/** The answer to a batch (worker -> main), in the batch's order: each file's {@link AnalysedFile}, findings packed. */
interface ResultMessage {
  readonly results: readonly {
    readonly index: number;
    readonly findings: PackedFindings;
    readonly facts: CrossFileFacts;
    /** `AnalysedFile.podSecurity`: the objects' indices and finding counts, and their findings in that order. */
    readonly podSecurity: { readonly objects: Int32Array; readonly findings: PackedFindings };
    readonly chunkDocuments?: Int32Array;
  }[];
}

/** The worker's form of an {@link AnalysedFile}. */
function packAnalysed(index: number, analysed: AnalysedFile): ResultMessage['results'][number] {
  const objects: number[] = [];
  for (const r of analysed.podSecurity) objects.push(r.object, r.findings.length);
  return {
    index,
    findings: packFindings(analysed.findings),
    facts: analysed.facts,
    podSecurity: { objects: Int32Array.from(objects), findings: packFindings(analysed.podSecurity.flatMap((r) => r.findings)) },
    ...(analysed.chunkDocuments !== undefined ? { chunkDocuments: analysed.chunkDocuments } : {}),
  };
}

/** The {@link AnalysedFile} a worker packed. */
function unpackAnalysed(result: ResultMessage['results'][number]): AnalysedFile {
  const name = result.facts.uri;
  const all = unpackFindings(name, result.podSecurity.findings);
  const podSecurity: ObjectFindings<CheckFinding>[] = [];
  const o = result.podSecurity.objects;
  for (let k = 0, from = 0; k + 1 < o.length; k += 2) {
    const count = o[k + 1] ?? 0;
    podSecurity.push({ object: o[k] ?? 0, findings: all.slice(from, from + count) });
    from += count;
  }
  return { findings: unpackFindings(name, result.findings), facts: result.facts, podSecurity, ...(result.chunkDocuments !== undefined ? { chunkDocuments: result.chunkDocuments } : {}) };
}

function isCheckWorkerData(v: unknown): v is CheckWorkerData {
  return typeof v === 'object' && v !== null && 'tag' in v && v.tag === WORKER_TAG;
}

function isResultMessage(v: unknown): v is ResultMessage {
  return typeof v === 'object' && v !== null && 'results' in v && Array.isArray(v.results);
}

function isBatchMessage(v: unknown): v is BatchMessage {
  return typeof v === 'object' && v !== null && 'files' in v && Array.isArray(v.files);
}

/** True in a thread started by {@link analyseInWorkers}. */
export function isCheckWorker(): boolean {
  return parentPort !== null && isCheckWorkerData(workerData);
}

/** The worker side: builds the analysis context from `workerData` and answers batches until terminated. */
export function runCheckWorker(): void {
  const port = parentPort;
  const data: unknown = workerData;
  if (port === null || !isCheckWorkerData(data)) return;
  const ctx: AnalysisContext = { schema: createSchemaIndex(data.model), rules: data.rules };
  const plan = planPodSecurity(ctx.rules);
  port.on('message', (message: unknown) => {
    if (!isBatchMessage(message)) return;
    const answer: ResultMessage = { results: message.files.map((f) => packAnalysed(f.index, analyseInput(f, ctx, data.analyse, plan))) };
    port.postMessage(answer);
  });
}

/** Worker options: the script (the podls bundle) and how many threads. */
export interface WorkerOptions {
  /** Path of the podls bundle, which runs {@link runCheckWorker} when started as a worker. */
  readonly script: string;
  /** Number of worker threads (>= 1). */
  readonly jobs: number;
  /** How the workers analyse (`analyseInput`'s options). */
  readonly analyse?: AnalyseOptions;
}

/** Files per batch stop growing past this many UTF-16 code units (about 50 Deployments): few messages, even load. */
const BATCH_CHARS = 64 * 1024;

function batches(inputs: readonly CheckInput[]): BatchMessage[] {
  const out: BatchMessage[] = [];
  let files: (CheckInput & { index: number })[] = [];
  let size = 0;
  inputs.forEach((input, index) => {
    files.push({ ...input, index });
    size += input.text.length;
    if (size >= BATCH_CHARS) {
      out.push({ files });
      files = [];
      size = 0;
    }
  });
  if (files.length > 0) out.push({ files });
  return out;
}

/**
 * Analyses `inputs` in up to `options.jobs` worker threads (fewer for few batches); results are in input order, with
 * the number of workers started. Each worker keeps two batches
 * in flight, so it never waits for the main thread. Rejects when a worker fails (cannot start, throws, exits);
 * all workers are terminated either way.
 */
export function analyseInWorkers(inputs: readonly CheckInput[], ctx: AnalysisContext, options: WorkerOptions): Promise<{ analysed: AnalysedFile[]; workers: number }> {
  const queue = batches(inputs);
  const results: (AnalysedFile | undefined)[] = new Array<AnalysedFile | undefined>(inputs.length);
  let pending = inputs.length;
  const data: CheckWorkerData = { tag: WORKER_TAG, model: ctx.schema.model, rules: ctx.rules, analyse: options.analyse ?? {} };
  const workers: Worker[] = [];
  return new Promise<{ analysed: AnalysedFile[]; workers: number }>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else {
        const analysed = results.map((r, i) => r ?? { findings: [], facts: { uri: inputs[i]?.name ?? '', objects: [], definitions: [], references: [] }, podSecurity: [] });
        resolve({ analysed, workers: workers.length });
      }
    };
    const feed = (worker: Worker): void => {
      const next = queue.shift();
      if (next !== undefined) worker.postMessage(next);
    };
    if (pending === 0) {
      finish();
      return;
    }
    const count = Math.max(1, Math.min(options.jobs, queue.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(options.script, { workerData: data });
      workers.push(worker);
      worker.on('message', (message: unknown) => {
        if (!isResultMessage(message)) return;
        for (const r of message.results) {
          if (results[r.index] === undefined) pending--;
          results[r.index] = unpackAnalysed(r);
        }
        if (pending === 0) finish();
        else feed(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (pending > 0) finish(new Error(`a worker thread exited with code ${code} before its files were analysed`));
      });
      feed(worker);
      feed(worker);
    }
  });
}
