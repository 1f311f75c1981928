/**
 * features/kustomize.ts: the layout of a repository (kustomize patches and labels, generators, charts, deployment
 * units) and how diagnostics use it, on the fixture tree test/fixtures/kustomize and small inline layouts.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { diagnose } from '../../server/src/features/diagnostics';
import { crossFileDiagnostics } from '../../server/src/features/cross-file';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { buildProjectLayout, DEFAULT_ROLE, fileRole, layoutOfSnapshots, TREE_UNIT, withKustomizeLabels } from '../../server/src/features/kustomize';
import { REPO_ROOT } from '../harness/shared';
import { defaultContext } from './fixtures';

const TREE = path.join(REPO_ROOT, 'test', 'fixtures', 'kustomize');

/** Every YAML file of the fixture tree as a snapshot whose URI is its path relative to the tree. */
function treeSnapshots(): Snapshot[] {
  const out: Snapshot[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.ya?ml$/.test(entry.name)) out.push(createSnapshot(path.relative(TREE, full), 1, fs.readFileSync(full, 'utf8')));
    }
  };
  visit(TREE);
  return out;
}

describe('features/kustomize', function () {
  let ctx: AnalysisContext;
  before(function () {
    ctx = defaultContext(this);
  });

  it('gives patches, labelled resources and stray files their roles and units', () => {
    const layout = layoutOfSnapshots(treeSnapshots(), (uri) => uri);
    const staging = 'kustomize:overlays/staging';
    const production = 'kustomize:overlays/production';
    assert.deepStrictEqual(fileRole(layout, 'overlays/staging/replicas-patch.yaml'), { patch: true, units: [staging] });
    assert.deepStrictEqual(fileRole(layout, 'overlays/staging/delete-sidecar.yaml'), { patch: true, units: [staging] });
    const base = fileRole(layout, 'base/deployment.yaml');
    assert.deepStrictEqual(base.selectorLabels, { app: 'web', tier: 'frontend' }, 'commonLabels of the base, labels.includeSelectors of an overlay');
    assert.deepStrictEqual([...base.units].sort(), [production, staging], 'a base belongs to every build that includes it');
    assert.deepStrictEqual(fileRole(layout, 'copies/web.yaml'), DEFAULT_ROLE);
    assert.deepStrictEqual(layout.generated.get(staging), ['ConfigMap|default|web-config']);
  });

  it('shares the units of a kustomization directory with files it does not name, and of a chart with its files', () => {
    const layout = buildProjectLayout(
      [{ path: 'app/kustomization.yaml', value: { resources: ['a.yaml'] } }],
      ['chart/Chart.yaml'],
    );
    assert.deepStrictEqual(fileRole(layout, 'app/b.yaml').units, ['kustomize:app']);
    assert.deepStrictEqual(fileRole(layout, 'chart/templates/deployment.yaml').units, ['chart:chart']);
    assert.deepStrictEqual(fileRole(layout, 'other/c.yaml').units, [TREE_UNIT]);
  });

  it('reads patch entries in every form and ignores remote resources', () => {
    const layout = buildProjectLayout(
      [
        {
          path: 'o/kustomization.yaml',
          value: {
            resources: ['https://github.com/org/repo//deploy?ref=v1', 'github.com/org/repo/dir', 'local.yaml'],
            patches: ['legacy.yaml', { path: 'p.yaml', target: { kind: 'Deployment' } }, { patch: 'apiVersion: v1\nkind: X\n' }],
            patchesJson6902: [{ path: 'ops.yaml', target: { kind: 'Deployment', name: 'web' } }],
            patchesStrategicMerge: ['smp.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'],
          },
        },
      ],
      [],
    );
    for (const file of ['legacy.yaml', 'p.yaml', 'ops.yaml', 'smp.yaml']) assert.strictEqual(fileRole(layout, `o/${file}`).patch, true, file);
    assert.strictEqual(fileRole(layout, 'o/local.yaml').patch, undefined);
    assert.deepStrictEqual([...layout.roles.keys()].sort(), ['o/legacy.yaml', 'o/local.yaml', 'o/ops.yaml', 'o/p.yaml', 'o/smp.yaml']);
  });

  it('recognises kubeadm patch files by their names', () => {
    assert.strictEqual(fileRole(buildProjectLayout([], []), 'kind/patches/kube-controller-manager.yaml').patch, true);
    assert.strictEqual(fileRole(buildProjectLayout([], []), 'kind/patches/etcd+json.json').patch, true);
    assert.strictEqual(fileRole(buildProjectLayout([], []), 'kind/patches/web.yaml').patch, undefined);
    assert.strictEqual(fileRole(buildProjectLayout([], []), 'kind/kube-controller-manager.yaml').patch, undefined);
  });

  it('adds labels where kustomize adds them', () => {
    const role = { selectorLabels: { app: 'web' }, units: [TREE_UNIT] };
    const deployment = { metadata: { name: 'web' }, spec: { template: { spec: {} } } };
    assert.deepStrictEqual(withKustomizeLabels('Deployment', deployment, role), {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { template: { spec: {}, metadata: { labels: { app: 'web' } } }, selector: { matchLabels: { app: 'web' } } },
    });
    assert.deepStrictEqual(withKustomizeLabels('Service', { spec: { ports: [] } }, role), { spec: { ports: [], selector: { app: 'web' } }, metadata: { labels: { app: 'web' } } });
    // A Job's selector is generated by the apiserver: kustomize adds to it only when it is written.
    const job = withKustomizeLabels('Job', { spec: { template: { spec: {} } } }, role) as { spec: Record<string, unknown> };
    assert.strictEqual(job.spec['selector'], undefined);
    assert.strictEqual(withKustomizeLabels('Deployment', deployment, DEFAULT_ROLE), deployment);
  });

  it('diagnoses patches as partial objects and resources with their kustomize labels', () => {
    const snapshots = treeSnapshots();
    const layout = layoutOfSnapshots(snapshots, (uri) => uri);
    const shown = snapshots.flatMap((s) => diagnose(s, ctx, undefined, fileRole(layout, s.uri)).map((d) => `${s.uri} ${d.code} ${d.fieldPath ?? ''}`));
    assert.deepStrictEqual(shown, [
      'overlays/staging/mistakes-patch.yaml unknown-field spec.replicass',
      'overlays/staging/mistakes-patch.yaml unsupported-value spec.template.spec.containers[0].imagePullPolicy',
    ]);
    // Without the layout, the same files are full of false errors.
    const plain = snapshots.flatMap((s) => diagnose(s, ctx).map((d) => d.code));
    for (const code of ['required-field', 'container-image-required', 'selector-template-mismatch', 'unknown-field']) assert.ok(plain.includes(code), code);
  });

  it('judges cross-file rules within deployment units, with generated names defined', () => {
    const snapshots = treeSnapshots();
    const layout = layoutOfSnapshots(snapshots, (uri) => uri);
    const view = { roleOf: (uri: string) => fileRole(layout, uri), generated: layout.generated };
    const byUri = crossFileDiagnostics(snapshots, snapshots, ctx, {}, view);
    const shown = [...byUri].flatMap(([uri, list]) => list.map((d) => `${uri} ${d.code}`)).sort();
    // The copies overlap each other (one unit), not the kustomize builds; web-config is generated.
    assert.deepStrictEqual(shown, ['copies/web.yaml workload-selectors-overlap', 'copies/web.yaml workload-selectors-overlap']);
    const flat = crossFileDiagnostics(snapshots, snapshots, ctx);
    const codes = [...flat.values()].flat().map((d) => d.code);
    assert.ok(codes.includes('missing-reference'), `without the layout web-config is missing: ${codes.join(', ')}`);
  });
});
