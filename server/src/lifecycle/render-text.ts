/**
 * Plain-text rendering of a Timeline for `podls lifecycle --format text`: the event log with the
 * published status changes interleaved, then the status at the end as `kubectl get pod -o wide` shows it,
 * the container statuses and the conditions.
 */
import type { PodSnapshot, Timeline, TimelineEvent } from './model';
import { POD_CONDITION_TYPES } from './model';
import { humanDuration } from './kubectl';

/** Header facts for {@link renderTimelineText}. */
export interface TextRenderOptions {
  /** Pod (or workload) name and kind, e.g. `web`, `Pod`. */
  readonly name: string;
  readonly kind: string;
  /** The scenario's label, e.g. `Everything succeeds`. */
  readonly scenarioLabel: string;
  /** The simulated horizon in seconds. */
  readonly until: number;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

function statusLine(s: PodSnapshot, prev: PodSnapshot | undefined): string {
  const parts = [`${s.phase}${s.reason ? ` (${s.reason})` : ''}`, `STATUS ${s.kubectl.status}`, `READY ${s.kubectl.ready}`, `RESTARTS ${s.kubectl.restarts}`];
  const changed = POD_CONDITION_TYPES.filter((c) => !prev || prev.conditions[c] !== s.conditions[c]).map((c) => `${c}=${s.conditions[c]}`);
  if (changed.length > 0) parts.push(changed.join(' '));
  return parts.join(' | ');
}

function eventContainer(e: TimelineEvent): string {
  return e.container ?? '-';
}

function eventText(e: TimelineEvent): string {
  // The detail already names the probe, hook and exit code; kills also show their reason.
  return e.type === 'KillRequested' && e.reason ? `(${e.reason}) ${e.detail}` : e.detail;
}

/**
 * Renders the Timeline as text: a header, warnings, the event log (time in seconds, container, event,
 * detail, spec rule) with a `=>` line wherever the published status changed, then the final status tables.
 */
export function renderTimelineText(timeline: Timeline, opts: TextRenderOptions): string {
  const out: string[] = [];
  out.push(`${opts.kind} ${opts.name} - scenario: ${opts.scenarioLabel} - simulated 0..${opts.until} s`);
  out.push('Times are the earliest the kubelet acts; a real cluster adds latency (SIM-2, PR-12, BO-7).');
  if (timeline.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of timeline.warnings) out.push(`  [${w.rule}] ${w.message}`);
  }
  if (timeline.events.length === 0 && timeline.snapshots.length === 0) {
    out.push('', 'Not simulated: fix the errors above first (VAL).');
    return out.join('\n') + '\n';
  }
  const multiPod = timeline.events.some((e) => e.pod !== undefined);
  const rows: string[][] = [multiPod ? ['T', 'POD', 'CONTAINER', 'EVENT', 'RULE', 'DETAIL'] : ['T', 'CONTAINER', 'EVENT', 'RULE', 'DETAIL']];
  const statusRows = new Map<number, string[]>();
  const prevByPod = new Map<string, PodSnapshot>();
  for (const s of timeline.snapshots) {
    const key = s.pod ?? '';
    const line = `${multiPod ? `${s.pod ?? ''}: ` : ''}${statusLine(s, prevByPod.get(key))}`;
    prevByPod.set(key, s);
    const list = statusRows.get(s.t) ?? [];
    list.push(line);
    statusRows.set(s.t, list);
  }
  const times = [...new Set([...timeline.events.map((e) => e.t), ...timeline.snapshots.map((s) => s.t)])].sort((a, b) => a - b);
  for (const t of times) {
    for (const e of timeline.events.filter((x) => x.t === t)) {
      const cells = [`${t}s`, eventContainer(e), e.type, e.rule, eventText(e)];
      if (multiPod) cells.splice(1, 0, e.pod ?? '-');
      rows.push(cells);
    }
    for (const line of statusRows.get(t) ?? []) rows.push(multiPod ? [`${t}s`, '', '', '=>', '', line] : [`${t}s`, '', '=>', '', line]);
  }
  out.push('', 'Events (=> marks a change of the published status):', formatTable(rows));
  const pods = [...new Set(timeline.snapshots.map((s) => s.pod ?? ''))];
  for (const pod of pods) {
    const mine = timeline.snapshots.filter((s) => (s.pod ?? '') === pod);
    const last = mine[mine.length - 1];
    const first = mine[0];
    if (!last || !first) continue;
    const removed = timeline.events.some((e) => e.type === 'Deleted' && (e.pod ?? '') === pod) && (last.phase === 'Succeeded' || last.phase === 'Failed');
    out.push('', renderStatusTables(last, pod || opts.name, removed ? last.t : opts.until, first.t));
    if (removed) out.push(`(the Pod object was removed at ${last.t} s, TM-9)`);
  }
  return out.join('\n') + '\n';
}

/**
 * The published status of one snapshot as tables: `kubectl get pod -o wide` columns (AGE and the
 * RESTARTS age at `now` seconds, for a Pod created at `createdAt`), the container statuses, and the
 * conditions with reasons.
 */
export function renderStatusTables(s: PodSnapshot, name: string, now: number, createdAt = 0): string {
  const restarts = s.kubectl.lastRestartAt !== undefined ? s.kubectl.restarts.replace(/\(.*\)/, `(${humanDuration(now - s.kubectl.lastRestartAt)} ago)`) : s.kubectl.restarts;
  const lines: string[] = [];
  lines.push(`Status from ${s.t} s on (as kubectl get pod -o wide shows it at ${now} s):`);
  lines.push(formatTable([
    ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'PHASE'],
    [name, s.kubectl.ready, s.kubectl.status, restarts, humanDuration(now - createdAt), s.phase + (s.reason ? ` (${s.reason})` : '')],
  ]));
  lines.push('', 'Containers:');
  const rows: string[][] = [['NAME', 'TYPE', 'STATE', 'REASON', 'EXIT', 'READY', 'STARTED', 'RESTARTS', 'LAST STATE']];
  for (const c of s.containers) {
    rows.push([
      c.name,
      c.type,
      c.state,
      c.reason ?? '',
      c.exitCode !== undefined ? String(c.exitCode) : '',
      String(c.ready),
      String(c.started),
      String(c.restartCount),
      c.lastState ? `terminated ${c.lastState.reason} (exit ${c.lastState.exitCode}) at ${c.lastState.finishedAt} s` : '',
    ]);
  }
  lines.push(formatTable(rows));
  lines.push('', 'Conditions:');
  const crow: string[][] = [['TYPE', 'STATUS', 'REASON', 'MESSAGE']];
  for (const type of POD_CONDITION_TYPES) {
    const d = s.conditionDetails?.[type];
    crow.push([type, s.conditions[type], d?.reason ?? '', d?.message ?? '']);
  }
  lines.push(formatTable(crow));
  return lines.join('\n');
}
