/**
 * `podls explain --kubernetes-version V` against the real `kubectl explain` on a fake apiserver serving
 * release V's OpenAPI documents (../shared/k8s-openapi/V), for every release ../shared holds:
 * - a release the bundle carries: `--recursive pod` and `pod.spec.containers` are byte-identical (1.30: but
 *   for three `ip` fields of Pod status that kubernetes-types@1.30.0 declares optional where the served 1.30
 *   documents require them); every field path of pod, deployment and cronjob explains as podls explains the
 *   release's own OpenAPI documents (which the 1.35 goldens prove equal to kubectl) for at least 95% of them;
 * - a release no dependency carries (1.31, 1.35): a warning names the release used instead.
 * Skipped when ../shared, kubectl or python3 is absent, or when the bundle is not built.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import { explainText } from '../../server/src/schema/explain';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { servedModel } from '../../server/src/schema/releases';
import type { ReleaseBundle } from '../../server/src/schema/releases';
import { loadSchemaIndex } from '../../server/src/workspace/context';
import { loadOpenApiPaths } from '../../server/src/workspace/schema-source';
import { capturedIo } from '../harness/cli-io';
import { startFakeApiserver } from '../harness/fake-apiserver';
import type { FakeApiserver } from '../harness/fake-apiserver';
import { REPO_ROOT, sharedDir } from '../harness/shared';

const RELEASES_FILE = path.join(REPO_ROOT, 'out', 'dist', 'releases.json');

/** Lines of kubectl's 1.30 `--recursive pod` that podls's 1.30 schema prints without `-required-`. */
const KNOWN_1_30 = ['      ip\t<string> -required-'];

async function podls(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capturedIo();
  const code = await main(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** Lines only in `want` and lines only in `got` (a multiset difference, enough to name deviations). */
function lineDiff(want: string, got: string): { missing: string[]; extra: string[] } {
  const count = new Map<string, number>();
  for (const l of got.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  const missing: string[] = [];
  for (const l of want.split('\n')) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else missing.push(l);
  }
  const extra = [...count.entries()].flatMap(([l, n]) => Array<string>(n).fill(l));
  return { missing, extra };
}

/** Every field path under the kinds, walked through the OpenAPI model (cycles cut). */
function fieldPaths(index: SchemaIndex, typeId: string, prefix: readonly string[], seen: ReadonlySet<string>, out: string[][]): void {
  for (const f of index.typeById(typeId)?.fields ?? []) {
    const p = [...prefix, f.name];
    out.push(p);
    let r = f.type;
    while (r.kind === 'array' || r.kind === 'map') r = r.kind === 'array' ? r.items : r.values;
    if (r.kind === 'named' && !seen.has(r.id)) fieldPaths(index, r.id, p, new Set([...seen, r.id]), out);
  }
}

const shared = sharedDir();
const versions = shared === undefined ? [] : fs.readdirSync(path.join(shared, 'k8s-openapi')).sort();
const bundle: ReleaseBundle | undefined = fs.existsSync(RELEASES_FILE) ? (JSON.parse(fs.readFileSync(RELEASES_FILE, 'utf8')) as ReleaseBundle) : undefined;

describe('podls explain --kubernetes-version against kubectl', function () {
  it('has ../shared and the built bundle', function () {
    if (shared === undefined || bundle === undefined) {
      process.stdout.write(`      (skipped: ${shared === undefined ? '../shared is absent' : 'out/dist/releases.json is not built'})\n`);
      this.skip();
    }
    assert.ok(versions.length > 0);
  });
});

for (const version of versions) {
  const carried = bundle !== undefined && (bundle.base.version === version || bundle.releases.some((r) => r.version === version));

  describe(`podls explain --kubernetes-version ${version} (${carried ? 'bundled' : 'not carried'})`, function () {
    let server: FakeApiserver | undefined;
    const spec = path.join(shared ?? '', 'k8s-openapi', version);

    before(async function () {
      if (shared === undefined || bundle === undefined) this.skip();
      server = await startFakeApiserver(this, shared, spec);
    });

    after(function () {
      server?.stop();
    });

    if (carried) {
      it('--recursive pod equals kubectl', async function () {
        const want = await (server as FakeApiserver).kubectl(['explain', '--recursive', 'pod']);
        const got = await podls(['explain', '--kubernetes-version', version, '--recursive', 'pod']);
        assert.strictEqual(got.code, 0);
        assert.strictEqual(got.stderr, '');
        if (version === '1.30') {
          const d = lineDiff(want.stdout, got.stdout);
          assert.deepStrictEqual([...new Set(d.missing)], KNOWN_1_30);
          assert.deepStrictEqual([...new Set(d.extra)], KNOWN_1_30.map((l) => l.replace(' -required-', '')));
          process.stdout.write(`      (1.30: ${d.missing.length} known lines differ: HostIP.ip, PodIP.ip required)\n`);
        } else {
          assert.strictEqual(got.stdout, want.stdout);
        }
      });

      it('pod.spec.containers equals kubectl', async function () {
        const want = await (server as FakeApiserver).kubectl(['explain', 'pod.spec.containers']);
        const got = await podls(['explain', '--kubernetes-version', version, 'pod.spec.containers']);
        assert.strictEqual(got.stdout, want.stdout);
      });

      it('explains >= 95% of pod, deployment and cronjob field paths as the release OpenAPI does', function () {
        const openapi = createSchemaIndex(loadOpenApiPaths([spec]).model);
        const mine = createSchemaIndex(servedModel(loadSchemaIndex({ openapi: [], kubernetesVersion: version }).index.model));
        assert.strictEqual(mine.model.kubernetesVersion, version);
        let total = 0;
        const differ: string[] = [];
        for (const [resource, typeId] of [
          ['pods', 'io.k8s.api.core.v1.Pod'],
          ['deployments.apps', 'io.k8s.api.apps.v1.Deployment'],
          ['cronjobs.batch', 'io.k8s.api.batch.v1.CronJob'],
        ] as const) {
          const paths: string[][] = [];
          fieldPaths(openapi, typeId, [], new Set([typeId]), paths);
          for (const p of paths) {
            total++;
            if (explainText(openapi, resource, p, { recursive: false }).text !== explainText(mine, resource, p, { recursive: false }).text) {
              differ.push(`${resource}.${p.join('.')}`);
            }
          }
        }
        process.stdout.write(`      ${version}: ${total - differ.length}/${total} field paths identical\n`);
        assert.ok(total > 3000, `only ${total} paths`);
        assert.ok(differ.length <= total * 0.05, `${differ.length} differ, e.g. ${differ.slice(0, 5).join(', ')}`);
      });
    } else {
      it('warns that no dependency carries the release and names the one used', async function () {
        const got = await podls(['explain', '--kubernetes-version', version, 'pod.spec.os']);
        assert.strictEqual(got.code, 0);
        assert.match(got.stderr, new RegExp(`^podls: warning: no bundled schema for Kubernetes ${version.replace('.', '\\.')} \\(no npm dependency carries it\\): using 1\\.\\d+\\n$`));
        const want = await (server as FakeApiserver).kubectl(['explain', '--recursive', 'pod']);
        const mine = await podls(['explain', '--kubernetes-version', version, '--recursive', 'pod']);
        const d = lineDiff(want.stdout, mine.stdout);
        process.stdout.write(`      ${version} (not carried): --recursive pod differs from kubectl in ${d.missing.length + d.extra.length} lines\n`);
      });
    }
  });
}

describe('podls explain --kubernetes-version arguments', function () {
  it('names the bundled releases and those without a schema in --version', async function () {
    if (bundle === undefined) this.skip();
    const got = await podls(['--version']);
    assert.match(got.stdout, /; bundled releases: 1\.30, 1\.32, 1\.33, 1\.34, 1\.36 \(no schema for 1\.31, 1\.35\)\)\n$/);
  });

  it('rejects a malformed version with a usage error', async function () {
    const got = await podls(['explain', '--kubernetes-version', '1.x', 'pod']);
    assert.deepStrictEqual(got, { code: 2, stdout: '', stderr: 'podls: --kubernetes-version 1.x: expected a version like 1.30\n' });
  });

  it('keeps the explain text of the default schema unchanged by the release data (no release line)', async function () {
    if (bundle === undefined) this.skip();
    const got = await podls(['explain', 'pod.spec.hostnameOverride']);
    assert.strictEqual(got.code, 0);
    assert.match(got.stdout, /^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELD: hostnameOverride <string>\n\n\nDESCRIPTION:\n/);
    assert.ok(!/Since|1\.34/.test(got.stdout), got.stdout);
  });

  it('explains a field the target does not serve as kubectl does', async function () {
    if (bundle === undefined) this.skip();
    const got = await podls(['explain', '--kubernetes-version', '1.33', 'pod.spec.hostnameOverride']);
    assert.deepStrictEqual(got, { code: 1, stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "hostnameOverride" does not exist\n' });
  });
});
