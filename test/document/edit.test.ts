import * as assert from 'assert';
import {
  appendItem,
  applyEdits,
  indentStyleOf,
  insertField,
  moveField,
  removeNode,
  renameKey,
  setScalar,
  setValue,
  wrapInSequence,
} from '../../server/src/document/edit';
import type { TextEdit } from '../../server/src/document/edit';
import type { FieldPath } from '../../server/src/document/field-path';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot, YamlDocument } from '../../server/src/document/snapshot';

type EditFn = (snapshot: Snapshot, doc: YamlDocument) => TextEdit | readonly TextEdit[] | undefined;

/** Applies one edit to the last document of `text` and returns the new text, checking it still parses cleanly. */
function checkEdit(text: string, edit: EditFn): string {
  const snapshot = createSnapshot('u', 1, text);
  const doc = snapshot.documents[snapshot.documents.length - 1];
  assert.ok(doc);
  const e = edit(snapshot, doc);
  assert.ok(e, 'no edit');
  const out = applyEdits(text, Array.isArray(e) ? e : [e as TextEdit]);
  assert.deepStrictEqual(
    createSnapshot('u', 2, out).documents.flatMap((d) => d.errors.map((x) => x.code)),
    [],
    out,
  );
  return out;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # keep me
spec:
  containers:
    - name: a
      image: nginx
      ports: [{containerPort: 80}]
    - name: b
      image: busybox
`;

describe('document/edit', () => {
  it('sets a scalar value, keeping the trailing comment', () => {
    assert.strictEqual(
      checkEdit(POD, (s, d) => setValue(s, d, ['metadata', 'name'], 'api')),
      POD.replace('name: web', 'name: api'),
    );
  });

  it('sets a value that needs quoting, and a block collection', () => {
    const out = checkEdit(POD, (s, d) => setValue(s, d, ['spec', 'containers', 1, 'image'], 'yes'));
    assert.ok(out.includes('image: "yes"'), out);
    const block = checkEdit(POD, (s, d) => setValue(s, d, ['spec', 'containers', 1, 'image'], { a: 1 }));
    assert.ok(block.includes('      image:\n        a: 1\n'), block);
  });

  it('inserts a field after the last one, indented like its siblings', () => {
    const out = checkEdit(POD, (s, d) => insertField(s, d, ['spec', 'containers', 0], 'imagePullPolicy', 'Always'));
    assert.ok(out.includes('      ports: [{containerPort: 80}]\n      imagePullPolicy: Always\n    - name: b'), out);
  });

  it('creates missing parents and keeps CRLF', () => {
    const crlf = POD.replace(/\n/g, '\r\n');
    const out = checkEdit(crlf, (s, d) => insertField(s, d, ['spec', 'securityContext'], 'runAsNonRoot', true));
    assert.ok(out.endsWith('      image: busybox\r\n  securityContext:\r\n    runAsNonRoot: true\r\n'), JSON.stringify(out));
  });

  it('inserts into flow mappings and below an empty value', () => {
    const flow = checkEdit('metadata:\n  labels: {app: web}\n', (s, d) => insertField(s, d, ['metadata', 'labels'], 'tier', 'db'));
    assert.strictEqual(flow, 'metadata:\n  labels: {app: web, tier: db}\n');
    const empty = checkEdit('metadata:\n  labels:\nspec: {}\n', (s, d) => insertField(s, d, ['metadata', 'labels'], 'tier', 'db'));
    assert.strictEqual(empty, 'metadata:\n  labels:\n    tier: db\nspec: {}\n');
  });

  it('removes a field with its block value, a first key after a dash, and a sequence item', () => {
    assert.strictEqual(
      checkEdit(POD, (s, d) => removeNode(s, d, ['metadata'])),
      POD.replace('metadata:\n  name: web # keep me\n', ''),
    );
    assert.strictEqual(
      checkEdit(POD, (s, d) => removeNode(s, d, ['spec', 'containers', 1, 'name'])),
      POD.replace('- name: b\n      image', '- image'),
    );
    assert.strictEqual(
      checkEdit(POD, (s, d) => removeNode(s, d, ['spec', 'containers', 1])),
      POD.replace('    - name: b\n      image: busybox\n', ''),
    );
    assert.strictEqual(
      checkEdit('a: [x, y, z]\n', (s, d) => removeNode(s, d, ['a', 1] as FieldPath)),
      'a: [x, z]\n',
    );
  });

  it('renames a key and works in a later document', () => {
    const text = 'a: 1\n---\n' + POD;
    assert.strictEqual(
      checkEdit(text, (_s, d) => renameKey(d, ['spec', 'containers', 0, 'image'], 'img')),
      text.replace('image: nginx', 'img: nginx'),
    );
  });

  it('reads the indentation style of a document', () => {
    const s = createSnapshot('u', 1, 'spec:\n    containers:\n    - name: a\n');
    const d = s.documents[0];
    assert.ok(d);
    assert.deepStrictEqual(indentStyleOf(s, d), { indent: 4, sequenceIndent: 0 });
    const out = checkEdit('spec:\n    containers:\n    - name: a\n', (s2, d2) => insertField(s2, d2, ['spec'], 'volumes', [{ name: 'v', emptyDir: {} }]));
    assert.strictEqual(out, 'spec:\n    containers:\n    - name: a\n    volumes:\n    - name: v\n      emptyDir: {}\n');
  });

  it('replaces scalars keeping or changing their quoting', () => {
    const text = 'a: "udp"\nb: \'x\'\nc: "80"\nd: 80 # port\n';
    assert.strictEqual(checkEdit(text, (s, d) => setScalar(s, d, ['a'], 'UDP')), text.replace('"udp"', '"UDP"'));
    assert.strictEqual(checkEdit(text, (s, d) => setScalar(s, d, ['b'], "it's")), text.replace("'x'", "'it''s'"));
    assert.strictEqual(checkEdit(text, (s, d) => setScalar(s, d, ['c'], 80, 'plain')), text.replace('"80"', '80'));
    assert.strictEqual(checkEdit(text, (s, d) => setScalar(s, d, ['d'], '80', 'double-quoted')), text.replace('d: 80', 'd: "80"'));
    assert.strictEqual(checkEdit('a: x\n', (s, d) => setScalar(s, d, ['a'], 'yes')), 'a: "yes"\n');
  });

  it('wraps scalars and mappings into one-item lists', () => {
    assert.strictEqual(checkEdit('c:\n  args: -v # verbose\n', (s, d) => wrapInSequence(s, d, ['c', 'args'])), 'c:\n  args:\n    - -v # verbose\n');
    assert.strictEqual(checkEdit('c:\n- args: -v\n', (s, d) => wrapInSequence(s, d, ['c', 0, 'args'])), 'c:\n- args:\n  - -v\n');
    assert.strictEqual(
      checkEdit('ports:\n  containerPort: 80\n  # http\n  name: http\nx: 1\n', (s, d) => wrapInSequence(s, d, ['ports'])),
      'ports:\n  - containerPort: 80\n    # http\n    name: http\nx: 1\n',
    );
    assert.strictEqual(checkEdit('a: {b: [x]}\nc: {d: 1}\n', (s, d) => wrapInSequence(s, d, ['a', 'b', 0])), 'a: {b: [[x]]}\nc: {d: 1}\n');
    assert.strictEqual(checkEdit('c: {d: 1}\n', (s, d) => wrapInSequence(s, d, ['c'])), 'c: [{d: 1}]\n');
  });

  it('appends items to block and flow sequences, creating them when absent', () => {
    assert.strictEqual(checkEdit('v:\n  - name: a\n    x: 1\n', (s, d) => appendItem(s, d, ['v'], { name: 'b', emptyDir: {} })), 'v:\n  - name: a\n    x: 1\n  - name: b\n    emptyDir: {}\n');
    assert.strictEqual(checkEdit('v: [a]\n', (s, d) => appendItem(s, d, ['v'], 'b')), 'v: [a, b]\n');
    assert.strictEqual(checkEdit('s:\n  x: 1\n', (s, d) => appendItem(s, d, ['s', 'v'], 'b')), 's:\n  x: 1\n  v:\n    - b\n');
  });

  it('moves a field with its comments into another mapping, re-indented', () => {
    const text = 'spec:\n  image: nginx # pinned\n  containers:\n    - name: a\n      ports:\n        - containerPort: 80\n';
    assert.strictEqual(
      checkEdit(text, (s, d) => moveField(s, d, ['spec', 'image'], ['spec', 'containers', 0])),
      'spec:\n  containers:\n    - name: a\n      ports:\n        - containerPort: 80\n      image: nginx # pinned\n',
    );
    const up = 'spec:\n  containers:\n    - name: a\n      nodeSelector:\n        disk: ssd\n';
    assert.strictEqual(checkEdit(up, (s, d) => moveField(s, d, ['spec', 'containers', 0, 'nodeSelector'], ['spec'])), 'spec:\n  containers:\n    - name: a\n  nodeSelector:\n    disk: ssd\n');
    const flow = 'spec:\n  x: {image: nginx, y: 1}\n  c:\n    z: 1\n';
    assert.strictEqual(checkEdit(flow, (s, d) => moveField(s, d, ['spec', 'x', 'image'], ['spec', 'c'])), 'spec:\n  x: {y: 1}\n  c:\n    z: 1\n    image: nginx\n');
    assert.strictEqual(moveField(createSnapshot('u', 1, 'a:\n  k: 1\nb:\n  k: 2\n'), createSnapshot('u', 1, 'a:\n  k: 1\nb:\n  k: 2\n').documents[0]!, ['a', 'k'], ['b']), undefined);
  });

  it('rejects overlapping edits', () => {
    assert.throws(() =>
      applyEdits('abc', [
        { range: { start: 0, end: 2 }, newText: '' },
        { range: { start: 1, end: 3 }, newText: '' },
      ]),
    );
  });
});
