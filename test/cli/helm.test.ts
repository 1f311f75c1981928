/**
 * `podls check` on a Helm chart (the templates are judged on their masked view; values.yaml, Chart.yaml and ci/
 * values say nothing) and on rendered output (`helm template ... | podls check -`), whose findings name the
 * template of each document's `# Source:` comment. helm itself is not installable here: the rendered fixture is
 * written in its output format.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('podls check on Helm charts', function () {
  before(function () {
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });

  it('reports only the literal mistakes of a chart', async () => {
    const chart = path.join(FIXTURES, 'helm', 'webapp');
    const { code, out } = await run(['check', '--output', 'json', chart]);
    const findings = JSON.parse(out) as CheckFinding[];
    assert.deepStrictEqual(
      findings.map((f) => `${path.relative(chart, f.file)} ${f.code} ${f.fieldPath ?? ''}`),
      [
        'templates/job-mistakes.yaml unsupported-value spec.template.spec.containers[0].imagePullPolicy',
        'templates/job-mistakes.yaml unknown-field spec.template.spec.containers[0].comand',
      ],
    );
    assert.strictEqual(code, 1);
  });

  it('names the template of rendered output, with the rendered line', async () => {
    const rendered = fs.readFileSync(path.join(FIXTURES, 'helm-rendered', 'webapp.yaml'), 'utf8');
    const text = await run(['check', '-'], rendered);
    const line = rendered.split('\n').findIndex((l) => l.includes('imagePullPolicy: always')) + 1;
    assert.strictEqual(
      text.out,
      `webapp/templates/deployment.yaml (<stdin>:${line}:28): error: spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never" [unsupported-value]\n`,
    );
    assert.strictEqual(text.code, 1);
    const json = JSON.parse((await run(['check', '--output', 'json', '-'], rendered)).out) as CheckFinding[];
    assert.deepStrictEqual(
      json.map((f) => [f.file, f.rendered, f.range.start.line + 1]),
      [['webapp/templates/deployment.yaml', '<stdin>', line]],
    );
    const sarif = JSON.parse((await run(['check', '--output', 'sarif', '-'], rendered)).out) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[]; properties: Record<string, unknown> }[] }[];
    };
    const result = sarif.runs[0]?.results[0];
    assert.strictEqual(result?.locations[0]?.physicalLocation.artifactLocation.uri, 'webapp/templates/deployment.yaml');
    assert.strictEqual(result?.locations[0]?.physicalLocation.region, undefined, 'no region in the template');
    assert.strictEqual(result?.properties['renderedFrom'], '<stdin>');
  });

  it('leaves findings of plain input where they are', async () => {
    const plain = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      imagePullPolicy: always\n';
    const { out } = await run(['check', '-'], plain);
    assert.match(out, /^<stdin>:9:24: error: /);
  });
});
