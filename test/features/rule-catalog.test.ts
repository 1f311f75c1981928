/** Every rule id podls can report is unique and documented in docs/rules.md with why, example and fix. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ruleCatalog } from '../../server/src/features/rule-catalog';
import { REPO_ROOT } from '../harness/shared';

describe('features/rule-catalog', () => {
  it('lists kebab-case ids once each', () => {
    const ids = ruleCatalog().map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('documents every rule in docs/rules.md', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
    const missing: string[] = [];
    for (const r of ruleCatalog()) {
      const start = text.indexOf(`\n### ${r.id}\n`);
      if (start < 0) {
        missing.push(r.id);
        continue;
      }
      const next = text.indexOf('\n### ', start + 5);
      const section = text.slice(start, next < 0 ? undefined : next);
      for (const part of ['*Why:*', '*Example:*', '*Fix:*', `default severity **${r.severity}**`]) if (!section.includes(part)) missing.push(`${r.id}: ${part}`);
    }
    assert.deepStrictEqual(missing, []);
  });
});
