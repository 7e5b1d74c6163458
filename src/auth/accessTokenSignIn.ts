import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Clock } from '../util/clock';
import { oauth1Strategy } from './flows/oauth1';
import { readAuthSettings, signInOrigin } from './authSettings';
import type { OAuth1Credentials } from './flows/oauth1';
import type { OAuth1Session } from './sessions/session';
import type { SessionStore } from './sessions/store';
import { showAuthError } from './errors/show';
import { fetchMe } from './usersMe';

export interface AccessTokenSignInDeps {
  store: SessionStore;
  clock: Clock;
  log: vscode.LogOutputChannel;
  /** Hands the verified session to VS Code's sign-in (consent + createSession); false when the user declined. */
  adopt(session: OAuth1Session): Promise<boolean>;
}

type Field = keyof Required<OAuth1Credentials>;

const FIELDS: Array<{ key: Field; prompt: () => string }> = [
  { key: 'consumerKey', prompt: () => vscode.l10n.t('API Key (consumer key) of your X app') },
  { key: 'consumerSecret', prompt: () => vscode.l10n.t('API Key Secret (consumer secret) of your X app') },
  { key: 'token', prompt: () => vscode.l10n.t('Access Token of your X account') },
  { key: 'tokenSecret', prompt: () => vscode.l10n.t('Access Token Secret of your X account') },
];

/**
 * `X DMs: Sign In with Access Token…`: OAuth 1.0a user context for people who have keys from the developer portal
 * and cannot register a callback. Four password inputs, checked with `/2/users/me`, then VS Code's consent before
 * the session is stored. Takes no arguments: credentials handed over by a caller would sign the user in to an
 * account they never chose.
 */
export async function signInWithAccessToken(deps: AccessTokenSignInDeps): Promise<OAuth1Session | undefined> {
  const credentials: Partial<Record<Field, string>> = {};
  for (const [index, field] of FIELDS.entries()) {
    const value = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Sign In to X with an Access Token ({0}/{1})', index + 1, FIELDS.length),
        prompt: field.prompt(),
        password: true,
        ignoreFocusOut: true,
        validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('This value is required.')),
      })
    )?.trim();
    if (!value) return undefined;
    credentials[field.key] = value;
  }
  try {
    const session = await verifiedSession(deps, credentials as Required<OAuth1Credentials>);
    if (!(await deps.adopt(session).catch(() => false))) return undefined;
    deps.log.info(`Signed in to X as @${session.username} with an access token (OAuth 1.0a).`);
    return session;
  } catch (error) {
    showAuthError(error, deps.log, () => vscode.commands.executeCommand('xdm.signInWithAccessToken'));
    return undefined;
  }
}

/**
 * Checks the keys with `/2/users/me` at the configured API (which must be https, or http on this computer) and
 * builds the session bound to that origin. Rejects with an AuthError.
 */
export async function verifiedSession(
  deps: Pick<AccessTokenSignInDeps, 'store' | 'clock'>,
  keys: Required<OAuth1Credentials>,
): Promise<OAuth1Session> {
  const settings = readAuthSettings();
  const apiOrigin = signInOrigin(settings, false);
  const me = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the access token with X…') },
    () => fetchMe(settings.apiBaseUrl, oauth1Strategy(keys)),
  );
  const existing = deps.store.all().find((session) => session.userId === me.id);
  return {
    kind: 'oauth1',
    id: existing?.id ?? randomUUID(),
    userId: me.id,
    username: me.username,
    createdAt: deps.clock.now(),
    apiOrigin,
    ...keys,
  };
}
