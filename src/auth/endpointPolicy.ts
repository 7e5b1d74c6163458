import { AuthError } from './errors/authError';

// Where credentials may go (ADR 007): only to the origin that issued them, over https, or plain http to this
// computer (the emulator, a local proxy).

/** The origin of X's API; a stored session that predates the `apiOrigin` field was issued here. */
export const DEFAULT_API_ORIGIN = 'https://api.x.com';

/** `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1: names that never leave this computer. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(host);
}

export type EndpointCheck =
  | { ok: true; origin: string }
  | { ok: false; reason: 'invalid' | 'insecure' };

/** Whether `url` may receive credentials at all: an absolute https URL, or http to a loopback host. */
export function checkEndpoint(url: string): EndpointCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.protocol === 'https:') return { ok: true, origin: parsed.origin };
  if (parsed.protocol === 'http:') return isLoopbackHost(parsed.hostname) ? { ok: true, origin: parsed.origin } : { ok: false, reason: 'insecure' };
  return { ok: false, reason: 'invalid' };
}

/** The origin (`scheme://host[:port]`) of an allowed endpoint, or undefined. */
export function allowedOrigin(url: string): string | undefined {
  const check = checkEndpoint(url);
  return check.ok ? check.origin : undefined;
}

/** The origin that issued a stored session (sessions stored before the field existed: X's own). */
export function issuingOrigin(session: { apiOrigin?: string }): string {
  return session.apiOrigin ?? DEFAULT_API_ORIGIN;
}

/**
 * Throws unless `url` is an allowed endpoint on exactly `origin`. Called right before credentials are attached,
 * with the URL the request is really going to, so no setting, redirect of the base URL or caller can divert them.
 */
export function assertCredentialDestination(url: string, origin: string): void {
  const check = checkEndpoint(url);
  if (!check.ok) {
    throw new AuthError('insecureEndpoint', 'Credentials are sent only over https (http only to this computer).', {
      description: check.reason,
    });
  }
  if (check.origin !== origin) {
    throw new AuthError('originChanged', 'This X session was issued by another server; its credentials stay there.', {
      issuedBy: origin,
      requestedBy: check.origin,
    });
  }
}
