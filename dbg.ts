import { createSnapshot } from './server/src/document/snapshot';
import { diagnose } from './server/src/features/diagnostics';
import { previousIndexOf, updateDiagnostics } from './server/src/features/update';
import { analysisContext, loadSchemaIndex } from './server/src/workspace/context';
import { DEFAULT_SETTINGS } from './server/src/workspace/settings';
const ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, DEFAULT_SETTINGS);
function show(name: string, oldT: string, newT: string) {
  const s = createSnapshot('new', 0, newT);
  const u = updateDiagnostics(s, previousIndexOf([createSnapshot('old', 0, oldT)]), ctx);
  const c = diagnose(s, ctx);
  console.log('==', name);
  for (const d of [...c, ...u]) console.log('  ', d.severity, d.code, d.fieldPath, d.errorType, d.message.split('\n')[0].slice(0, 150));
}
const dep = (sel: string, lab: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: ${sel}}\n  template:\n    metadata:\n      labels: {app: ${lab}}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n`;
show('deploy selector only', dep('web', 'web'), dep('api', 'web'));
const liveJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: default
  uid: 6f7a
  resourceVersion: "100"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate","namespace":"default"},"spec":{"template":{"spec":{"containers":[{"image":"migrate:1","name":"m"}],"restartPolicy":"Never"}}}}
spec:
  backoffLimit: 6
  completionMode: NonIndexed
  completions: 1
  manualSelector: false
  parallelism: 1
  podReplacementPolicy: TerminatingOrFailed
  selector:
    matchLabels:
      batch.kubernetes.io/controller-uid: 6f7a
  suspend: false
  template:
    metadata:
      creationTimestamp: null
      labels:
        batch.kubernetes.io/controller-uid: 6f7a
        batch.kubernetes.io/job-name: migrate
        controller-uid: 6f7a
        job-name: migrate
    spec:
      containers:
      - image: migrate:1
        imagePullPolicy: IfNotPresent
        name: m
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Never
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  startTime: "2026-01-01T00:00:00Z"
  succeeded: 1
`;
const jobFile = (img: string, extra = '') => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n${extra}  template:\n    spec:\n      containers:\n      - name: m\n        image: ${img}\n      restartPolicy: Never\n`;
show('live job, same file, ttl added', liveJob, jobFile('migrate:1', '  ttlSecondsAfterFinished: 100\n'));
show('live job, image changed', liveJob, jobFile('migrate:2'));
show('live job as previous, new file is the live copy w/o status', liveJob, liveJob.replace(/status:[\s\S]*$/, ''));
const svcLive = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  uid: 1
  resourceVersion: "5"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},"spec":{"ports":[{"port":80}],"selector":{"app":"web"},"type":"NodePort"}}
spec:
  clusterIP: 10.96.3.4
  clusterIPs: [10.96.3.4]
  externalTrafficPolicy: Cluster
  internalTrafficPolicy: Cluster
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  ports:
  - nodePort: 31234
    port: 80
    protocol: TCP
    targetPort: 80
  selector: {app: web}
  sessionAffinity: None
  type: NodePort
`;
const svcFile = (t: string, extra = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ${t}\n${extra}  selector: {app: web}\n  ports:\n  - port: 80\n`;
show('svc NodePort->ClusterIP', svcLive, svcFile('ClusterIP'));
show('svc NodePort->LoadBalancer', svcLive, svcFile('LoadBalancer'));
show('svc clusterIP change', svcLive, svcFile('NodePort', '  clusterIP: 10.96.3.9\n'));
show('svc headless', svcLive, svcFile('ClusterIP', '  clusterIP: None\n'));
