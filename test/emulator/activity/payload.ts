import type { EmuContext } from '../context';
import type { EmuConversation, EmuEvent, EmuUser } from '../model';

/**
 * Activity API deliveries for legacy DMs, in the shape X documents on `x-api/activity/event-payloads.mdx`: the
 * envelope `{data:{event_uuid, filter, event_type, tag?, payload}}` around the old v1.1 `direct_message_events`
 * list plus a `users` map of `{data: User}`. X's own examples show negative `event_uuid`s; the 2.167 document's
 * `ActivityEventId` pattern allows digits only, so the emulator sends positive ones (the contract wins).
 */

export type DmActivityType = 'dm.received' | 'dm.sent' | 'dm.read' | 'dm.indicate_typing';

export interface ActivityEnvelope {
  data: {
    event_uuid: string;
    filter: { user_id: string };
    event_type: string;
    tag?: string;
    payload: Record<string, unknown>;
  };
}

function legacyUser(u: EmuUser, baseUrl: string): Record<string, unknown> {
  return {
    data: {
      id: u.id,
      username: u.username,
      name: u.name,
      profile_image_url: `${baseUrl}/__emulator/avatar/${u.id}.png`,
      protected: u.protected,
      verified: u.verified,
      description: u.description,
      created_at: new Date(u.createdAt).toISOString(),
    },
  };
}

/** The v1.1 `message_create` of one DM event (`created_timestamp` in epoch ms as a string, like v1.1). */
function legacyDmEvent(ev: EmuEvent, recipientId: string): Record<string, unknown> {
  const urls = (ev.entities?.urls ?? []).map((u) => ({
    url: u.url,
    expanded_url: u.expanded_url,
    display_url: u.display_url,
    indices: [u.start, u.end],
  }));
  return {
    type: 'message_create',
    id: ev.id,
    created_timestamp: String(ev.createdAt),
    message_create: {
      target: { recipient_id: recipientId },
      sender_id: ev.senderId,
      message_data: {
        text: ev.text ?? '',
        entities: { hashtags: [], symbols: [], user_mentions: [], urls },
        ...(ev.mediaKeys?.length ? { attachment: { type: 'media', media: { id_str: ev.mediaKeys[0]?.split('_')[1] ?? '' } } } : {}),
      },
    },
  };
}

/**
 * Which `dm.*` deliveries one stored event causes: `dm.sent` for the sender, `dm.received` for the other person of
 * a 1:1. Group messages and join/leave events cause none: X documents no legacy payload for them (the v1.1 shape has
 * one `recipient_id`), so clients learn of them by polling.
 */
export function dmDeliveries(ev: EmuEvent, conv: EmuConversation): { userId: string; eventType: DmActivityType; recipientId: string }[] {
  if (ev.eventType !== 'MessageCreate' || conv.kind !== 'OneToOne') return [];
  const recipientId = [...conv.participants].find((p) => p !== ev.senderId) ?? ev.senderId;
  return [
    { userId: ev.senderId, eventType: 'dm.sent', recipientId },
    { userId: recipientId, eventType: 'dm.received', recipientId },
  ];
}

export function dmPayload(ctx: EmuContext, ev: EmuEvent, recipientId: string): Record<string, unknown> {
  const users: Record<string, unknown> = {};
  for (const id of new Set([ev.senderId, recipientId])) {
    const u = ctx.store.users.get(id);
    if (u) users[id] = legacyUser(u, ctx.baseUrl);
  }
  return { direct_message_events: [legacyDmEvent(ev, recipientId)], users };
}
