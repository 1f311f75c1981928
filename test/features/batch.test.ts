/**
 * features/batch.ts: analysing files one by one and running the cross-file rules over their reports gives what
 * `diagnose` + `crossFileDiagnostics` give over the whole workspace (the server's path), on the navigation
 * workspace fixture (missing references, a Service, labels), on examples/ and on a workspace built to fire every
 * cross-file rule, with and without a `# podls-ignore` on a cross-file finding.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { analyseFile, heldPodSecurityFindings } from '../../server/src/features/batch';
import { crossFileDiagnostics, crossFileFindings, placeCrossFileFindings } from '../../server/src/features/cross-file';
import { diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext, DiagnosticInfo } from '../../server/src/features/diagnostics';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { REPO_ROOT } from '../harness/shared';
import { loadWorkspace } from './navigation-workspace';

function sortKey(d: DiagnosticInfo): string {
  return `${String(d.range.start).padStart(9, '0')} ${d.code} ${d.message}`;
}

/** Per URI: the server path's diagnostics and the batch path's, both sorted. */
function bothWays(files: readonly Snapshot[], ctx: AnalysisContext): { server: Map<string, string[]>; batch: Map<string, string[]> } {
  const render = (list: readonly DiagnosticInfo[]): string[] => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b))).map((d) => `${d.range.start}-${d.range.end} ${d.severity} ${d.code} ${d.message}`);
  const cross = crossFileDiagnostics(files, files, ctx);
  const server = new Map(files.map((s) => [s.uri, render([...diagnose(s, ctx), ...(cross.get(s.uri) ?? [])])]));
  const reports = files.map((s) => analyseFile(createSnapshot(s.uri, 0, s.text), ctx));
  const found = crossFileFindings(
    reports.map((r) => r.facts),
    ctx,
  ).byUri;
  const batch = new Map<string, string[]>();
  files.forEach((s, i) => {
    const f = found.get(s.uri);
    let parsed = 0;
    const placed = f === undefined ? [] : placeCrossFileFindings(s, f, () => (parsed++, createSnapshot(s.uri, 0, s.text)));
    if (f !== undefined && f.workspace.length === 0) assert.strictEqual(parsed, 0, `${s.uri}: parsed again although only missing references were found`);
    batch.set(s.uri, render([...(reports[i]?.diagnostics ?? []), ...heldPodSecurityFindings(reports[i]?.podSecurity ?? [], f), ...placed]));
  });
  return { server, batch };
}

const SERVICE = (selector: string, extra = ''): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n${extra}  selector:\n    app: ${selector}\n  ports:\n    - port: 80\n`;
const DEPLOYMENT = (name: string, app: string): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: ${name}-config\n`;

describe('batch analysis (podls check) equals the server path', () => {
  let ctx: AnalysisContext;
  before(() => {
    ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true });
  });

  it('on the navigation workspace fixture', () => {
    const { server, batch } = bothWays(loadWorkspace(), ctx);
    assert.deepStrictEqual(batch, server);
    assert.ok([...server.values()].flat().some((d) => d.includes('missing-reference')), 'the fixture has missing references');
  });

  it('on examples/', () => {
    const dir = path.join(REPO_ROOT, 'examples');
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => createSnapshot(f, 0, fs.readFileSync(path.join(dir, f), 'utf8')));
    const { server, batch } = bothWays(files, ctx);
    assert.deepStrictEqual(batch, server);
  });

  it('on a workspace where every cross-file rule fires, with a suppression', () => {
    const files = [
      createSnapshot('a.yaml', 0, `${DEPLOYMENT('one', 'web')}---\n${DEPLOYMENT('two', 'web')}`),
      createSnapshot('b.yaml', 0, SERVICE('nothing')),
      createSnapshot('c.yaml', 0, SERVICE('nothing-either').replace('  selector:', '  # podls-ignore service-selects-nothing\n  selector:')),
      createSnapshot('d.yaml', 0, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one-config\n  namespace: shop\n'),
    ];
    const { server, batch } = bothWays(files, ctx);
    assert.deepStrictEqual(batch, server);
    const codes = new Set([...batch.values()].flat().map((d) => d.split(' ')[2]));
    for (const code of ['workload-selectors-overlap', 'service-selects-nothing', 'missing-reference']) assert.ok(codes.has(code), `${code} fires`);
    assert.ok(!(batch.get('c.yaml') ?? []).some((d) => d.includes('service-selects-nothing')), 'the comment suppresses it');
    assert.ok(!(batch.get('a.yaml') ?? []).some((d) => d.includes('"one-config"')), 'a defined ConfigMap is not missing');
    assert.ok((batch.get('a.yaml') ?? []).some((d) => d.includes('"two-config"')), 'an undefined ConfigMap is missing');
  });

  it('drops missing references when the rule is off', () => {
    const off = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, missingReferences: 'off' });
    const files = [createSnapshot('a.yaml', 0, DEPLOYMENT('one', 'web'))];
    const found = crossFileFindings(
      files.map((s) => analyseFile(s, off).facts),
      off,
    ).byUri;
    assert.strictEqual(found.size, 0);
    assert.deepStrictEqual(bothWays(files, off).batch, bothWays(files, off).server);
  });

  describe('Pod Security (a Namespace in another file, related fields, objects)', () => {
    const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n';
    const POD =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\n  namespace: shop\nspec:\n  hostNetwork: true\n  volumes:\n    - name: proc\n      hostPath: {path: /proc}\n  containers:\n    - name: agent\n      image: agent:1\n      ports:\n        - containerPort: 9100\n      securityContext:\n        privileged: true # comment\n';
    const LIST = `apiVersion: v1\nkind: List\nitems:\n  - ${DEPLOYMENT('listed', 'listed').trimEnd().split('\n').join('\n    ')}\n`;

    /** Full diagnostics (related ranges and objects included) both ways, and how many files the batch path parsed again. */
    function fullBothWays(files: readonly Snapshot[], c: AnalysisContext): { server: unknown; batch: unknown; parsed: number } {
      const sorted = (list: readonly DiagnosticInfo[]): DiagnosticInfo[] => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      const cross = crossFileDiagnostics(files, files, c);
      const server = files.map((f) => sorted([...diagnose(f, c), ...(cross.get(f.uri) ?? [])]));
      const reports = files.map((f) => analyseFile(createSnapshot(f.uri, 0, f.text), c));
      const found = crossFileFindings(
        reports.map((r) => r.facts),
        c,
      ).byUri;
      let parsed = 0;
      const batch = files.map((f, i) => {
        const x = found.get(f.uri);
        const placed = x === undefined ? [] : placeCrossFileFindings(f, x, () => (parsed++, createSnapshot(f.uri, 0, f.text)));
        return sorted([...(reports[i]?.diagnostics ?? []), ...heldPodSecurityFindings(reports[i]?.podSecurity ?? [], x), ...placed]);
      });
      return { server, batch, parsed };
    }

    it('a labelled Namespace in another file applies; both paths agree to the related ranges', () => {
      const files = [createSnapshot('ns.yaml', 0, NS), createSnapshot('pod.yaml', 0, POD), createSnapshot('list.yaml', 0, LIST)];
      const { server, batch } = fullBothWays(files, ctx);
      assert.deepStrictEqual(batch, server);
      const pod = (server as DiagnosticInfo[][])[1]?.find((d) => d.code === 'pod-security');
      assert.ok(pod !== undefined, 'the Pod is rejected by the namespace in ns.yaml');
      assert.strictEqual(pod.object, 'Pod/agent');
      assert.strictEqual(pod.related?.length, 4, 'hostNetwork, the hostPath volume, the defaulted hostPort and privileged');
      const listed = (server as DiagnosticInfo[][])[2]?.find((d) => d.code === 'pod-security');
      assert.strictEqual(listed?.object, 'Deployment/listed');
    });

    it('with a configured policy: each item of a List gets its own findings; a Namespace object elsewhere supersedes the configured policy', () => {
      const configured = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true, podSecurity: { enforce: 'restricted' } });
      const item = (name: string, ns: string): string => `  - ${DEPLOYMENT(name, name).replace('namespace: shop', `namespace: ${ns}`).trimEnd().split('\n').join('\n    ')}\n`;
      const list = `apiVersion: v1\nkind: List\nitems:\n${item('one', 'other')}${item('two', 'shop')}${item('three', 'other')}`;
      const files = [createSnapshot('list.yaml', 0, list), createSnapshot('ns.yaml', 0, NS), createSnapshot('pod.yaml', 0, POD.replace('  namespace: shop\n', ''))];
      const { server, batch } = fullBothWays(files, configured);
      assert.deepStrictEqual(batch, server);
      const listed = (server as DiagnosticInfo[][])[0] ?? [];
      const rejected = listed.filter((d) => d.code === 'pod-security-pods-rejected').map((d) => `${d.object} ${d.message.includes('the configured') ? 'configured' : 'namespace'}`);
      assert.deepStrictEqual(rejected.sort(), ['Deployment/one configured', 'Deployment/three configured']);
      const two = listed.filter((d) => d.object === 'Deployment/two' && d.code === 'pod-security');
      assert.strictEqual(two.length, 1);
      assert.match(two[0]?.message ?? '', /^would violate PodSecurity "restricted:latest"/, "shop's warn level, not the configured enforce");
      const report = analyseFile(files[0]!, configured);
      assert.deepStrictEqual(report.podSecurity.map((r) => r.object), [0, 1, 2], 'findings per List item');
      const found = crossFileFindings(
        [report.facts, analyseFile(files[1]!, configured).facts],
        configured,
      );
      assert.deepStrictEqual(found.byUri.get('list.yaml')?.superseded, [1], 'the item in shop is judged by the Namespace object');
    });

    it('without related places (text output), the configured policy gives the same findings, only without `related`', () => {
      const configured = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true, podSecurity: { enforce: 'restricted' } });
      const pod = createSnapshot('pod.yaml', 0, POD.replace('  namespace: shop\n', ''));
      const full = analyseFile(pod, configured).podSecurity.flatMap((r) => r.findings);
      const bare = analyseFile(pod, configured, undefined, { related: false }).podSecurity.flatMap((r) => r.findings);
      assert.ok(full.length === 1 && (full[0]?.related?.length ?? 0) > 4, 'the Pod is rejected, each offending field a related place');
      assert.deepStrictEqual(
        bare,
        full.map(({ related: _related, ...rest }) => rest),
      );
    });

    it('with a configured policy, the findings are placed while analysing (no second parse)', () => {
      const configured = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, bestPractices: true, podSecurity: { enforce: 'restricted' } });
      const files = [createSnapshot('pod.yaml', 0, POD.replace('  namespace: shop\n', '')), createSnapshot('list.yaml', 0, LIST.replace(/namespace: shop/g, 'namespace: other'))];
      const { server, batch, parsed } = fullBothWays(files, configured);
      assert.deepStrictEqual(batch, server);
      assert.strictEqual(parsed, 0);
      assert.ok((server as DiagnosticInfo[][]).flat().some((d) => d.code === 'pod-security-pods-rejected'));
    });
  });
});

