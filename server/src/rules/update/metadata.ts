/**
 * Update rules for object metadata (`ValidateObjectMetaAccessorUpdate`, `ValidateNoNewFinalizers` in
 * k8s.io/apimachinery/pkg/api/validation/objectmeta.go). Most metadata is mutable; a uid written into the manifest
 * must be the stored one, and an object being deleted takes no new finalizers. Catalogue rows U-META-1 to U-META-11
 * (names and namespaces address another object, `generation`, timestamps and `status` are reset by the server).
 */
import { forbidden, invalid } from '../messages';
import { arrAt, objAt, prop } from '../json';
import { FIELD_IMMUTABLE } from './apps';
import { updateProblem } from './problem';
import type { UpdateRule } from './update-rule';

const uidImmutable: UpdateRule = {
  id: 'uid-immutable',
  family: 'update-metadata',
  scope: 'update',
  kinds: [],
  severity: 'error',
  summary: 'metadata.uid, when written, must be the uid of the stored object',
  covers: ['U-META-3'],
  check(ctx, report) {
    const before = prop(objAt(ctx.old, 'metadata') ?? {}, 'uid');
    const after = prop(objAt(ctx.written, 'metadata') ?? {}, 'uid');
    if (typeof before !== 'string' || before === '' || typeof after !== 'string' || after === '' || before === after) return;
    const path = ['metadata', 'uid'];
    report(updateProblem(invalid(path, after, FIELD_IMMUTABLE), [{ path, before, after }]));
  },
};

const finalizersWhileDeleting: UpdateRule = {
  id: 'finalizers-while-deleting',
  family: 'update-metadata',
  scope: 'update',
  kinds: [],
  severity: 'error',
  summary: 'no finalizer can be added to an object that is being deleted',
  covers: ['U-META-6'],
  check(ctx, report) {
    const oldMeta = objAt(ctx.old, 'metadata') ?? {};
    const deleting = prop(oldMeta, 'deletionTimestamp');
    if (deleting === undefined || deleting === null) return;
    const before = new Set(arrAt(oldMeta, 'finalizers') ?? []);
    const after = arrAt(objAt(ctx.new, 'metadata') ?? {}, 'finalizers') ?? [];
    const added = after.filter((f): f is string => typeof f === 'string' && !before.has(f));
    if (added.length === 0) return;
    const path = ['metadata', 'finalizers'];
    report(
      updateProblem(forbidden(path, `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`), [
        { path, before: [...before], after },
      ]),
    );
  },
};

/** The metadata update rules (every kind). */
export const METADATA_UPDATE_RULES: readonly UpdateRule[] = [uidImmutable, finalizersWhileDeleting];
