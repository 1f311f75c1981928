/**
 * Runs the rules over the real-world manifests of ../shared/realworld: every document of valid/ must
 * produce no error-severity finding; each invalid/ file must produce the expected errors in the rules
 * engine's scope (its `# expect:` lines; decode-stage errors such as duplicate keys, and enum values the
 * schema checks report, are not ours).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatFieldPath } from '../../server/src/document/field-path';
import { checkObject } from '../../server/src/rules/engine';
import { SCHEMA_CHECKED_ROWS } from '../../server/src/rules/registry';
import type { Finding } from '../../server/src/rules/rule';
import { requireShared } from '../harness/shared';
import { documentsOf, options } from './check';

function findingsOfFile(file: string, version: string): Finding[] {
  const out: Finding[] = [];
  for (const object of documentsOf(fs.readFileSync(file, 'utf8'))) {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
    const rec = object as Record<string, unknown>;
    out.push(...checkObject({ kind: String(rec['kind']), apiVersion: String(rec['apiVersion']), object, basePath: [] }, options({ kubernetesVersion: version })));
  }
  return out;
}

interface Expectation {
  readonly field: string;
  readonly type: string;
  readonly detail?: string;
}

function isExpectation(v: unknown): v is Expectation {
  return typeof v === 'object' && v !== null && typeof (v as { field?: unknown }).field === 'string' && typeof (v as { type?: unknown }).type === 'string';
}

/** True when the first document of `text` lacks the dotted field path (`spec.selector`). */
function absentIn(text: string, field: string): boolean {
  let cur: unknown = documentsOf(text)[0];
  for (const key of field.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return true;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined || cur === null;
}

const DECODE_STAGE = new Set(['DuplicateField', 'UnknownField', 'TypeInvalid']);

describe('rules/realworld', () => {
  let dir = '';
  before(function () {
    dir = requireShared(this, 'realworld');
  });

  for (const version of ['1.29', '1.33', '1.35']) {
    it(`valid manifests produce no errors (${version})`, () => {
      const errors: string[] = [];
      for (const f of fs.readdirSync(path.join(dir, 'valid')).filter((n) => n.endsWith('.yaml')).sort()) {
        for (const x of findingsOfFile(path.join(dir, 'valid', f), version)) if (x.severity === 'error') errors.push(`${f}: ${x.ruleId}: ${x.message}`);
      }
      assert.deepStrictEqual(errors, []);
    });
  }

  it('invalid manifests yield their expected errors', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const f of fs.readdirSync(path.join(dir, 'invalid')).filter((n) => n.endsWith('.yaml')).sort()) {
      const text = fs.readFileSync(path.join(dir, 'invalid', f), 'utf8');
      const findings = findingsOfFile(path.join(dir, 'invalid', f), '1.35').filter((x) => x.severity === 'error');
      const rows = (/^# rules: ([A-Z0-9, ]+)/m.exec(text)?.[1] ?? '').split(',').map((r) => r.trim());
      if (rows.every((r) => Object.prototype.hasOwnProperty.call(SCHEMA_CHECKED_ROWS, r))) continue;
      for (const m of text.matchAll(/^# expect: (.*)$/gm)) {
        const e: unknown = JSON.parse(m[1] ?? '{}');
        if (!isExpectation(e) || DECODE_STAGE.has(e.type)) continue;
        checked++;
        const hit = findings.some((x) => x.message.startsWith(`${e.field}: `) && x.errorType === e.type && (e.detail === undefined || x.message.includes(e.detail)));
        // A Required error for a field the manifest lacks may be the schema's `required-field`.
        if (!hit && e.type === 'Required' && absentIn(text, e.field)) continue;
        if (!hit) missing.push(`${f}: ${JSON.stringify(e)} not in ${JSON.stringify(findings.map((x) => x.message))}`);
      }
    }
    assert.deepStrictEqual(missing, []);
    assert.ok(checked >= 3, `only ${checked} expectations checked`);
  });

  it('paths of findings are rendered from their field paths', () => {
    const file = path.join(dir, 'invalid', fs.readdirSync(path.join(dir, 'invalid')).sort()[0] ?? '');
    for (const x of findingsOfFile(file, '1.35')) assert.ok(formatFieldPath(x.path).length > 0);
  });
});
