/**
 * `podls lifecycle FILE [--doc N] [--scenario NAME|FILE.json] [--until SECONDS] [--format text|json|svg]`:
 * simulates the Pod (or pod template) of one document and prints the Timeline (lifecycle-spec SIM-8).
 */
import { parseAllDocuments } from 'yaml';
import type { Scenario } from '../lifecycle/model';
import { renderTimelineSvg } from '../lifecycle/render-svg';
import { renderTimelineText } from '../lifecycle/render-text';
import { listPresets, parseScenario, presetById } from '../lifecycle/scenario';
import { DEFAULT_UNTIL, presetPodOf, simulateLifecycle } from '../lifecycle/simulate';
import { podSpecLocation } from '../schema/pod-specs';

/** Arguments of `podls lifecycle`, already parsed from argv. */
export interface LifecycleArgs {
  readonly file: string;
  /** 0-based document index; default: the first document that holds a Pod spec. */
  readonly doc?: number;
  /** A preset id (`init-fails-once:migrate`) or a path to a scenario JSON file (IN-3). */
  readonly scenario?: string;
  /** Simulated horizon in seconds; overrides the scenario's `until`. */
  readonly until?: number;
  readonly format: 'text' | 'json' | 'svg';
}

/** What `runLifecycle` may do besides computing. */
export interface LifecycleIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Reads a UTF-8 file; throws on failure. */
  readFile(path: string): string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `podls lifecycle`. Exit code: 0 when the Timeline was printed, 1 when the spec is invalid and
 * was not simulated (VAL warnings printed), 2 on usage or I/O errors (unreadable file, YAML errors,
 * no Pod spec, unknown preset, bad scenario file).
 */
export function runLifecycle(args: LifecycleArgs, io: LifecycleIo): number {
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (e) {
    io.stderr(`podls lifecycle: cannot read ${args.file}: ${message(e)}\n`);
    return 2;
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    io.stderr(`podls lifecycle: ${args.file}: not a YAML stream\n`);
    return 2;
  }
  const objects = docs.map((d) => ({ errors: d.errors, value: d.errors.length === 0 ? (d.toJS() as unknown) : undefined }));
  const kindOf = (v: unknown): string => (isRecord(v) && typeof v['kind'] === 'string' ? v['kind'] : '');
  let index = args.doc;
  if (index === undefined) {
    index = objects.findIndex((o) => podSpecLocation(kindOf(o.value)) !== undefined);
    if (index < 0) {
      io.stderr(`podls lifecycle: ${args.file}: no document holds a Pod or a pod template\n`);
      return 2;
    }
  }
  const chosen = objects[index];
  if (!chosen) {
    io.stderr(`podls lifecycle: ${args.file}: --doc ${index}: the file has ${objects.length} document(s)\n`);
    return 2;
  }
  if (chosen.errors.length > 0) {
    for (const e of chosen.errors) io.stderr(`podls lifecycle: ${args.file}: YAML ${e.code}: ${e.message}\n`);
    return 2;
  }
  const kind = kindOf(chosen.value);
  const input = { kind, object: chosen.value };
  const pod = presetPodOf(input);
  if (!pod) {
    io.stderr(`podls lifecycle: ${args.file}: document ${index} (kind ${kind || 'none'}) holds no Pod spec\n`);
    return 2;
  }
  let scenario: Scenario = {};
  let label = 'Everything succeeds';
  const sc = args.scenario;
  if (sc !== undefined) {
    if (sc.endsWith('.json')) {
      let data: unknown;
      try {
        data = JSON.parse(io.readFile(sc));
      } catch (e) {
        io.stderr(`podls lifecycle: cannot read scenario ${sc}: ${message(e)}\n`);
        return 2;
      }
      const parsed = parseScenario(data);
      if (!parsed.ok) {
        for (const err of parsed.errors) io.stderr(`podls lifecycle: ${sc}: ${err}\n`);
        return 2;
      }
      scenario = parsed.scenario;
      label = sc;
    } else {
      const preset = presetById(pod, sc);
      if (!preset) {
        io.stderr(`podls lifecycle: unknown scenario "${sc}"; presets for this Pod:\n`);
        for (const p of listPresets(pod)) io.stderr(`  ${p.id.padEnd(36)} ${p.label}\n`);
        return 2;
      }
      scenario = preset.scenario;
      label = preset.label;
    }
  }
  if (args.until !== undefined) scenario = { ...scenario, until: args.until };
  const timeline = simulateLifecycle(input, scenario);
  const until = scenario.until ?? DEFAULT_UNTIL;
  const name = isRecord(chosen.value) && isRecord(chosen.value['metadata']) && typeof chosen.value['metadata']['name'] === 'string' ? chosen.value['metadata']['name'] : kind.toLowerCase();
  if (args.format === 'json') io.stdout(JSON.stringify(timeline, null, 2) + '\n');
  else if (args.format === 'svg') io.stdout(renderTimelineSvg(timeline, { title: `${kind} ${name}: ${label}`, until }));
  else io.stdout(renderTimelineText(timeline, { kind, name, scenarioLabel: label, until }));
  return timeline.events.length === 0 && timeline.snapshots.length === 0 ? 1 : 0;
}
