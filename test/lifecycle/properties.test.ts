/**
 * Properties of the simulator over random Pods and scenarios (fast-check): it terminates, is
 * deterministic (SIM-6), keeps terminal phases (PH-2), never lowers a restartCount (CS-5), publishes
 * snapshots in time order (SIM-4), and never reports more ready containers than it has (DSP-2).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import type { Scenario } from '../../server/src/lifecycle/model';
import { c, probe, simulatePod } from './helpers';

const exit = fc.record({ exitAfter: fc.integer({ min: 0, max: 40 }), exitCode: fc.constantFrom(0, 1, 2) });
const run = fc.oneof(exit, fc.constant('forever' as const));
const outcome = fc.constantFrom('success' as const, 'failure' as const, 'timeout' as const, 'error' as const);
const steps = fc.array(fc.record({ from: fc.integer({ min: 0, max: 60 }), result: outcome }), { maxLength: 3 });
const behaviour = fc.record(
  {
    runs: fc.array(run, { minLength: 1, maxLength: 3 }),
    onSigterm: fc.oneof(exit, fc.constant('ignore' as const)),
    probes: fc.record({ startup: steps, readiness: steps, liveness: steps }, { requiredKeys: [] }),
    hooks: fc.record({ postStart: fc.oneof(fc.record({ seconds: fc.integer({ min: 0, max: 5 }), result: fc.constantFrom('success' as const, 'failure' as const) }), fc.constant('hang' as const)), preStop: fc.oneof(fc.record({ seconds: fc.integer({ min: 0, max: 40 }), result: fc.constant('success' as const) }), fc.constant('hang' as const)) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const podArb = fc.record({
  restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  inits: fc.integer({ min: 0, max: 2 }),
  sidecars: fc.integer({ min: 0, max: 2 }),
  apps: fc.integer({ min: 1, max: 2 }),
  withProbes: fc.boolean(),
  withHooks: fc.boolean(),
  grace: fc.integer({ min: 0, max: 40 }),
});

describe('lifecycle SIM: properties over random Pods and scenarios', function () {
  this.timeout(120000);
  it('SIM-6 PH-2 CS-5 SIM-4 DSP-2: terminates, deterministic, sticky terminal phases, monotonic restarts', () => {
    fc.assert(
      fc.property(podArb, fc.array(behaviour, { minLength: 5, maxLength: 5 }), fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }), (p, behaviours, deleteAt) => {
        const probes = p.withProbes ? { startupProbe: probe({ periodSeconds: 3, failureThreshold: 4 }), readinessProbe: probe({ periodSeconds: 5 }), livenessProbe: probe({ periodSeconds: 7 }) } : {};
        const hooks = p.withHooks ? { lifecycle: { postStart: { exec: { command: ['a'] } }, preStop: { exec: { command: ['b'] } } } } : {};
        const names: string[] = [];
        const initContainers = [
          ...Array.from({ length: p.inits }, (_, i) => (names.push(`i${i}`), c(`i${i}`))),
          ...Array.from({ length: p.sidecars }, (_, i) => (names.push(`s${i}`), c(`s${i}`, { restartPolicy: 'Always', ...probes, ...hooks }))),
        ];
        const containers = Array.from({ length: p.apps }, (_, i) => (names.push(`a${i}`), c(`a${i}`, { ...probes, ...hooks })));
        const spec = { restartPolicy: p.restartPolicy, terminationGracePeriodSeconds: p.grace, initContainers, containers };
        const scenario: Scenario = {
          until: 400,
          containers: Object.fromEntries(names.map((n, i) => [n, behaviours[i % behaviours.length] ?? {}])),
          ...(deleteAt !== undefined ? { events: [{ delete: { at: deleteAt } }] } : {}),
        };
        const tl = simulatePod(spec, scenario);
        assert.deepStrictEqual(simulatePod(spec, scenario), tl);
        let prevT = -1;
        let terminal: string | undefined;
        const restarts = new Map<string, number>();
        for (const s of tl.snapshots) {
          assert.ok(s.t > prevT, 'snapshot times increase');
          prevT = s.t;
          if (terminal) assert.strictEqual(s.phase, terminal, 'PH-2');
          if (s.phase === 'Succeeded' || s.phase === 'Failed') terminal = s.phase;
          for (const cs of s.containers) {
            assert.ok(cs.restartCount >= (restarts.get(cs.name) ?? 0), 'CS-5');
            restarts.set(cs.name, cs.restartCount);
            if (cs.ready && cs.type !== 'init') assert.strictEqual(cs.state, 'running', 'CD-2');
          }
          const [x, y] = s.kubectl.ready.split('/').map(Number);
          assert.ok((x ?? 0) <= (y ?? 0), 'DSP-2');
        }
        for (const e of tl.events) assert.ok(e.t <= 400);
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
