import * as assert from 'assert';
import { classifyPlain } from '../../server/src/features/yaml-scalar';

describe('features/yaml-scalar', () => {
  it('classifies plain scalars as go-yaml v2 resolves them (YAML 1.1)', () => {
    const table: ReadonlyArray<readonly [string, string]> = [
      ['', 'null null'],
      ['~', 'null null'],
      ['yes', 'boolean true'],
      ['Off', 'boolean false'],
      ['0644', 'integer 420'],
      ['0x1F', 'integer 31'],
      ['0b101', 'integer 5'],
      ['-12', 'integer -12'],
      ['+7', 'integer 7'],
      ['1_000', 'integer 1000'],
      ['_1', 'integer 1'],
      ['3.0', 'integer 3'],
      ['1e6', 'number 1000000'],
      ['.5', 'number 0.5'],
      ['-.inf', 'number -Infinity'],
      ['.NaN', 'number NaN'],
      ['nginx:1.27', 'string nginx:1.27'],
      ['IfNotPresent', 'string IfNotPresent'],
      ['_', 'string _'],
      ['__x', 'string __x'],
      ['-', 'string -'],
      ['.', 'string .'],
      ['1.2.3', 'string 1.2.3'],
      ['12Mi', 'string 12Mi'],
      ['+', 'string +'],
      ['0o', 'string 0o'],
    ];
    for (const [text, expected] of table) {
      const s = classifyPlain(text);
      assert.strictEqual(`${s.type} ${String(s.value)}`, expected, JSON.stringify(text));
    }
  });
});
