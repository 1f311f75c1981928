/**
 * `podls check` analyses a large file window by window (cli/check-workers.ts `analyseInput`, document/snapshot.ts
 * `snapshotWindows`) so that only one window's syntax trees are alive at a time; its findings and cross-file facts
 * must equal those of analysing the whole file at once.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ANALYSIS_WINDOW_CHARS, analyseInput, packFindings, toCheckFindings, unpackFindings } from '../../server/src/cli/check-workers';
import type { AnalysedFile, CheckFinding } from '../../server/src/cli/check-workers';
import { createSnapshot, snapshotOfDocuments, snapshotWindows } from '../../server/src/document/snapshot';
import { splitChunks } from '../../server/src/document/parse';
import { crossFileFindings, placeCrossFileFindings } from '../../server/src/features/cross-file';
import { analyseFile } from '../../server/src/features/batch';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { REPO_ROOT } from '../harness/shared';

/** Examples and fixtures (YAML errors, rule findings, suppressions, references, Lists) repeated past `size`. */
function largeFile(size: number): string {
  const dirs = [path.join(REPO_ROOT, 'examples'), path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), path.join(REPO_ROOT, 'test', 'fixtures', 'code-action')];
  const texts = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.yaml')).sort().map((f) => fs.readFileSync(path.join(d, f), 'utf8')));
  // A suppression on the first line of a document (the line above is the previous document's last line).
  texts.push('# podls-ignore image-tag-latest\napiVersion: v1\nkind: Pod\nmetadata:\n  name: quiet\nspec:\n  containers:\n    - name: c\n      image: nginx:latest # podls-ignore\n');
  const parts: string[] = [];
  for (let i = 0, length = 0; length < size; i++) {
    const part = `---\n${(texts[i % texts.length] ?? '').replace(/^---\n/, '')}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** `analysed` without the chunk counts of a windowed analysis (a whole-file analysis has none). */
function withoutChunks(analysed: AnalysedFile): AnalysedFile {
  const { chunkDocuments: _counts, ...rest } = analysed;
  void _counts;
  return rest;
}

describe('podls check: a large file in windows', function () {
  let ctx: AnalysisContext;
  before(function () {
    const loaded = loadSchemaIndex(DEFAULT_SETTINGS);
    if (loaded.errors.length > 0) {
      process.stdout.write(`      (skipped: ${loaded.errors.join('; ')}; run npm run build)\n`);
      this.skip();
    }
    ctx = analysisContext(loaded.index, { ...DEFAULT_SETTINGS, bestPractices: true });
  });

  it('gives the documents of the whole snapshot, window by window, with their file indices and offsets', () => {
    const text = largeFile(3 * 64 * 1024);
    const whole = createSnapshot('file:///w.yaml', 0, text);
    const windows = [...snapshotWindows('file:///w.yaml', 0, text, 64 * 1024)];
    assert.ok(windows.length >= 3, `${windows.length} windows`);
    const shape = (d: (typeof whole.documents)[number]): unknown => [d.index, d.offset, d.range, d.kind, d.value, d.errors, d.warnings];
    assert.deepStrictEqual(windows.flatMap((w) => w.documents.map(shape)), whole.documents.map(shape));
    for (const w of windows) assert.strictEqual(w.text, text);
  });

  /** The whole file's report in `podls check`'s form. */
  function wholeFile(text: string, c: AnalysisContext): AnalysedFile {
    const snapshot = createSnapshot('big.yaml', 0, text);
    const report = analyseFile(snapshot, c);
    return {
      findings: toCheckFindings('big.yaml', snapshot.lineIndex, report.diagnostics),
      facts: report.facts,
      podSecurity: report.podSecurity.map((r) => ({ object: r.object, findings: toCheckFindings('big.yaml', snapshot.lineIndex, r.findings) })),
    };
  }

  it('finds what analysing the whole file finds: findings (suppressions included) and cross-file facts', () => {
    const text = largeFile(ANALYSIS_WINDOW_CHARS * 2.5);
    const expected = wholeFile(text, ctx);
    const windowed = analyseInput({ name: 'big.yaml', text }, ctx);
    assert.ok(expected.findings.length > 100, `${expected.findings.length} findings`);
    // The suppressed lines are in several windows, and suppressed in all of them.
    const lines = text.split('\n');
    const suppressed = lines.flatMap((l, i) => (l.includes('nginx:latest # podls-ignore') ? [i] : []));
    assert.ok(suppressed.length > 3 && suppressed[suppressed.length - 1]! > lines.length / 2);
    assert.ok(!expected.findings.some((f) => suppressed.includes(f.range.start.line)));
    assert.ok(expected.facts.references.length > 0 && expected.facts.objects.length > 100);
    assert.deepStrictEqual(withoutChunks(windowed), expected);
  });

  it('places its cross-file findings from the documents they are about, as from a parse of the whole file', () => {
    const text = largeFile(ANALYSIS_WINDOW_CHARS * 2.5);
    const windowed = analyseInput({ name: 'big.yaml', text }, ctx);
    assert.ok(windowed.chunkDocuments !== undefined);
    const found = crossFileFindings([windowed.facts], ctx).byUri.get('big.yaml');
    assert.ok(found !== undefined && found.workspace.length > 10, `${found?.workspace.length ?? 0} workspace findings`);
    const view = { text, lineIndex: createSnapshot('big.yaml', 0, '').lineIndex };
    const wanted = new Set(found.workspace.map((f) => f.documentIndex));
    const partial = snapshotOfDocuments('big.yaml', 0, text, windowed.chunkDocuments, wanted);
    assert.ok(partial !== undefined);
    assert.ok(partial.chunks.length < splitChunks(text)!.length, 'some documents are not parsed again');
    const whole = createSnapshot('big.yaml', 0, text);
    assert.deepStrictEqual(
      placeCrossFileFindings({ ...view, lineIndex: whole.lineIndex }, found, () => partial),
      placeCrossFileFindings({ ...view, lineIndex: whole.lineIndex }, found, () => whole),
    );
  });

  it('with a configured Pod Security policy: the same findings per object, object indices counted over the whole file', () => {
    const configured = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true, podSecurity: { enforce: 'restricted' } });
    const text = largeFile(ANALYSIS_WINDOW_CHARS * 2.5);
    const expected = wholeFile(text, configured);
    const windowed = analyseInput({ name: 'big.yaml', text }, configured);
    assert.ok(expected.podSecurity.length > 20, `${expected.podSecurity.length} objects with Pod Security findings`);
    const last = expected.podSecurity[expected.podSecurity.length - 1];
    assert.ok(last !== undefined && expected.facts.objects[last.object]?.documentIndex === last.findings[0]?.document, 'indices name the objects of the findings');
    assert.ok(last.findings[0]!.range.start.line > text.split('\n').length / 2, 'the last object is in a later window');
    assert.deepStrictEqual(withoutChunks(windowed), expected);
  });

  it('findings cross from workers packed and come back equal, property order included (as --output json prints them)', () => {
    const configured = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true, podSecurity: { enforce: 'restricted' } });
    const analysed = wholeFile(largeFile(64 * 1024), configured);
    const extra: CheckFinding[] = [
      { file: 'big.yaml', document: 3, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, severity: 'information', code: 'x', message: 'ünïcode "quoted"\nline', rendered: 'stdin', object: 'Pod/p' },
      { file: 'big.yaml', document: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'hint', code: 'y', message: '', errorType: 'TooLong', related: [] },
    ];
    const all = [...analysed.findings, ...analysed.podSecurity.flatMap((r) => r.findings), ...extra];
    assert.ok(all.some((f) => (f.related?.length ?? 0) > 1) && all.some((f) => f.errorType !== undefined) && all.some((f) => f.fieldPath !== undefined));
    const back = unpackFindings('big.yaml', packFindings(all));
    assert.strictEqual(JSON.stringify(back, null, 2), JSON.stringify(all, null, 2));
    assert.deepStrictEqual(unpackFindings('big.yaml', packFindings([])), []);
  });
});
