/**
 * Helpers for the lifecycle tests: build a manifest from a small spec, simulate it, and read the
 * published status at a time. Tests go through `check`-style helpers, not simulator internals.
 */
import * as assert from 'assert';
import { parse } from 'yaml';
import type { ContainerStatusSnapshot, PodSnapshot, Scenario, Timeline, TimelineEvent, TimelineEventType } from '../../server/src/lifecycle/model';
import { simulateLifecycle } from '../../server/src/lifecycle/simulate';

/** Simulates a manifest written as YAML text (any kind) under a scenario. */
export function simulateYaml(yamlText: string, scenario: Scenario = {}): Timeline {
  const object: unknown = parse(yamlText);
  const kind = typeof object === 'object' && object !== null && 'kind' in object && typeof object.kind === 'string' ? object.kind : '';
  return simulateLifecycle({ kind, object }, scenario);
}

/** Simulates a Pod whose `spec` is given as a plain object. */
export function simulatePod(spec: Record<string, unknown>, scenario: Scenario = {}, name = 'p'): Timeline {
  return simulateLifecycle({ kind: 'Pod', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec } }, scenario);
}

/** The snapshot in force at t (the last published at or before t), for one Pod (`pod` for Jobs). */
export function at(tl: Timeline, t: number, pod?: string): PodSnapshot {
  let found: PodSnapshot | undefined;
  for (const s of tl.snapshots) if ((pod === undefined || s.pod === pod) && s.t <= t) found = s;
  assert.ok(found, `no snapshot at or before ${t} s`);
  return found;
}

/** kubectl `STATUS` at t. */
export function statusAt(tl: Timeline, t: number, pod?: string): string {
  return at(tl, t, pod).kubectl.status;
}

/** One container's published status at t. */
export function containerAt(tl: Timeline, t: number, name: string, pod?: string): ContainerStatusSnapshot {
  const c = at(tl, t, pod).containers.find((x) => x.name === name);
  assert.ok(c, `no container ${name}`);
  return c;
}

/** Events of a type (and container). */
export function eventsOf(tl: Timeline, type: TimelineEventType, container?: string | null): TimelineEvent[] {
  return tl.events.filter((e) => e.type === type && (container === undefined || e.container === container));
}

/** Times of events of a type (and container). */
export function timesOf(tl: Timeline, type: TimelineEventType, container?: string | null): number[] {
  return eventsOf(tl, type, container).map((e) => e.t);
}

/** A container spec with just a name and an image, plus extra fields. */
export function c(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: 'example.com/img:1', ...extra };
}

/** An exec probe with settings. */
export function probe(settings: Record<string, unknown> = {}): Record<string, unknown> {
  return { exec: { command: ['true'] }, ...settings };
}
