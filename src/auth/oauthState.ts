import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The `state` parameter ties a callback to the sign-in that started it (CSRF protection, RFC 6749 §10.12). */
export function createOAuthState(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(24)).toString('base64url');
}

/** Constant-time comparison so a local attacker probing the callback port learns nothing from timing. */
export function stateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
