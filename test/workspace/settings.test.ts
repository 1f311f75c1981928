/** `podls.*` settings parsed from whatever the client sends. */
import * as assert from 'assert';
import { DEFAULT_SETTINGS, normalizeKubernetesVersion, parseSettings, previousRevision } from '../../server/src/workspace/settings';

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
      previous: 'git:origin/main',
      podSecurity: { enforce: 'restricted', 'enforce-version': 'v1.30', warn: 'baseline', audit: '' },
    });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(settings, {
      openapi: ['/k8s/api'],
      kubernetesVersion: '1.29',
      rules: { 'image-tag-latest': 'warning', 'unknown-field': 'off' },
      bestPractices: true,
      missingReferences: 'warning',
      previous: 'git:origin/main',
      podSecurity: { enforce: 'restricted', 'enforce-version': 'v1.30', warn: 'baseline' },
    });
  });

  it('reads podls.previous: off, git:<rev>, and reports anything else', () => {
    assert.strictEqual(parseSettings({ previous: 'off' }).settings.previous, 'off');
    assert.strictEqual(parseSettings({}).settings.previous, 'git:HEAD');
    const bad = parseSettings({ previous: 'git:--output=x' });
    assert.strictEqual(bad.settings.previous, 'git:HEAD');
    assert.strictEqual(bad.problems.length, 1);
    assert.strictEqual(previousRevision('git:HEAD~1'), 'HEAD~1');
    assert.strictEqual(previousRevision('off'), undefined);
    assert.strictEqual(previousRevision('git:HEAD', false), undefined, 'untrusted: off');
  });

  it('reports podls.podSecurity keys that are not pod-security label names, bad values, and non-string values', () => {
    const { settings, problems } = parseSettings({ podSecurity: { enforce: 'Restricted', 'enforce-version': 'v1.05', 'pod-security.kubernetes.io/warn': 'restricted', warn: 3 } });
    assert.deepStrictEqual(settings.podSecurity, { enforce: 'Restricted', 'enforce-version': 'v1.05' }, 'kept: the apiserver applies bad values too');
    assert.deepStrictEqual(problems, [
      'podls.podSecurity.enforce: "Restricted" must be one of privileged, baseline, restricted',
      'podls.podSecurity.enforce-version: "v1.05" must be "latest" or "v1.x"',
      'podls.podSecurity: "pod-security.kubernetes.io/warn" is not one of enforce, enforce-version, audit, audit-version, warn, warn-version',
      'podls.podSecurity.warn: must be a string',
    ]);
    assert.deepStrictEqual(parseSettings({ podSecurity: 'restricted' }).problems, ['podls.podSecurity must be an object such as { "enforce": "restricted" }']);
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
