import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from './server/src/document/snapshot';
import { previousIndexOf, updateDiagnostics } from './server/src/features/update';
import { analysisContext, loadSchemaIndex } from './server/src/workspace/context';
import { DEFAULT_SETTINGS } from './server/src/workspace/settings';
const ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, DEFAULT_SETTINGS);
function walk(d: string): string[] { return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.yaml') ? [path.join(d, e.name)] : []); }
let n = 0;
for (const f of walk('/work/shared/realworld/valid')) {
  const text = fs.readFileSync(f, 'utf8');
  const prev = previousIndexOf([createSnapshot('old', 0, text)]);
  // identity, and an image bump, a replica change, a label added to metadata
  const variants = [text, text.replace(/image: ([^\s]+)/g, 'image: $1-next'), text.replace(/replicas: \d+/g, 'replicas: 7')];
  for (const v of variants) {
    const d = updateDiagnostics(createSnapshot('new', 0, v), prev, ctx).filter((x) => x.severity === 'error');
    n++;
    for (const x of d) console.log(path.basename(f), variants.indexOf(v), x.code, x.fieldPath, x.message.split('\n').slice(0, 4).join(' | '));
  }
}
console.log('checked', n);
