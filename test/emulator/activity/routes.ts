import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import type { Caller } from '../auth/authenticate';
import { authenticate } from '../auth/authenticate';
import { forbidden, invalidRequest, notFound, unsupportedAuthentication } from '../problems';
import { validateActivityRequest } from './spec';

/**
 * `/2/activity/subscriptions` as X documents it: creating takes a user token (OAuth 2.0 with `dm.read` for `dm.*`
 * and `chat.*`, or OAuth 1.0a) and only for that user (private events need the user's consent), or the app's
 * bearer for public events; listing takes either; deleting takes the app's bearer only (the document's security).
 */

const APP_ONLY = 'Authenticating with OAuth 2.0 Application-Only is required for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].';
const PRIVATE_PREFIXES = ['dm.', 'chat.', 'like.', 'mute.', 'block.', 'broadcast.chat', 'post.mention', 'post.reply', 'post.quote', 'post.repost'];

export type ActivityHandler = (ctx: EmuContext, req: EmuRequest, caller: Caller) => EmuResponse;

function parseJson(req: EmuRequest): unknown {
  try {
    return req.body.length ? (JSON.parse(req.body.toString('utf8')) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export const createSubscription: ActivityHandler = (ctx, req, caller) => {
  const body = parseJson(req);
  const errors = validateActivityRequest('createActivitySubscription', req.query, {}, body);
  if (errors.length) return invalidRequest(errors);
  const b = body as { event_type: string; filter: { user_id?: string }; tag?: string };
  const userId = b.filter.user_id;
  if (userId === undefined || !/^[0-9]{1,19}$/.test(userId)) {
    return invalidRequest([{ message: 'filter.user_id is required for this event type', parameters: { 'filter.user_id': [userId ?? ''] } }]);
  }
  const isPrivate = PRIVATE_PREFIXES.some((p) => b.event_type.startsWith(p));
  if (isPrivate) {
    if (caller.kind === 'app') return unsupportedAuthentication('Private events require OAuth 2.0 User Context or OAuth 1.0a User Context.');
    if (caller.userId !== userId) return forbidden('Subscriptions for private events can only be created for the authenticated user.');
    if ((b.event_type.startsWith('dm.') || b.event_type.startsWith('chat.')) && caller.scopes !== 'all' && !caller.scopes.has('dm.read')) {
      return forbidden('Missing required OAuth 2.0 scope(s): dm.read. You are not permitted to perform this action.');
    }
  }
  if (!ctx.store.users.has(userId)) return invalidRequest([{ message: `User ${userId} does not exist`, parameters: { 'filter.user_id': [userId] } }]);
  const hub = ctx.activity;
  const duplicate = hub.matching(b.event_type, userId).find((s) => s.tag === b.tag);
  if (duplicate) {
    return json(409, { title: 'Conflict', type: 'about:blank', detail: 'A subscription with this event_type and filter already exists.', status: 409, code: 409, message: 'A subscription with this event_type and filter already exists.' });
  }
  const at = new Date(ctx.clock.now()).toISOString();
  const sub = { subscription_id: hub.newId(), event_type: b.event_type, filter: { user_id: userId }, ...(b.tag ? { tag: b.tag } : {}), created_at: at, updated_at: at };
  hub.subscriptions.set(sub.subscription_id, sub);
  return json(200, { data: { subscription: sub } });
};

export const listSubscriptions: ActivityHandler = (ctx, req) => {
  const errors = validateActivityRequest('getActivitySubscriptions', req.query, {}, undefined);
  if (errors.length) return invalidRequest(errors);
  const max = Number(req.query.get('max_results') ?? 1000);
  return json(200, { data: [...ctx.activity.subscriptions.values()].slice(0, max) });
};

export const deleteSubscription: ActivityHandler = (ctx, req, caller) => {
  if (caller.kind !== 'app') return unsupportedAuthentication(APP_ONLY);
  const id = req.params.subscription_id ?? '';
  const errors = validateActivityRequest('deleteActivitySubscription', req.query, { subscription_id: id }, undefined);
  if (errors.length) return invalidRequest(errors);
  if (!ctx.activity.subscriptions.delete(id)) return notFound(`Could not find subscription with id: [${id}].`);
  return json(200, { data: { deleted: true }, meta: { total_subscriptions: ctx.activity.subscriptions.size } });
};

export const deleteSubscriptionsByIds: ActivityHandler = (ctx, req, caller) => {
  if (caller.kind !== 'app') return unsupportedAuthentication(APP_ONLY);
  const errors = validateActivityRequest('deleteActivitySubscriptionsByIds', req.query, {}, undefined);
  if (errors.length) return invalidRequest(errors);
  const data: { subscription_id: string; deleted: boolean }[] = [];
  const failures: { subscription_id: string; reason: string; message: string }[] = [];
  for (const id of (req.query.get('ids') ?? '').split(',')) {
    if (ctx.activity.subscriptions.delete(id)) data.push({ subscription_id: id, deleted: true });
    else failures.push({ subscription_id: id, reason: 'not_found', message: `Could not find subscription with id: [${id}].` });
  }
  return json(200, { data, ...(failures.length ? { errors: failures } : {}), meta: { total_subscriptions: ctx.activity.subscriptions.size } });
};

/** Routes `/2/activity/subscriptions[/{id}]`; the stream itself is served by `stream.ts` (it needs the socket). */
export function matchActivity(method: string, path: string): { handler: ActivityHandler; params: Record<string, string> } | undefined {
  if (path === '/2/activity/subscriptions') {
    if (method === 'POST') return { handler: createSubscription, params: {} };
    if (method === 'GET') return { handler: listSubscriptions, params: {} };
    if (method === 'DELETE') return { handler: deleteSubscriptionsByIds, params: {} };
  }
  const one = /^\/2\/activity\/subscriptions\/([^/]+)$/.exec(path);
  if (one && method === 'DELETE') return { handler: deleteSubscription, params: { subscription_id: decodeURIComponent(one[1] ?? '') } };
  return undefined;
}

/** Answers an `/2/activity/subscriptions…` request, or undefined for any other path. */
export function dispatchActivity(ctx: EmuContext, req: EmuRequest): EmuResponse | undefined {
  const activity = matchActivity(req.method, req.path);
  if (!activity) return undefined;
  const caller = authenticate(req, ctx.tokens, [ctx.baseUrl, 'https://api.x.com'], Math.floor(Date.now() / 1000));
  if ('status' in caller) return caller;
  req.params = activity.params;
  return activity.handler(ctx, req, caller);
}
