// User text in messages: a value, key or element name copied from the document. It is bounded (a
// 5 MB line must not become a 5 MB diagnostic) and its control characters are shown escaped, so
// that no escape sequence, NUL or bidi override reaches a terminal, a JSON/SARIF consumer or the
// editor. Rules quote user text with quoteUserText; the language service passes every message and
// fix title through boundMessage, so a rule that forgets still cannot leak either.

/** The longest user text a message quotes (characters of the original, before escaping). */
export const MAX_QUOTED = 60;
/** The longest message the service hands out. */
export const MAX_MESSAGE = 1000;

/**
 * C0 controls (tab and line breaks included: a message is one line), DEL, C1 controls, the Unicode
 * line/paragraph separators, the bidi marks, embeddings, overrides and isolates, the BOM / zero-width
 * no-break space and the interlinear annotation characters.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

const HAS_UNSAFE = new RegExp(UNSAFE.source);

/** The same characters except the tab, for showing a source line as it is (a code frame keeps tabs so carets line up). */
export const UNSAFE_IN_SOURCE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

/** `\x1b` for controls up to U+00FF, `\u202e` above. */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeControls(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** The first `max` UTF-16 units of `s`, never ending inside a surrogate pair. */
function head(s: string, max: number): string {
  let end = Math.max(0, max);
  const last = s.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return s.slice(0, end);
}

/** User text for a message: at most `max` characters of it (then `…`), controls escaped. */
export function quoteUserText(s: string, max = MAX_QUOTED): string {
  return s.length > max ? `${escapeControls(head(s, max))}…` : escapeControls(s);
}

/** A whole message or fix title: at most `max` characters once escaped (then ending in `…`). */
export function boundMessage(s: string, max = MAX_MESSAGE): string {
  if (s.length <= max && !HAS_UNSAFE.test(s)) return s; // the usual case: nothing to do, no copy
  const escaped = escapeControls(head(s, max));
  if (s.length <= max && escaped.length <= max) return escaped;
  let out = head(escaped, max - 1);
  // Do not leave half an escape (`\x1`, `\u20`) at the cut.
  const bs = out.lastIndexOf('\\');
  if (bs >= 0 && (bs === out.length - 1 || (out[bs + 1] === 'x' && out.length - bs < 4) || (out[bs + 1] === 'u' && out.length - bs < 6))) out = out.slice(0, bs);
  return `${out}…`;
}
