import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import type { ParsedBody } from '../validation';
import { askParty } from './party';
import type { MediaWire, PublicKeyInputWire, SigningKeyWire } from './partyProtocol';
import { newMediaHashKey, storeChatMedia } from './media';
import { unwrap } from './envelope';
import { envelopeId, resolvePathId } from './ids';
import { addConversationKeys, sendChatMessage } from './write';
import { keyBackupStats, storeKeyBackup } from './keyBackup';
import type { KeysBody } from './write';

/**
 * `/__admin/chat/*` (loopback, JSON): give users X Chat keys made by the real Chat XDK, make one of them (never the
 * client under test) send, read a conversation back as any user, and tamper with a stored event. Documented in
 * test/emulator/README.md.
 */

const bad = (message: string, status = 400): EmuResponse => json(status, { error: message });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function signingKeys(ctx: EmuContext, users: string[]): SigningKeyWire[] {
  return users.flatMap((userId) =>
    (ctx.store.chat.keys.get(userId) ?? []).map((r) => ({ userId, publicKeyVersion: r.version, publicKey: r.signingPublicKey, identityPublicKey: r.publicKey, identityPublicKeySignature: r.identityPublicKeySignature })),
  );
}

/** Runs an API handler as `userId`, as if that user's own client had called it. */
function callAs(handler: typeof sendChatMessage, ctx: EmuContext, userId: string, pathId: string, body: unknown): EmuResponse {
  const req: EmuRequest = { method: 'POST', path: '', query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), params: { id: pathId }, generation: '2.167' };
  return handler(ctx, req, userId, { json: body } satisfies ParsedBody);
}

async function createUser(ctx: EmuContext, b: Record<string, unknown>): Promise<EmuResponse> {
  const userId = str(b.user_id);
  if (!ctx.store.users.has(userId)) return bad('user_id must name an emulator user');
  if (b.passcode !== undefined && (typeof b.passcode !== 'string' || b.passcode === '')) return bad('passcode must be a non-empty string');
  const latest = ctx.store.chat.latestKey(userId);
  const version = String(Math.max(ctx.clock.now(), latest ? Number(latest.version) + 1 : 0));
  const made = await askParty<{ registration: { publicKey: string; signingPublicKey: string; identityPublicKeySignature: string }; keyMaterial: string }>(ctx, { op: 'createUser', userId, version });
  const r = made.registration;
  ctx.store.chat.addKey(userId, { version, publicKey: r.publicKey, signingPublicKey: r.signingPublicKey, identityPublicKeySignature: r.identityPublicKeySignature, registeredAt: ctx.clock.now() });
  // The key material is what a Juicebox recovery would return: kept as the user's key backup when a passcode is
  // given (POST /__emulator/keybackup/recover), or handed to a test's client-side double.
  if (typeof b.passcode === 'string') storeKeyBackup(ctx, userId, b.passcode, made.keyMaterial);
  return json(200, { user_id: userId, public_key_version: version, ...(b.export_key_material === true ? { key_material: made.keyMaterial } : {}) });
}

/** `image: {base64, width, height, filename}` of the admin send (`mime` is accepted and not needed: bytes decide). */
function imageOf(value: unknown): Omit<MediaWire, 'mediaHashKey'> | 'invalid' {
  const i = (value ?? {}) as Record<string, unknown>;
  const size = (n: unknown): number => (Number.isInteger(n) && (n as number) > 0 ? (n as number) : 0);
  const bytes = str(i.base64);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(bytes) || !size(i.width) || !size(i.height) || !str(i.filename)) return 'invalid';
  return { bytes, width: size(i.width), height: size(i.height), filename: str(i.filename) };
}

/** Flips one bit of stored media ciphertext: its decryption must fail, not yield altered bytes. */
function tamperMedia(ctx: EmuContext, b: Record<string, unknown>): EmuResponse {
  const media = ctx.store.chat.media.get(str(b.media_hash_key));
  if (!media) return bad('media_hash_key must name stored media');
  const at = Math.floor(media.bytes.length / 2);
  media.bytes[at] = (media.bytes[at] as number) ^ 1;
  return json(200, { tampered: str(b.media_hash_key) });
}

async function send(ctx: EmuContext, b: Record<string, unknown>): Promise<EmuResponse> {
  const from = str(b.from_user_id);
  const text = str(b.text);
  if (!ctx.store.chat.latestKey(from)) return bad('from_user_id has no X Chat keys (POST /__admin/chat/users first)');
  const image = b.image === undefined ? undefined : imageOf(b.image);
  if (image === 'invalid') return bad('image needs base64 (non-empty), width and height (positive integers) and filename');
  if (!text && !image) return bad('text is required (or an image)');
  const pathId = str(b.conversation_id) || str(b.to_user_id) || ctx.store.meId;
  const id = resolvePathId(pathId, from);
  if (!id) return bad('name a conversation_id or a to_user_id other than from_user_id');
  let conv = ctx.store.chat.conversations.get(id);
  if (!conv?.keyVersion) {
    const members = conv?.participants ?? id.split('-');
    const publicKeys: PublicKeyInputWire[] = members.flatMap((u) => {
      const k = ctx.store.chat.latestKey(u);
      return k ? [{ userId: u, publicKey: k.publicKey, keyVersion: k.version }] : [];
    });
    if (publicKeys.length !== members.length) return bad('every participant needs X Chat keys');
    const prepared = await askParty<{ conversationKeyVersion: string; participantKeys: { userId: string; encryptedKey: string; publicKeyVersion: string }[]; actionSignatures: { messageId: string; encodedMessageEventDetail: string; signature: string; publicKeyVersion: string; signatureVersion: string }[] }>(ctx, { op: 'prepareKeyChange', userId: from, publicKeys });
    const keysBody: KeysBody = {
      conversation_key_version: prepared.conversationKeyVersion,
      conversation_participant_keys: prepared.participantKeys.map((k) => ({ user_id: k.userId, encrypted_conversation_key: k.encryptedKey, public_key_version: k.publicKeyVersion })),
      action_signatures: prepared.actionSignatures.map((s) => ({ message_id: s.messageId, encoded_message_event_detail: s.encodedMessageEventDetail, message_event_signature: { signature: s.signature, public_key_version: s.publicKeyVersion, signature_version: s.signatureVersion } })),
    };
    const out = callAs(addConversationKeys, ctx, from, id, keysBody);
    if (out.status !== 200) return out;
    conv = ctx.store.chat.conversations.get(id);
  }
  if (!conv) return bad('conversation could not be created');
  const keyChangeEvents = conv.events.filter((e) => e.kind === 'keyChange').map((e) => e.encoded);
  const media = image && { ...image, mediaHashKey: newMediaHashKey() };
  const payload = await askParty<{ messageId: string; encryptedContent: string; encodedEventSignature: string; mediaCiphertext?: string }>(ctx, { op: 'encrypt', userId: from, conversationId: envelopeId(conv.id), text, keyChangeEvents, signingKeys: signingKeys(ctx, conv.participants), media });
  // The sealed bytes are stored before the message that names them, as an upload precedes the send.
  if (media && payload.mediaCiphertext) storeChatMedia(ctx, conv.id, media.mediaHashKey, Buffer.from(payload.mediaCiphertext, 'base64'));
  const out = callAs(sendChatMessage, ctx, from, conv.id, { message_id: payload.messageId, encoded_message_create_event: payload.encryptedContent, encoded_message_event_signature: payload.encodedEventSignature });
  if (out.status !== 201) return out;
  const encoded = (out.body as { data: { encoded_message_event: string } }).data.encoded_message_event;
  return json(200, { conversation_id: conv.id, sequence_id: unwrap(encoded).sequenceId, message_id: payload.messageId, ...(media ? { media_hash_key: media.mediaHashKey } : {}) });
}

async function decryptAs(ctx: EmuContext, b: Record<string, unknown>): Promise<EmuResponse> {
  const userId = str(b.user_id);
  const conv = ctx.store.chat.conversations.get(str(b.conversation_id));
  if (!conv?.participants.includes(userId)) return bad('conversation_id must name a conversation of user_id');
  const events = conv.events.filter((e) => e.kind === 'message');
  const keyChangeEvents = conv.events.filter((e) => e.kind === 'keyChange').map((e) => e.encoded);
  const out = await askParty<{ events: Record<string, unknown>[] }>(ctx, { op: 'decrypt', userId, events: events.map((e) => e.encoded), keyChangeEvents, signingKeys: signingKeys(ctx, conv.participants) });
  return json(200, { events: out.events.map((e, i) => ({ sequence_id: events[i]?.sequenceId, sender_id: events[i]?.senderId, ...e })) });
}

/** Flips one bit inside a stored message's encrypted detail: the signature no longer matches. */
function tamper(ctx: EmuContext, b: Record<string, unknown>): EmuResponse {
  const conv = ctx.store.chat.conversations.get(str(b.conversation_id));
  const event = conv?.events.find((e) => e.sequenceId === str(b.sequence_id) && e.kind === 'message');
  if (!event) return bad('conversation_id and sequence_id must name a message');
  const raw = Buffer.from(event.encoded, 'base64');
  const at = raw.indexOf(unwrap(event.encoded).detail) + 24;
  raw[at] = (raw[at] as number) ^ 1;
  event.encoded = raw.toString('base64');
  return json(200, { tampered: event.sequenceId });
}

function state(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const conv = ctx.store.chat.conversations.get(req.query.get('conversation_id') ?? '');
  if (!conv) return bad('unknown conversation_id', 404);
  return json(200, {
    id: conv.id,
    events: conv.events.length,
    seen_until: Object.fromEntries(conv.seenUntil),
    unread: Object.fromEntries(conv.participants.map((u) => [u, ctx.store.chat.unreadCount(conv, u)])),
    typing: conv.typing.map((t) => t.userId),
  });
}

function backupStats(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const stats = keyBackupStats(ctx, req.query.get('user_id') ?? '');
  return stats ? json(200, stats) : bad('user_id has no key backup', 404);
}

export async function handleChatAdmin(ctx: EmuContext, req: EmuRequest, remoteAddress: string | undefined): Promise<EmuResponse> {
  if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remoteAddress ?? '')) return bad('admin routes are loopback only', 403);
  let body: Record<string, unknown> = {};
  if (req.body.length) {
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return bad('body must be JSON');
    }
  }
  try {
    switch (`${req.method} ${req.path}`) {
      case 'POST /__admin/chat/users': return await createUser(ctx, body);
      case 'POST /__admin/chat/messages': return await send(ctx, body);
      case 'POST /__admin/chat/decrypt': return await decryptAs(ctx, body);
      case 'POST /__admin/chat/tamper': return tamper(ctx, body);
      case 'POST /__admin/chat/tamper-media': return tamperMedia(ctx, body);
      case 'GET /__admin/chat/state': return state(ctx, req);
      case 'GET /__admin/chat/keybackup': return backupStats(ctx, req);
      default: return bad(`unknown admin route ${req.method} ${req.path}`, 404);
    }
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error), 500);
  }
}
