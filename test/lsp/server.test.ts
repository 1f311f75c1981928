/**
 * LSP integration: the built server (`out/dist/podls.js serve --stdio`) driven by a generic JSON-RPC client.
 * Hover on every key of an example Pod, completion inside a container and at the top of a Deployment's
 * template spec, the diagnostics of issue 2 §7 at their ranges, incremental edits, custom methods.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { parseDocument, isPair, isScalar, visit } from 'yaml';
import { REPO_ROOT } from '../harness/shared';
import { SERVER_BUNDLE, startTestServer } from '../harness/stdio-client';
import type { TestServer } from '../harness/stdio-client';

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function hoverText(h: Hover | null): string {
  if (h === null) return '';
  const c = h.contents;
  return typeof c === 'string' ? c : 'value' in c ? c.value : '';
}

function items(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (result === null) return [];
  return Array.isArray(result) ? result : result.items;
}

describe('language server over stdio', function () {
  let server: TestServer;

  before(async function () {
    if (!fs.existsSync(SERVER_BUNDLE)) {
      process.stdout.write('      (skipped: out/dist/podls.js is missing; run npm run build)\n');
      this.skip();
    }
    server = await startTestServer({ settings: {}, initializationOptions: { lifecycleCodeLens: true } });
  });

  after(async () => {
    if (server !== undefined) await server.stop();
  });

  it('hovers every key of the example Pod with its kubectl explain FIELD line', async () => {
    const file = path.join(REPO_ROOT, 'examples', 'pod-init-sidecar.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const uri = 'file:///hover/pod.yaml';
    server.open(uri, text);
    const doc = parseDocument(text);
    const keys: { name: string; offset: number; mapKeyOf: boolean }[] = [];
    visit(doc, {
      Pair(_, pair, ancestors) {
        if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) return;
        const parentPair = [...ancestors].reverse().find((a) => isPair(a));
        const parentKey = parentPair !== undefined && isPair(parentPair) && isScalar(parentPair.key) ? String(parentPair.key.value) : '';
        // Keys of map-valued fields (labels, annotations, resources.limits) explain the map field.
        const mapKeyOf = ['labels', 'annotations', 'limits', 'requests', 'nodeSelector', 'matchLabels'].includes(parentKey);
        keys.push({ name: String(pair.key.value), offset: pair.key.range[0], mapKeyOf });
      },
    });
    assert.ok(keys.length > 40, `expected many keys, got ${keys.length}`);
    const missing: string[] = [];
    for (const key of keys) {
      const h = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, key.offset + 1),
      });
      const md = hoverText(h);
      if (!md.includes("KIND") || (!key.mapKeyOf && !md.includes("**FIELD**: `" + key.name + "`"))) missing.push(`${key.name}@${key.offset}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it('completes fields inside a container, required first and without present keys', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      \n';
    const uri = 'file:///completion/pod.yaml';
    server.open(uri, text);
    const result = await server.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 8, character: 6 },
    });
    const labels = items(result).map((i) => i.label);
    for (const expected of ['ports', 'imagePullPolicy', 'readinessProbe', 'resources', 'env']) assert.ok(labels.includes(expected), `missing ${expected}`);
    assert.ok(!labels.includes('image') && !labels.includes('name'), 'present keys must not be offered');
    const ports = items(result).find((i) => i.label === 'ports');
    assert.ok(ports?.textEdit !== undefined && 'newText' in ports.textEdit && ports.textEdit.newText.includes('- '), 'a list of objects opens "- "');
    const resolved = await server.connection.sendRequest<CompletionItem>('completionItem/resolve', ports);
    const docText = typeof resolved.documentation === 'object' ? resolved.documentation.value : String(resolved.documentation ?? '');
    assert.match(docText, /\*\*FIELD\*\*: `ports`/);
  });

  it('completes at the top of a Deployment template spec', async () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      \n';
    const uri = 'file:///completion/deploy.yaml';
    server.open(uri, text);
    const result = await server.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 11, character: 6 },
    });
    const sorted = [...items(result)].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.strictEqual(sorted[0]?.label, 'containers', 'the required field comes first');
    const labels = sorted.map((i) => i.label);
    for (const expected of ['initContainers', 'volumes', 'restartPolicy', 'serviceAccountName']) assert.ok(labels.includes(expected));
  });

  it('publishes the schema diagnostics at the offending ranges', async () => {
    const text = [
      'apiVersion: v1', // 0
      'kind: Pod', // 1
      'metadata:', // 2
      '  name: web', // 3
      'spec:', // 4
      '  containers:', // 5
      '    - name: app', // 6
      '      image: nginx:1.27', // 7
      '      imagee: typo', // 8  unknown-field
      '      imagePullPolicy: always', // 9  unsupported-value
      '      ports:', // 10
      '        - containerPort: "80"', // 11 invalid-type
      '          protocol: udp', // 12 unsupported-value
      '      resources:', // 13
      '        limits:', // 14
      '          cpu: 1.5x', // 15 invalid-type (Quantity)
      '    - image: busybox', // 16 required-field (name) on the item
      '  restartPolicy: Never', // 17
      '  restartPolicy: Always', // 18 duplicate-key
      '',
    ].join('\n');
    const uri = 'file:///diagnostics/pod.yaml';
    server.open(uri, text);
    const published = await server.waitForDiagnostics(uri, 1);
    const byCode = (code: string): Diagnostic[] => published.diagnostics.filter((d) => d.code === code);
    const lineOf = (d: Diagnostic | undefined): number => d?.range.start.line ?? -1;
    assert.strictEqual(lineOf(byCode('unknown-field')[0]), 8);
    assert.match(byCode('unknown-field')[0]?.message ?? '', /imagee/);
    assert.deepStrictEqual(byCode('unsupported-value').map(lineOf).sort(), [12, 9]);
    assert.match(published.diagnostics.find((d) => lineOf(d) === 12)?.message ?? '', /Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"/);
    assert.deepStrictEqual(byCode('invalid-type').map(lineOf).sort((a, b) => a - b), [11, 15]);
    assert.ok(byCode('required-field').some((d) => lineOf(d) === 16), 'missing container name');
    assert.ok(byCode('duplicate-key').some((d) => lineOf(d) === 18));
    for (const d of published.diagnostics) {
      assert.strictEqual(d.source, 'podls');
      assert.ok(typeof d.code === 'string' && d.code !== '');
    }
  });

  it('reports YAML syntax errors and tabs, and nothing on non-Kubernetes YAML', async () => {
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\nspec: [\n';
    server.open('file:///diagnostics/bad.yaml', bad);
    const published = await server.waitForDiagnostics('file:///diagnostics/bad.yaml', 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'yaml-tab-indentation' || d.code === 'yaml-syntax'));
    const workflow = 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
    server.open('file:///diagnostics/workflow.yaml', workflow);
    const quiet = await server.waitForDiagnostics('file:///diagnostics/workflow.yaml', 1);
    assert.deepStrictEqual(quiet.diagnostics, []);
    const h = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: 'file:///diagnostics/workflow.yaml' },
      position: { line: 0, character: 1 },
    });
    assert.strictEqual(h, null);
  });

  it('applies incremental edits and republishes', async () => {
    const uri = 'file:///diagnostics/edit.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n      imagePullPolicy: Always\n';
    server.open(uri, text);
    const first = await server.waitForDiagnostics(uri, 1);
    assert.deepStrictEqual(first.diagnostics.filter((d) => d.severity === 1), []);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 8, character: 23 }, end: { line: 8, character: 29 } }, text: 'Sometimes' }],
    });
    const second = await server.waitForDiagnostics(uri, 2);
    assert.ok(second.diagnostics.some((d) => d.code === 'unsupported-value' && d.range.start.line === 8));
  });

  it('answers podls/status and podls/explain', async () => {
    const status = await server.connection.sendRequest<{ kubernetesVersion: string; schemaSource: string }>('podls/status', {});
    assert.match(status.kubernetesVersion, /^1\.\d+$/);
    assert.match(status.schemaSource, /kubernetes-models/);
    const uri = 'file:///explain/pod.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
    server.open(uri, text);
    const explained = await server.connection.sendRequest<{ command: string; text: string } | null>('podls/explain', {
      uri,
      position: { line: 7, character: 8 },
    });
    assert.ok(explained !== null);
    assert.match(explained.text, /^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: image <string>/);
  });

  it('offers a Preview lifecycle code lens and answers podls/lifecycle with a Timeline', async () => {
    const uri = 'file:///lifecycle/pod.yaml';
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'pod-init-sidecar.yaml'), 'utf8');
    server.open(uri, text);
    const lenses = await server.connection.sendRequest<{ command?: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', {
      textDocument: { uri },
    });
    assert.strictEqual(lenses.length, 1);
    assert.strictEqual(lenses[0]?.command?.title, 'Preview lifecycle');
    assert.deepStrictEqual(lenses[0]?.command?.arguments, [uri, 0]);
    const answer = await server.connection.sendRequest<{ timeline: { snapshots: { phase: string }[] }; presets: { id: string }[] }>('podls/lifecycle', {
      uri,
      documentIndex: 0,
      scenario: 'all-succeed',
    });
    assert.strictEqual(answer.timeline.snapshots.at(-1)?.phase, 'Running');
    assert.ok(answer.presets.some((p) => p.id.startsWith('init-always-fails:')));
    // From the editor, a position names the document (here the second one of a two-document file).
    const twoDocs = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n${text}`;
    server.open('file:///lifecycle/two.yaml', twoDocs);
    const byPosition = await server.connection.sendRequest<{ kind?: string; error?: string }>('podls/lifecycle', {
      uri: 'file:///lifecycle/two.yaml',
      position: { line: 6, character: 0 },
    });
    assert.strictEqual(byPosition.kind, 'Pod', byPosition.error);
  });

  it('offers quick fixes for a diagnostic and a fix-all that applies them', async () => {
    const uri = 'file:///fixes/pod.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolicy: always\n';
    server.open(uri, text);
    const published = await server.waitForDiagnostics(uri, 1);
    const diagnostic = published.diagnostics.find((d) => d.code === 'unsupported-value');
    assert.ok(diagnostic !== undefined);
    const actions = await server.connection.sendRequest<{ title: string; kind?: string; edit?: { changes?: Record<string, { newText: string }[]> } }[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
    );
    const replace = actions.find((a) => a.kind === 'quickfix' && /Always/.test(a.title));
    assert.ok(replace !== undefined, actions.map((a) => a.title).join('; '));
    assert.strictEqual(replace.edit?.changes?.[uri]?.[0]?.newText, 'Always');
    // The client resolves code actions, so fix-all comes without edits and is computed on codeAction/resolve.
    const fixAll = await server.connection.sendRequest<{ title: string; kind?: string; data?: unknown; edit?: unknown }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.podls'] },
    });
    const deferred = fixAll.find((a) => a.kind === 'source.fixAll.podls');
    assert.ok(deferred !== undefined && deferred.edit === undefined);
    const resolved = await server.connection.sendRequest<{ edit?: { changes?: Record<string, { newText: string }[]> } }>('codeAction/resolve', deferred);
    assert.ok((resolved.edit?.changes?.[uri] ?? []).some((e) => e.newText.includes('Always')));
  });

  it('answers podls/select over the open documents', async () => {
    const result = await server.connection.sendRequest<{ items: { kind: string; name: string }[] } | { error: string }>('podls/select', { selector: 'app=web' });
    assert.ok('items' in result);
    const bad = await server.connection.sendRequest<{ items: unknown[] } | { error: string }>('podls/select', { selector: 'app in (' });
    assert.ok('error' in bad);
  });

  it('re-checks a Service in another file when a label it selects changes, and back', async () => {
    const svc = 'file:///labels/svc.yaml';
    const deploy = 'file:///labels/deploy.yaml';
    const deployment = (app: string): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: lab\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  template:\n    metadata:\n      labels:\n        app: ${app}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
    server.open(deploy, deployment('web'));
    server.open(svc, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: lab\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n');
    const selected = await server.waitForDiagnostics(svc, 1);
    assert.deepStrictEqual(selected.diagnostics.filter((d) => d.code === 'service-selects-nothing'), []);
    const nothing = server.diagnosticsWhere(svc, (p) => p.diagnostics.some((d) => d.code === 'service-selects-nothing'));
    // An edit inside the image string first (no cross-file change), then the label of the pod template and selector.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: deploy, version: 2 },
      contentChanges: [{ range: { start: { line: 16, character: 23 }, end: { line: 16, character: 27 } }, text: '1.28' }],
    });
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: deploy, version: 3 }, contentChanges: [{ text: deployment('api') }] });
    const after = await nothing;
    assert.ok(after.diagnostics.some((d) => d.code === 'service-selects-nothing' && d.message.includes("app=web")), JSON.stringify(after.diagnostics));
    const back = server.diagnosticsWhere(svc, (p) => !p.diagnostics.some((d) => d.code === 'service-selects-nothing'));
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: deploy, version: 4 }, contentChanges: [{ text: deployment('web') }] });
    await back;
  });

  it('republishes other open files when a file they reference appears', async () => {
    const b = 'file:///cross/b.yaml';
    server.open(b, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      envFrom:\n        - configMapRef:\n            name: cfg\n');
    const before = await server.waitForDiagnostics(b, 1);
    assert.ok(before.diagnostics.some((d) => d.code === 'missing-reference'));
    const next = server.diagnosticsWhere(b, (p) => !p.diagnostics.some((d) => d.code === 'missing-reference'));
    server.open('file:///cross/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  k: v\n');
    const after = await next;
    assert.deepStrictEqual(after.diagnostics.filter((d) => d.code === 'missing-reference'), []);
  });

  it('reports a Pod in a restricted namespace of another file with related fields; "Make this Pod restricted" clears it', async () => {
    const ns = 'file:///psa/namespace.yaml';
    const pod = 'file:///psa/pod.yaml';
    server.open(ns, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n');
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  containers:\n    - name: web # the server\n      image: nginx:1.27\n';
    server.open(pod, text);
    const published = await server.diagnosticsWhere(pod, (p) => p.diagnostics.some((d) => d.code === 'pod-security'));
    const diagnostic = published.diagnostics.find((d) => d.code === 'pod-security');
    assert.ok(diagnostic !== undefined);
    assert.match(diagnostic.message, /^pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    assert.strictEqual(diagnostic.severity, 1);
    assert.deepStrictEqual(
      diagnostic.relatedInformation?.map((r) => `${r.location.uri}:${r.location.range.start.line} ${r.message}`),
      [`${pod}:7 allowPrivilegeEscalation != false`, `${pod}:7 unrestricted capabilities`, `${pod}:7 runAsNonRoot != true`, `${pod}:7 seccompProfile`],
    );
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: ns }, position: { line: 5, character: 10 } });
    assert.match(hoverText(hover), /In the workspace: 1 of 1 Pods and pod templates in namespace "prod" violate `restricted:latest`/);
    const actions = await server.connection.sendRequest<{ title: string; isPreferred?: boolean; edit?: { changes?: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }[]>(
      'textDocument/codeAction',
      { textDocument: { uri: pod }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } },
    );
    const restricted = actions.find((a) => a.title === 'Make this Pod restricted');
    assert.ok(restricted?.isPreferred === true, actions.map((a) => a.title).join('; '));
    const edits = restricted.edit?.changes?.[pod] ?? [];
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    let fixed = text;
    for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
    assert.match(fixed, /- name: web # the server\n/);
    const cleared = server.diagnosticsWhere(pod, (p) => p.version === 2);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: pod, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await cleared;
    assert.deepStrictEqual(after.diagnostics.filter((d) => String(d.code ?? '').startsWith('pod-security')), []);
  });
});

