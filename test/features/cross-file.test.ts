/**
 * features/cross-file.ts: the work one keystroke costs on the server's path (`updateSnapshot`, `diagnose` with the
 * per-document cache, `runCrossFile` with its session), counted, not timed: in a 200-document file, an edit inside one
 * document analyses that document, builds its facts and walks it for the navigation index, and runs no cross-file
 * rule unless it changed what those rules read (a label, a selector, a name); the findings stay those of a fresh run.
 */
import * as assert from 'assert';
import { createSnapshot, updateSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import { createCrossFileSession, crossFactsBuilder, crossFileFindings, crossKeyOf, runCrossFile, runCrossFileSteps, snapshotCrossFacts } from '../../server/src/features/cross-file';
import type { CrossFileResult, CrossFileSession } from '../../server/src/features/cross-file';
import { createDiagnosticsCache, diagnose } from '../../server/src/features/diagnostics';
import type { AnalysisContext, DiagnosticsCache } from '../../server/src/features/diagnostics';
import { DEFAULT_ROLE, EMPTY_LAYOUT } from '../../server/src/features/kustomize';
import { createNavigationCache } from '../../server/src/features/navigation/workspace-index';
import type { WorkspaceFinding } from '../../server/src/rules/rule';
import { analysisContext, loadSchemaIndex } from '../../server/src/workspace/context';
import { DEFAULT_SETTINGS } from '../../server/src/workspace/settings';
import type { Steps } from '../../server/src/util/steps';

/** Document i of the file: a Deployment (its Service selects it, except every tenth, whose Service selects nothing) and a ConfigMap reference. */
function documentText(i: number, app = `app-${i}`, image = `nginx:1.${i}`): string {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: web-${i}`,
    'spec:',
    '  selector:',
    '    matchLabels:',
    `      app: ${app}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${app}`,
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${image}`,
    '          envFrom:',
    '            - configMapRef:',
    `                name: config-${i % 3 === 0 ? 'missing' : 'present'}`,
  ].join('\n');
  if (i % 2 === 0) return `${deployment}\n`;
  const target = i % 10 === 1 ? `nobody-${i}` : `app-${i}`;
  return `${deployment}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\nspec:\n  selector:\n    app: ${target}\n  ports:\n    - port: 80\n`;
}

const HEADER = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-present\ndata:\n  key: value\n---\n';

function fileText(docs: readonly string[]): string {
  return HEADER + docs.join('---\n');
}

interface Counts {
  readonly analysed: number;
  readonly factsBuilt: number;
  readonly walked: number;
  readonly documentsReplaced: number;
  readonly documentsChecked: number;
  readonly objectsChecked: number;
}

/** The server's publish path for one file of a one-file workspace, with counters before/after. */
class Server {
  readonly diagnostics: DiagnosticsCache;
  readonly session: CrossFileSession;
  snapshot: Snapshot;
  last: CrossFileResult | undefined;

  constructor(
    readonly ctx: AnalysisContext,
    text: string,
  ) {
    this.diagnostics = createDiagnosticsCache(ctx);
    this.session = createCrossFileSession(createNavigationCache());
    this.snapshot = createSnapshot('file:///w/all.yaml', 1, text);
    this.publish();
  }

  publish(): Counts {
    const before = { analysed: this.diagnostics.analysed, built: this.session.facts.built, walked: this.session.navigation.collected };
    diagnose(this.snapshot, this.ctx, this.diagnostics);
    this.last = runCrossFile(this.session, [this.snapshot], this.ctx, { roleOf: () => DEFAULT_ROLE, generated: EMPTY_LAYOUT.generated }, new Set([this.snapshot.uri]));
    return {
      analysed: this.diagnostics.analysed - before.analysed,
      factsBuilt: this.session.facts.built - before.built,
      walked: this.session.navigation.collected - before.walked,
      documentsReplaced: this.last.stats.documentsReplaced,
      documentsChecked: this.last.stats.documentsChecked,
      objectsChecked: this.last.stats.objectsChecked,
    };
  }

  edit(text: string): Counts {
    this.snapshot = updateSnapshot(this.snapshot, text, this.snapshot.version + 1);
    return this.publish();
  }
}

function render(result: CrossFileResult, uri: string): string[] {
  const found = result.byUri.get(uri);
  const workspace = (found?.workspace ?? []).map((f: WorkspaceFinding) => `${f.documentIndex} ${f.ruleId} ${f.message}`);
  const missing = (found?.missing ?? []).map((m) => `${m.range.start}-${m.range.end} ${m.code} ${m.message}`);
  return [...workspace, ...missing].sort();
}

/** What a fresh run over the same snapshot finds (no memo, no caches). */
function fresh(ctx: AnalysisContext, snapshot: Snapshot): string[] {
  return render(crossFileFindings([snapshotCrossFacts(snapshot)], ctx), snapshot.uri);
}

describe('cross-file work per keystroke (counters)', () => {
  let ctx: AnalysisContext;
  before(() => {
    ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, DEFAULT_SETTINGS);
  });

  const N = 150; // 150 entries, 75 with a Service: 1 + 150 + 75 = 226 YAML documents.
  const docs = (): string[] => Array.from({ length: N }, (_, i) => documentText(i));

  it('opens the file once: every document analysed, built and walked, the unit checked', () => {
    const server = new Server(ctx, fileText(docs()));
    const documents = server.snapshot.documents.length;
    assert.ok(documents > 200, `${documents} documents`);
    assert.strictEqual(server.diagnostics.analysed, documents);
    assert.strictEqual(server.session.facts.built, documents);
    assert.strictEqual(server.session.navigation.collected, documents);
    assert.strictEqual(server.last?.stats.unitsChecked, 1);
    assert.strictEqual(server.last?.stats.documentsChecked, documents);
    const found = render(server.last, server.snapshot.uri);
    assert.ok(found.some((f) => f.includes('service-selects-nothing')), 'a Service selects nothing');
    assert.ok(found.some((f) => f.includes('configmap "config-missing" not found')), 'a ConfigMap is missing');
  });

  it('an edit inside an image string re-analyses one document and runs no cross-file rule', () => {
    const server = new Server(ctx, fileText(docs()));
    const before = render(server.last as CrossFileResult, server.snapshot.uri);
    const edited = docs();
    edited[40] = documentText(40, 'app-40', 'registry.example.com/team/nginx:1.40-longer');
    const counts = server.edit(fileText(edited));
    assert.deepStrictEqual(counts, { analysed: 1, factsBuilt: 1, walked: 1, documentsReplaced: 0, documentsChecked: 0, objectsChecked: 0 });
    const after = render(server.last as CrossFileResult, server.snapshot.uri);
    assert.deepStrictEqual(after, fresh(ctx, server.snapshot));
    // The missing references after the edit moved with the text; the workspace findings are the same.
    assert.deepStrictEqual(
      after.filter((f) => !f.includes('missing-reference')),
      before.filter((f) => !f.includes('missing-reference')),
    );
  });

  it('an edit of a label re-analyses one document and runs the rules again, with the findings of a fresh run', () => {
    const server = new Server(ctx, fileText(docs()));
    const edited = docs();
    // Entry 43's Service selects app-43; its Deployment now carries other labels, so the Service selects nothing.
    edited[43] = documentText(43, 'renamed-43');
    const counts = server.edit(fileText(edited));
    assert.strictEqual(counts.analysed, 1);
    assert.strictEqual(counts.factsBuilt, 1);
    assert.strictEqual(counts.walked, 1);
    // The Deployment's document (old and new) and the Service that selected its old labels; the rules read those
    // two documents' objects and the pods the Service's selector matches (none now).
    assert.strictEqual(counts.documentsReplaced, 2);
    assert.strictEqual(counts.documentsChecked, 2);
    assert.strictEqual(counts.objectsChecked, 2);
    const after = render(server.last as CrossFileResult, server.snapshot.uri);
    assert.deepStrictEqual(after, fresh(ctx, server.snapshot));
    assert.ok(after.some((f) => f.includes('service-selects-nothing') && f.includes('app=app-43')), after.join('\n'));
  });

  it('a new document before others moves their facts without building them again', () => {
    const server = new Server(ctx, fileText(docs()));
    const counts = server.edit(fileText([documentText(998), ...docs()]));
    assert.strictEqual(counts.analysed, 1, 'the inserted document');
    assert.strictEqual(counts.factsBuilt, 1);
    assert.strictEqual(counts.walked, 1);
    assert.ok(server.session.navigation.rebased > 200, `${server.session.navigation.rebased} fragments moved`);
    // Every later document changed its index: replaced in the index (cheaply, from its cached facts).
    assert.ok(counts.documentsReplaced > 200, `${counts.documentsReplaced}`);
    assert.deepStrictEqual(render(server.last as CrossFileResult, server.snapshot.uri), fresh(ctx, server.snapshot));
  });

  it('builds the facts of a file a few documents at a time, with the same result as at once', () => {
    const snapshot = createSnapshot('file:///w/steps.yaml', 1, fileText(docs()));
    const builder = crossFactsBuilder(snapshot);
    let facts;
    let turns = 0;
    while ((facts = builder.step(40)) === undefined) turns++;
    assert.ok(turns >= 5, `${turns} turns`);
    assert.deepStrictEqual(facts, snapshotCrossFacts(snapshot));
    assert.strictEqual(builder.step(40), facts, 'finished: the same facts again');
  });

  it('keys ignore container fields no cross-file rule reads, and not the others', () => {
    const object = (container: Record<string, unknown>, labels: Record<string, string> = { app: 'a' }): string =>
      crossKeyOf([{ kind: 'Deployment', apiVersion: 'apps/v1', basePath: [], object: { metadata: { name: 'd', labels }, spec: { template: { metadata: { labels }, spec: { containers: [container] } } } } }]);
    const base = object({ name: 'c', image: 'a:1', env: [{ name: 'X', value: '1' }], resources: { limits: { cpu: '1' } } });
    assert.strictEqual(object({ name: 'c', image: 'b:2', env: [{ name: 'X', value: '2' }], resources: {} }), base);
    assert.notStrictEqual(object({ name: 'c', image: 'a:1', securityContext: { privileged: true } }), object({ name: 'c', image: 'a:1' }));
    assert.notStrictEqual(object({ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }), object({ name: 'c', ports: [{ containerPort: 80 }] }));
    assert.notStrictEqual(object({ name: 'c' }, { app: 'b' }), object({ name: 'c' }));
    // What the selector rules read beside the pod spec: the template's labels alone, the selector, a CronJob's job
    // template (a key without them let an edit of template labels keep the old labels in the index).
    const deployment = (templateLabels: Record<string, string>, selector: Record<string, string> = { app: 'a' }): string =>
      crossKeyOf([
        {
          kind: 'Deployment',
          apiVersion: 'apps/v1',
          basePath: [],
          object: { metadata: { name: 'd' }, spec: { selector: { matchLabels: selector }, template: { metadata: { labels: templateLabels }, spec: { containers: [{ name: 'c' }] } } } },
        },
      ]);
    assert.notStrictEqual(deployment({ app: 'b' }), deployment({ app: 'a' }));
    assert.notStrictEqual(deployment({ app: 'a' }, { app: 'b' }), deployment({ app: 'a' }));
    const cronJob = (labels: Record<string, string>, image: string): string =>
      crossKeyOf([
        {
          kind: 'CronJob',
          apiVersion: 'batch/v1',
          basePath: [],
          object: { metadata: { name: 'j' }, spec: { schedule: '* * * * *', jobTemplate: { metadata: { labels }, spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'c', image }] } } } } } },
        },
      ]);
    assert.notStrictEqual(cronJob({ app: 'b' }, 'x:1'), cronJob({ app: 'a' }, 'x:1'));
    assert.strictEqual(cronJob({ app: 'a' }, 'x:2'), cronJob({ app: 'a' }, 'x:1'));
  });
});

/** A deterministic pseudo-random sequence (mulberry32), so that a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random manifest among those the cross-file rules read: workloads, Pods, Services, Namespaces, ConfigMaps. */
function randomDocument(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const app = pick(['a', 'b', 'c']);
  const ns = pick(['', 'namespace: shop', 'namespace: default']);
  const name = pick(['one', 'two', 'three']);
  const privileged = pick(['', '\n          securityContext:\n            privileged: true', '\n          securityContext:\n            allowPrivilegeEscalation: false']);
  const config = pick(['cfg-1', 'cfg-2']);
  const container = `      containers:\n        - name: c\n          image: img:${Math.floor(next() * 3)}${privileged}\n          envFrom:\n            - configMapRef:\n                name: ${config}\n`;
  switch (pick(['deployment', 'deployment', 'pod', 'service', 'service', 'namespace', 'configmap', 'list'])) {
    case 'deployment':
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${pick([app, 'a'])}\n    spec:\n${container}`;
    case 'pod':
      return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  ${ns}\n  labels:\n    app: ${app}\nspec:\n${container.replace(/^ {4}/gm, '')}`;
    case 'service':
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  ${ns}\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n`;
    case 'namespace':
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${pick(['shop', 'default'])}\n  labels:\n    pod-security.kubernetes.io/enforce: ${pick(['baseline', 'restricted', 'privileged', 'nonsense'])}\n`;
    case 'configmap':
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${config}\n  ${ns}\ndata:\n  k: v\n`;
    default:
      return `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: listed-${name}\n    spec:\n      selector:\n        app: ${app}\n`;
  }
}

describe('cross-file index: incremental runs find what a fresh run finds', () => {
  let ctx: AnalysisContext;
  before(() => {
    ctx = analysisContext(loadSchemaIndex(DEFAULT_SETTINGS).index, { ...DEFAULT_SETTINGS, missingReferences: 'warning' });
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: 120 random edits over four files, one of them in two deployment units, runs in steps given up or overtaken`, () => {
      const next = random(seed);
      const uris = ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/c.yaml', 'file:///w/base.yaml'];
      const twoUnits = { units: ['overlay-1', 'overlay-2'] };
      const layout = { roleOf: (uri: string) => (uri.endsWith('base.yaml') ? twoUnits : DEFAULT_ROLE), generated: EMPTY_LAYOUT.generated };
      const texts = new Map<string, string[]>(uris.map((u) => [u, Array.from({ length: 1 + Math.floor(next() * 5) }, () => randomDocument(next))]));
      // A file the edits never touch, so that most edits reach less than half the documents (the incremental path).
      const filler = Array.from({ length: 30 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler-${i}\n  namespace: elsewhere\n`).join('---\n');
      const snapshots = new Map<string, Snapshot>([['file:///w/filler.yaml', createSnapshot('file:///w/filler.yaml', 0, filler)]]);
      const session = createCrossFileSession(createNavigationCache());
      let version = 0;
      for (let step = 0; step < 120; step++) {
        const uri = uris[Math.floor(next() * uris.length)] ?? '';
        const docsOf = texts.get(uri) ?? [];
        const action = next();
        if (action < 0.5 && docsOf.length > 0) docsOf[Math.floor(next() * docsOf.length)] = randomDocument(next);
        else if (action < 0.7) docsOf.splice(Math.floor(next() * (docsOf.length + 1)), 0, randomDocument(next));
        else if (action < 0.85 && docsOf.length > 0) docsOf.splice(Math.floor(next() * docsOf.length), 1);
        else if (action < 0.93) texts.delete(uri);
        else texts.set(uri, [randomDocument(next)]);
        if (!texts.has(uri) && action >= 0.93) texts.set(uri, docsOf);
        version++;
        const text = texts.get(uri)?.join('---\n');
        const prev = snapshots.get(uri);
        if (text === undefined) snapshots.delete(uri);
        else snapshots.set(uri, prev === undefined ? createSnapshot(uri, version, text) : updateSnapshot(prev, text, version));
        const workspace = [...snapshots.values()];
        // As the server's staged publish: a run in steps of one document or rule, stopped after a few steps and then
        // either given up (a newer version came) or overtaken by a whole run (another file's publish) and resumed.
        const roll = next();
        let inflight: { steps: Steps<CrossFileResult>; result?: CrossFileResult } | undefined;
        if (roll < 0.6) {
          inflight = { steps: runCrossFileSteps(session, workspace, ctx, layout, undefined, 1) };
          for (let k = Math.floor(next() * 40); k > 0 && inflight.result === undefined; k--) {
            const r = inflight.steps.next();
            if (r.done === true) inflight.result = r.value;
          }
          if (roll < 0.3) inflight = undefined;
        }
        const incremental = runCrossFile(session, workspace, ctx, layout);
        const fresh = crossFileFindings(
          workspace.map((s) => snapshotCrossFacts(s, layout.roleOf(s.uri))),
          ctx,
          layout.generated,
        );
        for (const s of workspace) {
          assert.deepStrictEqual(render(incremental, s.uri), render(fresh, s.uri), `seed ${seed}, step ${step}, ${s.uri}:\n${s.text}`);
        }
        if (inflight !== undefined) {
          let resumed = inflight.result;
          for (let r = inflight.steps.next(); resumed === undefined; r = inflight.steps.next()) if (r.done === true) resumed = r.value;
          for (const s of workspace) assert.deepStrictEqual(render(resumed, s.uri), render(fresh, s.uri), `resumed run: seed ${seed}, step ${step}, ${s.uri}`);
        }
      }
    });
  }
});
