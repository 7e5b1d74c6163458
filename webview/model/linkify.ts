import type { LinkVM } from '../../src/protocol/viewModels';

/**
 * Splits message text into text and http(s) link segments; links open through the host, which shows the target
 * first. A t.co link X described shows its `displayUrl` and opens its `expandedUrl`.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/giu;
const T_CO_CODE = /[A-Za-z0-9_\-/]/;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}']);

export function linkify(text: string, links: readonly LinkVM[] = []): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = trimTrailingPunctuation(match[0]);
    const described = links.find((link) => url === link.url || (url.startsWith(link.url) && !T_CO_CODE.test(url[link.url.length] as string)));
    if (described) url = described.url;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push(
      described
        ? { kind: 'link', text: described.displayUrl || described.expandedUrl || url, url: described.expandedUrl || url }
        : { kind: 'link', text: url, url },
    );
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/**
 * "see https://x.com/a." — the full stop ends the sentence, not the URL (unless balanced parentheses). A backwards
 * scan: a `[…]+$` regex retries from every character of a long run and made a 10,000-character message quadratic.
 */
export function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1] as string)) end--;
  if (end === url.length || (url[end] === ')' && url.includes('('))) return url;
  return url.slice(0, end);
}

/** Up to two letters for an avatar placeholder. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter((word) => /\p{L}|\p{N}/u.test(word));
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '');
  return letters.join('').toLocaleUpperCase() || '?';
}
