/** rules/label-selector.ts createLabelIndex: the same answers as testing every label set, in the same order. */
import * as assert from 'assert';
import fc from 'fast-check';
import { createLabelIndex, parseSelector, selectorMatches } from '../../server/src/rules/label-selector';
import type { Labels } from '../../server/src/rules/label-selector';

const key = fc.constantFrom('app', 'tier', 'env');
const value = fc.constantFrom('a', 'b', 'c');
const labels: fc.Arbitrary<Labels> = fc.dictionary(key, value, { maxKeys: 3 });
const selectorText = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
  fc.tuple(key, value, value).map(([k, v, w]) => `${k} in (${v},${w})`),
  fc.tuple(key, value).map(([k, v]) => `${k}!=${v}`),
  key.map((k) => `!${k}`),
  fc.tuple(key, value, key).map(([k, v, k2]) => `${k}=${v},${k2}`),
);

describe('rules/label-selector createLabelIndex', () => {
  it('matches what selectorMatches finds over all label sets of the namespace', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('default', 'shop'), labels), { maxLength: 30 }), selectorText, (items, text) => {
        const parsed = parseSelector(text);
        if (!parsed.ok) return;
        const index = createLabelIndex(items.map(([namespace, l], i) => ({ item: i, namespace, labels: l })));
        const expected = items.flatMap(([namespace, l], i) => (namespace === 'shop' && selectorMatches(parsed.selector, l) ? [i] : []));
        assert.deepStrictEqual(index.matching('shop', parsed.selector), expected);
      }),
      { numRuns: 500 },
    );
  });
});
