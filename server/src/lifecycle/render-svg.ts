/**
 * The timeline diagram (`podls lifecycle --format svg` and the VS Code webview): one lane per container
 * coloured by its published state, marks for hooks, probes, kills and restarts, then per Pod the kubectl
 * STATUS, the phase and the five conditions as bands, over a time axis in seconds.
 * Colours come from a palette; the webview passes VS Code theme colours as CSS variables.
 * Every text is XML-escaped; palette values are filtered to CSS colour characters.
 */
import type { ContainerStatusSnapshot, PodSnapshot, Timeline, TimelineEvent } from './model';
import { POD_CONDITION_TYPES } from './model';

/** Colours of the diagram; any CSS colour (`#1e88e5`, `var(--vscode-charts-green)`). */
export interface SvgPalette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  /** Waiting before the first start (PodInitializing, ContainerCreating). */
  readonly waiting: string;
  /** Waiting in CrashLoopBackOff (the back-off gap). */
  readonly backoff: string;
  /** Running but not ready (or not started). */
  readonly running: string;
  /** Running and ready. */
  readonly ready: string;
  /** Terminated with exit code 0. */
  readonly completed: string;
  /** Terminated with a non-zero code, or a start error. */
  readonly error: string;
  readonly probeSuccess: string;
  readonly probeFailure: string;
  readonly hook: string;
  readonly kill: string;
  readonly conditionTrue: string;
  readonly conditionFalse: string;
  readonly phasePending: string;
  readonly phaseRunning: string;
  readonly phaseSucceeded: string;
  readonly phaseFailed: string;
}

/** A light palette for standalone SVG files. */
export const DEFAULT_SVG_PALETTE: SvgPalette = {
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#656d76',
  grid: '#d8dee4',
  waiting: '#c8ced6',
  backoff: '#f5a623',
  running: '#8fd19e',
  ready: '#2da44e',
  completed: '#6e9bd1',
  error: '#d1242f',
  probeSuccess: '#1a7f37',
  probeFailure: '#cf222e',
  hook: '#8250df',
  kill: '#bc4c00',
  conditionTrue: '#4fa3e0',
  conditionFalse: '#eef1f4',
  phasePending: '#e3b341',
  phaseRunning: '#57ab5a',
  phaseSucceeded: '#539bf5',
  phaseFailed: '#e5534b',
};

/** Options of {@link renderTimelineSvg}. */
export interface SvgRenderOptions {
  readonly title: string;
  /** The simulated horizon in seconds; the axis may end earlier when nothing happens after. */
  readonly until: number;
  readonly palette?: SvgPalette;
  /** Nonce for the embedded `<style>` element (a webview's CSP). */
  readonly styleNonce?: string;
  /** Plot width in px (default 960). */
  readonly width?: number;
  /** Adds a vertical time cursor (`#podls-cursor`) that a script can move. */
  readonly cursor?: boolean;
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Keeps only characters that can appear in a CSS colour or var() reference. */
function cssColour(v: string): string {
  return v.replace(/[^#a-zA-Z0-9(),.%\s-]/g, '');
}

const LABEL_W = 170;
const LANE_H = 22;
const BAND_H = 16;
const COND_H = 13;

/** The end of the axis: a little after the last thing that happened, at most `until`. */
export function axisEnd(timeline: Timeline, until: number): number {
  const last = Math.max(0, ...timeline.events.map((e) => e.t), ...timeline.snapshots.map((s) => s.t));
  return Math.min(until, Math.max(30, Math.ceil((last * 1.12 + 5) / 5) * 5));
}

/** Groups consecutive snapshots with the same key into runs `[from, to)` (indices into `snaps`). */
function runsOf(snaps: readonly PodSnapshot[], key: (s: PodSnapshot) => string): { first: number; last: number }[] {
  const runs: { first: number; last: number }[] = [];
  snaps.forEach((s, i) => {
    const prev = runs[runs.length - 1];
    const prevSnap = prev ? snaps[prev.last] : undefined;
    if (prev && prevSnap && key(prevSnap) === key(s)) prev.last = i;
    else runs.push({ first: i, last: i });
  });
  return runs;
}

function niceStep(span: number): number {
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200]) if (span / s <= 12) return s;
  return 14400;
}

function stateClass(c: ContainerStatusSnapshot): string {
  if (c.state === 'running') return c.ready ? 'st-ready' : 'st-running';
  if (c.state === 'terminated') return c.exitCode === 0 ? 'st-completed' : 'st-error';
  if (c.reason === 'CrashLoopBackOff') return 'st-backoff';
  if (c.reason === 'PostStartHookError') return 'st-error';
  return 'st-waiting';
}

function stateLabel(c: ContainerStatusSnapshot): string {
  if (c.state === 'running') {
    if (c.type === 'init') return 'Running'; // a regular init container is ready only once it exited 0 (IC-3)
    return c.ready ? 'Running, ready' : c.started ? 'Running, not ready' : 'Running, not started';
  }
  if (c.state === 'terminated') return `${c.reason ?? 'Terminated'} (${c.exitCode ?? 0})`;
  return c.reason ?? 'Waiting';
}

function phaseClass(p: string): string {
  return `ph-${p.toLowerCase()}`;
}

function eventTitle(e: TimelineEvent): string {
  const what = [e.type, e.hook, e.probe ? `${e.probe} ${e.result ?? ''}` : undefined, e.exitCode !== undefined ? `exit ${e.exitCode}` : undefined, e.type === 'KillRequested' ? e.reason : undefined]
    .filter((x): x is string => x !== undefined && x !== '')
    .join(' · ');
  return `t=${e.t} s · ${e.container ?? 'pod'} · ${what}\n${e.detail}\nrule ${e.rule}`;
}

/**
 * Renders the Timeline as a standalone SVG document (UTF-8 text). Lanes and bands per Pod (Jobs may have
 * several); marks carry `<title>` tooltips with time, cause and spec rule, and `data-t` with the time.
 */
export function renderTimelineSvg(timeline: Timeline, opts: SvgRenderOptions): string {
  const pal = opts.palette ?? DEFAULT_SVG_PALETTE;
  const plotW = opts.width ?? 960;
  const tEnd = axisEnd(timeline, opts.until);
  const x = (t: number): number => LABEL_W + (Math.min(t, tEnd) / tEnd) * plotW;
  const out: string[] = [];
  const pods = [...new Set(timeline.snapshots.map((s) => s.pod ?? ''))];
  let y = 34;
  const body: string[] = [];
  // Job-level events (JobComplete, JobFailed) belong to no Pod.
  const jobEvents = timeline.events.filter((e) => e.pod === undefined && e.container === null && (e.type === 'JobComplete' || e.type === 'JobFailed'));
  if (jobEvents.length > 0) {
    body.push(`<text class="pod" x="8" y="${y + 14}">Job</text>`);
    for (const e of jobEvents) {
      const cls = e.type === 'JobFailed' ? 'mk-kill' : 'mk-pod';
      body.push(`<g class="mark" data-t="${e.t}"><title>${escapeXml(eventTitle(e))}</title><circle class="${cls}" cx="${x(e.t)}" cy="${y + 10}" r="5"/><text class="segtxt" x="${x(e.t) + 8}" y="${y + 14}">${escapeXml(e.type)}${e.reason ? ` (${escapeXml(e.reason)})` : ''}</text></g>`);
    }
    y += LANE_H;
  }
  for (const pod of pods) {
    const snaps = timeline.snapshots.filter((s) => (s.pod ?? '') === pod);
    const events = timeline.events.filter((e) => (e.pod ?? '') === pod);
    const first = snaps[0];
    if (!first) continue;
    const removed = events.some((e) => e.type === 'Deleted') && (snaps[snaps.length - 1]?.phase === 'Succeeded' || snaps[snaps.length - 1]?.phase === 'Failed');
    const endOf = (i: number): number => snaps[i + 1]?.t ?? (removed ? (snaps[i]?.t ?? 0) + Math.max(1, tEnd / 200) : tEnd);
    if (pod) {
      body.push(`<text class="pod" x="8" y="${y + 12}">Pod ${escapeXml(pod)}</text>`);
      y += 18;
    }
    // Pod-level marks: scheduling, sandbox, deletion, deadline, Job events.
    const podEvents = events.filter((e) => e.container === null);
    body.push(`<text class="lbl" x="8" y="${y + 14}">pod events</text>`);
    for (const e of podEvents) {
      const cls = e.type === 'Deleted' || e.type === 'DeadlineExceeded' || e.type === 'JobFailed' ? 'mk-kill' : 'mk-pod';
      body.push(`<g class="mark" data-t="${e.t}"><title>${escapeXml(eventTitle(e))}</title><line class="podline" x1="${x(e.t)}" x2="${x(e.t)}" y1="${y + 2}" y2="${y + 18}"/><circle class="${cls}" cx="${x(e.t)}" cy="${y + 10}" r="4"/></g>`);
    }
    y += LANE_H;
    const names = first.containers.map((c) => c.name);
    for (const [ci, name] of names.entries()) {
      const type = first.containers[ci]?.type ?? 'app';
      body.push(`<text class="lbl" x="8" y="${y + 15}">${escapeXml(name)}<tspan class="tag"> ${type}</tspan></text>`);
      body.push(`<rect class="lane" x="${LABEL_W}" y="${y + 3}" width="${plotW}" height="${LANE_H - 6}"/>`);
      let prevRestarts = 0;
      const laneKey = (s: PodSnapshot): string => {
        const c = s.containers[ci];
        return c ? `${stateClass(c)}|${stateLabel(c)}|${c.restartCount}|${c.message ?? ''}` : '';
      };
      for (const run of runsOf(snaps, laneKey)) {
        const s = snaps[run.first];
        const c = s?.containers[ci];
        if (!s || !c) continue;
        const x0 = x(s.t);
        const x1 = x(endOf(run.last));
        const w = Math.max(x1 - x0, 0.8);
        const label = stateLabel(c);
        body.push(`<rect class="seg ${stateClass(c)}" data-t="${s.t}" x="${x0.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${LANE_H - 6}"><title>${escapeXml(`${name} from ${s.t} s: ${label}${c.message ? `\n${c.message}` : ''}\nrestartCount ${c.restartCount}${c.lastState ? `, last: ${c.lastState.reason} (${c.lastState.exitCode}) at ${c.lastState.finishedAt} s` : ''}`)}</title></rect>`);
        if (w > label.length * 6 + 6) body.push(`<text class="segtxt" x="${(x0 + 4).toFixed(1)}" y="${y + 15}">${escapeXml(label)}</text>`);
        if (c.restartCount > prevRestarts) {
          body.push(`<g class="mark"><title>${escapeXml(`${name}: restartCount ${c.restartCount} from ${s.t} s (BO-3)`)}</title><line class="restart" x1="${x0.toFixed(1)}" x2="${x0.toFixed(1)}" y1="${y}" y2="${y + LANE_H}"/><text class="rc" x="${(x0 + 2).toFixed(1)}" y="${y + 2}">↻${c.restartCount}</text></g>`);
        }
        prevRestarts = c.restartCount;
      }
      for (const e of events.filter((ev) => ev.container === name)) body.push(eventMark(e, x(e.t), y));
      y += LANE_H;
    }
    // Bands: kubectl STATUS, phase, conditions.
    y += 4;
    body.push(`<text class="lbl" x="8" y="${y + 12}">kubectl STATUS</text>`);
    runsOf(snaps, (s) => `${s.kubectl.status} ${s.kubectl.ready} ${s.kubectl.restarts.replace(/ \(.*\)$/, '')}`).forEach((run, i) => {
      const s = snaps[run.first];
      if (!s) return;
      const x0 = x(s.t);
      const w = Math.max(x(endOf(run.last)) - x0, 0.8);
      const text = `${s.kubectl.status} ${s.kubectl.ready}`;
      body.push(`<rect class="band ${i % 2 === 0 ? 'b-even' : 'b-odd'}" data-t="${s.t}" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAND_H}"><title>${escapeXml(`from ${s.t} s: STATUS ${s.kubectl.status}, READY ${s.kubectl.ready}, RESTARTS ${s.kubectl.restarts}`)}</title></rect>`);
      if (w > text.length * 6 + 4) body.push(`<text class="bandtxt" x="${(x0 + 3).toFixed(1)}" y="${y + 12}">${escapeXml(text)}</text>`);
    });
    y += BAND_H + 2;
    body.push(`<text class="lbl" x="8" y="${y + 12}">phase</text>`);
    for (const run of runsOf(snaps, (s) => `${s.phase} ${s.reason ?? ''}`)) {
      const s = snaps[run.first];
      if (!s) continue;
      const x0 = x(s.t);
      const w = Math.max(x(endOf(run.last)) - x0, 0.8);
      const text = s.phase + (s.reason ? ` (${s.reason})` : '');
      body.push(`<rect class="band ${phaseClass(s.phase)}" data-t="${s.t}" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAND_H}"><title>${escapeXml(`from ${s.t} s: phase ${text} (PH-1)`)}</title></rect>`);
      if (w > text.length * 6 + 4) body.push(`<text class="bandtxt" x="${(x0 + 3).toFixed(1)}" y="${y + 12}">${escapeXml(text)}</text>`);
    }
    y += BAND_H + 4;
    for (const type of POD_CONDITION_TYPES) {
      body.push(`<text class="lbl small" x="8" y="${y + 9}">${type}</text>`);
      for (const run of runsOf(snaps, (s) => `${s.conditions[type]} ${s.conditionDetails?.[type]?.reason ?? ''}`)) {
        const s = snaps[run.first];
        if (!s) continue;
        const x0 = x(s.t);
        const w = Math.max(x(endOf(run.last)) - x0, 0.8);
        const st = s.conditions[type];
        const d = s.conditionDetails?.[type];
        body.push(`<rect class="cond ${st === 'True' ? 'c-true' : 'c-false'}" data-t="${s.t}" x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${COND_H - 3}"><title>${escapeXml(`${type}=${st} from ${s.t} s${d ? `: ${d.reason}${d.message ? ` (${d.message})` : ''}` : ''}`)}</title></rect>`);
      }
      y += COND_H;
    }
    y += 12;
  }
  // Axis.
  const step = niceStep(tEnd);
  const axisY = y;
  const grid: string[] = [];
  for (let t = 0; t <= tEnd; t += step) {
    grid.push(`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="30" y2="${axisY}"/>`);
    grid.push(`<text class="axis" x="${x(t)}" y="${axisY + 14}" text-anchor="middle">${t} s</text>`);
  }
  y = axisY + 30;
  // Legend.
  const legend: [string, string][] = [
    ['st-waiting', 'waiting'],
    ['st-running', 'running, not ready'],
    ['st-ready', 'running, ready'],
    ['st-backoff', 'CrashLoopBackOff'],
    ['st-completed', 'exited 0'],
    ['st-error', 'exited ≠0 / start error'],
  ];
  const leg: string[] = [];
  let lx = LABEL_W;
  for (const [cls, text] of legend) {
    leg.push(`<rect class="seg ${cls}" x="${lx}" y="${y}" width="12" height="12"/><text class="legend" x="${lx + 16}" y="${y + 10}">${escapeXml(text)}</text>`);
    lx += 30 + text.length * 6.2;
  }
  y += 18;
  lx = LABEL_W;
  const marks: [string, string][] = [
    ['<circle class="pr-ok" cx="6" cy="6" r="3"/>', 'probe success'],
    ['<circle class="pr-fail" cx="6" cy="6" r="3"/>', 'probe failure'],
    ['<path class="mk-hook" d="M6 1 L11 6 L6 11 L1 6 Z"/>', 'hook'],
    ['<path class="mk-kill" d="M1 1 L11 1 L6 10 Z"/>', 'kill / SIGTERM / SIGKILL'],
    ['<line class="restart" x1="6" x2="6" y1="0" y2="12"/>', 'restart'],
  ];
  for (const [shape, text] of marks) {
    leg.push(`<g transform="translate(${lx},${y})">${shape}</g><text class="legend" x="${lx + 16}" y="${y + 10}">${escapeXml(text)}</text>`);
    lx += 30 + text.length * 6.2;
  }
  y += 22;
  const width = LABEL_W + plotW + 20;
  const nonce = opts.styleNonce !== undefined ? ` nonce="${escapeXml(opts.styleNonce)}"` : '';
  const p = (k: keyof SvgPalette): string => cssColour(pal[k]);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="podls-timeline" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="11" data-left="${LABEL_W}" data-plot-width="${plotW}" data-t-end="${tEnd}">`,
  );
  out.push(`<style${nonce}>
.podls-timeline .bg{fill:${p('background')}}
.podls-timeline text{fill:${p('foreground')}}
.podls-timeline .title{font-size:14px;font-weight:bold}
.podls-timeline .pod{font-weight:bold}
.podls-timeline .tag,.podls-timeline .axis,.podls-timeline .legend,.podls-timeline .small{fill:${p('muted')};font-size:10px}
.podls-timeline .lane{fill:none;stroke:${p('grid')}}
.podls-timeline .grid{stroke:${p('grid')};stroke-width:0.6}
.podls-timeline .st-waiting{fill:${p('waiting')}}
.podls-timeline .st-backoff{fill:${p('backoff')}}
.podls-timeline .st-running{fill:${p('running')}}
.podls-timeline .st-ready{fill:${p('ready')}}
.podls-timeline .st-completed{fill:${p('completed')}}
.podls-timeline .st-error{fill:${p('error')}}
.podls-timeline .segtxt,.podls-timeline .bandtxt{fill:${p('foreground')};font-size:10px;pointer-events:none}
.podls-timeline .b-even{fill:${p('conditionFalse')}}
.podls-timeline .b-odd{fill:${p('waiting')};fill-opacity:0.5}
.podls-timeline .ph-pending{fill:${p('phasePending')}}
.podls-timeline .ph-running{fill:${p('phaseRunning')}}
.podls-timeline .ph-succeeded{fill:${p('phaseSucceeded')}}
.podls-timeline .ph-failed{fill:${p('phaseFailed')}}
.podls-timeline .c-true{fill:${p('conditionTrue')}}
.podls-timeline .c-false{fill:${p('conditionFalse')};stroke:${p('grid')};stroke-width:0.5}
.podls-timeline .pr-ok{fill:${p('probeSuccess')}}
.podls-timeline .pr-fail{fill:${p('probeFailure')}}
.podls-timeline .pr-other{fill:${p('muted')}}
.podls-timeline .mk-hook{fill:${p('hook')}}
.podls-timeline .mk-kill{fill:${p('kill')}}
.podls-timeline .mk-pod{fill:${p('foreground')}}
.podls-timeline .mk-exit{stroke:${p('foreground')};stroke-width:2}
.podls-timeline .mk-start{stroke:${p('foreground')};stroke-width:1}
.podls-timeline .podline{stroke:${p('muted')};stroke-dasharray:2 2}
.podls-timeline .restart{stroke:${p('foreground')};stroke-width:1.5;stroke-dasharray:3 2}
.podls-timeline .rc{font-size:9px;fill:${p('foreground')}}
.podls-timeline .cursor{stroke:${p('foreground')};stroke-width:1.5}
</style>`);
  out.push(`<rect class="bg" x="0" y="0" width="${width}" height="${y}"/>`);
  out.push(`<text class="title" x="8" y="20">${escapeXml(opts.title)}</text>`);
  out.push(...grid, ...body, ...leg);
  if (opts.cursor) out.push(`<line id="podls-cursor" class="cursor" x1="${LABEL_W}" x2="${LABEL_W}" y1="28" y2="${axisY}"/>`);
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}

function eventMark(e: TimelineEvent, cx: number, y: number): string {
  const title = `<title>${escapeXml(eventTitle(e))}</title>`;
  const mid = y + LANE_H / 2;
  const xs = cx.toFixed(1);
  switch (e.type) {
    case 'ProbeResult': {
      const dy = e.probe === 'startup' ? -5 : e.probe === 'readiness' ? 0 : 5;
      const cls = e.result === 'success' ? 'pr-ok' : e.result === 'failure' || e.result === 'timeout' ? 'pr-fail' : 'pr-other';
      return `<g class="mark" data-t="${e.t}">${title}<circle class="${cls}" cx="${xs}" cy="${mid + dy}" r="2.6"/></g>`;
    }
    case 'HookStarted':
    case 'HookFinished':
      return `<g class="mark" data-t="${e.t}">${title}<path class="mk-hook" d="M${xs} ${y + 1} l4 4 l-4 4 l-4 -4 Z"/></g>`;
    case 'KillRequested':
    case 'SIGTERM':
    case 'SIGKILL': {
      const size = e.type === 'SIGKILL' ? 6 : 4;
      return `<g class="mark" data-t="${e.t}">${title}<path class="mk-kill" d="M${(cx - size).toFixed(1)} ${y} L${(cx + size).toFixed(1)} ${y} L${xs} ${y + size + 3} Z"/></g>`;
    }
    case 'ContainerExited':
      return `<g class="mark" data-t="${e.t}">${title}<line class="mk-exit" x1="${xs}" x2="${xs}" y1="${y + 2}" y2="${y + LANE_H - 2}"/></g>`;
    case 'ContainerStarted':
      return `<g class="mark" data-t="${e.t}">${title}<line class="mk-start" x1="${xs}" x2="${xs}" y1="${y + 4}" y2="${y + LANE_H - 4}"/></g>`;
    default:
      return `<g class="mark" data-t="${e.t}">${title}<circle class="mk-pod" cx="${xs}" cy="${y + LANE_H - 3}" r="2"/></g>`;
  }
}
