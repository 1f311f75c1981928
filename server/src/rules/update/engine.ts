/**
 * The update engine: given the previous revision of an object and the new manifest, builds both sides as the
 * apiserver sees them (the stored object; `kubectl apply` of the new file over it, defaulted) and runs every
 * enabled update rule. Findings carry the apiserver's field path (`apiPath`) besides where they are shown, and
 * the changes behind them. Pure: no I/O, no state; a failing rule is skipped, never thrown.
 */
import type { FieldPath } from '../../document/field-path';
import type { RuleOptions } from '../engine';
import { settingToSeverity, targetVersion } from '../engine';
import { isObject, objAt } from '../json';
import type { Finding, JsonObject, Severity } from '../rule';
import { inVersionRange } from '../version';
import { APPS_UPDATE_RULES } from './apps';
import { BATCH_UPDATE_RULES } from './batch';
import { CONSEQUENCE_UPDATE_RULES } from './consequences';
import { CORE_UPDATE_RULES } from './core';
import { admitPod, cloneJson, liveFromManifest, withDefaults } from './defaults';
import type { Change } from './equality';
import { applyManifest } from './merge';
import { METADATA_UPDATE_RULES } from './metadata';
import { POD_UPDATE_RULES } from './pods';
import type { UpdateContext, UpdateProblem, UpdateRule } from './update-rule';

/** Every update rule, family by family. */
export const UPDATE_RULES: readonly UpdateRule[] = [
  ...METADATA_UPDATE_RULES,
  ...POD_UPDATE_RULES,
  ...APPS_UPDATE_RULES,
  ...BATCH_UPDATE_RULES,
  ...CORE_UPDATE_RULES,
  ...CONSEQUENCE_UPDATE_RULES,
];

/** The annotation `kubectl apply` keeps the applied configuration in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** One update of one object: the previous revision (a manifest, or the live object) and the new manifest. */
export interface UpdateInput {
  readonly kind: string;
  readonly apiVersion: string;
  /** The previous revision as found: a manifest, or `kubectl get -o yaml` output. */
  readonly previous: unknown;
  /** The new revision as written in the file. */
  readonly current: unknown;
  /** `[]`, or `['items', i]` for an item of a List in the new file. */
  readonly basePath: FieldPath;
}

/** A finding of an update rule: the apiserver's path (absolute) and the changes behind it (absolute paths). */
export interface UpdateFinding extends Finding {
  readonly apiPath: FieldPath;
  readonly changes: readonly Change[];
}

/** True when the object was read from a cluster (`kubectl get -o yaml`): it has a uid or resourceVersion. */
export function isLiveObject(o: JsonObject): boolean {
  const meta = objAt(o, 'metadata') ?? {};
  return typeof meta['uid'] === 'string' || typeof meta['resourceVersion'] === 'string';
}

const SERVER_METADATA = ['resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'uid', 'selfLink'];

/** A manifest without what the server owns (`status`, server metadata): `BeforeUpdate` and `PrepareForUpdate` reset them. */
function stripServerFields(o: JsonObject): JsonObject {
  const out = cloneJson(o) as Record<string, unknown>;
  delete out['status'];
  const meta = objAt(out, 'metadata');
  if (meta !== undefined) {
    const m = { ...meta } as Record<string, unknown>;
    for (const k of SERVER_METADATA) delete m[k];
    const annotations = objAt(m, 'annotations');
    if (annotations !== undefined && LAST_APPLIED in annotations) {
      const a = { ...annotations };
      delete a[LAST_APPLIED];
      m['annotations'] = a;
    }
    out['metadata'] = m;
  }
  return out;
}

/** `object` with the deletion timestamp of `previous` (an object being deleted keeps that state whatever the manifest). */
function withDeletion(object: JsonObject, previous: JsonObject): JsonObject {
  const deleting = objAt(previous, 'metadata')?.['deletionTimestamp'];
  if (deleting === undefined || deleting === null) return object;
  return { ...object, metadata: { ...(objAt(object, 'metadata') ?? {}), deletionTimestamp: deleting } };
}

function lastApplied(o: JsonObject): JsonObject | undefined {
  const raw = objAt(objAt(o, 'metadata') ?? {}, 'annotations')?.[LAST_APPLIED];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObject(parsed) ? stripServerFields(parsed) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Both sides of an update as the apiserver validates them: `old` the stored object (a manifest is defaulted and
 * given what the server allocates), `new` the result of `kubectl apply` of `current` over it (the previous
 * manifest, or the live object's last-applied configuration, tells which fields the new file deletes), defaulted,
 * with the stored status. Undefined when either side is not an object.
 */
export function updateSides(kind: string, previous: unknown, current: unknown): { old: JsonObject; new: JsonObject; fromCluster: boolean } | undefined {
  if (!isObject(previous) || !isObject(current)) return undefined;
  const fromCluster = isLiveObject(previous);
  const admit = (o: JsonObject): JsonObject => (kind === 'Pod' ? admitPod(o) : o);
  const old = admit(fromCluster ? withDefaults(kind, previous) : withDeletion(liveFromManifest(kind, stripServerFields(previous)), previous));
  const original = fromCluster ? lastApplied(previous) : stripServerFields(previous);
  const merged = applyManifest(old, original, stripServerFields(current)) as Record<string, unknown>;
  if (old['status'] !== undefined) merged['status'] = old['status'];
  return { old, new: admit(withDefaults(kind, merged)), fromCluster };
}

function prefixed(base: FieldPath, path: FieldPath): FieldPath {
  return base.length === 0 ? path : [...base, ...path];
}

/** True when the update rule runs under these options (not off, version in range). */
export function updateRuleEnabled(rule: UpdateRule, options: RuleOptions): boolean {
  if (options.severities[rule.id] === 'off') return false;
  return inVersionRange(targetVersion(options), rule.minVersion, rule.maxVersion);
}

/**
 * Runs the enabled update rules over one update. Findings' `path` is where to show them (the first change, in the
 * new file's terms), `apiPath` what the apiserver prints. Severities: the user's setting, else the rule's default.
 */
export function checkUpdate(input: UpdateInput, options: RuleOptions): UpdateFinding[] {
  const sides = updateSides(input.kind, input.previous, input.current);
  if (sides === undefined || !isObject(input.current)) return [];
  const ctx: UpdateContext = {
    kind: input.kind,
    apiVersion: input.apiVersion,
    old: sides.old,
    new: sides.new,
    written: input.current,
    fromCluster: sides.fromCluster,
    kubernetesVersion: targetVersion(options),
  };
  const out: UpdateFinding[] = [];
  const seen = new Set<string>();
  for (const rule of UPDATE_RULES) {
    if ((rule.kinds.length > 0 && !rule.kinds.includes(input.kind)) || !updateRuleEnabled(rule, options)) continue;
    const found: UpdateProblem[] = [];
    try {
      rule.check(ctx, (p) => found.push(p));
    } catch {
      // A rule that fails on unexpected input reports what it found before failing.
    }
    const setting = options.severities[rule.id];
    for (const p of found) {
      const severity: Severity | undefined = setting !== undefined ? settingToSeverity(setting) : (p.severity ?? rule.severity);
      if (severity === undefined) continue;
      // The apiserver prints one cause once (U-META-10).
      const key = `${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        ruleId: rule.id,
        path: prefixed(input.basePath, p.path),
        apiPath: p.apiPath,
        message: p.message,
        severity,
        ...(p.errorType !== undefined ? { errorType: p.errorType } : {}),
        changes: p.changes.map((c) => ({ ...c, path: prefixed(input.basePath, c.path) })),
      });
    }
  }
  return out;
}
