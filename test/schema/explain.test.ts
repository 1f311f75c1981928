/**
 * `kubectl explain` conformance: podls's explain text, built from the Kubernetes 1.35 OpenAPI v3
 * documents of ../shared, must equal real kubectl's output byte for byte:
 * - every field path in ../shared/conformance/kubectl-explain-1.35 (pod, deployment, cronjob) and
 *   the three `--recursive` outputs;
 * - samples of other kinds (statefulset, job, ...) against the real kubectl run on a fake apiserver
 *   (../shared/tools/fake-apiserver.py on 127.0.0.1), skipped when kubectl or python3 is absent.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { enumText, enumValueNotes, explainMarkdown, explainText, splitExplainTarget } from '../../server/src/schema/explain';
import { indentText, wordWrap } from '../../server/src/schema/wrap';
import { loadOpenApiPaths } from '../../server/src/workspace/schema-source';
import type { FieldSchema } from '../../server/src/schema/model';
import { requireShared, sharedDir } from '../harness/shared';
import { startFakeApiserver } from '../harness/fake-apiserver';
import type { FakeApiserver } from '../harness/fake-apiserver';

/** What `kubectl explain <target> [--recursive]` prints, through podls. */
function explain(index: SchemaIndex, target: string, recursive = false, apiVersion?: string): { stdout: string; stderr: string } {
  const split = splitExplainTarget(index, target, apiVersion);
  if ('error' in split) return { stdout: '', stderr: split.error + '\n' };
  const resource = split.kind.group === '' ? split.kind.resource : `${split.kind.resource}.${split.kind.group}`;
  const r = explainText(index, resource, split.fieldPath, apiVersion === undefined ? { recursive } : { recursive, apiVersion });
  return { stdout: r.text, stderr: 'error' in r ? r.error + '\n' : '' };
}

function loadIndex(ctx: Mocha.Context): SchemaIndex {
  const dir = requireShared(ctx, 'k8s-openapi/1.35');
  const started = process.hrtime.bigint();
  const { model, errors } = loadOpenApiPaths([dir]);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.deepStrictEqual(errors, []);
  process.stdout.write(`      (1.35 OpenAPI documents loaded in ${ms.toFixed(0)} ms: ${Object.keys(model.types).length} types)\n`);
  return createSchemaIndex(model);
}

describe('kubectl explain conformance (1.35 goldens)', function () {
  let index: SchemaIndex;
  let goldens: string;
  let paths: string[];

  before(function () {
    goldens = requireShared(this, 'conformance/kubectl-explain-1.35');
    index = loadIndex(this);
    paths = fs
      .readFileSync(path.join(goldens, 'index.tsv'), 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .filter(([p, rc]) => p !== undefined && p !== '' && rc === '0')
      .map(([p]) => p as string);
  });

  for (const resource of ['pod', 'deployment', 'cronjob']) {
    it(`every ${resource} field path is byte-identical`, function () {
      const mine = paths.filter((p) => p === resource || p.startsWith(resource + '.'));
      assert.ok(mine.length > 0, `no ${resource} paths in index.tsv`);
      const mismatches: string[] = [];
      for (const p of mine) {
        const want = fs.readFileSync(path.join(goldens, `${p}.txt`), 'utf8');
        const got = explain(index, p);
        if (got.stdout !== want || got.stderr !== '') mismatches.push(p);
      }
      process.stdout.write(`      ${resource}: ${mine.length - mismatches.length}/${mine.length} paths byte-identical\n`);
      assert.deepStrictEqual(mismatches.slice(0, 10), [], `${mismatches.length} mismatches`);
    });

    it(`${resource} --recursive is byte-identical`, function () {
      const want = fs.readFileSync(path.join(goldens, `${resource}.recursive.txt`), 'utf8');
      assert.strictEqual(explain(index, resource, true).stdout, want);
    });
  }

  it('answers unknown fields and resources with kubectl messages', function () {
    assert.deepStrictEqual(explain(index, 'pod.spec.foo.bar'), {
      stdout: 'KIND:       Pod\nVERSION:    v1\n\n',
      stderr: 'error: field "bar" does not exist\n',
    });
    assert.deepStrictEqual(explain(index, 'foo'), { stdout: '', stderr: 'the server doesn\'t have a resource type "foo"\n' });
    assert.deepStrictEqual(explain(index, 'deploy', false, 'v1'), {
      stdout: '',
      stderr: 'error: GVR (/v1, Resource=deployments) not found in OpenAPI schema\n',
    });
  });

  it('accepts kubectl resource spellings', function () {
    const want = fs.readFileSync(path.join(goldens, 'deployment.spec.paused.txt'), 'utf8');
    for (const target of ['deploy.spec.paused', 'deployments.apps.spec.paused', 'Deployments.spec.paused', 'deployment.spec.paused.']) {
      assert.strictEqual(explain(index, target).stdout, want, target);
    }
    assert.strictEqual(explain(index, 'deploy.spec.paused', false, 'apps/v1').stdout, want);
  });
});

describe('kubectl explain conformance (real kubectl on a fake apiserver)', function () {
  let index: SchemaIndex;
  let server: FakeApiserver | undefined;

  before(async function () {
    const spec = requireShared(this, 'k8s-openapi/1.35');
    index = loadIndex(this);
    server = await startFakeApiserver(this, sharedDir() as string, spec);
  });

  after(function () {
    server?.stop();
  });

  const samples: readonly (readonly string[])[] = [
    ['statefulset'],
    ['statefulset', '--recursive'],
    ['sts.spec'],
    ['statefulset.spec.volumeClaimTemplates'],
    ['statefulset.spec.volumeClaimTemplates.spec.resources.requests'],
    ['statefulset.spec.persistentVolumeClaimRetentionPolicy'],
    ['statefulset.spec.template.spec.containers.ports.protocol'],
    ['statefulset.spec.updateStrategy.rollingUpdate.maxUnavailable'],
    ['job'],
    ['job', '--recursive'],
    ['job.spec'],
    ['job.spec.podFailurePolicy.rules'],
    ['job.spec.successPolicy.rules.succeededIndexes'],
    ['jobs.batch.spec.template.spec.volumes.configMap.items'],
    ['job.spec.template.metadata.labels'],
    ['svc.spec.ports'],
    ['cm'],
    ['pvc.spec.resources'],
    ['rc.spec.template'],
    ['rs.status'],
    ['ds.spec.updateStrategy'],
    ['podtemplate.template.spec.affinity'],
    ['secret.data'],
    ['pod.spec.containers', '--recursive'],
    ['pod.spec.nope'],
    ['deploy', '--api-version=apps/v1'],
    ['nosuchthing'],
  ];

  for (const args of samples) {
    it(`kubectl explain ${args.join(' ')}`, async function () {
      const [target, ...flags] = args as [string, ...string[]];
      const recursive = flags.includes('--recursive');
      const apiVersion = flags.find((f) => f.startsWith('--api-version='))?.slice('--api-version='.length);
      const run = await (server as FakeApiserver).kubectl(['explain', ...args]);
      const want = { stdout: run.stdout, stderr: run.stderr };
      assert.deepStrictEqual(explain(index, target, recursive, apiVersion), want);
    });
  }
});

describe('explain helpers', function () {
  it('wraps like go-wordwrap', function () {
    assert.strictEqual(wordWrap('aaa bbb ccc', 7), 'aaa bbb\nccc');
    assert.strictEqual(wordWrap('aaaaaaaaaa b', 5), 'aaaaaaaaaa\nb');
    assert.strictEqual(wordWrap('a\n\nb', 5), 'a\n\nb');
    assert.strictEqual(wordWrap('ab  cd', 3), 'ab\ncd');
    assert.strictEqual(wordWrap('é é é', 3), 'é é\né');
    assert.strictEqual(indentText(2, 'a\n\nb'), '  a\n  \n  b');
  });

  it('renders Markdown for hovers', function () {
    const index = loadIndex(this);
    const r = explainMarkdown(index, 'pod', ['spec', 'containers']);
    assert.ok('markdown' in r);
    assert.match(r.markdown, /^\*\*KIND\*\*: Pod · \*\*VERSION\*\*: v1\n\n\*\*FIELD\*\*: `containers` `<\[\]Container>` \*-required-\*/);
    assert.match(r.markdown, /A single application container that you want to run within a pod\./);
    assert.match(r.markdown, /- `image` `<string>` — Container image name\./);
    assert.match(r.markdown, /- `name` `<string>` \*-required-\*/);
    const d = explainMarkdown(index, 'deploy', []);
    assert.ok('markdown' in d);
    assert.match(d.markdown, /^\*\*GROUP\*\*: apps · \*\*KIND\*\*: Deployment/);
    assert.deepStrictEqual(explainMarkdown(index, 'pod', ['nope']), { error: 'error: field "nope" does not exist' });
  });

  it('describes enum values', function () {
    const field: FieldSchema = {
      name: 'imagePullPolicy',
      type: { kind: 'primitive', type: 'string' },
      description:
        'Image pull policy.\n\nPossible enum values:\n - `"Always"` means that kubelet always attempts to pull.\n - `"IfNotPresent"` means pull if absent.\n - `"Never"` means never pull.',
      required: false,
      enum: ['Always', 'IfNotPresent', 'Never'],
    };
    assert.strictEqual(enumValueNotes(field.description).get('Never'), 'means never pull.');
    assert.strictEqual(enumText(field, 'Never'), '`Never`: means never pull.\n\nAllowed values: `Always`, `IfNotPresent`, `Never`');
    assert.strictEqual(
      enumText(field, 'Sometimes'),
      '`Sometimes` is not an allowed value of `imagePullPolicy`.\n\nAllowed values: `Always`, `IfNotPresent`, `Never`',
    );
    assert.strictEqual(enumText({ ...field, enum: undefined }, 'x'), undefined);
  });

  it('prints enums as kubectl does', function () {
    const index = createSchemaIndex({
      kubernetesVersion: '1.35',
      source: { kind: 'openapi', paths: [] },
      kinds: [{ group: '', version: 'v1', kind: 'Pod', typeId: 'P', resource: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true }],
      types: {
        P: {
          id: 'P',
          name: 'P',
          description: 'A pod.',
          shape: 'object',
          fields: [
            { name: 'mode', type: { kind: 'primitive', type: 'string' }, description: 'Mode.', required: true, enum: ['', 'A', 'B', 'C', 'D'] },
          ],
        },
      },
    });
    assert.strictEqual(
      explain(index, 'pod').stdout,
      'KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    A pod.\n    \nFIELDS:\n  mode\t<string> -required-\n  enum: "", A, B, C, ....\n    Mode.\n\n\n',
    );
    assert.strictEqual(
      explain(index, 'pod.mode').stdout,
      'KIND:       Pod\nVERSION:    v1\n\nFIELD: mode <string>\nENUM:\n    ""\n    A\n    B\n    C\n    D\n\nDESCRIPTION:\n    Mode.\n    \n\n',
    );
  });
});
