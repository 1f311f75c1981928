import * as assert from 'assert';
import { compareQuantities, formatQuantity, isIntegerQuantity, parseQuantity, roundUpToMilli } from '../../server/src/rules/quantity';

function q(text: string | number) {
  const r = parseQuantity(text);
  if (r === undefined) assert.fail(`does not parse: ${text}`);
  return r;
}

describe('rules/quantity', () => {
  const formats: ReadonlyArray<readonly [string | number, string]> = [
    ['500m', '500m'],
    ['0.5', '500m'],
    [1, '1'],
    ['1000', '1k'],
    ['1.5Gi', '1536Mi'],
    ['1Gi', '1Gi'],
    ['1024', '1024'],
    ['2e3', '2k'],
    ['1E', '1E'],
    ['100n', '100n'],
    ['-250m', '-250m'],
    ['0', '0'],
    ['.5Ki', '512'],
    ['12e-3', '12m'],
  ];
  for (const [input, out] of formats) it(`formats ${JSON.stringify(input)} as ${out}`, () => assert.strictEqual(formatQuantity(q(input)), out));

  for (const bad of ['', '1.5.5', 'abc', '1Kb', '1 Gi', '--1', '.', 'e3', '1ee3', true]) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.strictEqual(parseQuantity(bad), undefined));
  }

  it('compares exactly across suffixes', () => {
    assert.strictEqual(compareQuantities(q('0.1'), q('100m')), 0);
    assert.strictEqual(compareQuantities(q('1Gi'), q('1G')), 1);
    assert.strictEqual(compareQuantities(q('999Mi'), q('1Gi')), -1);
    assert.strictEqual(compareQuantities(q('1e3'), q('1k')), 0);
  });
  it('rounds up to milli as defaulting does', () => {
    assert.strictEqual(formatQuantity(roundUpToMilli(q('0.0001'))), '1m');
    assert.strictEqual(formatQuantity(roundUpToMilli(q('1.0001'))), '1001m');
  });
  it('knows integers', () => {
    assert.ok(isIntegerQuantity(q('2')));
    assert.ok(!isIntegerQuantity(q('1500m')));
  });
});
