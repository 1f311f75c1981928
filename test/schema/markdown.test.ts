/** Markdown escaping of Kubernetes descriptions for hovers. */
import * as assert from 'assert';
import { escapeMarkdown } from '../../server/src/schema/explain';

describe('schema/explain escapeMarkdown', () => {
  it('shows angle brackets, stars and underscores literally', () => {
    assert.strictEqual(escapeMarkdown('f:<name> *x* a_b'), 'f:\\<name\\> \\*x\\* a\\_b');
  });

  it("keeps the descriptions' own code spans as code", () => {
    assert.strictEqual(escapeMarkdown(' - `"Always"` means <x>'), ' - `"Always"` means \\<x\\>');
  });

  it('escapes a lone backtick', () => {
    assert.strictEqual(escapeMarkdown('a ` b'), 'a \\` b');
  });
});
