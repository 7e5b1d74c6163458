import { parentPort } from 'node:worker_threads';
import type { ChatWithJuicebox, PublicKeyInput, SigningKeyEntry } from '@xdevplatform/chat-xdk';
import type { PartyReply, PartyRequest } from './partyProtocol';

/**
 * "The other party" of emulated X Chat conversations: the real Chat XDK in its own thread (0.4.3 allows one
 * `createChat()` per thread). It holds the private keys of every emulated user and switches identity per request by
 * loading that user's key material, exactly as a device would after recovering it.
 */

let current: Uint8Array | undefined;
let captured: Uint8Array | undefined;
const material = new Map<string, { keys: Uint8Array; version: string }>();

/** Juicebox stand-in for this thread only: `setup` hands back what it stored, `unlock` loads `current`. */
class LocalBackup {
  async register(_pin: Uint8Array, secret: Uint8Array): Promise<void> {
    captured = new Uint8Array(secret);
  }
  async recover(): Promise<Uint8Array> {
    if (!current) throw new Error('no key material selected');
    return new Uint8Array(current);
  }
}

let chatPromise: Promise<ChatWithJuicebox> | undefined;
function chat(): Promise<ChatWithJuicebox> {
  chatPromise ??= import('@xdevplatform/chat-xdk').then(({ createChat }) =>
    // `juiceboxModule` is the package's own seam for running without Juicebox realms (see its createChat).
    createChat({ juiceboxConfig: '{}', getAuthToken: async () => '', juiceboxModule: { Client: LocalBackup, Configuration: class {} } } as Parameters<typeof createChat>[0]),
  );
  return chatPromise;
}

async function as(userId: string): Promise<ChatWithJuicebox> {
  const c = await chat();
  const m = material.get(userId);
  if (!m) throw new Error(`user ${userId} has no keys here`);
  c.lock();
  current = m.keys;
  await c.unlock('local');
  current = undefined;
  c.setIdentity(userId, m.version);
  c.setCacheKeys(false); // drops the previous identity's conversation keys
  c.setCacheKeys(true);
  return c;
}

async function handle(req: PartyRequest): Promise<PartyReply['result']> {
  switch (req.op) {
    case 'createUser': {
      const c = await chat();
      const registration = c.generateKeypairs();
      await c.setup('emulator-local');
      if (!captured) throw new Error('key material was not captured');
      material.set(req.userId, { keys: captured, version: req.version });
      const keys = Buffer.from(captured).toString('base64');
      captured = undefined;
      return { registration: registration.publicKey, keyMaterial: keys };
    }
    case 'importUser': {
      material.set(req.userId, { keys: new Uint8Array(Buffer.from(req.keyMaterial, 'base64')), version: req.version });
      return {};
    }
    case 'prepareKeyChange': {
      const c = await as(req.userId);
      const prepared = c.prepareConversationKeyChange({ publicKeys: req.publicKeys as PublicKeyInput[], ...(req.conversationId ? { conversationId: req.conversationId } : {}) });
      return { conversationKeyVersion: prepared.conversationKeyVersion, participantKeys: prepared.participantKeys, actionSignatures: prepared.actionSignatures };
    }
    case 'encrypt': {
      const c = await as(req.userId);
      c.setSigningKeys(req.signingKeys as SigningKeyEntry[]);
      const { conversationKeys } = c.decryptEvents(req.keyChangeEvents);
      if (!req.media) {
        const p = c.encryptMessage({ conversationId: req.conversationId, text: req.text });
        return { messageId: p.messageId, encryptedContent: p.encryptedContent, encodedEventSignature: p.encodedEventSignature };
      }
      // Media is sealed with the conversation key by the SDK's stream encryption (what its docs prescribe for the
      // encrypted images of URL cards), then named in the signed message by its media hash key.
      const version = conversationKeys.latestVersion;
      const key = version === null ? undefined : conversationKeys.keys[version];
      if (version === null || !key) throw new Error('the conversation has no key to seal media with');
      const sealed = c.encryptStream(new Uint8Array(Buffer.from(req.media.bytes, 'base64')), key);
      const { mediaHashKey, width, height, filename } = req.media;
      const attachment = { attachment_type: 'media' as const, media_hash_key: mediaHashKey, width, height, filesize_bytes: sealed.byteLength, filename, media_type: 1 };
      const p = c.encryptMessage({ conversationId: req.conversationId, text: req.text, attachments: [attachment], conversationKey: key, conversationKeyVersion: version });
      return { messageId: p.messageId, encryptedContent: p.encryptedContent, encodedEventSignature: p.encodedEventSignature, mediaCiphertext: Buffer.from(sealed).toString('base64') };
    }
    case 'decrypt': {
      const c = await as(req.userId);
      c.setSigningKeys(req.signingKeys as SigningKeyEntry[]);
      c.decryptEvents(req.keyChangeEvents); // verifies the key changes and caches their keys
      return {
        events: req.events.map((encoded) => {
          try {
            const ev = c.decryptEvent(encoded);
            return { type: ev.type, text: ev.content?.text, verified: ev.verified === true, sequenceId: ev.sequenceId, senderId: ev.senderId };
          } catch (error) {
            return { error: /signature/i.test(String(error)) ? 'unverified' : 'undecryptable' };
          }
        }),
      };
    }
  }
}

parentPort?.on('message', (req: PartyRequest) => {
  handle(req).then(
    (result) => parentPort?.postMessage({ id: req.id, result } satisfies PartyReply),
    (error: unknown) => parentPort?.postMessage({ id: req.id, error: error instanceof Error ? error.message : String(error) } satisfies PartyReply),
  );
});
