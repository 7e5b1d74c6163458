import * as v from 'valibot';
import { XCHAT_MEDIA_HASH_KEY_PATTERN } from '../../dm/model/ids';
import { MAX_WEBVIEW_MEDIA_BYTES } from '../../protocol/mediaLimits';

/**
 * The typed messages between the extension host and the encryption worker. Both sides validate what they receive:
 * the worker every request, the host every reply, so neither trusts a message because it came from "our" side.
 * Key material crosses only host → worker (never back), and no reply carries keys.
 */

const Id = v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/));
const Version = v.pipe(v.string(), v.regex(/^[0-9]{1,25}$/));
const Base64 = v.pipe(v.string(), v.maxLength(1_000_000), v.regex(/^[A-Za-z0-9+/=_-]*$/));
/** `A:B` or `A-B` for a 1:1, `g…` for a group. */
const ConversationId = v.pipe(v.string(), v.regex(/^([0-9]{1,19}[:-][0-9]{1,19}|g[0-9]{1,19})$/));

const MediaHashKey = v.pipe(v.string(), v.regex(XCHAT_MEDIA_HASH_KEY_PATTERN));
/** The most media ciphertext one request may carry: above what the panel would show anyway. */
export const MAX_MEDIA_CIPHERTEXT_BYTES = MAX_WEBVIEW_MEDIA_BYTES;

export const SigningKeySchema = v.object({
  userId: Id,
  publicKeyVersion: Version,
  publicKey: Base64,
  identityPublicKey: Base64,
  identityPublicKeySignature: Base64,
});

export const PublicKeyInputSchema = v.object({ userId: Id, publicKey: Base64, keyVersion: Version });

export const RequestSchema = v.intersect([
  v.object({ id: v.number() }),
  v.variant('op', [
    /** Loads recovered key material (zeroed once imported) and the identity it belongs to. */
    v.object({ op: v.literal('setIdentity'), userId: Id, signingKeyVersion: Version, keyMaterial: v.instance(Uint8Array) }),
    /** Recovers the keys from Juicebox inside the worker: the material never leaves it. */
    v.object({ op: v.literal('unlockWithJuicebox'), userId: Id, signingKeyVersion: Version, juiceboxConfig: v.record(v.string(), v.unknown()), passcode: v.instance(Uint8Array) }),
    v.object({ op: v.literal('setSigningKeys'), keys: v.pipe(v.array(SigningKeySchema), v.maxLength(1000)) }),
    v.object({ op: v.literal('decrypt'), keyChangeEvents: v.pipe(v.array(Base64), v.maxLength(1000)), events: v.pipe(v.array(Base64), v.maxLength(1000)) }),
    v.object({ op: v.literal('encryptMessage'), conversationId: ConversationId, text: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)) }),
    v.object({ op: v.literal('prepareKeyChange'), publicKeys: v.pipe(v.array(PublicKeyInputSchema), v.minLength(2), v.maxLength(100)) }),
    /**
     * Opens media a verified message of this conversation named, with the key that opened that message (it never
     * leaves the worker). The ciphertext is transferred; the plaintext comes back transferred.
     */
    v.object({
      op: v.literal('decryptMedia'),
      conversationId: ConversationId,
      mediaHashKey: MediaHashKey,
      ciphertext: v.pipe(v.instance(Uint8Array), v.check((b) => b.byteLength > 0 && b.byteLength <= MAX_MEDIA_CIPHERTEXT_BYTES)),
    }),
    v.object({ op: v.literal('lock') }),
  ]),
]);
export type EngineRequest = v.InferOutput<typeof RequestSchema>;
export type EngineOp = EngineRequest['op'];
export type SigningKey = v.InferOutput<typeof SigningKeySchema>;
export type PublicKeyInput = v.InferOutput<typeof PublicKeyInputSchema>;

const Dimension = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

/** A media attachment of a verified message, as the message describes it (the bytes come from `decryptMedia`). */
export const MediaAttachmentSchema = v.object({
  mediaHashKey: MediaHashKey,
  /** The Chat XDK's media type name: `image`, `gif`, `video`, `audio`, `file`, `svg`, or a number it does not know. */
  mediaType: v.pipe(v.string(), v.maxLength(20)),
  width: v.optional(Dimension),
  height: v.optional(Dimension),
});
export type MediaAttachment = v.InferOutput<typeof MediaAttachmentSchema>;

/** One decrypted event. A signature that does not verify is `unverified` and never carries text. */
export const DecryptedSchema = v.variant('kind', [
  v.object({
    kind: v.literal('message'),
    sequenceId: v.string(),
    messageId: v.string(),
    senderId: v.string(),
    conversationId: v.string(),
    createdAtMs: v.number(),
    text: v.string(),
    media: v.optional(v.pipe(v.array(MediaAttachmentSchema), v.maxLength(10))),
  }),
  v.object({ kind: v.literal('unverified') }),
  v.object({ kind: v.literal('undecryptable') }),
  v.object({ kind: v.literal('other'), type: v.string() }),
]);
export type Decrypted = v.InferOutput<typeof DecryptedSchema>;

export const EncryptedSchema = v.object({
  messageId: v.string(),
  encodedMessageCreateEvent: Base64,
  encodedMessageEventSignature: Base64,
  conversationKeyVersion: v.string(),
});
export type Encrypted = v.InferOutput<typeof EncryptedSchema>;

export const KeyChangeSchema = v.object({
  conversationId: v.string(),
  conversationKeyVersion: v.string(),
  participantKeys: v.array(v.object({ userId: v.string(), encryptedKey: Base64, publicKeyVersion: v.string() })),
  actionSignatures: v.array(v.object({ messageId: v.string(), encodedMessageEventDetail: Base64, signature: Base64, signatureVersion: v.string(), publicKeyVersion: v.string() })),
});
export type KeyChange = v.InferOutput<typeof KeyChangeSchema>;

export const UnlockOutcomeSchema = v.variant('status', [
  v.object({ status: v.literal('unlocked') }),
  v.object({ status: v.literal('wrongPasscode'), guessesRemaining: v.optional(v.number()) }),
  v.object({ status: v.literal('noBackup') }),
  v.object({ status: v.literal('unavailable') }),
]);
export type UnlockOutcome = v.InferOutput<typeof UnlockOutcomeSchema>;

/** What each operation answers with. */
export const RESULT_SCHEMAS = {
  setIdentity: v.object({ unlocked: v.literal(true) }),
  unlockWithJuicebox: UnlockOutcomeSchema,
  setSigningKeys: v.object({ count: v.number() }),
  decrypt: v.object({ events: v.array(DecryptedSchema) }),
  encryptMessage: EncryptedSchema,
  prepareKeyChange: KeyChangeSchema,
  decryptMedia: v.object({ bytes: v.instance(Uint8Array) }),
  lock: v.object({ locked: v.literal(true) }),
} satisfies Record<EngineOp, v.GenericSchema>;

export type EngineResult<Op extends EngineOp> = v.InferOutput<(typeof RESULT_SCHEMAS)[Op]>;

/** Error codes only: messages from the SDK can quote event bytes, so they stay inside the worker. */
export const ErrorCodeSchema = v.picklist(['invalidRequest', 'locked', 'failed']);
export type EngineErrorCode = v.InferOutput<typeof ErrorCodeSchema>;

export const ReplySchema = v.variant('ok', [
  v.object({ id: v.number(), ok: v.literal(true), result: v.unknown() }),
  v.object({ id: v.number(), ok: v.literal(false), code: ErrorCodeSchema }),
]);
export type EngineReply = v.InferOutput<typeof ReplySchema>;
