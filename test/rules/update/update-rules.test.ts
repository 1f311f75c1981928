/**
 * The update rules over the catalogue's cases (test/rules/update/cases.ts): each case's update findings
 * (`ruleId @ apiPath: ErrorType`) and, where the row re-runs create rules, the create findings on the new file.
 * Every row of ../shared/apiserver-update-rules.md has a case that fires (or shows the accepted change) and a near miss.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../../server/src/document/snapshot';
import { diagnose } from '../../../server/src/features/diagnostics';
import { previousIndexOf, updateDiagnostics } from '../../../server/src/features/update';
import type { SchemaIndex } from '../../../server/src/schema/lookup';
import { loadBundledIndex } from '../../features/fixtures';
import { REPO_ROOT, requireShared } from '../../harness/shared';
import { UPDATE_RULES } from '../../../server/src/rules/update/engine';
import { options } from '../check';
import { UPDATE_CASES } from './cases';
import type { UpdateCase } from './cases';

/** The update findings of a case, rendered `ruleId @ apiPath: ErrorType`. */
export function updateLines(c: Pick<UpdateCase, 'old' | 'new' | 'version'>, schema: SchemaIndex): string[] {
  const ctx = { schema, rules: options(c.version !== undefined ? { kubernetesVersion: c.version } : {}) };
  const previous = previousIndexOf([createSnapshot('file:///old.yaml', 1, c.old)]);
  return updateDiagnostics(createSnapshot('file:///new.yaml', 1, c.new), previous, ctx)
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} @ ${d.fieldPath ?? ''}: ${d.errorType ?? ''}`);
}

describe('rules/update: catalogue cases', () => {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });
  for (const c of UPDATE_CASES) {
    it(`${c.rows.join(', ')}: ${c.name}`, () => {
      assert.deepStrictEqual(updateLines(c, index), [...c.expect]);
      if (c.create !== undefined) {
        const ctx = { schema: index, rules: options(c.version !== undefined ? { kubernetesVersion: c.version } : {}) };
        const codes = new Set(diagnose(createSnapshot('file:///new.yaml', 1, c.new), ctx).map((d) => d.code));
        for (const id of c.create) assert.ok(codes.has(id), `create rule ${id} expected, got ${[...codes].join(', ')}`);
      }
    });
  }

  it('has a case with findings (or the accepted change) and a near miss for every catalogue row', function () {
    const file = path.join(requireShared(this, ''), 'apiserver-update-rules.md');
    const rows = [...fs.readFileSync(file, 'utf8').matchAll(/^\| (U-[A-Z]+-[0-9]+) \|/gm)].map((m) => m[1] ?? '');
    assert.strictEqual(rows.length, 70);
    const problems: string[] = [];
    for (const row of rows) {
      const cases = UPDATE_CASES.filter((c) => c.rows.includes(row));
      if (cases.length < 2) problems.push(`${row}: ${cases.length} case(s)`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('docs/rules.md maps every catalogue row to its update rules or a reason', function () {
    const file = path.join(requireShared(this, ''), 'apiserver-update-rules.md');
    const rows = [...fs.readFileSync(file, 'utf8').matchAll(/^\| (U-[A-Z]+-[0-9]+) \|/gm)].map((m) => m[1] ?? '');
    const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8').split('\n');
    const covered = new Map<string, string[]>();
    for (const rule of UPDATE_RULES) for (const row of rule.covers ?? []) covered.set(row, [...(covered.get(row) ?? []), rule.id]);
    const problems: string[] = [];
    for (const row of rows) {
      const line = docs.find((l) => l.startsWith(`| ${row} |`));
      if (line === undefined) problems.push(`${row}: no row`);
      else if (covered.has(row) && !(covered.get(row) ?? []).every((id) => line.includes(`\`${id}\``))) problems.push(`${row}: rule ids differ`);
      else if (!covered.has(row) && line.endsWith('|  |')) problems.push(`${row}: no reason`);
    }
    assert.deepStrictEqual(problems, []);
  });
});
