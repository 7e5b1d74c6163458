/**
 * Splits message text into plain text and link segments. Only http(s) URLs become links; everything is rendered
 * as text and a link opens through the host (which shows the real target first), so nothing here needs to be
 * trusted beyond "this substring looks like a URL".
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/giu;
const TRAILING = /[.,;:!?)\]}]+$/u;

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    // "see https://x.com/a." — the full stop ends the sentence, not the URL (unless balanced parentheses).
    const trailing = TRAILING.exec(url)?.[0] ?? '';
    if (trailing && !(trailing.startsWith(')') && url.includes('('))) url = url.slice(0, url.length - trailing.length);
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: url, url });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** Up to two letters for an avatar placeholder. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter((word) => /\p{L}|\p{N}/u.test(word));
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toLocaleUpperCase() || '?';
}
