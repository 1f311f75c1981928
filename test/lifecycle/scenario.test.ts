/**
 * Scenario JSON (lifecycle-spec IN-3) parsing and the preset scenarios.
 */
import * as assert from 'assert';
import { listPresets, parseScenario, presetById } from '../../server/src/lifecycle/scenario';
import { presetPodOf } from '../../server/src/lifecycle/simulate';
import { c, simulatePod, statusAt } from './helpers';

const pod = { initContainers: [{ name: 'migrate', sidecar: false }, { name: 'proxy', sidecar: true }], containers: ['app'] };

describe('lifecycle IN: scenario inputs', () => {
  it('IN-3: the issue example parses as is', () => {
    const r = parseScenario({
      scheduleDelay: 0,
      sandboxSeconds: 1,
      pullSeconds: 0,
      until: 600,
      containers: {
        app: {
          runs: [{ exitAfter: 5, exitCode: 1 }, 'forever'],
          onSigterm: { exitAfter: 0, exitCode: 143 },
          probes: { readiness: [{ from: 0, result: 'failure' }, { from: 20, result: 'success' }], liveness: [{ from: 0, result: 'timeout' }] },
          hooks: { postStart: { seconds: 3, result: 'success' }, preStop: 'hang' },
          pullSeconds: 0,
        },
      },
      events: [{ delete: { at: 40, gracePeriodSeconds: 30 } }, { setCondition: { at: 10, type: 'T', status: 'True' } }],
    });
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  });

  it('IN-3: errors name the path and what was expected; unknown fields are errors', () => {
    const r = parseScenario({ until: -1, containers: { app: { runs: [{ exitAfter: 1.5 }], probes: { liveness: [{ from: 0, result: 'maybe' }] }, hook: {} } }, events: [{ delete: {} }] });
    assert.ok(!r.ok);
    assert.deepStrictEqual(r.errors, [
      'until: expected whole seconds (an integer >= 0), got -1',
      'containers.app.hook: unknown field (expected one of runs, onSigterm, probes, hooks, pullSeconds)',
      'containers.app.runs[0].exitAfter: expected whole seconds (an integer >= 0), got 1.5',
      'containers.app.probes.liveness[0].result: expected one of success, failure, timeout, error, got "maybe"',
      'events[0].delete.at: required',
    ]);
    assert.deepStrictEqual(parseScenario([]), { ok: false, errors: ['scenario: expected a JSON object'] });
  });

  it('IN-3: defaults: exitCode 0, hook result success', () => {
    const r = parseScenario({ containers: { a: { runs: [{ exitAfter: 3 }], hooks: { preStop: { seconds: 2 } } } } });
    assert.deepStrictEqual(r, { ok: true, scenario: { containers: { a: { runs: [{ exitAfter: 3, exitCode: 0 }], hooks: { preStop: { seconds: 2, result: 'success' } } } } } });
  });

  it('presets: the issue list, per container, with stable ids', () => {
    assert.deepStrictEqual(
      listPresets(pod).map((p) => p.id),
      [
        'all-succeed',
        'init-fails-once:migrate',
        'init-always-fails:migrate',
        'crash-on-start:proxy',
        'crash-on-start:app',
        'exits-0-after:app:30',
        'readiness-never:proxy',
        'readiness-never:app',
        'liveness-fails-after:proxy:60',
        'liveness-fails-after:app:60',
        'delete-at:60',
      ],
    );
    assert.strictEqual(presetById(pod, 'exits-0-after:app:45')?.label, 'Container "app" exits 0 after 45 s');
    assert.deepStrictEqual(presetById(pod, 'delete-at:90')?.scenario, { events: [{ delete: { at: 90 } }] });
    assert.strictEqual(presetById(pod, 'crash-on-start:nope'), undefined);
    assert.strictEqual(presetById(pod, 'exits-0-after:app:x'), undefined);
  });

  it('presets: every preset parses back through parseScenario and simulates', () => {
    const spec = { initContainers: [c('migrate'), c('proxy', { restartPolicy: 'Always' })], containers: [c('app')] };
    const presetPod = presetPodOf({ kind: 'Pod', object: { kind: 'Pod', spec } });
    assert.deepStrictEqual(presetPod, pod);
    for (const p of listPresets(pod)) {
      assert.ok(parseScenario(JSON.parse(JSON.stringify(p.scenario))).ok, p.id);
      assert.ok(simulatePod(spec, p.scenario).snapshots.length > 0, p.id);
    }
    assert.strictEqual(statusAt(simulatePod(spec, presetById(pod, 'init-always-fails:migrate')?.scenario), 100), 'Init:CrashLoopBackOff');
  });
});
