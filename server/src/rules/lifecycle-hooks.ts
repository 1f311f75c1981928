/**
 * Lifecycle hooks (`validateLifecycle`, `validateHandler`, `validateSleepAction`).
 */
import { isObject, objAt, prop } from './json';
import { invalid } from './messages';
import { allContainers } from './pod-walk';
import { sleepSupported, validateHandler } from './probes';
import type { PodRule } from './rule';
import { atLeast } from './version';

const FAMILY = 'lifecycle-hooks';

/** PR1-PR4 for hooks, LH1. */
export const lifecycleHandler: PodRule = {
  id: 'lifecycle-handler',
  family: FAMILY,
  severity: 'error',
  scope: 'pod',
  summary: 'postStart and preStop need exactly one valid handler; sleep must fit the grace period',
  covers: ['LH1'],
  check(ctx, report) {
    const grace = prop(ctx.spec, 'terminationGracePeriodSeconds');
    const gracePeriod = typeof grace === 'number' ? grace : grace === undefined || grace === null ? 30 : undefined;
    const sleep = sleepSupported(ctx);
    const allowZero = atLeast(ctx.kubernetesVersion, 1, 33);
    for (const c of allContainers(ctx)) {
      if (c.kind === 'ephemeralContainers' || (c.kind === 'initContainers' && !c.isSidecar)) continue;
      const lc = objAt(c.container, 'lifecycle');
      if (lc === undefined) continue;
      for (const hook of ['postStart', 'preStop']) {
        const h = objAt(lc, hook);
        if (h === undefined) continue;
        const p = [...c.path, 'lifecycle', hook];
        const kinds = sleep ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket'];
        for (const x of validateHandler(h, p, kinds)) report(x);
        const s = prop(h, 'sleep');
        if (!sleep || !isObject(s) || gracePeriod === undefined) continue;
        const first = kinds.find((k) => prop(h, k) !== undefined && prop(h, k) !== null);
        if (first !== 'sleep') continue;
        const secs = prop(s, 'seconds');
        if (typeof secs !== 'number') continue;
        const sp = [...p, 'sleep'];
        const at = { at: [...sp, 'seconds'] };
        if (allowZero) {
          if (secs < 0 || secs > gracePeriod) {
            report(invalid(sp, secs, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`, at));
          }
        } else if (secs <= 0 || secs > gracePeriod) {
          report(
            invalid(sp, secs, `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`, at),
          );
        }
      }
    }
  },
};

/** The rules of this family. */
export const LIFECYCLE_HOOK_RULES = [lifecycleHandler] as const;
