import type { PublicKeyInput, SigningKey } from './engine/protocol';
import type { PublicKeyRecord } from './api/schemas';

/**
 * Public-key records as the engine takes them: signing keys to verify senders, identity keys to wrap a new
 * conversation key to. A record without the needed halves (fields not returned) is left out, not half-used.
 */
export function signingKeysOf(records: ReadonlyMap<string, PublicKeyRecord>): SigningKey[] {
  const keys: SigningKey[] = [];
  for (const [userId, r] of records) {
    if (r.public_key && r.signing_public_key && r.identity_public_key_signature) {
      keys.push({ userId, publicKeyVersion: r.public_key_version, publicKey: r.signing_public_key, identityPublicKey: r.public_key, identityPublicKeySignature: r.identity_public_key_signature });
    }
  }
  return keys;
}

export function identityKeysOf(records: ReadonlyMap<string, PublicKeyRecord>): PublicKeyInput[] {
  const keys: PublicKeyInput[] = [];
  for (const [userId, r] of records) if (r.public_key) keys.push({ userId, publicKey: r.public_key, keyVersion: r.public_key_version });
  return keys;
}
