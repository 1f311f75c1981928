// Installs what the e2e run needs, outside the repo's dependencies:
// Debian's chromium and ripgrep (apt), and code-server from npm into a cache dir reused between runs.
// Follows ../shared/e2e/code-server-recipe.md sections 1 and 2.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
// @vscode/ripgrep version pinned by code-server 4.100.3's shrinkwrap, and the asset it looks for.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/**
 * Runs a command with inherited or captured output; throws with its stderr tail on failure.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, log?: string, timeoutMs?: number}} [opts]
 */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 15 * 60 * 1000,
    killSignal: 'SIGKILL',
  });
  if (opts.log) fs.appendFileSync(opts.log, `$ ${cmd} ${args.join(' ')}\n${res.stdout ?? ''}${res.stderr ?? ''}\n`);
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.split('\n').slice(-30).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${res.status}, signal ${res.signal}${res.error ? `, ${res.error.message}` : ''})\n${tail}`);
  }
  return res.stdout;
}

/** True if an executable is on PATH. */
function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Installs the given Debian packages with apt-get (after `apt-get update`) when the list is not empty.
 * Needs root and the Debian mirror.
 * @param {string[]} packages
 * @param {string} log
 */
function aptInstall(packages, log) {
  if (packages.length === 0) return;
  run('apt-get', ['update', '-qq'], { log });
  run('apt-get', ['install', '-y', '-qq', ...packages], { log, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * Installs Debian's chromium and ripgrep when missing.
 * Returns the chromium binary to launch (the real binary, not the /usr/bin wrapper that prints noise).
 * @param {string} log
 */
export function ensureDebianPackages(log) {
  const missing = [];
  if (!fs.existsSync('/usr/lib/chromium/chromium') && !onPath('chromium')) missing.push('chromium');
  if (!onPath('rg')) missing.push('ripgrep');
  aptInstall(missing, log);
  return fs.existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
}

/** Installs what code-server's native modules need to compile: libkrb5-dev (kerberos), build-essential, python3. */
function ensureBuildPackages(log) {
  const missing = [];
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!onPath('g++') || !onPath('make')) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  aptInstall(missing, log);
}

/** Path of the code-server launcher inside an install dir. */
function codeServerBin(dir) {
  return path.join(dir, 'node_modules', '.bin', 'code-server');
}

/**
 * Installs code-server from npm into `<cacheDir>/code-server-<version>` unless a finished install is there.
 * Offline fixes from the recipe: a seeded ripgrep cache (Debian's rg), npx allowed for node-gyp,
 * native modules built from source against /usr/include/node.
 * @param {string} cacheDir
 * @param {string} log
 * @returns {{bin: string, cached: boolean}}
 */
export function ensureCodeServer(cacheDir, log) {
  const dir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const stamp = path.join(dir, '.installed');
  if (fs.existsSync(stamp) && fs.existsSync(codeServerBin(dir))) return { bin: codeServerBin(dir), cached: true };

  ensureBuildPackages(log);
  const rgCache = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const asset = path.join(rgCache, RIPGREP_ASSET);
  if (!fs.existsSync(asset)) {
    const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-rgpkg-'));
    fs.copyFileSync(run('sh', ['-c', 'command -v rg']).trim(), path.join(pkg, 'rg'));
    fs.mkdirSync(rgCache, { recursive: true });
    run('tar', ['czf', asset, '-C', pkg, 'rg']);
    fs.rmSync(pkg, { recursive: true, force: true });
  }

  const tmp = `${dir}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"podls-e2e-code-server","private":true}\n');
  run('npm', ['install', '--unsafe-perm', '--no-save', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: tmp,
    log,
    env: {
      ...process.env,
      npm_config_yes: 'true',
      npm_config_build_from_source: 'true',
      npm_config_nodedir: '/usr',
      npm_config_update_notifier: 'false',
    },
  });
  const rg = path.join(tmp, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg');
  if (!fs.existsSync(rg)) throw new Error(`code-server install has no ripgrep at ${rg}; see ${log}`);
  fs.writeFileSync(path.join(tmp, '.installed'), `${new Date().toISOString()}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { bin: codeServerBin(dir), cached: false };
}
