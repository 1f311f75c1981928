/**
 * How Kubernetes sees a YAML scalar: the JSON type and value `kubectl` sends to the apiserver.
 *
 * kubectl and the apiserver convert YAML to JSON with sigs.k8s.io/yaml, which resolves plain scalars
 * with go-yaml v2's YAML 1.1 rules: `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0644` is octal,
 * `~` and the empty scalar are null (go-yaml v2 `resolve.go`). Quoted, block and `!!str`-tagged scalars
 * are strings. We classify from the scalar's source text, so the answer does not depend on the YAML
 * schema the document was parsed with.
 */
import { Scalar } from 'yaml';

/** A scalar's JSON type as Kubernetes decodes it, and its value. */
export type K8sScalar =
  | { readonly type: 'null'; readonly value: null }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'string'; readonly value: string };

const TRUE_WORDS: ReadonlySet<string> = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_WORDS: ReadonlySet<string> = new Set(['', '~', 'null', 'Null', 'NULL']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function parseInteger(text: string): number | undefined {
  const plain = text.replace(/_/g, '');
  const m = /^([-+]?)(0b[01]+|0o[0-7]+|0x[0-9a-fA-F]+|0[0-7]+|0|[1-9][0-9]*)$/.exec(plain);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  const digits = m[2] ?? '0';
  let value: number;
  if (digits.startsWith('0b')) value = parseInt(digits.slice(2), 2);
  else if (digits.startsWith('0o')) value = parseInt(digits.slice(2), 8);
  else if (digits.startsWith('0x')) value = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits.startsWith('0')) value = parseInt(digits.slice(1), 8);
  else value = parseInt(digits, 10);
  return sign * value;
}

function parseFloatWord(text: string): number | undefined {
  const plain = text.replace(/_/g, '');
  if (FLOAT_RE.test(plain)) return Number(plain);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(plain)) return plain.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(plain)) return NaN;
  return undefined;
}

/** False when the first character other than `_` cannot start a number (`[-+.0-9]`) or there is none. */
function mayBeNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) continue; // _
    return c === 0x2b || c === 0x2d || c === 0x2e || (c >= 0x30 && c <= 0x39); // + - . 0-9
  }
  return false;
}

/**
 * Classifies a plain (unquoted) scalar's text with YAML 1.1 rules.
 * Floats with an integral value below 1e6 count as integers: sigs.k8s.io/yaml prints them with
 * Go's `%g`, so `3.0` reaches the apiserver as `3` (but `1e6` arrives as `1e+06`).
 */
export function classifyPlain(text: string): K8sScalar {
  if (NULL_WORDS.has(text)) return { type: 'null', value: null };
  if (TRUE_WORDS.has(text)) return { type: 'boolean', value: true };
  if (FALSE_WORDS.has(text)) return { type: 'boolean', value: false };
  // Most plain scalars are words (names, images, enum values): without a sign, a dot or a digit first (underscores
  // aside, which both parsers drop), neither parser below can match, so their regular expressions are not run.
  if (!mayBeNumber(text)) return { type: 'string', value: text };
  const int = parseInteger(text);
  if (int !== undefined) return { type: 'integer', value: int };
  const float = parseFloatWord(text);
  if (float !== undefined) {
    if (Number.isInteger(float) && Math.abs(float) < 1e6) return { type: 'integer', value: float };
    return { type: 'number', value: float };
  }
  return { type: 'string', value: text };
}

/** Classifies a parsed yaml scalar node as Kubernetes decodes it. */
export function classifyScalar(node: Scalar): K8sScalar {
  const tag = node.tag;
  const source = typeof node.source === 'string' ? node.source : String(node.value ?? '');
  if (tag === 'tag:yaml.org,2002:str') return { type: 'string', value: source };
  if (node.type !== undefined && node.type !== Scalar.PLAIN) return { type: 'string', value: source };
  if (node.type === undefined && typeof node.value === 'string') return { type: 'string', value: node.value };
  if (tag === 'tag:yaml.org,2002:null') return { type: 'null', value: null };
  return classifyPlain(source);
}

/** Renders a scalar value as the apiserver prints `Invalid value: <v>`: strings quoted, others bare. */
export function renderScalarValue(scalar: K8sScalar): string {
  return scalar.type === 'string' ? JSON.stringify(scalar.value) : String(scalar.value);
}
