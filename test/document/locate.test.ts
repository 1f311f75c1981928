import * as assert from 'assert';
import * as fc from 'fast-check';
import { formatFieldPath } from '../../server/src/document/field-path';
import { keyNodeAt, locate, nodeAt, nodeRange, walk } from '../../server/src/document/locate';
import type { Locus } from '../../server/src/document/locate';
import { createSnapshot } from '../../server/src/document/snapshot';
import { parseMarkers } from '../harness/fixture';
import { deployments } from './deployments';

/** Renders a locus as one stable line: role, path, parent, siblings, prefix, indent, key and value text. */
function render(text: string, l: Locus | undefined): string {
  if (l === undefined) return '<none>';
  const slice = (r: { start: number; end: number } | undefined): string => (r === undefined ? '-' : JSON.stringify(text.slice(r.start, r.end)));
  const item = l.item === undefined ? '' : ` item=${l.item} object=${formatFieldPath(l.objectPath)}`;
  return (
    `${l.role} ${formatFieldPath(l.path)} doc=${l.documentIndex}${item} parent=${formatFieldPath(l.parentPath)} ` +
    `siblings=[${l.siblingKeys.join(',')}] prefix=${JSON.stringify(l.prefix)} indent=${l.indent} key=${slice(l.keyRange)} value=${slice(l.valueRange)}`
  );
}

/** The only place that calls `locate`: a fixture with a `<|>` cursor in, the rendered locus out. */
function checkLocate(fixture: string, expected: string): void {
  const { text, cursor } = parseMarkers(fixture);
  assert.strictEqual(render(text, locate(createSnapshot('file:///t.yaml', 1, text), cursor)), expected);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web # the name
  labels:
    app: web
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx
        - name: b
          ports:
            - containerPort: 80
              protocol: TCP
`;

function at(marker: string, delta = 0): string {
  const i = POD.indexOf(marker);
  assert.ok(i >= 0, marker);
  return POD.slice(0, i + delta) + '<|>' + POD.slice(i + delta);
}

describe('document/locate', () => {
  describe('existing keys and values', () => {
    it('on a key', () =>
      checkLocate(at('kind', 2), 'key kind doc=0 parent=<root> siblings=[apiVersion,metadata,spec] prefix="ki" indent=0 key="kind" value="Pod"'));
    it('on a value', () =>
      checkLocate(at('Pod', 1), 'value kind doc=0 parent=<root> siblings=[apiVersion,metadata,spec] prefix="P" indent=0 key="kind" value="Pod"'));
    it('on a nested value in a sequence of mappings', () =>
      checkLocate(
        at('80', 2),
        'value spec.template.spec.containers[1].ports[0].containerPort doc=0 parent=spec.template.spec.containers[1].ports[0] siblings=[protocol] prefix="80" indent=14 key="containerPort" value="80"',
      ));
    it('on a key right after a dash', () =>
      checkLocate(
        at('name: b'),
        'key spec.template.spec.containers[1].name doc=0 parent=spec.template.spec.containers[1] siblings=[ports] prefix="" indent=10 key="name" value="b"',
      ));
    it('on a map key (a string segment: the schema layer decides it is a MapKey)', () =>
      checkLocate(at('app:', 1), 'key metadata.labels.app doc=0 parent=metadata.labels siblings=[] prefix="a" indent=4 key="app" value="web"'));
    it('on a key holding a block mapping: the value range ends at its last content', () =>
      checkLocate(at('labels'), 'key metadata.labels doc=0 parent=metadata siblings=[name] prefix="" indent=2 key="labels" value="app: web"'));
    it('on a scalar sequence item and in flow collections', () => {
      checkLocate('args:\n  - --po<|>rt\n  - "8080"\n', 'value args[0] doc=0 parent=args siblings=[] prefix="--po" indent=4 key=- value="--port"');
      checkLocate('args: ["a", "b<|>"]\n', 'value args[1] doc=0 parent=args siblings=[] prefix="b" indent=12 key=- value="\\"b\\""');
      checkLocate('labels: {app: w<|>, tier: x}\n', 'value labels.app doc=0 parent=labels siblings=[tier] prefix="w" indent=9 key="app" value="w"');
    });
    it('in a block scalar, line by line', () =>
      checkLocate(
        'command: |\n  echo hi\n  # not a comment<|>\nx: 1\n',
        'value command doc=0 parent=<root> siblings=[x] prefix="# not a comment" indent=0 key="command" value="|\\n  echo hi\\n  # not a comment"',
      ));
    it('after `key: ` with no value yet', () =>
      checkLocate('spec:\n  restartPolicy: <|>\n  containers: []\n', 'value spec.restartPolicy doc=0 parent=spec siblings=[containers] prefix="" indent=2 key="restartPolicy" value=-'));
    it('with CJK and emoji before the cursor (UTF-16 offsets)', () =>
      checkLocate('a: "名前😀"\nb: 😀x<|>\n', 'value b doc=0 parent=<root> siblings=[a] prefix="😀x" indent=0 key="b" value="😀x"'));
    it('with CRLF line endings', () =>
      checkLocate('spec:\r\n  containers:\r\n  - name: a\r\n    ima<|>ge: x\r\n', 'key spec.containers[0].image doc=0 parent=spec.containers[0] siblings=[name] prefix="ima" indent=4 key="image" value="x"'));
  });

  describe('typing new keys and items', () => {
    it('on a line with just indentation, between keys', () =>
      checkLocate(
        'spec:\n  containers:\n    - name: a\n      <|>\n      image: x\n  volumes: []\n',
        'new-key spec.containers[0] doc=0 parent=spec.containers[0] siblings=[name,image] prefix="" indent=6 key=- value=-',
      ));
    it('on a partial word that yaml folds into the previous value', () =>
      checkLocate('spec:\n  containers:\n    - name: a\n      imag<|>\n', 'new-key spec.containers[0] doc=0 parent=spec.containers[0] siblings=[name] prefix="imag" indent=6 key="imag" value=-'));
    it('below a key with no value yet (a child mapping)', () =>
      checkLocate('spec:\n  securityContext:\n    <|>\n  hostname: x\n', 'new-key spec.securityContext doc=0 parent=spec.securityContext siblings=[] prefix="" indent=4 key=- value=-'));
    it('at a shallower column: the enclosing mapping', () =>
      checkLocate('spec:\n  containers:\n  - name: a\n    image: x\n  <|>\n', 'new-key spec doc=0 parent=spec siblings=[containers] prefix="" indent=2 key=- value=-'));
    it('at the root of an empty file and of an empty document', () => {
      checkLocate('<|>', 'new-key <root> doc=0 parent=<root> siblings=[] prefix="" indent=0 key=- value=-');
      checkLocate('a: 1\n---\nki<|>\n', 'new-key <root> doc=1 parent=<root> siblings=[] prefix="ki" indent=0 key="ki" value=-');
    });
    it('after `- ` just typed, counting the items before it', () =>
      checkLocate(
        'spec:\n  containers:\n  - name: a\n  - name: b\n  - <|>\n',
        'new-item spec.containers[2] doc=0 parent=spec.containers[2] siblings=[] prefix="" indent=4 key=- value=-',
      ));
    it('after `- ` with keys of the item below it', () =>
      checkLocate('ports:\n- <|>\n  protocol: TCP\n', 'new-item ports[0] doc=0 parent=ports[0] siblings=[protocol] prefix="" indent=2 key=- value=-'));
    it('after `- word` at the end of the word', () =>
      checkLocate('containers:\n  - name: a\n  - na<|>\n', 'new-item containers[1] doc=0 parent=containers[1] siblings=[] prefix="na" indent=4 key=- value="na"'));
    it('skips block scalars and flow collections of earlier lines', () =>
      checkLocate(
        'spec:\n  script: |\n    - fake: item\n  args: [a,\n    b]\n  <|>\n',
        'new-key spec doc=0 parent=spec siblings=[script,args] prefix="" indent=2 key=- value=-',
      ));
    it('in a kind: List item', () =>
      checkLocate(
        'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - name: x\n      <|>\n',
        'new-key items[0].spec.containers[0] doc=0 item=0 object=spec.containers[0] parent=items[0].spec.containers[0] siblings=[name] prefix="" indent=6 key=- value=-',
      ));
  });

  describe('broken YAML around the cursor', () => {
    it('a tab-indented line above', () =>
      checkLocate('spec:\n\tbad: 1\n  containers:\n  - name: a\n    ima<|>ge: x\n', 'key spec.containers[0].image doc=0 parent=spec.containers[0] siblings=[name] prefix="ima" indent=4 key="image" value="x"'));
    it('a bare word line above (missing colon)', () =>
      checkLocate('spec:\n  containers:\n  - name: a\n    imag\n    <|>\n', 'new-key spec.containers[0] doc=0 parent=spec.containers[0] siblings=[name] prefix="" indent=4 key=- value=-'));
    it('an unclosed quote in another document', () =>
      checkLocate('a: "oops\n---\nspec:\n  host<|>\n', 'new-key spec doc=1 parent=spec siblings=[] prefix="host" indent=2 key="host" value=-'));
    it('an unclosed flow sequence above', () =>
      checkLocate(
        'spec:\n  containers:\n  - name: a\n    args: [x,\n  - name: b\n    ima<|>ge: y\n',
        'key spec.containers[1].image doc=0 parent=spec.containers[1] siblings=[name] prefix="ima" indent=4 key="image" value="y"',
      ));
  });

  describe('comments and markers', () => {
    it('gives nothing in a comment line, a trailing comment or a document marker', () => {
      checkLocate('# head<|>er\na: 1\n', '<none>');
      checkLocate('a: 1 # tra<|>iling\n', '<none>');
      checkLocate('a: 1\n  # in<|>dented\nb: 2\n', '<none>');
      checkLocate('a: 1\n--<|>-\nb: 1\n', '<none>');
    });
    it('a # inside quotes or a plain scalar is not a comment', () => {
      checkLocate('a: "x # y<|>"\n', 'value a doc=0 parent=<root> siblings=[] prefix="x # y" indent=0 key="a" value="\\"x # y\\""');
      checkLocate('a: x#y<|>\n', 'value a doc=0 parent=<root> siblings=[] prefix="x#y" indent=0 key="a" value="x#y"');
    });
  });

  describe('pathological text (issue 3 §6)', () => {
    it('after `key:` in a flow mapping: the key before the cursor, not an earlier key without value', () =>
      checkLocate('m: {a: , b: 1, c: <|>}\n', 'value m.c doc=0 parent=m siblings=[a,b] prefix="" indent=15 key="c" value=-'));
    // Quadratic work on these inputs (10^9 steps and more) would run into mocha's timeout; no time is asserted.
    it('on a long flow mapping, a long run of blanks, and a deeply nested document', () => {
      const flow = `m: {${Array.from({ length: 50_000 }, (_, i) => `k${i}: v${i}`).join(', ')}}\n`;
      const flowSnapshot = createSnapshot('u', 1, flow);
      const middle = flow.indexOf('k25000');
      assert.strictEqual(locate(flowSnapshot, middle + 2)?.role, 'key');
      assert.deepStrictEqual(locate(flowSnapshot, middle + 2)?.path, ['m', 'k25000']);
      const blanks = `a: x${' '.repeat(200_000)}y\n`;
      const blanksLocus = locate(createSnapshot('u', 1, blanks), blanks.length - 2);
      assert.deepStrictEqual([blanksLocus?.role, blanksLocus?.path], ['value', ['a']]);
      const deep = `${'- '.repeat(20_000)}x\n`;
      const deepSnapshot = createSnapshot('u', 1, deep);
      // Nested past MAX_NESTING_DEPTH: not analysed, nothing to name.
      for (const offset of [0, deep.length >> 1, deep.length - 2]) assert.strictEqual(locate(deepSnapshot, offset), undefined);
    });
  });
});

describe('document/locate nodeRange', () => {
  const snapshot = createSnapshot('u', 1, 'a: 1\n---\n' + POD);
  const doc = snapshot.documents[1];
  const text = snapshot.text;
  const show = (r: { start: number; end: number } | undefined): string => (r === undefined ? '<none>' : text.slice(r.start, r.end));
  const containers = ['spec', 'template', 'spec', 'containers'];

  it('finds keys, values and whole fields in a later document', () => {
    assert.ok(doc);
    assert.strictEqual(show(nodeRange(doc, [...containers, 1, 'ports', 0, 'protocol'], 'key')), 'protocol');
    assert.strictEqual(show(nodeRange(doc, [...containers, 1, 'ports', 0, 'protocol'], 'value')), 'TCP');
    assert.strictEqual(show(nodeRange(doc, ['metadata', 'labels'], 'node')), 'labels:\n    app: web');
    assert.strictEqual(show(nodeRange(doc, ['metadata', 'labels', { key: 'app' }], 'value')), 'web');
    assert.strictEqual(show(nodeRange(doc, ['metadata', 'name'], 'value')), 'web');
  });

  it('falls back to the deepest existing ancestor for missing fields', () => {
    assert.ok(doc);
    assert.strictEqual(show(nodeRange(doc, ['spec', 'template', 'spec', 'nodeName'], 'value')), 'spec');
    assert.strictEqual(show(nodeRange(doc, [...containers, 0, 'resources', 'limits'], 'key')), 'name');
    assert.strictEqual(show(nodeRange(doc, [...containers, 7, 'image'], 'key')), 'containers');
    assert.strictEqual(show(nodeRange(doc, ['status'], 'key')), 'apiVersion');
  });

  it('exposes nodes, key nodes and a walker with paths', () => {
    assert.ok(doc);
    assert.strictEqual(String((nodeAt(doc, [...containers, 0, 'image']) as { value?: unknown } | undefined)?.value), 'nginx');
    assert.ok(keyNodeAt(doc, ['kind']));
    assert.strictEqual(keyNodeAt(doc, [...containers, 0]), undefined);
    const paths: string[] = [];
    walk(doc, (path) => {
      if (path[0] === 'metadata') paths.push(formatFieldPath(path));
      return path.length === 0 || path[0] === 'metadata';
    });
    assert.deepStrictEqual(paths, ['metadata', 'metadata.name', 'metadata.labels', 'metadata.labels.app']);
  });

  it('nodeAt and keyNodeAt find what the walker visits at each path, and nothing below a missing or scalar step', () => {
    assert.ok(doc);
    const d = doc;
    let visited = 0;
    walk(d, (path, node, key) => {
      visited++;
      assert.strictEqual(nodeAt(d, path), node, formatFieldPath(path));
      assert.strictEqual(keyNodeAt(d, path), key, formatFieldPath(path));
    });
    assert.ok(visited > 10);
    assert.strictEqual(nodeAt(d, [...containers, 7, 'image']), undefined);
    assert.strictEqual(nodeAt(d, ['kind', 'x']), undefined);
    assert.strictEqual(nodeAt(d, ['metadata', 0]), undefined);
    assert.strictEqual(keyNodeAt(d, ['spec', 'nope']), undefined);
  });
});

describe('document/locate robustness', () => {
  it('never throws and returns ranges inside the text, for every offset of arbitrary text (property)', () => {
    const piece = fc.constantFrom(
      'a:', ' b', ': ', '\n', '  ', '- ', '#', ' # c', '"q', "'", '[', ']', '{', '}', ',', '|', '\n---\n', '\t', '\r\n', '😀', '名', 'x',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const snapshot = createSnapshot('u', 1, text);
        for (let o = 0; o <= text.length; o++) {
          const l = locate(snapshot, o);
          if (l === undefined) continue;
          for (const r of [l.keyRange, l.valueRange]) if (r) assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length);
          assert.ok(l.path.every((s) => typeof s === 'string' || typeof s === 'number'));
        }
        for (const d of snapshot.documents) {
          const r = nodeRange(d, ['a', 0, 'b'], 'key');
          if (r) assert.ok(0 <= r.start && r.start <= r.end && r.end <= text.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on every key of generated Deployments: role key, and nodeRange of the path is that key', () => {
    const text = deployments(3);
    const snapshot = createSnapshot('u', 1, text);
    let keys = 0;
    for (const d of snapshot.documents) {
      walk(d, (path, _node, key) => {
        if (key === undefined) return;
        const r = nodeRange(d, path, 'key');
        assert.ok(r);
        for (const o of [r.start, r.end]) {
          const l = locate(snapshot, o);
          assert.strictEqual(l?.role, 'key', `${formatFieldPath(path)} at ${o}`);
          assert.deepStrictEqual(l.path, path);
          assert.deepStrictEqual(l.keyRange, r);
        }
        keys++;
      });
    }
    assert.ok(keys > 100);
  });
});

describe('document/locate on mappings with many keys (issue 12 §3)', () => {
  it('finds a field of a 32,000-key mapping by lookup: reads of the mapping do not grow with its size', () => {
    const n = 32_000;
    const text = `metadata:\n  labels:\n${Array.from({ length: n }, (_, i) => `    l${i}: v${i}\n`).join('')}    l7: again\n`;
    const doc = createSnapshot('u', 1, text).documents[0];
    assert.ok(doc);
    const labels = nodeAt(doc, ['metadata', 'labels']);
    assert.ok(labels !== undefined && 'items' in labels && Array.isArray(labels.items));
    // Count the reads of the mapping's pairs while resolving 2,000 label paths.
    let reads = 0;
    const items: unknown[] = labels.items;
    labels.items = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as typeof labels.items;
    try {
      for (let i = 0; i < n; i += 16) {
        const r = nodeRange(doc, ['metadata', 'labels', { key: `l${i}` }], 'value');
        assert.ok(r !== undefined && text.slice(r.start, r.end) === `v${i}`, `l${i}`);
      }
      // The first of two equal keys wins, as with a scan.
      const dup = nodeRange(doc, ['metadata', 'labels', { key: 'l7' }], 'value');
      assert.strictEqual(dup === undefined ? '' : text.slice(dup.start, dup.end), 'v7');
      assert.strictEqual(nodeRange(doc, ['metadata', 'labels', { key: 'absent' }, 'x'], 'key')?.start, text.indexOf('labels'));
    } finally {
      labels.items = items as typeof labels.items;
    }
    // A scan would read about n/2 pairs per path (32 million in all); a lookup reads one.
    assert.ok(reads <= 2 * (n / 16 + 2), `${reads} reads of the mapping for ${n / 16 + 2} paths`);
  });
});
