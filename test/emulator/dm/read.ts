import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import { oneToOneConversationId } from '../ids';
import type { EmuEvent } from '../model';
import { invalidRequest, notFound } from '../problems';
import { fieldRequest, renderEvent, renderIncludes } from '../render';
import { paginate } from './paginate';

/** The four DM read operations: list (all / by conversation / by participant) and get-by-id. */

export const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

type Source = { kind: 'all' } | { kind: 'conversation'; id: string } | { kind: 'participant'; id: string };

function listEvents(ctx: EmuContext, req: EmuRequest, userId: string, source: Source): EmuResponse {
  const store = ctx.store;
  const now = ctx.clock.now();
  let ids: readonly string[] = [];
  if (source.kind === 'all') ids = store.order;
  else {
    const convId = source.kind === 'conversation' ? source.id : oneToOneConversationId(userId, source.id);
    const conv = store.conversations.get(convId);
    // A conversation you are not part of looks the same as one that does not exist: nothing to see.
    if (conv?.everMembers.has(userId)) ids = conv.events;
  }
  const types = new Set((req.query.get('event_types') ?? 'MessageCreate,ParticipantsJoin,ParticipantsLeave').split(','));
  const page = paginate({
    ids,
    store,
    accept: (ev: EmuEvent) => types.has(ev.eventType) && (source.kind !== 'all' || store.canSee(userId, ev)),
    // X documents the 30-day window for /2/dm_events; the conversation endpoints also return older events.
    notBefore: source.kind === 'all' ? now - THIRTY_DAYS_MS : 0,
    max: Number(req.query.get('max_results') ?? '100'),
    token: req.query.get('pagination_token') ?? undefined,
  });
  if (page === 'bad-token') {
    return invalidRequest([
      {
        message: `The \`pagination_token\` query parameter value [${req.query.get('pagination_token') ?? ''}] is not a valid token`,
        parameters: { pagination_token: [req.query.get('pagination_token') ?? ''] },
      },
    ]);
  }
  const fields = fieldRequest(req.query, req.generation);
  const body: Record<string, unknown> = {};
  if (page.events.length) {
    body.data = page.events.map((ev) => renderEvent(ev, fields));
    const { includes, errors } = renderIncludes(page.events, fields, store, userId, ctx.baseUrl);
    if (includes) body.includes = includes;
    if (errors.length) body.errors = errors;
  }
  const meta: Record<string, unknown> = { result_count: page.events.length };
  if (page.nextToken) meta.next_token = page.nextToken;
  if (page.previousToken) meta.previous_token = page.previousToken;
  body.meta = meta;
  ctx.stats.billReads(userId, page.events.map((e) => e.id), now);
  return json(200, body);
}

export function getDmEvents(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  return listEvents(ctx, req, userId, { kind: 'all' });
}

export function getConversationEvents(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  return listEvents(ctx, req, userId, { kind: 'conversation', id: req.params.id as string });
}

export function getParticipantEvents(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  return listEvents(ctx, req, userId, { kind: 'participant', id: req.params.participant_id as string });
}

export function getDmEventById(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const id = req.params.event_id as string;
  const ev = ctx.store.events.get(id.padStart(19, '0'));
  if (!ev || ev.deleted || !ctx.store.canSee(userId, ev)) return notFound(`Could not find dm_event with event_id: [${id}].`);
  const fields = fieldRequest(req.query, req.generation);
  const body: Record<string, unknown> = { data: renderEvent(ev, fields) };
  const { includes, errors } = renderIncludes([ev], fields, ctx.store, userId, ctx.baseUrl);
  if (includes) body.includes = includes;
  if (errors.length) body.errors = errors;
  ctx.stats.billReads(userId, [ev.id], ctx.clock.now());
  return json(200, body);
}
