#!/usr/bin/env node
// podls end-to-end test: the packaged extension in a real VS Code (code-server 4.100.3) driven by
// playwright-core in Debian's Chromium. Recipe: ../shared/e2e/code-server-recipe.md.
//
//   npm run test:e2e            (node test/e2e/run.mjs)
//
// Steps: install chromium/ripgrep (apt, if missing) and code-server (npm, cached in .e2e-cache/), build
// (if out/dist is missing), package out/podls.vsix, start a fresh code-server on 127.0.0.1:<free port> with
// a copy of test/e2e/workspace/, then drive it. Screenshots: test-output/e2e/NN-<step>.png.
// Prints `N passed, N failed, N skipped` and exits 1 if anything failed.
//
// Environment:
//   PODLS_E2E_CACHE     cache dir for code-server (default <repo>/.e2e-cache)
//   PODLS_E2E_OUT       screenshots and logs (default <repo>/test-output/e2e)
//   PODLS_E2E_EXT_DIR   extension folder to package (default <repo>); PODLS_E2E_VSIX: use this .vsix as is
//   PODLS_E2E_NO_BUILD  1: never run `npm run build`
//   PODLS_E2E_TIMEOUT   whole-run watchdog in seconds (default 900)
//   PODLS_E2E_HEADED    1: show the browser (needs a display)
//   PODLS_E2E_STEPS     comma-separated step names to run (the workbench step always runs)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCodeServer } from './lib/code-server.mjs';
import { ensureCodeServer, ensureDebianPackages, run } from './lib/install.mjs';
import { probeServerCapabilities } from './lib/lsp-probe.mjs';
import {
  activeEditor, anyHoverOn, dismiss, goTo, hoverToken, openFile, pasteText, problemRows, runCommand, sleep, squash,
  waitForProblem, waitForWebviewText, webviewBody,
} from './lib/workbench.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = path.resolve(process.env.PODLS_E2E_CACHE ?? path.join(REPO, '.e2e-cache'));
const OUT = path.resolve(process.env.PODLS_E2E_OUT ?? path.join(REPO, 'test-output', 'e2e'));
const EXT_DIR = path.resolve(process.env.PODLS_E2E_EXT_DIR ?? REPO);
const WATCHDOG_S = Number(process.env.PODLS_E2E_TIMEOUT ?? 900);
const STEP_TIMEOUT_MS = 90000;
const ONLY = process.env.PODLS_E2E_STEPS ? process.env.PODLS_E2E_STEPS.split(',').map((x) => x.trim()) : undefined;

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[e2e ${secs(Date.now() - t0)}] ${msg}`);

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const LOG = path.join(OUT, 'e2e.log');
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-e2e-'));

/** Cleanup callbacks, run once on any exit path. */
const cleanups = [];
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        log(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // Keep VS Code's logs (extension host, the podls output channel) for post-mortems.
    const logs = path.join(runDir, 'user-data', 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(OUT, 'vscode-logs'), { recursive: true });
    fs.rmSync(runDir, { recursive: true, force: true });
  })();
  return cleaning;
}
const watchdog = setTimeout(async () => {
  log(`watchdog: the run took more than ${WATCHDOG_S} s, stopping`);
  console.log('0 passed, 1 failed');
  await cleanup();
  process.exit(1);
}, WATCHDOG_S * 1000);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

/** Newest mtime (ms) of the files under `dir`, recursively; 0 when missing. */
function newestMtime(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds (when the bundles are missing or older than the sources) and packages the .vsix; returns its path. */
function packageVsix() {
  if (process.env.PODLS_E2E_VSIX) return path.resolve(process.env.PODLS_E2E_VSIX);
  const bundles = ['out/dist/extension.js', 'out/dist/podls.js'].map((f) => path.join(EXT_DIR, f));
  const missing = bundles.some((b) => !fs.existsSync(b));
  const oldest = missing ? 0 : Math.min(...bundles.map((b) => fs.statSync(b).mtimeMs));
  const stale = !missing && ['client/src', 'server/src'].some((d) => newestMtime(path.join(EXT_DIR, d)) > oldest);
  if ((missing || stale) && process.env.PODLS_E2E_NO_BUILD !== '1') {
    log(`bundles ${missing ? 'missing' : 'older than the sources'}: npm run build`);
    run('npm', ['run', 'build'], { cwd: EXT_DIR, log: LOG });
  } else if (missing) {
    throw new Error(`no ${bundles.join(', ')} and PODLS_E2E_NO_BUILD=1`);
  }
  const vsix = path.join(EXT_DIR, 'out', 'podls.vsix');
  run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix], { cwd: EXT_DIR, log: LOG });
  return vsix;
}

/** Lists the files in a .vsix (a zip) with their sizes, via `unzip -l` when present. */
function vsixListing(vsix) {
  const res = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout : '(unzip not installed)';
}

/** Palette label (`category: title`) of a contributed command, or undefined when it is not contributed. */
function commandLabel(manifest, id) {
  const cmd = (manifest.contributes?.commands ?? []).find((c) => c.command === id);
  if (!cmd) return undefined;
  return cmd.category ? `${cmd.category}: ${cmd.title}` : cmd.title;
}

/** Sets up, runs every step and reports; returns the exit code. */
async function main() {
  // ---------------------------------------------------------------------------------------------------------
  // Setup
  // ---------------------------------------------------------------------------------------------------------
  const timings = {};
  let t = Date.now();
  const chromiumBin = ensureDebianPackages(LOG);
  const { bin: codeServer, cached } = ensureCodeServer(CACHE, LOG);
  timings.install = Date.now() - t;
  log(`code-server ${cached ? 'from cache' : 'installed'}; chromium ${chromiumBin} (${secs(timings.install)})`);

  t = Date.now();
  const vsix = packageVsix();
  timings.package = Date.now() - t;
  const vsixSize = fs.statSync(vsix).size;
  fs.writeFileSync(path.join(OUT, 'vsix-files.txt'), vsixListing(vsix));
  log(`packaged ${path.relative(REPO, vsix) || vsix}: ${(vsixSize / 1024).toFixed(1)} KiB (${secs(timings.package)}; file list in vsix-files.txt)`);

  const manifest = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'package.json'), 'utf8'));
  /** The server's `initialize` capabilities, or the reason they could not be read. */
  let capabilities;
  let probeError = '';
  try {
    capabilities = await probeServerCapabilities(path.join(EXT_DIR, 'out', 'dist', 'podls.js'));
    log(`server capabilities: ${Object.keys(capabilities).sort().join(', ')}`);
  } catch (e) {
    probeError = e instanceof Error ? e.message : String(e);
    log(`capability probe failed: ${probeError}`);
  }

  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.join(REPO, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  // A Helm chart for the template step: podinfo's real chart from ../shared when it is there (read at run time,
  // never kept in the repository), else the test fixture chart. It is copied in by that step (the last), so that its
  // many YAML files do not crowd Quick Open for the other steps.
  const podinfo = path.join(REPO, '..', 'shared', 'external', 'layouts', '09-podinfo-helm-chart', 'charts', 'podinfo');
  const chart = fs.existsSync(podinfo) ? { from: podinfo, name: 'podinfo' } : { from: path.join(REPO, 'test', 'fixtures', 'helm', 'webapp'), name: 'webapp' };
  // The workspace is a git repository (issue 14: updates are checked against the committed files, `podls.previous`).
  // Only deployment.yaml is committed: the other steps edit Pods, and a committed Pod may change nothing but images.
  const gitArgs = ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', '-c', 'commit.gpgsign=false'];
  const gitReady = ['init -q', 'add deployment.yaml', 'commit -q -m fixtures'].every(
    (cmd) => spawnSync('git', [...gitArgs, ...cmd.split(' ')], { cwd: workspace, stdio: 'ignore' }).status === 0,
  );
  log(gitReady ? 'workspace committed to git' : 'git unavailable: the update step will be skipped');

  t = Date.now();
  const cs = await startCodeServer({ bin: codeServer, vsix, workspace, runDir, log: path.join(OUT, 'code-server.log') });
  cleanups.push(() => cs.stop());
  timings.server = Date.now() - t;
  log(`code-server on ${cs.url} (pid ${cs.pid}; extension install ${secs(cs.installMs)}, listening after ${secs(cs.startMs)})`);

  t = Date.now();
  const profile = path.join(runDir, 'chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumBin,
    headless: process.env.PODLS_E2E_HEADED !== '1',
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  cleanups.push(() => context.close());
  const offHost = [];
  const watchRequests = (p) => p.on('request', (r) => {
    const u = r.url();
    if (!/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(u) && !/^(data|blob|about|vscode-[a-z-]+):/.test(u)) offHost.push(u);
  });
  context.on('page', watchRequests);
  const page = context.pages()[0] ?? (await context.newPage());
  watchRequests(page);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  timings.browser = Date.now() - t;

  // ---------------------------------------------------------------------------------------------------------
  // Steps
  // ---------------------------------------------------------------------------------------------------------
  const results = [];
  let shot = 0;
  /** Saves a numbered screenshot and returns its file name. */
  async function screenshot(name) {
    const file = `${String(++shot).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: path.join(OUT, file) }).catch(() => {});
    return file;
  }

  class Skip extends Error {}

  /**
   * Runs one step with a timeout; records pass, fail (with a screenshot) or skip, and goes on.
   * @param {string} name
   * @param {() => Promise<string | void>} fn returns a short note for the report
   */
  async function step(name, fn) {
    if (ONLY && !ONLY.includes(name) && name !== 'workbench') return;
    const start = Date.now();
    let timer;
    try {
      const note = await Promise.race([
        fn(),
        new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`step timed out after ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS); }),
      ]);
      results.push({ name, status: 'passed', note: note ?? '', ms: Date.now() - start });
      log(`PASS ${name} (${secs(Date.now() - start)})${note ? `: ${note}` : ''}`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof Skip) {
        results.push({ name, status: 'skipped', note: msg, ms: Date.now() - start });
        log(`SKIP ${name}: ${msg}`);
      } else {
        const file = await screenshot(`${name}-FAILED`);
        results.push({ name, status: 'failed', note: msg, ms: Date.now() - start });
        log(`FAIL ${name} (${secs(Date.now() - start)}): ${msg.split('\n')[0]} [${file}]`);
      }
    } finally {
      clearTimeout(timer);
      await dismiss(page).catch(() => {});
    }
  }

  t = Date.now();
  await step('workbench', async () => {
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'pod.yaml' }).waitFor({ timeout: 60000 });
    await screenshot('workbench');
    return `ready after ${secs(Date.now() - t)}`;
  });

  await step('pod-hover', async () => {
    await openFile(page, 'pod.yaml', 'apiVersion');
    const text = await hoverToken(page, 'restartPolicy', 'Restart policy for all containers');
    if (!text) throw new Error('no hover with the kubectl-explain description of pod.spec.restartPolicy');
    await sleep(400); // the hover fades in
    await screenshot('pod-hover');
    const flat = squash(text);
    if (!flat.includes('restartPolicy')) throw new Error(`hover lacks the field name: ${flat}`);
    return JSON.stringify(flat.slice(0, 160));
  });

  await step('pod-completion', async () => {
    const editor = activeEditor(page);
    await goTo(page, 12, 1); // the `image:` line of the container
    await page.keyboard.press('End');
    await page.keyboard.press('Enter'); // auto-indent: the cursor is where a new container field goes
    const widget = page.locator('.editor-widget.suggest-widget');
    const items = widget.locator('.monaco-list-row');
    const readLabels = async () => {
      const labels = [];
      const n = await items.count();
      for (let i = 0; i < n; i++) labels.push(squash(await items.nth(i).locator('.label-name').innerText().catch(() => '')));
      return labels;
    };
    // 1. Ctrl+Space on the empty line: container fields (retry while the server starts answering).
    let first = [];
    for (let i = 0; i < 5 && first.length === 0; i++) {
      await page.keyboard.press('Control+Space');
      await items.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
      first = (await readLabels()).filter(Boolean);
      if (first.length === 0) await page.keyboard.press('Escape');
    }
    await screenshot('pod-completion-list');
    // 2. Narrow with a prefix: livenessProbe must be offered.
    await page.keyboard.type('live');
    const want = items.filter({ hasText: 'livenessProbe' }).first();
    let ok = await want.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (!ok) {
      await page.keyboard.press('Control+Space');
      ok = await want.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    }
    const narrowed = await readLabels();
    await screenshot('pod-completion-live');
    await page.keyboard.press('Escape');
    await runCommand(page, 'File: Revert File');
    await editor.locator('.view-lines', { hasText: 'imagePullPolcy' }).waitFor({ timeout: 10000 });
    if (first.length === 0) throw new Error('Ctrl+Space in a container offered nothing');
    if (!ok) throw new Error(`no livenessProbe completion after "live"; items: ${JSON.stringify(narrowed)}`);
    return `visible items: ${first.join(', ')}; after "live": ${narrowed.join(', ')}`;
  });

  await step('pod-diagnostics', async () => {
    await activeEditor(page).locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 30000 });
    const rows = await waitForProblem(page, 'imagePullPolcy');
    await screenshot('pod-problems');
    const podls = rows.filter((r) => /podls/.test(r));
    if (podls.length === 0) throw new Error(`no Problems row names podls as its source: ${JSON.stringify(rows)}`);
    return rows.join(' | ');
  });

  await step('pod-quick-fix', async () => {
    if (!capabilities) throw new Error(`cannot tell whether the server has quick fixes: ${probeError}`);
    if (!capabilities.codeActionProvider) throw new Skip('no code action: the server does not declare codeActionProvider');
    const editor = activeEditor(page);
    await goTo(page, 13, 9); // inside `imagePullPolcy`
    // VS Code 1.100 draws the light bulb in the glyph margin (`gutter-lightbulb*`) or as a content widget.
    const bulb = editor.locator('[class*="gutter-lightbulb"], .lightBulbWidget').locator('visible=true').first();
    let via = 'light bulb';
    try {
      await bulb.waitFor({ state: 'visible', timeout: 8000 });
      await bulb.click();
    } catch {
      via = 'Ctrl+.';
      await page.keyboard.press('Control+.');
    }
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: 10000 });
    const rows = menu.locator('.monaco-list-row.action');
    await rows.first().waitFor({ timeout: 10000 });
    const titles = [];
    for (let i = 0; i < (await rows.count()); i++) titles.push(squash(await rows.nth(i).innerText()));
    await screenshot('pod-quick-fix-menu');
    const index = titles.findIndex((title) => title.includes('imagePullPolicy'));
    if (index < 0) throw new Error(`no quick fix mentions imagePullPolicy; offered: ${JSON.stringify(titles)}`);
    // The first action is focused when the menu opens; mouse clicks on rows are flaky (hover re-renders the list).
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await editor.locator('.view-lines', { hasText: 'imagePullPolicy: IfNotPresent' }).waitFor({ timeout: 10000 });
    const text = squash(await editor.locator('.view-lines').innerText());
    if (text.includes('imagePullPolcy')) throw new Error('the typo is still in the text after the fix');
    // The server re-checks the edited text: the diagnostic goes away.
    const until = Date.now() + 15000;
    let after = await problemRows(page);
    while (after.some((r) => r.includes('imagePullPolcy')) && Date.now() < until) {
      await sleep(300);
      after = await problemRows(page);
    }
    if (after.some((r) => r.includes('imagePullPolcy'))) throw new Error(`the diagnostic stayed after the fix: ${JSON.stringify(after)}`);
    await screenshot('pod-quick-fix-applied');
    await runCommand(page, 'File: Revert File');
    return `via ${via}; offered: ${titles.join(' | ')}`;
  });

  await step('pod-security', async () => {
    // restricted/namespace.yaml labels namespace "secure" enforce=restricted; the Pod in restricted/secure-web.yaml violates it.
    await runCommand(page, 'View: Close All Editors');
    const editor = await openFile(page, 'restricted/secure-web.yaml', 'namespace: secure');
    const rows = await waitForProblem(page, 'violates PodSecurity "restricted:latest"');
    await screenshot('pod-security-problem');
    const row = rows.find((r) => r.includes('violates PodSecurity'));
    if (!row.includes('pods "secure-web" is forbidden')) throw new Error(`not the apiserver's text: ${row}`);
    await goTo(page, 8, 9); // `name: web`, the container the first offending field belongs to
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: 10000 });
    const actions = menu.locator('.monaco-list-row.action');
    await actions.first().waitFor({ timeout: 10000 });
    const titles = [];
    for (let i = 0; i < (await actions.count()); i++) titles.push(squash(await actions.nth(i).innerText()));
    await screenshot('pod-security-quick-fix-menu');
    const index = titles.findIndex((title) => title.includes('Make this Pod restricted'));
    if (index < 0) throw new Error(`no "Make this Pod restricted" quick fix; offered: ${JSON.stringify(titles)}`);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await editor.locator('.view-lines', { hasText: 'allowPrivilegeEscalation: false' }).waitFor({ timeout: 10000 });
    const text = squash(await editor.locator('.view-lines').innerText());
    if (!text.includes('# the web server')) throw new Error('the fix lost the comment');
    const until = Date.now() + 15000;
    let after = await problemRows(page);
    while (after.some((r) => r.includes('violates PodSecurity')) && Date.now() < until) {
      await sleep(300);
      after = await problemRows(page);
    }
    if (after.some((r) => r.includes('violates PodSecurity'))) throw new Error(`the Pod Security error stayed after the fix: ${JSON.stringify(after)}`);
    await screenshot('pod-security-fixed');
    await runCommand(page, 'File: Revert File');
    return `${row.slice(0, 120)}...; offered: ${titles.join(' | ')}`;
  });

  await step('deployment', async () => {
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'deployment.yaml', 'Deployment');
    const text = await hoverToken(page, 'replicas', 'Number of desired pods');
    if (!text) throw new Error('no hover with the kubectl-explain description of deployment.spec.replicas');
    await sleep(400);
    await screenshot('deployment-hover');
    await dismiss(page);
    const rows = await waitForProblem(page, 'deployment.yaml');
    await screenshot('deployment-problems');
    return `hover: ${JSON.stringify(squash(text).slice(0, 100))}; problems: ${rows.filter((r) => /podls/.test(r)).join(' | ')}`;
  });

  await step('explain-document', async () => {
    const label = commandLabel(manifest, 'podls.explainField');
    if (!label) throw new Skip('package.json contributes no podls.explainField command');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'pod.yaml', 'apiVersion');
    await goTo(page, 9, 5); // on `restartPolicy`
    await runCommand(page, label);
    const doc = activeEditor(page);
    await doc.locator('.view-lines', { hasText: 'DESCRIPTION' }).waitFor({ timeout: 20000 });
    const text = squash(await doc.locator('.view-lines').innerText());
    const tab = squash(await page.locator('.editor-group-container.active .tab.active').first().innerText());
    await screenshot('explain-document');
    if (!text.includes('restartPolicy') || !text.includes('Restart policy for all containers')) throw new Error(`unexpected explain text: ${JSON.stringify(text.slice(0, 300))}`);
    return `tab ${JSON.stringify(tab)}: ${JSON.stringify(text.slice(0, 120))}`;
  });

  await step('status-bar', async () => {
    if (!commandLabel(manifest, 'podls.selectSchema')) throw new Skip('package.json contributes no podls.selectSchema command');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'pod.yaml', 'apiVersion');
    const item = page.locator('.statusbar-item', { hasText: /K8s \d+\.\d+/ }).first();
    await item.waitFor({ timeout: 20000 });
    const text = squash(await item.innerText());
    await item.click();
    const picks = page.locator('.quick-input-list .monaco-list-row');
    await picks.first().waitFor({ timeout: 10000 });
    const labels = [];
    for (let i = 0; i < (await picks.count()); i++) labels.push(squash(await picks.nth(i).innerText()));
    await screenshot('status-bar-pick');
    await page.keyboard.press('Escape');
    if (!labels.some((l) => /Bundled/i.test(l))) throw new Error(`the schema quick pick lacks the bundled choice: ${JSON.stringify(labels)}`);
    return `${JSON.stringify(text)}; picks: ${labels.join(' | ')}`;
  });

  await step('lifecycle-preview', async () => {
    const id = ['podls.previewLifecycle', 'podls.showLifecyclePreview'].find((c) => commandLabel(manifest, c));
    const label = id && commandLabel(manifest, id);
    if (!label) throw new Skip('no lifecycle preview: package.json contributes no podls.previewLifecycle command');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'pod.yaml', 'apiVersion');
    await runCommand(page, label);
    await webviewBody(page).waitFor({ timeout: 30000 });
    const { ok, text } = await waitForWebviewText(page, (x) => /Running/.test(x));
    await screenshot('lifecycle-webview');
    if (!ok) throw new Error(`the webview never showed the Running phase; text: ${JSON.stringify(text.slice(0, 300))}`);
    return JSON.stringify(text.slice(0, 200));
  });

  /** Opens the lifecycle preview of pod.yaml with its `Preview lifecycle` code lens; returns the lens text. */
  async function openPreviewByCodeLens() {
    if (!capabilities) throw new Error(`cannot tell whether the server has code lenses: ${probeError}`);
    if (!capabilities.codeLensProvider) throw new Skip('no code lens: the server does not declare codeLensProvider');
    await runCommand(page, 'View: Close All Editors'); // closes the preview too
    await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
    await openFile(page, 'pod.yaml', 'apiVersion');
    // VS Code 1.100 renders lenses as `.codelens-decoration a` (role=button) in a view zone above the line.
    const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Preview lifecycle' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30000 });
    const lensText = squash(await lens.innerText());
    await lens.click();
    await page.locator('.tab', { hasText: /Lifecycle: Pod\/web|Pod lifecycle/ }).first().waitFor({ timeout: 30000 });
    await webviewBody(page).waitFor({ timeout: 30000 });
    return lensText;
  }
  const WAIT_CONTAINER = /\bwait init\b/; // the containers table row of the init container `wait` (type init)

  await step('lifecycle-code-lens', async () => {
    const lensText = await openPreviewByCodeLens();
    const { ok, text } = await waitForWebviewText(page, (x) => /Running/.test(x) && x.includes('Pod/web'));
    const tab = squash(await page.locator('.tab.active', { hasText: 'Lifecycle' }).first().innerText().catch(() => ''));
    await screenshot('lifecycle-code-lens');
    if (!ok) throw new Error(`the webview opened by the code lens never showed Pod/web Running; text: ${JSON.stringify(text.slice(0, 300))}`);
    return `lens ${JSON.stringify(lensText)} -> tab ${JSON.stringify(tab)}: ${JSON.stringify(text.slice(0, 120))}`;
  });

  await step('lifecycle-live-update', async () => {
    // Needs the preview of pod.yaml; opens it itself when run alone (PODLS_E2E_STEPS=lifecycle-live-update).
    const open = await waitForWebviewText(page, (x) => x.includes('Pod/web'), 1000);
    if (!open.ok) await openPreviewByCodeLens();
    const before = await waitForWebviewText(page, (x) => /Running/.test(x));
    if (!before.ok) throw new Error(`no Running preview before the edit: ${JSON.stringify(before.text.slice(0, 300))}`);
    if (WAIT_CONTAINER.test(before.text) || before.text.includes('Init:')) throw new Error('the preview mentions the init container before the edit');
    // Back to pod.yaml (the preview has the focus), then paste an init container above `restartPolicy` (line 9).
    await runCommand(page, 'View: Focus First Editor Group');
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'pod.yaml' }).waitFor({ timeout: 10000 });
    await goTo(page, 9, 1);
    await pasteText(page, '  initContainers:\n    - name: wait\n      image: busybox\n');
    const editor = activeEditor(page);
    await editor.locator('.view-lines', { hasText: 'initContainers' }).waitFor({ timeout: 10000 });
    const lines = (await editor.locator('.view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
    for (const want of ['  initContainers:', '    - name: wait', '      image: busybox', '  restartPolicy: Always']) {
      if (!lines.includes(want)) throw new Error(`the edit did not land as pasted: no line ${JSON.stringify(want)} in ${JSON.stringify(lines.slice(0, 14))}`);
    }
    const t = Date.now();
    const after = await waitForWebviewText(page, (x) => WAIT_CONTAINER.test(x), 15000);
    const ms = Date.now() - t;
    await screenshot('lifecycle-live-update');
    if (!after.ok) throw new Error(`the preview did not show the init container \`wait\` within 15 s of the edit; text: ${JSON.stringify(after.text.slice(0, 400))}`);
    const init = after.text.match(/Init:\S+/g) ?? [];
    // Revert: the preview follows back to the Pod without the init container.
    await runCommand(page, 'View: Focus First Editor Group');
    await runCommand(page, 'File: Revert File');
    await editor.locator('.view-lines', { hasText: 'restartPolicy' }).waitFor({ timeout: 10000 });
    const reverted = await waitForWebviewText(page, (x) => /Running/.test(x) && !WAIT_CONTAINER.test(x), 15000);
    await screenshot('lifecycle-live-revert');
    if (!reverted.ok) throw new Error(`the preview still shows the init container after File: Revert File; text: ${JSON.stringify(reverted.text.slice(0, 300))}`);
    const row = after.text.match(/wait init (?:waiting|running|terminated) \S+/)?.[0] ?? '';
    return `updated ${ms} ms after the edit: ${JSON.stringify(row)}${init.length ? `, kubectl STATUS ${[...new Set(init)].join(' ')}` : ''}; back without it after revert`;
  });

  await step('find-by-selector', async () => {
    const label = commandLabel(manifest, 'podls.findBySelector');
    if (!label) throw new Skip('package.json contributes no podls.findBySelector command');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'pod.yaml', 'apiVersion');
    const input = page.locator('.quick-input-widget input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    // The palette and the command's input box share the quick input widget: press Enter, then wait for the title.
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${label}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await title.filter({ hasText: 'Find by label selector' }).waitFor({ timeout: 15000 });
    await input.fill('app=web');
    await page.keyboard.press('Enter');
    await title.filter({ hasText: 'Objects selected by app=web' }).waitFor({ timeout: 15000 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 10000 });
    await sleep(200); // the list renders its rows in one go; let it settle before reading
    const items = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      items.push({
        label: squash(await row.locator('.label-name').first().innerText().catch(() => '')),
        text: squash(await row.innerText()),
      });
    }
    await screenshot('find-by-selector-pick');
    const labels = items.map((x) => x.label);
    const want = ['Deployment/frontend', 'Pod/web'];
    const missing = want.filter((w) => !labels.includes(w));
    if (missing.length > 0) throw new Error(`the quick pick lacks ${missing.join(', ')}; items: ${JSON.stringify(items)}`);
    if (labels.includes('Deployment/api')) throw new Error(`Deployment/api (app=api) was listed for app=web: ${JSON.stringify(labels)}`);
    // Choose the Deployment (another file than the open pod.yaml); the detail says where it is (`frontend.yaml:2`).
    const chosen = items.find((x) => x.label === 'Deployment/frontend');
    const where = chosen.text.match(/([\w./-]+\.ya?ml):(\d+)/);
    if (!where) throw new Error(`no file:line detail on the Deployment/frontend item: ${JSON.stringify(chosen.text)}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Deployment/frontend' }).first().click();
    await input.waitFor({ state: 'hidden', timeout: 10000 });
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'frontend.yaml' }).waitFor({ timeout: 15000 });
    await activeEditor(page).locator('.view-lines', { hasText: 'name: frontend' }).waitFor({ timeout: 15000 });
    await page.locator('.statusbar-item', { hasText: `Ln ${where[2]}, Col 1` }).first().waitFor({ timeout: 10000 });
    await screenshot('find-by-selector-opened');
    return `items: ${items.map((x) => x.text).join(' | ')}; chose Deployment/frontend -> ${where[1]} at Ln ${where[2]}`;
  });

  await step('update-selector-immutable', async () => {
    if (!gitReady) throw new Skip('git is not available in this environment');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'deployment.yaml', 'Deployment');
    // Line 10 is `      app: api` under spec.selector.matchLabels: change the committed selector.
    await goTo(page, 10, 15);
    await page.keyboard.type('-v2');
    const rows = await waitForProblem(page, 'field is immutable');
    await screenshot('update-selector-immutable');
    const mine = rows.filter((r) => r.includes('spec.selector') && r.includes('field is immutable'));
    if (mine.length === 0) throw new Error(`no spec.selector immutable-field problem: ${JSON.stringify(rows)}`);
    // Reverting to the committed text removes it.
    await runCommand(page, 'File: Revert File');
    const until = Date.now() + 15000;
    let after = await problemRows(page);
    while (after.some((r) => r.includes('field is immutable')) && Date.now() < until) {
      await sleep(300);
      after = await problemRows(page);
    }
    if (after.some((r) => r.includes('field is immutable'))) throw new Error(`the problem stayed after reverting: ${JSON.stringify(after)}`);
    await screenshot('update-selector-reverted');
    return `problem: ${mine[0]}; gone after revert`;
  });

  await step('github-workflow-silent', async () => {
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, '.github/workflows/ci.yml', 'runs-on');
    await sleep(2500); // give a (wrongly) interested server time to publish diagnostics
    const hover = await anyHoverOn(page, 'image');
    await screenshot('workflow-no-hover');
    if (hover) throw new Error(`a hover appeared on a GitHub workflow: ${JSON.stringify(hover)}`);
    const squiggles = await activeEditor(page).locator('.squiggly-error, .squiggly-warning, .squiggly-info').count();
    const rows = await problemRows(page);
    await screenshot('workflow-no-problems');
    const mine = rows.filter((r) => r.includes('ci.yml'));
    if (squiggles > 0 || mine.length > 0) throw new Error(`diagnostics on a GitHub workflow: ${squiggles} squiggles, rows ${JSON.stringify(mine)}`);
    return 'no hover, no diagnostics';
  });

  await step('helm-template', async () => {
    fs.cpSync(chart.from, path.join(workspace, 'charts', chart.name), { recursive: true });
    await runCommand(page, 'View: Close All Editors');
    const file = `charts/${chart.name}/templates/deployment.yaml`;
    // Quick Open lists every deployment.yaml: accept the row of the chart's templates folder (not templates/redis).
    await openFile(page, file, 'Deployment', new RegExp(`deployment\\.yaml\\s*charts/${chart.name}/templates(?!/)`));
    const text = await hoverToken(page, 'replicas', 'Number of desired pods');
    if (!text) throw new Error('no kubectl-explain hover on a static key of the template');
    await dismiss(page);
    await sleep(2500); // give the server time to publish (it must publish nothing)
    const squiggles = await activeEditor(page).locator('.squiggly-error, .squiggly-warning, .squiggly-info').count();
    const rows = (await problemRows(page)).filter((r) => r.includes('deployment.yaml') && /podls|yaml/.test(r));
    await screenshot('helm-template');
    if (squiggles > 0 || rows.length > 0) throw new Error(`problems on a Helm template: ${squiggles} squiggles, rows ${JSON.stringify(rows)}`);
    return `${chart.name} chart: hover ${JSON.stringify(squash(text).slice(0, 60))}; 0 problems`;
  });
  timings.steps = Date.now() - t;

  // ---------------------------------------------------------------------------------------------------------
  // Report
  // ---------------------------------------------------------------------------------------------------------
  clearTimeout(watchdog);
  await cleanup();
  if (offHost.length > 0) log(`requests to other hosts than 127.0.0.1: ${offHost.join(', ')}`);
  if (pageErrors.length > 0) fs.writeFileSync(path.join(OUT, 'page-errors.txt'), pageErrors.join('\n'));
  timings.total = Date.now() - t0;
  const count = (s) => results.filter((r) => r.status === s).length;
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ results, timings, vsixSize, codeServerCached: cached, offHost }, null, 2));
  log(`timings: install ${secs(timings.install)}, package ${secs(timings.package)}, code-server ${secs(timings.server)}, browser ${secs(timings.browser)}, steps ${secs(timings.steps)}, total ${secs(timings.total)}`);
  log(`screenshots and logs: ${path.relative(process.cwd(), OUT) || OUT}`);
  console.log(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  return count('failed') > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  log(`setup failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
process.exit(process.exitCode ?? 1);
