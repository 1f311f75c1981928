/**
 * `podls check --previous PATH...` and `--previous-ref REV` (issue 14) through `main(argv, io)`: findings against
 * files and live objects, against a git revision of a temporary repository, matching across files, the JSON
 * contract (apiserver `fieldPath` and `errorType`), consequences off by default, and the silent cases (a file
 * outside a repository, an unknown revision).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';
import { git, hasGit } from '../harness/git';

const schemaBuilt = fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo();
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

function deployment(selector: string, image = 'nginx:1.27'): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: ${selector}}\n  template:\n    metadata:\n      labels: {app: ${selector}}\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n`;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';


function findings(out: string): { code: string; fieldPath?: string; errorType?: string; file: string; severity: string }[] {
  return (JSON.parse(out) as CheckFinding[]).map((f) => ({ code: f.code, file: path.basename(f.file), severity: f.severity, ...(f.fieldPath !== undefined ? { fieldPath: f.fieldPath } : {}), ...(f.errorType !== undefined ? { errorType: f.errorType } : {}) }));
}

describe('podls check --previous / --previous-ref', function () {
  let dir: string;
  before(function () {
    if (!schemaBuilt) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-prev-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--previous takes one path per flag (repeatable); the rest are the files to check', async () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), deployment('web'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), SERVICE.replace('ports: [{port: 80}]', 'clusterIP: 10.0.0.1\n  ports: [{port: 80}]'));
    fs.writeFileSync(path.join(dir, 'new.yaml'), `${deployment('api')}---\n${SERVICE.replace('ports: [{port: 80}]', 'clusterIP: 10.0.0.2\n  ports: [{port: 80}]')}`);
    const r = await run(['check', '-o', 'json', '--previous', path.join(dir, 'a.yaml'), '--previous', path.join(dir, 'b.yaml'), path.join(dir, 'new.yaml')]);
    assert.deepStrictEqual(
      findings(r.out).filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.fieldPath ?? ''}`),
      ['selector-immutable spec.selector', 'service-cluster-ip-immutable spec.clusterIPs[0]'],
    );
  });

  it('--previous: objects are matched across files; the JSON carries the apiserver path and type', async () => {
    fs.mkdirSync(path.join(dir, 'old'));
    fs.mkdirSync(path.join(dir, 'new'));
    // Previously in one file with the Service, now alone in its own file.
    fs.writeFileSync(path.join(dir, 'old', 'all.yaml'), `${deployment('web')}---\n${SERVICE}`);
    fs.writeFileSync(path.join(dir, 'new', 'deploy.yaml'), deployment('web2'));
    fs.writeFileSync(path.join(dir, 'new', 'svc.yaml'), SERVICE.replace('port: 80', 'port: 8080'));
    const r = await run(['check', '-o', 'json', '--previous', path.join(dir, 'old'), path.join(dir, 'new')]);
    assert.strictEqual(r.code, 1, r.err);
    assert.deepStrictEqual(
      findings(r.out).filter((f) => f.severity === 'error'),
      [{ code: 'selector-immutable', file: 'deploy.yaml', severity: 'error', fieldPath: 'spec.selector', errorType: 'Invalid' }],
    );
  });

  it('--previous with live objects (kubectl get -o yaml): the last-applied configuration decides deletions', async () => {
    const live = deployment('web').replace(
      '  namespace: shop\n',
      "  namespace: shop\n  uid: 0b1c\n  resourceVersion: \"42\"\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}}'\n",
    );
    fs.writeFileSync(path.join(dir, 'live.yaml'), `apiVersion: v1\nkind: List\nitems:\n- ${live.trimEnd().split('\n').join('\n  ')}\n`);
    fs.writeFileSync(path.join(dir, 'new.yaml'), deployment('web', 'nginx:1.28'));
    const ok = await run(['check', '--previous', path.join(dir, 'live.yaml'), path.join(dir, 'new.yaml')]);
    assert.strictEqual(ok.code, 0, ok.out + ok.err);
    fs.writeFileSync(path.join(dir, 'new.yaml'), deployment('api'));
    const refused = await run(['check', '--previous', path.join(dir, 'live.yaml'), path.join(dir, 'new.yaml')]);
    assert.strictEqual(refused.code, 1);
    assert.match(refused.out, /spec\.selector: Invalid value: .*field is immutable \[selector-immutable\]/);
  });

  it('consequences are off by default and on with --rule update-consequence=info', async () => {
    fs.writeFileSync(path.join(dir, 'old.yaml'), deployment('web'));
    fs.writeFileSync(path.join(dir, 'new.yaml'), deployment('web', 'nginx:1.28'));
    const quiet = await run(['check', '-o', 'json', '--previous', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
    assert.deepStrictEqual(findings(quiet.out), []);
    const loud = await run(['check', '-o', 'json', '--rule', 'update-consequence=info', '--previous', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
    assert.deepStrictEqual(findings(loud.out), [{ code: 'update-consequence', file: 'new.yaml', severity: 'information', fieldPath: 'spec.template' }]);
    assert.strictEqual(loud.code, 0);
  });

  it('--previous-ref: the same files at a git revision', async function () {
    if (!hasGit()) this.skip();
    fs.writeFileSync(path.join(dir, 'web.yaml'), deployment('web'));
    fs.writeFileSync(path.join(dir, 'same.yaml'), SERVICE);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'init');
    fs.writeFileSync(path.join(dir, 'web.yaml'), deployment('web2'));
    fs.writeFileSync(path.join(dir, 'added.yaml'), deployment('x').replace('name: web', 'name: x'));
    const r = await run(['check', '-o', 'json', '--previous-ref', 'HEAD', dir]);
    assert.deepStrictEqual(
      findings(r.out).filter((f) => f.severity === 'error'),
      [{ code: 'selector-immutable', file: 'web.yaml', severity: 'error', fieldPath: 'spec.selector', errorType: 'Invalid' }],
    );
    // Unknown revisions and files outside a repository are silently off.
    const unknown = await run(['check', '--previous-ref', 'no-such-branch', dir]);
    assert.strictEqual(unknown.code, 0, unknown.out);
  });

  it('--previous-ref outside a repository is silently off; both flags at once is a usage error', async () => {
    fs.writeFileSync(path.join(dir, 'web.yaml'), deployment('web2'));
    const r = await run(['check', '--previous-ref', 'HEAD', dir]);
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.err, /podls: /);
    const both = await run(['check', '--previous-ref', 'HEAD', '--previous', dir, dir]);
    assert.strictEqual(both.code, 2);
    assert.match(both.err, /give one of them/);
  });

  it('--kubernetes-version selects version-dependent update rules', async () => {
    const sts = (extra: string): string =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n${extra}  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: "postgres:16"}]\n`;
    fs.writeFileSync(path.join(dir, 'old.yaml'), sts(''));
    fs.writeFileSync(path.join(dir, 'new.yaml'), sts('  revisionHistoryLimit: 2\n'));
    const old = await run(['check', '--kubernetes-version', '1.33', '--previous', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
    assert.match(old.out, /spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden/);
    const current = await run(['check', '--kubernetes-version', '1.35', '--previous', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')]);
    assert.strictEqual(current.code, 0, current.out);
  });
});
