/**
 * `podls check --output sarif` validates against the official SARIF 2.1.0 JSON schema (the copy that
 * @microsoft/jest-sarif ships), for a run with findings of every severity and for a clean run.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { main } from '../../server/src/cli/main';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';

const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

async function sarifOf(args: string[], stdin = ''): Promise<unknown> {
  const io = capturedIo(stdin);
  await main(['check', '--output', 'sarif', ...args], io);
  return JSON.parse(io.stdoutText()) as unknown;
}

describe('podls check --output sarif', function () {
  before(function () {
    if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'))) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });

  // The schema's language pattern is not a valid `u`-flag regular expression, hence unicodeRegExp: false;
  // formats (uri, date-time) are not checked: podls writes relative paths and file URIs, which the structure covers.
  const validate = (log: unknown): string[] => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const check = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
    return check(log) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  };

  it('is valid SARIF 2.1.0 for the examples (errors, warnings, best-practice notes)', async () => {
    const log = await sarifOf([path.join(REPO_ROOT, 'examples'), '--best-practices']);
    assert.deepStrictEqual(validate(log), []);
    const results = (log as { runs: { results: { level: string }[] }[] }).runs[0]?.results ?? [];
    assert.ok(results.some((r) => r.level === 'error') && results.some((r) => r.level === 'note'));
  });

  it('is valid SARIF 2.1.0 for a clean run', async () => {
    const log = await sarifOf(['-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n');
    assert.deepStrictEqual(validate(log), []);
    assert.deepStrictEqual((log as { runs: { results: unknown[] }[] }).runs[0]?.results, []);
  });
});
