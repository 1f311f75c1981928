import * as assert from 'assert';
import * as fc from 'fast-check';
import { buildLineIndex } from '../../server/src/document/line-index';

describe('document/line-index', () => {
  it('counts lines for LF, CRLF, lone CR and empty text', () => {
    assert.strictEqual(buildLineIndex('').lineCount, 1);
    assert.strictEqual(buildLineIndex('a\nb\n').lineCount, 3);
    assert.strictEqual(buildLineIndex('a\r\nb\r\n').lineCount, 3);
    assert.strictEqual(buildLineIndex('a\rb').lineCount, 2);
    assert.strictEqual(buildLineIndex('a\r\nb').lineStart(1), 3);
  });

  it('counts UTF-16 code units: CJK is 1, emoji is 2', () => {
    const text = 'name: 名前\n# 😀 comment\nvalue: "😀x"\n';
    const li = buildLineIndex(text);
    const x = text.indexOf('x');
    assert.deepStrictEqual(li.positionAt(x), { line: 2, character: 10 });
    assert.strictEqual(li.offsetAt({ line: 2, character: 10 }), x);
    assert.deepStrictEqual(li.positionAt(text.indexOf('前')), { line: 0, character: 7 });
    assert.deepStrictEqual(li.positionAt(text.indexOf(' comment')), { line: 1, character: 4 });
  });

  it('handles CRLF: the \\r\\n pair belongs to the line end', () => {
    const text = 'a: 1\r\nbb: 2\r\n';
    const li = buildLineIndex(text);
    assert.deepStrictEqual(li.positionAt(4), { line: 0, character: 4 });
    assert.deepStrictEqual(li.positionAt(5), { line: 0, character: 4 });
    assert.deepStrictEqual(li.positionAt(6), { line: 1, character: 0 });
    assert.strictEqual(li.offsetAt({ line: 0, character: 99 }), 4);
    assert.strictEqual(li.lineContentEnd(1), 11);
  });

  it('clamps out-of-range positions and offsets', () => {
    const text = 'ab\ncd';
    const li = buildLineIndex(text);
    assert.strictEqual(li.offsetAt({ line: -1, character: 3 }), 0);
    assert.strictEqual(li.offsetAt({ line: 7, character: 0 }), 5);
    assert.strictEqual(li.offsetAt({ line: 1, character: -4 }), 3);
    assert.deepStrictEqual(li.positionAt(-3), { line: 0, character: 0 });
    assert.deepStrictEqual(li.positionAt(99), { line: 1, character: 2 });
    assert.strictEqual(li.lineStart(99), 3);
  });

  it('round-trips every offset that is not inside a line break (property)', () => {
    const chars = fc.constantFrom('a', ' ', '\n', '\r\n', '\r', '名', '😀', ':', '#');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const li = buildLineIndex(text);
        for (let o = 0; o <= text.length; o++) {
          if (text[o - 1] === '\r' && text[o] === '\n') continue;
          assert.strictEqual(li.offsetAt(li.positionAt(o)), o);
        }
      }),
    );
  });
});
