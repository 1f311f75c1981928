/**
 * features/diagnostics.ts: how YAML problems, schema findings and rule findings become diagnostics:
 * ranges on one line, suppression comments, one report per path and message, the per-document cache.
 */
import * as assert from 'assert';
import { createSnapshot, updateSnapshot } from '../../server/src/document/snapshot';
import { createDiagnosticsCache, diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext, DiagnosticInfo } from '../../server/src/features/diagnostics';
import { defaultContext } from './fixtures';

function render(text: string, list: readonly DiagnosticInfo[]): string[] {
  return list.map((d) => `${d.code}@${text.slice(d.range.start, d.range.end)}`);
}

describe('features/diagnostics', function () {
  let ctx: AnalysisContext;
  before(function () {
    ctx = defaultContext(this);
  });

  const pod = (extra: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n${extra}`;

  it('reports an enum value once although the schema and the apiserver rule both know it', () => {
    const text = pod('      imagePullPolicy: always\n');
    const list = diagnose(createSnapshot('x', 1, text), ctx);
    assert.deepStrictEqual(render(text, list), ['unsupported-value@always']);
  });

  it('suppresses with # podls-ignore on the line above or at the end of the line', () => {
    const above = pod('      # podls-ignore unsupported-value\n      imagePullPolicy: always\n');
    assert.deepStrictEqual(diagnose(createSnapshot('x', 1, above), ctx), []);
    const inline = pod('      imagePullPolicy: always # podls-ignore\n');
    assert.deepStrictEqual(diagnose(createSnapshot('x', 1, inline), ctx), []);
    const other = pod('      # podls-ignore unknown-field\n      imagePullPolicy: always\n');
    assert.strictEqual(diagnose(createSnapshot('x', 1, other), ctx).length, 1);
  });

  it('keeps a finding on a whole block on its first line', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - image: nginx:1.27\n      ports:\n        - containerPort: 80\n`;
    const list = diagnose(createSnapshot('x', 1, text), ctx).filter((d) => d.code === 'required-field');
    assert.ok(list.length > 0);
    for (const d of list) assert.ok(!text.slice(d.range.start, d.range.end).includes('\n'));
  });

  it('reports duplicate keys with their field path', () => {
    const text = pod('  restartPolicy: Never\n  restartPolicy: Always\n');
    const dup = diagnose(createSnapshot('x', 1, text), ctx).find((d) => d.code === 'duplicate-key');
    assert.strictEqual(dup?.fieldPath, 'spec.restartPolicy');
    assert.strictEqual(dup?.errorType, 'DuplicateField');
  });

  it('re-analyses only the edited document of a 200-document file (counted by the cache)', () => {
    const docs = Array.from({ length: 200 }, (_, i) => pod(`  hostname: h${i}\n`).replace('name: p', `name: p${i}`));
    const text = docs.join('---\n');
    const cache = createDiagnosticsCache(ctx);
    const first = createSnapshot('file:///many.yaml', 1, text);
    diagnose(first, ctx, cache);
    assert.strictEqual(cache.analysed, 200);
    // A keystroke in document 120, which also moves every later document.
    const at = text.indexOf('hostname: h120') + 'hostname: h12'.length;
    const edited = updateSnapshot(first, `${text.slice(0, at)}x${text.slice(at)}`, 2);
    const incremental = diagnose(edited, ctx, cache);
    assert.strictEqual(cache.analysed, 201);
    assert.deepStrictEqual(incremental, diagnose(edited, ctx));
  });

  it('gives the same diagnostics with the cache as without, across edits that move documents', () => {
    const docs = Array.from({ length: 6 }, (_, i) => `---\n${pod(i % 2 === 0 ? '      imagePullPolicy: always\n' : '')}`.replace('name: p', `name: p${i}`));
    let text = docs.join('');
    const cache = createDiagnosticsCache(ctx);
    let snapshot = createSnapshot('x', 1, text);
    assert.deepStrictEqual(diagnose(snapshot, ctx, cache), diagnose(snapshot, ctx));
    for (const [at, insert] of [
      [text.indexOf('name: p2'), '# a comment line\n'],
      [text.indexOf('image: nginx'), 'x'],
      [0, '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'],
    ] as const) {
      text = text.slice(0, at) + insert + text.slice(at);
      snapshot = updateSnapshot(snapshot, text, snapshot.version + 1);
      assert.deepStrictEqual(diagnose(snapshot, ctx, cache), diagnose(createSnapshot('x', 1, text), ctx));
    }
  });

  it('says nothing about non-Kubernetes YAML', () => {
    const workflow = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n';
    assert.deepStrictEqual(diagnose(createSnapshot('x', 1, workflow), ctx), []);
  });

  it('judges only literal names, values and types in a Helm template', () => {
    const helm = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  template:',
      '    spec:',
      '      {{- if .Values.sa }}',
      '      serviceAccountName: {{ .Values.sa }}',
      '      {{- else }}',
      '      serviceAccountName: default',
      '      {{- end }}',
      '      containers:',
      '        - name: app',
      '          imagee: "{{ .Values.image.repository }}"',
      '          imagePullPolicy: {{ .Values.pullPolicy }}',
      '          terminationMessagePolicy: sometimes',
      '          ports:',
      '            - containerPort: "{{ .Values.port }}"',
      '              protocol: tcp',
      '',
    ].join('\n');
    // Not reported: the missing selector and image (an action may supply them), the repeated key of two
    // branches, the placeholders of replicas and containerPort, the templated imagePullPolicy.
    assert.deepStrictEqual(render(helm, diagnose(createSnapshot('x', 1, helm), ctx)), [
      'unknown-field@imagee',
      'unsupported-value@sometimes',
      'unsupported-value@tcp',
    ]);
  });

  it('keeps YAML errors of a template without control flow, and tab indentation always', () => {
    const broken = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  labels: [a\n';
    assert.ok(diagnose(createSnapshot('x', 1, broken), ctx).some((d) => d.code === 'yaml-syntax'));
    const tabs = '{{- if .Values.x }}\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n{{- end }}\n';
    assert.ok(diagnose(createSnapshot('x', 1, tabs), ctx).some((d) => d.code === 'yaml-tab-indentation'));
  });

  it('cuts messages that quote a huge value', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${'X'.repeat(100_000)}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n`;
    const list = diagnose(createSnapshot('x', 1, text), ctx);
    assert.ok(list.length > 0);
    for (const d of list) assert.ok(d.message.length <= 2100, `${d.code}: ${d.message.length} characters`);
  });
});

