/**
 * The multi-megabyte parse of document/snapshot.ts, in `npm run test:heavy`.
 */
import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import { deployment, deployments } from './deployments';

describe('document/snapshot (heavy)', function () {
  // A hang detector, not a speed test.
  this.timeout(300_000);
  it('parses a 5 MB file without throwing', () => {
    const text = deployments(Math.ceil((5 * 1024 * 1024) / deployment(0).length));
    assert.ok(text.length >= 5 * 1024 * 1024);
    const s = createSnapshot('u', 1, text);
    assert.ok(s.documents.length > 3000);
    assert.ok(s.documents.every((d) => d.errors.length === 0));
  });
});
