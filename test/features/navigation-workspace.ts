/**
 * The multi-file workspace of the navigation tests (test/fixtures/workspace/*.yaml) and helpers to place a
 * cursor in it and render locations as `file:line:col text` (1-based line and column, like compilers).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createSnapshot } from '../../server/src/document/snapshot';
import type { Snapshot } from '../../server/src/document/snapshot';
import type { OffsetRange } from '../../server/src/util/range';
import { parseMarkers } from '../harness/fixture';
import { REPO_ROOT } from '../harness/shared';

const DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
const URI_BASE = 'file:///workspace/';

/** Every fixture file as a snapshot, sorted by name. */
export function loadWorkspace(): Snapshot[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => createSnapshot(URI_BASE + f, 1, fs.readFileSync(path.join(DIR, f), 'utf8')));
}

/** The snapshot of fixture `file` (e.g. `pod.yaml`). */
export function fileOf(workspace: readonly Snapshot[], file: string): Snapshot {
  const s = workspace.find((x) => x.uri === URI_BASE + file);
  assert.ok(s, `no fixture ${file}`);
  return s;
}

/**
 * The offset of a cursor in a fixture file: `needle` is a piece of its text with a `<|>` marker; the piece
 * (without the marker) must occur exactly `occurrence + 1` or more times; the `occurrence`-th is used.
 */
export function cursorIn(snapshot: Snapshot, needle: string, occurrence = 0): number {
  const { text, cursor } = parseMarkers(needle);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = snapshot.text.indexOf(text, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(text)} (occurrence ${occurrence}) not found in ${snapshot.uri}`);
  }
  return at + cursor;
}

/**
 * A copy of fixture `file` with `replace` replaced by `by` (which holds one `<|>` marker) as a new version,
 * and the cursor offset in it.
 */
export function editedFile(workspace: readonly Snapshot[], file: string, replace: string, by: string): { snapshot: Snapshot; offset: number } {
  const original = fileOf(workspace, file);
  const at = original.text.indexOf(replace);
  assert.ok(at >= 0, `${JSON.stringify(replace)} not found in ${file}`);
  const { text, cursor } = parseMarkers(original.text.slice(0, at) + by + original.text.slice(at + replace.length));
  return { snapshot: createSnapshot(original.uri, 2, text), offset: cursor };
}

/** `file:line:col text` of a range in the workspace. */
export function renderRange(workspace: readonly Snapshot[], uri: string, range: OffsetRange): string {
  const s = workspace.find((x) => x.uri === uri);
  assert.ok(s, `no snapshot for ${uri}`);
  const p = s.lineIndex.positionAt(range.start);
  return `${uri.slice(URI_BASE.length)}:${p.line + 1}:${p.character + 1} ${s.text.slice(range.start, range.end)}`;
}

/** Renders locations, in the order given. */
export function renderLocations(workspace: readonly Snapshot[], locations: readonly { uri: string; range: OffsetRange }[]): string[] {
  return locations.map((l) => renderRange(workspace, l.uri, l.range));
}
