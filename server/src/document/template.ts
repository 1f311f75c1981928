/**
 * Go template actions (Helm chart templates, `{{ ... }}`) in YAML text, and the masked view podls parses.
 *
 * A template is not YAML until it is rendered: `{{- if .Values.x }}` on a line of its own or an unquoted
 * `{{ .Values.port }}` value are YAML syntax errors as written. podls analyses a *masked view* instead: the
 * same text with every action replaced by characters of the same length, so every offset and line of the
 * view is an offset and line of the user's text.
 * - A line whose only content is actions (`{{- if }}`, `{{- end }}`, `{{- include "x" . | nindent 4 }}`)
 *   becomes a comment (`#` and spaces): control flow disappears, and an `include`/`toYaml` under a mapping key
 *   leaves the key empty (the action may supply any fields). A comment rather than spaces, because a line of
 *   spaces longer than the indentation at the start of a block scalar is a YAML error.
 * - An action among other content (`image: "{{ .Values.image }}:{{ .Chart.AppVersion }}"`, `port: {{ .Values.port }}`)
 *   becomes a run of `_`: a placeholder scalar (or part of one) whose value no check may judge.
 * Action syntax follows Go's text/template: `{{` starts an action, `}}` ends it, and string constants
 * (`"..."` with backslash escapes, raw `` `...` ``) inside an action may contain braces. `{{/* ... *\/}}` comments are
 * actions too. An unterminated `{{` is left as written.
 */
import type { OffsetRange } from '../util/range';

/** The actions of a text and its masked view. */
export interface TemplateMask {
  /** `text` with each action masked: same length, same line breaks. */
  readonly masked: string;
  /** The actions' spans (`{{` to `}}` inclusive), in offsets of the text, sorted and disjoint. */
  readonly actions: readonly OffsetRange[];
  /** True when some action is control flow (`if`, `else`, `range`, `with`, `end`, `define`, `block`, ...). */
  readonly control: boolean;
}

/** Keywords that open or close a control structure of Go's text/template. */
const CONTROL_ACTION = /^\{\{-?\s*(?:if|else|end|range|with|define|block|break|continue)\b/;

/** Spans of the `{{ ... }}` actions of `text` (O(length of text)); empty when it has none. */
export function templateActions(text: string): OffsetRange[] {
  const out: OffsetRange[] = [];
  let from = text.indexOf('{{');
  while (from >= 0) {
    const end = actionEnd(text, from + 2);
    if (end < 0) break;
    out.push({ start: from, end });
    from = text.indexOf('{{', end);
  }
  return out;
}

/** Offset just after the `}}` that closes the action whose body starts at `i`; -1 when it is not closed. */
function actionEnd(text: string, i: number): number {
  for (let k = i; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x7d /* } */ && text.charCodeAt(k + 1) === 0x7d) return k + 2;
    if (c === 0x22 /* " */) {
      for (k++; k < text.length && text.charCodeAt(k) !== 0x22; k++) {
        const q = text.charCodeAt(k);
        if (q === 0x5c /* \ */) k++;
        else if (q === 0x0a) return -1;
      }
    } else if (c === 0x60 /* ` */) {
      const close = text.indexOf('`', k + 1);
      if (close < 0) return -1;
      k = close;
    } else if (c === 0x7b /* { */ && text.charCodeAt(k + 1) === 0x7b) return -1;
  }
  return -1;
}

/**
 * The masked view of `text` (see the module comment), or `undefined` when `text` holds no complete action.
 * O(length of text).
 */
export function maskTemplateActions(text: string): TemplateMask | undefined {
  if (!text.includes('{{')) return undefined;
  const actions = templateActions(text);
  if (actions.length === 0) return undefined;
  const covered = new Uint8Array(text.length);
  let control = false;
  for (const action of actions) {
    covered.fill(1, action.start, action.end);
    if (!control && CONTROL_ACTION.test(text.slice(action.start, Math.min(action.end, action.start + 16)))) control = true;
  }
  const chars = text.split('');
  // Each line that an action touches, once: blank when everything on it but whitespace lies inside actions.
  let next = 0;
  for (const action of actions) {
    let lineStart = Math.max(next, text.lastIndexOf('\n', action.start - 1) + 1);
    while (lineStart < action.end) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      let blank = true;
      for (let k = lineStart; k < lineEnd && blank; k++) {
        const c = text.charCodeAt(k);
        if (covered[k] === 0 && c !== 0x20 && c !== 0x09 && c !== 0x0d) blank = false;
      }
      let first = blank;
      for (let k = lineStart; k < lineEnd; k++) {
        if (covered[k] === 0) continue;
        chars[k] = first ? '#' : blank ? ' ' : '_';
        first = false;
      }
      lineStart = lineEnd + 1;
    }
    next = Math.max(next, lineStart);
  }
  return { masked: chars.join(''), actions, control };
}

/** True when some action of `actions` (sorted, disjoint) overlaps `[start, end)`; O(log actions). */
export function overlapsAction(actions: readonly OffsetRange[], start: number, end: number): boolean {
  let lo = 0;
  let hi = actions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const action = actions[mid];
    if (action === undefined) return false;
    if (action.end <= start) lo = mid + 1;
    else if (action.start >= Math.max(end, start + 1)) hi = mid - 1;
    else return true;
  }
  return false;
}
