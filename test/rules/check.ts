/**
 * The one entry point rules tests use: YAML text in, rendered findings out (`ruleId: message`), and a
 * table runner that wraps a pod-spec fragment into a Pod and into pod templates and checks both.
 */
import * as assert from 'assert';
import { parse, parseAllDocuments } from 'yaml';
import { checkObject, type RuleOptions } from '../../server/src/rules/engine';
import type { Finding } from '../../server/src/rules/rule';
import { formatFieldPath } from '../../server/src/document/field-path';

/** Options for a check; defaults: version 1.35, no settings, no best practices. */
export function options(overrides: Partial<RuleOptions> = {}): RuleOptions {
  return { kubernetesVersion: '1.35', severities: {}, bestPractices: false, ...overrides };
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The findings of one YAML document (YAML 1.1, as kubectl reads it). */
export function findingsOf(yamlText: string, opts: RuleOptions = options()): Finding[] {
  const obj: unknown = parse(yamlText, { version: '1.1' });
  const rec = asRecord(obj);
  return checkObject({ kind: String(rec['kind']), apiVersion: String(rec['apiVersion']), object: obj, basePath: [] }, opts);
}

/**
 * Renders findings as `ruleId: message` lines, after checking that each message starts with the finding's apiserver
 * path (`field`, else `path`: the JSON and SARIF `fieldPath`), so every table that compares messages also
 * compares the `fieldPath` its findings report.
 */
export function render(findings: readonly Finding[]): string[] {
  assertFieldPaths(findings);
  return findings.map((f) => `${f.ruleId}: ${f.message}`);
}

function assertFieldPaths(findings: readonly Finding[]): void {
  for (const f of findings) {
    // Relative to the item of a List, as `fieldPath` and the message are.
    const api = f.field ?? f.path;
    const fieldPath = formatFieldPath(api[0] === 'items' && typeof api[1] === 'number' ? api.slice(2) : api);
    assert.ok(f.message.startsWith(`${fieldPath}: `) || f.message === fieldPath, `${f.ruleId}: fieldPath ${fieldPath} differs from the message's path: ${f.message}`);
  }
}

/** Renders findings with their location and severity: `ruleId @ path[key] (severity): message`. */
export function renderWithLocation(findings: readonly Finding[]): string[] {
  assertFieldPaths(findings);
  return findings.map((f) => `${f.ruleId} @ ${formatFieldPath(f.path)}${f.target === 'key' ? ' (key)' : ''}: ${f.message}`);
}

/** All YAML documents of a text as plain JSON. */
export function documentsOf(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS({ maxAliasCount: 100 }));
}

/** A kind a pod-spec fragment is wrapped into. */
export type WrapKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'PodTemplate' | 'ReplicaSet' | 'ReplicationController';

const SPEC_PATH: Readonly<Record<WrapKind, string>> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  PodTemplate: 'template.spec',
};

const META_PATH: Readonly<Record<WrapKind, string>> = {
  Pod: 'metadata',
  Deployment: 'spec.template',
  StatefulSet: 'spec.template',
  DaemonSet: 'spec.template',
  ReplicaSet: 'spec.template',
  ReplicationController: 'spec.template',
  Job: 'spec.template',
  CronJob: 'spec.jobTemplate.spec.template',
  PodTemplate: 'template',
};

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const strip = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => (l.trim() === '' ? '' : pad + l.slice(strip))).join('\n');
}

/**
 * Wraps a PodSpec fragment (and optional pod metadata fragment) into a manifest of `kind`.
 * Jobs and CronJobs get `restartPolicy: Never` unless the fragment sets one.
 */
export function wrap(kind: WrapKind, spec: string, meta = ''): string {
  const needsRestart = (kind === 'Job' || kind === 'CronJob') && !/^\s*restartPolicy:/m.test(spec);
  const body = needsRestart ? `${spec}\nrestartPolicy: Never` : spec;
  const labels = meta.trim() === '' ? 'labels: {app: demo}' : meta;
  switch (kind) {
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n${indent(labels, 2)}\nspec:\n${indent(body, 2)}\n`;
    case 'PodTemplate':
      return `apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: demo\ntemplate:\n  metadata:\n${indent(labels, 4)}\n  spec:\n${indent(body, 4)}\n`;
    case 'CronJob':
      return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: demo\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n${indent(labels, 10)}\n        spec:\n${indent(body, 10)}\n`;
    case 'Job':
      return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: demo\nspec:\n  template:\n    metadata:\n${indent(labels, 6)}\n    spec:\n${indent(body, 6)}\n`;
    case 'ReplicationController':
      return `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: demo\nspec:\n  selector: {app: demo}\n  template:\n    metadata:\n${indent(labels, 6)}\n    spec:\n${indent(body, 6)}\n`;
    default:
      return `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: demo\nspec:\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n${indent(labels, 6)}\n    spec:\n${indent(body, 6)}\n`;
  }
}

/** One table row: a pod-spec fragment and the findings expected on each kind (`<P>` = spec path, `<T>` = template path / metadata). */
export interface PodCase {
  readonly name: string;
  readonly spec: string;
  readonly meta?: string;
  /** Expected `ruleId: message` lines; `<P>` is replaced by the spec path, `<M>` by the metadata path. */
  readonly expect: readonly string[];
  /** Kinds to wrap into; default Pod and Deployment. */
  readonly kinds?: readonly WrapKind[];
  readonly version?: string;
  /** Only compare findings of these rule ids (default: all). */
  readonly only?: readonly string[];
  readonly bestPractices?: boolean;
}

/** Expands `<P>` and `<M>` for a kind. */
export function expand(line: string, kind: WrapKind): string {
  return line.replace(/<P>/g, SPEC_PATH[kind]).replace(/<M>/g, META_PATH[kind]);
}

/** Registers one mocha `it` per case and kind. */
export function runPodCases(title: string, cases: readonly PodCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      for (const kind of c.kinds ?? (['Pod', 'Deployment'] as const)) {
        it(`${c.name} (${kind})`, () => {
          const opts = options({
            ...(c.version !== undefined ? { kubernetesVersion: c.version } : {}),
            ...(c.bestPractices === true ? { bestPractices: true } : {}),
          });
          const got = render(findingsOf(wrap(kind, c.spec, c.meta), opts).filter((f) => c.only === undefined || c.only.includes(f.ruleId)));
          assert.deepStrictEqual(got, c.expect.map((e) => expand(e, kind)));
        });
      }
    }
  });
}

/** One table row over a whole manifest. */
export interface ObjectCase {
  readonly name: string;
  readonly yaml: string;
  readonly expect: readonly string[];
  readonly version?: string;
  readonly only?: readonly string[];
}

/** Registers one mocha `it` per case. */
export function runObjectCases(title: string, cases: readonly ObjectCase[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        const opts = options(c.version !== undefined ? { kubernetesVersion: c.version } : {});
        const got = render(findingsOf(c.yaml, opts).filter((f) => c.only === undefined || c.only.includes(f.ruleId)));
        assert.deepStrictEqual(got, [...c.expect]);
      });
    }
  });
}

/** A minimal valid container list for fragments that test something else. */
export const C = 'containers:\n- name: app\n  image: nginx:1.27';
