/**
 * Hover and completion on a Namespace's `pod-security.kubernetes.io/*` labels (features/pod-security-labels.ts):
 * the mode, the level, the checks at the version in force, the count of violating objects; label names and values.
 */
import * as assert from 'assert';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { AnalysisContext } from '../../server/src/features/diagnostics';
import { podSecurityLabelCompletions, podSecurityLabelHover } from '../../server/src/features/pod-security-labels';
import type { SchemaIndex } from '../../server/src/schema/lookup';
import { parseMarkers } from '../harness/fixture';
import { dedent, loadBundledIndex } from './fixtures';

const NS = (labels: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n${labels}`;
const POD = (name: string, extra = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: prod\nspec:\n${extra}  containers:\n    - name: app\n      image: nginx:1.27\n`;
const RESTRICTED_POD = POD(
  'good',
  '  securityContext:\n    runAsNonRoot: true\n    seccompProfile: {type: RuntimeDefault}\n',
).replace('image: nginx:1.27\n', 'image: nginx:1.27\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n');

describe('features/pod-security-labels', function () {
  let ctx: AnalysisContext;
  before(function () {
    const index: SchemaIndex = loadBundledIndex(this);
    ctx = { schema: index, rules: { kubernetesVersion: '1.35', severities: {}, bestPractices: false } };
  });

  function hoverAt(source: string, others: readonly string[] = []): string | undefined {
    const { text, cursor } = parseMarkers(source);
    const snapshot = createSnapshot('file:///ns.yaml', 1, text);
    const workspace = [snapshot, ...others.map((t, i) => createSnapshot(`file:///o${i}.yaml`, 1, t))];
    return podSecurityLabelHover(() => workspace, snapshot, cursor, ctx)?.markdown;
  }

  it('explains the mode and the level, lists the checks in force and counts violating objects across files', () => {
    const md = hoverAt(NS('    pod-security.kubernetes.io/enf<|>orce: restricted\n'), [`${POD('bad')}---\n${RESTRICTED_POD}`]);
    assert.ok(md !== undefined);
    assert.match(md, /^\*\*Pod Security admission: `enforce`\*\*: a Pod that violates the level is rejected/);
    assert.match(md, /Policy in force: `restricted:latest` \(on Kubernetes 1\.35, `latest` is v1\.35\)/);
    assert.match(md, /Checks at v1\.35:\n- `appArmorProfile`/);
    assert.match(md, /- `procMount_restricted`/);
    assert.doesNotMatch(md, /`hostPathVolumes`/, 'overridden at restricted');
    assert.match(md, /In the workspace: 1 of 2 Pods and pod templates in namespace "prod" violate `restricted:latest`\./);
  });

  it('on a version label, the version pins the checks', () => {
    const md = hoverAt(NS('    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.3<|>3\n'));
    assert.ok(md !== undefined);
    assert.match(md, /Policy in force: `baseline:v1\.33`\./);
    assert.match(md, /Checks at v1\.33:/);
    assert.doesNotMatch(md, /hostProbesAndHostLifecycle/, 'added in v1.34');
  });

  it('warn follows enforce; an invalid value shows the apiserver error', () => {
    const md = hoverAt(NS('    pod-security.kubernetes.io/enforce: Restricted\n    pod-security.kubernetes.io/wa<|>rn-version: latest\n'));
    assert.ok(md !== undefined);
    assert.match(md, /Policy in force: `privileged:latest`/, 'an invalid enforce level does not make warn follow');
    const bad = hoverAt(NS('    pod-security.kubernetes.io/enforce: Restr<|>icted\n'));
    assert.match(bad ?? '', /Invalid: `metadata\.labels\[pod-security\.kubernetes\.io\/enforce\]: Invalid value: "Restricted": must be one of privileged, baseline, restricted`/);
    assert.match(bad ?? '', /Policy in force: `restricted:latest`/);
  });

  it('nothing on other labels, or on pod-security labels of a Pod (they select no policy)', () => {
    assert.strictEqual(hoverAt(NS('    te<|>am: a\n')), undefined);
    assert.strictEqual(hoverAt(POD('p').replace('  namespace: prod\n', '  namespace: prod\n  labels:\n    pod-security.kubernetes.io/enf<|>orce: restricted\n')), undefined);
  });

  function completionsAt(source: string): string[] {
    const { text, cursor } = parseMarkers(dedent(source));
    return podSecurityLabelCompletions(createSnapshot('file:///ns.yaml', 1, text), cursor, ctx).map((c) => `${c.label} -> ${JSON.stringify(c.insertText)}`);
  }

  it('completes the label names not present yet', () => {
    assert.deepStrictEqual(completionsAt(NS('    pod-security.kubernetes.io/enforce: baseline\n    pod<|>\n')), [
      'pod-security.kubernetes.io/enforce-version -> "pod-security.kubernetes.io/enforce-version: "',
      'pod-security.kubernetes.io/audit -> "pod-security.kubernetes.io/audit: "',
      'pod-security.kubernetes.io/audit-version -> "pod-security.kubernetes.io/audit-version: "',
      'pod-security.kubernetes.io/warn -> "pod-security.kubernetes.io/warn: "',
      'pod-security.kubernetes.io/warn-version -> "pod-security.kubernetes.io/warn-version: "',
    ]);
    assert.deepStrictEqual(completionsAt(POD('p').replace('  namespace: prod\n', '  namespace: prod\n  labels:\n    pod<|>\n')), []);
  });

  it('completes levels and versions', () => {
    assert.deepStrictEqual(completionsAt(NS('    pod-security.kubernetes.io/warn: <|>\n')), ['privileged -> "privileged"', 'baseline -> "baseline"', 'restricted -> "restricted"']);
    const versions = completionsAt(NS('    pod-security.kubernetes.io/warn-version: v1<|>\n'));
    assert.deepStrictEqual(versions.slice(0, 3), ['latest -> "latest"', 'v1.35 -> "v1.35"', 'v1.34 -> "v1.34"']);
    assert.strictEqual(versions[versions.length - 1], 'v1.22 -> "v1.22"');
  });
});
