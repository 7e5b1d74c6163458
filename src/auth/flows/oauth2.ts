import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuthSettings } from '../settings';
import { readAuthSettings, signInOrigin, signInScopes } from '../settings';
import { CALLBACK_PATH, loopbackCallbackUrl, URI_CALLBACK_AUTHORITY } from '../constants';
import { AuthError } from '../errors/authError';
import { showAuthError } from '../errors/show';
import type { FlowContext, SignInFlow } from '../flows';
import { flowRow, loopbackReachable } from '../flows';
import type { OAuth2Session } from '../sessions/session';
import type { RedirectReceiver } from './authorizationCode';
import { runAuthorizationCodeFlow, stateMatches } from './authorizationCode';
import type { CallbackResult } from './loopback';
import { startLoopbackCallback } from './loopback';
import { bearerHeaders, fetchMe } from './usersMe';

/** OAuth 2.0 + PKCE with X redirecting to `http://127.0.0.1:<xdm.oauth.redirectPort>/callback` on this host. */
export const loopbackFlow: SignInFlow = {
  ...flowRow('loopback'),
  trigger: (context) =>
    signInWithBrowser(context, (settings, state) =>
      startLoopbackCallback({
        port: settings.redirectPort,
        state,
        texts: {
          title: vscode.l10n.t('X Direct Messages'),
          success: vscode.l10n.t('You are signed in to X in VS Code.'),
          failure: vscode.l10n.t('The sign-in did not complete. Go back to VS Code for details.'),
          closeTab: vscode.l10n.t('You can close this tab.'),
        },
      }),
    ),
};

/** OAuth 2.0 + PKCE with X redirecting through VS Code's URI handler, for browsers that cannot reach this host. */
export const uriHandlerFlow: SignInFlow = {
  ...flowRow('uriHandler'),
  trigger: (context) => signInWithBrowser(context, (_settings, state) => context.uriHandler.receiver(state)),
};

/**
 * Runs the PKCE flow under a cancellable progress notification, stores the session (keeping the id of an earlier
 * session of the same X user) and shows any failure once. Rejects so that `getSession` callers see it.
 */
async function signInWithBrowser(
  context: FlowContext,
  startRedirect: (settings: AuthSettings, state: string) => Promise<RedirectReceiver>,
): Promise<OAuth2Session> {
  const { store, clock, log } = context;
  const settings = readAuthSettings();
  const scopes = [...new Set([...signInScopes(), ...context.scopes])];
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
              tokens: context.tokens,
              fetchMe: (accessToken) => fetchMe(settings.apiBaseUrl, bearerHeaders(accessToken)),
              openBrowser: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
              startRedirect: (state) => startRedirect(settings, state),
              clock,
              log,
            },
          );
          const now = clock.now();
          const existing = store.all().find((s) => s.userId === result.me.id);
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
          await store.upsert(session);
          return session;
        } finally {
          listener.dispose();
        }
      },
    );
    log.info(`Signed in to X as @${session.username}.`);
    return session;
  } catch (error) {
    showAuthError(error, log, () => vscode.commands.executeCommand('xdm.signIn'));
    if (error instanceof AuthError && (error.kind === 'cancelled' || error.kind === 'abandoned')) throw new vscode.CancellationError();
    throw error;
  }
}

/** Whether the browser reaches this host's loopback callback: asks VS Code where the port is forwarded to. */
export async function probeLoopback(settings: AuthSettings, log: vscode.LogOutputChannel): Promise<boolean> {
  let externalLoopback: { hostname: string; port: number } | undefined;
  if (vscode.env.remoteName) {
    try {
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(loopbackCallbackUrl(settings.redirectPort)));
      const [hostname, port] = splitAuthority(external.authority, external.scheme);
      externalLoopback = { hostname, port };
    } catch (error) {
      log.debug(`asExternalUri failed, using the loopback redirect: ${String(error)}`);
    }
  }
  return loopbackReachable({
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    remoteName: vscode.env.remoteName,
    loopbackPort: settings.redirectPort,
    externalLoopback,
  });
}

function splitAuthority(authority: string, scheme: string): [string, number] {
  const match = /^(.*?)(?::(\d+))?$/.exec(authority.replace(/^.*@/, ''));
  const host = match?.[1] ?? authority;
  const port = match?.[2] ? Number(match[2]) : scheme === 'https' ? 443 : 80;
  return [host, port];
}

/**
 * `<scheme>://xdm.x-direct-messages/callback`, routed by VS Code to this extension. Only callbacks whose `state`
 * belongs to a sign-in in progress are accepted.
 */
export class UriCallbackHandler implements vscode.UriHandler {
  private readonly waiting = new Map<string, (result: CallbackResult) => void>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** VS Code calls this when the browser opens a `<scheme>://xdm.x-direct-messages/…` URI. */
  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) {
      this.log.debug(`Ignored a URI for ${uri.path}.`);
      return;
    }
    const query = new URLSearchParams(uri.query);
    const state = query.get('state');
    for (const [expected, resolve] of this.waiting) {
      if (!stateMatches(expected, state)) continue;
      const code = query.get('code');
      const error = query.get('error');
      if (code) resolve({ code });
      else resolve({ error: error ?? 'invalid_request', errorDescription: query.get('error_description') ?? undefined });
      return;
    }
    this.log.warn('Ignored a sign-in callback that does not belong to a sign-in in progress.');
  }

  /** The redirect URI as X must see it (`asExternalUri` maps it to an https URL in web windows). */
  async redirectUri(): Promise<string> {
    const uri = vscode.Uri.parse(`${vscode.env.uriScheme}://${URI_CALLBACK_AUTHORITY}${CALLBACK_PATH}`);
    if (vscode.env.uiKind === vscode.UIKind.Web) return (await vscode.env.asExternalUri(uri)).toString(true);
    return uri.toString(true);
  }

  async receiver(state: string): Promise<RedirectReceiver> {
    const redirectUri = await this.redirectUri();
    const close = () => this.waiting.delete(state);
    return {
      redirectUri,
      close,
      wait: (signal) =>
        new Promise<CallbackResult>((resolve, reject) => {
          const onAbort = () => {
            close();
            reject(signal.reason ?? new AuthError('cancelled', 'Sign-in cancelled.'));
          };
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          this.waiting.set(state, (result) => {
            signal.removeEventListener('abort', onAbort);
            close();
            resolve(result);
          });
        }),
    };
  }
}
