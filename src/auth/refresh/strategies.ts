import type { AuthStrategy } from '../../api/authStrategy';
import { assertCredentialDestination, issuingOrigin } from '../endpointPolicy';
import { AuthError, isAuthError } from '../errors/authError';
import { oauth1Strategy } from '../flows/oauth1';
import type { RefreshCoordinator } from './coordinator';
import type { StoredSession } from '../sessions/session';

/** OAuth 2.0 user token: `Bearer`, refreshed through the shared single-flight coordinator. */
export function bearerStrategy(
  sessionId: string,
  coordinator: Pick<RefreshCoordinator, 'accessToken' | 'refreshAfterUnauthorized'>,
): AuthStrategy {
  // The token last handed out, so a late 401 from a request that left before a refresh does not refresh again.
  let lastToken: string | undefined;
  return {
    async authorize() {
      lastToken = await coordinator.accessToken(sessionId);
      return { Authorization: `Bearer ${lastToken}` };
    },
    refreshAfterUnauthorized: () => coordinator.refreshAfterUnauthorized(sessionId, lastToken),
  };
}

/**
 * The strategy for one session id, resolved per request so another window's refresh or sign-out is picked up. A
 * request to another origin than the issuer's is refused before a token is read; `onRefused` tells the user.
 */
export function sessionStrategy(
  sessionId: string,
  lookup: (id: string) => Promise<StoredSession | undefined>,
  coordinator: Pick<RefreshCoordinator, 'accessToken' | 'refreshAfterUnauthorized'>,
  onRefused?: (session: StoredSession, error: AuthError) => void,
): AuthStrategy {
  const bearer = bearerStrategy(sessionId, coordinator);
  return {
    async authorize(request) {
      const session = await lookup(sessionId);
      if (!session) throw new AuthError('sessionGone', 'This X session no longer exists.');
      try {
        assertCredentialDestination(request.url, issuingOrigin(session));
      } catch (error) {
        if (isAuthError(error)) onRefused?.(session, error);
        throw error;
      }
      return session.kind === 'oauth2' ? bearer.authorize(request) : oauth1Strategy(session).authorize(request);
    },
    async refreshAfterUnauthorized() {
      const session = await lookup(sessionId);
      return session?.kind === 'oauth2' ? bearer.refreshAfterUnauthorized() : false;
    },
  };
}
