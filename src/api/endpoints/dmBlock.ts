import { ENDPOINTS } from '../endpointKeys';
import { InvalidRequestError } from '../errors';
import type { HttpCore } from '../http';
import { parseResponse } from '../schemas/common';
import { DmBlockResultSchema } from '../schemas/dmBlock';
import { checkId } from '../validateInput';

/**
 * DM block / unblock (scopes `dm.write tweet.read users.read`, or OAuth 1.0a). Resolves with whether X now
 * blocks DMs between the signed-in user and `userId`; a 200 whose `errors` say X did not do it is a refusal.
 */
export function blockDms(http: HttpCore, userId: string): Promise<boolean> {
  return setBlocked(http, userId, true);
}

export function unblockDms(http: HttpCore, userId: string): Promise<boolean> {
  return setBlocked(http, userId, false);
}

async function setBlocked(http: HttpCore, userId: string, block: boolean): Promise<boolean> {
  const id = checkId('userId', userId);
  const endpoint = block ? ENDPOINTS.dmBlock : ENDPOINTS.dmUnblock;
  const response = await http.send({ method: 'POST', endpoint, path: `2/users/${id}/dm/${block ? 'block' : 'unblock'}`, expect: 'json' });
  const body = parseResponse(DmBlockResultSchema, response.json, endpoint);
  const blocked = body.data?.blocked;
  if (blocked === undefined) {
    const problem = body.errors?.[0];
    throw new InvalidRequestError('id', { endpoint, status: response.status, detail: problem?.detail ?? problem?.title ?? 'X did not answer whether the user is blocked' });
  }
  return blocked;
}
