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

  it('round-trips the details of the rule-specific fixes: request limit, file mode, allowed values', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n' +
      '      resources: {requests: {cpu: "1"}, limits: {cpu: 500m}}\n  volumes:\n    - name: cfg\n      configMap: {name: cfg, defaultMode: 640}\n---\n' +
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  podFailurePolicy: {rules: [{action: FailJob, onExitCodes: {operator: In, values: [1]}}]}\n' +
      '  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: c, image: nginx:1.27}]\n';
    const snapshot = createSnapshot('file:///p.yaml', 1, text);
    const found = diagnose(snapshot, ctx);
    const details = (code: string) => {
      const d = found.find((x) => x.code === code);
      assert.ok(d !== undefined, `${code} among ${found.map((x) => x.code).join(', ')}`);
      return codeActionDiagnostic(snapshot, JSON.parse(JSON.stringify(diagnostic(snapshot, d))))?.details;
    };
    assert.deepStrictEqual(details('container-resources'), { requestLimit: { resource: 'cpu', limit: '500m', relation: 'at-most' } });
    assert.deepStrictEqual(details('volumes'), { fileMode: 640 });
    assert.deepStrictEqual(details('job-restart-policy'), { supported: ['Never'] });
  });

  it('accepts a Pod Security level and a request limit only in the shapes podls writes', () => {
    const snapshot = createSnapshot('file:///p.yaml', 1, 'a: 1\n');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const withDetails = (details: unknown) =>
      codeActionDiagnostic(snapshot, { range, message: 'm', source: 'podls', code: 'x', data: { ruleId: 'x', documentIndex: 0, fixIds: [], details } });
    assert.deepStrictEqual(withDetails({ podSecurityLevel: 'restricted' })?.details, { podSecurityLevel: 'restricted' });
    assert.strictEqual(withDetails({ podSecurityLevel: 'Restricted' }), undefined);
    assert.strictEqual(withDetails({ fileMode: '0640' }), undefined);
    assert.strictEqual(withDetails({ requestLimit: { resource: 'cpu', limit: '1', relation: 'below' } }), undefined);
    assert.ok(withDetails({ requestLimit: { resource: 'cpu', limit: '1', relation: 'equal' } }));
  });

  it('ignores data it did not write', () => {
    const snapshot = createSnapshot('file:///p.yaml', 1, 'a: 1\n');
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const base = { range, message: 'm', source: 'podls', code: 'x' };
    assert.strictEqual(codeActionDiagnostic(snapshot, { ...base, data: { ruleId: 'x', documentIndex: 0, fixIds: [], details: { servedBy: [1] } } }), undefined);
    assert.ok(codeActionDiagnostic(snapshot, { ...base, data: { ruleId: 'x', documentIndex: 0, fixIds: [], details: { servedBy: ['apps/v1'] } } }));
  });
});
