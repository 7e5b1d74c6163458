import { ENDPOINTS } from '../endpointKeys';
import { NotFoundError, SchemaDriftError } from '../errors';
import { userQuery } from '../fields';
import type { HttpCore } from '../http';
import type { XUser } from '../schemas/user';
import { parseResponse } from '../schemas/common';
import { SingleUserSchema, UserListSchema } from '../schemas/users';
import { checkId, checkUsername } from '../validateInput';

/** `/2/users/me` and user lookups; lookups are de-duplicated and batched at X's limit of 100 per request. */
export const USERS_PER_REQUEST = 100;

export async function getMe(http: HttpCore): Promise<XUser> {
  const endpoint = ENDPOINTS.usersMe;
  const response = await http.send({ method: 'GET', endpoint, path: '2/users/me', query: userQuery(), expect: 'json' });
  const body = parseResponse(SingleUserSchema, response.json, endpoint);
  if (body.user) return body.user;
  const problem = body.partialErrors[0];
  if (problem) throw new NotFoundError('Not found', { endpoint, status: 200, detail: problem.detail ?? problem.title });
  throw new SchemaDriftError('data', 'missing', { endpoint, status: 200 });
}

export async function getUsersByIds(http: HttpCore, ids: string[]): Promise<XUser[]> {
  const unique = [...new Set(ids.map((id) => checkId('ids', id)))];
  return lookup(http, unique, (batch) => ({ endpoint: ENDPOINTS.usersByIds, path: '2/users', key: 'ids', batch }));
}

export async function getUsersByUsernames(http: HttpCore, usernames: string[]): Promise<XUser[]> {
  const unique = [...new Set(usernames.map((name) => checkUsername(name.replace(/^@/, ''))))];
  return lookup(http, unique, (batch) => ({ endpoint: ENDPOINTS.usersByUsernames, path: '2/users/by', key: 'usernames', batch }));
}

async function lookup(
  http: HttpCore,
  values: string[],
  describe: (batch: string[]) => { endpoint: string; path: string; key: string; batch: string[] },
): Promise<XUser[]> {
  const users: XUser[] = [];
  for (let start = 0; start < values.length; start += USERS_PER_REQUEST) {
    const { endpoint, path, key, batch } = describe(values.slice(start, start + USERS_PER_REQUEST));
    const response = await http.send({ method: 'GET', endpoint, path, query: { [key]: batch, ...userQuery() }, expect: 'json' });
    users.push(...parseResponse(UserListSchema, response.json, endpoint).users);
  }
  return users;
}
