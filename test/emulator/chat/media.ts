import { randomBytes } from 'node:crypto';
import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { notFound } from '../problems';
import { findConversation } from './read';

/**
 * X Chat media: ciphertext only (clients seal it with the conversation key), addressed by conversation and media
 * hash key. The upload routes are not served (the extension sends no X Chat media); the admin send stores what the
 * party sealed, as an upload would.
 */

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh media hash key in the contract's alphabet (`^[a-zA-Z0-9]{1,50}$`); X mints them at upload initialize. */
export function newMediaHashKey(): string {
  return [...randomBytes(32)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

export function storeChatMedia(ctx: EmuContext, conversationId: string, mediaHashKey: string, bytes: Buffer): void {
  ctx.store.chat.media.set(mediaHashKey, { conversationId, bytes });
}

/** `GET /2/chat/media/{id}/{media_hash_key}`: the stored ciphertext, for participants only (404 for anyone else). */
export function getChatMedia(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const conv = findConversation(ctx.store.chat, req.params.id ?? '', userId);
  const media = ctx.store.chat.media.get(req.params.media_hash_key ?? '');
  if (!conv || media?.conversationId !== conv.id) return notFound('Could not find the requested media.');
  return { status: 200, raw: media.bytes, headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=3600' } };
}
