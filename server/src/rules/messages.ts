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

function make(
  type: ErrorType,
  path: FieldPath,
  body: string,
  detail: string | undefined,
  opts: ProblemOptions | undefined,
): Problem {
  const text = `${formatFieldPath(path)}: ${body}${detail !== undefined && detail !== '' ? `: ${detail}` : ''}`;
  return {
    path: opts?.at ?? path,
    ...(opts?.at !== undefined ? { field: path } : {}),
    errorType: type,
    message: text,
    ...(opts?.target !== undefined ? { target: opts.target } : {}),
    ...(opts?.severity !== undefined ? { severity: opts.severity } : {}),
    ...(opts?.fixes !== undefined ? { fixes: opts.fixes } : {}),
    ...(opts?.details !== undefined ? { details: opts.details } : {}),
  };
}

/** `field.Required`: `<path>: Required value[: detail]`. Shown on the key by default (the field is absent). */
export function required(path: FieldPath, detail?: string, opts?: ProblemOptions): Problem {
  return make('Required', path, TYPE_TEXT.Required, detail, { target: 'key', ...opts });
}

/** `field.Invalid`: `<path>: Invalid value: <value>: detail`. */
export function invalid(path: FieldPath, value: unknown, detail: string, opts?: ProblemOptions): Problem {
  return make('Invalid', path, `${TYPE_TEXT.Invalid}: ${renderValue(value)}`, detail, opts);
}

/** `field.Invalid` with `field.OmitValueType{}`: `<path>: Invalid value: detail`. */
export function invalidOmitValue(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return make('Invalid', path, TYPE_TEXT.Invalid, detail, opts);
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
  const detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(', ')}` : undefined;
  return make('NotSupported', path, `${TYPE_TEXT.NotSupported}: ${renderValue(value)}`, detail, { ...opts, details: { ...opts?.details, supported } });
}

/** `field.Duplicate`: `<path>: Duplicate value: <value>`. */
export function duplicate(path: FieldPath, value: unknown, opts?: ProblemOptions): Problem {
  return make('Duplicate', path, `${TYPE_TEXT.Duplicate}: ${renderValue(value)}`, undefined, opts);
}

/** `field.Forbidden`: `<path>: Forbidden: detail`. */
export function forbidden(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return make('Forbidden', path, TYPE_TEXT.Forbidden, detail, opts);
}

/** `field.NotFound`: `<path>: Not found: <value>`. */
export function notFound(path: FieldPath, value: unknown, opts?: ProblemOptions, detail?: string): Problem {
  return make('NotFound', path, `${TYPE_TEXT.NotFound}: ${renderValue(value)}`, detail, opts);
}

/** `field.TooLong`: `<path>: Too long: may not be more than N bytes`. */
export function tooLong(path: FieldPath, maxBytes: number, opts?: ProblemOptions): Problem {
  return make('TooLong', path, TYPE_TEXT.TooLong, `may not be more than ${maxBytes} bytes`, opts);
}

/** `field.TooMany`: `<path>: Too many: <actual>: must have at most N items`. */
export function tooMany(path: FieldPath, actual: number, max: number, opts?: ProblemOptions): Problem {
  return make('TooMany', path, `${TYPE_TEXT.TooMany}: ${actual}`, `must have at most ${max} items`, opts);
}

/** A finding that mirrors no apiserver error (warnings, best practices): `<path>: message`. */
export function note(path: FieldPath, detail: string, opts?: ProblemOptions): Problem {
  return {
    path: opts?.at ?? path,
    ...(opts?.at !== undefined ? { field: path } : {}),
    message: `${formatFieldPath(path)}: ${detail}`,
    ...(opts?.target !== undefined ? { target: opts.target } : {}),
    ...(opts?.severity !== undefined ? { severity: opts.severity } : {}),
    ...(opts?.fixes !== undefined ? { fixes: opts.fixes } : {}),
  };
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
