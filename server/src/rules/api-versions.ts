/**
 * API versions the kube-apiserver no longer serves (the Deprecated API Migration Guide, as the table in
 * schema/api-groups.ts). `kubectl apply` of such an object fails before validation: the REST mapper finds no
 * resource (`no matches for kind "Deployment" in version "extensions/v1beta1"`).
 */
import { formatFieldPath } from '../document/field-path';
import type { RemovedApi } from '../schema/api-groups';
import { removedApi } from '../schema/api-groups';
import { valueAtPath } from './json';
import { goQuote, renderMessage } from './messages';
import type { JsonObject, ObjectRule } from './rule';
import { compareVersions, parseKubernetesVersion } from './version';
import type { KubernetesVersion } from './rule';

const FAMILY = 'api-versions';

/** The quick fix that changes `apiVersion` to the served replacement (features/code-action.ts). */
export const USE_SERVED_API_VERSION_FIX = 'use-served-api-version';

function atOrAfter(version: KubernetesVersion, release: string | undefined): boolean {
  const v = release === undefined ? undefined : parseKubernetesVersion(release);
  return v !== undefined && compareVersions(version, v) >= 0;
}

/** True when the object has a non-null value at `path`, stepping into every item of a list (`endpoints[*].topology`). */
function fieldPresent(value: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return value !== undefined && value !== null;
  if (Array.isArray(value)) return value.some((item) => fieldPresent(item, path));
  return fieldPresent(valueAtPath(value, [path[0] ?? '']), path.slice(1));
}

/**
 * Whether changing `apiVersion` alone migrates `object`: the fields carry over, the fields the replacement
 * requires are present and none it dropped is used.
 */
export function migratesByApiVersion(entry: RemovedApi, object: JsonObject): boolean {
  if (!entry.fieldsCarryOver || entry.replacement === undefined) return false;
  return (entry.requires ?? []).every((p) => fieldPresent(object, p)) && !(entry.droppedFields ?? []).some((p) => fieldPresent(object, p));
}

/** The sentence naming what to use instead, and what must change. */
function advice(entry: RemovedApi, object: JsonObject): string {
  if (entry.replacement === undefined) return entry.note ?? 'the API has no replacement';
  const missing = (entry.requires ?? []).filter((p) => !fieldPresent(object, p));
  const dropped = (entry.droppedFields ?? []).filter((p) => fieldPresent(object, p));
  let text = `use ${entry.replacement}`;
  if (missing.length > 0 && entry.note !== undefined) text += ` (${entry.note})`;
  else if (entry.note !== undefined && !entry.fieldsCarryOver) text += ` (${entry.note})`;
  else if (entry.note !== undefined && entry.requires === undefined) text += ` (${entry.note})`;
  if (dropped.length > 0) text += `; remove ${dropped.map((p) => p.join('.')).join(', ')}, which ${entry.replacement} does not have`;
  return text;
}

/** R1: an apiVersion the target release no longer serves (error), or will stop serving (warning). */
export const removedApiVersion: ObjectRule = {
  id: 'removed-api-version',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'apiVersion no longer served (removed API version), with the release that removed it and the version to use',
  check(ctx, report) {
    const entry = removedApi(ctx.apiVersion, ctx.kind);
    if (entry === undefined) return;
    const path = [...ctx.basePath, 'apiVersion'];
    const at = formatFieldPath(path.slice(ctx.basePath.length));
    const fixable = migratesByApiVersion(entry, ctx.object) && atOrAfter(ctx.kubernetesVersion, entry.replacementSince);
    const fixes = fixable ? { fixes: [USE_SERVED_API_VERSION_FIX] } : {};
    const what = `${entry.apiVersion} ${entry.kind}`;
    if (atOrAfter(ctx.kubernetesVersion, entry.removedIn)) {
      const noMatch = `no matches for kind ${goQuote(ctx.kind)} in version ${goQuote(ctx.apiVersion)}`;
      report({
        path,
        errorType: 'Invalid',
        message: renderMessage(at, { type: 'Invalid', value: ctx.apiVersion, detail: `${noMatch}: ${what} was removed in Kubernetes ${entry.removedIn}; ${advice(entry, ctx.object)}` }),
        ...fixes,
      });
    } else if (entry.replacement !== undefined && atOrAfter(ctx.kubernetesVersion, entry.replacementSince)) {
      report({
        path,
        severity: 'warning',
        message: renderMessage(at, { detail: `${what} is deprecated and removed in Kubernetes ${entry.removedIn}; ${advice(entry, ctx.object)}` }),
        ...fixes,
      });
    }
  },
};

/** The rules of this family. */
export const API_VERSION_RULES = [removedApiVersion] as const;
