/**
 * workspace/git.ts: files at a git revision through `git cat-file --batch` (a temporary repository), files of
 * several repositories and outside any, revisions and paths that do not exist, and the batch output parser.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCatFileBatch, readAtRevision } from '../../server/src/workspace/git';
import type { GitRun } from '../../server/src/workspace/git';
import { git, hasGit } from '../harness/git';


describe('workspace/git', () => {
  it('parses cat-file --batch answers, missing objects included', () => {
    const out = Buffer.from('abc123 blob 5\nhello\nHEAD:nope.yaml missing\ndef456 tree 3\nxyz\nbeef01 blob 0\n\n');
    assert.deepStrictEqual(parseCatFileBatch(out, 4), ['hello', undefined, undefined, '']);
    assert.deepStrictEqual(parseCatFileBatch(Buffer.alloc(0), 2), [undefined, undefined]);
  });

  it('reads files at a revision; new files, other repositories and unknown revisions give undefined', async function () {
    if (!hasGit()) this.skip();
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-gitrepo-'));
    try {
      const repo = path.join(base, 'repo');
      fs.mkdirSync(path.join(repo, 'k8s'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'k8s', 'a b.yaml'), 'kind: Pod # ü\n');
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'one');
      fs.writeFileSync(path.join(repo, 'k8s', 'a b.yaml'), 'kind: Pod # changed\n');
      fs.writeFileSync(path.join(repo, 'k8s', 'new.yaml'), 'kind: Service\n');
      fs.writeFileSync(path.join(base, 'outside.yaml'), 'kind: Pod\n');
      const files = [path.join(repo, 'k8s', 'a b.yaml'), path.join(repo, 'k8s', 'new.yaml'), path.join(base, 'outside.yaml')];
      assert.deepStrictEqual(await readAtRevision(files, 'HEAD'), ['kind: Pod # ü\n', undefined, undefined]);
      assert.deepStrictEqual(await readAtRevision(files, 'no-such-rev'), [undefined, undefined, undefined]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('is silently off without git', async () => {
    const missing: GitRun = () => Promise.resolve(undefined);
    assert.deepStrictEqual(await readAtRevision(['/a.yaml', '/b.yaml'], 'HEAD', missing), [undefined, undefined]);
  });
});
