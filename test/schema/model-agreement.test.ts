/**
 * The bundled model (out/dist/schema.json, generated from kubernetes-models by
 * scripts/gen-schema.mjs) against the Kubernetes 1.35 OpenAPI documents of ../shared: on the fields
 * both have, the kubectl type name and `required` must agree for at least 99% of them.
 * The bundled model follows a newer release, so fields only one side has are listed, not counted.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSchemaIndex } from '../../server/src/schema/lookup';
import type { SchemaModel } from '../../server/src/schema/model';
import { loadBundledSchemaWithErrors, loadOpenApiPaths } from '../../server/src/workspace/schema-source';
import { REPO_ROOT, requireShared } from '../harness/shared';

describe('bundled model agrees with the 1.35 OpenAPI documents', function () {
  let bundled: SchemaModel;
  let openapi: SchemaModel;

  before(function () {
    const file = path.join(REPO_ROOT, 'out', 'dist', 'schema.json');
    if (!fs.existsSync(file)) {
      process.stdout.write('      (skipped: out/dist/schema.json is not built; run `npm run build`)\n');
      this.skip();
    }
    openapi = loadOpenApiPaths([requireShared(this, 'k8s-openapi/1.35')]).model;
    const loaded = loadBundledSchemaWithErrors(path.join(REPO_ROOT, 'out', 'dist'));
    assert.deepStrictEqual(loaded.errors, []);
    bundled = loaded.model;
  });

  it('records its source and Kubernetes version', function () {
    assert.deepStrictEqual(bundled.source, { kind: 'bundled', package: 'kubernetes-models@5.1.0' });
    assert.match(bundled.kubernetesVersion, /^1\.(3[5-9]|[4-9]\d)$/);
    assert.deepStrictEqual(
      bundled.kinds.map((k) => k.kind),
      openapi.kinds.map((k) => k.kind),
    );
    assert.deepStrictEqual(
      bundled.kinds.map((k) => k.typeId),
      openapi.kinds.map((k) => k.typeId),
    );
  });

  it('agrees on type names and required for >= 99% of shared fields', function () {
    const a = createSchemaIndex(openapi);
    const b = createSchemaIndex(bundled);
    let shared = 0;
    let typeAgree = 0;
    let requiredAgree = 0;
    const differences: string[] = [];
    const onlyOne: string[] = [];
    for (const t of Object.values(openapi.types)) {
      if (b.typeById(t.id) === undefined) {
        onlyOne.push(`type ${t.id} only in 1.35`);
        continue;
      }
      for (const f of t.fields) {
        const other = b.fieldNamed(t.id, f.name);
        if (other === undefined) {
          onlyOne.push(`${t.name}.${f.name} only in 1.35`);
          continue;
        }
        shared++;
        const [ta, tb] = [a.typeName(f.type), b.typeName(other.type)];
        if (ta === tb) typeAgree++;
        else differences.push(`${t.name}.${f.name}: <${ta}> in 1.35, <${tb}> bundled`);
        if (f.required === other.required) requiredAgree++;
        else differences.push(`${t.name}.${f.name}: required ${f.required} in 1.35, ${other.required} bundled`);
      }
    }
    for (const t of Object.values(bundled.types)) {
      for (const f of t.fields) if (a.fieldNamed(t.id, f.name) === undefined && a.typeById(t.id) !== undefined) onlyOne.push(`${t.name}.${f.name} only bundled`);
    }
    const pct = (n: number): string => ((100 * n) / shared).toFixed(2);
    process.stdout.write(
      `      ${shared} shared fields: type names agree ${typeAgree} (${pct(typeAgree)}%), required agrees ${requiredAgree} (${pct(requiredAgree)}%)\n`,
    );
    for (const d of [...differences, ...onlyOne]) process.stdout.write(`        ${d}\n`);
    assert.ok(shared > 800, `only ${shared} shared fields`);
    assert.ok(typeAgree / shared >= 0.99, `type names agree for ${pct(typeAgree)}%`);
    assert.ok(requiredAgree / shared >= 0.99, `required agrees for ${pct(requiredAgree)}%`);
  });

  it('keeps integers, formats and enums the declarations alone cannot tell', function () {
    const b = createSchemaIndex(bundled);
    assert.deepStrictEqual(b.fieldNamed('io.k8s.api.core.v1.ContainerPort', 'containerPort')?.type, {
      kind: 'primitive',
      type: 'integer',
      format: 'int32',
    });
    assert.deepStrictEqual(b.fieldNamed('io.k8s.api.core.v1.ContainerPort', 'protocol')?.enum, ['SCTP', 'TCP', 'UDP']);
    assert.strictEqual(b.typeName({ kind: 'named', id: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time' }), 'string');
    assert.strictEqual(b.typeName({ kind: 'named', id: 'io.k8s.apimachinery.pkg.api.resource.Quantity' }), 'Quantity');
    assert.strictEqual(b.typeName(b.fieldNamed('io.k8s.api.apps.v1.StatefulSetSpec', 'volumeClaimTemplates')?.type ?? { kind: 'unknown' }), '[]PersistentVolumeClaim');
    assert.notStrictEqual(b.fieldNamed('io.k8s.api.core.v1.Pod', 'apiVersion')?.description, '');
  });
});
