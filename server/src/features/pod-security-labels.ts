/**
 * Hover and completion on the Pod Security admission labels of a Namespace (`pod-security.kubernetes.io/enforce`,
 * `-version`, `audit`, `warn`, ...; ../shared/pod-security-standards.md §0): what the mode and the level mean, the
 * checks the level runs at its version on the target release, and how many Pods and pod templates of the workspace
 * in that namespace violate it. Only Namespace objects select a policy (L2), so only their labels get this.
 */
import { segmentKey } from '../document/field-path';
import { locate } from '../document/locate';
import type { Locus } from '../document/locate';
import type { Snapshot } from '../document/snapshot';
import { targetVersion } from '../rules/engine';
import { objAt, strAt } from '../rules/json';
import { activeChecks, apiserverMinor, effectiveVersion, evaluatePod, newestPolicyVersion, objectName, psaPodOf } from '../rules/pod-security/evaluate';
import { formatLevelVersion, LABEL_PREFIX, LEVELS, podSecurityLabels, POLICY_KEYS, resolvePolicy } from '../rules/pod-security/policy';
import type { Level, LevelVersion, Mode } from '../rules/pod-security/policy';
import type { CompletionCandidate } from './completion';
import type { AnalysisContext } from './diagnostics';
import { workspaceObjectsOf } from './cross-file';
import type { HoverInfo } from './hover';

/** What each mode does with a violation (L9, E3, E4), in podls's words. */
const MODE_TEXT: Readonly<Record<Mode, string>> = {
  enforce: 'a Pod that violates the level is rejected when it is created (or its images change); workloads are created, but the Pods their controllers make are rejected',
  warn: '`kubectl apply` prints a warning for a Pod or workload that violates the level; the object is created',
  audit: 'a violation is recorded in the audit log only; the client sees nothing',
};

/** What each level allows, in podls's words. */
const LEVEL_TEXT: Readonly<Record<Level, string>> = {
  privileged: 'no restrictions: nothing is checked',
  baseline: 'blocks known privilege escalations: host namespaces, hostPath volumes and host ports, privileged containers, added capabilities beyond the default set, unsafe sysctls, AppArmor/SELinux/seccomp opt-outs',
  restricted: 'baseline plus hardening: no privilege escalation, all capabilities dropped, non-root, a seccomp profile, only ephemeral and projected volume types',
};

/** One line per check ID: what it requires. */
const CHECK_TEXT: Readonly<Record<string, string>> = {
  appArmorProfile: 'AppArmor profile RuntimeDefault or Localhost (fields and annotations)',
  capabilities_baseline: 'added capabilities within the default set',
  hostNamespaces: 'no hostNetwork, hostPID, hostIPC',
  hostPathVolumes: 'no hostPath volumes',
  hostPorts: 'no hostPort',
  hostProbesAndHostLifecycle: 'no host in probes and lifecycle hooks',
  privileged: 'no privileged containers',
  procMount: 'procMount Default',
  seLinuxOptions: 'SELinux type among the container types, no user or role',
  seccompProfile_baseline: 'no Unconfined seccomp profile',
  sysctls: 'only the safe sysctls',
  windowsHostProcess: 'no Windows hostProcess',
  allowPrivilegeEscalation: 'allowPrivilegeEscalation: false in every container',
  capabilities_restricted: 'capabilities.drop ALL; add at most NET_BIND_SERVICE',
  procMount_restricted: 'procMount Default, even in a user namespace',
  restrictedVolumes: 'only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret, image volumes',
  runAsNonRoot: 'runAsNonRoot: true (pod or every container)',
  runAsUser: 'no runAsUser: 0',
  seccompProfile_restricted: 'seccomp profile RuntimeDefault or Localhost for every container',
};

/** The pod-security label under the cursor of a Namespace's `metadata.labels`: its name without prefix. */
function labelAt(snapshot: Snapshot, locus: Locus): string | undefined {
  const doc = snapshot.documents[locus.documentIndex];
  if (doc === undefined) return undefined;
  const kind = locus.item === undefined ? doc.kind : doc.items?.[locus.item]?.kind;
  if (kind !== 'Namespace') return undefined;
  const p = locus.objectPath;
  if (p.length !== 3 || p[0] !== 'metadata' || p[1] !== 'labels' || p[2] === undefined) return undefined;
  const key = String(segmentKey(p[2]));
  return key.startsWith(LABEL_PREFIX) && POLICY_KEYS.includes(key.slice(LABEL_PREFIX.length)) ? key.slice(LABEL_PREFIX.length) : undefined;
}

function namespaceObjectAt(snapshot: Snapshot, locus: Locus): unknown {
  const doc = snapshot.documents[locus.documentIndex];
  return locus.item === undefined ? doc?.value : doc?.items?.[locus.item]?.value;
}

/** How many Pods and pod templates of the workspace in namespace `name` there are, and how many violate `lv`. */
function violations(workspace: readonly Snapshot[], name: string, lv: LevelVersion, apiserver: number): { total: number; violating: number } {
  let total = 0;
  let violating = 0;
  for (const s of workspace) {
    for (const object of workspaceObjectsOf(s)) {
      if ((strAt(objAt(object.object, 'metadata'), 'namespace') ?? 'default') !== name) continue;
      const pod = psaPodOf(object, apiserver);
      if (pod === undefined) continue;
      total++;
      if (evaluatePod(pod, lv).length > 0) violating++;
    }
  }
  return { total, violating };
}

/**
 * The hover on a pod-security label (key or value) of a Namespace at `offset` of `snapshot`, or undefined. `workspace`
 * gives every file of the workspace (`snapshot` replaces the one with its URI); it is called only on such a label, so
 * a hover elsewhere reads the cursor's document alone. Range: the key or value hovered. `locus`: what
 * `locate(snapshot, offset)` found, when the caller has it already.
 */
export function podSecurityLabelHover(
  workspace: () => readonly Snapshot[],
  snapshot: Snapshot,
  offset: number,
  ctx: AnalysisContext,
  locus: Locus | undefined = locate(snapshot, offset),
): HoverInfo | undefined {
  if (locus === undefined || (locus.role !== 'key' && locus.role !== 'value')) return undefined;
  const label = labelAt(snapshot, locus);
  const range = locus.role === 'key' ? locus.keyRange : (locus.valueRange ?? locus.keyRange);
  if (label === undefined || range === undefined || offset < range.start || offset > range.end) return undefined;
  const namespace = namespaceObjectAt(snapshot, locus);
  const name = objectName(namespace);
  const version = targetVersion(ctx.rules);
  const apiserver = apiserverMinor(version);
  const labels = podSecurityLabels(objAt(objAt(namespace, 'metadata'), 'labels')) ?? {};
  const { policy, errors } = resolvePolicy(labels, version);
  const mode = label.replace(/-version$/, '') as Mode;
  const lv = policy[mode];
  const lines: string[] = [`**Pod Security admission: \`${mode}\`**: ${MODE_TEXT[mode]}.`, ''];
  const error = errors.find((e) => e.key === label);
  if (error !== undefined) lines.push(`Invalid: \`${error.message}\``, '');
  const used = effectiveVersion(lv, apiserver);
  lines.push(`Policy in force: \`${formatLevelVersion(lv)}\`${lv.version.latest ? ` (on Kubernetes ${version.major}.${version.minor}, \`latest\` is v1.${newestPolicyVersion(apiserver)})` : ''}.`);
  lines.push('', `**${lv.level}**: ${LEVEL_TEXT[lv.level]}.`);
  const checks = activeChecks(lv.level, used, apiserver);
  if (checks.length > 0) {
    lines.push('', `Checks at v1.${used}:`, ...checks.map((c) => `- \`${c.check.id}\`: ${CHECK_TEXT[c.check.id] ?? ''}`));
    if (mode !== 'audit' && name !== '') {
      const files = workspace();
      const found = violations(files.some((s) => s.uri === snapshot.uri) ? files.map((s) => (s.uri === snapshot.uri ? snapshot : s)) : [...files, snapshot], name, lv, apiserver);
      lines.push('', `In the workspace: ${found.violating} of ${found.total} Pods and pod templates in namespace "${name}" violate \`${formatLevelVersion(lv)}\`.`);
    }
  }
  return { markdown: lines.join('\n'), range };
}

/**
 * Completion in a Namespace's `metadata.labels`: the pod-security label names not present yet, and for the value
 * of one, the levels or the versions (`latest`, then v1.<newest> down to v1.22). `locus`: what
 * `locate(snapshot, offset)` found, when the caller has it already.
 */
export function podSecurityLabelCompletions(snapshot: Snapshot, offset: number, ctx: AnalysisContext, locus: Locus | undefined = locate(snapshot, offset)): CompletionCandidate[] {
  if (locus === undefined) return [];
  if (locus.role === 'new-key' || locus.role === 'key') {
    const p = locus.role === 'key' ? locus.objectPath.slice(0, -1) : locus.objectPath;
    const doc = snapshot.documents[locus.documentIndex];
    const kind = locus.item === undefined ? doc?.kind : doc?.items?.[locus.item]?.kind;
    if (kind !== 'Namespace' || p.length !== 2 || p[0] !== 'metadata' || p[1] !== 'labels') return [];
    return POLICY_KEYS.filter((k) => !locus.siblingKeys.includes(`${LABEL_PREFIX}${k}`)).map((k, i) => ({
      label: `${LABEL_PREFIX}${k}`,
      kind: 'field' as const,
      detail: 'Pod Security admission',
      insertText: `${LABEL_PREFIX}${k}: `,
      sortText: `0${i}`,
      ...(locus.keyRange !== undefined ? { replaceRange: locus.keyRange } : {}),
    }));
  }
  if (locus.role !== 'value') return [];
  const label = labelAt(snapshot, locus);
  if (label === undefined) return [];
  const replace = locus.valueRange !== undefined ? { replaceRange: locus.valueRange } : {};
  if (!label.endsWith('-version')) {
    return LEVELS.map((level, i) => ({ label: level, kind: 'enum' as const, detail: 'Pod Security level', documentation: LEVEL_TEXT[level], insertText: level, sortText: `${2 - i}`, ...replace }));
  }
  const newest = newestPolicyVersion(apiserverMinor(targetVersion(ctx.rules)));
  const versions = ['latest', ...Array.from({ length: Math.max(0, newest - 21) }, (_, i) => `v1.${newest - i}`)];
  return versions.map((v, i) => ({ label: v, kind: 'value' as const, detail: 'Pod Security policy version', insertText: v, sortText: String(i).padStart(3, '0'), ...replace }));
}
