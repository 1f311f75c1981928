import * as assert from 'assert';
import fc from 'fast-check';
import { createSnapshot } from '../../server/src/document/snapshot';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { validateDocumentSchema } from '../../server/src/features/schema-validation';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { loadBundledIndex, loadTestIndex } from './fixtures';

/** Lines that look like a Kubernetes manifest being typed, in any order and indentation. */
const LINE = fc.oneof(
  fc.constantFrom(
    'apiVersion: v1',
    'apiVersion: apps/v1',
    'kind: Pod',
    'kind: Deployment',
    'kind: List',
    'items:',
    'metadata:',
    'name: web',
    'spec:',
    'template:',
    'containers:',
    '- name: a',
    '- ',
    'image: nginx',
    'ports: [{containerPort: 80, protocol: udp}]',
    'resources: {limits: {cpu: 1 core}}',
    'imagePullPolicy: ',
    'replicas: "3"',
    '&a x: *a',
    '<<: *a',
    '{{ .Values.x }}',
    '# comment',
    '---',
    '"quoted": \'x\'',
    '\t- tab',
    'key: |',
    '  block',
  ),
  fc.string({ maxLength: 12 }),
);

const TEXT = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 8 }), LINE), { maxLength: 14 })
  .map((lines) => lines.map(([indent, line]) => ' '.repeat(indent) + line).join('\n'));

for (const [schemaName, load] of [
  ['the 1.35 OpenAPI', loadTestIndex],
  ['the bundled schema', loadBundledIndex],
] as const) {
  describe(`features: robustness with ${schemaName}`, function () {
    let index: SchemaIndex;
    before(function () {
      index = load(this);
    });

    it('never throws on half-typed YAML, at any offset (property)', function () {
      fc.assert(
        fc.property(TEXT, fc.nat(), (text, at) => {
          const snapshot = createSnapshot('file:///p.yaml', 1, text);
          for (const doc of snapshot.documents) validateDocumentSchema(doc, index);
          const offset = text.length === 0 ? 0 : at % (text.length + 1);
          const info = hover(snapshot, offset, index);
          if (info !== undefined) assert.ok(info.range.start <= offset && offset <= info.range.end);
          for (const c of complete(snapshot, offset, index)) {
            if (c.replaceRange !== undefined) assert.ok(c.replaceRange.start <= offset && offset <= c.replaceRange.end, 'the replaced range holds the cursor');
          }
        }),
        { numRuns: 300 },
      );
    });
  });
}
