import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import type { InvalidParam } from '../problems';
import { forbidden, invalidRequest, notFound } from '../problems';
import type { ParsedBody } from '../validation';
import { isStruct, wrapKeyChange, wrapMessageCreate } from './envelope';
import { envelopeId, resolvePathId } from './ids';
import { findConversation } from './read';

/** The writing side of X Chat: key changes, messages (idempotent on message id), read state, typing. */

const bad = (message: string, name: string, value: string): EmuResponse => invalidRequest([{ message, parameters: { [name]: [value] } } satisfies InvalidParam]);
const b64 = (s: string): Buffer | undefined => (/^[A-Za-z0-9+/=_-]+$/.test(s) ? Buffer.from(s, 'base64') : undefined);

export interface KeysBody {
  conversation_key_version: string;
  conversation_participant_keys: { user_id?: string; encrypted_conversation_key?: string; public_key_version?: string }[];
  action_signatures?: { message_id: string; encoded_message_event_detail: string; message_event_signature: { signature: string; public_key_version: string; signature_version: string } }[];
}

/** Creates or rotates a conversation key; for a new 1:1 the path names the other user. */
export function addConversationKeys(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const b = body.json as KeysBody;
  const chat = ctx.store.chat;
  const id = resolvePathId(req.params.id ?? '', userId);
  if (!id) return bad('A conversation needs another participant', 'id', req.params.id ?? '');
  const existing = chat.conversations.get(id);
  const participants = existing?.participants ?? id.split('-');
  if (!participants.includes(userId)) return forbidden('You are not a participant of this conversation.');
  if (!existing && id.startsWith('g')) return notFound('Could not find conversation');
  const signature = b.action_signatures?.[0];
  if (!signature) return bad('action_signatures are required', 'action_signatures', '');
  const detail = b64(signature.encoded_message_event_detail);
  if (!detail || !isStruct(detail)) return bad('encoded_message_event_detail is not a Thrift struct', 'encoded_message_event_detail', signature.encoded_message_event_detail);
  for (const member of participants) {
    const entry = b.conversation_participant_keys.find((k) => k.user_id === member);
    const key = chat.latestKey(member);
    if (!key) return forbidden(`User ${member} has no X Chat keys.`);
    if (!entry?.encrypted_conversation_key || entry.public_key_version !== key.version) {
      return bad(`conversation_participant_keys needs ${member}'s key at version ${key.version}`, 'conversation_participant_keys', member);
    }
  }
  if (existing?.keyVersion && BigInt(existing.keyVersion) >= BigInt(b.conversation_key_version)) {
    return bad(`conversation_key_version must be newer than ${existing.keyVersion}`, 'conversation_key_version', b.conversation_key_version);
  }
  const now = ctx.clock.now();
  const conv = chat.conversation(id, participants, now);
  const sequenceId = chat.nextSequenceId(now);
  const meta = { sequenceId, messageId: signature.message_id, senderId: userId, conversationId: envelopeId(id), createdAtMs: now };
  const sig = signature.message_event_signature;
  const encoded = wrapKeyChange(meta, detail, { signature: sig.signature, publicKeyVersion: sig.public_key_version, signatureVersion: sig.signature_version });
  chat.append(conv, { sequenceId, messageId: signature.message_id, senderId: userId, createdAt: now, kind: 'keyChange', encoded });
  conv.keyVersion = b.conversation_key_version;
  return json(200, { data: { conversation_id: id, sequence_id: sequenceId } });
}

export interface MessageBody {
  message_id: string;
  encoded_message_create_event: string;
  encoded_message_event_signature?: string;
}

export function sendChatMessage(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const b = body.json as MessageBody;
  const chat = ctx.store.chat;
  const conv = findConversation(chat, req.params.id ?? '', userId);
  if (!conv) return notFound('Could not find conversation');
  if (!conv.keyVersion) return forbidden('This conversation has no conversation key yet.');
  // A retry with the same client message id is the same message: answer with the stored event, add nothing.
  const known = conv.events.find((e) => e.messageId === b.message_id && e.kind === 'message');
  if (known) {
    if (known.senderId !== userId) return forbidden('message_id is taken.');
    return json(201, { data: { encoded_message_event: known.encoded } });
  }
  const create = b64(b.encoded_message_create_event);
  if (!create || !isStruct(create)) return bad('encoded_message_create_event is not a Thrift struct', 'encoded_message_create_event', b.encoded_message_create_event.slice(0, 40));
  const sig = b64(b.encoded_message_event_signature ?? '');
  if (!sig || !isStruct(sig)) return bad('encoded_message_event_signature is required and must be a Thrift struct', 'encoded_message_event_signature', '');
  const now = ctx.clock.now();
  const sequenceId = chat.nextSequenceId(now);
  const encoded = wrapMessageCreate({ sequenceId, messageId: b.message_id, senderId: userId, conversationId: envelopeId(conv.id), createdAtMs: now }, create, sig);
  chat.append(conv, { sequenceId, messageId: b.message_id, senderId: userId, createdAt: now, kind: 'message', encoded });
  return json(201, { data: { encoded_message_event: encoded } });
}

export function markChatConversationRead(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const seen = (body.json as { seen_until_sequence_id: string }).seen_until_sequence_id;
  const conv = findConversation(ctx.store.chat, req.params.id ?? '', userId);
  if (!conv) return notFound('Could not find conversation');
  if (!conv.events.some((e) => e.sequenceId === seen)) return bad('seen_until_sequence_id is not an event of this conversation', 'seen_until_sequence_id', seen);
  const before = conv.seenUntil.get(userId) ?? '';
  if (seen > before) conv.seenUntil.set(userId, seen);
  return json(200, { data: { success: true } });
}

export function sendChatTypingIndicator(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const conv = findConversation(ctx.store.chat, req.params.id ?? '', userId);
  if (!conv) return notFound('Could not find conversation');
  conv.typing.push({ userId, at: ctx.clock.now() });
  return json(200, { data: { success: true } });
}
