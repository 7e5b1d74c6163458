import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Clock } from '../util/clock';
import { bearerHeaders } from './bearerHeaders';
import type { AuthSettings } from './authSettings';
import { readAuthSettings, signInOrigin, signInScopes } from './authSettings';
import { loopbackCallbackUrl } from './constants';
import { AuthError } from './errors/authError';
import { startLoopbackCallback } from './loopbackServer';
import { chooseRedirect } from './redirectChoice';
import type { OAuth2Session, StoredSession } from './sessions/session';
import type { SessionStore } from './sessions/store';
import { explainSetup, showAuthError } from './errors/show';
import type { RedirectReceiver } from './signInFlow';
import { runAuthorizationCodeFlow } from './signInFlow';
import type { TokenClient } from './tokenClient';
import type { UriCallbackHandler } from './uriHandlerCallback';
import { fetchMe } from './usersMe';

export interface OAuthSignInDeps {
  store: SessionStore;
  tokens: TokenClient;
  uriHandler: UriCallbackHandler;
  clock: Clock;
  log: vscode.LogOutputChannel;
}

/**
 * The interactive OAuth 2.0 sign-in behind `createSession`: explains the setup when no client id is set, runs the
 * PKCE flow under a cancellable progress notification, stores the session (replacing an older one of the same X
 * user) and shows any failure once. Rejects so that `getSession` callers see the failure or the cancel.
 */
export async function interactiveOAuthSignIn(deps: OAuthSignInDeps, requested: readonly string[]): Promise<StoredSession> {
  const settings = readAuthSettings();
  if (!settings.clientId) {
    explainSetup(settings);
    throw new vscode.CancellationError();
  }
  const scopes = [...new Set([...signInScopes(), ...requested])];
  try {
    const apiOrigin = signInOrigin(settings, true);
    const session = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Signing in to X… Finish in your browser.'),
        cancellable: true,
      },
      async (_progress, token) => {
        const cancel = new AbortController();
        const listener = token.onCancellationRequested(() => cancel.abort());
        try {
          const result = await runAuthorizationCodeFlow(
            { clientId: settings.clientId, authorizeUrl: settings.authorizeUrl, apiOrigin, scopes, signal: cancel.signal },
            {
              tokens: deps.tokens,
              fetchMe: (accessToken) => fetchMe(settings.apiBaseUrl, bearerHeaders(accessToken)),
              openBrowser: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
              startRedirect: (state) => startRedirect(deps, settings, state),
              clock: deps.clock,
              log: deps.log,
            },
          );
          const now = deps.clock.now();
          const existing = deps.store.all().find((s) => s.userId === result.me.id);
          const session: OAuth2Session = {
            kind: 'oauth2',
            id: existing?.id ?? randomUUID(),
            userId: result.me.id,
            username: result.me.username,
            createdAt: now,
            apiOrigin,
            clientId: settings.clientId,
            scopes: result.tokens.scopes.length > 0 ? result.tokens.scopes : scopes,
            accessToken: result.tokens.accessToken,
            refreshToken: result.tokens.refreshToken,
            issuedAt: now,
            expiresAt: now + result.tokens.expiresIn * 1000,
          };
          await deps.store.upsert(session);
          return session;
        } finally {
          listener.dispose();
        }
      },
    );
    deps.log.info(`Signed in to X as @${session.username}.`);
    return session;
  } catch (error) {
    showAuthError(error, deps.log, () => vscode.commands.executeCommand('xdm.signIn'));
    if (error instanceof AuthError && (error.kind === 'cancelled' || error.kind === 'abandoned')) throw new vscode.CancellationError();
    throw error;
  }
}

/** Loopback by default; the URI handler when the browser cannot reach this host's 127.0.0.1 (see redirectChoice). */
async function startRedirect(deps: OAuthSignInDeps, settings: AuthSettings, state: string): Promise<RedirectReceiver> {
  let externalLoopback: { hostname: string; port: number } | undefined;
  if (vscode.env.remoteName) {
    try {
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(loopbackCallbackUrl(settings.redirectPort)));
      const [hostname, port] = splitAuthority(external.authority, external.scheme);
      externalLoopback = { hostname, port };
    } catch (error) {
      deps.log.debug(`asExternalUri failed, using the loopback redirect: ${String(error)}`);
    }
  }
  const mode = chooseRedirect({
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    loopbackPort: settings.redirectPort,
    externalLoopback,
  });
  deps.log.info(`Sign-in redirect: ${mode}.`);
  if (mode === 'uri') return deps.uriHandler.receiver(state);
  return startLoopbackCallback({
    port: settings.redirectPort,
    state,
    texts: {
      title: vscode.l10n.t('X Direct Messages'),
      success: vscode.l10n.t('You are signed in to X in VS Code.'),
      failure: vscode.l10n.t('The sign-in did not complete. Go back to VS Code for details.'),
      closeTab: vscode.l10n.t('You can close this tab.'),
    },
  });
}

function splitAuthority(authority: string, scheme: string): [string, number] {
  const match = /^(.*?)(?::(\d+))?$/.exec(authority.replace(/^.*@/, ''));
  const host = match?.[1] ?? authority;
  const port = match?.[2] ? Number(match[2]) : scheme === 'https' ? 443 : 80;
  return [host, port];
}
