import { createHash, randomBytes } from 'node:crypto';

/** PKCE (RFC 7636) with the S256 method: X's Native Apps are public clients, so this is what proves the exchange. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random octets → 43 base64url characters, the length RFC 7636 §4.1 recommends. */
export function createCodeVerifier(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(32)).toString('base64url');
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(random?: (size: number) => Uint8Array): PkcePair {
  const verifier = createCodeVerifier(random);
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}
