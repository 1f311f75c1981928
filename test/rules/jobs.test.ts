import { C, runObjectCases, runPodCases } from './check';

runPodCases('rules/jobs (templates)', [
  {
    name: 'job-restart-policy: absent means Always',
    kinds: ['Job', 'CronJob'],
    spec: `${C}\nrestartPolicy: Always`,
    expect: ['job-restart-policy: <P>.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  },
  {
    name: 'job-restart-policy: unsupported value',
    kinds: ['Job'],
    spec: `${C}\nrestartPolicy: Sometimes`,
    expect: ['job-restart-policy: <P>.restartPolicy: Unsupported value: "Sometimes": supported values: "OnFailure", "Never"'],
  },
  { name: 'job-restart-policy: near miss', kinds: ['Job', 'CronJob'], spec: `${C}\nrestartPolicy: OnFailure`, expect: [] },
]);

const JOB = (spec: string, extra = ''): string =>
  `apiVersion: batch/v1\nkind: Job\nmetadata: {name: work}\nspec:\n${spec}\n  template:\n    metadata: {labels: {app: work}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: main, image: x}]${extra}`;

runObjectCases('rules/jobs', [
  {
    name: 'job-restart-policy: missing restartPolicy',
    yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: work}\nspec:\n  template:\n    spec:\n      containers: [{name: main, image: x}]',
    expect: ['job-restart-policy: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  },
  {
    name: 'job-restart-policy: podFailurePolicy needs Never',
    yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: work}\nspec:\n  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42]}\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers: [{name: main, image: x}]',
    expect: ['job-restart-policy: spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified'],
  },
  {
    name: 'job-spec: negative counts and indexed-only fields',
    yaml: JOB('  backoffLimit: -1\n  backoffLimitPerIndex: 1\n  completionMode: Indexed2\n  podReplacementPolicy: TerminatingOrFailed\n  podFailurePolicy:\n    rules: [{action: Ignore, onPodConditions: [{type: DisruptionTarget}]}]'),
    expect: [
      'job-spec: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      'job-spec: spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'job-spec: spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
    ],
  },
  {
    name: 'job-spec: Indexed needs completions; maxFailedIndexes needs backoffLimitPerIndex',
    yaml: JOB('  completionMode: Indexed\n  maxFailedIndexes: 2'),
    expect: ['job-spec: spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified', 'job-spec: spec.completions: Required value: when completion mode is Indexed'],
  },
  {
    name: 'job-spec: podFailurePolicy rules',
    yaml: JOB(
      '  podFailurePolicy:\n    rules:\n    - action: Retry\n      onExitCodes: {containerName: nope, operator: In, values: [0, 3, 2, 3]}\n    - action: FailIndex\n      onPodConditions: [{type: DisruptionTarget}]\n    - action: Ignore',
    ),
    expect: [
      'job-spec: spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
      'job-spec: spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      'job-spec: spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 3',
      'job-spec: spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [0,3,2,3]: must be ordered',
      'job-spec: spec.podFailurePolicy.rules[1].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      'job-spec: spec.podFailurePolicy.rules[2]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ],
  },
  {
    name: 'job-spec: successPolicy, podReplacementPolicy, managedBy',
    yaml: JOB('  successPolicy:\n    rules: [{}]\n  podReplacementPolicy: Failed\n  managedBy: my-controller'),
    expect: [
      'job-spec: spec.successPolicy: Invalid value: null: requires indexed completion mode',
      'job-spec: spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified',
      'job-spec: spec.managedBy: Invalid value: "my-controller": must be a domain-prefixed path (such as "acme.io/foo")',
    ],
  },
  {
    name: 'job-spec: near miss (indexed job with per-index backoff and policies)',
    yaml: JOB(
      '  completionMode: Indexed\n  completions: 10\n  parallelism: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 5\n  podReplacementPolicy: Failed\n  successPolicy:\n    rules: [{succeededIndexes: "0-2", succeededCount: 1}]\n  podFailurePolicy:\n    rules:\n    - action: FailIndex\n      onExitCodes: {containerName: main, operator: NotIn, values: [0, 1]}\n    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}]',
    ),
    expect: [],
  },
  {
    name: 'job-generated-selector: selector without manualSelector',
    yaml: JOB('  selector: {matchLabels: {app: work}}'),
    expect: ['job-generated-selector: spec.selector: Invalid value: {"matchLabels":{"app":"work"}}: `selector` not auto-generated'],
  },
  {
    name: 'job-generated-selector: manualSelector with a mismatching selector',
    yaml: JOB('  manualSelector: true\n  selector: {matchLabels: {app: other}}'),
    expect: ['selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"work"}: `selector` does not match template `labels`'],
  },
  {
    name: 'job-generated-selector: manualSelector without selector',
    yaml: JOB('  manualSelector: true'),
    expect: [
      'workload-selector: spec.selector: Required value',
      'selector-template-mismatch: spec.template.metadata.labels: Invalid value: map[string]string{"app":"work"}: `selector` does not match template `labels`',
    ],
  },
  { name: 'job-generated-selector: near miss', yaml: JOB('  manualSelector: true\n  selector: {matchLabels: {app: work}}'), expect: [] },
  {
    name: 'job-indexed-name: hostname too long',
    yaml: `apiVersion: batch/v1\nkind: Job\nmetadata: {name: ${'a'.repeat(62)}}\nspec:\n  completionMode: Indexed\n  completions: 10\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: main, image: x}]`,
    expect: [`job-indexed-name: metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`],
  },
  {
    name: 'cronjob-spec: schedule, time zone, policy, name, selector',
    yaml: `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: ${'c'.repeat(53)}}\nspec:\n  schedule: "CRON_TZ=UTC 0 0 * *"\n  timeZone: Mars/Olympus\n  concurrencyPolicy: Never\n  jobTemplate:\n    spec:\n      manualSelector: true\n      selector: {matchLabels: {a: b}}\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: main, image: x}]`,
    expect: [
      'job-generated-selector: spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
      'job-generated-selector: spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
      `cronjob-spec: metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`,
      'cronjob-spec: spec.schedule: Invalid value: "CRON_TZ=UTC 0 0 * *": expected exactly 5 fields, found 4: [0 0 * *]',
      'cronjob-spec: spec.schedule: Invalid value: "CRON_TZ=UTC 0 0 * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      'cronjob-spec: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    ],
  },
  {
    name: 'cronjob-spec: field ranges',
    yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "0 0 * * 7"\n  startingDeadlineSeconds: -5\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: x}]',
    expect: [
      'cronjob-spec: spec.schedule: Invalid value: "0 0 * * 7": end of range (7) above maximum (6): 7',
      'cronjob-spec: spec.startingDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0',
    ],
  },
  {
    name: 'cronjob-spec: near miss',
    yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "*/15 9-17 * jan-jun mon-fri"\n  timeZone: Europe/Berlin\n  concurrencyPolicy: Forbid\n  successfulJobsHistoryLimit: 0\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: x}]',
    expect: [],
  },
  {
    name: 'cronjob-spec: descriptors',
    yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "@every 1h30m"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: x}]',
    expect: [],
  },
]);
