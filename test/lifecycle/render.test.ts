/**
 * The renderers: text (event log + status tables), SVG (the diagram, also rasterised to PNG with
 * headless Chromium when /usr/bin/chromium exists), and the webview HTML builder (CSP, nonce, escaping).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SVG_PALETTE, renderTimelineSvg } from '../../server/src/lifecycle/render-svg';
import { renderTimelineText } from '../../server/src/lifecycle/render-text';
import type { Scenario, Timeline } from '../../server/src/lifecycle/model';
import { REPO_ROOT } from '../harness/shared';
import { c, probe, simulatePod, simulateYaml } from './helpers';

/** The client's pure HTML builder. The test project cannot import client files (it references only the
 * server project), so it is loaded at run time from the same relative path in test/ and out/test/. */
interface HtmlBuilder {
  lifecycleHtml(input: {
    timeline: Timeline;
    presets: readonly { id: string; label: string }[];
    selectedPreset: string;
    nonce: string;
    cspSource: string;
    title: string;
  }): string;
  lifecycleErrorHtml(input: { message: string; nonce: string; cspSource: string }): string;
  scriptJson(value: unknown): string;
}

function isHtmlBuilder(m: unknown): m is HtmlBuilder {
  return typeof m === 'object' && m !== null && 'lifecycleHtml' in m && 'lifecycleErrorHtml' in m && 'scriptJson' in m;
}

function loadHtmlBuilder(): HtmlBuilder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m: unknown = require('../../client/src/lifecycle-html');
  assert.ok(isHtmlBuilder(m), 'client/src/lifecycle-html exports the builder');
  return m;
}

const { lifecycleHtml, lifecycleErrorHtml, scriptJson } = loadHtmlBuilder();

const examplePod = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'pod-init-sidecar.yaml'), 'utf8');

describe('lifecycle DSP: text rendering', () => {
  it('DSP-1: the event log interleaves status changes and ends with kubectl-like tables', () => {
    const tl = simulatePod({ initContainers: [c('init')], containers: [c('app')] }, { until: 60 });
    const text = renderTimelineText(tl, { kind: 'Pod', name: 'p', scenarioLabel: 'Everything succeeds', until: 60 });
    const lines = text.split('\n');
    assert.strictEqual(lines[0], 'Pod p - scenario: Everything succeeds - simulated 0..60 s');
    assert.ok(lines.some((l) => /^1s\s+init\s+ContainerStarted\s+IC-1\s+init container started/.test(l)), text);
    assert.ok(lines.some((l) => /^4s\s+=>\s+Running \| STATUS Running \| READY 1\/1 \| RESTARTS 0 \| Initialized=True ContainersReady=True Ready=True$/.test(l)), text);
    assert.ok(text.includes('NAME  READY  STATUS   RESTARTS  AGE  PHASE\np     1/1    Running  0         60s  Running'), text);
    assert.ok(/Initialized\s+True/.test(text));
  });

  it('VAL: an invalid spec prints the warnings and says it was not simulated', () => {
    const tl = simulatePod({ initContainers: [c('i', { livenessProbe: probe() })], containers: [c('app')] });
    const text = renderTimelineText(tl, { kind: 'Pod', name: 'p', scenarioLabel: 'x', until: 60 });
    assert.ok(text.includes('[VAL-1] spec.initContainers[0].livenessProbe: Forbidden'));
    assert.ok(text.includes('Not simulated'));
  });
});

describe('lifecycle DSP: SVG diagram', () => {
  it('one lane per container, phase and condition bands, axis; all text escaped', () => {
    const tl = simulatePod({ containers: [c('app')] }, { containers: { app: { runs: [{ exitAfter: 1, exitCode: 1 }] } }, until: 120 });
    const svg = renderTimelineSvg(tl, { title: 'Pod <p> & "q"', until: 120 });
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.ok(svg.includes('Pod &lt;p&gt; &amp; &quot;q&quot;'));
    assert.ok(!svg.includes('<p>'));
    assert.ok(svg.includes('class="seg st-backoff"'));
    assert.ok(svg.includes('>PodReadyToStartContainers<'));
    assert.ok(svg.includes('>0 s<'));
    assert.ok(svg.includes('rule BO-3'));
  });

  it('palette values cannot break out of the style element', () => {
    const tl = simulatePod({ containers: [c('app')] });
    const svg = renderTimelineSvg(tl, { title: 't', until: 60, palette: { ...DEFAULT_SVG_PALETTE, ready: 'red}</style><script>alert(1)</script>' } });
    assert.ok(!svg.includes('<script>'));
  });
});

describe('lifecycle webview HTML (client/src/lifecycle-html.ts)', () => {
  const timeline = simulatePod({ containers: [c('app')] }, { until: 60 });
  const html = lifecycleHtml({ timeline, presets: [{ id: 'all-succeed', label: 'Everything succeeds' }], selectedPreset: 'all-succeed', nonce: 'abc123', cspSource: 'vscode-webview://x', title: 'Pod/p' });

  it('has a strict CSP with the nonce on the one script and the styles', () => {
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src vscode-webview://x data:; style-src vscode-webview://x 'nonce-abc123'; script-src 'nonce-abc123';">`));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, ['<script type="application/json" id="podls-data">', '<script nonce="abc123">']);
    const styles = html.match(/<style\b[^>]*>/g) ?? [];
    assert.ok(styles.length >= 2 && styles.every((s) => s === '<style nonce="abc123">'), styles.join());
    assert.ok(!/\sstyle="/.test(html), 'no inline style attributes (blocked by the CSP)');
    assert.ok(!/https?:\/\//.test(html.replace('http://www.w3.org/2000/svg', '')), 'no remote resources');
    assert.ok(html.includes("vscode.postMessage({ type: 'selectScenario', id: picker.value })"));
    assert.ok(html.includes('var(--vscode-editor-foreground'));
    assert.ok(html.includes('id="time" type="range"'));
  });

  it('escapes container names and labels everywhere, including the JSON block', () => {
    const evil = '</script><script>alert(1)</script>';
    const tl = simulatePod({ containers: [c(evil)] }, { until: 30 });
    const page = lifecycleHtml({ timeline: tl, presets: [{ id: `crash-on-start:${evil}`, label: `Container "${evil}" crashes` }], selectedPreset: 'all-succeed', nonce: 'n', cspSource: 'src', title: `Pod/${evil}` });
    assert.ok(!page.includes('<script>alert(1)'), 'no injected script element');
    assert.strictEqual((page.match(/<script\b/g) ?? []).length, 2);
    assert.ok(page.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    const json = /<script type="application\/json" id="podls-data">([^<]*)<\/script>/.exec(page);
    assert.ok(json, 'the JSON block holds no "<"');
    assert.strictEqual((JSON.parse(json[1] ?? '') as { timeline: Timeline }).timeline.snapshots[0]?.containers[0]?.name, evil);
    assert.strictEqual(scriptJson('<&>\u2028'), '"\\u003c\\u0026\\u003e\\u2028"');
  });

  it('the error page has the same CSP and escapes the message', () => {
    const page = lifecycleErrorHtml({ message: '<b>bad</b>', nonce: 'n', cspSource: 's' });
    assert.ok(page.includes("default-src 'none'"));
    assert.ok(page.includes('&lt;b&gt;bad&lt;/b&gt;'));
  });
});

describe('lifecycle SVG rendered to PNG (headless Chromium)', function () {
  this.timeout(60000);
  const chromium = '/usr/bin/chromium';
  const outDir = path.join(REPO_ROOT, 'test-output', 'lifecycle');
  const cases: { name: string; yaml: string; scenario: Scenario; title: string }[] = [
    { name: 'pod-init-sidecar-all-succeed', yaml: examplePod, scenario: { until: 120 }, title: 'Pod web: everything succeeds' },
    { name: 'pod-init-sidecar-init-always-fails', yaml: examplePod, scenario: { until: 200, containers: { migrate: { runs: [{ exitAfter: 3, exitCode: 1 }] } } }, title: 'Pod web: init container "migrate" always fails' },
    { name: 'pod-init-sidecar-liveness-loop', yaml: examplePod, scenario: { until: 400, containers: { app: { probes: { liveness: [{ from: 20, result: 'failure' }] } } } }, title: 'Pod web: liveness of "app" fails after 20 s' },
    { name: 'pod-init-sidecar-delete', yaml: examplePod, scenario: { until: 120, containers: { app: { hooks: { preStop: 'hang' }, onSigterm: 'ignore' } }, events: [{ delete: { at: 40 } }] }, title: 'Pod web: deleted at 40 s, preStop hangs' },
    {
      name: 'job-backoff-limit',
      yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - {name: main, image: x}\n',
      scenario: { containers: { main: { runs: [{ exitAfter: 5, exitCode: 1 }] } } },
      title: 'Job migrate: main always fails (backoffLimit 2)',
    },
  ];

  it('renders non-empty PNGs into test-output/lifecycle/', async function () {
    if (!fs.existsSync(chromium)) {
      process.stdout.write('      (skipped: /usr/bin/chromium is absent; apt-get install -y chromium)\n');
      this.skip();
    }
    const { chromium: pw } = await import('playwright-core');
    fs.mkdirSync(outDir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podls-png-'));
    const ctx = await pw.launchPersistentContext(tmp, {
      executablePath: chromium,
      headless: true,
      viewport: { width: 1200, height: 800 },
      env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_CACHE_HOME: tmp },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    try {
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      for (const k of cases) {
        const tl = simulateYaml(k.yaml, k.scenario);
        const svg = renderTimelineSvg(tl, { title: k.title, until: k.scenario.until ?? 600 });
        fs.writeFileSync(path.join(outDir, `${k.name}.svg`), svg);
        await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
        const png = await page.locator('svg').screenshot();
        const file = path.join(outDir, `${k.name}.png`);
        fs.writeFileSync(file, png);
        assert.ok(png.length > 5000, `${k.name}: PNG of ${png.length} bytes`);
        assert.strictEqual(png.subarray(1, 4).toString('latin1'), 'PNG');
      }
      // The webview page: CSP-clean, the script fills the status table at the slider time, the picker posts.
      const tl = simulateYaml(examplePod, { until: 400, containers: { app: { probes: { liveness: [{ from: 20, result: 'failure' }] } } } });
      const html = lifecycleHtml({
        timeline: tl,
        presets: [
          { id: 'all-succeed', label: 'Everything succeeds' },
          { id: 'liveness-fails-after:app:20', label: 'Liveness of "app" fails after 20 s' },
        ],
        selectedPreset: 'liveness-fails-after:app:20',
        nonce: 'bm9uY2U0dGVzdA==',
        cspSource: 'vscode-webview://test',
        title: 'Pod/web',
      });
      const file = path.join(tmp, 'webview.html');
      fs.writeFileSync(file, html);
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.addInitScript({ content: 'window.acquireVsCodeApi = () => ({ postMessage: (m) => { window.__posted = m; }, getState: () => undefined, setState: () => {} });' });
      await page.goto(`file://${file}`);
      await page.evaluate("(() => { const s = document.getElementById('time'); s.value = '300'; s.dispatchEvent(new Event('input')); })()");
      const status = await page.locator('#status').innerText();
      assert.ok(status.includes('kubectl get pod web -o wide (at 300 s'), status);
      assert.ok(status.includes('CrashLoopBackOff'), status);
      await page.selectOption('#scenario', 'all-succeed');
      assert.deepStrictEqual(await page.evaluate('window.__posted'), { type: 'selectScenario', id: 'all-succeed' });
      await page.screenshot({ path: path.join(outDir, 'webview.png'), fullPage: true });
      assert.deepStrictEqual(problems, [], 'no CSP violations or script errors');
    } finally {
      await ctx.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
