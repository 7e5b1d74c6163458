import type { AuthStrategy } from '../api/authStrategy';

/** A fixed bearer token (used once, to ask X who a just-issued token belongs to). */
export function bearerHeaders(accessToken: string): AuthStrategy {
  return {
    authorize: async () => ({ Authorization: `Bearer ${accessToken}` }),
    refreshAfterUnauthorized: async () => false,
  };
}
