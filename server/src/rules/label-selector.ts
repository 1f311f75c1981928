/**
 * Label selectors: validation of metav1 `LabelSelector`s and label maps, matching, the kubectl
 * selector language (`app=nginx,tier!=db,env in (a,b),!x`) and its rendering.
 *
 * Follows k8s.io/apimachinery: `pkg/apis/meta/v1/validation` (ValidateLabelSelector, ValidateLabels),
 * pkg/apis/core/validation `ValidateNodeSelectorRequirement` (node affinity operators Gt/Lt),
 * `pkg/apis/meta/v1/helpers.go` (LabelSelectorAsSelector) and `pkg/labels/selector.go` (Lexer, Parser,
 * Requirement.Matches, String).
 */
import type { FieldPath } from '../document/field-path';
import { arrAt, isObject, objAt, objectItemsAt, prop, stringItemsAt, strAt } from './json';
import { forbidden, invalid, key as mapKey, renderMessage, required } from './messages';
import type { Problem } from './rule';
import { isQualifiedName, isValidLabelValue } from './validation-strings';
import { appendAll } from '../util/arrays';

/** The operators of the selector language (`selection.Operator` strings). */
export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement: `key op values`. Values are sorted and unique, as `sets.String` keeps them. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/**
 * A parsed selector. `nothing` is the selector a nil LabelSelector converts to (matches no labels);
 * an empty requirement list matches everything.
 */
export interface ParsedSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly nothing?: boolean;
}

/** The result of parsing: the selector, or the error text `labels.Parse` returns. */
export type ParseSelectorResult =
  | { readonly ok: true; readonly selector: ParsedSelector }
  | { readonly ok: false; readonly error: string };

/** A label map as plain strings. */
export type Labels = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------------------------
// Validation of label maps and LabelSelectors

/**
 * `ValidateLabels`: every key a qualified name, every value a label value. Errors are reported at
 * `path` (no key, as the apiserver prints them) and shown at the offending key or value.
 */
export function validateLabels(labels: unknown, path: FieldPath, showAt?: FieldPath): Problem[] {
  const out: Problem[] = [];
  if (!isObject(labels)) return out;
  const base = showAt ?? path;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) out.push(invalid(path, k, msg, { at: [...base, mapKey(k)], target: 'key' }));
    const value = labelValueString(v);
    if (value === undefined) continue;
    for (const msg of isValidLabelValue(value)) out.push(invalid(path, value, msg, { at: [...base, mapKey(k)] }));
  }
  return out;
}

function labelValueString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return undefined;
}

/** Options of `ValidateLabelSelector`. */
export interface LabelSelectorValidationOptions {
  /** `AllowInvalidLabelValueInSelector` (true for some pod affinity updates; podls validates creates). */
  readonly allowInvalidLabelValueInSelector?: boolean;
}

/** `ValidateLabelSelector` (LS1-LS6) for a LabelSelector at `path`; silently skips wrong JSON types. */
export function validateLabelSelector(
  selector: unknown,
  path: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): Problem[] {
  const out: Problem[] = [];
  if (!isObject(selector)) return out;
  appendAll(out, validateLabels(prop(selector, 'matchLabels'), [...path, 'matchLabels']));
  for (const [i, expr] of objectItemsAt(selector, 'matchExpressions')) {
    appendAll(out, validateLabelSelectorRequirement(expr, [...path, 'matchExpressions', i], opts));
  }
  return out;
}

function stringValues(obj: unknown): string[] {
  const a = arrAt(obj, 'values');
  return a === undefined ? [] : a.filter((v): v is string => typeof v === 'string');
}

/** `ValidateLabelSelectorRequirement`. */
export function validateLabelSelectorRequirement(
  expr: unknown,
  path: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): Problem[] {
  const out: Problem[] = [];
  const op = prop(expr, 'operator');
  const values = arrAt(expr, 'values') ?? [];
  const valuesPath = [...path, 'values'];
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) {
      out.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'", has(expr, 'values') ? { target: 'value' } : { at: path, target: 'key' }));
    }
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) out.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (typeof op === 'string') {
    // An absent operator or key is the schema's `required-field`.
    out.push(invalid([...path, 'operator'], op, 'not a valid selector operator'));
  }
  const k = prop(expr, 'key');
  if (typeof k === 'string') {
    for (const msg of isQualifiedName(k)) out.push(invalid([...path, 'key'], k, msg));
  }
  if (opts.allowInvalidLabelValueInSelector !== true) {
    values.forEach((v, i) => {
      if (typeof v !== 'string') return;
      for (const msg of isValidLabelValue(v)) out.push(invalid([...valuesPath, i], v, msg));
    });
  }
  return out;
}

function has(obj: unknown, k: string): boolean {
  return prop(obj, k) !== undefined;
}

/** True when a LabelSelector object has neither matchLabels entries nor matchExpressions. */
export function isEmptyLabelSelector(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  const ml = objAt(selector, 'matchLabels');
  const me = arrAt(selector, 'matchExpressions');
  return (ml === undefined || Object.keys(ml).length === 0) && (me === undefined || me.length === 0);
}

/** `ValidateNodeSelectorRequirement` (operators In, NotIn, Exists, DoesNotExist, Gt, Lt). */
export function validateNodeSelectorRequirement(req: unknown, path: FieldPath, allowInvalidLabelValue: boolean): Problem[] {
  const out: Problem[] = [];
  const op = prop(req, 'operator');
  const values = arrAt(req, 'values') ?? [];
  const vp = [...path, 'values'];
  const vAt = has(req, 'values') ? undefined : { at: path, target: 'key' as const };
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) out.push(required(vp, "must be specified when `operator` is 'In' or 'NotIn'", vAt ?? { target: 'value' }));
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) out.push(forbidden(vp, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (op === 'Gt' || op === 'Lt') {
    if (values.length !== 1) out.push(required(vp, "must be specified single value when `operator` is 'Lt' or 'Gt'", vAt ?? { target: 'value' }));
  }
  // Unknown operators are the schema's `unsupported-value` (NodeSelectorOperator is an enum).
  // An absent key is the schema's `required-field`.
  const k = strAt(req, 'key');
  if (k !== undefined) for (const m of isQualifiedName(k)) out.push(invalid([...path, 'key'], k, m));
  if (!allowInvalidLabelValue) {
    for (const [i, v] of stringItemsAt(req, 'values')) for (const m of isValidLabelValue(v)) out.push(invalid([...vp, i], v, m));
  }
  return out;
}


// ---------------------------------------------------------------------------------------------
// Conversion and matching

const EXPR_OPERATORS: Readonly<Record<string, SelectorOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * `LabelSelectorAsSelector`: undefined/null -> nothing, `{}` -> everything; an error string when a
 * requirement is invalid (what the workload validators report as `invalid label selector`).
 */
export function labelSelectorAsSelector(selector: unknown): ParseSelectorResult {
  if (selector === undefined || selector === null) return { ok: true, selector: { requirements: [], nothing: true } };
  if (!isObject(selector)) return { ok: false, error: 'selector is not an object' };
  const reqs: LabelRequirement[] = [];
  const ml = objAt(selector, 'matchLabels');
  if (ml !== undefined) {
    for (const [k, v] of Object.entries(ml)) {
      const r = newRequirement(k, '=', [typeof v === 'string' ? v : String(v)]);
      if (typeof r === 'string') return { ok: false, error: r };
      reqs.push(r);
    }
  }
  for (const [, expr] of objectItemsAt(selector, 'matchExpressions')) {
    const opText = prop(expr, 'operator');
    const op = typeof opText === 'string' ? EXPR_OPERATORS[opText] : undefined;
    if (op === undefined) return { ok: false, error: `${JSON.stringify(String(opText))} is not a valid label selector operator` };
    const k = prop(expr, 'key');
    const r = newRequirement(typeof k === 'string' ? k : '', op, op === 'exists' || op === '!' ? stringValues(expr) : stringValues(expr));
    if (typeof r === 'string') return { ok: false, error: r };
    reqs.push(r);
  }
  return { ok: true, selector: { requirements: sortRequirements(reqs) } };
}

/** Converts a map selector (Service `spec.selector`, RC `spec.selector`) to a selector; `{}` matches all. */
export function mapAsSelector(map: unknown): ParsedSelector {
  const reqs: LabelRequirement[] = [];
  if (isObject(map)) {
    for (const [k, v] of Object.entries(map)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        reqs.push({ key: k, operator: '=', values: [String(v)] });
      }
    }
  }
  return { requirements: sortRequirements(reqs) };
}

function sortRequirements(reqs: LabelRequirement[]): LabelRequirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** `Requirement.Matches` for one requirement. */
export function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = present ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const lhs = BigInt(value);
      const rv = r.values[0];
      if (rv === undefined || !/^-?\d+$/.test(rv)) return false;
      const rhs = BigInt(rv);
      return r.operator === 'gt' ? lhs > rhs : lhs < rhs;
    }
  }
}

/** True when the selector matches the labels (an empty selector matches everything, `nothing` nothing). */
export function selectorMatches(selector: ParsedSelector, labels: Labels): boolean {
  if (selector.nothing === true) return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

/** The string entries of a label map in plain JSON (non-string values are stringified, others skipped). */
export function labelsOf(value: unknown): Labels {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/**
 * Renders a selector in the kubectl language, as `Selector.String()` does: requirements sorted by
 * key, values sorted, joined with `,` (`app=nginx,env in (a,b),!x`). Everything renders as ``.
 */
export function formatSelector(selector: ParsedSelector): string {
  return selector.requirements.map(formatRequirement).join(',');
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
      return `${r.key} in (${r.values.join(',')})`;
    case 'notin':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values.join('')}`;
    case 'lt':
      return `${r.key}<${r.values.join('')}`;
    default:
      return `${r.key}${r.operator}${r.values.join('')}`;
  }
}

/** The `kubectl get pods -l '...'` command line for a LabelSelector (or a map selector with `isMap`). */
export function kubectlGetPodsCommand(selector: unknown, isMap = false): string | undefined {
  const parsed = isMap ? { ok: true as const, selector: mapAsSelector(selector) } : labelSelectorAsSelector(selector);
  if (!parsed.ok || parsed.selector.nothing === true) return undefined;
  return `kubectl get pods -l '${formatSelector(parsed.selector).replace(/'/g, "'\\''")}'`;
}

// ---------------------------------------------------------------------------------------------
// The selector language (labels.Parse)

/**
 * `labels.NewRequirement`: validates the key, the value count for the operator and each value;
 * returns the requirement or the error text (`key: Invalid value: ...`).
 */
export function newRequirement(k: string, op: SelectorOperator, vals: readonly string[]): LabelRequirement | string {
  const errs: string[] = [];
  for (const msg of isQualifiedName(k)) errs.push(renderMessage('key', { type: 'Invalid', value: k, detail: msg }));
  const badValues = (detail: string): string => renderMessage('values', { type: 'Invalid', value: vals, detail });
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(badValues("for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(badValues('exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(badValues('values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(badValues("for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v)) errs.push(renderMessage(`values[${i}]`, { type: 'Invalid', value: v, detail: "for 'Gt', 'Lt' operators, the value must be an integer" }));
      });
      break;
  }
  vals.forEach((v, i) => {
    for (const msg of isValidLabelValue(v)) errs.push(renderMessage(`values[${i}]`, { type: 'Invalid', value: v, detail: msg }));
  });
  if (errs.length === 1) return errs[0] ?? '';
  if (errs.length > 1) return `[${errs.join(', ')}]`;
  const uniq = [...new Set(vals)].sort();
  return { key: k, operator: op, values: uniq };
}

type Token =
  | 'error'
  | 'eos'
  | 'close'
  | 'comma'
  | 'notExist'
  | 'doubleEq'
  | 'eq'
  | 'gt'
  | 'ident'
  | 'in'
  | 'lt'
  | 'neq'
  | 'notin'
  | 'open';

const SYMBOLS: Readonly<Record<string, Token>> = {
  ')': 'close',
  ',': 'comma',
  '!': 'notExist',
  '==': 'doubleEq',
  '=': 'eq',
  '>': 'gt',
  '<': 'lt',
  '!=': 'neq',
  '(': 'open',
};

interface Scanned {
  readonly tok: Token;
  readonly lit: string;
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

/** The lexer of labels.Parse, returning every token up to and including end-of-string. */
function lex(s: string): Scanned[] {
  const out: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] ?? '')) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    const ch = s[pos] ?? '';
    if (isSpecialSymbol(ch)) {
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos] ?? '')) {
        buffer += s[pos];
        const t = SYMBOLS[buffer];
        if (t !== undefined) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last !== undefined) {
          break;
        } else {
          pos++;
        }
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      if (last === undefined) {
        out.push({ tok: 'eos', lit: '' });
        return out;
      }
    } else {
      let buffer = '';
      while (pos < s.length && !isWhitespace(s[pos] ?? '') && !isSpecialSymbol(s[pos] ?? '')) buffer += s[pos++];
      out.push({ tok: buffer === 'in' ? 'in' : buffer === 'notin' ? 'notin' : 'ident', lit: buffer });
    }
  }
}

/** Parser state: tokens and position; `values` context turns `in`/`notin` into identifiers. */
class SelectorParser {
  private pos = 0;
  constructor(private readonly tokens: readonly Scanned[]) {}

  private at(i: number, values: boolean): Scanned {
    const t = this.tokens[Math.min(i, this.tokens.length - 1)] ?? { tok: 'eos' as const, lit: '' };
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'ident', lit: t.lit } : t;
  }
  lookahead(values: boolean): Scanned {
    return this.at(this.pos, values);
  }
  consume(values: boolean): Scanned {
    const t = this.at(this.pos, values);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  parse(): LabelRequirement[] | string {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'ident' || tok === 'notExist') {
        const r = this.parseRequirement();
        if (typeof r === 'string') return `unable to parse requirement: ${r}`;
        reqs.push(r);
        const t = this.consume(true);
        if (t.tok === 'eos') return reqs;
        if (t.tok === 'comma') {
          const t2 = this.lookahead(true);
          if (t2.tok !== 'ident' && t2.tok !== 'notExist') return `found '${t2.lit}', expected: identifier after ','`;
        } else {
          return `found '${t.lit}', expected: ',' or 'end of string'`;
        }
      } else if (tok === 'eos') {
        return reqs;
      } else {
        return `found '${lit}', expected: !, identifier, or 'end of string'`;
      }
    }
  }

  private parseRequirement(): LabelRequirement | string {
    let op: SelectorOperator | undefined;
    let t = this.consume(true);
    if (t.tok === 'notExist') {
      op = '!';
      t = this.consume(true);
    }
    if (t.tok !== 'ident') return `found '${t.lit}', expected: identifier`;
    const k = t.lit;
    const keyErrs = isQualifiedName(k);
    if (keyErrs.length > 0) {
      const errs = keyErrs.map((m) => renderMessage('key', { type: 'Invalid', value: k, detail: m }));
      return errs.length === 1 ? errs[0] ?? '' : `[${errs.join(', ')}]`;
    }
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === 'comma') {
      if (op !== '!') op = 'exists';
    }
    if (op === 'exists' || op === '!') return newRequirement(k, op, []);
    const o = this.consume(false);
    let binary: SelectorOperator;
    switch (o.tok) {
      case 'in':
        binary = 'in';
        break;
      case 'notin':
        binary = 'notin';
        break;
      case 'eq':
        binary = '=';
        break;
      case 'doubleEq':
        binary = '==';
        break;
      case 'neq':
        binary = '!=';
        break;
      case 'gt':
        binary = 'gt';
        break;
      case 'lt':
        binary = 'lt';
        break;
      default:
        return `found '${o.lit}', expected: in, notin, =, ==, !=, gt, lt`;
    }
    const vals = binary === 'in' || binary === 'notin' ? this.parseValues() : this.parseExactValue();
    if (typeof vals === 'string') return vals;
    return newRequirement(k, binary, [...vals].sort());
  }

  private parseValues(): Set<string> | string {
    const t = this.consume(true);
    if (t.tok !== 'open') return `found '${t.lit}' expected: '('`;
    const la = this.lookahead(true);
    if (la.tok === 'ident' || la.tok === 'comma') {
      const s = this.parseIdentifiersList();
      if (typeof s === 'string') return s;
      if (this.consume(true).tok !== 'close') return `found '${la.lit}', expected: ')'`;
      return s;
    }
    if (la.tok === 'close') {
      this.consume(true);
      return new Set(['']);
    }
    return `found '${la.lit}', expected: ',', ')' or identifier`;
  }

  private parseIdentifiersList(): Set<string> | string {
    const s = new Set<string>();
    for (;;) {
      const t = this.consume(true);
      if (t.tok === 'ident') {
        s.add(t.lit);
        const t2 = this.lookahead(true);
        if (t2.tok === 'comma') continue;
        if (t2.tok === 'close') return s;
        return `found '${t2.lit}', expected: ',' or ')'`;
      } else if (t.tok === 'comma') {
        if (s.size === 0) s.add('');
        const t2 = this.lookahead(true);
        if (t2.tok === 'close') {
          s.add('');
          return s;
        }
        if (t2.tok === 'comma') {
          this.consume(true);
          s.add('');
        }
      } else {
        return `found '${t.lit}', expected: ',', or identifier`;
      }
    }
  }

  private parseExactValue(): Set<string> | string {
    const la = this.lookahead(true).tok;
    if (la === 'eos' || la === 'comma') return new Set(['']);
    const t = this.consume(true);
    if (t.tok === 'ident') return new Set([t.lit]);
    return `found '${t.lit}', expected: identifier`;
  }
}

/**
 * Parses the kubectl selector language as `labels.Parse` does:
 * `app=nginx`, `app==nginx`, `app!=nginx`, `app in (a,b)`, `app notin (a)`, `app`, `!app`,
 * `replicas>1`, `replicas<3`, joined by `,` (AND). Errors carry the apimachinery wording, e.g.
 * `unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt`.
 */
export function parseSelector(text: string): ParseSelectorResult {
  const tokens = lex(text);
  const err = tokens.find((t) => t.tok === 'error');
  const parser = new SelectorParser(err === undefined ? tokens : tokens.slice(0, tokens.indexOf(err) + 2));
  const reqs = parser.parse();
  if (typeof reqs === 'string') return { ok: false, error: reqs };
  return { ok: true, selector: { requirements: sortRequirements(reqs) } };
}

/**
 * The one pods-by-labels matcher of podls: an index of label sets by namespace and `key=value` pair, so that finding
 * what a selector selects looks only at the label sets that carry one of the values its first equality or `in`
 * requirement demands (linear in the matches, not in the workspace). Selectors without such a requirement scan the
 * namespace. The workspace rules build one per run ({@link createLabelIndex}); the server's incremental cross-file
 * index keeps one and adds and removes the pods of changed documents; navigation builds one per workspace index.
 */
export interface LabelIndex<T> {
  /** The items of `namespace` whose labels `selector` matches, in insertion order. */
  matching(namespace: string, selector: ParsedSelector): T[];
}

/** A {@link LabelIndex} that items are added to and removed from (each item at most once). */
export interface MutableLabelIndex<T> extends LabelIndex<T> {
  add(item: T, namespace: string, labels: Labels): void;
  /** Removes an item added before (with the same namespace and labels); unknown items are ignored. */
  remove(item: T, namespace: string, labels: Labels): void;
}

/** An empty {@link MutableLabelIndex}. */
export function createMutableLabelIndex<T>(): MutableLabelIndex<T> {
  interface Entry {
    readonly item: T;
    readonly labels: Labels;
    readonly order: number;
  }
  const byNamespace = new Map<string, Map<T, Entry>>();
  const byPair = new Map<string, Map<T, Entry>>();
  let counter = 0;
  const put = (map: Map<string, Map<T, Entry>>, key: string, entry: Entry): void => {
    const entries = map.get(key);
    if (entries === undefined) map.set(key, new Map([[entry.item, entry]]));
    else entries.set(entry.item, entry);
  };
  const drop = (map: Map<string, Map<T, Entry>>, key: string, item: T): void => {
    const entries = map.get(key);
    if (entries === undefined) return;
    entries.delete(item);
    if (entries.size === 0) map.delete(key);
  };
  return {
    add(item, namespace, labels) {
      const entry = { item, labels, order: counter++ };
      put(byNamespace, namespace, entry);
      for (const [k, v] of Object.entries(labels)) put(byPair, `${namespace}\u0000${k}\u0000${v}`, entry);
    },
    remove(item, namespace, labels) {
      drop(byNamespace, namespace, item);
      for (const [k, v] of Object.entries(labels)) drop(byPair, `${namespace}\u0000${k}\u0000${v}`, item);
    },
    matching(namespace, selector) {
      if (selector.nothing === true) return [];
      const narrowing = selector.requirements.find((r) => r.operator === '=' || r.operator === '==' || r.operator === 'in');
      let candidates: Entry[];
      if (narrowing === undefined) candidates = [...(byNamespace.get(namespace)?.values() ?? [])];
      else {
        const seen = new Set<T>();
        candidates = [];
        for (const value of narrowing.values) {
          for (const c of byPair.get(`${namespace}\u0000${narrowing.key}\u0000${value}`)?.values() ?? []) {
            if (!seen.has(c.item)) {
              seen.add(c.item);
              candidates.push(c);
            }
          }
        }
        if (narrowing.values.length > 1) candidates.sort((a, b) => a.order - b.order);
      }
      const out: T[] = [];
      for (const c of candidates) if (selectorMatches(selector, c.labels)) out.push(c.item);
      return out;
    },
  };
}

/** Builds a {@link LabelIndex} over `items`, each with its namespace and labels. */
export function createLabelIndex<T>(items: readonly { readonly item: T; readonly namespace: string; readonly labels: Labels }[]): LabelIndex<T> {
  const index = createMutableLabelIndex<T>();
  for (const { item, namespace, labels } of items) index.add(item, namespace, labels);
  return index;
}
