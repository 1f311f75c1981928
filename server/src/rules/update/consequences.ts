/**
 * Accepted updates that have consequences people want to decide on before merging (a rollout of every Pod, a
 * container restart, configuration that reaches Pods only after a restart), as information-level findings.
 * From controller and kubelet behaviour (../shared/apiserver-update-rules.md §6), not from validation.
 * `podls check` turns this family off unless `--rule update-consequence=info` asks for it.
 */
import { note } from '../messages';
import { objAt, prop } from '../json';
import { changes } from './equality';
import { under, updateProblem } from './problem';
import type { UpdateRule } from './update-rule';

const STRATEGY_FIELD: Readonly<Record<string, string>> = { Deployment: 'strategy', StatefulSet: 'updateStrategy', DaemonSet: 'updateStrategy' };

const updateConsequence: UpdateRule = {
  id: 'update-consequence',
  family: 'update-consequences',
  scope: 'update',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'ConfigMap', 'Secret'],
  severity: 'information',
  summary: 'an accepted change that replaces or restarts Pods, or reaches them only after a restart',
  check(ctx, report) {
    if (ctx.kind in STRATEGY_FIELD) {
      const diff = under(['spec', 'template'], changes(objAt(objAt(ctx.old, 'spec') ?? {}, 'template'), objAt(objAt(ctx.new, 'spec') ?? {}, 'template')));
      if (diff.length === 0) return;
      const strategy = prop(objAt(objAt(ctx.new, 'spec') ?? {}, STRATEGY_FIELD[ctx.kind] ?? '') ?? {}, 'type');
      const how =
        strategy === 'OnDelete'
          ? 'Pods pick it up only when they are deleted (OnDelete)'
          : strategy === 'Recreate'
            ? 'every Pod is deleted, then new ones are created (Recreate: downtime)'
            : ctx.kind === 'StatefulSet'
              ? 'Pods are replaced one at a time, highest ordinal first (RollingUpdate)'
              : ctx.kind === 'DaemonSet'
                ? 'the Pod on every node is replaced (RollingUpdate)'
                : 'a new ReplicaSet replaces every Pod (RollingUpdate)';
      report(updateProblem(note(['spec', 'template'], `the pod template changed: ${how}`), diff));
      return;
    }
    if (ctx.kind === 'Pod') {
      const before = (objAt(ctx.old, 'spec') ?? {})['containers'];
      const after = (objAt(ctx.new, 'spec') ?? {})['containers'];
      if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return;
      after.forEach((c: unknown, i) => {
        const was = prop(before[i], 'image');
        const now = prop(c, 'image');
        if (was === now) return;
        const path = ['spec', 'containers', i, 'image'];
        report(updateProblem(note(path, 'the container restarts in place with the new image (restartCount +1)'), [{ path, before: was, after: now }]));
      });
      return;
    }
    if (prop(ctx.old, 'immutable') === true) return;
    for (const field of ['data', 'binaryData', 'stringData']) {
      const diff = under([field], changes(prop(ctx.old, field), prop(ctx.new, field), 50, field));
      if (diff.length === 0) continue;
      report(updateProblem(note([field], 'mounted volumes see the new data after a delay (not subPath mounts); environment variables only after the Pods restart'), diff));
      return;
    }
  },
};

/** The information-level update rules. */
export const CONSEQUENCE_UPDATE_RULES: readonly UpdateRule[] = [updateConsequence];
