/**
 * `.podls.yaml` and `--exclude` in `podls check`, on the fixture tree test/fixtures/project (a repository with a
 * configuration file, excluded chart and legacy directories, custom resources, a removed API version, non-Kubernetes
 * YAML and a nested configuration), copied to a temporary directory with `.git` and `node_modules` added.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { findProjectConfig, parseProjectConfig, pathFilter, PROJECT_CONFIG_KEYS } from '../../server/src/workspace/project-config';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'project');
const schemaBuilt = fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo('');
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

/** The fixture tree in a fresh temporary directory, with a broken `.git` and `node_modules` file that must not be read. */
function copyTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-project-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  for (const sub of ['.git', path.join('node_modules', 'pkg')]) {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, sub, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [\n');
  }
  return dir;
}

function summaryOf(findings: readonly CheckFinding[], dir: string): string[] {
  return findings.map((f) => `${path.relative(dir, f.file).split(path.sep).join('/')} ${f.severity} ${f.code}`);
}

describe('podls check with .podls.yaml and --exclude', function () {
  let dir = '';
  before(function () {
    if (!schemaBuilt) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
    dir = copyTree();
  });
  after(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the nearest configuration: excludes, target version, rule severities; skips .git and node_modules', async () => {
    const r = await run(['check', '-o', 'json', dir]);
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.deepStrictEqual(summaryOf(JSON.parse(r.out) as CheckFinding[], dir), [
      // kubernetesVersion 1.24: batch/v1beta1 is still served, so a deprecation warning.
      'apps/cleanup.yaml warning removed-api-version',
      // image-tag-latest is a best practice, turned on by its severity in .podls.yaml.
      'apps/web.yaml warning image-tag-latest',
      // A custom resource: the finalizer without "/" is the apiserver's warning; nested/.podls.yaml turns it off there.
      'crds/app.yaml warning finalizers',
    ]);
  });

  it('says in the summary what it skipped', async () => {
    const r = await run(['check', dir]);
    assert.match(r.err, /^8 file\(s\) checked: 0 error\(s\), 3 warning\(s\), 0 other; skipped 1 \.git directory, 1 node_modules directory, 2 excluded path\(s\) \(2 by \.podls\.yaml\)\n$/);
  });

  it('lets command-line flags override the configuration', async () => {
    const r = await run(['check', '-o', 'json', '--kubernetes-version', '1.25', '--rule', 'image-tag-latest=off', dir]);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(summaryOf(JSON.parse(r.out) as CheckFinding[], dir), ['apps/cleanup.yaml error removed-api-version', 'crds/app.yaml warning finalizers']);
  });

  it('excludes with --exclude (repeatable; names at any depth, paths, directories) and applies excludes to named files', async () => {
    const r = await run(['check', '--exclude', 'apps', '--exclude', '**/crds/*.yaml', dir]);
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /^5 file\(s\) checked: .* 4 excluded path\(s\) \(2 by \.podls\.yaml, 2 by --exclude\)\n$/);
    const named = await run(['check', path.join(dir, 'legacy', 'old.yaml')]);
    assert.strictEqual(named.code, 0);
    assert.match(named.err, /^0 file\(s\) checked: .*1 excluded path\(s\) \(1 by \.podls\.yaml\)/);
  });

  it('--no-config ignores the configuration files', async () => {
    const r = await run(['check', '-o', 'json', '--no-config', path.join(dir, 'legacy'), path.join(dir, 'nested')]);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(summaryOf(JSON.parse(r.out) as CheckFinding[], dir), ['legacy/old.yaml error removed-api-version', 'nested/app.yaml warning finalizers']);
  });

  it('warns about unknown keys and bad values of a configuration file and keeps the rest', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-badcfg-'));
    fs.writeFileSync(path.join(bad, '.podls.yaml'), 'exclud: [x]\nkubernetesVersion: latest\nrules: {image-tag-latest: loud, image-tag-lastest: warning}\nbestPractices: true\n');
    fs.mkdirSync(path.join(bad, 'sub'));
    fs.writeFileSync(path.join(bad, 'sub', '.podls.yaml'), 'kubernetesVersion: 1.30\n');
    fs.writeFileSync(path.join(bad, 'sub', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers: [{name: a, image: "nginx:1.27"}]\n');
    fs.writeFileSync(path.join(bad, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: "nginx:1.27"}]\n');
    const r = await run(['check', bad]);
    fs.rmSync(bad, { recursive: true, force: true });
    assert.match(r.err, /\.podls\.yaml: unknown key "exclud"/);
    assert.match(r.err, /\.podls\.yaml: kubernetesVersion: "latest" is not a version like 1\.30/);
    assert.match(r.err, /\.podls\.yaml: rules\.image-tag-latest: "loud" is not one of/);
    assert.match(r.err, /\.podls\.yaml: rules\.image-tag-lastest: unknown rule id/);
    assert.match(r.err, /sub.\.podls\.yaml: kubernetesVersion: quote the version \("1\.30"\): unquoted, YAML reads 1\.3 as a number/);
    // bestPractices: true still applies (the Pod has no resource requests).
    assert.match(r.out, /\[resource-requests-missing\]/);
  });
});

describe('workspace/project-config', () => {
  it('finds the nearest configuration upward and parses relative OpenAPI paths against its directory', () => {
    const files: Record<string, string> = { '/repo/.podls.yaml': 'schema: {openapi: [openapi/]}\nexclude: [charts]\n', '/repo/a/b/.podls.yml': 'bestPractices: true\n' };
    const read = (f: string): string | undefined => files[f.split(path.sep).join('/')];
    const top = findProjectConfig('/repo/k8s/apps', read);
    assert.strictEqual(top?.file, path.resolve('/repo/.podls.yaml'));
    assert.deepStrictEqual(top?.settings.openapi, [path.resolve('/repo/openapi')]);
    assert.strictEqual(findProjectConfig('/repo/a/b/c', read)?.settings.bestPractices, true);
    assert.strictEqual(findProjectConfig('/elsewhere', read), undefined);
  });

  it('never throws on a broken file: YAML errors, a list, globs picomatch refuses', () => {
    assert.deepStrictEqual(parseProjectConfig('rules: [\n', '/r/.podls.yaml').problems.map((p) => p.replace(/\(.*\)/, '(...)')), [
      '/r/.podls.yaml: not valid YAML (...); its settings are ignored',
    ]);
    assert.deepStrictEqual(parseProjectConfig('- a\n', '/r/.podls.yaml').problems, ['/r/.podls.yaml: the file must hold a mapping of settings']);
    const long = parseProjectConfig(`exclude: ["${'x'.repeat(70000)}", charts]\n`, '/r/.podls.yaml');
    assert.strictEqual(long.problems.length, 1);
    assert.match(long.problems[0] ?? '', /exclude: "x+\.\.\." is not a glob podls can use/);
    assert.deepStrictEqual(long.exclude, ['charts']);
    assert.ok(pathFilter('/r', ['x'.repeat(70000), 'charts']).matches('/r/charts/a.yaml'));
  });

  it('matches globs like .gitignore: names at any depth, directories cover their contents, anchored paths', () => {
    const f = pathFilter('/repo', ['charts/', 'k8s/*.yml', '/values.yaml']);
    assert.ok(f.matches('/repo/deploy/charts/web/templates/x.yaml'));
    assert.ok(f.matches('/repo/k8s/a.yml'));
    assert.ok(!f.matches('/repo/k8s/sub/a.yml'));
    assert.ok(f.matches('/repo/values.yaml'));
    assert.ok(!f.matches('/repo/sub/values.yaml'));
    assert.ok(!f.matches('/other/charts/x.yaml'));
    const config = parseProjectConfig('include: [k8s]\n', '/repo/.podls.yaml');
    assert.ok(config.includeFilter?.matches('/repo/k8s/a/b.yaml'));
    assert.ok(!config.includeFilter?.matches('/repo/docs/a.yaml'));
  });
});

describe('schemas/podls-config.schema.json', () => {
  const schemaFile = path.join(REPO_ROOT, 'schemas', 'podls-config.schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as { properties: Record<string, unknown> };
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it('documents exactly the keys podls reads, and is contributed for .podls.yaml in package.json', () => {
    assert.deepStrictEqual(Object.keys(schema.properties).sort(), [...PROJECT_CONFIG_KEYS].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { yamlValidation: { fileMatch: string[]; url: string }[] } };
    const entry = manifest.contributes.yamlValidation.find((v) => v.fileMatch.includes('.podls.yaml'));
    assert.ok(entry !== undefined && fs.existsSync(path.join(REPO_ROOT, entry.url)));
  });

  it('accepts the fixture configurations and rejects unknown keys and severities', () => {
    for (const rel of ['.podls.yaml', 'nested/.podls.yaml']) {
      const data: unknown = parse(fs.readFileSync(path.join(FIXTURE, rel), 'utf8'));
      assert.ok(validate(data), `${rel}: ${JSON.stringify(validate.errors)}`);
    }
    assert.ok(!validate(parse('exclud: [x]\n')));
    assert.ok(!validate(parse('rules: {image-tag-latest: loud}\n')));
    assert.ok(!validate(parse('kubernetesVersion: 1.30\n')), 'an unquoted version is a number');
  });
});
