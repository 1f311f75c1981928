/**
 * podls's own LSP methods (`podls/*`): names and parameter/result shapes, shared by server and client.
 * Types and method names only: its imports are `import type` (erased), so the client can import it without
 * bundling the server's code.
 * Every method here is documented in docs/lsp-extensions.md (a test checks it).
 */

import type { Timeline } from '../lifecycle/model';

/** A 0-based LSP position (UTF-16 characters). */
export interface ExtPosition {
  readonly line: number;
  readonly character: number;
}

/** `podls/explain`: the `kubectl explain` text of the field at a position, or null. */
export const EXPLAIN_METHOD = 'podls/explain';
export interface ExplainParams {
  readonly uri: string;
  readonly position: ExtPosition;
}
export interface ExplainResult {
  /** The `kubectl explain RESOURCE.PATH` command this answers, e.g. `kubectl explain pod.spec.containers`. */
  readonly command: string;
  /** The plain-text explain output, as kubectl prints it. */
  readonly text: string;
}

/** `podls/status`: the schema in use, for the status bar. */
export const STATUS_METHOD = 'podls/status';
export interface StatusResult {
  /** Kubernetes minor version of the schema, e.g. `1.35`. */
  readonly kubernetesVersion: string;
  /** `bundled (kubernetes-models@5.1.0)` or `OpenAPI: path, ...`. */
  readonly schemaSource: string;
  /** The target version validation uses (setting or schema version). */
  readonly targetVersion: string;
  /**
   * Set when the bundled schema is not the target release's own, e.g. `no bundled schema for Kubernetes
   * 1.31 (no npm dependency carries it): using 1.32`.
   */
  readonly schemaNote?: string;
  /** `bundled releases: 1.30, 1.32, 1.33, 1.34, 1.36 (no schema for 1.31, 1.35)`; absent for OpenAPI documents. */
  readonly bundledReleases?: string;
  /**
   * The workspace as the server holds it: `indexedFiles`, the YAML files read from disk for cross-file checks (open
   * files not counted); `analysedDocuments`, the YAML documents analysed since the settings last changed (open files
   * and the indexed files analysed in the background; a document whose parse is reused is not analysed again).
   */
  readonly workspace?: { readonly indexedFiles: number; readonly analysedDocuments: number };
}

/**
 * `podls/schemaPull`: fetch the cluster's OpenAPI v3 documents (core, apps, batch) with kubectl into the
 * podls cache directory (as `podls schema pull`). Refused in untrusted workspaces. The client then selects
 * the folder (`podls.schema.openapi`).
 */
export const SCHEMA_PULL_METHOD = 'podls/schemaPull';
export interface SchemaPullParams {
  /** kubectl context; default: the current context. */
  readonly context?: string;
}
/** The folder written and the kubectl context it came from, or why nothing was written. */
export type SchemaPullResult = { readonly dir: string; readonly context: string } | { readonly error: string };

/** `podls/lifecycle`: simulate one Pod or pod template and return its Timeline. */
export const LIFECYCLE_METHOD = 'podls/lifecycle';
export interface LifecycleParams {
  readonly uri: string;
  /** 0-based index of the YAML document in the file (from the code lens). */
  readonly documentIndex?: number;
  /** Or: a position; the document containing it is simulated (the command run from the editor). */
  readonly position?: ExtPosition;
  /** A preset id (see `presets` in the result) or a scenario object (IN-3 JSON); default: everything succeeds. */
  readonly scenario?: string | Readonly<Record<string, unknown>>;
}

/** The result of `podls/lifecycle`: the Timeline, the presets of this Pod, and which one was simulated. */
export type LifecycleResult =
  | {
      readonly timeline: Timeline;
      readonly presets: readonly { readonly id: string; readonly label: string }[];
      /** The preset id simulated, or `custom` for a scenario object. */
      readonly selected: string;
      readonly kind: string;
      readonly name: string;
    }
  | { readonly error: string };

/** `podls/select`: the objects in the workspace that a kubectl label selector (`app=web,tier!=db`) selects. */
export const SELECT_METHOD = 'podls/select';
export interface SelectParams {
  readonly selector: string;
}
export interface SelectResultItem {
  readonly uri: string;
  /** 0-based line of the object's first line. */
  readonly line: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}
export type SelectResult = { readonly items: readonly SelectResultItem[] } | { readonly error: string };
