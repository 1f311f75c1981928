/**
 * SARIF 2.1.0 output for `podls check --output sarif` (OASIS SARIF v2.1.0, sections 3.13 run, 3.27 result,
 * 3.30 region, 3.49 reportingDescriptor). Regions are 1-based lines and columns; columns count UTF-16 code
 * units (`run.columnKind: "utf16CodeUnits"`), as LSP does.
 */
import * as path from 'path';
import { ruleCatalog } from '../features/rule-catalog';
import type { Severity } from '../rules/rule';
import type { CheckFinding } from './check';

/** The SARIF version and schema URI written into every log. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** A SARIF log (the subset podls writes), as plain JSON. */
export interface SarifLog {
  readonly $schema: string;
  readonly version: string;
  readonly runs: readonly unknown[];
}

/** Builds the SARIF log for `findings`: one run, one reportingDescriptor per rule of the catalog, one result per finding. */
export function toSarif(findings: readonly CheckFinding[], toolVersion = '0.1.0'): SarifLog {
  const rules = ruleCatalog();
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const artifacts: string[] = [];
  const artifactIndex = new Map<string, number>();
  for (const f of findings) {
    if (!artifactIndex.has(f.file)) {
      artifactIndex.set(f.file, artifacts.length);
      artifacts.push(f.file);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'podls',
            version: toolVersion,
            informationUri: 'https://github.com/podls/podls',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              helpUri: `https://github.com/podls/podls/blob/main/docs/rules.md#${r.id}`,
              defaultConfiguration: { level: LEVEL[r.severity], enabled: r.bestPractice !== true },
              properties: { family: r.family, ...(r.bestPractice ? { tags: ['best-practice'] } : {}) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts: artifacts.map((uri) => ({ location: { uri: toArtifactUri(uri) } })),
        results: findings.map((f) => ({
          ruleId: f.code,
          ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toArtifactUri(f.file), index: artifactIndex.get(f.file) },
                // A finding in rendered Helm output has no region in its template (properties.renderedRegion).
                ...(f.rendered === undefined ? { region: region(f.range) } : {}),
              },
              ...(f.fieldPath !== undefined ? { logicalLocations: [{ fullyQualifiedName: f.fieldPath, kind: 'member' }] } : {}),
            },
          ],
          ...(f.related !== undefined && f.related.length > 0
            ? {
                relatedLocations: f.related.map((r, id) => ({
                  id,
                  physicalLocation: { artifactLocation: { uri: toArtifactUri(f.file), index: artifactIndex.get(f.file) }, region: region(r.range) },
                  message: { text: r.message },
                })),
              }
            : {}),
          properties: {
            document: f.document,
            ...(f.errorType !== undefined ? { errorType: f.errorType } : {}),
            ...(f.object !== undefined ? { object: f.object } : {}),
            // Rendered Helm output: the region counts lines of the rendered input, not of the template.
            ...(f.rendered !== undefined ? { renderedFrom: f.rendered, renderedRegion: region(f.range) } : {}),
          },
        })),
      },
    ],
  };
}

/** A SARIF region (3.30): 1-based lines and columns from 0-based LSP positions. */
function region(r: CheckFinding['range']): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/**
 * A file name as a SARIF artifact URI (SARIF 3.4.3): an absolute path becomes a `file://` URI, a relative
 * path a relative reference (forward slashes, percent-encoded segments).
 */
function toArtifactUri(file: string): string {
  const encoded = file.split(/[\\/]/).map(encodeURIComponent).join('/');
  return path.isAbsolute(file) ? `file://${encoded.startsWith('/') ? '' : '/'}${encoded}` : encoded;
}
