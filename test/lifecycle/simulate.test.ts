/**
 * The simulator against ../shared/lifecycle-spec.md, one describe per rule family; every expectation
 * below was computed by hand from the spec's rules (times in seconds; sandboxSeconds defaults to 1).
 */
import * as assert from 'assert';
import { at, c, containerAt, eventsOf, probe, simulatePod, simulateYaml, statusAt, timesOf } from './helpers';

const crash = { runs: [{ exitAfter: 1, exitCode: 1 }] };

describe('lifecycle SU: start-up', () => {
  it('SU-2 SU-3 SU-4: StartTime at scheduling, sandbox for 1 s, Initialized=True without init containers', () => {
    const tl = simulatePod({ containers: [c('app')] });
    const s0 = at(tl, 0);
    assert.strictEqual(s0.phase, 'Pending');
    assert.deepStrictEqual(s0.conditions, { PodScheduled: 'True', PodReadyToStartContainers: 'False', Initialized: 'True', ContainersReady: 'False', Ready: 'False' });
    assert.strictEqual(s0.kubectl.status, 'ContainerCreating');
    assert.deepStrictEqual(timesOf(tl, 'SandboxReady'), [1]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [1]);
    const s1 = at(tl, 1);
    assert.strictEqual(s1.phase, 'Running');
    assert.strictEqual(s1.kubectl.status, 'Running');
    assert.strictEqual(s1.kubectl.ready, '1/1');
    assert.strictEqual(s1.conditions.Ready, 'True');
  });

  it('SU-1: before scheduleDelay the Pod is Pending with PodScheduled=False', () => {
    const tl = simulatePod({ containers: [c('app')] }, { scheduleDelay: 5, sandboxSeconds: 2 });
    assert.strictEqual(at(tl, 0).conditions.PodScheduled, 'False');
    assert.strictEqual(statusAt(tl, 4), 'Pending');
    assert.deepStrictEqual(timesOf(tl, 'Scheduled'), [5]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [7]);
  });

  it('SU-3 SIM-3: image pulls block the worker; containers start in spec order (AC-1)', () => {
    const tl = simulatePod({ containers: [c('a'), c('b')] }, { containers: { a: { pullSeconds: 4 } } });
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'a'), [5]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'b'), [5]);
    // SIM-4: the status is frozen while the first sync (sandbox + pulls) is busy.
    assert.strictEqual(at(tl, 3).conditions.PodReadyToStartContainers, 'False');
    assert.strictEqual(at(tl, 5).kubectl.ready, '2/2');
  });
});

describe('lifecycle IC: regular init containers', () => {
  const spec = { initContainers: [c('a'), c('b')], containers: [c('app')] };

  it('IC-1 IC-3 DSP-1: sequential init containers, Init:i/n, Initialized=False with the incomplete list', () => {
    const tl = simulatePod(spec);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'a'), [1]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'b'), [4]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [7]);
    assert.strictEqual(statusAt(tl, 2), 'Init:0/2');
    assert.strictEqual(statusAt(tl, 5), 'Init:1/2');
    assert.strictEqual(statusAt(tl, 7), 'Running');
    const s = at(tl, 2);
    assert.strictEqual(s.phase, 'Pending');
    assert.strictEqual(s.conditions.Initialized, 'False');
    assert.deepStrictEqual(s.conditionDetails?.Initialized, { reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [a b]' });
    assert.strictEqual(containerAt(tl, 2, 'app').reason, 'PodInitializing'); // CS-2
  });

  it('IC-2: under Never a failed init container fails the Pod at once (Init:Error, KillPod stops the sandbox)', () => {
    const tl = simulatePod({ ...spec, restartPolicy: 'Never' }, { containers: { a: { runs: [{ exitAfter: 3, exitCode: 1 }] } } });
    const s = at(tl, 4);
    assert.strictEqual(s.phase, 'Failed');
    assert.strictEqual(s.kubectl.status, 'Init:Error');
    assert.strictEqual(s.conditions.PodReadyToStartContainers, 'False');
    assert.strictEqual(eventsOf(tl, 'ContainerStarted', 'b').length, 0);
    assert.strictEqual(at(tl, 600).phase, 'Failed');
  });

  for (const policy of ['Always', 'OnFailure']) {
    it(`IC-2 BO-3: under ${policy} the init container (not the Pod) restarts: Init:CrashLoopBackOff, Pending`, () => {
      const tl = simulatePod({ ...spec, restartPolicy: policy }, { containers: { a: { runs: [{ exitAfter: 3, exitCode: 1 }] } } });
      // starts 1, exits 4, restarts at once (first crash), exits 7, back-off 10 s -> 17, exits 20, 20 s -> 40.
      assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'a').slice(0, 4), [1, 4, 17, 40]);
      assert.strictEqual(statusAt(tl, 5), 'Init:0/2');
      assert.strictEqual(statusAt(tl, 8), 'Init:CrashLoopBackOff');
      assert.strictEqual(at(tl, 8).phase, 'Pending');
      assert.strictEqual(at(tl, 8).kubectl.restarts, '1 (0s ago)'); // DSP-3: age of lastState at the snapshot
      assert.strictEqual(containerAt(tl, 8, 'a').lastState?.reason, 'Error');
      assert.strictEqual(eventsOf(tl, 'SandboxReady').length, 1); // the sandbox is not re-created
    });
  }

  it('IC-2 IC-5 DSP-3: an init container that fails once; its restarts drop out of RESTARTS once initialized', () => {
    const tl = simulatePod(spec, { containers: { a: { runs: [{ exitAfter: 3, exitCode: 1 }, { exitAfter: 3, exitCode: 0 }] } } });
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'a'), [1, 4]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [10]);
    assert.strictEqual(at(tl, 8).kubectl.restarts, '1 (3s ago)');
    assert.strictEqual(at(tl, 10).kubectl.restarts, '0');
    assert.strictEqual(containerAt(tl, 10, 'a').restartCount, 1);
  });

  it('IC-4 VAL-1: probes and lifecycle on a regular init container are reported, not simulated', () => {
    const tl = simulatePod({ initContainers: [c('a', { readinessProbe: probe(), lifecycle: { preStop: { exec: { command: ['x'] } } } })], containers: [c('app')] });
    assert.strictEqual(tl.events.length, 0);
    assert.strictEqual(tl.snapshots.length, 0);
    assert.deepStrictEqual(
      tl.warnings.map((w) => w.message),
      [
        'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
        'spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always',
      ],
    );
  });
});

describe('lifecycle SC: sidecar containers', () => {
  it('SC-2: the next container waits for the sidecar startupProbe; the Pod stays Pending (SC-5)', () => {
    const tl = simulatePod(
      { initContainers: [c('side', { restartPolicy: 'Always', startupProbe: probe({ periodSeconds: 5, failureThreshold: 10 }) })], containers: [c('app')] },
      { containers: { side: { probes: { startup: [{ from: 0, result: 'failure' }, { from: 10, result: 'success' }] } } } },
    );
    // side starts at 1; startup attempts at 1, 6, 11 (tRel 0, 5, 10): success at 11.
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [11]);
    assert.strictEqual(at(tl, 5).phase, 'Pending');
    assert.strictEqual(statusAt(tl, 5), 'Init:0/1');
    assert.strictEqual(containerAt(tl, 5, 'side').started, false);
    assert.strictEqual(at(tl, 11).phase, 'Running');
    assert.strictEqual(at(tl, 11).kubectl.ready, '2/2');
  });

  it('SC-2: sidecar before app; without a startupProbe the app starts at the same instant', () => {
    const tl = simulatePod({ initContainers: [c('init'), c('side', { restartPolicy: 'Always' })], containers: [c('app')] });
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'side'), [4]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [4]);
    const started = eventsOf(tl, 'ContainerStarted').map((e) => e.container);
    assert.deepStrictEqual(started, ['init', 'side', 'app']);
  });

  it('SC-3 SC-5: a sidecar restarts under Never whatever its exit code; a crash-looping sidecar keeps the Pod Running', () => {
    const tl = simulatePod({ restartPolicy: 'Never', initContainers: [c('side', { restartPolicy: 'Always' })], containers: [c('app')] }, { containers: { side: { runs: [{ exitAfter: 5, exitCode: 0 }] } } });
    // side: starts 1, exits 6, restarts 6, exits 11, back-off 10 -> 21.
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'side').slice(0, 3), [1, 6, 21]);
    assert.strictEqual(at(tl, 12).phase, 'Running');
    assert.strictEqual(containerAt(tl, 12, 'side').reason, 'CrashLoopBackOff');
    assert.strictEqual(at(tl, 12).kubectl.ready, '1/2');
  });

  it('SC-4 CD-3: sidecar readiness counts for ContainersReady; sidecars listed first', () => {
    const tl = simulatePod(
      { initContainers: [c('side', { restartPolicy: 'Always', readinessProbe: probe() })], containers: [c('app', { readinessProbe: probe() })] },
      { containers: { side: { probes: { readiness: [{ from: 0, result: 'failure' }] } }, app: { probes: { readiness: [{ from: 0, result: 'failure' }] } } } },
    );
    assert.deepStrictEqual(at(tl, 100).conditionDetails?.ContainersReady, { reason: 'ContainersNotReady', message: 'containers with unready status: [side app]' });
    assert.deepStrictEqual(at(tl, 100).conditionDetails?.Ready, { reason: 'ContainersNotReady', message: 'containers with unready status: [side app]' });
  });

  it('SC-3 AC-4 TM-6 JB-7: when the app of a Never Pod finishes, KillPod stops the sidecar and the Pod Succeeds', () => {
    const tl = simulatePod({ restartPolicy: 'Never', initContainers: [c('side', { restartPolicy: 'Always' })], containers: [c('app')] }, { containers: { app: { runs: [{ exitAfter: 10, exitCode: 0 }] } } });
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 'side'), [11]);
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'side')[0]?.reason, 'killPod');
    const s = at(tl, 11);
    assert.strictEqual(s.phase, 'Succeeded');
    assert.strictEqual(s.kubectl.status, 'Completed');
    assert.strictEqual(s.conditions.PodReadyToStartContainers, 'False');
    assert.deepStrictEqual(s.conditionDetails?.Initialized, { reason: 'PodCompleted' });
  });
});

describe('lifecycle AC: app containers and restartPolicy', () => {
  const one = (policy: string, code: number) => simulatePod({ restartPolicy: policy, containers: [c('app')] }, { containers: { app: { runs: [{ exitAfter: 5, exitCode: code }] } } });

  it('AC-5: exit 0 under Always restarts with back-off; phase stays Running (PH-1)', () => {
    const tl = one('Always', 0);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app').slice(0, 3), [1, 6, 21]);
    assert.strictEqual(at(tl, 12).phase, 'Running');
    assert.strictEqual(statusAt(tl, 12), 'CrashLoopBackOff');
    assert.strictEqual(containerAt(tl, 12, 'app').lastState?.reason, 'Completed');
  });

  it('AC-5: exit 0 under OnFailure and Never: Succeeded, Completed', () => {
    for (const policy of ['OnFailure', 'Never']) {
      const tl = one(policy, 0);
      assert.strictEqual(at(tl, 6).phase, 'Succeeded', policy);
      assert.strictEqual(statusAt(tl, 6), 'Completed', policy);
      assert.strictEqual(eventsOf(tl, 'ContainerStarted', 'app').length, 1, policy);
    }
  });

  it('AC-5: exit 1 under OnFailure restarts (Running); under Never the Pod Fails (Error)', () => {
    const onFailure = one('OnFailure', 1);
    assert.strictEqual(at(onFailure, 12).phase, 'Running');
    assert.strictEqual(statusAt(onFailure, 12), 'CrashLoopBackOff');
    const never = one('Never', 1);
    assert.strictEqual(at(never, 6).phase, 'Failed');
    assert.strictEqual(statusAt(never, 6), 'Error');
  });

  it('AC-5 PH-1: under Never, one of two containers fails: Running until the other ends, then Failed', () => {
    const tl = simulatePod(
      { restartPolicy: 'Never', containers: [c('a'), c('b')] },
      { containers: { a: { runs: [{ exitAfter: 5, exitCode: 1 }] }, b: { runs: [{ exitAfter: 20, exitCode: 0 }] } } },
    );
    assert.strictEqual(at(tl, 10).phase, 'Running');
    assert.strictEqual(statusAt(tl, 10), 'Error');
    assert.strictEqual(at(tl, 10).kubectl.ready, '1/2');
    assert.strictEqual(at(tl, 21).phase, 'Failed');
  });

  it('AC-3 PR-7: a liveness kill uses the probe-level terminationGracePeriodSeconds and restarts in the same sync', () => {
    const tl = simulatePod(
      { containers: [c('app', { livenessProbe: probe({ periodSeconds: 10, terminationGracePeriodSeconds: 5 }) })] },
      { containers: { app: { probes: { liveness: [{ from: 0, result: 'failure' }] }, onSigterm: 'ignore' } } },
    );
    // liveness attempts at 1, 11, 21 -> kill at 21; SIGTERM ignored -> SIGKILL after 5 s, restart at once (BO-4).
    assert.deepStrictEqual(timesOf(tl, 'KillRequested', 'app').slice(0, 1), [21]);
    assert.deepStrictEqual(timesOf(tl, 'SIGKILL', 'app').slice(0, 1), [26]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app').slice(0, 2), [1, 26]);
    assert.strictEqual(containerAt(tl, 26, 'app').lastState?.exitCode, 137);
  });

  it('AC-3 AC-4: under Never a liveness-failed single container is not restarted: KillPod with the pod grace, Failed', () => {
    const tl = simulatePod(
      { restartPolicy: 'Never', containers: [c('app', { livenessProbe: probe({ periodSeconds: 10, terminationGracePeriodSeconds: 5 }) })] },
      { containers: { app: { probes: { liveness: [{ from: 0, result: 'failure' }] }, onSigterm: 'ignore' } } },
    );
    // keepCount 0 and nothing to start -> KillPod: the pod-level kill passes no probe reason, so the grace is 30 s.
    assert.deepStrictEqual(eventsOf(tl, 'KillRequested', 'app').map((e) => [e.t, e.reason]), [[21, 'killPod']]);
    assert.deepStrictEqual(timesOf(tl, 'SIGKILL', 'app'), [51]);
    assert.strictEqual(at(tl, 51).phase, 'Failed');
    assert.strictEqual(eventsOf(tl, 'ContainerStarted', 'app').length, 1);
  });

  it('AC-6 VAL-4: container-level restartPolicy on an app container is rejected', () => {
    const tl = simulatePod({ containers: [c('app', { restartPolicy: 'Always' })] });
    assert.strictEqual(tl.snapshots.length, 0);
    assert.strictEqual(tl.warnings[0]?.rule, 'VAL-4');
  });
});

describe('lifecycle BO: CrashLoopBackOff', () => {
  it('BO-1 BO-3: delays measured from the exit are 0, 10, 20, 40, 80, 160, 300, 300 s', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash }, until: 1000 });
    const starts = timesOf(tl, 'ContainerStarted', 'app');
    const exits = timesOf(tl, 'ContainerExited', 'app');
    assert.deepStrictEqual(starts.slice(0, 8), [1, 2, 13, 34, 75, 156, 317, 618]);
    const delays = starts.slice(1, 9).map((s, i) => s - (exits[i] ?? 0));
    assert.deepStrictEqual(delays.slice(0, 7), [0, 10, 20, 40, 80, 160, 300]);
    assert.strictEqual(starts[8], 919); // 300 s cap
    assert.strictEqual(containerAt(tl, 20, 'app').restartCount, 2); // CS-5: counts starts
  });

  it('BO-6: the CrashLoopBackOff message uses the Go duration of the current back-off', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash }, until: 400 });
    assert.strictEqual(containerAt(tl, 3, 'app').message, 'back-off 10s restarting failed container=app pod=p');
    assert.strictEqual(containerAt(tl, 77, 'app').message, 'back-off 1m20s restarting failed container=app pod=p');
    assert.strictEqual(containerAt(tl, 158, 'app').message, 'back-off 2m40s restarting failed container=app pod=p');
    assert.strictEqual(containerAt(tl, 319, 'app').message, 'back-off 5m0s restarting failed container=app pod=p');
  });

  it('BO-2: a run longer than 600 s resets the back-off; exactly 600 s does not', () => {
    const mk = (long: number) =>
      simulatePod({ containers: [c('app')] }, { until: 1500, containers: { app: { runs: [{ exitAfter: 5, exitCode: 1 }, { exitAfter: 5, exitCode: 1 }, { exitAfter: long, exitCode: 1 }, { exitAfter: 5, exitCode: 1 }] } } });
    // starts 1, exits 6, restart 6 (entry 10 s @6), exits 11, blocked -> 21 (entry 20 s @21).
    const reset = timesOf(mk(601), 'ContainerStarted', 'app');
    assert.deepStrictEqual(reset.slice(0, 5), [1, 6, 21, 622, 637]); // exit 622: reset, start at once; next exit 627 + 10
    const kept = timesOf(mk(600), 'ContainerStarted', 'app');
    assert.deepStrictEqual(kept.slice(0, 4), [1, 6, 21, 641]); // exit 621 - 21 = 600: no reset, 20 s back-off
  });

  it('BO-4: a liveness kill loop restarts in the same sync; back-off measured from the previous exit (S11 pattern)', () => {
    const tl = simulatePod({ containers: [c('app', { livenessProbe: probe({ periodSeconds: 10 }) })] }, { until: 450, containers: { app: { probes: { liveness: [{ from: 0, result: 'failure' }] } } } });
    // kills at 21, 41, 61, 81 restart at once; at 101 the back-off (40 s) from the exit at 81 blocks: retry at 141;
    // kill at 161 is blocked (80 s from 101): retry at 241; kill at 261 blocked (160 s from 161): retry at 421.
    assert.deepStrictEqual(timesOf(tl, 'KillRequested', 'app'), [21, 41, 61, 81, 101, 161, 261, 441]);
    assert.strictEqual(eventsOf(tl, 'BackOff', 'app')[0]?.rule, 'BO-4');
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [1, 21, 41, 61, 81, 141, 241, 421]);
    assert.strictEqual(statusAt(tl, 120), 'CrashLoopBackOff');
    assert.strictEqual(at(tl, 120).phase, 'Running');
    assert.strictEqual(containerAt(tl, 120, 'app').lastState?.exitCode, 143);
    assert.strictEqual(at(tl, 141).kubectl.restarts, '5 (40s ago)');
  });
});

describe('lifecycle HK: hooks', () => {
  const postStart = { lifecycle: { postStart: { exec: { command: ['warm-up'] } } } };

  it('HK-1: postStart blocks the worker; the container is not Running before the hook ends', () => {
    const tl = simulatePod({ containers: [c('app', postStart), c('b')] }, { containers: { app: { hooks: { postStart: { seconds: 5, result: 'success' } } } } });
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [1]);
    assert.deepStrictEqual(timesOf(tl, 'HookFinished', 'app'), [6]);
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'b'), [6]); // AC-1: after the hook
    assert.strictEqual(containerAt(tl, 3, 'app').state, 'waiting');
    assert.strictEqual(at(tl, 3).conditions.PodReadyToStartContainers, 'False'); // SIM-4: frozen
    assert.strictEqual(containerAt(tl, 6, 'app').state, 'running');
  });

  it('HK-1: a failed postStart kills the container (PostStartHookError); under Never the Pod Fails', () => {
    const tl = simulatePod({ restartPolicy: 'Never', containers: [c('app', postStart)] }, { containers: { app: { hooks: { postStart: { seconds: 2, result: 'failure' } } } } });
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'app')[0]?.reason, 'postStart');
    assert.strictEqual(at(tl, 3).phase, 'Failed');
    assert.strictEqual(containerAt(tl, 3, 'app').state, 'terminated');
  });

  it('HK-1 CS-3: under Always the failed start shows Waiting PostStartHookError, then restarts', () => {
    const tl = simulatePod({ containers: [c('app', postStart)] }, { containers: { app: { hooks: { postStart: { seconds: 2, result: 'failure' } } } } });
    // start 1, hook fails 3, killed 3; restart at 3 (first exit: no back-off), fails 5; blocked until 15.
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app').slice(0, 3), [1, 3, 15]);
    assert.strictEqual(containerAt(tl, 10, 'app').reason, 'CrashLoopBackOff');
  });

  it('HK-3: a tcpSocket hook handler fails at runtime by default', () => {
    const tl = simulatePod({ containers: [c('app', { lifecycle: { postStart: { tcpSocket: { port: 80 } } } })] });
    assert.ok(tl.warnings.some((w) => w.rule === 'HK-3'));
    assert.strictEqual(eventsOf(tl, 'HookFinished', 'app')[0]?.result, 'failure');
  });

  it('HK-2: preStop is not called when the container exits by itself', () => {
    const tl = simulatePod({ containers: [c('app', { lifecycle: { preStop: { sleep: { seconds: 5 } } } })] }, { containers: { app: crash } });
    assert.strictEqual(eventsOf(tl, 'HookStarted', 'app').length, 0);
  });

  it('HK-3 VAL-5: sleep.seconds longer than the grace period is rejected', () => {
    const tl = simulatePod({ terminationGracePeriodSeconds: 10, containers: [c('app', { lifecycle: { preStop: { sleep: { seconds: 20 } } } })] });
    assert.strictEqual(tl.snapshots.length, 0);
    assert.match(tl.warnings[0]?.message ?? '', /must be greater than 0 and less than terminationGracePeriodSeconds \(10\)/);
  });
});

describe('lifecycle PR: probes', () => {
  it('PR-3 PR-12: readiness starts Failure and runs when the container is started; READY follows', () => {
    const tl = simulatePod({ containers: [c('app', { readinessProbe: probe({ initialDelaySeconds: 5, periodSeconds: 5 }) })] });
    assert.strictEqual(at(tl, 1).kubectl.ready, '0/1');
    assert.strictEqual(at(tl, 1).conditions.Ready, 'False');
    assert.deepStrictEqual(timesOf(tl, 'ProbeResult', 'app'), [6]);
    assert.strictEqual(at(tl, 6).kubectl.ready, '1/1');
  });

  it('PR-4 PR-5: readiness thresholds: not ready after failureThreshold failures, ready after successThreshold successes', () => {
    const tl = simulatePod(
      { containers: [c('app', { readinessProbe: probe({ periodSeconds: 10, successThreshold: 2 }) })] },
      { containers: { app: { probes: { readiness: [{ from: 0, result: 'success' }, { from: 30, result: 'failure' }, { from: 60, result: 'success' }] } } } },
    );
    // attempts at 1 (extra, U) 11, 21, ...: ready after 2 successes at 11; failures at 31, 41, 51 -> not ready at 51;
    // successes at 61, 71 -> ready at 71.
    assert.strictEqual(at(tl, 10).kubectl.ready, '0/1');
    assert.strictEqual(at(tl, 11).kubectl.ready, '1/1');
    assert.strictEqual(at(tl, 50).kubectl.ready, '1/1');
    assert.strictEqual(at(tl, 51).kubectl.ready, '0/1');
    assert.strictEqual(at(tl, 61).kubectl.ready, '0/1');
    assert.strictEqual(at(tl, 71).kubectl.ready, '1/1');
    assert.strictEqual(eventsOf(tl, 'ContainerStarted', 'app').length, 1); // PR-8: readiness never restarts
  });

  it('PR-6: liveness and readiness are skipped until the startup probe succeeds', () => {
    const tl = simulatePod(
      { containers: [c('app', { startupProbe: probe({ periodSeconds: 5, failureThreshold: 10 }), readinessProbe: probe({ periodSeconds: 10 }), livenessProbe: probe({ periodSeconds: 10 }) })] },
      { containers: { app: { probes: { startup: [{ from: 0, result: 'failure' }, { from: 20, result: 'success' }] } } } },
    );
    const probes = eventsOf(tl, 'ProbeResult', 'app');
    assert.ok(probes.filter((e) => e.probe !== 'startup').every((e) => e.t >= 21));
    assert.strictEqual(containerAt(tl, 20, 'app').started, false);
    assert.strictEqual(containerAt(tl, 21, 'app').started, true);
    assert.strictEqual(at(tl, 21).kubectl.ready, '1/1'); // readiness runs at the started instant (PR-12)
  });

  it('PR-5 AC-3: startup failureThreshold reached: kill and restart', () => {
    const tl = simulatePod({ containers: [c('app', { startupProbe: probe({ periodSeconds: 5, failureThreshold: 3 }) })] }, { containers: { app: { probes: { startup: [{ from: 0, result: 'failure' }] } } } });
    // attempts at 1, 6, 11 -> kill at 11 (reason startup)
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'app')[0]?.reason, 'startup');
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'app')[0]?.t, 11);
  });

  it('PR-9 WARN-1: a named port missing from ports errors forever: never ready, warned', () => {
    const tl = simulatePod({ containers: [c('app', { readinessProbe: { httpGet: { path: '/', port: 'http' } } })] });
    assert.strictEqual(tl.warnings[0]?.rule, 'WARN-1');
    assert.strictEqual(at(tl, 300).kubectl.ready, '0/1');
    assert.strictEqual(eventsOf(tl, 'ProbeResult', 'app')[0]?.result, 'error');
  });

  it('PR-11 PR-12: a timeout is a failure at t + timeoutSeconds', () => {
    const tl = simulatePod({ containers: [c('app', { livenessProbe: probe({ periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 1 }) })] }, { containers: { app: { probes: { liveness: [{ from: 10, result: 'timeout' }] } } } });
    // attempt at 11 (tRel 10) times out at 14 -> failureThreshold 1 -> kill at 14.
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'app')[0]?.t, 14);
    assert.strictEqual(eventsOf(tl, 'ProbeResult', 'app').find((e) => e.t === 14)?.result, 'timeout');
  });

  it('PR-10: a liveness failure during termination does not kill or restart', () => {
    const tl = simulatePod(
      { containers: [c('app', { livenessProbe: probe({ periodSeconds: 1, failureThreshold: 1 }) })] },
      { containers: { app: { probes: { liveness: [{ from: 12, result: 'failure' }] }, onSigterm: { exitAfter: 20, exitCode: 0 } } }, events: [{ delete: { at: 10 } }] },
    );
    assert.deepStrictEqual(eventsOf(tl, 'KillRequested', 'app').map((e) => e.reason), ['deletion']);
    assert.strictEqual(eventsOf(tl, 'ContainerStarted', 'app').length, 1);
  });
});

describe('lifecycle CD: conditions', () => {
  it('CD-4: a readiness gate keeps Ready=False until setCondition', () => {
    const tl = simulatePod({ readinessGates: [{ conditionType: 'example.com/lb' }], containers: [c('app')] }, { events: [{ setCondition: { at: 20, type: 'example.com/lb', status: 'True' } }] });
    const s = at(tl, 5);
    assert.strictEqual(s.conditions.ContainersReady, 'True');
    assert.strictEqual(s.conditions.Ready, 'False');
    assert.deepStrictEqual(s.conditionDetails?.Ready, { reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' });
    assert.strictEqual(at(tl, 20).conditions.Ready, 'True');
  });

  it('CD-1 CD-2 CD-5: started/ready flags; Initialized=True once any app container started', () => {
    const tl = simulatePod({ initContainers: [c('side', { restartPolicy: 'Always' })], containers: [c('app', { readinessProbe: probe({ initialDelaySeconds: 10 }) })] });
    const app = containerAt(tl, 5, 'app');
    assert.deepStrictEqual([app.started, app.ready], [true, false]);
    assert.strictEqual(at(tl, 5).conditions.Initialized, 'True');
    assert.strictEqual(containerAt(tl, 11, 'app').ready, true);
  });
});

describe('lifecycle PH: phase', () => {
  it('PH-1: a crash-looping container keeps an Always Pod Running, never Pending', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash } });
    assert.ok(tl.snapshots.filter((s) => s.t >= 1).every((s) => s.phase === 'Running'));
  });

  it('PH-2: terminal phases are sticky', () => {
    const tl = simulatePod({ restartPolicy: 'OnFailure', containers: [c('app')] }, { containers: { app: { runs: [{ exitAfter: 5, exitCode: 0 }] } } });
    const phases = tl.snapshots.map((s) => s.phase);
    assert.deepStrictEqual(phases.slice(phases.indexOf('Succeeded')), phases.slice(phases.indexOf('Succeeded')).map(() => 'Succeeded'));
  });

  it('PH-4: deleted during init, the Pod ends Failed', () => {
    const tl = simulatePod({ initContainers: [c('a')], containers: [c('app')] }, { containers: { a: { runs: ['forever'] } }, events: [{ delete: { at: 5 } }] });
    const last = tl.snapshots[tl.snapshots.length - 1];
    assert.strictEqual(last?.phase, 'Failed');
    assert.strictEqual(last?.t, 5);
  });

  it('PH-4: an Always Pod whose containers exit 0 on SIGTERM ends Succeeded after deletion', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: { onSigterm: { exitAfter: 2, exitCode: 0 } } }, events: [{ delete: { at: 10 } }] });
    const last = tl.snapshots[tl.snapshots.length - 1];
    assert.strictEqual(last?.phase, 'Succeeded');
    assert.strictEqual(last?.t, 12);
  });

  it('PH-5: Unknown is never produced', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash }, events: [{ delete: { at: 100 } }] });
    assert.ok(tl.snapshots.every((s) => ['Pending', 'Running', 'Succeeded', 'Failed'].includes(s.phase)));
  });
});

describe('lifecycle TM: termination', () => {
  it('TM-4: a preStop hook that outlasts the grace period: SIGTERM at the grace end, SIGKILL 2 s later', () => {
    const tl = simulatePod(
      { terminationGracePeriodSeconds: 30, containers: [c('app', { lifecycle: { preStop: { exec: { command: ['drain'] } } } })] },
      { containers: { app: { hooks: { preStop: 'hang' }, onSigterm: 'ignore' } }, events: [{ delete: { at: 10 } }] },
    );
    assert.deepStrictEqual(timesOf(tl, 'HookStarted', 'app'), [10]);
    assert.strictEqual(eventsOf(tl, 'HookFinished', 'app')[0]?.result, 'timeout');
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 'app'), [40]);
    assert.deepStrictEqual(timesOf(tl, 'SIGKILL', 'app'), [42]);
    assert.strictEqual(statusAt(tl, 10), 'Terminating');
    assert.strictEqual(statusAt(tl, 41), 'Terminating');
    assert.strictEqual(containerAt(tl, 41, 'app').state, 'running'); // TM-8: frozen while terminating
    const last = tl.snapshots[tl.snapshots.length - 1];
    assert.deepStrictEqual([last?.t, last?.phase, last?.containers[0]?.exitCode], [42, 'Failed', 137]);
  });

  it('TM-4: with a preStop of 5 s and a default SIGTERM the container stops at 5 s', () => {
    const tl = simulatePod({ containers: [c('app', { lifecycle: { preStop: { sleep: { seconds: 5 } } } })] }, { events: [{ delete: { at: 10, gracePeriodSeconds: 60 } }] });
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 'app'), [15]);
    assert.strictEqual(eventsOf(tl, 'ContainerExited', 'app')[0]?.exitCode, 143);
  });

  it('TM-6: sidecars stop after the app containers, in reverse declaration order', () => {
    const tl = simulatePod(
      { initContainers: [c('s1', { restartPolicy: 'Always' }), c('s2', { restartPolicy: 'Always' })], containers: [c('app', { lifecycle: { preStop: { sleep: { seconds: 5 } } } })] },
      { containers: { s2: { onSigterm: { exitAfter: 3, exitCode: 0 } } }, events: [{ delete: { at: 20 } }] },
    );
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 'app'), [25]);
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 's2'), [25]);
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 's1'), [28]);
  });

  it('TM-6: when the grace period runs out, remaining sidecars get SIGTERM with the 2 s minimum', () => {
    const tl = simulatePod(
      { terminationGracePeriodSeconds: 10, initContainers: [c('side', { restartPolicy: 'Always' })], containers: [c('app')] },
      { containers: { app: { onSigterm: 'ignore' } }, events: [{ delete: { at: 20 } }] },
    );
    assert.deepStrictEqual(timesOf(tl, 'SIGKILL', 'app'), [30]);
    assert.deepStrictEqual(timesOf(tl, 'SIGTERM', 'side'), [30]);
  });

  it('TM-2: deleting an unscheduled Pod removes it at once', () => {
    const tl = simulatePod({ containers: [c('app')] }, { scheduleDelay: 50, events: [{ delete: { at: 10 } }] });
    assert.deepStrictEqual(timesOf(tl, 'Deleted'), [10]);
    assert.strictEqual(eventsOf(tl, 'Scheduled').length, 0);
  });

  it('TM-7: a container waiting in back-off is not restarted after deletion and shows Terminated', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash }, events: [{ delete: { at: 5 } }] });
    assert.deepStrictEqual(timesOf(tl, 'ContainerStarted', 'app'), [1, 2]);
    const last = tl.snapshots[tl.snapshots.length - 1];
    assert.strictEqual(last?.containers[0]?.state, 'terminated');
    assert.strictEqual(last?.phase, 'Failed');
  });
});

describe('lifecycle AD: activeDeadlineSeconds', () => {
  it('AD-1 AD-2 PH-3: counted from StartTime (>=); Failed with DeadlineExceeded before the containers stop', () => {
    const tl = simulatePod({ activeDeadlineSeconds: 30, containers: [c('app')] }, { scheduleDelay: 5, containers: { app: { onSigterm: { exitAfter: 4, exitCode: 0 } } } });
    assert.deepStrictEqual(timesOf(tl, 'DeadlineExceeded'), [35]);
    const s = at(tl, 35);
    assert.strictEqual(s.phase, 'Failed');
    assert.strictEqual(s.reason, 'DeadlineExceeded');
    assert.strictEqual(s.kubectl.status, 'DeadlineExceeded');
    assert.deepStrictEqual(s.conditionDetails?.ContainersReady, { reason: 'PodFailed' });
    assert.strictEqual(eventsOf(tl, 'KillRequested', 'app')[0]?.reason, 'deadline');
    assert.strictEqual(at(tl, 39).phase, 'Failed');
    assert.strictEqual(containerAt(tl, 39, 'app').state, 'terminated');
  });
});

describe('lifecycle JB: Jobs', () => {
  const job = (restartPolicy: string, backoffLimit: number, extra = '') => `
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  backoffLimit: ${backoffLimit}
${extra}
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers:
      - {name: main, image: x}
`;

  it('JB-2 JB-3 JB-4: Never, backoffLimit 2: three failed Pods, replacements after 10 s and 20 s, then Failed', () => {
    const tl = simulateYaml(job('Never', 2), { containers: { main: crash } });
    assert.deepStrictEqual(timesOf(tl, 'PodCreated'), [0, 12, 34]);
    assert.deepStrictEqual(eventsOf(tl, 'PodCreated').map((e) => e.pod), ['j-0', 'j-1', 'j-2']);
    const failed = eventsOf(tl, 'JobFailed');
    assert.deepStrictEqual(failed.map((e) => [e.t, e.reason]), [[36, 'BackoffLimitExceeded']]);
    assert.strictEqual(at(tl, 36, 'j-2').phase, 'Failed');
  });

  it('JB-2 JB-4: OnFailure: the Job fails when the restarts reach backoffLimit; the Pod is deleted', () => {
    const tl = simulateYaml(job('OnFailure', 2), { containers: { main: crash } });
    // main: starts 1, exits 2, restart 2 (restartCount 1), exits 3, back-off -> 13 (restartCount 2 >= 2).
    assert.deepStrictEqual(timesOf(tl, 'Deleted'), [13]);
    assert.deepStrictEqual(timesOf(tl, 'JobFailed'), [13]);
    assert.strictEqual(eventsOf(tl, 'PodCreated').length, 1);
  });

  it('JB-6 JB-7: a Job Pod with a sidecar completes; the sidecar does not prevent completion', () => {
    const tl = simulateYaml(`
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - {name: proxy, image: x, restartPolicy: Always}
      containers:
      - {name: main, image: x}
`);
    // main runs the default 30 s of a Job container: 1..31, then KillPod stops the proxy.
    assert.deepStrictEqual(timesOf(tl, 'JobComplete'), [31]);
    assert.strictEqual(at(tl, 31, 'j-0').phase, 'Succeeded');
  });

  it('JB-5: Job activeDeadlineSeconds terminates the running Pod and fails the Job', () => {
    const tl = simulateYaml(job('Never', 6, '  activeDeadlineSeconds: 20'), { containers: { main: { runs: ['forever'] } } });
    assert.deepStrictEqual(timesOf(tl, 'Deleted'), [20]);
    assert.deepStrictEqual(eventsOf(tl, 'JobFailed').map((e) => [e.t, e.reason]), [[20, 'DeadlineExceeded']]);
  });

  it('JB-1 VAL-3: restartPolicy Always is rejected for Jobs', () => {
    const tl = simulateYaml(job('Always', 1));
    assert.strictEqual(tl.snapshots.length, 0);
    assert.strictEqual(tl.warnings[0]?.rule, 'VAL-3');
  });

  it('JB-8 IN-1: CronJob templates are found; podFailurePolicy is warned about', () => {
    const tl = simulateYaml(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      podFailurePolicy: {rules: []}
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: main, image: x}
`);
    assert.deepStrictEqual(timesOf(tl, 'JobComplete'), [31]);
    assert.ok(tl.warnings.some((w) => w.rule === 'JB-8' && w.message.startsWith('spec.jobTemplate.spec.podFailurePolicy')));
  });
});

describe('lifecycle WL: workload templates', () => {
  const deployment = (policy: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      restartPolicy: ${policy}
      containers:
      - {name: app, image: x}
`;
  it('WL-1 IN-1: a Deployment simulates one Pod from its template', () => {
    const tl = simulateYaml(deployment('Always'));
    assert.strictEqual(statusAt(tl, 1), 'Running');
    assert.ok(tl.snapshots.every((s) => s.pod === undefined));
  });

  it('WL-1 VAL-3: a Deployment template with restartPolicy Never is rejected', () => {
    const tl = simulateYaml(deployment('Never'));
    assert.strictEqual(tl.snapshots.length, 0);
    assert.strictEqual(tl.warnings[0]?.message, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always" (WL-1)');
  });

  it('WARN-2: activeDeadlineSeconds on a Deployment is warned about', () => {
    const tl = simulateYaml(deployment('Always').replace('restartPolicy: Always', 'restartPolicy: Always\n      activeDeadlineSeconds: 60'));
    assert.ok(tl.warnings.some((w) => w.rule === 'WARN-2'));
    // AD-2 WL-2: the deadline fails the Pod; the controller would replace it.
    assert.strictEqual(at(tl, 60).reason, 'DeadlineExceeded');
    assert.ok(tl.warnings.some((w) => w.rule === 'WL-2'));
  });
});

describe('lifecycle DSP: kubectl columns', () => {
  it('DSP-1 DSP-2: READY counts sidecars; STATUS walks init containers then app containers', () => {
    const tl = simulatePod({ initContainers: [c('init'), c('side', { restartPolicy: 'Always' })], containers: [c('a'), c('b')] });
    assert.strictEqual(at(tl, 2).kubectl.ready, '0/3');
    assert.strictEqual(at(tl, 0).kubectl.status, 'Init:0/2');
    assert.strictEqual(at(tl, 4).kubectl.ready, '3/3');
  });

  it('DSP-1: Completed while another container runs ready shows NotReady (the Ready condition is False)', () => {
    const tl = simulatePod({ restartPolicy: 'OnFailure', containers: [c('a'), c('b')] }, { containers: { a: { runs: [{ exitAfter: 5, exitCode: 0 }] } } });
    assert.strictEqual(statusAt(tl, 10), 'NotReady');
    assert.strictEqual(at(tl, 10).kubectl.ready, '1/2');
  });

  it('DSP-3: RESTARTS shows the age of the last restart at the snapshot time', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: crash } });
    assert.strictEqual(at(tl, 13).kubectl.restarts, '2 (10s ago)');
    assert.strictEqual(at(tl, 13).kubectl.lastRestartAt, 3);
  });
});

describe('lifecycle VAL: validation instead of simulation', () => {
  const rejected = (spec: Record<string, unknown>): string[] => {
    const tl = simulatePod(spec);
    assert.strictEqual(tl.snapshots.length, 0, 'not simulated');
    return tl.warnings.map((w) => `${w.rule} ${w.message}`);
  };
  it('VAL-2: liveness successThreshold must be 1', () => {
    assert.deepStrictEqual(rejected({ containers: [c('app', { livenessProbe: probe({ successThreshold: 2 }) })] }), ['VAL-2 spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']);
  });
  it('VAL-2b: readiness probes may not set terminationGracePeriodSeconds', () => {
    assert.match(rejected({ containers: [c('app', { readinessProbe: probe({ terminationGracePeriodSeconds: 5 }) })] })[0] ?? '', /^VAL-2b .*must not be set for readinessProbes/);
  });
  it('VAL-2c: a probe needs exactly one handler', () => {
    assert.deepStrictEqual(rejected({ containers: [c('app', { livenessProbe: { periodSeconds: 5 } })] }), ['VAL-2c spec.containers[0].livenessProbe: Required value: must specify a handler type']);
    assert.deepStrictEqual(rejected({ containers: [c('app', { livenessProbe: { exec: { command: ['a'] }, tcpSocket: { port: 1 } } })] }), ['VAL-2c spec.containers[0].livenessProbe: Forbidden: may not specify more than 1 handler type']);
  });
  it('VAL-6: container names are unique across init and app containers', () => {
    assert.deepStrictEqual(rejected({ initContainers: [c('x')], containers: [c('x')] }), ['VAL-6 spec.containers[0].name: Duplicate value: "x"']);
  });
  it('VAL-7: gRPC probes cannot use named ports', () => {
    assert.match(rejected({ containers: [c('app', { livenessProbe: { grpc: { port: 'grpc' } } })] })[0] ?? '', /^VAL-7 /);
  });
  it('VAL-4: an init container restartPolicy other than Always', () => {
    assert.match(rejected({ initContainers: [c('x', { restartPolicy: 'OnFailure' })], containers: [c('app')] })[0] ?? '', /^VAL-4 .*Unsupported value: "OnFailure"/);
  });
});

describe('lifecycle SIM: determinism', () => {
  it('SIM-6: the same input gives the same Timeline', () => {
    const spec = { initContainers: [c('a'), c('s', { restartPolicy: 'Always', startupProbe: probe() })], containers: [c('app', { livenessProbe: probe() })] };
    const scenario = { containers: { app: { probes: { liveness: [{ from: 30, result: 'failure' as const }] } } }, events: [{ delete: { at: 200 } }] };
    assert.deepStrictEqual(simulatePod(spec, scenario), simulatePod(spec, scenario));
  });
});
