import type { AuthStrategy } from '../../api/authStrategy';
import { isXApiError } from '../../api/errors';
import { loadRuntimeModule } from '../../runtime/loadRuntime';
import { AuthError } from '../errors/authError';

/** The account behind a token: the session's label is `@username`, the archive is keyed by `id`. */
export interface Me {
  id: string;
  username: string;
  name: string;
}

/**
 * `GET /2/users/me` with just-issued credentials, through the extension's own API client (validated, rate limits
 * recorded). Its errors become AuthErrors so the sign-in can say what to fix.
 */
export async function fetchMe(apiBaseUrl: string, auth: AuthStrategy, fetchImpl?: typeof fetch): Promise<Me> {
  try {
    const { createXClient } = loadRuntimeModule();
    const user = await createXClient({ baseUrl: apiBaseUrl, auth, fetch: fetchImpl, timeoutMs: 30_000 }).getMe();
    return { id: user.id, username: user.username, name: user.name };
  } catch (error) {
    throw toAuthError(error);
  }
}

export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (!isXApiError(error)) return new AuthError('network', 'Could not reach X.', { cause: error });
  const details = { status: error.status, cause: error };
  switch (error.kind) {
    case 'unauthorized':
      return new AuthError('unauthorized', 'X did not accept the credentials.', { ...details, description: error.detail });
    case 'forbidden':
      return new AuthError('forbidden', 'X refused access to the account.', {
        ...details,
        description: [error.forbiddenReason, error.detail].filter(Boolean).join(' — '),
      });
    case 'server':
    case 'rateLimited':
      return new AuthError('server', `X answered ${error.status ?? 'with an error'}.`, details);
    case 'network':
    case 'timeout':
      return new AuthError('network', 'Could not reach X.', details);
    case 'cancelled':
      return new AuthError('cancelled', 'Cancelled.', details);
    default:
      return new AuthError('invalidResponse', `X answered unexpectedly (${error.kind}).`, details);
  }
}

/** A fixed bearer token (used once, to ask X who a just-issued token belongs to). */
export function bearerHeaders(accessToken: string): AuthStrategy {
  return {
    authorize: async () => ({ Authorization: `Bearer ${accessToken}` }),
    refreshAfterUnauthorized: async () => false,
  };
}
