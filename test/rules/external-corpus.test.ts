/**
 * ../shared/external (real manifests nobody on the team wrote): the removed-API cases of invalid/ are found by
 * `removed-api-version`, and custom resources of valid/ and of the layouts get no `finalizers` error (the
 * apiextensions-apiserver checks their finalizers only as qualified names).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import { diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { REPO_ROOT, requireShared } from '../harness/shared';

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

describe('external corpus: removed APIs and custom resources', function () {
  let ctx: AnalysisContext;
  let external = '';
  before(function () {
    external = requireShared(this, 'external');
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) this.skip();
    ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, kubernetesVersion: '1.32' });
  });

  it('finds every removed-API-version case of invalid/ with an error at apiVersion naming the removal release', () => {
    const cases = yamlFilesUnder(path.join(external, 'invalid')).filter((f) => /"type": "NoMatch"/.test(fs.readFileSync(f, 'utf8')) && /removed|v1beta/.test(fs.readFileSync(f, 'utf8')));
    assert.ok(cases.length >= 7, `only ${cases.length} removed-API cases`);
    const missed: string[] = [];
    for (const file of cases) {
      const text = fs.readFileSync(file, 'utf8');
      const errors = diagnose(createSnapshot(file, 1, text), ctx).filter((d) => d.severity === 'error' && d.fieldPath === 'apiVersion');
      if (!errors.some((d) => d.code === 'removed-api-version' && /was removed in Kubernetes 1\.\d+/.test(d.message))) missed.push(path.basename(file));
    }
    assert.deepStrictEqual(missed, []);
  });

  it('reports no finalizers error on the custom resources of valid/ and of layouts 12 and 17 (Argo CD Applications)', () => {
    const files = [
      ...yamlFilesUnder(path.join(external, 'valid')),
      ...['12-argocd-app-of-apps', '17-istio-ambient-argo'].flatMap((l) => yamlFilesUnder(path.join(external, 'layouts', l))),
    ];
    const errors: string[] = [];
    let warned = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const d of diagnose(createSnapshot(file, 1, text), ctx)) {
        if (d.code !== 'finalizers') continue;
        if (d.severity === 'error') errors.push(`${path.relative(external, file)}: ${d.message}`);
        else warned++;
      }
    }
    assert.deepStrictEqual(errors, []);
    assert.ok(warned >= 6, `expected the apiserver's finalizer warnings on the Argo CD Applications, got ${warned}`);
  });
});
