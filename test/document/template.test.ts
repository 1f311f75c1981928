/**
 * document/template.ts: Go template actions and the masked view podls parses Helm templates through.
 */
import * as assert from 'assert';
import { maskTemplateActions, overlapsAction, templateActions } from '../../server/src/document/template';
import { createSnapshot } from '../../server/src/document/snapshot';

/** The masked view, with the positions of the line breaks checked against the text. */
function masked(text: string): string {
  const mask = maskTemplateActions(text);
  assert.ok(mask !== undefined, 'the text has actions');
  assert.strictEqual(mask.masked.length, text.length, 'same length');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || text[i] === '\r') assert.strictEqual(mask.masked[i], text[i], `line break ${i} kept`);
  }
  return mask.masked;
}

describe('document/template', () => {
  it('finds actions, with braces inside string constants and raw strings', () => {
    const text = 'a: {{ .Values.x }}\nb: {{ printf "}}" }}\nc: {{ `}}` }}\n';
    assert.deepStrictEqual(
      templateActions(text).map((r) => text.slice(r.start, r.end)),
      ['{{ .Values.x }}', '{{ printf "}}" }}', '{{ `}}` }}'],
    );
  });

  it('leaves text without a complete action alone', () => {
    assert.strictEqual(maskTemplateActions('a: b\n'), undefined);
    assert.strictEqual(maskTemplateActions('a: "{{ unterminated"\n'), undefined);
  });

  it('turns lines of actions only into comments and actions among content into placeholders', () => {
    const text = [
      'metadata:',
      '  labels:',
      '    {{- include "x.labels" . | nindent 4 }}',
      '  name: {{ .Release.Name }}-web',
      '{{- if .Values.enabled }}',
      'spec: {}',
      '{{- end }}',
      '',
    ].join('\n');
    assert.strictEqual(
      masked(text),
      [
        'metadata:',
        '  labels:',
        '    #                                      ',
        `  name: ${'_'.repeat('{{ .Release.Name }}'.length)}-web`,
        '#                        ',
        'spec: {}',
        '#         ',
        '',
      ].join('\n'),
    );
  });

  it('masks an action that spans lines, keeping its line breaks', () => {
    const text = 'a: {{ include "x"\n  (dict "k" 1) }}\nb: c\n';
    const out = masked(text);
    assert.ok(!out.includes('{{') && !out.includes('}}'), out);
    assert.ok(out.endsWith('\nb: c\n'));
  });

  it('says whether some action is control flow', () => {
    assert.strictEqual(maskTemplateActions('a: {{ .Values.x }}\n')?.control, false);
    assert.strictEqual(maskTemplateActions('{{- if .Values.x }}\na: 1\n{{- end }}\n')?.control, true);
    assert.strictEqual(maskTemplateActions('{{ range .Values.items }}\n- {{ . }}\n{{ end }}\n')?.control, true);
  });

  it('answers overlap queries on sorted actions', () => {
    const actions = [
      { start: 5, end: 10 },
      { start: 20, end: 30 },
    ];
    assert.strictEqual(overlapsAction(actions, 0, 5), false);
    assert.strictEqual(overlapsAction(actions, 9, 12), true);
    assert.strictEqual(overlapsAction(actions, 10, 20), false);
    assert.strictEqual(overlapsAction(actions, 25, 25), true, 'an empty range inside an action');
    assert.strictEqual(overlapsAction(actions, 30, 40), false);
  });

  it('parses a template without YAML errors and records its actions in file offsets', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: {{ .Values.image }}',
      '      {{- with .Values.resources }}',
      '      resources:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: plain',
      '',
    ].join('\n');
    const snapshot = createSnapshot('file:///t.yaml', 1, text);
    const [pod, configMap] = snapshot.documents;
    assert.ok(pod !== undefined && configMap !== undefined);
    assert.deepStrictEqual(pod.errors, []);
    assert.strictEqual(pod.kind, 'Pod');
    assert.ok(pod.template !== undefined);
    assert.strictEqual(pod.template.control, true);
    assert.deepStrictEqual(
      pod.template.actions.map((r) => text.slice(r.start, r.end)),
      ['{{ .Release.Name }}', '{{ .Values.image }}', '{{- with .Values.resources }}', '{{- toYaml . | nindent 8 }}', '{{- end }}'],
    );
    assert.strictEqual(configMap.template, undefined, 'a document without actions is not a template');
  });
});
