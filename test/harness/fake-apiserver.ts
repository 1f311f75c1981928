/**
 * The real `kubectl` against ../shared/tools/fake-apiserver.py (one release's OpenAPI v3 documents plus
 * minimal discovery on 127.0.0.1), for conformance tests. {@link startFakeApiserver} skips the calling suite
 * when kubectl or python3 is absent; the server is stopped by {@link FakeApiserver.stop}.
 */
import * as childProcess from 'child_process';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';

/** A running fake apiserver. */
export interface FakeApiserver {
  readonly port: number;
  /** Runs `kubectl --server=... <args>`; resolves with its output (never rejects). */
  kubectl(args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(port: number, child: childProcess.ChildProcess): Promise<void> {
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`fake apiserver exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/version' }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('fake apiserver did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when `cmd args` runs and exits 0. */
export function hasCommand(cmd: string, args: readonly string[]): boolean {
  return childProcess.spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/**
 * Starts the fake apiserver of `../shared` (`shared`) on `specDir` (a `k8s-openapi/<version>` folder), or
 * skips the suite (`ctx`) when kubectl or python3 is missing.
 */
export async function startFakeApiserver(ctx: Mocha.Context, shared: string, specDir: string): Promise<FakeApiserver> {
  if (!hasCommand('kubectl', ['version', '--client']) || !hasCommand('python3', ['--version'])) {
    process.stdout.write('      (skipped: kubectl or python3 is absent)\n');
    ctx.skip();
  }
  const port = await freePort();
  const child = childProcess.spawn('python3', [path.join(shared, 'tools', 'fake-apiserver.py'), specDir, String(port)], { stdio: 'ignore' });
  try {
    await waitForServer(port, child);
  } catch (e) {
    child.kill();
    throw e;
  }
  return {
    port,
    kubectl: (args) =>
      new Promise((resolve) => {
        childProcess.execFile('kubectl', [`--server=http://127.0.0.1:${port}`, ...args], (err, stdout, stderr) =>
          resolve({ stdout, stderr, code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1 }),
        );
      }),
    stop: () => {
      child.kill();
    },
  };
}
