/**
 * Building update problems from the apiserver's message builders: the problem is shown at the first change (where
 * the user edited) and carries the apiserver's path and the changes.
 */
import type { FieldPath } from '../../document/field-path';
import type { Problem } from '../rule';
import type { Change } from './equality';
import type { UpdateProblem } from './update-rule';

/**
 * An update problem from a message-builder problem whose `path` is the apiserver's path: shown at the first of
 * `changes` (the field the user changed), or at the apiserver's path when there is none.
 */
export function updateProblem(problem: Problem, changes: readonly Change[]): UpdateProblem {
  const apiPath = problem.path;
  const first = changes[0];
  return { ...problem, apiPath, path: first !== undefined ? first.path : apiPath, changes };
}

/** Prefixes the paths of changes computed relative to a sub-value. */
export function under(prefix: FieldPath, list: readonly Change[]): Change[] {
  return list.map((c) => ({ ...c, path: [...prefix, ...c.path] }));
}
