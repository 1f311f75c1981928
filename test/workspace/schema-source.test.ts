/** workspace/schema-source.ts `loadReleaseBundle`: found beside schema.json, missing or malformed files as errors. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadReleaseBundle } from '../../server/src/workspace/schema-source';

function distWith(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-dist-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('workspace/schema-source loadReleaseBundle', function () {
  it('reads releases.json beside the bundle', function () {
    const bundle = { base: { version: '1.36', package: 'p@1' }, releases: [], missing: ['1.35'], since: {} };
    assert.deepStrictEqual(loadReleaseBundle(distWith({ 'releases.json': JSON.stringify(bundle) })), { bundle, errors: [] });
  });

  it('reports a malformed file and a missing one', function () {
    const bad = distWith({ 'releases.json': '{"base": 1}' });
    assert.deepStrictEqual(loadReleaseBundle(bad).errors, [`${path.join(bad, 'releases.json')}: not a podls release bundle`]);
    const broken = distWith({ 'releases.json': '{' });
    assert.match(loadReleaseBundle(broken).errors[0] ?? '', /releases\.json: .*JSON/);
    const none = loadReleaseBundle(distWith({}));
    assert.strictEqual(none.bundle, undefined);
    assert.deepStrictEqual(none.errors, ['per-release schemas (releases.json) not found (run `npm run build`)']);
  });
});
