/**
 * `# podls-ignore` comments: the syntax, which findings they suppress, and the edits that write them (the
 * "Ignore RULE on this line" and "Ignore RULE in this file" code actions).
 *
 * - `# podls-ignore rule-id[, rule-id...]` on the line of a finding or on the line above suppresses those rules
 *   there; without ids it suppresses every rule there.
 * - `# podls-ignore-file rule-id[, rule-id...]` as a full-line comment in the file's header (the lines before the
 *   first line of YAML content: comments, blank lines, `%` directives and `---`) suppresses those rules in the
 *   whole file; without ids, every rule.
 * Lines are 0-based.
 */
import { insertCommentAbove } from '../document/edit';
import type { TextEdit } from '../document/edit';
import type { LineIndex } from '../document/line-index';

/** The text and line table a suppression check needs (a `Snapshot` has both). */
export type SuppressionSource = { readonly text: string; readonly lineIndex: LineIndex };

/** A line-level ignore comment; group 1 holds the rule ids. `podls-ignore-file` is not one. */
const LINE_IGNORE = /#\s*podls-ignore(?![-\w])(.*)$/;
/** A file-level ignore comment (a whole line); group 1 holds the rule ids. */
const FILE_IGNORE = /^\s*#\s*podls-ignore-file(?![-\w])(.*)$/;

function idsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

function lineText(source: SuppressionSource, line: number): string {
  if (line < 0 || line >= source.lineIndex.lineCount) return '';
  return source.text.slice(source.lineIndex.lineStart(line), source.lineIndex.lineContentEnd(line));
}

/** True for a header line: blank, a comment, a `%` directive or a `---` document marker without content. */
function isHeaderLine(text: string): boolean {
  const t = text.trim();
  return t === '' || t.startsWith('#') || t.startsWith('%') || /^---(\s+#.*)?$/.test(t);
}

/** The rule ids of one line's `# podls-ignore` comment: undefined without one, `[]` for "every rule". */
export function lineIgnoreIds(source: SuppressionSource, line: number): readonly string[] | undefined {
  const match = LINE_IGNORE.exec(lineText(source, line));
  return match === null ? undefined : idsOf(match[1] ?? '');
}

/**
 * The file-level suppressions: undefined when the file has no `# podls-ignore-file` comment in its header,
 * `'all'` when one names no rule, else the rule ids named.
 */
export function fileIgnoreIds(source: SuppressionSource): ReadonlySet<string> | 'all' | undefined {
  if (!source.text.includes('podls-ignore-file')) return undefined;
  let ids: Set<string> | undefined;
  for (let line = 0; line < source.lineIndex.lineCount; line++) {
    const text = lineText(source, line);
    if (!isHeaderLine(text)) break;
    const match = FILE_IGNORE.exec(text);
    if (match === null) continue;
    const named = idsOf(match[1] ?? '');
    if (named.length === 0) return 'all';
    ids = new Set([...(ids ?? []), ...named]);
  }
  return ids;
}

/** True when a finding of `code` starting on `line` is suppressed by a line comment (on it or above it) or the file header. */
export function isSuppressed(source: SuppressionSource, line: number, code: string, fileIds = fileIgnoreIds(source)): boolean {
  if (fileIds === 'all' || fileIds?.has(code) === true) return true;
  for (const l of [line - 1, line]) {
    const ids = lineIgnoreIds(source, l);
    if (ids !== undefined && (ids.length === 0 || ids.includes(code))) return true;
  }
  return false;
}

/**
 * The edit that ignores `code` on `line`: adds the id to the `# podls-ignore` comment of the line above, or
 * inserts `# podls-ignore <code>` above the line, indented like it. Undefined when it is already ignored there.
 */
export function ignoreOnLineEdit(source: SuppressionSource, line: number, code: string): TextEdit | undefined {
  if (isSuppressed(source, line, code)) return undefined;
  const above = lineText(source, line - 1);
  // An ignore comment on the line above (a whole line, or after content) is extended: a new line between them
  // would move it out of reach of this line.
  if (line > 0 && LINE_IGNORE.test(above)) {
    const ids = lineIgnoreIds(source, line - 1) ?? [];
    const end = source.lineIndex.lineContentEnd(line - 1);
    const trimmed = above.replace(/\s+$/, '');
    return { range: { start: end - (above.length - trimmed.length), end }, newText: ids.length === 0 ? ` ${code}` : `, ${code}` };
  }
  return insertCommentAbove(source, line, `podls-ignore ${code}`);
}

/**
 * The edit that ignores `code` in the whole file: adds the id to an existing `# podls-ignore-file` comment of the
 * header, or inserts `# podls-ignore-file <code>` as the first line after the leading comment lines (a licence or
 * `# origin:` header stays first). Undefined when the file already ignores it.
 */
export function ignoreInFileEdit(source: SuppressionSource, code: string): TextEdit | undefined {
  const current = fileIgnoreIds(source);
  if (current === 'all' || current?.has(code) === true) return undefined;
  let insertAt = 0;
  for (let line = 0; line < source.lineIndex.lineCount; line++) {
    const text = lineText(source, line);
    if (FILE_IGNORE.test(text)) {
      const end = source.lineIndex.lineContentEnd(line);
      const trimmed = text.replace(/\s+$/, '');
      return { range: { start: end - (text.length - trimmed.length), end }, newText: `, ${code}` };
    }
    if (!/^\s*#/.test(text)) break;
    insertAt = line + 1;
  }
  if (insertAt >= source.lineIndex.lineCount) {
    const eol = /\r\n/.test(source.text) ? '\r\n' : '\n';
    const end = source.text.length;
    return { range: { start: end, end }, newText: `${source.text.endsWith('\n') || end === 0 ? '' : eol}# podls-ignore-file ${code}${eol}` };
  }
  const start = source.lineIndex.lineStart(insertAt);
  const eol = /\r\n/.test(source.text) ? '\r\n' : '\n';
  return { range: { start, end: start }, newText: `# podls-ignore-file ${code}${eol}` };
}
