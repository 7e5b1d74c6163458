/**
 * Typed calls to the emulator's X Chat admin routes (`/__admin/chat/*`, documented in test/emulator/README.md) for
 * integration and e2e tests, which talk to an emulator over HTTP. Every call throws with the emulator's answer when
 * the route refuses, so a test fails where its setup went wrong.
 */

async function call<T>(emuUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emuUrl.replace(/\/+$/, '')}/__admin/chat/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`/__admin/chat/${path} -> ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface CreatedChatUser {
  userId: string;
  publicKeyVersion: string;
  /** base64, only when `exportKeyMaterial` was asked for (for a client-side key-backup double). */
  keyMaterial?: string;
}

/**
 * New X Chat keys for an emulator user (made by the real Chat XDK in the emulator's party). With `passcode`, the
 * emulator keeps them as the user's key backup behind it (`POST /__emulator/keybackup/recover`, 10 guesses).
 */
export async function createChatUser(emuUrl: string, userId: string, options: { passcode?: string; exportKeyMaterial?: boolean } = {}): Promise<CreatedChatUser> {
  const out = await call<{ user_id: string; public_key_version: string; key_material?: string }>(emuUrl, 'POST', 'users', {
    user_id: userId,
    ...(options.passcode !== undefined ? { passcode: options.passcode } : {}),
    ...(options.exportKeyMaterial ? { export_key_material: true } : {}),
  });
  return { userId: out.user_id, publicKeyVersion: out.public_key_version, ...(out.key_material ? { keyMaterial: out.key_material } : {}) };
}

export type PartySendTarget = { to: string; conversationId?: never } | { conversationId: string; to?: never } | { to?: undefined; conversationId?: undefined };

export interface PartySent {
  /** X's API id (`A-B` for a 1:1). */
  conversationId: string;
  sequenceId: string;
  messageId: string;
}

/**
 * `from` (never the client under test) sends `text` through the API's own handlers; a 1:1 gets its key change first.
 * Without `to` or `conversationId` the message goes to the signed-in demo user ("me").
 */
export async function partySend(emuUrl: string, input: { from: string; text: string } & PartySendTarget): Promise<PartySent> {
  const out = await call<{ conversation_id: string; sequence_id: string; message_id: string }>(emuUrl, 'POST', 'messages', {
    from_user_id: input.from,
    text: input.text,
    ...(input.to !== undefined ? { to_user_id: input.to } : {}),
    ...(input.conversationId !== undefined ? { conversation_id: input.conversationId } : {}),
  });
  return { conversationId: out.conversation_id, sequenceId: out.sequence_id, messageId: out.message_id };
}

export type DecryptedAs =
  | { sequenceId: string; senderId: string; text?: string; verified: boolean }
  | { sequenceId: string; senderId: string; error: 'unverified' | 'undecryptable' };

/** The conversation's messages (oldest first) as `userId`'s own device would read them. */
export async function decryptAs(emuUrl: string, userId: string, conversationId: string): Promise<DecryptedAs[]> {
  type Wire = { sequence_id: string; sender_id: string; text?: string; verified?: boolean; error?: 'unverified' | 'undecryptable' };
  const out = await call<{ events: Wire[] }>(emuUrl, 'POST', 'decrypt', { user_id: userId, conversation_id: conversationId });
  return out.events.map((e) =>
    e.error ? { sequenceId: e.sequence_id, senderId: e.sender_id, error: e.error } : { sequenceId: e.sequence_id, senderId: e.sender_id, text: e.text, verified: e.verified === true },
  );
}

/** Just the texts `userId` reads in the conversation, oldest first (messages that fail to decrypt or verify are left out). */
export async function decryptedTexts(emuUrl: string, userId: string, conversationId: string): Promise<string[]> {
  return (await decryptAs(emuUrl, userId, conversationId)).flatMap((e) => ('text' in e && e.text !== undefined && e.verified ? [e.text] : []));
}

/** Flips a bit in a stored message: its signature no longer verifies (the client must show "could not verify sender"). */
export async function tamper(emuUrl: string, conversationId: string, sequenceId: string): Promise<void> {
  await call(emuUrl, 'POST', 'tamper', { conversation_id: conversationId, sequence_id: sequenceId });
}

export interface ChatConversationState {
  id: string;
  events: number;
  seenUntil: Record<string, string>;
  unread: Record<string, number>;
  typing: string[];
}

/** Read state and typing indicators of a conversation, as the emulator keeps them. */
export async function chatState(emuUrl: string, conversationId: string): Promise<ChatConversationState> {
  const out = await call<{ id: string; events: number; seen_until: Record<string, string>; unread: Record<string, number>; typing: string[] }>(emuUrl, 'GET', `state?conversation_id=${encodeURIComponent(conversationId)}`);
  return { id: out.id, events: out.events, seenUntil: out.seen_until, unread: out.unread, typing: out.typing };
}

export interface KeyBackupStats {
  /** Every recovery attempt, right or wrong. */
  guesses: number;
  guesses_remaining: number;
  destroyed: boolean;
}

/** The guess accounting of a user's emulated key backup. */
export async function keyBackupStats(emuUrl: string, userId: string): Promise<KeyBackupStats> {
  return call<KeyBackupStats>(emuUrl, 'GET', `keybackup?user_id=${encodeURIComponent(userId)}`);
}
