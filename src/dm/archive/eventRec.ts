import type { DmEvent, DmEventType } from '../../api/schemas/dmEvent';
import type { EventRec } from './schema';

const TYPE_CODES: Record<DmEventType, 0 | 1 | 2> = { MessageCreate: 0, ParticipantsJoin: 1, ParticipantsLeave: 2 };
export const TYPE_NAMES: readonly DmEventType[] = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'];

/** X's event → the archive's compact record (undefined when X left out what the archive needs). */
export function toEventRec(event: DmEvent, fallbackTime: number): EventRec | undefined {
  if (!event.dm_conversation_id) return undefined;
  const at = event.created_at ? Date.parse(event.created_at) : NaN;
  const rec: EventRec = {
    i: event.id,
    t: TYPE_CODES[event.event_type],
    c: event.dm_conversation_id,
    a: Number.isFinite(at) ? at : fallbackTime,
  };
  if (event.sender_id) rec.s = event.sender_id;
  if (event.text !== undefined) rec.x = event.text;
  if (event.participant_ids?.length) rec.p = event.participant_ids;
  if (event.attachments?.media_keys?.length) rec.m = event.attachments.media_keys;
  if (event.referenced_tweets?.length) rec.r = event.referenced_tweets.map((t) => t.id);
  if (event.urls?.length) {
    rec.l = event.urls.map((u) => ({
      s: u.start,
      e: u.end,
      u: u.url,
      ...(u.expanded_url !== undefined ? { x: u.expanded_url } : {}),
      ...(u.display_url !== undefined ? { d: u.display_url } : {}),
    }));
  }
  return rec;
}

export function fromEventRec(rec: EventRec): DmEvent {
  const event: DmEvent = {
    id: rec.i,
    event_type: TYPE_NAMES[rec.t] as DmEventType,
    dm_conversation_id: rec.c,
    created_at: new Date(rec.a).toISOString(),
  };
  if (rec.s !== undefined) event.sender_id = rec.s;
  if (rec.x !== undefined) event.text = rec.x;
  if (rec.p) event.participant_ids = rec.p;
  if (rec.m) event.attachments = { media_keys: rec.m };
  if (rec.r) event.referenced_tweets = rec.r.map((id) => ({ id }));
  if (rec.l) {
    event.urls = rec.l.map((l) => ({
      start: l.s,
      end: l.e,
      url: l.u,
      ...(l.x !== undefined ? { expanded_url: l.x } : {}),
      ...(l.d !== undefined ? { display_url: l.d } : {}),
    }));
  }
  return event;
}
