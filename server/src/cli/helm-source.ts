/**
 * `helm template ... | podls check -`: rendered Helm output names each document's template in a comment,
 * `# Source: CHART/templates/FILE.yaml`, on the line after the document's `---` marker (helm's
 * pkg/action `helm template` writes it for every rendered manifest). podls reports each finding of such a
 * document against that template file, keeping the rendered position: the template's own lines are unknown
 * once actions have run.
 */
import type { CheckFinding } from './check-workers';

/** A `# Source:` comment: 0-based line in the rendered text and the template path it names. */
interface SourceLine {
  readonly line: number;
  readonly source: string;
}

const SOURCE_COMMENT = /^# Source: (\S.*?)\s*$/;
const DOCUMENT_MARKER = /^---(?:[ \t]|$)/;

/** The `# Source:` comments of `text` in line order; empty when it is not rendered Helm output. O(length). */
function sourceLines(text: string): SourceLine[] {
  if (!text.includes('# Source: ')) return [];
  const out: SourceLine[] = [];
  const lines = text.split('\n');
  // A document's source holds until its next `---` marker.
  let current: string | undefined;
  lines.forEach((raw, line) => {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const m = SOURCE_COMMENT.exec(l);
    if (m !== null && m[1] !== undefined) {
      current = m[1];
      out.push({ line, source: current });
    } else if (DOCUMENT_MARKER.test(l) && current !== undefined) {
      current = undefined;
      out.push({ line, source: '' });
    }
  });
  return out;
}

/**
 * Findings of `input` (its name and text) placed on the Helm templates its `# Source:` comments name: such a
 * finding's `file` becomes the template path and `rendered` the input name, so that `range` (0-based lines of
 * the rendered text) still says where in the rendered output it is. Findings before any `# Source:` comment, and
 * all findings of text that has none, are returned unchanged.
 */
export function placeOnHelmSources(input: { readonly name: string; readonly text: string }, findings: readonly CheckFinding[]): CheckFinding[] {
  const sources = sourceLines(input.text);
  if (sources.length === 0) return [...findings];
  return findings.map((f) => {
    const line = f.range.start.line;
    let lo = 0;
    let hi = sources.length - 1;
    let found: SourceLine | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sources[mid];
      if (s !== undefined && s.line <= line) {
        found = s;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found === undefined || found.source === '' ? f : { ...f, file: found.source, rendered: input.name };
  });
}
