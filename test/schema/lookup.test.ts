/**
 * The OpenAPI loader and the schema index on a small hand-written OpenAPI v3 document (shaped as
 * kube-openapi emits them), plus resource-name resolution on the 1.35 documents.
 */
import * as assert from 'assert';
import { kubernetesVersionOf, modelFromOpenApi } from '../../server/src/schema/load-openapi';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { loadOpenApiPaths } from '../../server/src/workspace/schema-source';
import { requireShared } from '../harness/shared';

const ref = (id: string): { $ref: string } => ({ $ref: `#/components/schemas/${id}` });

/** A miniature core/v1 document: Pod -> PodSpec -> Container, with the constructs kube-openapi uses. */
const DOC = {
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: 'v1.35.1' },
  components: {
    schemas: {
      'io.k8s.api.core.v1.Pod': {
        description: 'Pod is a collection of containers.',
        type: 'object',
        properties: {
          apiVersion: { description: 'APIVersion.', type: 'string' },
          metadata: { allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')], default: {}, description: 'Metadata.' },
          spec: { allOf: [ref('io.k8s.api.core.v1.PodSpec')], default: {}, description: 'Spec.' },
        },
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }],
      },
      'io.k8s.api.core.v1.PodSpec': {
        type: 'object',
        required: ['containers'],
        properties: {
          containers: { type: 'array', items: { allOf: [ref('io.k8s.api.core.v1.Container')], default: {} }, description: 'Containers.' },
          nodeSelector: { type: 'object', additionalProperties: { type: 'string', default: '' }, description: 'Selector.' },
          overhead: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
          restartPolicy: { type: 'string', enum: ['Always', 'OnFailure', 'Never'], default: 'Always' },
          priority: { type: 'integer', format: 'int32' },
          raw: { type: 'object' },
          port: { 'x-kubernetes-int-or-string': true },
          inlined: { type: 'object', description: 'Inline.', required: ['a'], properties: { a: { type: 'string' } } },
        },
      },
      'io.k8s.api.core.v1.Container': {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', description: 'Name.' },
          image: { type: 'string' },
          args: { type: 'array', items: { type: 'string', default: '' } },
        },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
        type: 'object',
        properties: {
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          creationTimestamp: { allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time')] },
          managedFields: { type: 'array', items: { allOf: [ref('io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1')] } },
        },
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { description: 'Time.', type: 'string', format: 'date-time' },
      'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { description: 'FieldsV1.', type: 'object' },
      'io.k8s.apimachinery.pkg.api.resource.Quantity': { description: 'Quantity.', oneOf: [{ type: 'string' }, { type: 'number' }] },
      'io.k8s.api.core.v1.Unreachable': { type: 'object', properties: { x: { type: 'string' } } },
    },
  },
};

describe('modelFromOpenApi', function () {
  const model = modelFromOpenApi([DOC], ['/tmp/v1.json']);
  const index = createSchemaIndex(model);

  it('keeps the supported kinds found by x-kubernetes-group-version-kind and what they reach', function () {
    assert.deepStrictEqual(
      model.kinds.map((k) => [k.kind, k.typeId, k.resource, k.shortNames]),
      [['Pod', 'io.k8s.api.core.v1.Pod', 'pods', ['po']]],
    );
    assert.strictEqual(model.types['io.k8s.api.core.v1.Unreachable'], undefined);
    assert.deepStrictEqual(model.types['io.k8s.api.core.v1.Pod']?.gvk, [{ group: '', kind: 'Pod', version: 'v1' }]);
    assert.deepStrictEqual(model.source, { kind: 'openapi', paths: ['/tmp/v1.json'] });
  });

  it('reads allOf wrappers, maps, enums, defaults, formats and required', function () {
    const spec = (name: string) => index.fieldNamed('io.k8s.api.core.v1.PodSpec', name);
    assert.deepStrictEqual(spec('containers')?.type, { kind: 'array', items: { kind: 'named', id: 'io.k8s.api.core.v1.Container' } });
    assert.strictEqual(spec('containers')?.required, true);
    assert.strictEqual(spec('nodeSelector')?.required, false);
    assert.deepStrictEqual(spec('nodeSelector')?.type, { kind: 'map', values: { kind: 'primitive', type: 'string' } });
    assert.deepStrictEqual(spec('restartPolicy')?.enum, ['Always', 'OnFailure', 'Never']);
    assert.strictEqual(spec('restartPolicy')?.default, 'Always');
    assert.deepStrictEqual(spec('priority')?.type, { kind: 'primitive', type: 'integer', format: 'int32' });
    assert.deepStrictEqual(spec('raw')?.type, { kind: 'unknown' });
    assert.deepStrictEqual(spec('port')?.type, { kind: 'named', id: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString' });
    assert.strictEqual(model.types['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.shape, 'int-or-string');
    assert.deepStrictEqual(
      model.types['io.k8s.api.core.v1.PodSpec']?.fields.map((f) => f.name),
      ['containers', 'inlined', 'nodeSelector', 'overhead', 'port', 'priority', 'raw', 'restartPolicy'],
    );
  });

  it('turns inline object schemas (CRD style) into types kubectl calls Object', function () {
    const inlined = index.fieldNamed('io.k8s.api.core.v1.PodSpec', 'inlined');
    assert.deepStrictEqual(inlined?.type, { kind: 'named', id: 'io.k8s.api.core.v1.PodSpec#inlined' });
    assert.strictEqual(index.typeName(inlined.type), 'Object');
    const t = index.typeById('io.k8s.api.core.v1.PodSpec#inlined');
    assert.deepStrictEqual([t?.description, t?.shape, t?.fields.map((f) => [f.name, f.required])], ['', 'object', [['a', true]]]);
  });

  it('gives scalar definitions their shape', function () {
    const t = (id: string) => model.types[`io.k8s.apimachinery.pkg.${id}`];
    assert.deepStrictEqual([t('apis.meta.v1.Time')?.shape, t('apis.meta.v1.Time')?.format, t('apis.meta.v1.Time')?.openApiType], ['string', 'date-time', 'string']);
    assert.deepStrictEqual([t('api.resource.Quantity')?.shape, t('api.resource.Quantity')?.format, t('api.resource.Quantity')?.openApiType], ['string', 'quantity', undefined]);
    assert.deepStrictEqual([t('apis.meta.v1.FieldsV1')?.shape, t('apis.meta.v1.FieldsV1')?.openApiType], ['unknown', 'object']);
  });

  it('derives the Kubernetes version from info.version, else from the paths', function () {
    assert.strictEqual(model.kubernetesVersion, '1.35');
    const unversioned = { info: { version: 'unversioned' } };
    assert.strictEqual(kubernetesVersionOf([unversioned], ['/x/k8s-openapi/1.33/api/v1.json']), '1.33');
    assert.strictEqual(kubernetesVersionOf([unversioned], ['/x/v1.json']), 'unknown');
    assert.strictEqual(kubernetesVersionOf([{ info: { version: 'v1.30.14' } }], []), '1.30');
  });

  it('survives junk', function () {
    const m = modelFromOpenApi([null, 42, 'x', { components: { schemas: { a: 1 } } }], []);
    assert.deepStrictEqual([m.kinds, m.types], [[], {}]);
  });
});

describe('SchemaIndex', function () {
  const index = createSchemaIndex(modelFromOpenApi([DOC], []));

  it('prints type names as kubectl does', function () {
    const spec = (name: string) => index.fieldNamed('io.k8s.api.core.v1.PodSpec', name)?.type ?? { kind: 'unknown' as const };
    const meta = (name: string) => index.fieldNamed('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', name)?.type ?? { kind: 'unknown' as const };
    assert.deepStrictEqual(
      [spec('containers'), spec('nodeSelector'), spec('overhead'), spec('priority'), spec('raw'), spec('port')].map((t) => index.typeName(t)),
      ['[]Container', 'map[string]string', 'map[string]Quantity', 'integer', 'Object', 'IntOrString'],
    );
    assert.deepStrictEqual(
      [meta('creationTimestamp'), meta('managedFields'), meta('labels')].map((t) => index.typeName(t)),
      ['string', '[]FieldsV1', 'map[string]string'],
    );
  });

  it('walks paths through fields, array indices and map keys', function () {
    const pod = 'io.k8s.api.core.v1.Pod';
    const image = index.fieldAt(pod, ['spec', 'containers', 0, 'image']);
    assert.strictEqual(image?.field?.name, 'image');
    assert.strictEqual(image?.parentType?.id, 'io.k8s.api.core.v1.Container');
    assert.deepStrictEqual(image?.type, { kind: 'primitive', type: 'string' });
    assert.strictEqual(index.fieldAt(pod, ['spec', 'containers', 'name'])?.field?.name, 'name');
    const item = index.fieldAt(pod, ['spec', 'containers', 3]);
    assert.deepStrictEqual(item?.type, { kind: 'named', id: 'io.k8s.api.core.v1.Container' });
    assert.strictEqual(item?.field?.name, 'containers');
    const label = index.fieldAt(pod, ['metadata', 'labels', 'app']);
    assert.deepStrictEqual(label?.type, { kind: 'primitive', type: 'string' });
    assert.strictEqual(label?.field?.name, 'labels');
    assert.deepStrictEqual(index.fieldAt(pod, []), { type: { kind: 'named', id: pod } });
    assert.strictEqual(index.fieldAt(pod, ['spec', 'nope']), undefined);
    assert.strictEqual(index.fieldAt(pod, ['spec', 0]), undefined);
    assert.strictEqual(index.fieldAt(pod, ['spec', 'priority', 'x']), undefined);
    assert.strictEqual(index.fieldAt('no.such.Type', []), undefined);
  });

  it('lists fields through arrays and maps', function () {
    const containers = index.fieldNamed('io.k8s.api.core.v1.PodSpec', 'containers');
    assert.deepStrictEqual(
      index.fieldsOf(containers?.type ?? { kind: 'unknown' }).map((f) => f.name),
      ['args', 'image', 'name'],
    );
    assert.deepStrictEqual(index.fieldsOf({ kind: 'primitive', type: 'string' }), []);
  });
});

describe('resolveResource (1.35 documents)', function () {
  let index: SchemaIndex;
  before(function () {
    index = createSchemaIndex(loadOpenApiPaths([requireShared(this, 'k8s-openapi/1.35')]).model);
  });

  it('accepts kubectl names, short names, kinds and group-qualified names, case-insensitively', function () {
    const cases: Record<string, string> = {
      pod: 'Pod', pods: 'Pod', po: 'Pod', POD: 'Pod', Pod: 'Pod',
      deploy: 'Deployment', deployment: 'Deployment', deployments: 'Deployment',
      'deployment.apps': 'Deployment', 'deployments.apps': 'Deployment', 'deployments.v1.apps': 'Deployment',
      cj: 'CronJob', 'cronjob.batch': 'CronJob', job: 'Job', 'jobs.batch': 'Job',
      svc: 'Service', cm: 'ConfigMap', pvc: 'PersistentVolumeClaim', rc: 'ReplicationController',
      rs: 'ReplicaSet', sts: 'StatefulSet', ds: 'DaemonSet', secret: 'Secret', podtemplates: 'PodTemplate',
    };
    for (const [name, kind] of Object.entries(cases)) assert.strictEqual(index.resolveResource(name)?.kind, kind, name);
  });

  it('rejects unknown names and mismatched groups or versions', function () {
    for (const name of ['', 'foo', 'deployment.batch', 'pods.apps', 'deployments.v2.apps', 'po.']) {
      assert.strictEqual(index.resolveResource(name), undefined, name);
    }
    assert.strictEqual(index.resolveResource('deploy', 'apps/v1')?.kind, 'Deployment');
    assert.strictEqual(index.resolveResource('deploy', 'v1'), undefined);
    assert.strictEqual(index.resolveResource('deployments.apps', 'batch/v1'), undefined);
  });

  it('finds kinds by apiVersion and kind', function () {
    assert.strictEqual(index.kindFor('apps/v1', 'Deployment')?.typeId, 'io.k8s.api.apps.v1.Deployment');
    assert.strictEqual(index.kindFor('v1', 'Pod')?.typeId, 'io.k8s.api.core.v1.Pod');
    assert.strictEqual(index.kindFor('apps/v1beta1', 'Deployment'), undefined);
    assert.strictEqual(index.kindFor('v1', 'pod'), undefined);
    assert.deepStrictEqual(index.kindsNamed('CronJob').map((k) => k.group), ['batch']);
    assert.deepStrictEqual(index.kindsNamed('Nope'), []);
  });
});
