import * as assert from 'assert';
import { formatFieldPath } from '../../server/src/document/field-path';
import * as fc from 'fast-check';
import { checkObject, checkWorkspace, planRules, podContextOf } from '../../server/src/rules/engine';
import { ALL_RULES, coveredCatalogueRows, ruleById, ruleMetadata } from '../../server/src/rules/registry';
import type { Rule, WorkspaceObject } from '../../server/src/rules/rule';
import { documentsOf, findingsOf, options, renderWithLocation } from './check';

const BAD_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:latest\n    ports: [{containerPort: 80, name: web--x}]';

describe('rules/engine', () => {
  it('resolves severities: default, override, off', () => {
    assert.deepStrictEqual(findingsOf(BAD_POD).map((f) => [f.ruleId, f.severity]), [['container-ports', 'error']]);
    assert.deepStrictEqual(findingsOf(BAD_POD, options({ severities: { 'container-ports': 'info' } })).map((f) => f.severity), ['information']);
    assert.deepStrictEqual(findingsOf(BAD_POD, options({ severities: { 'container-ports': 'off' } })), []);
  });

  it('best practices are off unless enabled globally or per rule', () => {
    assert.ok(!findingsOf(BAD_POD).some((f) => f.ruleId === 'image-tag-latest'));
    const one = findingsOf(BAD_POD, options({ severities: { 'image-tag-latest': 'warning' } })).filter((f) => f.ruleId === 'image-tag-latest');
    assert.deepStrictEqual(one.map((f) => f.severity), ['warning']);
    const all = findingsOf(BAD_POD, options({ bestPractices: true }));
    assert.ok(all.some((f) => f.ruleId === 'image-tag-latest' && f.severity === 'information'));
    assert.ok(all.some((f) => f.ruleId === 'run-as-root'));
  });

  it('places findings: value by default, key for missing fields', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - name: a';
    assert.deepStrictEqual(renderWithLocation(findingsOf(text)), [
      'container-image-required @ spec.template.spec.containers[0] (key): spec.template.spec.containers[0].image: Required value',
      'job-restart-policy @ spec.template.spec (key): spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    assert.deepStrictEqual(renderWithLocation(findingsOf(BAD_POD)), [
      'container-ports @ spec.containers[0].ports[0].name: spec.containers[0].ports[0].name: Invalid value: "web--x": must not contain consecutive hyphens',
    ]);
  });

  it('label errors print the map path but point at the key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {"bad key": x}\nspec:\n  containers: [{name: a, image: x}]';
    assert.deepStrictEqual(renderWithLocation(findingsOf(text)).map((l) => l.split(': Invalid')[0]), ['label-syntax @ metadata.labels[bad key] (key): metadata.labels']);
  });

  it('places the findings of List items under their basePath, with item-relative messages (kubectl sends each item)', () => {
    const item = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { 'my label': 'x' } }, spec: { containers: [] } };
    const found = checkObject({ kind: 'Pod', apiVersion: 'v1', object: item, basePath: ['items', 2] }, options());
    assert.deepStrictEqual(
      found.map((f) => [formatFieldPath(f.path), f.field === undefined ? '-' : formatFieldPath(f.field), f.message.slice(0, f.message.indexOf(':'))]),
      [
        ['items[2].metadata.labels[my label]', 'items[2].metadata.labels', 'metadata.labels'],
        ['items[2].spec.containers', '-', 'spec.containers'],
      ],
    );
  });

  it('a rule plan gives the same findings as working the rules out per object, and one for other options is ignored', () => {
    const statefulSet =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  selector: {matchLabels: {a: b}}\n' +
      '  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: a, image: "nginx:latest", ports: [{containerPort: 80, name: web--x}]}]';
    const custom = 'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: "Bad_Name"}\nspec: {replicas: -1}';
    const runs = [options(), options({ bestPractices: true }), options({ kubernetesVersion: '1.30', severities: { 'container-ports': 'off', 'run-as-root': 'hint' } })];
    for (const text of [BAD_POD, statefulSet, custom]) {
      for (const opts of runs) {
        const [object] = documentsOf(text) as Array<{ kind: string; apiVersion: string }>;
        assert.ok(object !== undefined);
        const input = { kind: object.kind, apiVersion: object.apiVersion, object, basePath: [] };
        const plain = checkObject(input, opts);
        assert.ok(plain.length > 0);
        assert.deepStrictEqual(checkObject(input, opts, planRules(opts)), plain);
        // A plan made for other options (all best practices) is not used.
        assert.deepStrictEqual(checkObject(input, opts, planRules(options({ bestPractices: true, severities: { 'container-ports': 'off' } }))), plain);
      }
    }
    assert.ok(planRules(options({ bestPractices: true })).rules.length > planRules(options()).rules.length);
    assert.ok(planRules(options()).rules.every((r) => ALL_RULES.includes(r) && (r.scope === 'object' || r.scope === 'pod')));
  });

  it('obeys the Kubernetes version', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: x, restartPolicy: Always}';
    assert.strictEqual(findingsOf(text, options({ kubernetesVersion: '1.31' })).length, 1);
    assert.strictEqual(findingsOf(text, options({ kubernetesVersion: 'v1.35.1' })).length, 0);
    assert.strictEqual(findingsOf(text, options({ kubernetesVersion: 'nonsense' })).length, 0);
  });

  it('never throws on wrong types', () => {
    const weird: unknown[] = [
      null,
      42,
      'x',
      [],
      { kind: 'Pod', spec: 'nope' },
      { kind: 'Pod', spec: { containers: 'x', volumes: { a: 1 }, initContainers: [null, 1, 'x'] } },
      { kind: 'Pod', metadata: [], spec: { containers: [{ name: 1, image: {}, ports: 'x', env: [{ name: [], valueFrom: 'y' }], resources: { limits: 'cpu' } }] } },
      { kind: 'Deployment', apiVersion: 'apps/v1', spec: { selector: 'x', template: { metadata: { labels: 'y' }, spec: { containers: [{}], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [null] } } } } } } },
      { kind: 'CronJob', apiVersion: 'batch/v1', spec: { schedule: 5, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b', lifecycle: { preStop: { sleep: 'x' } } }] } } } } } },
    ];
    for (const object of weird) {
      const rec = typeof object === 'object' && object !== null && !Array.isArray(object) ? (object as Record<string, unknown>) : {};
      for (const kind of ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate', 'Service']) {
        assert.doesNotThrow(() => checkObject({ kind, apiVersion: String(rec['apiVersion'] ?? 'v1'), object, basePath: [] }, options({ bestPractices: true })));
      }
    }
  });

  it('no check throws on arbitrary JSON, in any kind (property)', () => {
    const kinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate'];
    const junk = fc.anything({ maxDepth: 2, maxKeys: 4 });
    const field = (names: string[]) => fc.dictionary(fc.constantFrom(...names), fc.oneof(junk, fc.array(fc.dictionary(fc.string(), junk))));
    const container = field(['name', 'image', 'ports', 'env', 'envFrom', 'resources', 'securityContext', 'livenessProbe', 'readinessProbe', 'lifecycle', 'volumeMounts', 'volumeDevices', 'restartPolicy', 'resizePolicy']);
    const spec = fc.record({
      containers: fc.array(container, { maxLength: 3 }),
      initContainers: fc.array(container, { maxLength: 2 }),
      volumes: fc.array(field(['name', 'emptyDir', 'hostPath', 'secret', 'configMap', 'projected', 'downwardAPI', 'ephemeral', 'csi', 'nfs']), { maxLength: 3 }),
      affinity: field(['nodeAffinity', 'podAffinity', 'podAntiAffinity']),
      tolerations: fc.array(field(['key', 'operator', 'value', 'effect', 'tolerationSeconds'])),
      topologySpreadConstraints: fc.array(field(['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'matchLabelKeys', 'minDomains'])),
      securityContext: field(['runAsUser', 'sysctls', 'seccompProfile', 'windowsOptions', 'supplementalGroups']),
      dnsConfig: junk,
      os: junk,
    });
    const podish = fc.record({
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1'),
      metadata: junk,
      spec: fc.oneof(junk, spec, fc.record({ selector: junk, strategy: junk, template: fc.record({ metadata: junk, spec }) })),
      template: junk,
    });
    fc.assert(
      fc.property(fc.constantFrom(...kinds), podish, (kind, object) => {
        // Call every check directly: checkObject would swallow exceptions.
        const ctx = { kind, apiVersion: object.apiVersion, object, basePath: [], kubernetesVersion: { major: 1, minor: 35 }, customResource: false };
        const pod = podContextOf(ctx);
        for (const rule of ALL_RULES as readonly Rule[]) {
          if (rule.scope === 'object') rule.check(ctx, () => undefined);
          else if (rule.scope === 'pod' && pod !== undefined) rule.check(pod, () => undefined);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('registry: unique kebab-case ids, families, lookups', () => {
    const ids = ALL_RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const r of ALL_RULES as readonly Rule[]) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.strictEqual(ruleById(r.id), r);
      assert.ok(r.summary.length > 0);
      if (r.bestPractice === true) assert.ok(r.severity === 'information' || r.severity === 'hint', r.id);
    }
    assert.strictEqual(ruleMetadata().length, ALL_RULES.length);
    assert.deepStrictEqual(coveredCatalogueRows().get('PT1'), ['container-ports']);
  });
});

function ws(docs: string, uri = 'a.yaml'): WorkspaceObject[] {
  return documentsOf(docs).map((object, documentIndex) => {
    const rec = object as Record<string, unknown>;
    return { uri, documentIndex, kind: String(rec['kind']), apiVersion: String(rec['apiVersion']), object, basePath: [] };
  });
}

const DEPLOY = (name: string, labels: string, ns = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${ns}}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: a, image: x}]`;

describe('rules/engine: workspace', () => {
  it('service-selects-nothing fires for a Service without targets in its namespace', () => {
    const objects = [
      ...ws(`${DEPLOY('web', '{app: web}')}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]`),
      ...ws('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: other, labels: {app: api}}\nspec:\n  containers: [{name: a, image: x}]', 'b.yaml'),
    ];
    const found = checkWorkspace(objects, options());
    assert.deepStrictEqual(
      found.map((f) => `${f.uri}#${f.documentIndex} ${f.ruleId} ${f.severity}: ${f.message}`),
      [`a.yaml#1 service-selects-nothing warning: spec.selector: selects no Pod or pod template in namespace "default" of the workspace (kubectl get pods -l 'app=api')`],
    );
  });

  it('service-selects-nothing: near miss across files, ExternalName ignored', () => {
    const objects = [
      ...ws('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec:\n  type: ExternalName\n  externalName: example.com\n  selector: {app: none}'),
      ...ws(DEPLOY('web', '{app: web, tier: fe}'), 'b.yaml'),
    ];
    assert.deepStrictEqual(checkWorkspace(objects, options()), []);
  });

  it('workload-selectors-overlap fires for both workloads', () => {
    const objects = ws(`${DEPLOY('a', '{app: web}')}\n---\n${DEPLOY('b', '{app: web}')}`);
    assert.deepStrictEqual(
      checkWorkspace(objects, options()).map((f) => `${f.documentIndex} ${f.ruleId}: ${f.message}`),
      [
        "0 workload-selectors-overlap: spec.selector: also selects the Pods of Deployment/b (a.yaml); both controllers will manage them (kubectl get pods -l 'app=web')",
        "1 workload-selectors-overlap: spec.selector: also selects the Pods of Deployment/a (a.yaml); both controllers will manage them (kubectl get pods -l 'app=web')",
      ],
    );
  });

  it('workload-selectors-overlap names three other workloads and counts the rest, one finding per workload', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => DEPLOY(n, '{app: web}')).join('\n---\n');
    const found = checkWorkspace(ws(five), options()).map((f) => `${f.documentIndex} ${f.message}`);
    assert.deepStrictEqual(found, [
      "0 spec.selector: also selects the Pods of Deployment/b (a.yaml), Deployment/c (a.yaml), Deployment/d (a.yaml) and 1 other workload; all controllers will manage them (kubectl get pods -l 'app=web')",
      "1 spec.selector: also selects the Pods of Deployment/a (a.yaml), Deployment/c (a.yaml), Deployment/d (a.yaml) and 1 other workload; all controllers will manage them (kubectl get pods -l 'app=web')",
      "2 spec.selector: also selects the Pods of Deployment/a (a.yaml), Deployment/b (a.yaml), Deployment/d (a.yaml) and 1 other workload; all controllers will manage them (kubectl get pods -l 'app=web')",
      "3 spec.selector: also selects the Pods of Deployment/a (a.yaml), Deployment/b (a.yaml), Deployment/c (a.yaml) and 1 other workload; all controllers will manage them (kubectl get pods -l 'app=web')",
      "4 spec.selector: also selects the Pods of Deployment/a (a.yaml), Deployment/b (a.yaml), Deployment/c (a.yaml) and 1 other workload; all controllers will manage them (kubectl get pods -l 'app=web')",
    ]);
    const three = ['a', 'b', 'c'].map((n) => DEPLOY(n, '{app: web}')).join('\n---\n');
    assert.strictEqual(
      checkWorkspace(ws(three), options())[0]?.message,
      "spec.selector: also selects the Pods of Deployment/b (a.yaml) and Deployment/c (a.yaml); all controllers will manage them (kubectl get pods -l 'app=web')",
    );
    // 400 copies: 400 findings (not 159,600), each counting the other 399.
    const many = checkWorkspace(ws(Array.from({ length: 400 }, (_, i) => DEPLOY(`w${i}`, '{app: web}')).join('\n---\n')), options());
    assert.strictEqual(many.length, 400);
    assert.ok(many.every((f) => f.message.includes('and 396 other workloads')), many[0]?.message);
  });

  it('workload-selectors-overlap: near miss (other namespace, disjoint labels)', () => {
    const objects = ws(`${DEPLOY('a', '{app: web}')}\n---\n${DEPLOY('b', '{app: web}', ', namespace: other')}\n---\n${DEPLOY('c', '{app: api}')}`);
    assert.deepStrictEqual(checkWorkspace(objects, options()), []);
  });

  it('workspace rules can be turned off', () => {
    const objects = ws(`${DEPLOY('a', '{app: web}')}\n---\n${DEPLOY('b', '{app: web}')}`);
    assert.deepStrictEqual(checkWorkspace(objects, options({ severities: { 'workload-selectors-overlap': 'off' } })), []);
  });
});
