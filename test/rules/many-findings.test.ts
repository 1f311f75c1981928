/**
 * Objects with more findings than a function call takes arguments: rules append findings one by one
 * (util/arrays.ts `appendAll`), so a selector of 150,000 bad labels reports every one of them instead of failing
 * with a RangeError that the engine would swallow.
 */
import * as assert from 'assert';
import { checkObject } from '../../server/src/rules/engine';
import { appendAll } from '../../server/src/util/arrays';

describe('many findings in one object', () => {
  const COUNT = 150_000;

  it('appendAll appends more items than push(...items) can take', () => {
    const items = Array.from({ length: COUNT }, (_, i) => i);
    assert.strictEqual(appendAll([-1], items).length, COUNT + 1);
  });

  it('a Deployment selector with 150,000 invalid label keys gets 150,000 findings', () => {
    const matchLabels: Record<string, string> = {};
    for (let i = 0; i < COUNT; i++) matchLabels[`bad key ${i}`] = 'web';
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    };
    const findings = checkObject({ kind: 'Deployment', apiVersion: 'apps/v1', object, basePath: [] }, { kubernetesVersion: '1.35', severities: {}, bestPractices: false });
    const onSelector = findings.filter((f) => f.ruleId === 'workload-selector' && JSON.stringify(f.path).includes('bad key'));
    assert.strictEqual(onSelector.length, COUNT, `${findings.length} findings: ${findings.slice(0, 3).map((f) => `${f.ruleId} ${f.message}`).join('; ')}`);
  });
});
