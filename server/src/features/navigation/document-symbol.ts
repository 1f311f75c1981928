/**
 * `textDocument/documentSymbol`: the outline of a file. Each Kubernetes object (each item of a `kind: List`)
 * is a symbol named `Kind name`; objects holding a Pod spec (pod-specs.ts) have their containers, init
 * containers, ephemeral containers and volumes as children (`spec.containers[]`, `spec.initContainers[]`,
 * `spec.ephemeralContainers[]`, `spec.volumes[]`, under the template for workloads).
 */
import type { FieldPath } from '../../document/field-path';
import { nodeRange } from '../../document/locate';
import type { Snapshot, YamlDocument } from '../../document/snapshot';
import { objectItemsAt, prop, strAt } from '../../rules/json';
import type { OffsetRange } from '../../util/range';
import { documentObjects, valueAtPath } from './workspace-index';

/** What a symbol is; `lsp/to-proto.ts` maps it to an LSP SymbolKind. */
export type DocumentSymbolKind = 'object' | 'container' | 'initContainer' | 'ephemeralContainer' | 'volume';

/** One outline entry, in file offsets; `selectionRange` lies inside `range`. */
export interface DocumentSymbolInfo {
  /** `Deployment web` for objects; the name for containers and volumes (`<unnamed>` when absent). */
  readonly name: string;
  /** Objects: the namespace when set; containers: the image; volumes: the source type (`configMap`, `emptyDir`). */
  readonly detail?: string;
  readonly kind: DocumentSymbolKind;
  /** The whole object / container / volume. */
  readonly range: OffsetRange;
  /** The name (or, without one, the start of `range`). */
  readonly selectionRange: OffsetRange;
  readonly children: readonly DocumentSymbolInfo[];
}

const CONTAINER_KINDS: ReadonlyArray<readonly [string, DocumentSymbolKind]> = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/**
 * The outline of `snapshot`, in file order. Documents without `kind` are left out. In a Helm template the outline
 * is the static structure, and a name written as an action shows as written (`Deployment {{ include "x" . }}`).
 */
export function documentSymbols(snapshot: Snapshot): DocumentSymbolInfo[] {
  const out: DocumentSymbolInfo[] = [];
  for (const doc of snapshot.documents) {
    // A templated document was parsed from its masked view: show names as the user wrote them.
    const shown = (name: string, range: OffsetRange): string => {
      if (doc.template === undefined || range.end <= range.start) return name;
      const written = snapshot.text.slice(range.start, range.end);
      return /^(["']).*\1$/s.test(written) ? written.slice(1, -1) : written;
    };
    for (const o of documentObjects(snapshot, doc)) {
      const children: DocumentSymbolInfo[] = [];
      if (o.specPath !== undefined) {
        const spec = valueAtPath(doc.value, o.specPath);
        for (const [list, kind] of CONTAINER_KINDS) {
          for (const [i, c] of objectItemsAt(spec, list)) {
            const image = strAt(c, 'image');
            const imageRange = image === undefined ? undefined : nodeRange(doc, [...o.specPath, list, i, 'image'], 'value');
            const detail = image === undefined || imageRange === undefined ? image : shown(image, imageRange);
            children.push(child(doc, [...o.specPath, list, i], strAt(c, 'name'), kind, detail, shown));
          }
        }
        for (const [i, v] of objectItemsAt(spec, 'volumes')) {
          const source = Object.keys(v).find((k) => k !== 'name');
          children.push(child(doc, [...o.specPath, 'volumes', i], strAt(v, 'name'), 'volume', source, shown));
        }
      }
      const namespace = strAt(prop(valueAtPath(doc.value, o.basePath), 'metadata'), 'namespace');
      const name = o.name === '' ? '' : shown(o.name, o.selectionRange);
      out.push({
        name: name === '' ? o.kind : `${o.kind} ${name}`,
        ...(namespace === undefined ? {} : { detail: namespace }),
        kind: 'object',
        range: o.range,
        selectionRange: o.selectionRange,
        children,
      });
    }
  }
  return out;
}

function child(
  doc: YamlDocument,
  path: FieldPath,
  name: string | undefined,
  kind: DocumentSymbolKind,
  detail: string | undefined,
  shown: (name: string, range: OffsetRange) => string,
): DocumentSymbolInfo {
  const range = nodeRange(doc, path, 'node') ?? doc.range;
  const nameRange = name === undefined ? undefined : nodeRange(doc, [...path, 'name'], 'value');
  const inside = nameRange !== undefined && nameRange.start >= range.start && nameRange.end <= range.end;
  const selectionRange = inside ? nameRange : { start: range.start, end: range.start };
  const label = name === undefined ? '<unnamed>' : inside ? shown(name, nameRange) : name;
  return { name: label, ...(detail === undefined ? {} : { detail }), kind, range, selectionRange, children: [] };
}
