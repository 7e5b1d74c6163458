import { createHash } from 'node:crypto';
import type { EmuUrlEntity } from '../model';

/**
 * X's link shortener: every http(s) URL in DM text is stored as `https://t.co/<10 chars>` and described in a URL
 * entity (`start`/`end` in code points of the stored text, `url`, `expanded_url`, `display_url`). Codes are
 * derived from the event id and the URL's position, so a preset's world stays deterministic.
 */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', "'"]);
const DISPLAY_MAX = 26;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface ShortenedText {
  text: string;
  urls: EmuUrlEntity[];
}

export function shortenUrls(text: string, eventId: string): ShortenedText {
  const urls: EmuUrlEntity[] = [];
  let out = '';
  let outCodePoints = 0;
  let last = 0;
  let index = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const raw = withoutTrailingPunctuation(match[0]);
    const expanded = canonical(raw);
    if (expanded === undefined) continue;
    const before = text.slice(last, match.index);
    const shortUrl = `https://t.co/${code(eventId, index++)}`;
    out += before;
    outCodePoints += [...before].length;
    urls.push({
      start: outCodePoints,
      end: outCodePoints + shortUrl.length,
      url: shortUrl,
      expanded_url: expanded,
      display_url: displayUrl(expanded),
    });
    out += shortUrl;
    outCodePoints += shortUrl.length;
    last = match.index + raw.length;
  }
  return { text: out + text.slice(last), urls };
}

function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(url[end - 1] as string)) end--;
  return url.slice(0, end);
}

/** X keeps the URL as a valid URI (punycode host, percent-encoded path); what does not parse is left as text. */
function canonical(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return url.hostname === '' ? undefined : url.href;
  } catch {
    return undefined;
  }
}

function displayUrl(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
  const chars = [...bare];
  return chars.length > DISPLAY_MAX ? `${chars.slice(0, DISPLAY_MAX).join('')}…` : bare;
}

function code(eventId: string, index: number): string {
  const digest = createHash('sha256').update(`${eventId}:${index}`).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[(digest[i] as number) % ALPHABET.length];
  return out;
}
