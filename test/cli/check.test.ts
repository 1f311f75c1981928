/**
 * `podls check` through `main(argv, io)`: exit codes, the three output formats, stdin, directories,
 * unreadable and binary files, `--rule`, suppression comments, and the examples.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../server/src/cli/main';
import type { CheckFinding } from '../../server/src/cli/check';
import { capturedIo } from '../harness/cli-io';
import { REPO_ROOT } from '../harness/shared';
import { sharedDir } from '../harness/shared';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const schemaBuilt = fs.existsSync(path.join(REPO_ROOT, 'out', 'dist', 'schema.json'));

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const io = capturedIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

function tmpFile(name: string, content: string | Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-check-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const JOB_WITHOUT_RESTART_POLICY = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: busybox:1.36\n';

describe('podls check', function () {
  before(function () {
    if (!schemaBuilt) {
      process.stdout.write('      (skipped: out/dist/schema.json is missing; run npm run build)\n');
      this.skip();
    }
  });

  it('flags the mistakes file and nothing else in examples/ (exit 1)', async () => {
    const r = await run(['check', EXAMPLES, '--output', 'json']);
    assert.strictEqual(r.code, 1);
    const findings = JSON.parse(r.out) as CheckFinding[];
    const errorsElsewhere = findings.filter((f) => f.severity === 'error' && !f.file.endsWith('mistakes.yaml'));
    assert.deepStrictEqual(errorsElsewhere, []);
    const codes = new Set(findings.filter((f) => f.file.endsWith('mistakes.yaml')).map((f) => f.code));
    for (const code of ['invalid-type', 'unsupported-value', 'unknown-field']) assert.ok(codes.has(code), `mistakes.yaml: expected ${code}, got ${[...codes].join(', ')}`);
    assert.ok(codes.size >= 8, `expected the typical mistakes to be found, got ${[...codes].join(', ')}`);
  });

  it('prints file:line:col: severity: message [rule-id] in text mode', async () => {
    const file = tmpFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolicy: sometimes\n');
    const r = await run(['check', file]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:24: error: spec\\.containers\\[0\\]\\.imagePullPolicy: Unsupported value: "sometimes": supported values: "Always", "IfNotPresent", "Never" \\[unsupported-value\\]$`, 'm'));
  });

  it('writes JSON findings with 0-based LSP ranges, field paths and error types', async () => {
    const r = await run(['check', '--output', 'json', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          protocol: udp\n');
    assert.strictEqual(r.code, 1);
    const findings = JSON.parse(r.out) as CheckFinding[];
    assert.strictEqual(findings.length, 1);
    assert.deepStrictEqual(findings[0], {
      file: '<stdin>',
      document: 0,
      range: { start: { line: 10, character: 20 }, end: { line: 10, character: 23 } },
      severity: 'error',
      code: 'unsupported-value',
      message: 'spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"',
      fieldPath: 'spec.containers[0].ports[0].protocol',
      errorType: 'NotSupported',
      object: 'Pod/p',
    });
  });

  it("gives the apiserver's fieldPath in JSON and SARIF, and places the finding where it is fixed", async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: {app: web, "my label": x}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata:',
      '      labels: {app: web, "bad key!": z}',
      '    spec:',
      '      volumes: [{name: data, emptyDir: {}}]',
      '      containers:',
      '        - name: app',
      '          volumeMounts: [{name: data, mountPath: /data, subPath: /abs}]',
      '',
    ].join('\n');
    const json = JSON.parse((await run(['check', '--output', 'json', '-'], text)).out) as CheckFinding[];
    const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));
    assert.deepStrictEqual(
      json.map((f) => [f.code, f.fieldPath, f.errorType, f.range.start.line]),
      [
        ['label-syntax', 'metadata.labels', 'Invalid', lineOf('my label')],
        ['template-metadata', 'spec.template.labels', 'Invalid', lineOf('bad key!')],
        ['container-image-required', 'spec.template.spec.containers[0].image', 'Required', lineOf('- name: app')],
        ['volume-mounts', 'spec.template.spec.containers[0].volumeMounts.subPath', 'Invalid', lineOf('subPath')],
      ],
    );
    type SarifResult = { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] };
    const sarif = JSON.parse((await run(['check', '--output', 'sarif', '-'], text)).out) as { runs: { results: SarifResult[] }[] };
    assert.deepStrictEqual(
      sarif.runs[0]?.results.map((r) => r.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName),
      json.map((f) => f.fieldPath),
    );
  });

  it('writes SARIF 2.1.0 with rule descriptors and regions', async () => {
    const file = tmpFile('job.yaml', JOB_WITHOUT_RESTART_POLICY);
    const r = await run(['check', '--output', 'sarif', file]);
    const log = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.strictEqual(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.ok(run0 !== undefined && run0.results.length > 0);
    for (const result of run0.results) {
      assert.strictEqual(run0.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
      assert.ok((result.locations[0]?.physicalLocation.region.startLine ?? 0) >= 1);
    }
  });

  it('exits 0 on a valid manifest and 2 on unreadable or binary files', async () => {
    assert.strictEqual((await run(['check', path.join(EXAMPLES, 'job.yaml')])).code, 0);
    const missing = await run(['check', path.join(os.tmpdir(), 'podls-no-such-file.yaml')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /no such file or directory/);
    const binary = await run(['check', tmpFile('blob.yaml', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))]);
    assert.strictEqual(binary.code, 2);
    assert.match(binary.err, /binary file/);
  });

  it('exits 2 on usage errors', async () => {
    assert.strictEqual((await run(['check'])).code, 2);
    assert.strictEqual((await run(['check', '--output', 'xml', 'x.yaml'])).code, 2);
    assert.strictEqual((await run(['check', '--rule', 'nonsense', 'x.yaml'])).code, 2);
    assert.strictEqual((await run(['check', '--rule', 'no-such-rule=off', 'x.yaml'])).code, 2);
    assert.strictEqual((await run(['bogus'])).code, 2);
  });

  it('honours --rule id=off and # podls-ignore comments', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      imagePullPolicy: sometimes\n';
    assert.strictEqual((await run(['check', '--rule', 'unsupported-value=off', '-'], text)).code, 0);
    assert.strictEqual((await run(['check', '--rule', 'unsupported-value=warning', '-'], text)).code, 0);
    const ignored = text.replace('      imagePullPolicy', '      # podls-ignore unsupported-value\n      imagePullPolicy');
    assert.strictEqual((await run(['check', '-'], ignored)).code, 0);
    const otherRule = text.replace('      imagePullPolicy', '      # podls-ignore unknown-field\n      imagePullPolicy');
    assert.strictEqual((await run(['check', '-'], otherRule)).code, 1);
  });

  it('rejects a Job whose template has no restartPolicy (defaulted to Always)', async () => {
    const r = await run(['check', '--output', 'json', '-'], JOB_WITHOUT_RESTART_POLICY);
    assert.strictEqual(r.code, 1);
    const findings = JSON.parse(r.out) as CheckFinding[];
    assert.ok(findings.some((f) => /restartPolicy/.test(f.message) && f.severity === 'error'));
  });

  it('reports no error on the real-world manifests the apiserver accepts', async function () {
    const shared = sharedDir();
    if (shared === undefined) {
      process.stdout.write('      (skipped: ../shared is absent)\n');
      this.skip();
    }
    const r = await run(['check', '--output', 'json', path.join(shared as string, 'realworld', 'valid')]);
    const errors = (JSON.parse(r.out) as CheckFinding[]).filter((f) => f.severity === 'error');
    assert.deepStrictEqual(
      errors.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1}: ${f.message} [${f.code}]`),
      [],
    );
  });

  it('finds the expected errors in the real-world manifests the apiserver rejects', async function () {
    const shared = sharedDir();
    if (shared === undefined) {
      process.stdout.write('      (skipped: ../shared is absent)\n');
      this.skip();
    }
    const dir = path.join(shared as string, 'realworld', 'invalid');
    const missed: string[] = [];
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const file = path.join(dir, name);
      const expects = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('# expect:'))
        .map((l) => JSON.parse(l.slice('# expect:'.length)) as { field: string; type: string });
      const r = await run(['check', '--output', 'json', file]);
      assert.strictEqual(r.code, 1, `${name}: expected exit 1`);
      const findings = JSON.parse(r.out) as CheckFinding[];
      for (const e of expects) {
        if (!findings.some((f) => f.severity === 'error' && f.errorType === e.type && (f.fieldPath === e.field || f.message.startsWith(`${e.field}:`)))) {
          missed.push(`${name}: ${e.field} ${e.type}; got ${findings.map((f) => `${f.fieldPath ?? ''} ${f.errorType ?? ''}`).join('; ')}`);
        }
      }
    }
    assert.deepStrictEqual(missed, []);
  });

  it('reports unsupported enum values with official OpenAPI documents, which carry no enum', async function () {
    const shared = sharedDir();
    if (shared === undefined) {
      process.stdout.write('      (skipped: ../shared is absent)\n');
      this.skip();
    }
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          protocol: tcp\n';
    const r = await run(['check', '-', '--output', 'json', '--openapi', path.join(shared as string, 'k8s-openapi', '1.35')], text);
    const findings = JSON.parse(r.out) as CheckFinding[];
    assert.deepStrictEqual(
      findings.map((f) => `${f.code}: ${f.message}`),
      ['unsupported-value: spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    );
  });

  describe('--pod-security', () => {
    const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';

    it('rejects keys that are not pod-security label names and values without =', async () => {
      for (const flag of ['enforcement=restricted', 'restricted', 'pod-security.kubernetes.io/enforce=restricted']) {
        const r = await run(['check', '--pod-security', flag, '-'], POD);
        assert.strictEqual(r.code, 2, flag);
        assert.match(r.err, /--pod-security/);
      }
    });

    it('warns about an invalid level or version and applies it as the apiserver applies such a label', async () => {
      const r = await run(['check', '--pod-security', 'enforce=Restricted', '--pod-security', 'enforce-version=1.30', '-'], POD);
      assert.match(r.err, /podls: warning: --pod-security enforce: "Restricted" must be one of privileged, baseline, restricted;/);
      assert.match(r.err, /podls: warning: --pod-security enforce-version: "1.30" must be "latest" or "v1.x";/);
      assert.match(r.out, /pods "web" is forbidden: violates PodSecurity "restricted:latest": host namespaces \(hostPID=true\), privileged/);
    });

    it('JSON gives the object and every offending field; SARIF gives related locations', async () => {
      const r = await run(['check', '--output', 'json', '--pod-security', 'enforce=baseline', '--pod-security', 'enforce-version=v1.30', '-'], POD);
      assert.strictEqual(r.code, 1);
      const finding = (JSON.parse(r.out) as CheckFinding[]).find((f) => f.code === 'pod-security');
      assert.deepStrictEqual(finding, {
        file: '<stdin>',
        document: 0,
        range: { start: { line: 5, character: 11 }, end: { line: 5, character: 15 } },
        severity: 'error',
        code: 'pod-security',
        message: 'pods "web" is forbidden: violates PodSecurity "baseline:v1.30": host namespaces (hostPID=true), privileged (container "app" must not set securityContext.privileged=true)',
        fieldPath: 'spec.hostPID',
        errorType: 'Forbidden',
        object: 'Pod/web',
        related: [
          { range: { start: { line: 5, character: 11 }, end: { line: 5, character: 15 } }, message: 'host namespaces' },
          { range: { start: { line: 10, character: 20 }, end: { line: 10, character: 24 } }, message: 'privileged' },
        ],
      });
      const sarif = await run(['check', '--output', 'sarif', '--pod-security', 'enforce=baseline', '-'], POD);
      const log = JSON.parse(sarif.out) as { runs: { results: { ruleId: string; relatedLocations?: { id: number; message: { text: string }; physicalLocation: { region: { startLine: number } } }[] }[] }[] };
      const result = log.runs[0]?.results.find((x) => x.ruleId === 'pod-security');
      assert.deepStrictEqual(
        result?.relatedLocations?.map((l) => `${l.id} ${l.physicalLocation.region.startLine} ${l.message.text}`),
        ['0 6 host namespaces', '1 11 privileged'],
      );
    });

    it('no policy: nothing is reported', async () => {
      const r = await run(['check', '--output', 'json', '-'], POD);
      assert.ok(!(JSON.parse(r.out) as CheckFinding[]).some((f) => f.code.startsWith('pod-security')));
    });

    it('runs on the real-world and external manifests with a policy and with a labelled Namespace, and changes nothing else', async function () {
      this.timeout(300000);
      const shared = sharedDir();
      if (shared === undefined) {
        process.stdout.write('      (skipped: ../shared is absent)\n');
        this.skip();
      }
      const dirs = [path.join(shared as string, 'realworld', 'valid'), path.join(shared as string, 'external', 'valid')];
      const others = (findings: readonly CheckFinding[]): string[] =>
        findings.filter((f) => !f.code.startsWith('pod-security')).map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.code} ${f.message}`);
      const plain = JSON.parse((await run(['check', '--output', 'json', ...dirs])).out) as CheckFinding[];
      assert.ok(!plain.some((f) => f.code.startsWith('pod-security')), 'no policy, no Pod Security findings');
      const policy = await run(['check', '--output', 'json', '--pod-security', 'enforce=restricted', ...dirs]);
      const withPolicy = JSON.parse(policy.out) as CheckFinding[];
      assert.deepStrictEqual(others(withPolicy), others(plain));
      const ps = withPolicy.filter((f) => f.code === 'pod-security');
      assert.ok(ps.length > 100, `${ps.length} Pod Security findings`);
      for (const f of ps) {
        assert.match(f.message, /^(pods "[^"]*" is forbidden: violates|would violate) PodSecurity "restricted:latest": /, f.message);
        assert.ok(f.object !== undefined && f.related !== undefined && f.related.length > 0, `${f.file}: object and related fields`);
        assert.strictEqual(f.severity, f.message.startsWith('pods') ? 'error' : 'warning');
      }
      // The same policy from a labelled Namespace object: objects without a namespace are in "default".
      const ns = tmpFile('namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n');
      const labelled = JSON.parse((await run(['check', '--output', 'json', ns, ...dirs])).out) as CheckFinding[];
      assert.deepStrictEqual(others(labelled), others(plain));
      const inDefault = labelled.filter((f) => f.code === 'pod-security');
      assert.ok(inDefault.length > 0 && inDefault.length <= ps.length);
      for (const f of inDefault) assert.ok(ps.some((p) => p.file === f.file && p.message === f.message && p.range.start.line === f.range.start.line), `${f.file}: ${f.message}`);
    });
  });
});

