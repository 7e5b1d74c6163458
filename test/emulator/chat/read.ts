import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import { invalidRequest, notFound } from '../problems';
import { renderUser } from '../render';
import type { ChatConversation, ChatStore } from './store';
import { resolvePathId } from './ids';
import { pageOf } from './paging';

/** The reading side of X Chat: the inbox, one conversation, its events, public keys. */

const iso = (ms: number): string => new Date(ms).toISOString();
const list = (q: URLSearchParams, name: string): Set<string> => new Set((q.get(name) ?? '').split(',').filter(Boolean));

function renderConversation(c: ChatConversation, fields: Set<string>, expansions: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id, type: c.type };
  if (fields.has('created_at')) out.created_at = iso(c.createdAt);
  if (fields.has('updated_at')) out.updated_at = iso(c.updatedAt);
  if (fields.has('is_muted')) out.is_muted = false;
  if (fields.has('group_name') && c.groupName) out.group_name = c.groupName;
  for (const key of ['participant_ids', 'member_ids'] as const) if (expansions.has(key)) out[key] = [...c.participants];
  if (expansions.has('admin_ids') && c.type === 'Group') out.admin_ids = [c.participants[0]];
  return out;
}

function withIncludes(ctx: EmuContext, req: EmuRequest, viewer: string, convs: ChatConversation[], body: Record<string, unknown>): Record<string, unknown> {
  const expansions = list(req.query, 'expansions');
  if (expansions.size === 0) return body;
  const ids = new Set(convs.flatMap((c) => c.participants));
  const users = [...ids].flatMap((id) => {
    const u = ctx.store.users.get(id);
    return u ? [renderUser(u, list(req.query, 'user.fields'), viewer, ctx.baseUrl, '2.167')] : [];
  });
  return users.length ? { ...body, includes: { users } } : body;
}

export function getChatConversations(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const chat = ctx.store.chat;
  const convs = chat.forUser(userId).sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
  const page = pageOf(convs.map((c) => c.id), req.query, 10);
  if (page === 'bad-token') return invalidRequest([{ message: 'The `pagination_token` query parameter value is not valid', parameters: { pagination_token: [req.query.get('pagination_token') ?? ''] } }]);
  const shown = page.ids.map((id) => chat.conversations.get(id) as ChatConversation);
  const fields = list(req.query, 'chat_conversation.fields');
  const expansions = list(req.query, 'expansions');
  const meta: Record<string, unknown> = { result_count: shown.length, has_more: page.nextToken !== undefined, has_message_requests: false };
  if (page.nextToken) meta.next_token = page.nextToken;
  const body: Record<string, unknown> = { meta };
  if (shown.length) body.data = shown.map((c) => renderConversation(c, fields, expansions));
  return json(200, withIncludes(ctx, req, userId, shown, body));
}

export function findConversation(chat: ChatStore, pathId: string, userId: string): ChatConversation | undefined {
  const id = resolvePathId(pathId, userId);
  const conv = id === undefined ? undefined : chat.conversations.get(id);
  return conv?.participants.includes(userId) ? conv : undefined;
}

export function getChatConversation(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const conv = findConversation(ctx.store.chat, req.params.id ?? '', userId);
  if (!conv) return notFound('Could not find conversation');
  const data = renderConversation(conv, list(req.query, 'chat_conversation.fields'), list(req.query, 'expansions'));
  return json(200, withIncludes(ctx, req, userId, [conv], { data }));
}

const EVENT_DEFAULT = new Set(['id', 'encoded_event']);

/** Messages newest first; key changes go in `meta.conversation_key_events`, all of them, so any page decrypts on its own. */
export function getChatConversationEvents(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const conv = findConversation(ctx.store.chat, req.params.id ?? '', userId);
  if (!conv) return notFound('Could not find conversation');
  const newestFirst = conv.events.filter((e) => e.kind === 'message').reverse();
  const page = pageOf(newestFirst.map((e) => e.sequenceId), req.query, 10);
  if (page === 'bad-token') return invalidRequest([{ message: 'The `pagination_token` query parameter value is not valid', parameters: { pagination_token: [req.query.get('pagination_token') ?? ''] } }]);
  const requested = list(req.query, 'chat_message_event.fields');
  const fields = requested.size ? new Set([...requested, 'id']) : EVENT_DEFAULT;
  const data = page.ids.map((seq) => {
    const e = conv.events.find((x) => x.sequenceId === seq);
    if (!e) throw new Error('event vanished');
    const out: Record<string, unknown> = { id: e.sequenceId };
    if (fields.has('encoded_event')) out.encoded_event = e.encoded;
    if (fields.has('sender_id')) out.sender_id = e.senderId;
    if (fields.has('conversation_id')) out.conversation_id = conv.id;
    if (fields.has('created_at')) out.created_at = iso(e.createdAt);
    if (fields.has('previous_id') && e.previousId) out.previous_id = e.previousId;
    if (fields.has('is_trusted')) out.is_trusted = true;
    return out;
  });
  const meta: Record<string, unknown> = {
    result_count: data.length,
    has_more: page.nextToken !== undefined,
    conversation_key_events: conv.events.filter((e) => e.kind === 'keyChange').map((e) => e.encoded),
  };
  if (page.nextToken) meta.next_token = page.nextToken;
  return json(200, data.length ? { data, meta } : { meta });
}
