import type { DmMessage } from '../dm/model/message';
import { compareIds } from '../dm/model/ids';
import type { Attachment } from '../dm/model/message';
import type { Decrypted, MediaAttachment } from './engine/protocol';
import type { ChatEventWire } from './api/schemas';

/**
 * X Chat events, as the engine opened them, in the domain's words. Only a verified message carries text; anything
 * that did not verify (or that verified but belongs to another conversation, which a server could replay) becomes a
 * message with `integrity` set and no text, attributed to whom X says sent it but never shown as the user's own.
 * Reactions, edits and key changes (`other`) are not messages and are left out. Pure.
 */

export interface ChatMapContext {
  /** The API id (`A-B` or `g…`) of the conversation the events were read from. */
  conversationId: string;
  meId: string;
}

/** `A:B` (what clients sign) and `A-B` (the API's spelling) name the same 1:1. */
function sameConversation(signed: string, apiId: string): boolean {
  return signed === apiId || signed.replace(':', '-') === apiId;
}

/**
 * `events[i]` and `decrypted[i]` describe the same event (the engine answers one result per event, in order).
 * Returns messages oldest first, like a thread slice.
 */
export function mapChatEvents(events: readonly ChatEventWire[], decrypted: readonly Decrypted[], ctx: ChatMapContext): DmMessage[] {
  if (events.length !== decrypted.length) throw new Error('one decrypt result per event');
  const out: DmMessage[] = [];
  events.forEach((event, i) => {
    const message = mapOne(event, decrypted[i] as Decrypted, ctx);
    if (message) out.push(message);
  });
  return out.sort((a, b) => compareIds(a.id, b.id));
}

function mapOne(event: ChatEventWire, result: Decrypted, ctx: ChatMapContext): DmMessage | undefined {
  if (result.kind === 'other') return undefined;
  if (result.kind === 'message' && sameConversation(result.conversationId, ctx.conversationId) && result.senderId !== '') {
    return {
      type: 'message',
      id: event.id,
      conversationId: ctx.conversationId,
      senderId: result.senderId,
      fromMe: result.senderId === ctx.meId,
      text: result.text,
      createdAt: result.createdAtMs > 0 ? result.createdAtMs : (event.created_at ?? 0),
      status: 'sent',
      attachments: (result.media ?? []).map((m) => attachmentOf(m, event.id)),
      referencedPosts: [],
    };
  }
  return {
    type: 'message',
    id: event.id,
    conversationId: ctx.conversationId,
    senderId: event.sender_id ?? '',
    fromMe: false,
    text: '',
    createdAt: event.created_at ?? 0,
    status: 'sent',
    attachments: [],
    referencedPosts: [],
    integrity: result.kind === 'undecryptable' ? 'undecryptable' : 'unverified',
  };
}

/** The legacy attachment types the panel shows as images; other X Chat media is named, not fetched. */
const TYPES: Readonly<Record<string, string>> = { image: 'photo', gif: 'animated_gif' };

/** An encrypted image as the panel knows attachments: the media hash key stands where legacy has X's media key. */
function attachmentOf(media: MediaAttachment, eventId: string): Attachment {
  const size = media.width !== undefined && media.height !== undefined ? { width: media.width, height: media.height } : {};
  return { mediaKey: media.mediaHashKey, type: TYPES[media.mediaType] ?? media.mediaType, dmEventId: eventId, ...size };
}
