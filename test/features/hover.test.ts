import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import { walk } from '../../server/src/document/locate';
import { hover } from '../../server/src/features/hover';
import { createExplainMemo } from '../../server/src/features/explain-memo';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { parseMarkers } from '../harness/fixture';
import { dedent, loadBundledIndex, loadTestIndex } from './fixtures';

/** The hover's markdown at the `<|>` cursor, with the hovered text, or `<no hover>`. */
function checkHover(index: SchemaIndex, source: string): { markdown: string; hovered: string } | '<no hover>' {
  const { text, cursor } = parseMarkers(dedent(source));
  const info = hover(createSnapshot('file:///test.yaml', 1, text), cursor, index);
  return info === undefined ? '<no hover>' : { markdown: info.markdown, hovered: text.slice(info.range.start, info.range.end) };
}

const EXAMPLE_POD = dedent(`
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
    labels:
      app: web
    annotations:
      example.com/owner: team-a
  spec:
    restartPolicy: Always
    initContainers:
      - name: init
        image: busybox:1.36
        command: ["sh", "-c", "true"]
    containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports:
          - name: http
            containerPort: 80
            protocol: TCP
        env:
          - name: MODE
            valueFrom:
              fieldRef: { fieldPath: metadata.name }
        resources:
          limits:
            cpu: 500m
            memory: 128Mi
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          periodSeconds: 5
        volumeMounts:
          - name: data
            mountPath: /data
    volumes:
      - name: data
        emptyDir: {}
`);

const SCHEMAS = [
  ['the 1.35 OpenAPI', loadTestIndex],
  ['the bundled schema', loadBundledIndex],
] as const;

for (const [schemaName, load] of SCHEMAS) describe(`features/hover with ${schemaName}`, function () {
  let index: SchemaIndex;
  before(function () {
    index = load(this);
  });

  it('explains every key of an example Pod with its FIELD line', function () {
    const snapshot = createSnapshot('file:///pod.yaml', 1, EXAMPLE_POD);
    const doc = snapshot.documents[0];
    assert.ok(doc);
    const mapKeyParents = new Set(['labels', 'annotations', 'limits']);
    let count = 0;
    walk(doc, (path, _node, key) => {
      if (key === undefined || key.range === undefined || key.range === null) return;
      const start = doc.offset + key.range[0];
      const name = String(path[path.length - 1]);
      const parent = path[path.length - 2];
      // Keys of maps (label names, resource names) explain the map field itself.
      const expected = typeof parent === 'string' && mapKeyParents.has(parent) ? parent : name;
      for (const at of [start, start + 1, doc.offset + key.range[1]]) {
        const info = hover(snapshot, at, index);
        assert.ok(info, `no hover at ${path.join('.')} (offset ${at})`);
        assert.match(info.markdown, /\*\*KIND\*\*: Pod/);
        assert.match(info.markdown, /\*\*VERSION\*\*: v1/);
        assert.ok(info.markdown.includes(`**FIELD**: \`${expected}\` \``), `FIELD line for ${path.join('.')}:\n${info.markdown}`);
        assert.strictEqual(EXAMPLE_POD.slice(info.range.start, info.range.end), name);
      }
      count++;
    });
    assert.ok(count >= 40, `only ${count} keys visited`);
  });

  it('shows type, required marker and child fields', function () {
    const out = checkHover(index, `
      apiVersion: v1
      kind: Pod
      spec:
        cont<|>ainers:
          - name: web
    `);
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.strictEqual(out.hovered, 'containers');
    assert.ok(out.markdown.includes('**FIELD**: `containers` `<[]Container>` *-required-*'), out.markdown);
    assert.match(out.markdown, /\*\*FIELDS\*\*:/);
    assert.match(out.markdown, /- `image` `<string>`/);
  });

  it('names the group for apps kinds', function () {
    const out = checkHover(index, `
      apiVersion: apps/v1
      kind: Deployment
      spec:
        template:
          spec:
            containers:
              - na<|>me: web
    `);
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.match(out.markdown, /\*\*GROUP\*\*: apps/);
    assert.match(out.markdown, /\*\*KIND\*\*: Deployment/);
    assert.ok(out.markdown.includes('**FIELD**: `name` `<string>` *-required-*'), out.markdown);
  });

  it('shows the value and the allowed values on an enum value', function () {
    const out = checkHover(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: web
            imagePullPolicy: IfNot<|>Present
    `);
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.strictEqual(out.hovered, 'IfNotPresent');
    assert.match(out.markdown, /`IfNotPresent`/);
    assert.match(out.markdown, /Allowed values: `Always`, `IfNotPresent`, `Never`/);
  });

  it('says so when an enum value is not allowed', function () {
    const out = checkHover(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: web
            ports:
              - containerPort: 53
                protocol: u<|>dp
    `);
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.match(out.markdown, /`udp` is not an allowed value/);
    assert.match(out.markdown, /`SCTP`, `TCP`, `UDP`/);
  });

  it('explains fields of List items with the item kind', function () {
    const out = checkHover(index, `
      apiVersion: v1
      kind: List
      items:
        - apiVersion: batch/v1
          kind: CronJob
          spec:
            sched<|>ule: "0 3 * * *"
    `);
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.strictEqual(out.hovered, 'schedule');
    assert.match(out.markdown, /\*\*GROUP\*\*: batch/);
    assert.match(out.markdown, /\*\*KIND\*\*: CronJob/);
    assert.ok(out.markdown.includes('**FIELD**: `schedule` `<string>` *-required-*'), out.markdown);
  });

  it('explains keys in flow mappings', function () {
    const out = checkHover(index, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - { name: a, ima<|>ge: nginx }\n');
    assert.notStrictEqual(out, '<no hover>');
    if (out === '<no hover>') return;
    assert.ok(out.markdown.includes('**FIELD**: `image` `<string>`'), out.markdown);
  });

  for (const [title, source] of [
    ['comments', 'apiVersion: v1\nkind: Pod\n# a com<|>ment about spec\nspec: {}\n'],
    ['unknown keys', 'apiVersion: v1\nkind: Pod\nspec:\n  frobn<|>icate: true\n'],
    ['plain values', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: we<|>b\n'],
    ['non-Kubernetes YAML (a GitHub workflow)', 'name: CI\non: push\njobs:\n  build:\n    runs-<|>on: ubuntu-latest\n'],
    ['unknown kinds', 'apiVersion: example.com/v1\nkind: Widget\nspec:\n  rep<|>licas: 1\n'],
  ] as const) {
    it(`gives nothing on ${title}`, function () {
      assert.strictEqual(checkHover(index, source), '<no hover>');
    });
  }
});

describe('features/hover: explain Markdown memo', function () {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });

  it('renders a field once per schema, with the same Markdown as without the memo', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers:\n    - name: a\n    - name: b\n';
    const snapshot = createSnapshot('file:///memo.yaml', 1, text);
    const memo = createExplainMemo(index);
    const at = (needle: string, nth = 0): number => {
      let i = -1;
      for (let n = 0; n <= nth; n++) i = text.indexOf(needle, i + 1);
      return i + 1;
    };
    const first = hover(snapshot, at('restartPolicy'), index, { memo });
    assert.ok(first !== undefined);
    assert.strictEqual(first.markdown, hover(snapshot, at('restartPolicy'), index)?.markdown);
    assert.strictEqual(memo.misses, 1);
    // The same field again, and `name` of another container item (the same explain path): no new rendering.
    hover(snapshot, at('restartPolicy'), index, { memo });
    hover(snapshot, at('name', 1), index, { memo });
    hover(snapshot, at('name', 2), index, { memo });
    assert.strictEqual(memo.misses, 2);
    // A memo made for another schema is not used.
    const other = createExplainMemo(createSchemaIndex(index.model));
    assert.strictEqual(hover(snapshot, at('restartPolicy'), index, { memo: other })?.markdown, first.markdown);
    assert.strictEqual(other.misses, 0);
    assert.strictEqual(other.entries.size, 0);
  });
});
