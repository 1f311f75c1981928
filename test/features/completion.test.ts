import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import { complete, resolveCompletion } from '../../server/src/features/completion';
import type { CompletionCandidate } from '../../server/src/features/completion';
import { validateDocumentSchema } from '../../server/src/features/schema-validation';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { parseMarkers } from '../harness/fixture';
import { dedent, loadBundledIndex, loadTestIndex } from './fixtures';

interface Completion {
  readonly text: string;
  readonly cursor: number;
  /** Candidates sorted as a client sorts them (by sortText, then label). */
  readonly items: readonly CompletionCandidate[];
}

/** Completes at the `<|>` cursor of a fixture. */
function checkCompletion(index: SchemaIndex, source: string): Completion {
  const { text, cursor } = parseMarkers(dedent(source));
  const items = complete(createSnapshot('file:///test.yaml', 1, text), cursor, index);
  const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText) || a.label.localeCompare(b.label));
  return { text, cursor, items: sorted };
}

function labels(c: Completion): string[] {
  return c.items.map((i) => i.label);
}

function item(c: Completion, label: string): CompletionCandidate {
  const found = c.items.find((i) => i.label === label);
  assert.ok(found, `no candidate ${label} among ${labels(c).join(', ')}`);
  return found;
}

/** The text after applying a candidate (replacing its range, or inserting at the cursor). */
function apply(c: Completion, candidate: CompletionCandidate): string {
  const range = candidate.replaceRange ?? { start: c.cursor, end: c.cursor };
  return c.text.slice(0, range.start) + candidate.insertText + c.text.slice(range.end);
}

const SCHEMAS = [
  ['the 1.35 OpenAPI', loadTestIndex],
  ['the bundled schema', loadBundledIndex],
] as const;

for (const [schemaName, load] of SCHEMAS) describe(`features/completion with ${schemaName}`, function () {
  let index: SchemaIndex;
  before(function () {
    index = load(this);
  });

  it('offers the fields a container does not have yet', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: web
            ports:
              - containerPort: 80
            <|>
    `);
    const ls = labels(c);
    for (const expected of ['image', 'imagePullPolicy', 'env', 'resources', 'livenessProbe', 'command']) assert.ok(ls.includes(expected), expected);
    assert.ok(!ls.includes('name') && !ls.includes('ports'), 'present keys are not offered');
    assert.strictEqual(item(c, 'image').kind, 'field');
    assert.strictEqual(item(c, 'image').detail, 'string');
    assert.strictEqual(item(c, 'image').insertText, 'image: ');
    assert.strictEqual(item(c, 'env').detail, '[]EnvVar');
    // Keys sit at column 6: blocks open at column 8.
    assert.strictEqual(item(c, 'env').insertText, 'env:\n        - ');
    assert.strictEqual(item(c, 'resources').insertText, 'resources:\n        ');
  });

  it('puts required fields first', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - image: nginx
            <|>
    `);
    assert.strictEqual(labels(c)[0], 'name');
    assert.strictEqual(item(c, 'name').detail, 'string -required-');
  });

  it('completes a partly typed key and replaces it', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: web
            ima<|>
    `);
    const image = item(c, 'image');
    assert.deepStrictEqual(c.text.slice(image.replaceRange?.start, image.replaceRange?.end), 'ima');
    assert.match(apply(c, image), /\n {6}image: \n/);
  });

  it('renames a key that already has a value without touching the value', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        host<|>Network: true
    `);
    const hostPID = item(c, 'hostPID');
    assert.strictEqual(hostPID.insertText, 'hostPID');
    assert.ok(apply(c, hostPID).includes('  hostPID: true'), apply(c, hostPID));
  });

  it('offers the fields of a new list item', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: a
            image: nginx
          - <|>
    `);
    assert.strictEqual(labels(c)[0], 'name');
    assert.ok(labels(c).includes('image'));
  });

  it('completes at the top of a Deployment template spec with containers first', function () {
    const c = checkCompletion(index, `
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels: { app: web }
        template:
          metadata:
            labels: { app: web }
          spec:
            <|>
    `);
    assert.strictEqual(labels(c)[0], 'containers');
    const containers = item(c, 'containers');
    assert.strictEqual(containers.detail, '[]Container -required-');
    assert.strictEqual(containers.insertText, 'containers:\n        - ');
    for (const expected of ['initContainers', 'volumes', 'restartPolicy', 'nodeSelector', 'affinity']) assert.ok(labels(c).includes(expected), expected);
    assert.strictEqual(item(c, 'nodeSelector').insertText, 'nodeSelector:\n        ');
    assert.deepStrictEqual(containers.data, { resource: 'deployments.apps', apiVersion: 'apps/v1', fieldPath: ['spec', 'template', 'spec', 'containers'] });
  });

  it('documents field candidates lazily with the explain text', function () {
    const c = checkCompletion(index, `
      apiVersion: apps/v1
      kind: Deployment
      spec:
        template:
          spec:
            <|>
    `);
    const containers = item(c, 'containers');
    assert.strictEqual(containers.documentation, undefined);
    const resolved = resolveCompletion(containers, index);
    assert.ok(resolved.documentation?.includes('**FIELD**: `containers` `<[]Container>` *-required-*'), resolved.documentation);
    assert.match(resolved.documentation ?? '', /\*\*GROUP\*\*: apps/);
  });

  it('offers enum values for imagePullPolicy', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: web
            imagePullPolicy: If<|>
    `);
    assert.deepStrictEqual(labels(c), ['Always', 'IfNotPresent', 'Never']);
    const ifNotPresent = item(c, 'IfNotPresent');
    assert.strictEqual(ifNotPresent.kind, 'enum');
    assert.match(ifNotPresent.documentation ?? '', /Allowed values/);
    assert.ok(apply(c, ifNotPresent).includes('imagePullPolicy: IfNotPresent\n') || apply(c, ifNotPresent).endsWith('imagePullPolicy: IfNotPresent'));
  });

  it('offers true and false for booleans', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        hostNetwork: <|>
    `);
    assert.deepStrictEqual(labels(c), ['true', 'false']);
  });

  it('offers apiVersions and kinds of the supported kinds', function () {
    const versions = checkCompletion(index, 'apiVersion: <|>\n');
    assert.deepStrictEqual(labels(versions), ['v1', 'apps/v1', 'batch/v1']);
    const forDeployment = checkCompletion(index, 'apiVersion: <|>\nkind: Deployment\n');
    assert.deepStrictEqual(labels(forDeployment), ['apps/v1']);
    const kinds = checkCompletion(index, 'apiVersion: batch/v1\nkind: <|>\n');
    assert.deepStrictEqual(labels(kinds), ['Job', 'CronJob']);
    assert.strictEqual(item(kinds, 'Job').kind, 'kind');
    const missingKind = checkCompletion(index, 'apiVersion: apps/v1\n<|>\n');
    assert.deepStrictEqual(labels(missingKind), ['kind']);
  });

  it('offers valid skeletons and apiVersion/kind pairs in an empty document', function () {
    for (const source of ['<|>', '# a new file\n<|>\n', 'Dep<|>']) {
      const c = checkCompletion(index, source);
      const skeletons = c.items.filter((i) => i.kind === 'snippet');
      assert.deepStrictEqual(
        skeletons.map((s) => s.label),
        ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'],
      );
      assert.ok(c.items.some((i) => i.kind === 'kind' && /^apiVersion: apps\/v1\nkind: Deployment\n?$/.test(i.insertText)));
      // A whole document ends with exactly one line break after insertion.
      for (const s of skeletons) assert.ok(apply(c, s).endsWith('\n') && !apply(c, s).endsWith('\n\n'), `${s.label} ends once`);
      for (const s of skeletons) {
        assert.ok(!/\$\{?\d/.test(s.insertText), 'plain text, no snippet syntax');
        const text = apply(c, s);
        const snapshot = createSnapshot('file:///skeleton.yaml', 1, text);
        const doc = snapshot.documents[0];
        assert.ok(doc && doc.errors.length === 0, `${s.label} parses`);
        assert.strictEqual(doc.kind, s.label);
        assert.deepStrictEqual(validateDocumentSchema(doc, index), [], `${s.label} is valid`);
      }
    }
  });

  it('completes inside the items of a List with the item kind', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: List
      items:
        - apiVersion: batch/v1
          kind: CronJob
          metadata: { name: nightly }
          spec:
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: <|>
    `);
    assert.deepStrictEqual(labels(c), ['Always', 'Never', 'OnFailure']);
    assert.ok(item(c, 'OnFailure').documentation?.includes('Allowed values'));
  });

  it('inserts only `name: ` inside a flow mapping', function () {
    const c = checkCompletion(index, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: a, ima<|>}\n');
    assert.strictEqual(item(c, 'image').insertText, 'image: ');
    assert.strictEqual(item(c, 'env').insertText, 'env: ');
    assert.ok(!labels(c).includes('name'));
  });

  it('offers resource names under limits', function () {
    const c = checkCompletion(index, `
      apiVersion: v1
      kind: Pod
      spec:
        containers:
          - name: a
            resources:
              limits:
                cpu: 500m
                <|>
    `);
    assert.deepStrictEqual(labels(c), ['memory', 'ephemeral-storage']);
    assert.strictEqual(item(c, 'memory').insertText, 'memory: ');
  });

  it('offers nothing in non-Kubernetes YAML (a GitHub workflow)', function () {
    const c = checkCompletion(index, `
      name: CI
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          <|>
    `);
    assert.deepStrictEqual(labels(c), []);
    const root = checkCompletion(index, 'name: CI\non: push\n<|>\n');
    assert.deepStrictEqual(labels(root), []);
  });

  it('offers nothing in comments and under unknown fields', function () {
    assert.deepStrictEqual(labels(checkCompletion(index, 'apiVersion: v1\nkind: Pod\n# spec: <|>\n')), []);
    assert.deepStrictEqual(labels(checkCompletion(index, 'apiVersion: v1\nkind: Pod\nspec:\n  frobnicate:\n    <|>\n')), []);
  });
});
