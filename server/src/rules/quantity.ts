/**
 * Kubernetes resource quantities, following k8s.io/apimachinery/pkg/api/resource (quantity.go):
 * `<signedNumber><suffix>` where the suffix is binary SI (`Ki`..`Ei`), decimal SI (`n`, `u`, `m`, ``,
 * `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`). Values are kept exact as a
 * fraction of BigInts, so `0.1` and `100m` compare equal.
 */

/** The suffix family a quantity was written in; it decides how {@link formatQuantity} prints it. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** An exact quantity: `num / den` (den > 0), plus the format it was written in. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
  readonly format: QuantityFormat;
}

/** The error text the apiserver's decoder uses for a malformed quantity (`ErrFormatWrong`). */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** The apiserver's message for an unknown suffix (`ErrSuffix`). */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const BINARY_SUFFIXES: ReadonlySet<string> = new Set(['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);
const DECIMAL_SUFFIXES: ReadonlySet<string> = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function suffixIsKnown(suffix: string): boolean {
  if (BINARY_SUFFIXES.has(suffix) || DECIMAL_SUFFIXES.has(suffix)) return true;
  // A decimal exponent: `e3`, `E-2` (Go's strconv.ParseInt on the rest, so a sign is allowed).
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) return /^[+-]?[0-9]+$/.test(suffix.slice(1));
  return false;
}

/**
 * Checks a quantity string, following `ParseQuantity` (`parseQuantityString` and the suffixer of suffix.go;
 * `Quantity.UnmarshalJSON` trims surrounding whitespace first, so callers pass the raw string).
 * (`500m`, `1Gi`, `1.5`, `2e3`).
 * Returns undefined when `ParseQuantity` would accept it, otherwise the apiserver's error message
 * ({@link QUANTITY_FORMAT_ERROR} or {@link QUANTITY_SUFFIX_ERROR}).
 */
export function quantityError(raw: string): string | undefined {
  const str = raw.trim();
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return undefined;
  const end = str.length;
  let pos = 0;
  if (str[0] === '-' || str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return undefined;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos >= end) return undefined;
  if (str[pos] === '.') {
    pos++;
    while (pos < end && isDigit(str[pos])) pos++;
    if (pos >= end) return undefined;
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos] ?? '')) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return QUANTITY_FORMAT_ERROR;
  return suffixIsKnown(str.slice(suffixStart)) ? undefined : QUANTITY_SUFFIX_ERROR;
}


const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x === 0n ? 1n : x;
}

function normalize(num: bigint, den: bigint, format: QuantityFormat): Quantity {
  const g = gcd(num, den);
  return { num: num / g, den: den / g, format };
}

/**
 * Parses a quantity string (`500m`, `1.5Gi`, `2e3`, `-1`); numbers (YAML `cpu: 2`) are accepted too.
 * Returns undefined when the text does not match the apiserver's quantity grammar.
 */
export function parseQuantity(input: unknown): Quantity | undefined {
  let str: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    str = String(input);
  } else if (typeof input === 'string') {
    // One grammar for validation and values: what quantityError rejects does not parse.
    if (quantityError(input) !== undefined) return undefined;
    str = input.trim();
  } else {
    return undefined;
  }
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(str);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = m[2] ?? '';
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  if (whole === '' && frac === '') return undefined;
  let num = BigInt(whole === '' ? '0' : whole) * pow10(frac.length) + BigInt(frac === '' ? '0' : frac);
  let den = pow10(frac.length);
  let format: QuantityFormat;
  const bin = BINARY[suffix];
  const dec = DECIMAL[suffix];
  if (bin !== undefined) {
    num *= 2n ** BigInt(bin);
    format = 'BinarySI';
  } else if (dec !== undefined) {
    if (dec >= 0) num *= pow10(dec);
    else den *= pow10(-dec);
    format = 'DecimalSI';
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (e === null) return undefined;
    const exp = Number(e[1]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) num *= pow10(exp);
    else den *= pow10(-exp);
    format = 'DecimalExponent';
  }
  return normalize(sign * num, den, format);
}

/** Negative, zero or positive as `a` < `b`, `a` = `b`, `a` > `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** -1, 0 or 1. */
export function quantitySign(q: Quantity): number {
  return q.num < 0n ? -1 : q.num > 0n ? 1 : 0;
}

/** True when the quantity is a whole number. */
export function isIntegerQuantity(q: Quantity): boolean {
  return q.num % q.den === 0n;
}

/** Rounds up to milli precision, as `SetDefaults_ResourceList` does (`0.0001` -> `1m`). */
export function roundUpToMilli(q: Quantity): Quantity {
  const scaled = q.num * 1000n;
  let milli = scaled / q.den;
  if (scaled % q.den !== 0n && scaled > 0n) milli += 1n;
  return normalize(milli, 1000n, q.format);
}

/** True when `q` is an integer multiple of `unit` (both positive). */
export function isMultipleOf(q: Quantity, unit: Quantity): boolean {
  if (unit.num === 0n) return false;
  const n = q.num * unit.den;
  const d = unit.num * q.den;
  return n % d === 0n;
}


/**
 * The canonical form the apiserver prints (`Quantity.String()`): binary quantities that are whole and
 * at least 1Ki in the largest exact power of 1024 (`1Gi`), everything else in decimal SI with the largest
 * exponent (a multiple of 3) that keeps the mantissa whole (`500m`, `2`, `1500M`), rounded up to nanos.
 */
export function formatQuantity(q: Quantity): string {
  const neg = q.num < 0n;
  const absNum = neg ? -q.num : q.num;
  const s = neg ? '-' : '';
  if (q.format === 'BinarySI' && absNum % q.den === 0n) {
    const v = absNum / q.den;
    if (v >= 1024n) {
      const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
      let k = 0;
      let m = v;
      while (k < 6 && m % 1024n === 0n) {
        m /= 1024n;
        k++;
      }
      return `${s}${m}${suffixes[k] ?? ''}`;
    }
  }
  // nanos, rounded up
  const scaled = absNum * 1000000000n;
  let nanos = scaled / q.den;
  if (scaled % q.den !== 0n) nanos += 1n;
  if (nanos === 0n) return '0';
  let exp = -9;
  while (exp < 18 && nanos % 1000n === 0n) {
    nanos /= 1000n;
    exp += 3;
  }
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exp)?.[0] ?? '';
  return `${s}${nanos}${suffix}`;
}
