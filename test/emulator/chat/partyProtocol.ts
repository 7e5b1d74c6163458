/** Messages between the emulator and its X Chat party worker (test code: both ends are ours, plain types). */

export interface PublicKeyInputWire {
  userId: string;
  publicKey: string;
  keyVersion: string;
}

export interface SigningKeyWire {
  userId: string;
  publicKeyVersion: string;
  publicKey: string;
  identityPublicKey: string;
  identityPublicKeySignature: string;
}

/** An image the party attaches: the plaintext goes in, its ciphertext comes back in `mediaCiphertext`. */
export interface MediaWire {
  /** Base64 of the plaintext bytes. */
  bytes: string;
  mediaHashKey: string;
  width: number;
  height: number;
  filename: string;
}

export type PartyRequest = { id: number } & (
  | { op: 'createUser'; userId: string; version: string }
  /** Hands the party keys made earlier (by another party of this process), e.g. the demo's after a world reset. */
  | { op: 'importUser'; userId: string; version: string; keyMaterial: string }
  /** `conversationId` (envelope form) for a group; a 1:1's is derived from its two members. */
  | { op: 'prepareKeyChange'; userId: string; publicKeys: PublicKeyInputWire[]; conversationId?: string }
  | { op: 'encrypt'; userId: string; conversationId: string; text: string; keyChangeEvents: string[]; signingKeys: SigningKeyWire[]; media?: MediaWire }
  | { op: 'decrypt'; userId: string; events: string[]; keyChangeEvents: string[]; signingKeys: SigningKeyWire[] }
);

export type PartyRequestBody = PartyRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface PartyReply {
  id: number;
  result?: unknown;
  error?: string;
}
