import type { EmuContext } from './context';
import type { EmuRequest, EmuResponse } from './http';
import { json } from './http';
import type { EmuUser } from './model';
import { invalidRequest, resourceNotFound } from './problems';
import { renderUser } from './render';

/** Users lookup: me, by ids, by usernames, by username; DM block/unblock. Misses are partial errors in a 200. */

function fields(req: EmuRequest): Set<string> {
  return new Set((req.query.get('user.fields') ?? '').split(',').filter((s) => s.length > 0));
}

function many(ctx: EmuContext, req: EmuRequest, viewerId: string, param: string, find: (v: string) => EmuUser | undefined): EmuResponse {
  const values = (req.query.get(param) ?? '').split(',');
  const data: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const v of values) {
    const u = find(v);
    if (u) data.push(renderUser(u, fields(req), viewerId, ctx.baseUrl, req.generation));
    else errors.push(resourceNotFound(param === 'ids' ? 'ids' : 'usernames', v, 'user'));
  }
  const body: Record<string, unknown> = {};
  if (data.length) body.data = data;
  if (errors.length) body.errors = errors;
  return json(200, body);
}

export function getMe(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const me = ctx.store.users.get(userId);
  if (!me) return json(200, { errors: [resourceNotFound('id', userId, 'user')] });
  return json(200, { data: renderUser(me, fields(req), userId, ctx.baseUrl, req.generation) });
}

export function getUsersByIds(ctx: EmuContext, req: EmuRequest, viewerId: string): EmuResponse {
  return many(ctx, req, viewerId, 'ids', (id) => ctx.store.users.get(id));
}

export function getUsersByUsernames(ctx: EmuContext, req: EmuRequest, viewerId: string): EmuResponse {
  return many(ctx, req, viewerId, 'usernames', (name) => ctx.store.userByName(name));
}

export function getUserByUsername(ctx: EmuContext, req: EmuRequest, viewerId: string): EmuResponse {
  const name = req.params.username as string;
  const u = ctx.store.userByName(name);
  if (!u) return json(200, { errors: [resourceNotFound('username', name, 'user')] });
  return json(200, { data: renderUser(u, fields(req), viewerId, ctx.baseUrl, req.generation) });
}

/** DM block / unblock: from then on 1:1 messages between you and that user are refused both ways (dm/write.ts). */
export function setDmBlock(blocked: boolean) {
  return (ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse => {
    const targetId = req.params.id as string;
    const u = ctx.store.users.get(targetId);
    if (!u) return json(200, { errors: [resourceNotFound('id', targetId, 'user')] });
    if (targetId === userId) {
      return invalidRequest([{ message: 'You cannot block Direct Messages from yourself', parameters: { id: [targetId] } }]);
    }
    ctx.store.setDmBlock(userId, targetId, blocked);
    return json(200, { data: { blocked } });
  };
}
