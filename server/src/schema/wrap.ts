/**
 * Text helpers that reproduce kubectl explain's template functions byte for byte.
 *
 * Sources: k8s.io/kubectl/pkg/explain/v2/funcs.go (`wrap`, `indent`) and the word wrapper it calls,
 * k8s.io/kubectl/pkg/util/term.NewWordWrapWriter -> github.com/mitchellh/go-wordwrap v1.0.1
 * `WrapString`. kubectl v1.32 passes the text through unchanged (later releases first delete
 * newlines), so existing line breaks are kept.
 */

/** Go's `unicode.IsSpace`, minus U+00A0 (go-wordwrap treats the no-break space as a letter). */
function isWrapSpace(cp: number): boolean {
  switch (cp) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200a;
  }
}

/**
 * go-wordwrap v1.0.1 `WrapString(s, lim)`: breaks lines at white space so that lines stay within
 * `lim` characters (code points) where words allow; a word longer than `lim` stays on one line.
 * Spaces at a break are dropped; existing newlines are kept.
 */
export function wordWrap(s: string, lim: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen <= lim) out += space;
      } else {
        out += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      out += '\n';
      current = 0;
    } else if (isWrapSpace(cp)) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += ch;
      spaceLen++;
    } else {
      word += ch;
      wordLen++;
      if (current + spaceLen + wordLen > lim && wordLen < lim) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= lim) out += space;
  } else {
    out += space + word;
  }
  return out;
}

/** kubectl's template `indent`: prefixes the text and every line after a newline (blank ones too) with `amount` spaces. */
export function indentText(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join('\n' + pad);
}
