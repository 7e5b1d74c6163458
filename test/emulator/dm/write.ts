import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import type { EmuConversation } from '../model';
import { dmBlocked, forbidden, invalidRequest, notFound } from '../problems';
import type { ParsedBody } from '../validation';
import { scheduleReply } from './autoReply';

/** The DM write operations: send 1:1, send to a conversation, create a group, delete your own message. */

export const MAX_TEXT = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface MessageBody {
  text?: string;
  attachments?: { media_id: string }[];
}

function bodyMissing(): EmuResponse {
  return invalidRequest([{ message: 'A JSON request body is required', parameters: { body: [] } }]);
}

/** Checks text length and the attachment; returns media keys to store or an error response. */
function checkMessage(ctx: EmuContext, userId: string, msg: MessageBody, prefix: string): string[] | EmuResponse {
  if (msg.text !== undefined && [...msg.text].length > MAX_TEXT) {
    return invalidRequest([
      { message: `\`${prefix}text\` must be at most ${MAX_TEXT} characters`, parameters: { [`${prefix}text`]: [`${[...msg.text].length} characters`] } },
    ]);
  }
  if (msg.text !== undefined && msg.text.trim() === '' && !msg.attachments?.length) {
    return invalidRequest([{ message: `\`${prefix}text\` must not be blank`, parameters: { [`${prefix}text`]: [msg.text] } }]);
  }
  const attachments = msg.attachments ?? [];
  if (attachments.length > 1) {
    return invalidRequest([
      { message: `\`${prefix}attachments\` can contain at most 1 item`, parameters: { [`${prefix}attachments`]: [String(attachments.length)] } },
    ]);
  }
  const keys: string[] = [];
  for (const a of attachments) {
    const media = ctx.store.media.get(a.media_id);
    const now = ctx.clock.now();
    const usable =
      media && media.ownerId === userId && media.state === 'succeeded' && media.category.startsWith('dm_') && now - media.createdAt < DAY_MS;
    if (!usable) {
      return invalidRequest([
        {
          message: `\`${prefix}attachments.media_id\` [${a.media_id}] is not a dm_image/dm_gif/dm_video media uploaded by you in the last 24 hours`,
          parameters: { [`${prefix}attachments.media_id`]: [a.media_id] },
        },
      ]);
    }
    keys.push(media.key);
  }
  return keys;
}

/** A DM block either way refuses a 1:1 message (X's `dm/block` blocks DMs "to or from" the user). */
export function blockRefusal(ctx: EmuContext, senderId: string, recipientId: string, parameter = 'participant_id'): EmuResponse | undefined {
  const blocked = ctx.store.blocksDms(recipientId, senderId) || ctx.store.blocksDms(senderId, recipientId);
  return blocked ? dmBlocked(recipientId, parameter) : undefined;
}

function refuses(ctx: EmuContext, senderId: string, recipients: string[]): EmuResponse | undefined {
  for (const id of recipients) {
    const refusal = blockRefusal(ctx, senderId, id);
    if (refusal) return refusal;
    const user = ctx.store.users.get(id);
    if (user && !user.receivesYourDm && senderId === ctx.store.meId) {
      return forbidden(`You cannot send Direct Messages to this user: @${user.username} does not accept Direct Messages from you.`);
    }
  }
  return undefined;
}

function post(ctx: EmuContext, conv: EmuConversation, senderId: string, msg: MessageBody, keys: string[]): EmuResponse {
  const ev = ctx.store.addEvent({
    eventType: 'MessageCreate',
    conversation: conv,
    senderId,
    at: ctx.clock.now(),
    text: msg.text ?? '',
    mediaKeys: keys.length ? keys : undefined,
  });
  ctx.stats.sends++;
  scheduleReply(ctx, conv, senderId);
  return json(201, { data: { dm_conversation_id: conv.id, dm_event_id: ev.id } });
}

export function sendToParticipant(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const msg = body.json as MessageBody | undefined;
  if (!msg) return bodyMissing();
  const other = req.params.participant_id as string;
  if (other === userId) {
    return invalidRequest([{ message: 'You cannot send a Direct Message to yourself', parameters: { participant_id: [other] } }]);
  }
  if (!ctx.store.users.has(other)) {
    return invalidRequest([{ message: `Could not find user with participant_id: [${other}]`, parameters: { participant_id: [other] } }]);
  }
  const keys = checkMessage(ctx, userId, msg, '');
  if (!Array.isArray(keys)) return keys;
  const refused = refuses(ctx, userId, [other]);
  if (refused) return refused;
  return post(ctx, ctx.store.oneToOne(userId, other), userId, msg, keys);
}

export function sendToConversation(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const msg = body.json as MessageBody | undefined;
  if (!msg) return bodyMissing();
  const convId = req.params.dm_conversation_id as string;
  let conv = ctx.store.conversations.get(convId);
  const pair = /^([0-9]+)-([0-9]+)$/.exec(convId);
  if (!conv && pair && (pair[1] === userId || pair[2] === userId)) {
    const other = pair[1] === userId ? (pair[2] as string) : (pair[1] as string);
    if (ctx.store.users.has(other) && other !== userId && `${ctx.store.oneToOne(userId, other).id}` === convId) {
      conv = ctx.store.conversations.get(convId);
    }
  }
  if (!conv) return notFound(`Could not find dm_conversation with dm_conversation_id: [${convId}].`);
  if (!conv.participants.has(userId)) return forbidden('You are not a participant of this conversation.');
  const keys = checkMessage(ctx, userId, msg, '');
  if (!Array.isArray(keys)) return keys;
  if (conv.kind === 'OneToOne') {
    const refused = refuses(ctx, userId, [...conv.participants].filter((p) => p !== userId));
    if (refused) return refused;
  }
  return post(ctx, conv, userId, msg, keys);
}

interface CreateGroupBody {
  conversation_type: 'Group';
  participant_ids: string[];
  message: MessageBody;
}

export function createGroup(ctx: EmuContext, _req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const input = body.json as CreateGroupBody | undefined;
  if (!input) return bodyMissing();
  const others = [...new Set(input.participant_ids)].filter((id) => id !== userId);
  if (others.length < 2) {
    return invalidRequest([
      { message: '`participant_ids` must name at least 2 other users', parameters: { participant_ids: input.participant_ids } },
    ]);
  }
  const unknown = others.filter((id) => !ctx.store.users.has(id));
  if (unknown.length) {
    return invalidRequest([{ message: `Could not find users with participant_ids: [${unknown.join(',')}]`, parameters: { participant_ids: unknown } }]);
  }
  const keys = checkMessage(ctx, userId, input.message, 'message.');
  if (!Array.isArray(keys)) return keys;
  const refused = refuses(ctx, userId, others);
  if (refused) return refused;
  const now = ctx.clock.now();
  // Every creation is a new conversation, even with the same participants (as on X).
  const conv = ctx.store.newGroup([userId], now);
  ctx.store.addEvent({ eventType: 'ParticipantsJoin', conversation: conv, senderId: userId, at: now, participantIds: [userId, ...others] });
  return post(ctx, conv, userId, input.message, keys);
}

export function deleteDmEvent(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const id = (req.params.event_id as string).padStart(19, '0');
  const ev = ctx.store.events.get(id);
  if (!ev || ev.deleted || !ctx.store.canSee(userId, ev)) {
    return notFound(`Could not find dm_event with event_id: [${req.params.event_id as string}].`);
  }
  if (ev.eventType !== 'MessageCreate' || ev.senderId !== userId) return forbidden('You can only delete Direct Messages you sent.');
  ev.deleted = true;
  return json(200, { data: { deleted: true } });
}
