/**
 * No finding on updates the apiserver accepts: every valid manifest of ../shared/realworld against itself, with its
 * images bumped (except Jobs, whose template is immutable), its replicas changed, and a label added to its
 * metadata. Skips when ../shared is absent.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../../server/src/document/snapshot';
import { previousIndexOf, updateDiagnostics } from '../../../server/src/features/update';
import type { SchemaIndex } from '../../../server/src/schema/lookup';
import { loadBundledIndex } from '../../features/fixtures';
import { requireShared } from '../../harness/shared';
import { options } from '../check';

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Accepted edits of a manifest's text. */
function acceptedVariants(text: string): Record<string, string> {
  const out: Record<string, string> = {
    unchanged: text,
    replicas: text.replace(/^(\s+)replicas: \d+$/gm, '$1replicas: 7'),
    'metadata label': text.replace(/^metadata:\n(\s+)name: (.*)$/gm, 'metadata:\n$1name: $2\n$1labels: {podls.example.com/touched: "yes"}').replace(/\n(\s+)labels: \{podls[^\n]*\n(\s+)labels:/g, '\n$2labels:'),
  };
  if (!/^kind: (Job|CronJob)$/m.test(text)) out['image bump'] = text.replace(/^(\s+-?\s*)image: ["']?([^\s"']+)["']?$/gm, '$1image: $2-podls');
  return out;
}

describe('rules/update: accepted updates of real-world manifests give no finding', () => {
  let index: SchemaIndex;
  let files: string[] = [];
  before(function () {
    files = yamlFiles(path.join(requireShared(this, 'realworld/valid')));
    index = loadBundledIndex(this);
  });

  it('reports no error for unchanged files, new images, replicas and metadata labels', () => {
    assert.ok(files.length > 50);
    const ctx = { schema: index, rules: options() };
    const problems: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const previous = previousIndexOf([createSnapshot('file:///old.yaml', 1, text)]);
      for (const [name, variant] of Object.entries(acceptedVariants(text))) {
        for (const d of updateDiagnostics(createSnapshot('file:///new.yaml', 1, variant), previous, ctx)) {
          if (d.severity === 'error') problems.push(`${path.basename(file)} (${name}): ${d.code} ${d.message.split('\n')[0] ?? ''}`);
        }
      }
    }
    assert.deepStrictEqual(problems, []);
  });
});
