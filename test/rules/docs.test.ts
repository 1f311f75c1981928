/**
 * docs/rules.md maps every row of ../shared/apiserver-rules.md to a rule or a reason.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { coveredCatalogueRows } from '../../server/src/rules/registry';
import { REPO_ROOT, requireShared } from '../harness/shared';

function docs(): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
}

describe('docs/rules.md', () => {
  // Every rule's own section (why, example, fix) is checked for all rules in test/features/rule-catalog.test.ts.

  it('maps every catalogue row to a rule or a reason', function () {
    const dir = requireShared(this, '');
    const catalogue = fs.readFileSync(path.join(dir, 'apiserver-rules.md'), 'utf8');
    const rows = [...catalogue.matchAll(/^\| ([A-Z]+[0-9]+) \|/gm)].map((m) => m[1] ?? '');
    const text = docs();
    const covered = coveredCatalogueRows();
    const problems: string[] = [];
    for (const row of rows) {
      const line = text.split('\n').find((l) => l.startsWith(`| ${row} |`));
      if (line === undefined) problems.push(`${row}: no row`);
      else if (covered.has(row) && !(covered.get(row) ?? []).every((id) => line.includes(`\`${id}\``))) problems.push(`${row}: rule ids differ`);
      else if (!covered.has(row) && line.endsWith('|  |')) problems.push(`${row}: no reason`);
    }
    assert.deepStrictEqual(problems, []);
    assert.ok(rows.length >= 280);
  });
});
