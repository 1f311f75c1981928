/**
 * `textDocument/prepareRename` and `textDocument/rename`.
 *
 * Renameable: container, volume and port names (with every reference in the same Pod, and the `targetPort`s
 * of Services selecting the Pod for ports), ConfigMap, Secret, PVC and ServiceAccount names (with every
 * reference in the workspace, same namespace), ConfigMap and Secret data keys (with the `key`s naming them),
 * and label keys and values (with the label sets and selectors linked to them, see `related.ts` `labelGroup`).
 * The new name is validated as the apiserver would (DNS-1123 label for containers and volumes, IANA_SVC_NAME
 * for ports, DNS-1123 subdomain for object names, qualified name / label value for labels).
 */
import type { Snapshot } from '../../document/snapshot';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortName } from '../../rules/validation-strings';
import type { OffsetRange } from '../../util/range';
import { classifyPlain } from '../yaml-scalar';
import { labelGroup, labelTargetAt, relatedNames } from './related';
import type { LabelTarget } from './related';
import { buildWorkspaceIndex, locationKey, namesAt, workspaceWith } from './workspace-index';
import type { NameEntry, NameKind, NavigationCache, NavLocation, WorkspaceIndex } from './workspace-index';

/** One text replacement of a workspace edit: replace `range` (file offsets in `uri`'s snapshot) with `newText`. */
export interface RenameEdit {
  readonly uri: string;
  readonly range: OffsetRange;
  readonly newText: string;
}

/** The answer to prepareRename: the name's range (quotes excluded) and current text, or why it cannot be renamed. */
export type PrepareRenameResult = { readonly range: OffsetRange; readonly placeholder: string } | { readonly error: string };

/** The answer to rename: the edits (sorted by URI and offset, one per place), or why the rename is refused. */
export type RenameResult = { readonly edits: readonly RenameEdit[] } | { readonly error: string };

const NOT_RENAMEABLE =
  'Only container, volume and port names, ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount names, data keys and labels can be renamed';

type Target = { readonly type: 'name'; readonly names: readonly NameEntry[] } | { readonly type: 'label'; readonly label: LabelTarget };

function targetAt(index: WorkspaceIndex, uri: string, offset: number): Target | undefined {
  const names = namesAt(index, uri, offset);
  if (names.length > 0) return { type: 'name', names };
  const label = labelTargetAt(index, uri, offset);
  return label === undefined ? undefined : { type: 'label', label };
}

/**
 * The name under `offset` (0-based UTF-16 file offset) in `snapshot` and its range (quotes excluded), or an
 * error message when nothing renameable is there. `cache`: see `NavigationCache` (workspace-index.ts).
 */
export function prepareRename(snapshots: readonly Snapshot[], snapshot: Snapshot, offset: number, cache?: NavigationCache): PrepareRenameResult {
  const target = targetAt(buildWorkspaceIndex(snapshots, snapshot, cache), snapshot.uri, offset);
  if (target === undefined) return { error: NOT_RENAMEABLE };
  if (target.type === 'name') {
    const first = target.names[0];
    return first === undefined ? { error: NOT_RENAMEABLE } : { range: first.range, placeholder: first.name };
  }
  return { range: target.label.range, placeholder: target.label.on === 'key' ? target.label.key : target.label.value };
}

/**
 * Renames what is under `offset` in `snapshot` to `newName` across the workspace `snapshots`.
 * Errors: nothing renameable at the cursor, or `newName` invalid for the kind of name (the apiserver's message).
 * Edits keep the quoting of each occurrence; a plain scalar that would not stay a string (`true`, `0123`) is quoted.
 * `cache`: see `NavigationCache` (workspace-index.ts).
 */
export function rename(snapshots: readonly Snapshot[], snapshot: Snapshot, offset: number, newName: string, cache?: NavigationCache): RenameResult {
  const index = buildWorkspaceIndex(snapshots, snapshot, cache);
  const target = targetAt(index, snapshot.uri, offset);
  if (target === undefined) return { error: NOT_RENAMEABLE };
  let places: NavLocation[];
  if (target.type === 'name') {
    const first = target.names[0];
    if (first === undefined) return { error: NOT_RENAMEABLE };
    const problems = validateName(first.kind, newName);
    if (problems.length > 0) return { error: `${JSON.stringify(newName)} is not a valid ${describeKind(first.kind)}: ${problems.join('; ')}` };
    places = relatedNames(index, target.names);
  } else {
    const label = target.label;
    const problems = label.on === 'key' ? isQualifiedName(newName) : isValidLabelValue(newName);
    if (problems.length > 0) return { error: `${JSON.stringify(newName)} is not a valid label ${label.on}: ${problems.join('; ')}` };
    const value = label.on === 'value' ? label.value : undefined;
    const group = labelGroup(index, 'set' in label ? label.set : label.selector, label.key, value);
    places = [];
    for (const set of group.sets) {
      for (const e of set.entries) {
        if (e.key !== label.key) continue;
        if (label.on === 'key') places.push({ uri: set.uri, range: e.keyRange });
        else if (e.value === label.value && e.valueRange !== undefined) places.push({ uri: set.uri, range: e.valueRange });
      }
    }
    for (const sel of group.selectors) {
      for (const term of sel.terms) {
        if (term.key !== label.key) continue;
        if (label.on === 'key') places.push({ uri: sel.uri, range: term.keyRange });
        else for (const v of term.values) if (v.value === label.value) places.push({ uri: sel.uri, range: v.range });
      }
    }
  }
  const texts = new Map(workspaceWith(snapshots, snapshot).map((s) => [s.uri, s.text]));
  const edits = new Map<string, RenameEdit>();
  for (const p of places) edits.set(locationKey(p), { uri: p.uri, range: p.range, newText: scalarText(texts.get(p.uri) ?? '', p.range, newName) });
  return { edits: [...edits.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e) };
}

function validateName(kind: NameKind, name: string): string[] {
  switch (kind) {
    case 'volume':
    case 'container':
      return isDNS1123Label(name);
    case 'port':
      return isValidPortName(name);
    case 'configMapKey':
    case 'secretKey':
      return isConfigMapKey(name);
    default:
      return isDNS1123Subdomain(name);
  }
}

function describeKind(kind: NameKind): string {
  switch (kind) {
    case 'volume':
      return 'volume name';
    case 'container':
      return 'container name';
    case 'port':
      return 'port name';
    case 'configMapKey':
      return 'ConfigMap key';
    case 'secretKey':
      return 'Secret key';
    default:
      return `${kind} name`;
  }
}

/** The replacement text for a name at `range`: escaped inside quotes, quoted when a plain scalar would not be a string. */
function scalarText(text: string, range: OffsetRange, name: string): string {
  const before = text[range.start - 1];
  const after = text[range.end];
  if (before === '"' && after === '"') return JSON.stringify(name).slice(1, -1);
  if (before === "'" && after === "'") return name.replace(/'/g, "''");
  const plainOk = classifyPlain(name).type === 'string' && /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(name);
  return plainOk ? name : JSON.stringify(name);
}
