import * as assert from 'assert';
import { parseMarkers } from './fixture';

describe('harness/fixture parseMarkers', () => {
  it('removes the cursor marker and returns its UTF-16 offset', () => {
    assert.deepStrictEqual(parseMarkers('a: 😀<|>b'), { text: 'a: 😀b', cursor: 5 });
  });
  it('fails on a missing, repeated or malformed marker', () => {
    assert.throws(() => parseMarkers('a: b'), /no <\|> cursor marker/);
    assert.throws(() => parseMarkers('<|>a<|>'), /more than one/);
    assert.throws(() => parseMarkers('<|>a <| b'), /malformed/);
  });
});
