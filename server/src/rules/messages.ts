/**
 * Builders for problems in the kube-apiserver's wording, following `field.Error.Error()`
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go): `<path>: <type>[: <value>][: <detail>]`.
 */
import { formatFieldPath, type FieldPath } from '../document/field-path';
import type { ErrorType, FindingTarget, Problem, Severity, FindingDetails } from './rule';

/** Where to show a problem when it differs from the path printed in the message, and other options. */
export interface ProblemOptions {
  /** Location shown in the editor; defaults to the message path. */
  readonly at?: FieldPath;
  readonly target?: FindingTarget;
  readonly severity?: Severity;
  readonly fixes?: readonly string[];
  /** Parts of the message quick fixes act on (`Finding.details`). */
  readonly details?: FindingDetails;
}

const TYPE_TEXT: Readonly<Record<ErrorType, string>> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
  NotFound: 'Not found',
  TooLong: 'Too long',
  TooMany: 'Too many',
  TypeInvalid: 'Invalid value',
  UnknownField: 'Unknown field',
  DuplicateField: 'Duplicate field',
  Internal: 'Internal error',
};

/** Go's `%q` for a string (printable ASCII kept, others escaped), close enough to strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A value Go prints through its `String()` method, unquoted (a `resource.Quantity`: `500m`). */
export interface Stringer {
  readonly goString: string;
}

/** Wraps text as a {@link Stringer}. */
export function stringer(text: string): Stringer {
  return { goString: text };
}

function isStringer(value: unknown): value is Stringer {
  return typeof value === 'object' && value !== null && typeof (value as { goString?: unknown }).goString === 'string';
}

/**
 * Renders a bad value as the apiserver does: strings quoted (`"tcp"`), numbers and booleans bare,
 * null as `null`, string lists as Go's `[]string{"a", "b"}`, other values as JSON.
 */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isStringer(value)) return value.goString;
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map((v) => goQuote(v as string)).join(', ')}}`;
  }
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return String(value);
  }
}

/**
 * The parts of a message in the apiserver's wording (`field.Error`): its type, the bad value, a detail and the
 * supported values. {@link renderMessage} is the one place they become text.
 */
export interface MessageParts {
  /** The error type; absent for a finding that mirrors no apiserver error (`<path>: <detail>`). */
  readonly type?: ErrorType;
  /**
   * The bad value, rendered by {@link renderValue} (a {@link Stringer} prints as given). Leave the key out for
   * types that print none (`Required`, `Forbidden`, `TooLong`) or with `field.OmitValueType{}`; a present
   * `undefined` prints `null`.
   */
  readonly value?: unknown;
  readonly detail?: string;
  /** The values the field accepts (`NotSupported`): rendered `supported values: "a", "b"` in place of the detail. */
  readonly supported?: readonly string[];
}

/**
 * Renders a message from its parts, as `field.Error.Error()` does: `<path>: <type>[: <value>][: <detail>]`
 * (`Required value`, `Invalid value`, `Unsupported value`, ...; a NotSupported detail is `supported values: ...`).
 * The strict decoder's errors read differently: `unknown field "<path>"` and `<path>: duplicate field "<key>"`,
 * with a detail in parentheses. `path` is the rendered path (`formatFieldPath`), or undefined when there is none.
 */
export function renderMessage(path: string | undefined, parts: MessageParts): string {
  const detail = parts.supported !== undefined && parts.supported.length > 0 ? `supported values: ${parts.supported.map(goQuote).join(', ')}` : parts.detail;
  const aside = detail !== undefined && detail !== '' ? ` (${detail})` : '';
  if (parts.type === 'UnknownField') return `unknown field ${goQuote(path ?? '')}${aside}`;
  if (parts.type === 'DuplicateField') return `${path !== undefined ? `${path}: ` : ''}duplicate field ${goQuote(String(parts.value))}${aside}`;
  const segments: string[] = path !== undefined ? [path] : [];
  if (parts.type !== undefined) segments.push(TYPE_TEXT[parts.type]);
  if ('value' in parts) segments.push(renderValue(parts.value));
  if (detail !== undefined && detail !== '') segments.push(detail);
  return segments.join(': ');
}

function make(path: FieldPath, parts: MessageParts, opts: ProblemOptions | undefined): Problem {
  return {
    path: opts?.at ?? path,
    ...(opts?.at !== undefined ? { field: path } : {}),
    ...(parts.type !== undefined ? { errorType: parts.type } : {}),
    message: renderMessage(formatFieldPath(path), parts),
    ...(opts?.target !== undefined ? { target: opts.target } : {}),
    ...(opts?.severity !== undefined ? { severity: opts.severity } : {}),
    ...(opts?.fixes !== undefined ? { fixes: opts.fixes } : {}),
    ...(opts?.details !== undefined ? { details: opts.details } : {}),
  };
}

/** `field.Required`: `<path>: Required value[: detail]`. Shown on the key by default (the field is absent). */
export function required(path: FieldPath, detail?: string, opts?: ProblemOptions): Problem {
  return make(path, { type: 'Required', ...(detail !== undefined ? { detail } : {}) }, { target: 'key', ...opts });
}

/** `field.Invalid`: `<path>: Invalid value: <value>: detail`. */
export function invalid(path: FieldPath, value: unknown, detail: string, opts?: ProblemOptions): Problem {
  return make(path, { type: 'Invalid', value, detail }, opts);
}

/** `field.Invalid` with `field.OmitValueType{}`: `<path>: Invalid value: detail`. */
export function invalidOmitValue(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return make(path, { type: 'Invalid', detail }, opts);
}

/** Go's `%#v` of a `map[string]string` (keys sorted): `map[string]string{"app":"web"}`. */
export function goStringMap(value: unknown): Stringer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return stringer('map[string]string(nil)');
  const entries = Object.entries(value as Record<string, unknown>)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return stringer(`map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(v)}`).join(', ')}}`);
}

/** `field.NotSupported`: `<path>: Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupported(
  path: FieldPath,
  value: unknown,
  supported: readonly string[],
  opts?: ProblemOptions,
): Problem {
  return make(path, { type: 'NotSupported', value, supported }, { ...opts, details: { ...opts?.details, supported } });
}

/** `field.Duplicate`: `<path>: Duplicate value: <value>`. */
export function duplicate(path: FieldPath, value: unknown, opts?: ProblemOptions): Problem {
  return make(path, { type: 'Duplicate', value }, opts);
}

/** `field.Forbidden`: `<path>: Forbidden: detail`. */
export function forbidden(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return make(path, { type: 'Forbidden', detail }, opts);
}

/** `field.NotFound`: `<path>: Not found: <value>`. */
export function notFound(path: FieldPath, value: unknown, opts?: ProblemOptions, detail?: string): Problem {
  return make(path, { type: 'NotFound', value, ...(detail !== undefined ? { detail } : {}) }, opts);
}

/** `field.TooLong`: `<path>: Too long: may not be more than N bytes`. */
export function tooLong(path: FieldPath, maxBytes: number, opts?: ProblemOptions): Problem {
  return make(path, { type: 'TooLong', detail: `may not be more than ${maxBytes} bytes` }, opts);
}

/** `field.TooMany`: `<path>: Too many: <actual>: must have at most N items`. */
export function tooMany(path: FieldPath, actual: number, max: number, opts?: ProblemOptions): Problem {
  return make(path, { type: 'TooMany', value: actual, detail: `must have at most ${max} items` }, opts);
}

/** A finding that mirrors no apiserver error (warnings, best practices): `<path>: message`. */
export function note(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return make(path, { detail }, opts);
}

/**
 * The same problem shown at `at` (where the user fixes it), keeping the path the apiserver names as its
 * `field`: for checks shared by several callers that report at the apiserver's path (`downwardAPI.path` of a
 * downward API volume item, which the user fixes at `downwardAPI.items[j].path`).
 */
export function shownAt(problem: Problem, at: FieldPath): Problem {
  return { ...problem, field: problem.field ?? problem.path, path: at };
}

/** Appends segments to a path. */
export function child(path: FieldPath, ...segments: FieldPath): FieldPath {
  return [...path, ...segments];
}

/** A map-key segment (`[cpu]`). */
export function key(k: string): { readonly key: string } {
  return { key: k };
}
