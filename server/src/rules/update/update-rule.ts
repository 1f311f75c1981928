/**
 * The vocabulary of update rules: what the apiserver refuses (or lets through with consequences) when an object
 * that exists is written again. An update rule sees both revisions of one object, as the apiserver's
 * `Validate<Kind>Update(new, old)` does, and reports problems in the apiserver's terms (field path, error type,
 * wording) plus the changes that cause them, so editors can show the old and new value and restore it.
 * Catalogue: ../shared/apiserver-update-rules.md (rows U-META-*, U-POD-*, U-APPS-*, U-BATCH-*, U-CORE-*).
 */
import type { FieldPath } from '../../document/field-path';
import type { JsonObject, KubernetesVersion, Problem, RuleMeta } from '../rule';
import type { Change } from './equality';

/** Both revisions of one object, as an update rule sees them. Paths in problems are relative to the object. */
export interface UpdateContext {
  readonly kind: string;
  readonly apiVersion: string;
  /** The stored object: the previous revision, defaulted (and with what the server allocated). */
  readonly old: JsonObject;
  /** The object the server validates: `kubectl apply` of the new file over `old`, defaulted. */
  readonly new: JsonObject;
  /** The new revision as written in the file (to tell what the user wrote from what the server keeps). */
  readonly written: JsonObject;
  /** True when the previous revision was read from the cluster (`kubectl get -o yaml`: status and uid are real). */
  readonly fromCluster: boolean;
  /** The target apiserver version. */
  readonly kubernetesVersion: KubernetesVersion;
}

/** A problem of an update rule: the apiserver's path and the changes behind it (paths relative to the object). */
export interface UpdateProblem extends Problem {
  /** The path the apiserver prints (`spec` for the Pod spec rule), relative to the object. */
  readonly apiPath: FieldPath;
  /** What changed: where in the new object, and the value before and after (undefined: absent). */
  readonly changes: readonly Change[];
}

/** Receives the problems an update rule finds. */
export type UpdateReport = (problem: UpdateProblem) => void;

/** An update rule: metadata (id, family, severity, catalogue rows) plus the check over both revisions. */
export interface UpdateRule extends RuleMeta {
  readonly scope: 'update';
  /** The kinds it applies to; empty: every kind. */
  readonly kinds: readonly string[];
  check(ctx: UpdateContext, report: UpdateReport): void;
}
