/**
 * `podls check` in worker threads (cli/check-workers.ts): with the bundle as worker script and an input past
 * MIN_PARALLEL_CHARS, the findings (own and cross-file, suppressions included) equal the one-thread run's, in the
 * same order; a worker script that cannot start falls back to one thread with a warning; small inputs and `-j 1`
 * start no workers; `--jobs` is validated.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { MIN_PARALLEL_CHARS } from '../../server/src/cli/check';
import type { CheckFinding } from '../../server/src/cli/check';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const BUNDLE = path.join(REPO_ROOT, 'out', 'dist', 'podls.js');

function deployment(i: number): string {
  const app = i % 50 === 7 ? 'shared' : `app-${i}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  namespace: ns-${i % 3}
spec:
  replicas: ${i % 4}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: app
          image: registry.example.com/web:${i % 5 === 0 ? 'latest' : '1.2.3'}
          imagePullPolicy: ${i % 97 === 0 ? 'Sometimes' : 'IfNotPresent'}
          envFrom:
            - configMapRef:
                name: config-${i % 10}
          ports:
            - containerPort: ${8000 + (i % 100)}
              name: http
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\n  namespace: ns-1\nspec:\n  selector:\n    app: nobody\n  ports:\n    - port: 80\n';
const CONFIG_MAPS = [0, 1, 2, 3, 4].map((i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\n  namespace: ns-${i % 3}\n`).join('---\n');

/** A directory of ~`MIN_PARALLEL_CHARS * 1.5` of manifests in 120 files, with cross-file findings and a suppression. */
function bigWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-workers-'));
  const per = 5;
  let size = 0;
  let f = 0;
  for (; size < MIN_PARALLEL_CHARS * 1.5; f++) {
    const text = Array.from({ length: per }, (_, d) => deployment(f * per + d)).join('---\n');
    fs.writeFileSync(path.join(dir, `${String(f).padStart(4, '0')}.yaml`), text);
    size += text.length;
  }
  fs.writeFileSync(path.join(dir, 'service.yaml'), SERVICE);
  fs.writeFileSync(path.join(dir, 'service-ignored.yaml'), SERVICE.replace('name: lonely', 'name: ignored').replace('  selector:', '  # podls-ignore service-selects-nothing\n  selector:'));
  fs.writeFileSync(path.join(dir, 'config.yaml'), CONFIG_MAPS);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n\tlabels: {}\n');
  return dir;
}

/** The `namespace:` line of the document a finding is in. */
function namespaceOf(f: CheckFinding, dir: string): string {
  const docs = fs.readFileSync(path.isAbsolute(f.file) ? f.file : path.join(dir, path.basename(f.file)), 'utf8').split(/^---$/m);
  return /namespace: \S+/.exec(docs[f.document] ?? '')?.[0] ?? '';
}

async function check(argv: string[], workerScript?: string): Promise<{ code: number; findings: CheckFinding[]; err: string }> {
  const io = { ...capturedIo(), ...(workerScript !== undefined ? { workerScript } : {}), parallelism: 2 };
  const code = await main(['check', '--best-practices', '--output', 'json', ...argv], io);
  return { code, findings: JSON.parse(io.stdoutText() || '[]') as CheckFinding[], err: io.stderrText() };
}

describe('podls check in worker threads', function () {
  this.timeout(120_000);
  let dir = '';
  before(function () {
    if (!fs.existsSync(BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    dir = bigWorkspace();
  });
  after(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the one-thread findings, in the same order, own and cross-file', async () => {
    const one = await check(['-j', '1', dir], BUNDLE);
    const two = await check(['-j', '2', dir], BUNDLE);
    assert.strictEqual(one.code, 1);
    assert.strictEqual(two.code, 1);
    assert.strictEqual(two.err, '');
    assert.deepStrictEqual(two.findings, one.findings);
    const codes = new Set(two.findings.map((f) => f.code));
    for (const code of ['unsupported-value', 'image-tag-latest', 'yaml-tab-indentation', 'workload-selectors-overlap', 'service-selects-nothing', 'missing-reference']) {
      assert.ok(codes.has(code), `${code} is found`);
    }
    assert.ok(!two.findings.some((f) => f.file.endsWith('service-ignored.yaml') && f.code === 'service-selects-nothing'), 'suppressed in workers too');
    // Deployment 0 (ns-0) uses config-0, defined in ns-0 in config.yaml; Deployment 13 (ns-1) uses config-3, defined in ns-0 only.
    const missing = (file: string, doc: number): CheckFinding[] => two.findings.filter((f) => f.code === 'missing-reference' && f.file.endsWith(file) && f.document === doc);
    assert.deepStrictEqual(missing('0000.yaml', 0), [], 'a ConfigMap of another file is found');
    assert.match(missing('0002.yaml', 3)[0]?.message ?? '', /configmap "config-3" not found/);
  });

  it('with a Pod Security policy: the one-thread findings, related places included, also where a Namespace object overrides it', async () => {
    // ns-1 has a Namespace object (baseline enforced, restricted warned): its objects are judged on the main thread.
    const namespace = path.join(dir, 'namespace.yaml');
    fs.writeFileSync(namespace, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-1\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n');
    try {
      const policy = ['--pod-security', 'enforce=restricted'];
      const one = await check(['-j', '1', ...policy, dir], BUNDLE);
      const two = await check(['-j', '2', ...policy, dir], BUNDLE);
      assert.strictEqual(two.err, '');
      assert.deepStrictEqual(two.findings, one.findings);
      const rejected = two.findings.filter((f) => f.code === 'pod-security-pods-rejected');
      const configured = rejected.filter((f) => f.message.includes('the configured Pod Security policy'));
      assert.ok(configured.length > 50, `${configured.length} workloads rejected by the configured policy`);
      assert.ok(configured.every((f) => /namespace: ns-[02]/.test(f.object === undefined ? '' : namespaceOf(f, dir))), 'only outside ns-1');
      const warned = two.findings.filter((f) => f.code === 'pod-security' && f.message.startsWith('would violate PodSecurity "restricted:latest"'));
      assert.ok(warned.length > configured.length, 'ns-1 objects are warned by the namespace, the others by the configured policy');
      assert.ok(!rejected.some((f) => f.message.includes('namespace "ns-1"')), 'baseline admits these pod templates in ns-1');
      for (const f of warned) assert.ok((f.related?.length ?? 0) >= 2, `${f.file}:${f.range.start.line}: related places in JSON`);
      // Text output (no related places) alike in workers and in one thread.
      const text = async (jobs: string): Promise<string> => {
        const io = { ...capturedIo(), workerScript: BUNDLE, parallelism: 2 };
        await main(['check', '--best-practices', '-j', jobs, ...policy, dir], io);
        return io.stdoutText();
      };
      const oneText = await text('1');
      assert.strictEqual(await text('2'), oneText);
      assert.strictEqual(oneText.split('\n').filter((l) => l.endsWith('[pod-security]')).length, two.findings.filter((f) => f.code === 'pod-security').length);
    } finally {
      fs.rmSync(namespace);
    }
  });

  it('says in text mode how many worker threads did the work', async () => {
    const io = { ...capturedIo(), workerScript: BUNDLE, parallelism: 2 };
    await main(['check', dir], io);
    assert.match(io.stderrText(), /file\(s\) checked in 2 worker threads: \d+ error\(s\)/);
    const single = { ...capturedIo(), workerScript: BUNDLE, parallelism: 2 };
    await main(['check', '-j', '1', dir], single);
    assert.match(single.stderrText(), /file\(s\) checked: \d+ error\(s\)/);
  });

  it('falls back to one thread with a warning when workers cannot start', async () => {
    const one = await check(['-j', '1', dir]);
    const broken = await check(['-j', '2', dir], path.join(dir, 'no-such-bundle.js'));
    assert.match(broken.err, /^podls: warning: worker threads failed \(.+\); checking in one thread$/m);
    assert.deepStrictEqual(broken.findings, one.findings);
  });

  it('starts no workers for small inputs', async () => {
    const file = path.join(dir, 'service.yaml');
    const io = { ...capturedIo(), workerScript: path.join(dir, 'no-such-bundle.js'), parallelism: 2 };
    await main(['check', file], io);
    assert.doesNotMatch(io.stderrText(), /worker/);
  });

  it('rejects a --jobs that is not a positive thread count (exit 2)', async () => {
    for (const bad of ['0', '-3', 'two', '1.5', '1000']) {
      const io = capturedIo();
      assert.strictEqual(await main(['check', '-j', bad, dir], io), 2, bad);
      assert.match(io.stderrText(), /--jobs .*: expected a number of threads, 1 to 256/);
    }
  });
});
