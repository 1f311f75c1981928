/**
 * The lifecycle preview's LSP side: code lenses above each Pod and pod template, and the
 * `podls/lifecycle` request that simulates one document (lifecycle/simulate.ts) under a scenario.
 */
import type { Snapshot } from '../document/snapshot';
import { listPresets, parseScenario, presetById } from '../lifecycle/scenario';
import type { ScenarioPreset } from '../lifecycle/scenario';
import type { Scenario } from '../lifecycle/model';
import type { LifecycleResult } from '../protocol/lsp-ext';
import { presetPodOf, simulateLifecycle } from '../lifecycle/simulate';
import { podSpecLocation } from '../schema/pod-specs';
import type { OffsetRange } from '../util/range';

/** A `Preview lifecycle` lens: where it goes and which document it simulates. */
export interface LifecycleLens {
  readonly range: OffsetRange;
  readonly documentIndex: number;
}

/**
 * One lens per document whose kind holds a Pod spec (Pod, Deployment, Job, CronJob, ...), on its first line.
 * Helm templates get none: what they simulate is known only once rendered.
 */
export function lifecycleLenses(snapshot: Snapshot): LifecycleLens[] {
  const out: LifecycleLens[] = [];
  for (const doc of snapshot.documents) {
    if (doc.kind === undefined || doc.template !== undefined || podSpecLocation(doc.kind) === undefined) continue;
    const contents = doc.doc.contents;
    const start = contents !== null && contents !== undefined && contents.range !== undefined ? contents.range[0] + doc.offset : doc.range.start;
    out.push({ range: { start, end: start }, documentIndex: doc.index });
  }
  return out;
}

/** The answer to `podls/lifecycle` (the protocol's LifecycleResult). */
export type LifecycleAnswer = LifecycleResult;

/**
 * Simulates document `documentIndex` of `snapshot` under `scenario`: a preset id (default `all-succeed`)
 * or a scenario object (lifecycle-spec IN-3). Errors (no such document, no Pod spec, bad scenario) are
 * returned, not thrown.
 */
export function lifecycleTimeline(snapshot: Snapshot, documentIndex: number, scenario: string | Readonly<Record<string, unknown>> | undefined): LifecycleAnswer {
  const doc = snapshot.documents[documentIndex];
  if (doc === undefined) return { error: `no YAML document ${documentIndex} in this file` };
  if (doc.kind === undefined || podSpecLocation(doc.kind) === undefined) {
    return { error: `document ${documentIndex} is not a Pod or an object with a pod template` };
  }
  if (doc.template !== undefined) {
    return { error: `document ${documentIndex} is a Helm template: render it first (helm template ... > rendered.yaml) and simulate the output` };
  }
  const input = { kind: doc.kind, object: doc.value };
  const pod = presetPodOf(input);
  const presets: ScenarioPreset[] = pod === undefined ? [] : listPresets(pod);
  let chosen: Scenario;
  let selected: string;
  if (scenario === undefined || typeof scenario === 'string') {
    selected = scenario ?? 'all-succeed';
    const preset = selected === 'all-succeed' ? { scenario: {} } : pod === undefined ? undefined : presetById(pod, selected);
    if (preset === undefined) return { error: `unknown scenario "${selected}"` };
    chosen = preset.scenario;
  } else {
    const parsed = parseScenario(scenario);
    if (!parsed.ok) return { error: parsed.errors.join('\n') };
    chosen = parsed.scenario;
    selected = 'custom';
  }
  const metadata = (doc.value as { metadata?: { name?: unknown } } | null)?.metadata;
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  return {
    timeline: simulateLifecycle(input, chosen),
    presets: presets.map((p) => ({ id: p.id, label: p.label })),
    selected,
    kind: doc.kind,
    name,
  };
}
