/**
 * `podls lifecycle` (server/src/cli/lifecycle.ts) with captured output: formats, presets, scenario files,
 * exit codes (0 printed, 1 invalid spec, 2 usage or I/O error).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runLifecycle, type LifecycleArgs } from '../../server/src/cli/lifecycle';
import type { Timeline } from '../../server/src/lifecycle/model';
import { REPO_ROOT } from '../harness/shared';

function run(args: LifecycleArgs, files: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runLifecycle(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (p) => {
      const f = files[p];
      if (f !== undefined) return f;
      return fs.readFileSync(path.resolve(REPO_ROOT, p), 'utf8');
    },
  });
  return { code, stdout, stderr };
}

const example = 'examples/pod-init-sidecar.yaml';

describe('lifecycle CLI (podls lifecycle)', () => {
  it('prints a readable timeline for the example Pod: init containers, sidecar before app, Ready', () => {
    const r = run({ file: example, format: 'text', until: 120 });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(r.stderr, '');
    const lines = r.stdout.split('\n');
    const started = lines.filter((l) => l.includes('ContainerStarted')).map((l) => l.split(/\s+/).slice(0, 2).join(' '));
    assert.deepStrictEqual(started, ['1s wait-for-db', '4s migrate', '7s log-shipper', '7s app']);
    assert.ok(lines.some((l) => /^12s\s+=>\s+Running \| STATUS Running \| READY 2\/2/.test(l)), r.stdout);
    assert.ok(r.stdout.includes('web   2/2    Running  0         2m   Running'), r.stdout);
  });

  it('--format json prints the Timeline; --format svg the diagram', () => {
    const json = run({ file: example, format: 'json', scenario: 'delete-at:30', until: 100 });
    assert.strictEqual(json.code, 0);
    const tl = JSON.parse(json.stdout) as Timeline;
    assert.deepStrictEqual(Object.keys(tl), ['events', 'snapshots', 'warnings']);
    assert.ok(tl.events.some((e) => e.type === 'Deleted' && e.t === 30));
    const first = tl.snapshots[0];
    assert.ok(first);
    assert.deepStrictEqual(Object.keys(first.conditions), ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);
    const svg = run({ file: example, format: 'svg' });
    assert.strictEqual(svg.code, 0);
    assert.ok(svg.stdout.startsWith('<svg '));
  });

  it('accepts a scenario JSON file and reports its errors with exit 2', () => {
    const ok = run({ file: example, format: 'text', scenario: 's.json' }, { 's.json': JSON.stringify({ until: 50, containers: { app: { runs: [{ exitAfter: 5, exitCode: 1 }] } } }) });
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.ok(ok.stdout.includes('CrashLoopBackOff'));
    const bad = run({ file: example, format: 'text', scenario: 'bad.json' }, { 'bad.json': '{"until": "soon"}' });
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(bad.stderr, 'podls lifecycle: bad.json: until: expected whole seconds (an integer >= 0), got "soon"\n');
  });

  it('an unknown preset lists the presets; unreadable files and missing documents exit 2', () => {
    const r = run({ file: example, format: 'text', scenario: 'nope' });
    assert.strictEqual(r.code, 2);
    assert.ok(r.stderr.includes('init-fails-once:migrate'));
    assert.strictEqual(run({ file: 'missing.yaml', format: 'text' }).code, 2);
    assert.strictEqual(run({ file: example, format: 'text', doc: 3 }).code, 2);
    assert.strictEqual(run({ file: 'cm.yaml', format: 'text' }, { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\n' }).code, 2);
    assert.strictEqual(run({ file: 'bad.yaml', format: 'text' }, { 'bad.yaml': 'kind: Pod\nspec: [\n' }).code, 2);
  });

  it('an invalid spec prints the VAL warnings and exits 1', () => {
    const r = run({ file: 'p.yaml', format: 'text' }, { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - {name: i, image: x, livenessProbe: {exec: {command: [x]}}}\n  containers:\n  - {name: a, image: x}\n' });
    assert.strictEqual(r.code, 1);
    assert.ok(r.stdout.includes('[VAL-1]'));
  });

  it('picks the first document with a Pod spec, or --doc', () => {
    const two = '---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: x}\n';
    const r = run({ file: 'two.yaml', format: 'text', until: 10 }, { 'two.yaml': two });
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith('Pod p '));
    assert.strictEqual(run({ file: 'two.yaml', format: 'text', doc: 0 }, { 'two.yaml': two }).code, 2);
  });
});
