/**
 * lsp/to-proto.ts: a diagnostic's `data` carries what quick fixes act on (the apiserver's path, where it is shown,
 * the message's parts), and comes back from the client unchanged as a code-action diagnostic.
 */
import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import { diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { codeActionDiagnostic, diagnostic } from '../../server/src/lsp/to-proto';
import { defaultContext } from '../features/fixtures';

describe('lsp/to-proto diagnostics data', function () {
  let ctx: AnalysisContext;
  before(function () {
    ctx = defaultContext(this);
  });

  it('round-trips the fieldPath, the placement and the details quick fixes act on', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      ports:\n        - containerPort: "80"\n      imagePullPolicy: always\n---\napiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: d\n';
    const snapshot = createSnapshot('file:///p.yaml', 1, text);
    const found = diagnose(snapshot, ctx);
    const byCode = (code: string) => {
      const d = found.find((x) => x.code === code);
      assert.ok(d !== undefined, `${code} among ${found.map((x) => x.code).join(', ')}`);
      return codeActionDiagnostic(snapshot, JSON.parse(JSON.stringify(diagnostic(snapshot, d))));
    };
    const type = byCode('invalid-type');
    assert.deepStrictEqual(type?.details, { expectedType: 'integer' });
    const kind = byCode('unknown-kind');
    assert.deepStrictEqual(kind?.details, { suggestion: 'Deployment' });
    const policy = byCode('unsupported-value');
    assert.deepStrictEqual([policy?.errorType, policy?.details], ['NotSupported', { supported: ['Always', 'IfNotPresent', 'Never'] }]);
    const image = byCode('container-image-required');
    assert.strictEqual(image?.fieldPath, 'spec.containers[0].image', 'the apiserver names the missing field');
    assert.strictEqual(image?.at, 'spec.containers[0]', 'shown on the container');
  });

  it('ignores data it did not write', () => {
    const snapshot = createSnapshot('file:///p.yaml', 1, 'a: 1\n');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const base = { range, message: 'm', source: 'podls', code: 'x' };
    assert.strictEqual(codeActionDiagnostic(snapshot, { ...base, data: { ruleId: 'x', documentIndex: 0, fixIds: [], details: { servedBy: [1] } } }), undefined);
    assert.ok(codeActionDiagnostic(snapshot, { ...base, data: { ruleId: 'x', documentIndex: 0, fixIds: [], details: { servedBy: ['apps/v1'] } } }));
  });
});
