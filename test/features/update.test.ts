/**
 * features/update.ts: matching objects across revisions, placing update findings in the new file (List items,
 * suppressions), the hover with old and new values, the restore-previous edits, and create findings an update
 * does not get.
 */
import * as assert from 'assert';
import { applyEdits } from '../../server/src/document/edit';
import { createSnapshot } from '../../server/src/document/snapshot';
import { diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { isRatcheted, previousIndexOf, previousOf, ratchetedCreateFindings, restorePreviousEdits, updateDiagnostics, updateHover } from '../../server/src/features/update';
import type { UpdateDiagnostic } from '../../server/src/features/update';
import { options } from '../rules/check';
import { loadBundledIndex } from './fixtures';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\nimmutable: true\ndata:\n  mode: fast\n  level: "3"\n';

describe('features/update', () => {
  let ctx: AnalysisContext;
  before(function () {
    ctx = { schema: loadBundledIndex(this), rules: options() };
  });

  function updates(oldText: string, newText: string): UpdateDiagnostic[] {
    return updateDiagnostics(createSnapshot('file:///new.yaml', 1, newText), previousIndexOf([createSnapshot('file:///old.yaml', 1, oldText)]), ctx);
  }

  it('matches by group, kind, namespace and name; a namespace-less manifest matches the only candidate', () => {
    const index = previousIndexOf([
      createSnapshot('file:///a.yaml', 1, DEPLOY.replace('  name: web\n', '  name: web\n  namespace: prod\n')),
      createSnapshot('file:///b.yaml', 1, DEPLOY.replace('  name: web\n', '  name: api\n  namespace: prod\n---\n').replace('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\n---\n', '') + '---\n' + DEPLOY.replace('name: web', 'name: api').replace('metadata:\n', 'metadata:\n  namespace: staging\n')),
    ]);
    const obj = (name: string, ns?: string): unknown => ({ metadata: { name, ...(ns !== undefined ? { namespace: ns } : {}) } });
    assert.strictEqual(previousOf(index, 'Deployment', 'apps/v1', obj('web'))?.uri, 'file:///a.yaml');
    assert.strictEqual(previousOf(index, 'Deployment', 'apps/v1', obj('web', 'other')), undefined);
    assert.strictEqual(previousOf(index, 'Deployment', 'extensions/v1beta1', obj('web')), undefined, 'another API group');
    assert.strictEqual(previousOf(index, 'StatefulSet', 'apps/v1', obj('web')), undefined, 'another kind');
  });

  it('places a finding on the changed field with the apiserver path; List items keep their own paths', () => {
    const changed = DEPLOY.replace('      app: web\n  template', '      app: api\n  template');
    const [d] = updates(DEPLOY, changed);
    assert.ok(d !== undefined);
    assert.strictEqual(d.fieldPath, 'spec.selector');
    assert.strictEqual(changed.slice(d.range.start, d.range.end), 'app: api');
    const list = (text: string): string => `apiVersion: v1\nkind: List\nitems:\n- ${text.trimEnd().split('\n').join('\n  ')}\n`;
    const [item] = updates(list(DEPLOY), list(changed));
    assert.strictEqual(item?.fieldPath, 'spec.selector');
    assert.deepStrictEqual(item?.changes.map((c) => c.path), [['items', 0, 'spec', 'selector', 'matchLabels', { key: 'app' }]]);
  });

  it('honours # podls-ignore', () => {
    const changed = DEPLOY.replace('      app: web\n  template', '      # podls-ignore selector-immutable\n      app: api\n  template');
    assert.deepStrictEqual(updates(DEPLOY, changed), []);
  });

  it('hovers the old and new value and the remedies', () => {
    const changed = CONFIG.replace('mode: fast', 'mode: slow');
    const found = updates(CONFIG, changed);
    const hover = updateHover(changed.indexOf('mode: slow') + 2, found);
    assert.ok(hover !== undefined);
    assert.match(hover.markdown, /The apiserver will refuse this update\*\* \(`configmap-immutable`\): data: Forbidden: field is immutable when `immutable` is set/);
    assert.match(hover.markdown, /`data\[mode\]`: previous `fast`, now `slow`/);
    assert.match(hover.markdown, /new name/);
    assert.strictEqual(updateHover(0, found), undefined);
  });

  it('restores changed, removed and added values in the file', () => {
    const changed = CONFIG.replace('  mode: fast\n', '  mode: slow\n  extra: x\n').replace('  level: "3"\n', '');
    const snapshot = createSnapshot('file:///new.yaml', 1, changed);
    const [d] = updateDiagnostics(snapshot, previousIndexOf([createSnapshot('file:///old.yaml', 1, CONFIG)]), ctx);
    assert.ok(d !== undefined);
    const restored = applyEdits(changed, restorePreviousEdits(snapshot, d));
    assert.deepStrictEqual(updates(CONFIG, restored), []);
    assert.match(restored, /mode: fast/);
    assert.doesNotMatch(restored, /extra/);
  });

  it('drops create findings an update does not get: a long CronJob name, a TZ schedule the old CronJob had', () => {
    const cron = (schedule: string): string =>
      `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: a-very-long-cronjob-name-that-exceeds-fifty-two-characters\nspec:\n  schedule: "${schedule}"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: a, image: "a:1"}]\n          restartPolicy: Never\n`;
    const snapshot = createSnapshot('file:///new.yaml', 1, cron('TZ=UTC 0 2 * * *'));
    const codes = (prev: string): string[] => {
      const ratcheted = ratchetedCreateFindings(snapshot, previousIndexOf([createSnapshot('file:///old.yaml', 1, prev)]));
      return diagnose(snapshot, ctx)
        .filter((d) => !isRatcheted(d, ratcheted))
        .map((d) => `${d.code} @ ${d.fieldPath ?? ''}`);
    };
    assert.deepStrictEqual(codes(cron('TZ=UTC 0 1 * * *')), []);
    assert.deepStrictEqual(codes(cron('0 1 * * *')), ['cronjob-spec @ spec.schedule']);
    assert.deepStrictEqual(codes('apiVersion: v1\nkind: Pod\nmetadata: {name: other}\n'), ['cronjob-spec @ metadata.name', 'cronjob-spec @ spec.schedule']);
  });

  it('drops the generated-selector create finding for a Job written out with its stored selector', () => {
    const job = (uid: string): string =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: m\nspec:\n  selector:\n    matchLabels: {batch.kubernetes.io/controller-uid: ${uid}}\n  template:\n    metadata:\n      labels: {batch.kubernetes.io/controller-uid: ${uid}, batch.kubernetes.io/job-name: m, controller-uid: ${uid}, job-name: m}\n    spec:\n      containers: [{name: a, image: "a:1"}]\n      restartPolicy: Never\n`;
    const snapshot = createSnapshot('file:///new.yaml', 1, job('u-1'));
    const codes = (prev: string): string[] => {
      const ratcheted = ratchetedCreateFindings(snapshot, previousIndexOf([createSnapshot('file:///old.yaml', 1, prev)]));
      return diagnose(snapshot, ctx)
        .filter((d) => !isRatcheted(d, ratcheted))
        .map((d) => d.code);
    };
    assert.deepStrictEqual(codes(job('u-1')), []);
    assert.deepStrictEqual(codes(job('u-2')), ['job-generated-selector']);
  });
});
