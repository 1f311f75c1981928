/**
 * The target Kubernetes version selects the bundled schema (out/dist/releases.json): at each release
 * boundary a field added in that release is an unknown field, with the release it appeared in, before it and
 * accepted from it; enums, completion and hovers follow the target.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import { formatFieldPath } from '../../server/src/document/field-path';
import { codeActions, fixAll } from '../../server/src/features/code-action';
import { complete } from '../../server/src/features/completion';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { validateDocumentSchema } from '../../server/src/features/schema-validation';
import { explainText } from '../../server/src/schema/explain';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { loadSchemaIndex } from '../../server/src/workspace/context';
import { parseMarkers } from '../harness/fixture';
import { REPO_ROOT } from '../harness/shared';
import { dedent } from './fixtures';

/** The bundled schema for a target version (undefined: the default), or a skip when it is not built. */
function releaseIndex(ctx: Mocha.Context, version: string | undefined): SchemaIndex {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'releases.json'))) {
    process.stdout.write('      (skipped: out/dist/releases.json is absent; run `npm run build`)\n');
    ctx.skip();
  }
  const loaded = loadSchemaIndex({ openapi: [], kubernetesVersion: version });
  assert.deepStrictEqual(loaded.errors, []);
  return loaded.index;
}

function findings(index: SchemaIndex, source: string): string[] {
  const text = dedent(source);
  const snapshot = createSnapshot('file:///test.yaml', 1, text);
  return snapshot.documents.flatMap((doc) =>
    validateDocumentSchema(doc, index).map((f) => `${f.ruleId} ${formatFieldPath(f.path)} | ${f.message}`),
  );
}

const POD = (spec: string): string => `
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - name: app
      image: nginx
${spec}`;

/** One field per boundary: [release it appeared in, release before it, YAML under spec, finding before]. */
const BOUNDARIES: ReadonlyArray<readonly [string, string, string, string]> = [
  [
    '1.32',
    '1.30',
    '    resources:\n      limits:\n        cpu: "1"',
    'unknown-field spec.resources | unknown field "spec.resources" (available from 1.31 or 1.32)',
  ],
  [
    '1.33',
    '1.32',
    '    initContainers:\n    - name: i\n      image: busybox\n      lifecycle:\n        stopSignal: SIGTERM',
    'unknown-field spec.initContainers[0].lifecycle.stopSignal | unknown field "spec.initContainers[0].lifecycle.stopSignal" (available from 1.33)',
  ],
  [
    '1.34',
    '1.33',
    '    hostnameOverride: web-0',
    'unknown-field spec.hostnameOverride | unknown field "spec.hostnameOverride" (available from 1.34)',
  ],
  [
    '1.36',
    '1.34',
    '    schedulingGroup:\n      podGroupName: g',
    'unknown-field spec.schedulingGroup | unknown field "spec.schedulingGroup" (available from 1.35 or 1.36)',
  ],
];

describe('features with the target release schema', function () {
  for (const [since, before, spec, finding] of BOUNDARIES) {
    it(`a field of ${since} is unknown on ${before} and accepted on ${since}`, function () {
      const source = POD(spec);
      assert.deepStrictEqual(findings(releaseIndex(this, before), source), [finding]);
      assert.deepStrictEqual(findings(releaseIndex(this, since), source), []);
    });
  }

  it('neither renames nor silently moves a field of a later release', function () {
    const index = releaseIndex(this, '1.30');
    const ctx = { schema: index, rules: { kubernetesVersion: '1.30', severities: {}, bestPractices: false } };
    const snapshot = createSnapshot('file:///t.yaml', 1, dedent(POD('    resources:\n      limits:\n        cpu: "1"')));
    const [d] = diagnose(snapshot, ctx);
    assert.ok(d !== undefined && d.code === 'unknown-field', JSON.stringify(d));
    const actions = codeActions(snapshot, d.range, [{ code: d.code, documentIndex: d.documentIndex, range: d.range, message: d.message, fixIds: d.fixes ?? [], ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}), ...(d.at !== undefined ? { at: d.at } : {}), ...(d.details !== undefined ? { details: d.details } : {}), ...(d.errorType !== undefined ? { errorType: d.errorType } : {}) }], ctx, [], ['quickfix']);
    assert.deepStrictEqual(
      actions.filter((a) => !a.title.startsWith('Ignore ')).map((a) => [a.title, a.isPreferred === true]),
      [['Move "resources" into spec.containers[0] ("app")', false]],
    );
    assert.deepStrictEqual(fixAll(snapshot, ctx), []);
  });

  it('keeps "did you mean" for misspelt fields of the target', function () {
    assert.deepStrictEqual(findings(releaseIndex(this, '1.30'), POD('    hostnam: x')), [
      'unknown-field spec.hostnam | unknown field "spec.hostnam" (did you mean "hostname"?)',
    ]);
  });

  it('checks enum values per release (Toleration operator Gt/Lt: 1.36, not 1.33 or 1.34)', function () {
    const source = POD('    tolerations:\n    - key: k\n      operator: Gt\n      value: "5"');
    assert.deepStrictEqual(findings(releaseIndex(this, '1.33'), source), [
      'unsupported-value spec.tolerations[0].operator | spec.tolerations[0].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
    ]);
    // 1.34 comes from client-node, which has no enums: the values are lent by 1.33 whose text is the same.
    assert.deepStrictEqual(findings(releaseIndex(this, '1.34'), source), [
      'unsupported-value spec.tolerations[0].operator | spec.tolerations[0].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
    ]);
    assert.deepStrictEqual(findings(releaseIndex(this, '1.36'), source), []);
  });

  it('completes only the fields the target serves', function () {
    const source = dedent(POD('    initContainers:\n    - name: i\n      image: busybox\n      restartPolicy<|>'));
    const { text, cursor } = parseMarkers(source);
    const labels = (v: string): string[] => complete(createSnapshot('file:///t.yaml', 1, text), cursor, releaseIndex(this, v)).map((c) => c.label);
    assert.ok(labels('1.34').includes('restartPolicyRules'), labels('1.34').join(', '));
    assert.ok(!labels('1.33').includes('restartPolicyRules'), labels('1.33').join(', '));
    assert.ok(labels('1.33').includes('restartPolicy'));
  });

  it('shows the release a field appeared in on hover, not in kubectl explain text', function () {
    const { text, cursor } = parseMarkers(dedent(POD('    hostname<|>Override: web-0')));
    const index = releaseIndex(this, undefined);
    const info = hover(createSnapshot('file:///t.yaml', 1, text), cursor, index);
    assert.ok(info?.markdown.includes('**Since**: Kubernetes 1.34'), info?.markdown);
    const older = hover(createSnapshot('file:///t.yaml', 1, text.replace('hostnameOverride', 'hostname')), cursor, index);
    assert.ok(older !== undefined && !older.markdown.includes('**Since**'), older?.markdown);
    const explained = explainText(index, 'pods', ['spec', 'hostnameOverride'], { recursive: false });
    assert.ok(!explained.text.includes('Since') && !explained.text.includes('1.34\n'), explained.text);
  });
});
