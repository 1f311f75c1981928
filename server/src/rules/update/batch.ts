/**
 * Update rules for Jobs and CronJobs (`ValidateJobSpecUpdate`, `validatePodTemplateUpdate`, `validateCompletions`,
 * `validateGeneratedSelector` in pkg/apis/batch/validation/validation.go; the Job strategy's
 * `validationOptionsForJob`). A Job's template, selector, completion mode and failure policies are fixed once it
 * exists; CronJobs may change anything. Catalogue rows U-BATCH-1 to U-BATCH-12.
 */
import { invalid, required } from '../messages';
import { objAt, prop, strAt } from '../json';
import type { JsonObject } from '../rule';
import { atLeast } from '../version';
import { renderSelector, FIELD_IMMUTABLE } from './apps';
import { cloneJson, GENERATED } from './defaults';
import { changes } from './equality';
import { under, updateProblem } from './problem';
import type { UpdateContext, UpdateRule } from './update-rule';

function jobSpec(o: JsonObject): JsonObject {
  return objAt(o, 'spec') ?? {};
}

/**
 * True when a suspended Job that never started may change its template's scheduling directives
 * (`AllowMutableSchedulingDirectives`): the old Job is suspended and, when read from the cluster, has no start time.
 */
function mutableScheduling(ctx: UpdateContext): boolean {
  const suspended = prop(jobSpec(ctx.old), 'suspend') === true;
  const started = prop(objAt(ctx.old, 'status') ?? {}, 'startTime');
  return suspended && (started === undefined || started === null);
}

/** The old template with the new template's scheduling directives, as `validatePodTemplateUpdate` builds it. */
function comparableOldTemplate(oldTemplate: JsonObject, newTemplate: JsonObject): JsonObject {
  const out = cloneJson(oldTemplate) as Record<string, unknown>;
  const oldSpec = { ...(objAt(out, 'spec') ?? {}) } as Record<string, unknown>;
  const newSpec = objAt(newTemplate, 'spec') ?? {};
  const oldAffinity = objAt(oldSpec, 'affinity');
  const newAffinity = objAt(newSpec, 'affinity');
  if (oldAffinity === undefined && newAffinity !== undefined) oldSpec['affinity'] = newAffinity;
  else if (oldAffinity !== undefined && newAffinity !== undefined) oldSpec['affinity'] = { ...oldAffinity, nodeAffinity: newAffinity['nodeAffinity'] };
  for (const k of ['nodeSelector', 'tolerations', 'schedulingGates']) oldSpec[k] = newSpec[k];
  out['spec'] = oldSpec;
  const oldMeta = { ...(objAt(out, 'metadata') ?? {}) } as Record<string, unknown>;
  const newMeta = objAt(newTemplate, 'metadata') ?? {};
  oldMeta['labels'] = newMeta['labels'];
  oldMeta['annotations'] = newMeta['annotations'];
  out['metadata'] = oldMeta;
  return out;
}

const jobTemplateImmutable: UpdateRule = {
  id: 'job-template-immutable',
  family: 'update-batch',
  scope: 'update',
  kinds: ['Job'],
  severity: 'error',
  summary: "a Job's pod template cannot change (a suspended Job that never ran may change its scheduling directives)",
  covers: ['U-BATCH-1', 'U-BATCH-2'],
  check(ctx, report) {
    const newTemplate = objAt(jobSpec(ctx.new), 'template') ?? {};
    let oldTemplate = objAt(jobSpec(ctx.old), 'template') ?? {};
    if (mutableScheduling(ctx)) oldTemplate = comparableOldTemplate(oldTemplate, newTemplate);
    const diff = under(['spec', 'template'], changes(oldTemplate, newTemplate));
    if (diff.length === 0) return;
    report(updateProblem(invalid(['spec', 'template'], { goString: 'core.PodTemplateSpec{...}' }, FIELD_IMMUTABLE), diff));
  },
};

const jobSelectorImmutable: UpdateRule = {
  id: 'job-selector-immutable',
  family: 'update-batch',
  scope: 'update',
  kinds: ['Job'],
  severity: 'error',
  summary: "a Job's selector cannot change",
  covers: ['U-BATCH-4'],
  check(ctx, report) {
    const before = prop(jobSpec(ctx.old), 'selector');
    const after = prop(jobSpec(ctx.new), 'selector');
    const diff = under(['spec', 'selector'], changes(before, after));
    if (diff.length === 0) return;
    report(updateProblem(invalid(['spec', 'selector'], renderSelector(after), FIELD_IMMUTABLE), diff));
  },
};

const jobCompletionsImmutable: UpdateRule = {
  id: 'job-completions-immutable',
  family: 'update-batch',
  scope: 'update',
  kinds: ['Job'],
  severity: 'error',
  summary: "a Job's completions cannot change, except for Indexed Jobs together with parallelism",
  covers: ['U-BATCH-5'],
  check(ctx, report) {
    const path = ['spec', 'completions'];
    const before = prop(jobSpec(ctx.old), 'completions');
    const after = prop(jobSpec(ctx.new), 'completions');
    const diff = under(path, changes(before, after));
    if (diff.length === 0) return;
    const change = [{ path, before, after }];
    if (prop(jobSpec(ctx.new), 'completionMode') !== 'Indexed') {
      report(updateProblem(invalid(path, after ?? null, FIELD_IMMUTABLE), change));
      return;
    }
    // ElasticIndexedJob (beta on by default 1.27, GA 1.31): completions may change together with parallelism.
    if (typeof after !== 'number') return;
    if (after !== prop(jobSpec(ctx.new), 'parallelism')) report(updateProblem(invalid(path, after, 'can only be modified in tandem with spec.parallelism'), change));
  },
};

/** The immutable JobSpec fields checked by `ValidateJobSpecUpdate` besides the template, selector and completions. */
const IMMUTABLE_JOB_FIELDS: readonly { readonly field: string; readonly since?: readonly [number, number] }[] = [
  { field: 'completionMode' },
  { field: 'podFailurePolicy' },
  { field: 'backoffLimitPerIndex' },
  // JobManagedBy is beta (on) from 1.32; before, the field is dropped from updates unless the old Job had it.
  { field: 'managedBy', since: [1, 32] },
  // JobSuccessPolicy is beta (on) from 1.31.
  { field: 'successPolicy', since: [1, 31] },
];

const jobSpecImmutable: UpdateRule = {
  id: 'job-spec-immutable',
  family: 'update-batch',
  scope: 'update',
  kinds: ['Job'],
  severity: 'error',
  summary: "a Job's completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy and successPolicy cannot change",
  covers: ['U-BATCH-6'],
  check(ctx, report) {
    for (const { field, since } of IMMUTABLE_JOB_FIELDS) {
      const before = prop(jobSpec(ctx.old), field);
      const after = prop(jobSpec(ctx.new), field);
      if (since !== undefined && !atLeast(ctx.kubernetesVersion, since[0], since[1]) && (before === undefined || before === null)) continue;
      const path = ['spec', field];
      const diff = under(path, changes(before, after));
      if (diff.length === 0) continue;
      report(updateProblem(invalid(path, typeof after === 'string' || typeof after === 'number' ? after : { goString: after === undefined ? 'null' : `&batch.${field}{...}` }, FIELD_IMMUTABLE), diff));
    }
  },
};

const GENERATED_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

const jobGeneratedSelector: UpdateRule = {
  id: 'job-generated-selector-update',
  family: 'update-batch',
  scope: 'update',
  kinds: ['Job'],
  severity: 'error',
  summary: "a Job's generated selector and pod labels must stay as the apiserver generated them",
  covers: ['U-BATCH-8'],
  check(ctx, report) {
    const spec = jobSpec(ctx.new);
    if (prop(spec, 'manualSelector') === true) return;
    const selector = objAt(spec, 'selector');
    if (selector === undefined) {
      if (objAt(jobSpec(ctx.old), 'selector') !== undefined) {
        report(updateProblem(required(['spec', 'selector']), [{ path: ['spec', 'selector'], before: prop(jobSpec(ctx.old), 'selector'), after: undefined }]));
      }
      return;
    }
    const uid = strAt(objAt(selector, 'matchLabels') ?? {}, 'batch.kubernetes.io/controller-uid') ?? strAt(objAt(selector, 'matchLabels') ?? {}, 'controller-uid');
    if (uid === undefined || uid === GENERATED) return;
    const name = strAt(objAt(ctx.new, 'metadata') ?? {}, 'name') ?? '';
    const oldLabels = objAt(objAt(objAt(jobSpec(ctx.old), 'template') ?? {}, 'metadata') ?? {}, 'labels') ?? {};
    const labels = objAt(objAt(objAt(spec, 'template') ?? {}, 'metadata') ?? {}, 'labels') ?? {};
    for (const key of GENERATED_LABELS) {
      // The prefixed labels are required only when the old template had them (`RequirePrefixedLabels` ratchets).
      if (key.startsWith('batch.') && oldLabels[key] === undefined) continue;
      const want = key.endsWith('uid') ? uid : name;
      const have = labels[key];
      if (have === want) continue;
      const path = ['spec', 'template', 'metadata', 'labels', { key }];
      const change = [{ path, before: oldLabels[key], after: have }];
      if (have === undefined || have === null) report(updateProblem(required(path, `must be '${want}'`), change));
      else report(updateProblem(invalid(path, have, `must be '${want}'`), change));
    }
  },
};

const TZ = /^\s*(CRON_)?TZ=/;

const cronJobScheduleTimezone: UpdateRule = {
  id: 'cronjob-schedule-timezone-update',
  family: 'update-batch',
  scope: 'update',
  kinds: ['CronJob'],
  severity: 'error',
  summary: 'a CronJob schedule that keeps TZ= cannot also set timeZone',
  covers: ['U-BATCH-11'],
  check(ctx, report) {
    const before = prop(jobSpec(ctx.old), 'schedule');
    const after = prop(jobSpec(ctx.new), 'schedule');
    const tz = prop(jobSpec(ctx.new), 'timeZone');
    if (typeof before !== 'string' || typeof after !== 'string' || !TZ.test(before) || !TZ.test(after)) return;
    if (typeof tz !== 'string' || tz === '') return;
    const path = ['spec', 'schedule'];
    report(updateProblem(invalid(path, after, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'), [{ path: ['spec', 'timeZone'], before: prop(jobSpec(ctx.old), 'timeZone'), after: tz }]));
  },
};

/** The batch/v1 update rules. */
export const BATCH_UPDATE_RULES: readonly UpdateRule[] = [jobSelectorImmutable, jobTemplateImmutable, jobCompletionsImmutable, jobSpecImmutable, jobGeneratedSelector, cronJobScheduleTimezone];
