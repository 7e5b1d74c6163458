import type { ConsentMode, EmuContext } from './context';
import type { EmuRequest, EmuResponse } from './http';
import { json } from './http';
import { parseFault } from './faults';
import { buildStore, isPreset, makeUser } from './generator/presets';
import type { RateLimitConfig } from './rateLimit';
import { DEFAULT_RATE_LIMITS } from './rateLimit';
import { ALL_USER_SCOPES, OAUTH2_CLIENT } from './auth/credentials';
import { blockRefusal } from './dm/write';
import { attachActivity } from './activity/stream';

/** The `/__admin/*` control surface (loopback only, JSON). Documented in README.md. */

function bad(message: string, status = 400): EmuResponse {
  return json(status, { error: message });
}

function parse(req: EmuRequest): Record<string, unknown> | undefined {
  if (req.body.length === 0) return {};
  try {
    const v = JSON.parse(req.body.toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function resetWorld(ctx: EmuContext, preset: string): void {
  ctx.store = buildStore(preset, ctx.clock);
  attachActivity(ctx);
  ctx.preset = preset;
  ctx.stats.clear();
  ctx.faults.clear();
  ctx.rateLimiter.clear();
}

function userJson(ctx: EmuContext, id: string): Record<string, unknown> {
  const u = ctx.store.users.get(id);
  if (!u) return {};
  return { id: u.id, username: u.username, name: u.name, me: u.me, receives_your_dm: u.receivesYourDm };
}

type AdminHandler = (ctx: EmuContext, body: Record<string, unknown>, req: EmuRequest) => EmuResponse;

const routes: Record<string, AdminHandler> = {
  'POST /__admin/reset': (ctx, b) => {
    const preset = typeof b.preset === 'string' ? b.preset : ctx.preset;
    if (!isPreset(preset)) return bad(`unknown preset ${preset}: use demo, empty or large:<N>`);
    resetWorld(ctx, preset);
    return json(200, { preset, users: ctx.store.users.size, conversations: ctx.store.conversations.size, events: ctx.store.order.length });
  },
  'GET /__admin/users': (ctx) => json(200, [...ctx.store.users.keys()].map((id) => userJson(ctx, id))),
  'POST /__admin/users': (ctx, b) => {
    if (typeof b.username !== 'string' || !/^[A-Za-z0-9_]{1,15}$/.test(b.username)) return bad('username must match ^[A-Za-z0-9_]{1,15}$');
    if (typeof b.name !== 'string' || b.name.length === 0) return bad('name is required');
    if (ctx.store.userByName(b.username)) return bad(`username ${b.username} is taken`, 409);
    let n = 7_000_000_000 + ctx.store.users.size;
    while (ctx.store.users.has(String(n))) n++;
    const u = makeUser(
      { id: String(n), username: b.username, name: b.name, receivesYourDm: b.receives_your_dm !== false },
      ctx.clock.now(),
    );
    ctx.store.addUser(u);
    return json(201, userJson(ctx, u.id));
  },
  'POST /__admin/tokens': (ctx, b) => {
    const userId = typeof b.user_id === 'string' ? b.user_id : ctx.store.meId;
    if (!ctx.store.users.has(userId)) return bad(`unknown user_id ${userId}`);
    const scopes = Array.isArray(b.scopes) ? b.scopes.map(String) : ALL_USER_SCOPES;
    const expiresIn = typeof b.expires_in === 'number' && b.expires_in > 0 ? Math.floor(b.expires_in) : undefined;
    return json(200, ctx.tokens.issue(userId, OAUTH2_CLIENT.clientId, scopes, expiresIn));
  },
  'POST /__admin/messages': (ctx, b) => {
    const from = typeof b.from_user_id === 'string' ? b.from_user_id : '';
    if (!ctx.store.users.has(from)) return bad(`unknown from_user_id ${from}`);
    if (typeof b.text !== 'string' || b.text.length === 0) return bad('text is required');
    let conv;
    if (typeof b.conversation_id === 'string') {
      conv = ctx.store.conversations.get(b.conversation_id);
      if (!conv) return bad(`unknown conversation_id ${b.conversation_id}`);
      if (!conv.participants.has(from)) return bad('from_user_id is not a participant of that conversation');
    } else {
      const to = typeof b.to_user_id === 'string' ? b.to_user_id : ctx.store.meId;
      if (!ctx.store.users.has(to) || to === from) return bad(`bad to_user_id ${to}`);
      conv = ctx.store.oneToOne(from, to);
    }
    if (conv.kind === 'OneToOne') {
      // A DM block is enforced here too: the refusal is what X would have answered the sender.
      const to = [...conv.participants].find((p) => p !== from) ?? from;
      const refusal = blockRefusal(ctx, from, to);
      if (refusal) return refusal;
    }
    const ev = ctx.store.addEvent({ eventType: 'MessageCreate', conversation: conv, senderId: from, at: ctx.clock.now(), text: b.text });
    return json(201, { dm_event_id: ev.id, dm_conversation_id: conv.id });
  },
  'GET /__admin/dm-blocks': (ctx) =>
    json(200, [...ctx.store.dmBlocks].map((pair) => ({ blocker_id: pair.split('>')[0], blocked_id: pair.split('>')[1] }))),
  'POST /__admin/dm-blocks': (ctx, b) => {
    const blocker = typeof b.blocker_id === 'string' ? b.blocker_id : '';
    const blocked = typeof b.blocked_id === 'string' ? b.blocked_id : ctx.store.meId;
    if (!ctx.store.users.has(blocker) || !ctx.store.users.has(blocked) || blocker === blocked) return bad('blocker_id and blocked_id must name two users');
    ctx.store.setDmBlock(blocker, blocked, b.blocked !== false);
    return json(200, { blocker_id: blocker, blocked_id: blocked, blocked: b.blocked !== false });
  },
  'POST /__admin/participants': (ctx, b) => {
    const conv = typeof b.conversation_id === 'string' ? ctx.store.conversations.get(b.conversation_id) : undefined;
    if (!conv || conv.kind !== 'Group') return bad('conversation_id must name a group conversation');
    const ids = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : undefined);
    const join = ids(b.join);
    const leave = ids(b.leave);
    if (!join || !leave || join.length + leave.length === 0) return bad('join and/or leave must be arrays of user ids');
    const unknown = [...join, ...leave].filter((id) => !ctx.store.users.has(id));
    if (unknown.length) return bad(`unknown users ${unknown.join(',')}`);
    const by = typeof b.by_user_id === 'string' ? b.by_user_id : [...conv.participants][0] ?? ctx.store.meId;
    const events: string[] = [];
    const now = ctx.clock.now();
    if (join.length) {
      events.push(ctx.store.addEvent({ eventType: 'ParticipantsJoin', conversation: conv, senderId: by, at: now, participantIds: join }).id);
    }
    for (const id of leave) {
      events.push(ctx.store.addEvent({ eventType: 'ParticipantsLeave', conversation: conv, senderId: id, at: now, participantIds: [id] }).id);
    }
    return json(201, { dm_event_ids: events, participant_ids: [...conv.participants] });
  },
  'POST /__admin/consent': (ctx, b) => {
    if (b.mode !== 'manual' && b.mode !== 'approve' && b.mode !== 'deny') return bad('mode must be manual, approve or deny');
    if (b.user_id !== undefined && (typeof b.user_id !== 'string' || !ctx.store.users.has(b.user_id))) return bad('unknown user_id');
    ctx.consent = { mode: b.mode as ConsentMode, userId: b.user_id as string | undefined };
    return json(200, ctx.consent);
  },
  'GET /__admin/consent': (ctx) => json(200, ctx.consent),
  'POST /__admin/faults': (ctx, b) => {
    const fault = parseFault(b);
    if (typeof fault === 'string') return bad(fault);
    ctx.faults.add(fault);
    return json(200, { pending: ctx.faults.pending() });
  },
  'GET /__admin/faults': (ctx) => json(200, { pending: ctx.faults.pending() }),
  'DELETE /__admin/faults': (ctx) => {
    ctx.faults.clear();
    return json(200, { pending: [] });
  },
  'POST /__admin/clock': (ctx, b) => {
    if (typeof b.advance_ms !== 'number' || b.advance_ms < 0) return bad('advance_ms must be a number >= 0');
    ctx.clock.advance(b.advance_ms);
    return json(200, { now: new Date(ctx.clock.now()).toISOString(), now_ms: ctx.clock.now() });
  },
  'GET /__admin/clock': (ctx) => json(200, { now: new Date(ctx.clock.now()).toISOString(), now_ms: ctx.clock.now() }),
  'GET /__admin/stats': (ctx) => json(200, ctx.stats.toJSON()),
  'DELETE /__admin/stats': (ctx) => {
    ctx.stats.clear();
    return json(200, ctx.stats.toJSON());
  },
  'GET /__admin/rate-limits': (ctx) => json(200, ctx.rateLimiter.config),
  'POST /__admin/rate-limits': (ctx, b) => {
    const patch: Partial<RateLimitConfig> = {};
    for (const [k, v] of Object.entries(b)) {
      if (!(k in DEFAULT_RATE_LIMITS) || typeof v !== 'number' || v < 0) return bad(`bad rate limit ${k}`);
      patch[k as keyof RateLimitConfig] = v;
    }
    ctx.rateLimiter.configure(patch);
    ctx.rateLimiter.clear();
    return json(200, ctx.rateLimiter.config);
  },
  'POST /__admin/auto-reply': (ctx, b) => {
    if (typeof b.enabled !== 'boolean') return bad('enabled must be a boolean');
    if (b.delay_ms !== undefined && (typeof b.delay_ms !== 'number' || b.delay_ms < 0)) return bad('delay_ms must be >= 0');
    ctx.autoReply.enabled = b.enabled;
    if (typeof b.delay_ms === 'number') ctx.autoReply.delayMs = b.delay_ms;
    return json(200, { enabled: ctx.autoReply.enabled, delay_ms: ctx.autoReply.delayMs });
  },
  'GET /__admin/activity': (ctx) => json(200, ctx.activity.toJSON()),
  'POST /__admin/activity': (ctx, b) => {
    if (typeof b.keep_alive_ms !== 'number' || b.keep_alive_ms < 10) return bad('keep_alive_ms must be a number >= 10');
    ctx.activity.keepAliveMs = b.keep_alive_ms;
    return json(200, ctx.activity.toJSON());
  },
  'POST /__admin/activity/disconnect': (ctx, b) => {
    const mode = b.mode ?? 'reset';
    if (mode !== 'reset' && mode !== 'error') return bad('mode must be reset or error');
    return json(200, { disconnected: ctx.activity.disconnectAll(mode) });
  },
  'DELETE /__admin/activity/subscriptions': (ctx) => {
    ctx.activity.subscriptions.clear();
    return json(200, ctx.activity.toJSON());
  },
  'GET /__admin/conversations': (ctx) =>
    json(
      200,
      [...ctx.store.conversations.values()].map((c) => ({
        id: c.id,
        kind: c.kind,
        participant_ids: [...c.participants],
        event_count: c.events.length,
      })),
    ),
};

export function handleAdmin(ctx: EmuContext, req: EmuRequest, remoteAddress: string | undefined): EmuResponse {
  if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(remoteAddress ?? '')) return bad('admin routes are loopback only', 403);
  const handler = routes[`${req.method} ${req.path}`];
  if (!handler) return bad(`no admin route ${req.method} ${req.path}; see test/emulator/README.md`, 404);
  const body = parse(req);
  if (!body) return bad('body must be a JSON object');
  return handler(ctx, body, req);
}
