import ky from 'ky';
import * as v from 'valibot';
import type { AuthStrategy } from '../api/authStrategy';
import { AuthError } from './errors/authError';

/** The account behind a token: the session's label is `@username`, the archive is keyed by `id`. */
export interface Me {
  id: string;
  username: string;
  name: string;
}

const MeSchema = v.object({
  data: v.object({
    id: v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/)),
    username: v.pipe(v.string(), v.minLength(1)),
    name: v.string(),
  }),
});

/** What X says when it refuses (Problem, legacy `{errors:[{message}]}`, or OAuth error), as plain text for translate. */
function problemText(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const parts = [record.title, record.detail, record.reason, record.type, record.error, record.error_description];
  if (Array.isArray(record.errors)) {
    for (const entry of record.errors) if (entry && typeof entry === 'object') parts.push((entry as Record<string, unknown>).message);
  }
  const text = parts.filter((part): part is string => typeof part === 'string').join(' — ');
  return text || undefined;
}

/**
 * `GET /2/users/me` with a just-issued token, before any session exists (the API client is built per session, so
 * sign-in verifies the token with this small call). Errors become AuthErrors for the sign-in's messages.
 */
export async function fetchMe(apiBaseUrl: string, auth: AuthStrategy, fetchImpl?: typeof fetch): Promise<Me> {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/2/users/me`;
  let response: Response;
  try {
    const headers = await auth.authorize({ method: 'GET', url });
    response = await ky.get(url, { headers, retry: 0, throwHttpErrors: false, timeout: 30_000, fetch: fetchImpl });
  } catch (error) {
    throw new AuthError('network', 'Could not reach X.', { cause: error });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.status === 401) {
    throw new AuthError('unauthorized', 'X did not accept the credentials.', { status: 401, description: problemText(body) });
  }
  if (response.status === 403) {
    throw new AuthError('forbidden', 'X refused access to the account.', { status: 403, description: problemText(body) });
  }
  if (response.status >= 500 || response.status === 429) {
    throw new AuthError('server', `X answered ${response.status}.`, { status: response.status });
  }
  const parsed = v.safeParse(MeSchema, body);
  if (response.status !== 200 || !parsed.success) {
    throw new AuthError('invalidResponse', `X answered ${response.status} with an unexpected document.`, { status: response.status });
  }
  return parsed.output.data;
}
