import * as v from 'valibot';
import type { DmEvent } from '../api/schemas/dmEvent';
import type { DmEventsPage } from '../api/schemas/dmEvents';
import type { XUser } from '../api/schemas/user';
import { directConversationId } from '../dm/model/ids';
import { LegacyDmEventSchema, LegacyDmPayloadSchema, LegacyUserSchema, StreamLineSchema, type LegacyDmEvent } from './schemas';

/**
 * One line of the Activity stream → what the extension does with it. `dm.sent` / `dm.received` become a page of
 * v2-shaped `DmEvent`s (the legacy id is the v2 event id, so the archive stores an event once whichever way it
 * came). Anything that cannot be placed faithfully (a media attachment, whose v2 media record only a poll
 * returns; an event that fails validation) is left out and `needsPoll` asks for one poll, so nothing is lost.
 */
export type MappedLine =
  | { kind: 'keepAlive' }
  | { kind: 'events'; page: DmEventsPage; needsPoll: boolean }
  | { kind: 'ignored'; eventType: string }
  | { kind: 'disconnect'; detail: string }
  | { kind: 'invalid'; reason: string };

const DM_MESSAGE_TYPES = new Set(['dm.sent', 'dm.received']);

/** `meId`: the account this window syncs. The app's stream carries every subscribed user's events; only its own count. */
export function mapStreamLine(line: string, meId: string): MappedLine {
  if (line.trim() === '') return { kind: 'keepAlive' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { kind: 'invalid', reason: 'not an object' };
  const parsed = v.safeParse(StreamLineSchema, raw);
  if (!parsed.success) return { kind: 'invalid', reason: parsed.issues[0].message };
  const { data, errors } = parsed.output;
  if (!data) {
    const first = errors?.[0];
    return { kind: 'disconnect', detail: first?.detail ?? first?.title ?? 'X ended the stream' };
  }
  if (!DM_MESSAGE_TYPES.has(data.event_type) || (data.filter?.user_id !== undefined && data.filter.user_id !== meId)) {
    return { kind: 'ignored', eventType: data.event_type };
  }
  const payload = v.safeParse(LegacyDmPayloadSchema, data.payload);
  if (!payload.success) return { kind: 'events', page: emptyPage(), needsPoll: true };
  const events: DmEvent[] = [];
  let needsPoll = false;
  for (const item of payload.output.direct_message_events) {
    const event = v.safeParse(LegacyDmEventSchema, item);
    if (event.success && !involves(event.output, meId)) continue;
    const mapped = event.success ? toDmEvent(event.output) : undefined;
    if (mapped) events.push(mapped);
    else needsPoll = true;
  }
  const users: XUser[] = [];
  for (const entry of Object.values(payload.output.users ?? {})) {
    const user = v.safeParse(LegacyUserSchema, entry);
    if (user.success) users.push(toUser(user.output.data));
  }
  return { kind: 'events', page: { ...emptyPage(), events, includes: { users, tweets: [], media: [] }, resultCount: events.length }, needsPoll };
}

function involves(e: LegacyDmEvent, meId: string): boolean {
  return e.message_create.sender_id === meId || e.message_create.target.recipient_id === meId;
}

/** Undefined for what only a poll can bring in full: attachments, and anything but a plain 1:1 message. */
export function toDmEvent(e: LegacyDmEvent): DmEvent | undefined {
  const { sender_id: sender, target, message_data: data } = e.message_create;
  if (e.type !== 'message_create' || data.attachment !== undefined || sender === target.recipient_id) return undefined;
  const urls = (data.entities?.urls ?? []).map((u) => ({
    start: u.indices[0],
    end: u.indices[1],
    url: u.url,
    ...(u.expanded_url !== undefined ? { expanded_url: u.expanded_url } : {}),
    ...(u.display_url !== undefined ? { display_url: u.display_url } : {}),
  }));
  return {
    id: e.id,
    event_type: 'MessageCreate',
    text: data.text,
    sender_id: sender,
    dm_conversation_id: directConversationId(sender, target.recipient_id),
    created_at: new Date(Number(e.created_timestamp)).toISOString(),
    ...(urls.length > 0 ? { urls } : {}),
  };
}

function toUser(u: v.InferOutput<typeof LegacyUserSchema>['data']): XUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    ...(u.profile_image_url !== undefined ? { profile_image_url: u.profile_image_url } : {}),
    ...(u.protected !== undefined ? { protected: u.protected } : {}),
    ...(u.verified !== undefined ? { verified: u.verified } : {}),
  };
}

function emptyPage(): DmEventsPage {
  return { events: [], includes: { users: [], tweets: [], media: [] }, resultCount: 0, partialErrors: [] };
}
