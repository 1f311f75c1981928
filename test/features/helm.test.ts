/**
 * Helm chart templates (issue 11 §1): the fixture chart test/fixtures/helm/webapp is analysed on its masked view.
 * Diagnostics: only what no rendering can change; hover, completion and document symbols on the static
 * structure; no lifecycle lens.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { complete } from '../../server/src/features/completion';
import { diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { lifecycleLenses, lifecycleTimeline } from '../../server/src/features/lifecycle';
import { definition } from '../../server/src/features/navigation/definition';
import { documentSymbols } from '../../server/src/features/navigation/document-symbol';
import { REPO_ROOT } from '../harness/shared';
import { defaultContext } from './fixtures';

const CHART = path.join(REPO_ROOT, 'test', 'fixtures', 'helm', 'webapp');

function template(name: string): Snapshot {
  const file = path.join(CHART, 'templates', name);
  return createSnapshot(`file://${file}`, 1, fs.readFileSync(file, 'utf8'));
}

/** The offset just inside the first occurrence of `needle` (plus `delta`). */
function at(snapshot: Snapshot, needle: string, delta = 1): number {
  const i = snapshot.text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the fixture`);
  return i + delta;
}

describe('features on Helm templates', function () {
  let ctx: AnalysisContext;
  before(function () {
    ctx = defaultContext(this);
  });

  it('reports nothing on templates whose literals are right', () => {
    for (const name of ['deployment.yaml', 'service.yaml']) {
      const list = diagnose(template(name), ctx);
      assert.deepStrictEqual(list.map((d) => `${d.code}: ${d.message}`), [], name);
    }
  });

  it('reports a misspelt literal field and enum value', () => {
    const snapshot = template('job-mistakes.yaml');
    const shown = diagnose(snapshot, ctx).map((d) => `${d.code} ${d.fieldPath ?? ''} @${snapshot.text.slice(d.range.start, d.range.end)}`);
    assert.deepStrictEqual(shown, [
      'unsupported-value spec.template.spec.containers[0].imagePullPolicy @IfNotPresnt',
      'unknown-field spec.template.spec.containers[0].comand @comand',
    ]);
  });

  it('hovers static keys like kubectl explain', () => {
    const snapshot = template('deployment.yaml');
    const info = hover(snapshot, at(snapshot, 'containerPort'), ctx.schema);
    assert.ok(info !== undefined);
    assert.match(info.markdown, /\*\*FIELD\*\*: `containerPort` `<integer>`/);
    assert.strictEqual(snapshot.text.slice(info.range.start, info.range.end), 'containerPort');
    const labels = hover(snapshot, at(snapshot, '      labels:', 8), ctx.schema);
    assert.match(labels?.markdown ?? '', /`labels` `<map\[string\]string>`/);
  });

  it('completes field names under a static key', () => {
    const base = template('deployment.yaml');
    const cursorText = base.text.replace('          ports:\n', '          ports:\n          liv\n');
    const snapshot = createSnapshot(base.uri, 2, cursorText);
    const offset = cursorText.indexOf('          liv\n') + '          liv'.length;
    const labels = complete(snapshot, offset, ctx.schema).map((c) => c.label);
    assert.ok(labels.includes('livenessProbe'), labels.join(', '));
  });

  it('outlines the static structure with names as written', () => {
    const symbols = documentSymbols(template('deployment.yaml'));
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.children.map((c) => `${c.kind} ${c.name} ${c.detail ?? ''}`)]),
      [
        [
          'Deployment {{ include "webapp.fullname" . }}',
          ['container {{ .Chart.Name }} {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}', 'volume cache emptyDir'],
        ],
      ],
    );
  });

  it('navigates from a literal volume mount name to its volume', () => {
    const snapshot = template('deployment.yaml');
    const mount = snapshot.text.indexOf('- name: cache') + '- name: ca'.length;
    const found = definition([snapshot], snapshot, mount);
    const volume = snapshot.text.lastIndexOf('- name: cache') + '- name: '.length;
    assert.deepStrictEqual(
      found.map((l) => [l.range.start, snapshot.text.slice(l.range.start, l.range.end)]),
      [[volume, 'cache']],
    );
  });

  it('offers no lifecycle preview on a template, and says why when asked', () => {
    const snapshot = template('deployment.yaml');
    assert.deepStrictEqual(lifecycleLenses(snapshot), []);
    const answer = lifecycleTimeline(snapshot, 0, undefined);
    assert.ok('error' in answer && /Helm template/.test(answer.error), JSON.stringify(answer).slice(0, 200));
  });
});
