import type { ChatWithJuicebox, Event as ChatEvent } from '@xdevplatform/chat-xdk';
import type { Decrypted, Encrypted, KeyChange, PublicKeyInput, SigningKey } from './protocol';
import { MediaKeys, mediaOf } from './mediaKeys';

/**
 * The encryption state of one signed-in user, inside the worker: one Chat XDK instance (0.4.3 allows one per
 * thread), loaded on first unlock. Private keys, conversation keys and plaintext live only here and in the replies
 * the host asked for; nothing is logged.
 */

export class LockedError extends Error {
  constructor() {
    super('locked');
  }
}

/** Every failure of a signed event's check, whatever the SDK calls it, reads as a signature problem. */
const SIGNATURE_FAILURE = /signature/i;

function canonical(conversationId: string): string {
  return conversationId.startsWith('g') ? conversationId : conversationId.replace('-', ':');
}

export class EngineSession {
  private chat: Promise<ChatWithJuicebox> | undefined;
  private material: Uint8Array | undefined;
  private unlocked = false;
  /** Keys of key changes this device prepared, until the conversation's events bring them back verified. */
  private readonly prepared = new Map<string, { key: Uint8Array; version: string }>();
  private readonly mediaKeys = new MediaKeys();

  private load(): Promise<ChatWithJuicebox> {
    // Key recovery happens before this (Juicebox in juiceboxBackup.ts, or a test double); the package's
    // `juiceboxModule` seam then hands the recovered bytes to its own unlock, the only way it imports keys.
    const handOver = (): Uint8Array => {
      if (!this.material) throw new Error('no key material');
      return new Uint8Array(this.material);
    };
    class HandOver {
      async recover(): Promise<Uint8Array> {
        return handOver();
      }
    }
    this.chat ??= import('@xdevplatform/chat-xdk').then(({ createChat }) => {
      const options = { juiceboxConfig: '{}', getAuthToken: async (): Promise<string> => '', juiceboxModule: { Client: HandOver, Configuration: class {} } };
      return createChat(options as Parameters<typeof createChat>[0]);
    });
    return this.chat;
  }

  private async ready(): Promise<ChatWithJuicebox> {
    if (!this.unlocked) throw new LockedError();
    return this.load();
  }

  /** Imports the material and zeroes the caller's copy, whatever happens. */
  async setIdentity(userId: string, signingKeyVersion: string, keyMaterial: Uint8Array): Promise<void> {
    try {
      const chat = await this.load();
      this.lockKeys(chat);
      this.material = keyMaterial;
      await chat.unlock(new Uint8Array(0));
      chat.setIdentity(userId, signingKeyVersion);
      chat.setCacheKeys(true);
      this.unlocked = true;
    } finally {
      keyMaterial.fill(0);
      this.material = undefined;
    }
  }

  async setSigningKeys(keys: SigningKey[]): Promise<number> {
    (await this.ready()).setSigningKeys(keys);
    return keys.length;
  }

  /**
   * One batch (the SDK's batch is ~3× faster than event by event): key changes first, whose verified keys fill the
   * cache; each event then gets its own result, so one bad event is one `unverified` or `undecryptable` row.
   */
  async decrypt(keyChangeEvents: string[], events: string[]): Promise<Decrypted[]> {
    const chat = await this.ready();
    const out = chat.decryptEvents([...keyChangeEvents, ...events]);
    const decrypted = new Map(out.messages.map((m) => [m.originalB64, m.event]));
    const results = events.map((encoded, i): Decrypted => {
      const error = out.errors[String(keyChangeEvents.length + i)];
      if (error !== undefined) return SIGNATURE_FAILURE.test(error) ? { kind: 'unverified' } : { kind: 'undecryptable' };
      const event = decrypted.get(encoded);
      if (!event) return { kind: 'undecryptable' };
      const result = describe(event);
      if (result.kind === 'message' && result.media) this.mediaKeys.remember(canonical(result.conversationId), event.keyVersion, out.conversationKeys.keys, result.media);
      return result;
    });
    // The batch's copies of the conversation keys: what media needs was copied above.
    for (const key of Object.values(out.conversationKeys.keys)) key.fill(0);
    return results;
  }

  /** Media a verified message named, opened with that message's key; tampered or truncated ciphertext throws. */
  async decryptMedia(conversationId: string, mediaHashKey: string, ciphertext: Uint8Array): Promise<Uint8Array> {
    const chat = await this.ready();
    const key = this.mediaKeys.keyFor(canonical(conversationId), mediaHashKey);
    if (!key) throw new Error('no verified message names this media');
    return chat.decryptStream(ciphertext, key);
  }

  async encryptMessage(conversationId: string, text: string): Promise<Encrypted> {
    const chat = await this.ready();
    const id = canonical(conversationId);
    const prepared = this.prepared.get(id);
    const payload = chat.encryptMessage({
      conversationId: id,
      text,
      ...(prepared ? { conversationKey: prepared.key, conversationKeyVersion: prepared.version } : {}),
    });
    return {
      messageId: payload.messageId,
      encodedMessageCreateEvent: payload.encryptedContent,
      encodedMessageEventSignature: payload.encodedEventSignature,
      conversationKeyVersion: payload.conversationKeyVersion,
    };
  }

  /** A new 1:1's first key: signed here, wrapped to every participant's public key; the raw key stays here. */
  async prepareKeyChange(publicKeys: PublicKeyInput[]): Promise<KeyChange> {
    const chat = await this.ready();
    const p = chat.prepareConversationKeyChange({ publicKeys });
    this.prepared.get(p.conversationId)?.key.fill(0);
    this.prepared.set(p.conversationId, { key: p.conversationKey, version: p.conversationKeyVersion });
    return {
      conversationId: p.conversationId,
      conversationKeyVersion: p.conversationKeyVersion,
      participantKeys: p.participantKeys,
      actionSignatures: p.actionSignatures.map((s) => ({ messageId: s.messageId, encodedMessageEventDetail: s.encodedMessageEventDetail, signature: s.signature, signatureVersion: s.signatureVersion, publicKeyVersion: s.publicKeyVersion })),
    };
  }

  async lock(): Promise<void> {
    if (this.chat) this.lockKeys(await this.chat);
  }

  private lockKeys(chat: ChatWithJuicebox): void {
    chat.lock();
    chat.setCacheKeys(false);
    for (const p of this.prepared.values()) p.key.fill(0);
    this.prepared.clear();
    this.mediaKeys.clear();
    this.unlocked = false;
  }
}

function describe(ev: ChatEvent): Decrypted {
  if (ev.verified !== true) return { kind: 'unverified' };
  const text = ev.content?.text;
  const media = ev.type === 'message' ? mediaOf(ev) : [];
  if (ev.type === 'message' && (typeof text === 'string' || media.length > 0) && (ev.content?.contentType ?? 'text') === 'text') {
    return {
      kind: 'message',
      sequenceId: ev.sequenceId ?? '',
      messageId: ev.id ?? '',
      senderId: ev.senderId ?? '',
      conversationId: ev.conversationId ?? '',
      createdAtMs: ev.createdAtMsec ?? 0,
      text: text ?? '',
      ...(media.length > 0 ? { media } : {}),
    };
  }
  return { kind: 'other', type: ev.content?.contentType ? `${ev.type}:${String(ev.content.contentType)}` : ev.type };
}
