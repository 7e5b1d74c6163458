/**
 * A name or @username from X, made safe to put into a VS Code message, dialog or status bar text: no control or
 * bidi-override characters (which could reorder what the dialog says), no line breaks, no link or icon syntax
 * (`[text](url)`, `<url>`, `$(icon)`), no scheme that could be turned into a link, and not longer than `max`.
 * Minimal local helper; a shared one in src/util is meant to replace it.
 */
// Cc and Cf except ZWJ (U+200D), which joins emoji sequences in display names.
const INVISIBLE = /(?!\u200d)[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const LINK_SYNTAX = /[[\]<>]|\$(?=\()|:\/\//g;

export function plainName(text: string, max = 60): string {
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(INVISIBLE, '')
    .replace(LINK_SYNTAX, (m) => (m === '://' ? ': //' : ''))
    .trim();
  const chars = [...cleaned];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}
