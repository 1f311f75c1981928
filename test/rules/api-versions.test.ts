import * as assert from 'assert';
import { REMOVED_APIS, BUILT_IN_API_GROUPS, removedApi } from '../../server/src/schema/api-groups';
import { parseApiVersion } from '../../server/src/schema/kinds';
import { findingsOf, options, runObjectCases } from './check';

const DEPLOYMENT_BODY = 'metadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]';
const NO_SELECTOR = 'metadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]';

runObjectCases('rules/api-versions', [
  {
    name: 'removed-api-version: extensions/v1beta1 Deployment with a selector: apps/v1, with the quick fix',
    yaml: `apiVersion: extensions/v1beta1\nkind: Deployment\n${DEPLOYMENT_BODY}`,
    only: ['removed-api-version'],
    expect: ['removed-api-version: apiVersion: Invalid value: "extensions/v1beta1": no matches for kind "Deployment" in version "extensions/v1beta1": extensions/v1beta1 Deployment was removed in Kubernetes 1.16; use apps/v1'],
  },
  {
    name: 'removed-api-version: without spec.selector the message says apps/v1 requires it',
    yaml: `apiVersion: apps/v1beta1\nkind: StatefulSet\n${NO_SELECTOR}`,
    only: ['removed-api-version'],
    expect: [
      'removed-api-version: apiVersion: Invalid value: "apps/v1beta1": no matches for kind "StatefulSet" in version "apps/v1beta1": apps/v1beta1 StatefulSet was removed in Kubernetes 1.16; use apps/v1 (apps/v1 requires spec.selector, which must match the template labels)',
    ],
  },
  {
    name: 'removed-api-version: batch/v1beta1 CronJob on 1.25',
    yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: x}]}}}}}',
    version: '1.25',
    only: ['removed-api-version'],
    expect: ['removed-api-version: apiVersion: Invalid value: "batch/v1beta1": no matches for kind "CronJob" in version "batch/v1beta1": batch/v1beta1 CronJob was removed in Kubernetes 1.25; use batch/v1'],
  },
  {
    name: 'removed-api-version: batch/v1beta1 CronJob on 1.24 is a deprecation warning',
    yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: x}]}}}}}',
    version: '1.24',
    only: ['removed-api-version'],
    expect: ['removed-api-version: apiVersion: batch/v1beta1 CronJob is deprecated and removed in Kubernetes 1.25; use batch/v1'],
  },
  {
    name: 'removed-api-version: policy/v1beta1 PodSecurityPolicy has no replacement',
    yaml: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\nspec: {privileged: false}',
    only: ['removed-api-version'],
    expect: [
      'removed-api-version: apiVersion: Invalid value: "policy/v1beta1": no matches for kind "PodSecurityPolicy" in version "policy/v1beta1": policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25; PodSecurityPolicy has no replacement API; use Pod Security Admission',
    ],
  },
  {
    name: 'removed-api-version: Ingress names what changes in networking.k8s.io/v1',
    yaml: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec: {backend: {serviceName: web, servicePort: 80}}',
    only: ['removed-api-version'],
    expect: [
      'removed-api-version: apiVersion: Invalid value: "extensions/v1beta1": no matches for kind "Ingress" in version "extensions/v1beta1": extensions/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1 (in v1, backend.serviceName and backend.servicePort become backend.service.name and backend.service.port, spec.backend becomes spec.defaultBackend, and every path needs pathType)',
    ],
  },
  {
    name: 'removed-api-version: a Deployment with spec.rollbackTo must drop it',
    yaml: `apiVersion: apps/v1beta2\nkind: Deployment\n${DEPLOYMENT_BODY}\n  rollbackTo: {revision: 1}`,
    only: ['removed-api-version'],
    expect: [
      'removed-api-version: apiVersion: Invalid value: "apps/v1beta2": no matches for kind "Deployment" in version "apps/v1beta2": apps/v1beta2 Deployment was removed in Kubernetes 1.16; use apps/v1; remove spec.rollbackTo, which apps/v1 does not have',
    ],
  },
  { name: 'removed-api-version: near miss: served versions', yaml: `apiVersion: apps/v1\nkind: Deployment\n${DEPLOYMENT_BODY}`, only: ['removed-api-version'], expect: [] },
  { name: 'removed-api-version: near miss: policy/v1beta1 is still a custom group elsewhere', yaml: 'apiVersion: policy.example.com/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}', expect: [] },
]);

describe('rules/api-versions quick fix ids', () => {
  const fixesOf = (yaml: string, version = '1.35'): readonly string[] =>
    findingsOf(yaml, options({ kubernetesVersion: version })).find((f) => f.ruleId === 'removed-api-version')?.fixes ?? [];

  it('offers the served version where the fields carry over and apps/v1 finds its selector', () => {
    assert.deepStrictEqual(fixesOf(`apiVersion: extensions/v1beta1\nkind: Deployment\n${DEPLOYMENT_BODY}`), ['use-served-api-version']);
    assert.deepStrictEqual(fixesOf('apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1, selector: {matchLabels: {a: b}}}'), ['use-served-api-version']);
  });

  it('offers no fix without spec.selector, with dropped fields, where fields change, or before the replacement is served', () => {
    assert.deepStrictEqual(fixesOf(`apiVersion: extensions/v1beta1\nkind: Deployment\n${NO_SELECTOR}`), []);
    assert.deepStrictEqual(fixesOf(`apiVersion: apps/v1beta2\nkind: Deployment\n${DEPLOYMENT_BODY}\n  rollbackTo: {revision: 1}`), []);
    assert.deepStrictEqual(fixesOf('apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: i}\nspec: {}'), []);
    assert.deepStrictEqual(fixesOf('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {}', '1.20'), []);
  });
});

describe('schema/api-groups removed API table', () => {
  it('names built-in groups, a later replacement release and no duplicate entries', () => {
    const seen = new Set<string>();
    for (const r of REMOVED_APIS) {
      const key = `${r.apiVersion} ${r.kind}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      assert.ok(BUILT_IN_API_GROUPS.has(parseApiVersion(r.apiVersion).group), key);
      if (r.replacement !== undefined) {
        assert.ok(BUILT_IN_API_GROUPS.has(parseApiVersion(r.replacement).group), key);
        assert.ok(r.replacementSince !== undefined, key);
      }
    }
    assert.strictEqual(removedApi('apps/v1beta1', 'Deployment')?.removedIn, '1.16');
    assert.strictEqual(removedApi('autoscaling/v2beta2', 'HorizontalPodAutoscaler')?.replacement, 'autoscaling/v2');
    assert.strictEqual(removedApi('apps/v1', 'Deployment'), undefined);
  });
});
