/** `podls.*` settings parsed from whatever the client sends. */
import * as assert from 'assert';
import { DEFAULT_SETTINGS, normalizeKubernetesVersion, parseSettings } from '../../server/src/workspace/settings';

describe('workspace/settings', () => {
  it('defaults when the section is missing or not an object', () => {
    assert.deepStrictEqual(parseSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepStrictEqual(parseSettings('nonsense').settings, DEFAULT_SETTINGS);
  });

  it('reads every setting', () => {
    const { settings, problems } = parseSettings({
      schema: { openapi: ['/k8s/api', ''] },
      kubernetesVersion: 'v1.29.3',
      rules: { 'image-tag-latest': 'warning', 'unknown-field': 'off' },
      bestPractices: true,
      missingReferences: 'warning',
    });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(settings, {
      openapi: ['/k8s/api'],
      kubernetesVersion: '1.29',
      rules: { 'image-tag-latest': 'warning', 'unknown-field': 'off' },
      bestPractices: true,
      missingReferences: 'warning',
    });
  });

  it('reports bad entries and keeps the good ones', () => {
    const { settings, problems } = parseSettings({ kubernetesVersion: 'latest', rules: { a: 'loud', b: 'hint' }, schema: { openapi: 3 } });
    assert.strictEqual(settings.kubernetesVersion, undefined);
    assert.deepStrictEqual(settings.rules, { b: 'hint' });
    assert.strictEqual(problems.length, 3);
  });

  it('parses Kubernetes versions', () => {
    assert.strictEqual(normalizeKubernetesVersion('1.30'), '1.30');
    assert.strictEqual(normalizeKubernetesVersion('v1.31.2'), '1.31');
    assert.strictEqual(normalizeKubernetesVersion('1'), undefined);
  });
});
