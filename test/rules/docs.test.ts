/**
 * docs/rules.md documents every rule (a `### id` section with why, example and fix) and maps every
 * row of ../shared/apiserver-rules.md to a rule or a reason.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, coveredCatalogueRows } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';
import { REPO_ROOT, requireShared } from '../harness/shared';

function docs(): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
}

describe('docs/rules.md', () => {
  it('has a section with why, example and fix for every rule', () => {
    const text = docs();
    const missing: string[] = [];
    for (const r of ALL_RULES as readonly Rule[]) {
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
