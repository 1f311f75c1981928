/**
 * schema/releases.ts on small hand-made models: applying a release's difference, choosing the release for
 * a target version (missing releases, outside the range), field history text and the served form.
 */
import * as assert from 'assert';
import type { SchemaModel, TypeSchema } from '../../server/src/schema/model';
import { applyRelease, chooseRelease, compareVersions, fieldSince, releaseModel, servedModel } from '../../server/src/schema/releases';
import type { ReleaseBundle } from '../../server/src/schema/releases';

const str = { kind: 'primitive', type: 'string' } as const;

const podSpec: TypeSchema = {
  id: 'io.k8s.api.core.v1.PodSpec',
  name: 'PodSpec',
  description: 'A pod spec.',
  shape: 'object',
  openApiType: 'object',
  fields: [
    { name: 'hostnameOverride', type: str, description: 'New in 1.34.', required: false },
    {
      name: 'restartPolicy',
      type: str,
      description: 'Restart policy.\n\nPossible enum values:\n - `"Always"` always.\n - `"Never"` never.',
      required: false,
      enum: ['Always', 'Never'],
    },
  ],
};
const gone: TypeSchema = { id: 'io.k8s.api.core.v1.Gone', name: 'Gone', description: '', shape: 'object', fields: [] };

const base: SchemaModel = {
  kubernetesVersion: '1.36',
  source: { kind: 'bundled', package: 'kubernetes-models@5.1.0' },
  types: { [podSpec.id]: podSpec, [gone.id]: gone },
  kinds: [],
};

const bundle: ReleaseBundle = {
  base: { version: '1.36', package: 'kubernetes-models@5.1.0' },
  releases: [
    {
      version: '1.30',
      package: 'kubernetes-types@1.30.0',
      types: {
        [podSpec.id]: { set: { description: 'Old text.' }, fields: { hostnameOverride: null, nodeName: { name: 'nodeName', type: str, description: '', required: false } } },
        [gone.id]: null,
        'io.k8s.api.core.v1.Old': { add: { id: 'io.k8s.api.core.v1.Old', name: 'Old', description: 'old', shape: 'object', fields: [] } },
      },
    },
    { version: '1.32', package: '@kubernetes/client-node@1.1.2', types: {} },
  ],
  missing: ['1.31', '1.33', '1.34', '1.35'],
  since: { 'io.k8s.api.core.v1.PodSpec#hostnameOverride': ['1.34'], 'io.k8s.api.core.v1.PodSpec#resources': ['1.31', '1.32'] },
};

describe('schema/releases', function () {
  it('applies a difference: removed, added and changed fields and types, sorted fields', function () {
    const m = applyRelease(base, bundle.releases[0] as NonNullable<(typeof bundle.releases)[0]>);
    assert.strictEqual(m.kubernetesVersion, '1.30');
    assert.deepStrictEqual(m.source, { kind: 'bundled', package: 'kubernetes-types@1.30.0' });
    const spec = m.types[podSpec.id];
    assert.strictEqual(spec?.description, 'Old text.');
    assert.deepStrictEqual(
      spec?.fields.map((f) => f.name),
      ['nodeName', 'restartPolicy'],
    );
    assert.strictEqual(m.types[gone.id], undefined);
    assert.strictEqual(m.types['io.k8s.api.core.v1.Old']?.description, 'old');
    // The base is not changed.
    assert.strictEqual(base.types[podSpec.id]?.fields.length, 2);
  });

  it('returns the base for its own version and nothing for a release it does not carry', function () {
    assert.strictEqual(releaseModel(bundle, base, '1.36'), base);
    assert.strictEqual(releaseModel(bundle, base, '1.31'), undefined);
    assert.strictEqual(releaseModel(bundle, base, '1.32')?.kubernetesVersion, '1.32');
  });

  it('chooses the target release, else the nearest newer one, with a note', function () {
    assert.deepStrictEqual(chooseRelease(bundle, undefined), { version: '1.36' });
    assert.deepStrictEqual(chooseRelease(bundle, '1.30'), { version: '1.30' });
    assert.deepStrictEqual(chooseRelease(bundle, 'v1.32.4'), { version: '1.32' });
    assert.deepStrictEqual(chooseRelease(bundle, '1.31'), {
      version: '1.32',
      note: 'no bundled schema for Kubernetes 1.31 (no npm dependency carries it): using 1.32',
    });
    assert.deepStrictEqual(chooseRelease(bundle, '1.29'), {
      version: '1.30',
      note: 'no bundled schema for Kubernetes 1.29 (bundled: 1.30 to 1.36): using 1.30',
    });
    assert.deepStrictEqual(chooseRelease(bundle, '1.40'), {
      version: '1.36',
      note: 'no bundled schema for Kubernetes 1.40 (bundled: 1.30 to 1.36): using 1.36',
    });
  });

  it('orders versions numerically', function () {
    assert.ok(compareVersions('1.9', '1.10') < 0);
    assert.ok(compareVersions('v1.36.1', '1.36') === 0);
    assert.ok(compareVersions('2.0', '1.99') > 0);
  });

  it('says when a field appeared, with both candidates when the release before is missing', function () {
    assert.strictEqual(fieldSince(bundle.since, podSpec.id, 'hostnameOverride'), '1.34');
    assert.strictEqual(fieldSince(bundle.since, podSpec.id, 'resources'), '1.31 or 1.32');
    assert.strictEqual(fieldSince(bundle.since, podSpec.id, 'restartPolicy'), undefined);
    assert.strictEqual(fieldSince(undefined, podSpec.id, 'hostnameOverride'), undefined);
  });

  it('serves descriptions without enum notes and enums as validated values', function () {
    const served = servedModel(base).types[podSpec.id]?.fields.find((f) => f.name === 'restartPolicy');
    assert.deepStrictEqual(served, {
      name: 'restartPolicy',
      type: str,
      description: 'Restart policy.',
      required: false,
      validatedEnum: ['Always', 'Never'],
    });
  });
});
