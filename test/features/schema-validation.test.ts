import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import { formatFieldPath } from '../../server/src/document/field-path';
import { nodeRange } from '../../server/src/document/locate';
import { validateDocumentSchema } from '../../server/src/features/schema-validation';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { sharedDir } from '../harness/shared';
import { dedent, loadBundledIndex, loadTestIndex } from './fixtures';

/** Renders every finding of every document as `ruleId path[@key] | message`, in report order. */
function checkSchema(index: SchemaIndex, source: string): string[] {
  const text = dedent(source);
  const snapshot = createSnapshot('file:///test.yaml', 1, text);
  return snapshot.documents.flatMap((doc) =>
    validateDocumentSchema(doc, index).map(
      (f) => `${f.ruleId} ${formatFieldPath(f.path)}${f.target === 'key' ? '@key' : ''} | ${f.message}`,
    ),
  );
}

const SCHEMAS = [
  ['the 1.35 OpenAPI', loadTestIndex],
  ['the bundled schema', loadBundledIndex],
] as const;

for (const [schemaName, load] of SCHEMAS) describe(`features/schema-validation with ${schemaName}`, function () {
  let index: SchemaIndex;
  before(function () {
    index = load(this);
  });

  it('accepts a valid Pod', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels: { app: web }
      spec:
        containers:
          - name: web
            image: nginx:1.27
            imagePullPolicy: IfNotPresent
            ports:
              - containerPort: 80
                protocol: TCP
            resources:
              limits: { cpu: 500m, memory: 128Mi }
              requests: { cpu: 0.25, memory: 1e8 }
            livenessProbe:
              httpGet: { path: /healthz, port: http }
            env:
              - name: MODE
                value: "yes"
        restartPolicy: Always
        terminationGracePeriodSeconds: 30
    `);
    assert.deepStrictEqual(out, []);
  });

  it('points at the text a user fixes (through document/locate nodeRange)', function () {
    const text = dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: "3"
        template:
          spec:
            containers:
              - imagee: nginx
                imagePullPolicy: always
    `);
    const doc = createSnapshot('file:///test.yaml', 1, text).documents[0];
    assert.ok(doc);
    const shown = validateDocumentSchema(doc, index).map((f) => {
      const r = nodeRange(doc, f.path, f.target ?? 'value');
      // The first line is what an editor underlines first (a list item without a key spans its lines).
      return `${f.ruleId}: ${r === undefined ? '<none>' : text.slice(r.start, r.end).split('\n')[0]}`;
    });
    assert.deepStrictEqual(shown, [
      'invalid-type: "3"',
      'unknown-field: imagee',
      'unsupported-value: always',
      'required-field: imagee: nginx',
      'required-field: spec',
    ]);
  });

  it('reports unknown fields with a suggestion, on the key', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            imagee: nginx
            frobnicate: true
    `);
    assert.deepStrictEqual(out, [
      'unknown-field spec.containers[0].imagee@key | unknown field "spec.containers[0].imagee" (did you mean "image"?)',
      'unknown-field spec.containers[0].frobnicate@key | unknown field "spec.containers[0].frobnicate"',
    ]);
  });

  it('reports wrong JSON types in kube-openapi wording', function () {
    const out = checkSchema(index, `
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: "3"
        minReadySeconds: 3000000000
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web, version: 1.0 } }
          spec:
            hostNetwork: "true"
            containers: { name: web }
    `);
    assert.deepStrictEqual(out, [
      'invalid-type spec.replicas | spec.replicas: Invalid value: "3": spec.replicas in body must be of type integer: "string"',
      'invalid-type spec.minReadySeconds | spec.minReadySeconds: Invalid value: 3000000000: spec.minReadySeconds in body must be of type int32: "integer"',
      'invalid-type spec.template.metadata.labels[version] | spec.template.metadata.labels[version]: Invalid value: 1: spec.template.metadata.labels[version] in body must be of type string: "integer"',
      'invalid-type spec.template.spec.hostNetwork | spec.template.spec.hostNetwork: Invalid value: "true": spec.template.spec.hostNetwork in body must be of type boolean: "string"',
      'invalid-type spec.template.spec.containers | spec.template.spec.containers: Invalid value: "object": spec.template.spec.containers in body must be of type array: "object"',
    ]);
  });

  it('treats YAML 1.1 booleans as Kubernetes does', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            image: nginx
            env:
              - name: DEBUG
                value: yes
            stdin: on
    `);
    assert.deepStrictEqual(out, [
      'invalid-type spec.containers[0].env[0].value | spec.containers[0].env[0].value: Invalid value: true: spec.containers[0].env[0].value in body must be of type string: "boolean"',
    ]);
  });

  it('checks IntOrString and Quantity syntax', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            image: nginx
            readinessProbe:
              tcpSocket: { port: 8.5 }
            livenessProbe:
              httpGet: { port: true }
            resources:
              limits: { cpu: 1 core, memory: 1gb }
              requests: { cpu: 2mm, memory: 1Gib }
    `);
    assert.deepStrictEqual(out, [
      'invalid-type spec.containers[0].readinessProbe.tcpSocket.port | spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: 8.5: spec.containers[0].readinessProbe.tcpSocket.port in body must be of type integer or string: "number"',
      'invalid-type spec.containers[0].livenessProbe.httpGet.port | spec.containers[0].livenessProbe.httpGet.port: Invalid value: true: spec.containers[0].livenessProbe.httpGet.port in body must be of type integer or string: "boolean"',
      `invalid-type spec.containers[0].resources.limits[cpu] | spec.containers[0].resources.limits[cpu]: Invalid value: "1 core": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      `invalid-type spec.containers[0].resources.limits[memory] | spec.containers[0].resources.limits[memory]: Invalid value: "1gb": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
      `invalid-type spec.containers[0].resources.requests[cpu] | spec.containers[0].resources.requests[cpu]: Invalid value: "2mm": unable to parse quantity's suffix`,
      `invalid-type spec.containers[0].resources.requests[memory] | spec.containers[0].resources.requests[memory]: Invalid value: "1Gib": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
  });

  it('reports unsupported enum values in the apiserver wording', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            image: nginx
            imagePullPolicy: always
            ports:
              - containerPort: 53
                protocol: udp
    `);
    assert.deepStrictEqual(out, [
      'unsupported-value spec.containers[0].imagePullPolicy | spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
      'unsupported-value spec.containers[0].ports[0].protocol | spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('reports missing required fields on the parent key, except defaulted ones', function () {
    const out = checkSchema(index, `
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        template:
          spec:
            containers:
              - image: nginx
                ports:
                  - name: http
                readinessProbe:
                  httpGet:
                    path: /
                    port: 80
                    httpHeaders: [{ name: X-Probe }]
    `);
    assert.deepStrictEqual(out, [
      'required-field spec.template.spec.containers[0].ports[0]@key | spec.template.spec.containers[0].ports[0].containerPort: Required value',
      'required-field spec.template.spec.containers[0]@key | spec.template.spec.containers[0].name: Required value',
      'required-field spec@key | spec.selector: Required value',
    ]);
  });

  it('reports a missing apiVersion of a known kind, and a missing kind of a Kubernetes apiVersion with metadata', function () {
    assert.deepStrictEqual(checkSchema(index, 'kind: ConfigMap\nmetadata: {name: c}\n'), ['required-field kind@key | apiVersion: Required value: apiVersion not set']);
    assert.deepStrictEqual(checkSchema(index, 'apiVersion: apps/v1\nmetadata: {name: d}\n'), ['required-field apiVersion@key | kind: Required value: kind not set']);
    // Near misses: YAML that is not a Kubernetes object (a Chart.yaml, an unknown kind, neither key).
    assert.deepStrictEqual(checkSchema(index, 'apiVersion: v2\nname: chart\nversion: 1.0.0\n'), []);
    assert.deepStrictEqual(checkSchema(index, 'kind: Widget\nsize: 3\n'), []);
    assert.deepStrictEqual(checkSchema(index, 'name: x\n'), []);
  });

  it('treats a required field set to null as missing, and a null item of a list of strings as a type error', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        containers:
          - name:
            image: nginx
            args:
              -
              - --verbose
            ports:
              - containerPort: ~
    `);
    assert.deepStrictEqual(out, [
      'invalid-type spec.containers[0].args[0] | spec.containers[0].args[0]: Invalid value: "null": spec.containers[0].args[0] in body must be of type string: "null"',
      'required-field spec.containers[0].ports[0]@key | spec.containers[0].ports[0].containerPort: Required value',
      'required-field spec.containers[0]@key | spec.containers[0].name: Required value',
    ]);
  });

  it('reports an apiVersion that does not serve the kind, and misspelt kinds', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Deployment
      metadata: { name: a }
      ---
      apiVersion: apps/v1
      kind: Deploymnet
      metadata: { name: b }
      ---
      apiVersion: v1
      kind: Namespace
      metadata: { name: c }
      ---
      apiVersion: example.com/v1
      kind: Widget
      spec: { anything: 1 }
      ---
      apiVersion: serving.knative.dev/v1
      kind: Service
      spec: { template: { spec: { containers: [{ image: x }] } } }
      ---
      apiVersion: apps/v1beta2
      kind: Deployment
      metadata: { name: d }
    `);
    assert.deepStrictEqual(out, [
      'api-version-mismatch apiVersion | apiVersion: Invalid value: "v1": no matches for kind "Deployment" in version "v1" (Deployment is served by "apps/v1")',
      'unknown-kind kind | kind: Invalid value: "Deploymnet": no matches for kind "Deploymnet" in version "apps/v1" (did you mean "Deployment"?)',
      // apps/v1beta2 is a removed version: the `removed-api-version` rule reports it (test/rules/api-versions.test.ts).
    ]);
  });

  it('checks the items of a List with item-relative messages', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: { name: a }
          data: { key: value }
        - apiVersion: v1
          kind: Pod
          metadata: { name: b }
          spec:
            containers:
              - name: c
                image: nginx
                imagePullPolicy: sometimes
    `);
    assert.deepStrictEqual(out, [
      'unsupported-value items[1].spec.containers[0].imagePullPolicy | spec.containers[0].imagePullPolicy: Unsupported value: "sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });

  it('leaves non-Kubernetes YAML alone (a GitHub workflow)', function () {
    const out = checkSchema(index, `
      name: CI
      on:
        push:
          branches: [main]
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - uses: actions/checkout@v4
            - run: npm test
    `);
    assert.deepStrictEqual(out, []);
  });

  it('accepts anchors, aliases and merge keys', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web, labels: &labels { app: web } }
      spec:
        nodeSelector: *labels
        containers:
          - &base
            name: a
            image: nginx
          - <<: *base
            name: b
    `);
    assert.deepStrictEqual(out, []);
  });

  it('stays finite on recursive aliases and alias bombs', function () {
    const recursive = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: &m { name: web, labels: { app: web }, annotations: *m }
      spec: &s
        containers: [{ name: a, image: nginx }]
        initContainers: *s
    `);
    assert.ok(recursive.length < 50, recursive.join('\n'));
    const bomb = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  labels:', '    a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`    a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    // Expanding the bomb would mean 10^8 nodes: the findings stay few (no time is asserted).
    const out = checkSchema(index, bomb.join('\n'));
    assert.ok(out.length < 1000, `${out.length} findings`);
  });

  it('reports no error on the real-world manifests the apiserver accepts', function () {
    assert.deepStrictEqual(realWorldFindings(this, index, 'valid'), []);
  });
});

/** Findings on every file of ../shared/realworld/<sub>, as `file: ruleId path: message`. */
function realWorldFindings(ctx: Mocha.Context, index: SchemaIndex, sub: 'valid' | 'invalid'): string[] {
  const shared = sharedDir();
  if (shared === undefined) ctx.skip();
  const dir = path.join(shared ?? '', 'realworld', sub);
  const out: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const doc of createSnapshot(`file:///${file}`, 1, text).documents)
      for (const f of validateDocumentSchema(doc, index))
        out.push(`${file}: ${f.ruleId} ${formatFieldPath(f.path)}: ${f.message}`);
  }
  return out;
}

describe('features/schema-validation, bundled schema only', function () {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });

  it('finds the schema-level errors of the rejected real-world manifests', function () {
    const found = realWorldFindings(this, index, 'invalid');
    const protocol = 'spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"';
    assert.ok(found.includes(`256-rw-examples-aws-ebs-protocol.yaml: unsupported-value spec.containers[0].ports[0].protocol: ${protocol}`), found.join('\n'));
    assert.ok(found.includes(`257-rw-examples-cinder-protocol.yaml: unsupported-value spec.containers[0].ports[0].protocol: ${protocol}`), found.join('\n'));
    assert.ok(found.includes('261-rw-templates-deployment-no-selector.yaml: required-field spec: spec.selector: Required value'), found.join('\n'));
  });

  it('checks enums the bundled schema declares', function () {
    const out = checkSchema(index, `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            image: nginx
            imagePullPolicy: Sometimes
    `);
    assert.deepStrictEqual(out, [
      'unsupported-value spec.containers[0].imagePullPolicy | spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });
});
