// Starts a throw-away code-server on 127.0.0.1 with the podls .vsix installed (recipe sections 3-5).
// Everything it writes stays in the run dir; stop() kills its whole process group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { run } from './install.mjs';

/** User settings that keep the workbench quiet, offline and quick (recipe section 3). */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'editor.hover.delay': 100,
  'editor.lightbulb.enabled': 'on',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  'files.autoSave': 'off',
  'workbench.editor.enablePreview': false,
};

/** A free TCP port on 127.0.0.1 (asks the kernel for one, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Environment that keeps code-server's config, data and cache dirs inside the run dir. */
function isolatedEnv(runDir) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
  };
}

/**
 * Installs the .vsix into a fresh extensions dir, then starts code-server in its own process group.
 * @param {{bin: string, vsix: string, workspace: string, runDir: string, log: string}} o
 * @returns {Promise<{url: string, pid: number, installMs: number, startMs: number, stop: () => Promise<void>}>}
 */
export async function startCodeServer(o) {
  const userData = path.join(o.runDir, 'user-data');
  const extensions = path.join(o.runDir, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = isolatedEnv(o.runDir);

  const t0 = Date.now();
  run(o.bin, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', o.vsix], { env, log: o.log, timeoutMs: 120000 });
  const installMs = Date.now() - t0;

  const port = await freePort();
  const out = fs.openSync(o.log, 'a');
  const t1 = Date.now();
  // A shell leads a new process group: it runs code-server and, should this Node process die without
  // cleaning up (SIGKILL, crash), notices within a second and kills the whole group (extension host, LSP server).
  const guard = 'P=$1; shift; "$@" & C=$!; while kill -0 "$P" 2>/dev/null && kill -0 "$C" 2>/dev/null; do sleep 1; done; kill -TERM 0';
  const child = spawn('sh', ['-c', guard, 'podls-e2e-guard', String(process.pid), o.bin,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userData, '--extensions-dir', extensions, o.workspace,
  ], { env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const pid = child.pid ?? 0;
  let exited = false;
  child.on('exit', () => { exited = true; });

  const stop = async () => {
    for (const [sig, waitMs] of [['SIGTERM', 3000], ['SIGKILL', 1000]]) {
      try {
        process.kill(-pid, sig);
      } catch {
        return; // the group is gone
      }
      const until = Date.now() + waitMs;
      while (Date.now() < until) {
        try {
          process.kill(-pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) throw new Error(`code-server exited before listening; see ${o.log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${o.log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid, installMs, startMs: Date.now() - t1, stop };
}
