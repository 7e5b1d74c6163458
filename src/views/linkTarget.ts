/**
 * Whether a link from a message may be opened: strangers write these, so only http(s), no embedded credentials, and
 * the confirmation shows the parsed target (punycode host, encoded path), not the text that was displayed.
 */
export type LinkCheck = { ok: true; target: string; host: string } | { ok: false; reason: 'scheme' | 'credentials' | 'malformed' };

// Bidi overrides/isolates and zero-width characters can make a URL read differently from what it is.
const DECEPTIVE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

export function checkLinkTarget(raw: string): LinkCheck {
  if (DECEPTIVE.test(raw)) {
    // The WHATWG parser percent-encodes these in paths but they never belong in a host; refuse them outright.
    const hostPart = raw.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0] ?? '';
    if (DECEPTIVE.test(hostPart)) return { ok: false, reason: 'malformed' };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  if (url.hostname === '') return { ok: false, reason: 'malformed' };
  return { ok: true, target: url.href, host: url.hostname };
}
