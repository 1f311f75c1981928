/**
 * Quick fixes and fix-all. Each `test/fixtures/code-action/<case>.yaml` is a before file: a first-line `#`
 * sentence, optional directive comments, and a `<|>` cursor on the diagnostic to fix; `<case>.after.yaml` is
 * the text after applying the chosen action. Directives (comment lines anywhere):
 * `# code: <rule-id>` picks the diagnostic at the cursor (default: the first there);
 * `# action: <title prefix>` picks the action (default: the preferred one);
 * `# version: 1.28` sets the target Kubernetes version; `# best-practices` turns the opt-in rules on;
 * `# pod-security: enforce=restricted` sets the configured Pod Security policy;
 * `# still-reported[: why]` accepts that the fixed diagnostic is still reported afterwards.
 * Every case also checks that the actions are the same when the diagnostic's message is empty (fixes read `data`).
 * `PODLS_UPDATE_GOLDEN=1` rewrites the after files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits } from '../../server/src/document/edit';
import type { TextEdit } from '../../server/src/document/edit';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { codeActions, diffEdits, FIX_IDS, fixAll, parseFieldPath } from '../../server/src/features/code-action';
import type { CodeActionDiagnostic, CodeActionInfo } from '../../server/src/features/code-action';
import { diagnose } from '../../server/src/features/diagnostics';
import { diagnoseWorkspace } from '../../server/src/features/cross-file';
import type { AnalysisContext, DiagnosticInfo } from '../../server/src/features/diagnostics';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { parseMarkers } from '../harness/fixture';
import { REPO_ROOT, sharedDir } from '../harness/shared';
import { dedent, loadBundledIndex, loadTestIndex } from './fixtures';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'code-action');
const UPDATE = process.env['PODLS_UPDATE_GOLDEN'] === '1';

function contextFor(index: SchemaIndex, text: string): AnalysisContext {
  const version = /^# version: (\S+)$/m.exec(text)?.[1] ?? '1.35';
  // `# pod-security: enforce=restricted, warn=baseline` sets the configured Pod Security policy.
  const podSecurity = Object.fromEntries(
    (/^# pod-security: (.+)$/m.exec(text)?.[1] ?? '')
      .split(',')
      .map((kv) => kv.trim().split('='))
      .filter((kv): kv is [string, string] => kv.length === 2),
  );
  return { schema: index, rules: { kubernetesVersion: version, severities: {}, bestPractices: /^# best-practices$/m.test(text), podSecurity } };
}

/** File and workspace diagnostics of a snapshot, as the server has them. */
function allDiagnostics(snapshot: Snapshot, ctx: AnalysisContext, workspace: readonly Snapshot[] = []): DiagnosticInfo[] {
  const files = [snapshot, ...workspace];
  return [...diagnose(snapshot, ctx), ...(diagnoseWorkspace(files, ctx).get(snapshot.uri) ?? [])];
}

/** What the client sends back: the diagnostic's range, message and `data`. */
function fromDiagnostic(d: DiagnosticInfo): CodeActionDiagnostic {
  return {
    code: d.code,
    documentIndex: d.documentIndex,
    range: d.range,
    message: d.message,
    fixIds: d.fixes ?? [],
    ...(d.fieldPath !== undefined ? { fieldPath: d.fieldPath } : {}),
    ...(d.at !== undefined ? { at: d.at } : {}),
    ...(d.details !== undefined ? { details: d.details } : {}),
    ...(d.errorType !== undefined ? { errorType: d.errorType } : {}),
  };
}

function editsOf(action: CodeActionInfo, uri: string): readonly TextEdit[] {
  assert.deepStrictEqual(action.edits.map((e) => e.uri), [uri]);
  return action.edits[0]?.edits ?? [];
}

/** Runs one fixture: finds the diagnostic at the cursor, picks the action, applies it, compares with the after file. */
function checkFixture(index: SchemaIndex, file: string): void {
  const source = fs.readFileSync(file, 'utf8');
  const { text, cursor } = parseMarkers(source);
  const ctx = contextFor(index, text);
  const snapshot = createSnapshot(`file://${file}`, 1, text);
  const wantCode = /^# code: (\S+)$/m.exec(text)?.[1];
  const all = allDiagnostics(snapshot, ctx).map(fromDiagnostic);
  const here = all.filter((d) => d.range.start <= cursor && cursor <= d.range.end && (wantCode === undefined || d.code === wantCode));
  const target = here[0];
  assert.ok(target, `no diagnostic${wantCode === undefined ? '' : ` ${wantCode}`} at the cursor; found:\n${all.map((d) => `${d.code} ${d.fieldPath ?? ''} ${d.range.start}-${d.range.end}`).join('\n')}`);
  const actions = codeActions(snapshot, { start: cursor, end: cursor }, [target], ctx, [], ['quickfix']);
  const titles = actions.map((a) => `${a.isPreferred === true ? '* ' : ''}${a.title}`);
  assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnosticIndex === 0), titles.join('\n'));
  assert.ok(actions.filter((a) => a.isPreferred === true).length <= 1, titles.join('\n'));
  // Fixes switch on Diagnostic.data, never on the message: without its text the same actions come.
  const blind = codeActions(snapshot, { start: cursor, end: cursor }, [{ ...target, message: '' }], ctx, [], ['quickfix']);
  const shown = (list: readonly CodeActionInfo[]): string[] => list.map((a) => `${a.title} ${JSON.stringify(a.edits)}`);
  assert.deepStrictEqual(shown(blind), shown(actions), 'the fixes depend on the message text');
  const wantAction = /^# action: (.+)$/m.exec(text)?.[1];
  const action = wantAction === undefined ? actions.find((a) => a.isPreferred === true) : actions.find((a) => a.title.startsWith(wantAction));
  assert.ok(action, `no ${wantAction === undefined ? 'preferred action' : `action "${wantAction}"`} among:\n${titles.join('\n')}`);
  const after = applyEdits(text, editsOf(action, snapshot.uri));
  const afterSnapshot = createSnapshot(snapshot.uri, 2, after);
  assert.deepStrictEqual(afterSnapshot.documents.flatMap((d) => d.errors.map((e) => e.message)), [], after);
  if (!/^# still-reported\b/m.test(text)) {
    const left = allDiagnostics(afterSnapshot, ctx).filter((d) => d.code === target.code && d.fieldPath === target.fieldPath && d.message === target.message);
    assert.deepStrictEqual(left.map((d) => d.message), [], `the fix left the diagnostic:\n${after}`);
  }
  const golden = file.replace(/\.yaml$/, '.after.yaml');
  if (UPDATE || !fs.existsSync(golden)) {
    fs.writeFileSync(golden, after);
    if (!UPDATE) assert.fail(`wrote the missing golden ${path.relative(REPO_ROOT, golden)}; review it`);
  } else assert.strictEqual(after, fs.readFileSync(golden, 'utf8'));
}

const SCHEMAS = [
  ['the bundled schema', loadBundledIndex],
  ['the 1.35 OpenAPI', loadTestIndex],
] as const;

function fixtureFiles(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.after.yaml'))
    .sort()
    .map((f) => path.join(FIXTURES, f));
}

/** The fixture's first-line sentence, for the test title. */
function titleOf(file: string): string {
  const first = fs.readFileSync(file, 'utf8').split('\n')[0] ?? '';
  return `${path.basename(file, '.yaml')}: ${first.replace(/^#\s*/, '')}`;
}

describe('features/code-action fixtures', function () {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });
  for (const file of fixtureFiles()) it(titleOf(file), () => checkFixture(index, file));
});

describe('features/code-action', function () {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });

  /** Quick-fix titles for the diagnostics at the cursor of `source`, preferred marked with `*` (without the ignore actions). */
  function titlesAt(source: string, workspace: readonly Snapshot[] = []): string[] {
    const { text, cursor } = parseMarkers(dedent(source));
    const ctx = contextFor(index, text);
    const snapshot = createSnapshot('file:///a.yaml', 1, text);
    const diags = allDiagnostics(snapshot, ctx, workspace).map(fromDiagnostic);
    return codeActions(snapshot, { start: cursor, end: cursor }, diags, ctx, workspace, ['quickfix'])
      .filter((a) => !a.title.startsWith('Ignore '))
      .map((a) => `${a.isPreferred === true ? '* ' : ''}${a.title}`);
  }

  it('parses apiserver field paths', () => {
    assert.deepStrictEqual(parseFieldPath('spec.containers[0].resources.limits[cpu]'), ['spec', 'containers', 0, 'resources', 'limits', { key: 'cpu' }]);
    assert.deepStrictEqual(parseFieldPath('metadata.labels[app.kubernetes.io/name]'), ['metadata', 'labels', { key: 'app.kubernetes.io/name' }]);
    assert.deepStrictEqual(parseFieldPath('<root>'), []);
  });

  it('offers every supported value, closest first, the case-insensitive match preferred', () => {
    const titles = titlesAt(`
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            image: nginx:1.27
            imagePullPolicy: <|>ifnotpresent
    `);
    assert.deepStrictEqual(titles, ['* Change to "IfNotPresent"', 'Change to "Never"', 'Change to "Always"']);
  });

  it('offers the label sets of workloads in other workspace files for a Service that selects nothing', () => {
    const other = createSnapshot('file:///deploy.yaml', 1, dedent(`
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: api }
      spec:
        selector: { matchLabels: { app: api } }
        template:
          metadata: { labels: { app: api, tier: backend } }
          spec: { containers: [{ name: api, image: "api:1" }] }
    `));
    const titles = titlesAt(`
      apiVersion: v1
      kind: Service
      metadata: { name: api }
      spec:
        <|>selector: { app: apl }
        ports: [{ port: 80 }]
    `, [other]);
    assert.deepStrictEqual(titles, ['* Select the Pods of Deployment/api (app=api)']);
  });

  it('offers a sidecar only where the target version supports it', () => {
    const source = `
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        initContainers:
          - name: proxy
            image: envoy:1.30
            <|>readinessProbe: { tcpSocket: { port: 9901 } }
        containers: [{ name: web, image: "nginx:1.27" }]
    `;
    assert.deepStrictEqual(titlesAt(source), ['* Make "proxy" a sidecar container (restartPolicy: Always)', 'Remove "readinessProbe"']);
    assert.deepStrictEqual(titlesAt(`# version: 1.28\n${dedent(source)}`), ['* Remove "readinessProbe"']);
  });

  it('returns the fix-all action only when asked for it or when a diagnostic at the cursor has a safe fix', () => {
    const text = dedent(`
      apiVersion: v1
      kind: Pod
      metadata: { name: web }
      spec:
        containers:
          - name: web
            imgae: nginx:1.27
    `);
    const ctx = contextFor(index, text);
    const snapshot = createSnapshot('file:///a.yaml', 1, text);
    const diags = allDiagnostics(snapshot, ctx).map(fromDiagnostic);
    const kinds = (only?: readonly string[]): string[] =>
      codeActions(snapshot, { start: 0, end: text.length }, diags, ctx, [], only)
        .filter((a) => !a.title.startsWith('Ignore '))
        .map((a) => a.kind);
    assert.deepStrictEqual(kinds(), ['quickfix', 'quickfix', 'source.fixAll.podls']);
    assert.deepStrictEqual(kinds(['source.fixAll']), ['source.fixAll.podls']);
    assert.deepStrictEqual(kinds(['quickfix']), ['quickfix', 'quickfix']);
    assert.deepStrictEqual(kinds(['refactor']), []);
  });

  it('fixes everything safe at once, keeping comments, and is idempotent', () => {
    const text = dedent(`
      # a Pod with typos
      apiVersion: v1
      kind: Pod
      metadata:
        name: web   # the name
      spec:
        restartPolicy: never
        containers:
          - name: web
            imgae: nginx:1.27   # pinned
            imagePullPolicy: ifNotPresent
            ports:
              containerPort: "8080"
            env:
              - name: PORT
                value: 8080
            args: --verbose
    `) + '\n';
    const ctx = contextFor(index, text);
    const snapshot = createSnapshot('file:///a.yaml', 1, text);
    const out = applyEdits(text, fixAll(snapshot, ctx));
    assert.strictEqual(out, dedent(`
      # a Pod with typos
      apiVersion: v1
      kind: Pod
      metadata:
        name: web   # the name
      spec:
        restartPolicy: Never
        containers:
          - name: web
            image: nginx:1.27   # pinned
            imagePullPolicy: IfNotPresent
            ports:
              - containerPort: 8080
            env:
              - name: PORT
                value: "8080"
            args:
              - --verbose
    `) + '\n');
    assert.deepStrictEqual(fixAll(createSnapshot('file:///a.yaml', 2, out), ctx), []);
  });

  it('offers only the fixes a rule names by id, and falls back to the rule id for unknown ids', () => {
    const text = dedent(`
      apiVersion: batch/v1
      kind: Job
      metadata: { name: j }
      spec:
        template:
          spec:
            restartPolicy: Always
            containers: [{ name: j, image: "busybox:1.36" }]
    `);
    const ctx = contextFor(index, text);
    const snapshot = createSnapshot('file:///a.yaml', 1, text);
    const d = allDiagnostics(snapshot, ctx).map(fromDiagnostic).find((x) => x.code === 'job-restart-policy');
    assert.ok(d);
    const titles = (fixIds: readonly string[]): string[] =>
      codeActions(snapshot, d.range, [{ ...d, fixIds }], ctx, [], ['quickfix'])
        .map((a) => a.title)
        .filter((t) => !t.startsWith('Ignore '));
    assert.deepStrictEqual(titles(['set-restart-policy-on-failure']), ['Set restartPolicy to OnFailure']);
    assert.deepStrictEqual(titles(['no-such-fix']), ['Set restartPolicy to Never', 'Set restartPolicy to OnFailure']);
    assert.ok(FIX_IDS.includes('add-empty-dir-volume'));
  });

  it('keeps CRLF line breaks and quoted keys', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec:\r\n  containers:\r\n    - name: web\r\n      "imgae": nginx:1.27\r\n      ports:\r\n        containerPort: 80\r\n';
    const ctx = contextFor(index, text);
    const out = applyEdits(text, fixAll(createSnapshot('file:///a.yaml', 1, text), ctx));
    assert.strictEqual(out, text.replace('"imgae"', '"image"').replace('        containerPort', '        - containerPort'));
  });

  it('leaves a clean file alone, and fix-all is idempotent on every fixture', () => {
    for (const file of fixtureFiles()) {
      const { text } = parseMarkers(fs.readFileSync(file, 'utf8'));
      const ctx = contextFor(index, text);
      const once = applyEdits(text, fixAll(createSnapshot('file:///f.yaml', 1, text), ctx));
      assert.deepStrictEqual(fixAll(createSnapshot('file:///f.yaml', 2, once), ctx), [], `${path.basename(file)}:\n${once}`);
    }
  });

  it('diffs texts into line edits', () => {
    const a = 'a\nb\nc\nd\n';
    const b = 'a\nB\nc\nd\ne\n';
    const edits = diffEdits(a, b);
    assert.strictEqual(applyEdits(a, edits), b);
    assert.strictEqual(edits.length, 2);
    assert.deepStrictEqual(diffEdits(a, a), []);
  });
});

describe('features/code-action with the 1.35 OpenAPI', function () {
  it('fixes the fixtures the same way', function () {
    const [, load] = SCHEMAS[1];
    const index = load(this);
    for (const file of fixtureFiles()) {
      if (/^# best-practices$/m.test(fs.readFileSync(file, 'utf8'))) continue;
      checkFixture(index, file);
    }
  });
});

describe('features/code-action: Pod Security fixes on real manifests', function () {
  let index: SchemaIndex;
  before(function () {
    index = loadBundledIndex(this);
  });

  /** Applies the preferred fix ("Make this Pod restricted") of the first Pod Security finding until none is left. */
  function makeRestricted(text: string, ctx: AnalysisContext): { text: string; rounds: number } {
    let snapshot = createSnapshot('file:///m.yaml', 1, text);
    for (let round = 0; round < 50; round++) {
      const target = allDiagnostics(snapshot, ctx).find((d) => d.code === 'pod-security');
      if (target === undefined) return { text: snapshot.text, rounds: round };
      const d = fromDiagnostic(target);
      const action = codeActions(snapshot, d.range, [d], ctx, [], ['quickfix']).find((a) => a.isPreferred === true);
      assert.strictEqual(action?.title, 'Make this Pod restricted', target.message);
      snapshot = createSnapshot(snapshot.uri, round + 2, applyEdits(snapshot.text, editsOf(action, snapshot.uri)));
    }
    assert.fail(`Pod Security findings left after 50 fixes:\n${snapshot.text}`);
  }

  it('"Make this Pod restricted" leaves no Pod Security finding and adds no error, on ../shared/realworld/valid', function () {
    this.timeout(120000);
    const shared = sharedDir();
    if (shared === undefined) {
      process.stdout.write('      (skipped: ../shared is absent)\n');
      this.skip();
    }
    const dir = path.join(shared as string, 'realworld', 'valid');
    const ctx: AnalysisContext = { schema: index, rules: { kubernetesVersion: '1.35', severities: {}, bestPractices: false, podSecurity: { enforce: 'restricted' } } };
    let fixed = 0;
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const errors = (t: string): string[] => allDiagnostics(createSnapshot('file:///m.yaml', 1, t), ctx).filter((d) => d.severity === 'error' && !d.code.startsWith('pod-security')).map((d) => `${d.code} ${d.message}`);
      const result = makeRestricted(text, ctx);
      if (result.rounds > 0) fixed++;
      assert.deepStrictEqual(errors(result.text), errors(text), `${name}:\n${result.text}`);
    }
    assert.ok(fixed > 20, `${fixed} files fixed`);
  });

  it('each fix removes the violation it names', () => {
    const ctx: AnalysisContext = { schema: index, rules: { kubernetesVersion: '1.35', severities: {}, bestPractices: false, podSecurity: { enforce: 'restricted' } } };
    const text = dedent(`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        hostPID: true
        volumes:
          - name: h
            hostPath: {path: /h}
        containers:
          - name: a
            image: x:1
            volumeMounts:
              - {name: h, mountPath: /h}
            securityContext:
              privileged: true
              runAsNonRoot: false
              seccompProfile: {type: Unconfined}
              capabilities:
                add: [SYS_TIME]
    `);
    const snapshot = createSnapshot('file:///p.yaml', 1, text);
    const target = allDiagnostics(snapshot, ctx).find((d) => d.code === 'pod-security');
    assert.ok(target !== undefined);
    const d = fromDiagnostic(target);
    const actions = codeActions(snapshot, d.range, [d], ctx, [], ['quickfix']).filter((a) => !a.title.startsWith('Ignore '));
    const reasonGone: Record<string, string> = {
      'Set allowPrivilegeEscalation': 'allowPrivilegeEscalation != false',
      'Drop all capabilities': 'must set securityContext.capabilities.drop',
      'Remove the forbidden added capabilities': 'in securityContext.capabilities.add',
      'Set runAsNonRoot': 'runAsNonRoot != true',
      'Set seccompProfile': 'seccompProfile (',
      'Remove the hostPath volumes': 'restricted volume types',
      'Remove hostNetwork': 'host namespaces',
      'Remove privileged': 'privileged (',
      'Make this Pod restricted': 'PodSecurity',
    };
    assert.deepStrictEqual(actions.map((a) => Object.keys(reasonGone).find((k) => a.title.startsWith(k)) ?? a.title).sort(), Object.keys(reasonGone).sort());
    for (const action of actions) {
      const gone = Object.entries(reasonGone).find(([k]) => action.title.startsWith(k))?.[1];
      assert.ok(gone !== undefined && target.message.includes(gone), action.title);
      const after = createSnapshot('file:///p.yaml', 2, applyEdits(text, editsOf(action, snapshot.uri)));
      const left = allDiagnostics(after, ctx).filter((x) => x.code === 'pod-security').map((x) => x.message);
      assert.ok(!left.some((m) => m.includes(gone)), `${action.title}: ${left.join('\n')}`);
    }
  });
});

