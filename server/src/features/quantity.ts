/**
 * Quantity syntax, as `k8s.io/apimachinery/pkg/api/resource.ParseQuantity` accepts it.
 *
 * Source followed: apimachinery `pkg/api/resource/quantity.go` (`ParseQuantity`, `parseQuantityString`)
 * and `suffix.go` (the suffixer: binary `Ki`..`Ei`, decimal `n u m k M G T P E`, and `e<int>`/`E<int>` exponents).
 * `Quantity.UnmarshalJSON` trims surrounding whitespace before parsing, so callers pass the raw string.
 */

/** The apiserver's message for a malformed quantity (`ErrFormatWrong`). */
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
 * Checks a quantity string (`500m`, `1Gi`, `1.5`, `2e3`).
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
