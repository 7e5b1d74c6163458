import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { readAuthSettings, signInOrigin } from '../settings';
import { showAuthError } from '../errors/show';
import type { FlowContext, SignInFlow } from '../flows';
import { flowRow } from '../flows';
import type { OAuth1Session } from '../sessions/session';
import type { OAuth1Credentials } from './oauth1';
import { oauth1Strategy } from './oauth1';
import { fetchMe } from './usersMe';

/** OAuth 1.0a user context with keys from the developer portal, for people who cannot register a callback. */
export const accessTokenFlow: SignInFlow = {
  ...flowRow('accessToken'),
  trigger: (context) => signInWithAccessToken(context),
};

export type AccessTokenSignInDeps = Pick<FlowContext, 'store' | 'clock' | 'log' | 'adopt'>;

type Field = keyof Required<OAuth1Credentials>;

const FIELDS: Array<{ key: Field; prompt: () => string }> = [
  { key: 'consumerKey', prompt: () => vscode.l10n.t('API Key (consumer key) of your X app') },
  { key: 'consumerSecret', prompt: () => vscode.l10n.t('API Key Secret (consumer secret) of your X app') },
  { key: 'token', prompt: () => vscode.l10n.t('Access Token of your X account') },
  { key: 'tokenSecret', prompt: () => vscode.l10n.t('Access Token Secret of your X account') },
];

/**
 * Four password inputs, checked with `/2/users/me`, then VS Code's consent. Takes no arguments: credentials from a
 * caller would sign the user in to an account they never chose.
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

/** Checks the keys with `/2/users/me` at the configured API and builds the session bound to its origin (ADR 007). */
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
