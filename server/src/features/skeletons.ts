/**
 * Whole-manifest skeletons offered in an empty document: small, valid manifests (the apiserver accepts
 * each as is) with placeholder names (`my-app`) and a pinned public image, in plain text.
 */

/** One skeleton: the kind it creates and its YAML text (ends with a newline). */
export interface Skeleton {
  readonly kind: string;
  readonly apiVersion: string;
  readonly text: string;
}

function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}

/** Container block at `indent` spaces: one nginx container with a port. */
function container(indent: number): string[] {
  const p = ' '.repeat(indent);
  return [`${p}containers:`, `${p}  - name: app`, `${p}    image: nginx:1.27`, `${p}    ports:`, `${p}      - containerPort: 80`];
}

/** Job container block at `indent` spaces: a one-shot busybox command. */
function jobContainer(indent: number): string[] {
  const p = ' '.repeat(indent);
  return [`${p}containers:`, `${p}  - name: job`, `${p}    image: busybox:1.36`, `${p}    command: ["sh", "-c", "echo hello"]`];
}

/** A workload with a selector and a pod template (Deployment, StatefulSet, DaemonSet). */
function workload(kind: string, extra: readonly string[]): string {
  return lines(
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    '  name: my-app',
    '  labels:',
    '    app: my-app',
    'spec:',
    ...extra,
    '  selector:',
    '    matchLabels:',
    '      app: my-app',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: my-app',
    '    spec:',
    ...container(6),
  );
}

/** The skeletons, in the order they are offered. */
export const SKELETONS: readonly Skeleton[] = [
  {
    kind: 'Pod',
    apiVersion: 'v1',
    text: lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: my-app', '  labels:', '    app: my-app', 'spec:', ...container(2)),
  },
  { kind: 'Deployment', apiVersion: 'apps/v1', text: workload('Deployment', ['  replicas: 1']) },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', text: workload('StatefulSet', ['  serviceName: my-app', '  replicas: 1']) },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', text: workload('DaemonSet', []) },
  {
    kind: 'Job',
    apiVersion: 'batch/v1',
    text: lines(
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: my-job',
      'spec:',
      '  backoffLimit: 3',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      ...jobContainer(6),
    ),
  },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    text: lines(
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: my-cronjob',
      'spec:',
      '  schedule: "*/5 * * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          restartPolicy: OnFailure',
      ...jobContainer(10),
    ),
  },
];
