/**
 * The `kubectl apply` model (rules/update/merge.ts, defaults.ts, engine.ts updateSides) and semantic equality
 * (equality.ts): deleted fields, kept server-filled fields and defaults, lists merged by key or replaced whole.
 */
import * as assert from 'assert';
import { parse } from 'yaml';
import { GENERATED, liveFromManifest, withDefaults } from '../../../server/src/rules/update/defaults';
import { updateSides } from '../../../server/src/rules/update/engine';
import { changes, semanticEqual } from '../../../server/src/rules/update/equality';
import { applyManifest, mergeKeyOf } from '../../../server/src/rules/update/merge';
import type { JsonObject } from '../../../server/src/rules/rule';
import { formatFieldPath } from '../../../server/src/document/field-path';

function y(text: string): JsonObject {
  return parse(text, { version: '1.1' }) as JsonObject;
}

describe('rules/update/merge: kubectl apply', () => {
  it('deletes fields the previous file had and the new one lacks; keeps fields only the live object has', () => {
    const live = { spec: { replicas: 3, paused: true, serverField: 'kept' } };
    const original = { spec: { replicas: 3, paused: true } };
    const modified = { spec: { replicas: 5 } };
    assert.deepStrictEqual(applyManifest(live, original, modified), { spec: { replicas: 5, serverField: 'kept' } });
  });

  it('null in the new file deletes', () => {
    assert.deepStrictEqual(applyManifest({ a: 1, b: 2 }, { a: 1, b: 2 }, { a: 1, b: null }), { a: 1 });
  });

  it('merges containers by name, env by name, container ports by containerPort', () => {
    const live = y(`
containers:
- {name: app, image: a:1, terminationMessagePath: /dev/termination-log, env: [{name: A, value: "1"}, {name: INJECTED, value: x}], ports: [{containerPort: 80, protocol: TCP}]}
- {name: injected-sidecar, image: proxy}
`);
    const original = y(`
containers:
- {name: app, image: a:1, env: [{name: A, value: "1"}], ports: [{containerPort: 80}]}
`);
    const modified = y(`
containers:
- {name: app, image: a:2, env: [{name: B, value: "2"}], ports: [{containerPort: 80, name: http}]}
`);
    assert.deepStrictEqual(applyManifest({ spec: live }, { spec: original }, { spec: modified }), {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'a:2',
            terminationMessagePath: '/dev/termination-log',
            env: [{ name: 'B', value: '2' }, { name: 'INJECTED', value: 'x' }],
            ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }],
          },
          { name: 'injected-sidecar', image: 'proxy' },
        ],
      },
    });
  });

  it('replaces lists without a merge key whole (tolerations, args)', () => {
    const live = { spec: { tolerations: [{ key: 'a' }, { key: 'server-added' }], args: ['x', 'y'] } };
    const original = { spec: { tolerations: [{ key: 'a' }], args: ['x', 'y'] } };
    const modified = { spec: { tolerations: [{ key: 'b' }], args: ['z'] } };
    assert.deepStrictEqual(applyManifest(live, original, modified), { spec: { tolerations: [{ key: 'b' }], args: ['z'] } });
  });

  it('names the merge keys of the API types', () => {
    assert.strictEqual(mergeKeyOf('containers', 'spec'), 'name');
    assert.strictEqual(mergeKeyOf('ports', 'containers'), 'containerPort');
    assert.strictEqual(mergeKeyOf('ports', 'spec'), 'port');
    assert.strictEqual(mergeKeyOf('volumeMounts', 'containers'), 'mountPath');
    assert.strictEqual(mergeKeyOf('finalizers', 'metadata'), '');
    assert.strictEqual(mergeKeyOf('tolerations', 'spec'), undefined);
  });
});

describe('rules/update/defaults: what the server fills in', () => {
  it('defaults containers, probes, volumes and requests from limits', () => {
    const pod = withDefaults(
      'Pod',
      y(`
spec:
  containers:
  - name: a
    image: nginx
    ports: [{containerPort: 80}]
    readinessProbe: {httpGet: {port: 80}}
    resources: {limits: {cpu: 500m}}
  volumes:
  - name: cfg
    configMap: {name: c}
  - name: scratch
`),
    );
    assert.deepStrictEqual(pod, {
      spec: {
        containers: [
          {
            name: 'a',
            image: 'nginx',
            imagePullPolicy: 'Always',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            readinessProbe: { httpGet: { port: 80, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            resources: { limits: { cpu: '500m' }, requests: { cpu: '500m' } },
          },
        ],
        volumes: [
          { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
          { name: 'scratch', emptyDir: {} },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30,
        securityContext: {},
        enableServiceLinks: true,
      },
    });
  });

  it('gives a manifest Job a generated selector and labels, and a Service an allocated clusterIP', () => {
    const job = liveFromManifest('Job', y('metadata: {name: m}\nspec:\n  template:\n    spec: {containers: [{name: a, image: a}], restartPolicy: Never}'));
    assert.deepStrictEqual((job['spec'] as JsonObject)['selector'], { matchLabels: { 'batch.kubernetes.io/controller-uid': GENERATED } });
    const service = liveFromManifest('Service', y('spec: {ports: [{port: 80}]}'));
    assert.deepStrictEqual((service['spec'] as JsonObject)['clusterIPs'], [GENERATED]);
    const headless = liveFromManifest('Service', y('spec: {clusterIP: None}'));
    assert.deepStrictEqual((headless['spec'] as JsonObject)['clusterIPs'], ['None']);
  });

  it('keeps server-filled fields through apply: a Job keeps its generated selector, a Service its clusterIP', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: m}\nspec:\n  template:\n    spec: {containers: [{name: a, image: a}], restartPolicy: Never}';
    const sides = updateSides('Job', y(job), y(job.replace('name: a, image: a', 'name: a, image: b')));
    assert.ok(sides !== undefined);
    const labels = (((sides.new['spec'] as JsonObject)['template'] as JsonObject)['metadata'] as JsonObject)['labels'];
    assert.deepStrictEqual(labels, { 'batch.kubernetes.io/controller-uid': GENERATED, 'batch.kubernetes.io/job-name': 'm', 'controller-uid': GENERATED, 'job-name': 'm' });
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}';
    const s = updateSides('Service', y(svc), y(svc.replace('port: 80', 'port: 8080')));
    assert.strictEqual((s?.new['spec'] as JsonObject)['clusterIP'], GENERATED);
  });

  it('uses the last-applied configuration of a live object to tell deleted fields from server-filled ones', () => {
    const live = y(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  uid: 1234
  resourceVersion: "9"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"paused":true,"selector":{"matchLabels":{"app":"web"}}}}'
spec:
  paused: true
  progressDeadlineSeconds: 600
  selector: {matchLabels: {app: web}}
status: {replicas: 1}
`);
    const sides = updateSides('Deployment', live, y('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}'));
    assert.ok(sides !== undefined && sides.fromCluster);
    const spec = sides.new['spec'] as JsonObject;
    assert.strictEqual(spec['paused'], undefined, 'deleted: the last applied file had it');
    assert.strictEqual(spec['progressDeadlineSeconds'], 600, 'kept: only the live object had it');
    assert.deepStrictEqual(sides.new['status'], { replicas: 1 });
  });
});

describe('rules/update/equality: Semantic.DeepEqual', () => {
  it('ignores key order, empty versus absent, and quantity spelling', () => {
    assert.ok(semanticEqual({ a: 1, b: 2 }, { b: 2, a: 1 }));
    assert.ok(semanticEqual({ matchLabels: { a: 'x' }, matchExpressions: [] }, { matchLabels: { a: 'x' } }));
    assert.ok(semanticEqual({ resources: { requests: { cpu: '1', memory: '1Gi' } } }, { resources: { requests: { cpu: '1000m', memory: '1024Mi' } } }));
    assert.ok(semanticEqual({ hostNetwork: false }, {}));
  });

  it('sees order in lists, pointer booleans set to false, and other quantities', () => {
    assert.ok(!semanticEqual({ args: ['a', 'b'] }, { args: ['b', 'a'] }));
    assert.ok(!semanticEqual({ privileged: false }, {}));
    assert.ok(!semanticEqual({ requests: { cpu: '1' } }, { requests: { cpu: '1001m' } }));
    assert.deepStrictEqual(
      changes({ labels: { app: 'a' }, replicas: 1 }, { labels: { app: 'b' }, replicas: 1 }).map((c) => formatFieldPath(c.path)),
      ['labels[app]'],
    );
  });
});
