/**
 * `podls check --kubernetes-version` on the external corpus of ../shared:
 * - the invalid cases labelled UnknownField for a range of releases (`# expect: {"versions": "1.30-1.33"}`:
 *   `restartPolicyRules` on an init container, `podCertificate` projected volumes) are reported for every
 *   bundled release in that range and not after it;
 * - with the default target, every file of external/valid gets exactly the diagnostics it gets from the
 *   newest bundled model alone (the release data adds nothing there).
 * Skipped when ../shared or the built bundle is absent.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import { createSnapshot } from '../../server/src/document/snapshot';
import { diagnose } from '../../server/src/features/diagnostics';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import { compareVersions } from '../../server/src/schema/releases';
import type { ReleaseBundle } from '../../server/src/schema/releases';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { loadBundledSchemaWithErrors } from '../../server/src/workspace/schema-source';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT, requireShared } from '../harness/shared';

const RELEASES_FILE = path.join(REPO_ROOT, 'out', 'dist', 'releases.json');

interface Expect {
  readonly field: string;
  readonly type: string;
  readonly versions?: string;
}

function expectations(file: string): Expect[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => JSON.parse(l.slice('# expect: '.length)) as Expect);
}

/** `1.30-1.33` -> [from, to]; `1.25+` -> [from, undefined]. */
function range(versions: string): [string, string | undefined] {
  const plus = versions.endsWith('+');
  const [from, to] = versions.replace(/\+$/, '').split('-');
  return [from as string, plus ? undefined : (to ?? from)];
}

function* filesUnder(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (/\.ya?ml$/.test(e.name)) yield p;
  }
}

describe('podls check --kubernetes-version on the external corpus', function () {
  let bundle: ReleaseBundle;

  before(function () {
    if (!fs.existsSync(RELEASES_FILE)) {
      process.stdout.write('      (skipped: out/dist/releases.json is not built)\n');
      this.skip();
    }
    bundle = JSON.parse(fs.readFileSync(RELEASES_FILE, 'utf8')) as ReleaseBundle;
  });

  it('reports fields of later releases as unknown in the labelled releases only', async function () {
    const invalid = requireShared(this, 'external/invalid');
    const cases = fs
      .readdirSync(invalid)
      .map((f) => path.join(invalid, f))
      .flatMap((file) => expectations(file).map((e) => ({ file, e })))
      .filter(({ e }) => e.type === 'UnknownField' && e.versions !== undefined);
    assert.ok(cases.length >= 2, `found ${cases.length} versioned UnknownField cases`);
    const carried = [...bundle.releases.map((r) => r.version), bundle.base.version];
    for (const { file, e } of cases) {
      const [from, to] = range(e.versions as string);
      for (const version of carried) {
        const inRange = compareVersions(version, from) >= 0 && (to === undefined || compareVersions(version, to) <= 0);
        const io = capturedIo();
        await main(['check', '--kubernetes-version', version, '--output', 'json', file], io);
        const findings = JSON.parse(io.stdoutText()) as CheckFinding[];
        const hit = findings.find((f) => f.code === 'unknown-field' && f.message.startsWith(`unknown field ${JSON.stringify(e.field)}`));
        assert.strictEqual(hit !== undefined, inRange, `${path.basename(file)} on ${version}: ${findings.map((f) => f.message).join('; ')}`);
        if (hit !== undefined && to !== undefined) {
          const next = carried.find((v) => compareVersions(v, to) > 0);
          assert.match(hit.message, new RegExp(`\\(available from (\\d+\\.\\d+ or )?${(next ?? '').replace('.', '\\.')}\\)$`));
        }
      }
    }
  });

  it('reports both corpus cases with --kubernetes-version 1.32', async function () {
    const invalid = requireShared(this, 'external/invalid');
    const io = capturedIo();
    const code = await main(['check', '--kubernetes-version', '1.32', path.join(invalid, '056-web-restart-all-containers.yaml'), path.join(invalid, '057-web-projected-podcertificate.yaml')], io);
    assert.strictEqual(code, 1);
    assert.match(io.stdoutText(), /unknown field "spec\.initContainers\[1\]\.restartPolicyRules" \(available from 1\.34\) \[unknown-field\]/);
    assert.match(io.stdoutText(), /unknown field "spec\.volumes\[0\]\.projected\.sources\[0\]\.podCertificate" \(available from 1\.34\) \[unknown-field\]/);
  });

  it('adds nothing on external/valid with the default target', function () {
    const valid = requireShared(this, 'external/valid');
    const withReleases = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, DEFAULT_SETTINGS);
    const baseOnly = analysisContext(createSchemaIndex(loadBundledSchemaWithErrors().model), DEFAULT_SETTINGS);
    assert.strictEqual(withReleases.schema.model.kubernetesVersion, bundle.base.version);
    let files = 0;
    let diagnostics = 0;
    for (const file of filesUnder(valid)) {
      const snapshot = createSnapshot(`file://${file}`, 1, fs.readFileSync(file, 'utf8'));
      const a = diagnose(snapshot, withReleases).map((d) => `${d.range.start}-${d.range.end} ${d.severity} ${d.code} ${d.message}`);
      const b = diagnose(snapshot, baseOnly).map((d) => `${d.range.start}-${d.range.end} ${d.severity} ${d.code} ${d.message}`);
      assert.deepStrictEqual(a, b, file);
      files++;
      diagnostics += a.length;
    }
    process.stdout.write(`      ${files} files, ${diagnostics} diagnostics, identical\n`);
    assert.ok(files > 600);
  });
});
