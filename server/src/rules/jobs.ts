/**
 * batch/v1 Job and CronJob (`ValidateJob`, `validateJobSpec`, `ValidateJobSpec`, `validateGeneratedSelector`,
 * `validatePodFailurePolicy`, `validateSuccessPolicy`, `validatePodReplacementPolicy`, `validateManagedBy`,
 * `ValidateCronJobCreate`, `validateCronJobSpec`, `validateScheduleFormat`, `validateTimeZone`,
 * `ValidateJobTemplateSpec`; pkg/apis/batch/validation).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, boolAt, has, isObject, objAt, objectItemsAt, prop, strAt, valueAtPath } from './json';
import { cronScheduleError } from './cron';
import { duplicate, invalid, invalidOmitValue, notSupported, required, tooLong, tooMany } from './messages';
import type { JsonObject, ObjectContext, ObjectRule, PodRule, Report } from './rule';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, IS_NEGATIVE_ERROR } from './validation-strings';
import { atLeast } from './version';

const FAMILY = 'jobs';

function isBatch(ctx: { apiVersion: string }): boolean {
  return ctx.apiVersion.startsWith('batch/');
}

/** The JobSpec of a Job or CronJob with its path. */
function jobSpecOf(ctx: ObjectContext): { spec: JsonObject; path: FieldPath } | undefined {
  if (!isBatch(ctx)) return undefined;
  if (ctx.kind === 'Job') {
    const spec = objAt(ctx.object, 'spec');
    return spec === undefined ? undefined : { spec, path: [...ctx.basePath, 'spec'] };
  }
  if (ctx.kind === 'CronJob') {
    const spec = valueAtPath(ctx.object, ['spec', 'jobTemplate', 'spec']);
    return isObject(spec) ? { spec, path: [...ctx.basePath, 'spec', 'jobTemplate', 'spec'] } : undefined;
  }
  return undefined;
}

/** J1-J3, CJ9: Job Pods need restartPolicy OnFailure or Never (absent means Always). */
export const jobRestartPolicy: PodRule = {
  id: 'job-restart-policy',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'Job templates need restartPolicy OnFailure or Never (the default, Always, is rejected)',
  covers: ['J1', 'J2', 'J3', 'CJ9'],
  check(ctx, report) {
    if ((ctx.ownerKind !== 'Job' && ctx.ownerKind !== 'CronJob') || !isBatch(ctx)) return;
    const raw = prop(ctx.spec, 'restartPolicy');
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return;
    const rp = typeof raw === 'string' ? raw : '';
    const path = [...ctx.specPath, 'restartPolicy'];
    const jobSpec = ctx.specPath.slice(0, -2);
    const pfp = has(valueAtPath(ctx.object, jobSpec.slice(ctx.basePath.length).map(String)), 'podFailurePolicy');
    if (rp === '' || rp === 'Always') {
      const fixes = ['set-restart-policy-never', 'set-restart-policy-on-failure'];
      const details = { supported: ['OnFailure', 'Never'] };
      report(required(path, 'valid values: "OnFailure", "Never"', rp === '' ? { at: ctx.specPath, target: 'key', fixes, details } : { target: 'value', fixes, details }));
    } else if (rp !== 'OnFailure' && rp !== 'Never') {
      report(notSupported(path, rp, ['OnFailure', 'Never']));
    } else if (pfp && rp !== 'Never') {
      report(invalid(path, rp, 'only "Never" is supported when podFailurePolicy is specified', { details: { supported: ['Never'] } }));
    }
  },
};

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];

function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function validatePodFailurePolicy(spec: JsonObject, path: FieldPath, report: Report): void {
  const pfp = objAt(spec, 'podFailurePolicy');
  if (pfp === undefined) return;
  const rulesPath = [...path, 'podFailurePolicy', 'rules'];
  const rules = arrAt(pfp, 'rules') ?? [];
  if (rules.length > 20) report(tooMany(rulesPath, rules.length, 20));
  const tspec = objAt(objAt(spec, 'template'), 'spec');
  const names = new Set<string>(
    [...objectItemsAt(tspec, 'containers'), ...objectItemsAt(tspec, 'initContainers')].map(([, c]) => strAt(c, 'name') ?? ''),
  );
  const hasBackoffPerIndex = has(spec, 'backoffLimitPerIndex');
  for (const [i, rule] of objectItemsAt(pfp, 'rules')) {
    const rp = [...rulesPath, i];
    const action = strAt(rule, 'action') ?? '';
    if (action === '' && has(rule, 'action')) report(required([...rp, 'action'], `valid values: ${goQuotedList(ACTIONS)}`, { target: 'value', details: { supported: ACTIONS } }));
    else if (action === 'FailIndex') {
      if (!hasBackoffPerIndex) report(invalid([...rp, 'action'], action, 'requires the backoffLimitPerIndex to be set'));
    }
    const oec = objAt(rule, 'onExitCodes');
    const conds = arrAt(rule, 'onPodConditions') ?? [];
    if (oec !== undefined) {
      const op = [...rp, 'onExitCodes'];
      const operator = strAt(oec, 'operator') ?? '';
      if (operator === '' && has(oec, 'operator')) report(required([...op, 'operator'], `valid values: ${goQuotedList(EXIT_OPERATORS)}`, { target: 'value', details: { supported: EXIT_OPERATORS } }));
      const cn = strAt(oec, 'containerName');
      if (cn !== undefined && !names.has(cn)) {
        report(invalid([...op, 'containerName'], cn, 'must be one of the container or initContainer names in the pod template'));
      }
      const values = (arrAt(oec, 'values') ?? []).filter((v): v is number => typeof v === 'number');
      const vp = [...op, 'values'];
      if (values.length === 0 && has(oec, 'values')) report(invalid(vp, values, 'at least one value is required'));
      else if (values.length > 255) report(tooMany(vp, values.length, 255));
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (operator === 'In' && v === 0) report(invalid([...vp, j], v, 'must not be 0 for the In operator'));
        if (seen.has(v)) report(duplicate([...vp, j], v));
        seen.add(v);
        const prev = values[j - 1];
        if (prev !== undefined && prev > v) ordered = false;
      });
      if (!ordered) report(invalid(vp, values, 'must be ordered'));
    }
    for (const [j, c] of objectItemsAt(rule, 'onPodConditions')) {
      const cp = [...rp, 'onPodConditions', j];
      const t = strAt(c, 'type') ?? '';
      for (const m of isQualifiedName(t)) report(invalid([...cp, 'type'], t, m));
      const st = strAt(c, 'status') ?? 'True';
      if (!CONDITION_STATUSES.includes(st)) report(notSupported([...cp, 'status'], st, CONDITION_STATUSES));
    }
    if (oec !== undefined && conds.length > 0) report(invalidOmitValue(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (oec === undefined && conds.length === 0) report(invalidOmitValue(rp, 'specifying one of OnExitCodes and OnPodConditions is required', { target: 'key' }));
  }
}

function validateManagedBy(v: string, path: FieldPath, report: Report): void {
  if (v.length > 63) {
    report(tooLong(path, 63));
    return;
  }
  const i = v.indexOf('/');
  if (i <= 0 || i === v.length - 1) {
    report(invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    return;
  }
  for (const m of isDNS1123Subdomain(v.slice(0, i))) report(invalid(path, v.slice(0, i), m));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(v.slice(i + 1))) report(invalid(path, v.slice(i + 1), 'Invalid path'));
}

/** J5-J8, J10-J13, CJ11: the JobSpec of a Job or of a CronJob's jobTemplate. */
export const jobSpec: ObjectRule = {
  id: 'job-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'Job counts must be non-negative; indexed-only fields need completionMode Indexed; podFailurePolicy must be valid',
  covers: ['J5', 'J7', 'J8', 'J10', 'J11', 'J12', 'J13', 'CJ11'],
  check(ctx, report) {
    const js = jobSpecOf(ctx);
    if (js === undefined) return;
    const { spec, path } = js;
    for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
      const v = prop(spec, f);
      if (typeof v === 'number' && v < 0) report(invalid([...path, f], v, IS_NEGATIVE_ERROR));
    }
    const mode = strAt(spec, 'completionMode');
    const indexed = mode === 'Indexed';
    const bpi = prop(spec, 'backoffLimitPerIndex');
    if (typeof bpi === 'number' && !indexed) report(invalid([...path, 'backoffLimitPerIndex'], bpi, 'requires indexed completion mode'));
    const mfi = prop(spec, 'maxFailedIndexes');
    if (typeof mfi === 'number') {
      if (atLeast(ctx.kubernetesVersion, 1, 29) && !has(spec, 'backoffLimitPerIndex')) {
        report(required([...path, 'backoffLimitPerIndex'], 'when maxFailedIndexes is specified', { at: [...path, 'maxFailedIndexes'], target: 'key' }));
      }
      if (!indexed) report(invalid([...path, 'maxFailedIndexes'], mfi, 'requires indexed completion mode'));
    }
    if (indexed && !has(spec, 'completions')) report(required([...path, 'completions'], 'when completion mode is Indexed', { at: [...path, 'completionMode'], target: 'key' }));
    validatePodFailurePolicy(spec, path, report);
    const sp = objAt(spec, 'successPolicy');
    if (sp !== undefined && atLeast(ctx.kubernetesVersion, 1, 31)) {
      const spp = [...path, 'successPolicy'];
      if (!indexed) report(invalid(spp, mode ?? null, 'requires indexed completion mode', { target: 'key' }));
      const rules = arrAt(sp, 'rules');
      if (rules !== undefined && rules.length === 0) report(required([...spp, 'rules'], 'at least one rules must be specified when the successPolicy is specified', { target: 'value' }));
      for (const [i, r] of objectItemsAt(sp, 'rules')) {
        if (!has(r, 'succeededIndexes') && !has(r, 'succeededCount')) {
          report(required([...spp, 'rules', i], 'at least one of succeededCount or succeededIndexes must be specified'));
        }
      }
    }
    const prp = strAt(spec, 'podReplacementPolicy');
    if (prp !== undefined && atLeast(ctx.kubernetesVersion, 1, 29)) {
      // Values outside the enum are the schema's `unsupported-value`.
      if (has(spec, 'podFailurePolicy') && prp === 'TerminatingOrFailed') report(notSupported([...path, 'podReplacementPolicy'], prp, ['Failed']));
    }
    const mb = strAt(spec, 'managedBy');
    if (mb !== undefined && ctx.kind === 'Job' && atLeast(ctx.kubernetesVersion, 1, 32)) validateManagedBy(mb, [...path, 'managedBy'], report);
  },
};

/** JOB2, CJ7, CJ8: selectors are generated unless `manualSelector: true` (never for CronJobs). */
export const jobGeneratedSelector: ObjectRule = {
  id: 'job-generated-selector',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'a Job selector needs manualSelector: true (CronJob job templates may not set a selector)',
  covers: ['JOB2', 'CJ7', 'CJ8'],
  check(ctx, report) {
    const js = jobSpecOf(ctx);
    if (js === undefined) return;
    const { spec, path } = js;
    const sel = prop(spec, 'selector');
    if (ctx.kind === 'Job') {
      if (boolAt(spec, 'manualSelector') === true || !isObject(sel)) return;
      const ml = objAt(sel, 'matchLabels');
      const onlyUid = (ml === undefined || Object.keys(ml).every((k) => k === 'batch.kubernetes.io/controller-uid')) && (arrAt(sel, 'matchExpressions') ?? []).length === 0;
      if (onlyUid && (ml === undefined || Object.keys(ml).length === 0)) return;
      report(invalid([...path, 'selector'], sel, '`selector` not auto-generated'));
      return;
    }
    if (sel !== undefined && sel !== null) report(invalid([...path, 'selector'], sel, '`selector` will be auto-generated'));
    if (boolAt(spec, 'manualSelector') === true) report(notSupported([...path, 'manualSelector'], true, ['nil', 'false']));
  },
};

/** J9: an Indexed Job's last Pod hostname `<name>-<completions-1>` must be a DNS label. */
export const jobIndexedName: ObjectRule = {
  id: 'job-indexed-name',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'an Indexed Job name plus its largest index must form a valid Pod hostname',
  covers: ['J9'],
  check(ctx, report) {
    if (ctx.kind !== 'Job' || !isBatch(ctx)) return;
    const spec = objAt(ctx.object, 'spec');
    const completions = prop(spec, 'completions');
    if (strAt(spec, 'completionMode') !== 'Indexed' || typeof completions !== 'number' || completions <= 0) return;
    const name = strAt(objAt(ctx.object, 'metadata'), 'name');
    if (name === undefined || name === '') return;
    const host = `${name}-${completions - 1}`;
    if (isDNS1123Label(host).length > 0) {
      report(invalid([...ctx.basePath, 'metadata', 'name'], name, `will not able to create pod with invalid DNS label: ${host}`));
    }
  },
};

function timeZoneError(tz: string): string | undefined {
  if (tz === '') return 'timeZone must be nil or non-empty string';
  for (const part of tz.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return `unknown time zone ${tz}`;
  }
  if (tz.toLowerCase() === 'local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  if (tz === 'UTC') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `unknown time zone ${tz}`;
  }
}

/** CJ1-CJ6, CJ10. */
export const cronJobSpec: ObjectRule = {
  id: 'cronjob-spec',
  family: FAMILY,
  severity: 'error',
  scope: 'object',
  summary: 'a CronJob needs a valid 5-field schedule (no TZ), a valid timeZone, and a name of at most 52 characters',
  covers: ['CJ1', 'CJ2', 'CJ3', 'CJ4', 'CJ6', 'CJ10'],
  check(ctx, report) {
    if (ctx.kind !== 'CronJob' || !isBatch(ctx)) return;
    const name = strAt(objAt(ctx.object, 'metadata'), 'name') ?? '';
    if (name.length > 52) report(invalid([...ctx.basePath, 'metadata', 'name'], name, 'must be no more than 52 characters'));
    const spec = objAt(ctx.object, 'spec');
    if (spec === undefined) return;
    const path = [...ctx.basePath, 'spec'];
    const raw = prop(spec, 'schedule');
    if (raw === '') {
      report(required([...path, 'schedule'], undefined, { target: 'value' }));
    } else if (typeof raw === 'string') {
      const err = cronScheduleError(raw);
      if (err !== undefined) report(invalid([...path, 'schedule'], raw, err));
      if (raw.includes('TZ')) report(invalid([...path, 'schedule'], raw, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
    const tz = prop(spec, 'timeZone');
    if (typeof tz === 'string') {
      const err = timeZoneError(tz);
      if (err !== undefined) report(invalid([...path, 'timeZone'], tz, err));
    }
    for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      const v = prop(spec, f);
      if (typeof v === 'number' && v < 0) report(invalid([...path, f], v, IS_NEGATIVE_ERROR));
    }
  },
};

/** The rules of this family. */
export const JOB_RULES = [jobRestartPolicy, jobSpec, jobGeneratedSelector, jobIndexedName, cronJobSpec] as const;
