/**
 * The lifecycle preview webview's HTML, as a pure function (no `vscode` import) so tests can check it:
 * a strict Content-Security-Policy with a per-load nonce, the timeline diagram as inline SVG in VS Code
 * theme colours, a scenario picker, a time slider and the published status at the selected time.
 * All text is escaped; the Timeline travels as escaped JSON in a `<script type="application/json">` block,
 * and the page script builds the status tables with `textContent` only.
 */
import type { Timeline } from '../../server/src/lifecycle/model';
import { axisEnd, renderTimelineSvg, type SvgPalette } from '../../server/src/lifecycle/render-svg';

/** Inputs of {@link lifecycleHtml}. */
export interface LifecycleHtmlInput {
  readonly timeline: Timeline;
  readonly presets: readonly { readonly id: string; readonly label: string }[];
  /** The id of the scenario shown (`all-succeed`, `custom`, ...). */
  readonly selectedPreset: string;
  /** A fresh random nonce for this load (base64). */
  readonly nonce: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `Kind/name`, e.g. `Pod/web`. */
  readonly title: string;
  /** The Pod's name in the status table; default: the part of `title` after the last `/`. */
  readonly name?: string;
  /** Simulated horizon in seconds (default 600). */
  readonly until?: number;
}

/** The diagram palette in VS Code theme colours (CSS variables with fallbacks). */
export const VSCODE_SVG_PALETTE: SvgPalette = {
  background: 'var(--vscode-editor-background, #ffffff)',
  foreground: 'var(--vscode-editor-foreground, #1f2328)',
  muted: 'var(--vscode-descriptionForeground, #656d76)',
  grid: 'var(--vscode-editorIndentGuide-background1, #d8dee4)',
  waiting: 'var(--vscode-disabledForeground, #c8ced6)',
  backoff: 'var(--vscode-charts-orange, #f5a623)',
  running: 'var(--vscode-charts-yellow, #e3c341)',
  ready: 'var(--vscode-charts-green, #2da44e)',
  completed: 'var(--vscode-charts-blue, #6e9bd1)',
  error: 'var(--vscode-charts-red, #d1242f)',
  probeSuccess: 'var(--vscode-testing-iconPassed, #1a7f37)',
  probeFailure: 'var(--vscode-testing-iconFailed, #cf222e)',
  hook: 'var(--vscode-charts-purple, #8250df)',
  kill: 'var(--vscode-errorForeground, #bc4c00)',
  conditionTrue: 'var(--vscode-charts-blue, #4fa3e0)',
  conditionFalse: 'var(--vscode-editorWidget-background, #eef1f4)',
  phasePending: 'var(--vscode-charts-yellow, #e3b341)',
  phaseRunning: 'var(--vscode-charts-green, #57ab5a)',
  phaseSucceeded: 'var(--vscode-charts-blue, #539bf5)',
  phaseFailed: 'var(--vscode-charts-red, #e5534b)',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside a `<script type="application/json">` element (no `<`, `>`, `&`, U+2028/9). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Escapes an attribute value delimited by double quotes; single quotes (CSP keywords) stay readable. */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function csp(nonce: string, cspSource: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

const PAGE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); padding: 0 12px 24px; }
h1 { font-size: 1.2em; margin: 12px 0 8px; }
.bar { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
select, input { color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); }
select { padding: 2px 4px; }
input[type=range] { width: 420px; }
.diagram { overflow-x: auto; border: 1px solid var(--vscode-panel-border, #8884); }
.diagram .mark { cursor: pointer; }
.warnings { color: var(--vscode-editorWarning-foreground); margin: 6px 0; padding-left: 18px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; white-space: nowrap; }
td:last-child { white-space: normal; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
td.mono, th.mono { font-family: var(--vscode-editor-font-family); }
h2 { font-size: 1em; margin: 14px 0 4px; }
.note { color: var(--vscode-descriptionForeground); }
`;

/* The page script. It reads the JSON block, moves the SVG cursor, and fills the tables with textContent. */
const PAGE_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  const data = JSON.parse(document.getElementById('podls-data').textContent);
  const picker = document.getElementById('scenario');
  picker.addEventListener('change', function () { vscode.postMessage({ type: 'selectScenario', id: picker.value }); });
  const slider = document.getElementById('time');
  const label = document.getElementById('time-label');
  const status = document.getElementById('status');
  const svg = document.querySelector('svg.podls-timeline');
  const cursor = document.getElementById('podls-cursor');
  function age(s) {
    if (s < 120) return s + 's';
    const m = Math.floor(s / 60);
    if (m < 10) return s % 60 === 0 ? m + 'm' : m + 'm' + (s % 60) + 's';
    if (m < 180) return m + 'm';
    return Math.floor(m / 60) + 'h';
  }
  function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function table(head, rows) {
    const t = el('table'); const tr = el('tr'); head.forEach(function (h) { tr.appendChild(el('th', h)); }); t.appendChild(tr);
    rows.forEach(function (r) { const row = el('tr'); r.forEach(function (c) { row.appendChild(el('td', c, 'mono')); }); t.appendChild(row); });
    return t;
  }
  const pods = [];
  data.timeline.snapshots.forEach(function (s) { const p = s.pod || ''; if (pods.indexOf(p) < 0) pods.push(p); });
  function at(t, pod) { let found; data.timeline.snapshots.forEach(function (s) { if ((s.pod || '') === pod && s.t <= t) found = s; }); return found; }
  function firstT(pod) { const s = data.timeline.snapshots.find(function (x) { return (x.pod || '') === pod; }); return s ? s.t : 0; }
  function show(t) {
    label.textContent = t + ' s';
    if (cursor && svg) {
      const left = Number(svg.getAttribute('data-left')); const w = Number(svg.getAttribute('data-plot-width')); const end = Number(svg.getAttribute('data-t-end'));
      const x = left + (Math.min(t, end) / end) * w;
      cursor.setAttribute('x1', String(x)); cursor.setAttribute('x2', String(x));
    }
    status.textContent = '';
    pods.forEach(function (pod) {
      const s = at(t, pod);
      const name = pod || data.name;
      if (!s) { status.appendChild(el('p', name + ': not created yet at ' + t + ' s', 'note')); return; }
      const restarts = s.kubectl.lastRestartAt !== undefined ? s.kubectl.restarts.replace(/\\(.*\\)/, '(' + age(t - s.kubectl.lastRestartAt) + ' ago)') : s.kubectl.restarts;
      status.appendChild(el('h2', 'kubectl get pod ' + name + ' -o wide (at ' + t + ' s; status published at ' + s.t + ' s)'));
      status.appendChild(table(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'PHASE'], [[name, s.kubectl.ready, s.kubectl.status, restarts, age(t - firstT(pod)), s.phase + (s.reason ? ' (' + s.reason + ')' : '')]]));
      status.appendChild(table(['CONTAINER', 'TYPE', 'STATE', 'REASON', 'EXIT', 'READY', 'STARTED', 'RESTARTS', 'LAST STATE'], s.containers.map(function (c) {
        return [c.name, c.type, c.state, c.reason || '', c.exitCode === undefined ? '' : c.exitCode, c.ready, c.started, c.restartCount,
          c.lastState ? c.lastState.reason + ' (' + c.lastState.exitCode + ') at ' + c.lastState.finishedAt + ' s' : ''];
      })));
      const details = s.conditionDetails || {};
      status.appendChild(table(['CONDITION', 'STATUS', 'REASON', 'MESSAGE'], ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'].map(function (c) {
        const d = details[c]; return [c, s.conditions[c], d ? d.reason : '', d && d.message ? d.message : ''];
      })));
    });
    const recent = data.timeline.events.filter(function (e) { return e.t <= t; }).slice(-8);
    status.appendChild(el('h2', 'Latest events up to ' + t + ' s'));
    status.appendChild(table(['T', 'POD', 'CONTAINER', 'EVENT', 'RULE', 'DETAIL'], recent.map(function (e) { return [e.t + ' s', e.pod || '', e.container || '-', e.type, e.rule, e.detail]; })));
    vscode.setState({ t: t });
  }
  slider.addEventListener('input', function () { show(Number(slider.value)); });
  document.querySelectorAll('svg.podls-timeline [data-t]').forEach(function (m) {
    m.addEventListener('click', function () { slider.value = m.getAttribute('data-t'); show(Number(slider.value)); });
  });
  const saved = vscode.getState();
  const start = saved && typeof saved.t === 'number' && saved.t <= Number(slider.max) ? saved.t : Number(slider.max);
  slider.value = String(start);
  show(start);
})();
`;

/**
 * Builds the preview page. The CSP allows no network, styles only from `cspSource` or with the nonce,
 * and only the one nonce-carrying script; the picker posts `{type: 'selectScenario', id}`.
 */
export function lifecycleHtml(input: LifecycleHtmlInput): string {
  const { timeline, presets, selectedPreset, nonce, cspSource, title } = input;
  const until = input.until ?? 600;
  const n = escapeHtml(nonce);
  const options = [...presets];
  if (!options.some((p) => p.id === selectedPreset)) options.unshift({ id: selectedPreset, label: selectedPreset === 'custom' ? 'Custom scenario' : selectedPreset });
  const optionHtml = options
    .map((p) => `<option value="${escapeHtml(p.id)}"${p.id === selectedPreset ? ' selected' : ''}>${escapeHtml(p.label)}</option>`)
    .join('');
  const selectedLabel = options.find((p) => p.id === selectedPreset)?.label ?? selectedPreset;
  const simulated = timeline.events.length > 0 || timeline.snapshots.length > 0;
  const svg = simulated
    ? renderTimelineSvg(timeline, { title: `${title}: ${selectedLabel}`, until, palette: VSCODE_SVG_PALETTE, styleNonce: nonce, cursor: true })
    : '<p>Not simulated: the spec has errors the API server would reject (see the warnings).</p>';
  const end = axisEnd(timeline, until);
  const warnings =
    timeline.warnings.length > 0 ? `<ul class="warnings">${timeline.warnings.map((w) => `<li>[${escapeHtml(w.rule)}] ${escapeHtml(w.message)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp(nonce, cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${n}">${PAGE_CSS}</style>
</head>
<body>
<h1>Pod lifecycle: ${escapeHtml(title)}</h1>
<div class="bar">
<label>Scenario <select id="scenario">${optionHtml}</select></label>
<label>Time <input id="time" type="range" min="0" max="${end}" step="1" value="${end}"> <span id="time-label">${end} s</span></label>
</div>
<p class="note">Earliest times: a real kubelet adds latency (SIM-2). Hover a mark for its rule and cause; click it to move the time.</p>
${warnings}
<div class="diagram">${svg}</div>
<div id="status"></div>
<script type="application/json" id="podls-data">${scriptJson({ timeline, name: input.name ?? title.slice(title.lastIndexOf('/') + 1) })}</script>
<script nonce="${n}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** A page that shows an error message (no Pod spec, bad scenario), with the same CSP. */
export function lifecycleErrorHtml(input: { readonly message: string; readonly nonce: string; readonly cspSource: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp(input.nonce, input.cspSource))}">
<style nonce="${escapeHtml(input.nonce)}">${PAGE_CSS}</style>
</head>
<body>
<h1>Pod lifecycle</h1>
<p>${escapeHtml(input.message)}</p>
</body>
</html>
`;
}
