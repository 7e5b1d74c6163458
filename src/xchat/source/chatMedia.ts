import type { DmMediaBytes } from '../../api/dmApi';
import type { DmMessage } from '../../dm/model/message';
import { sniffImageType } from '../../views/mediaCache';
import type { ChatApi } from '../api/chatApi';
import { EngineError, type EncryptionEngine } from '../engine/engine';
import type { ChatThreads } from './chatThreads';

/**
 * Images of X Chat messages: only media a verified message in memory names is fetched, as ciphertext (one request),
 * opened by the engine with that message's conversation key, and handed on only when the bytes are a raster image,
 * as legacy media is checked before it reaches the webview.
 */

export type XChatMediaProblem = 'notFound' | 'notAnImage' | 'undecryptable';

export class XChatMediaError extends Error {
  constructor(readonly problem: XChatMediaProblem) {
    super(
      problem === 'notFound'
        ? 'This image is not part of an X Chat message that is open here.'
        : problem === 'notAnImage'
          ? 'This X Chat attachment is not an image that can be shown here.'
          : 'This X Chat image could not be decrypted: it may have been altered, or its key is not available.',
    );
  }
}

export interface ChatMediaDeps {
  api: Pick<ChatApi, 'downloadMedia'>;
  engine: EncryptionEngine;
  threads: ChatThreads;
  /** X's ids of the conversations whose threads may hold the message. */
  conversationIds: readonly string[];
}

/** The conversation (X's id) and message a held event id names, if a thread in memory has it. */
export function findChatMessage(threads: ChatThreads, conversationIds: readonly string[], messageId: string): { conversationId: string; message: DmMessage } | undefined {
  for (const conversationId of conversationIds) {
    const message = threads.get(conversationId)?.messages.get(messageId);
    if (message) return { conversationId, message };
  }
  return undefined;
}

export async function fetchChatMedia(deps: ChatMediaDeps, messageId: string, mediaKey: string): Promise<DmMediaBytes> {
  const found = findChatMessage(deps.threads, deps.conversationIds, messageId);
  const attachment = found?.message.integrity === undefined ? found?.message.attachments.find((a) => a.mediaKey === mediaKey) : undefined;
  if (!found || !attachment) throw new XChatMediaError('notFound');
  if (attachment.type !== 'photo' && attachment.type !== 'animated_gif') throw new XChatMediaError('notAnImage');
  const sealed = await deps.api.downloadMedia(found.conversationId, mediaKey);
  const owned = sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength;
  let bytes: Uint8Array;
  try {
    const request = { op: 'decryptMedia' as const, conversationId: found.conversationId, mediaHashKey: mediaKey, ciphertext: sealed };
    ({ bytes } = await deps.engine.request(request, owned ? [sealed.buffer as ArrayBuffer] : []));
  } catch (error) {
    // `failed` is the SDK refusing the bytes (altered, truncated) or no key for them; the reason stays in the worker.
    if (error instanceof EngineError && error.code === 'failed') throw new XChatMediaError('undecryptable');
    throw error;
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new XChatMediaError('notAnImage');
  return { bytes, contentType };
}
