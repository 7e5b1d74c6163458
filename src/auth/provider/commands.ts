import * as vscode from 'vscode';
import { plainText } from '../../util/plainText';
import { BASE_SCOPES, PROVIDER_ID } from '../constants';
import { issuingOrigin } from '../endpointPolicy';
import { isAuthError } from '../errors/authError';
import { explainSetup, showAuthError } from '../errors/show';
import type { FlowContext } from '../flows';
import type { TokenClient } from '../flows/tokenClient';
import type { StoredSession } from '../sessions/session';
import type { SessionStore } from '../sessions/store';
import { readAuthSettings, registeredCallbackUrl } from '../settings';
import { signInWithKeys } from './signIn';
import type { XAuthProvider } from './xAuthProvider';

export interface AuthCommandDeps {
  /** What every sign-in flow gets; the commands add the scopes and VS Code's consent. */
  flows: Omit<FlowContext, 'scopes' | 'adopt'>;
  signOutDeps: SignOutDeps;
  provider: Pick<XAuthProvider, 'prepare' | 'announce'>;
}

/**
 * What `xdm.signOut` reads from its argument: only which session (a string id). Anything else, such as an archive
 * answer given in advance, is ignored, so the user is always asked before a sign-out.
 */
export function signOutTarget(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const id = (arg as { sessionId?: unknown }).sessionId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** The auth commands: X DMs: Sign In / Sign Out / Sign In with Access Token… / Copy Callback URL. */
export function registerAuthCommands(deps: AuthCommandDeps): vscode.Disposable[] {
  const keysContext: FlowContext = {
    ...deps.flows,
    scopes: [...BASE_SCOPES],
    adopt: async (session) => {
      deps.provider.prepare(session);
      try {
        return (await requestSession(deps)) === session.id;
      } finally {
        deps.provider.prepare(undefined);
      }
    },
  };
  return [
    vscode.commands.registerCommand('xdm.signIn', () => signInCommand(deps)),
    vscode.commands.registerCommand('xdm.signOut', (arg?: unknown) => signOutCommand(deps, signOutTarget(arg))),
    // Arguments are ignored on purpose: credentials come from the user's own input, never from a caller.
    vscode.commands.registerCommand('xdm.signInWithAccessToken', async () => (await signInWithKeys(keysContext))?.id),
    vscode.commands.registerCommand('xdm.copyCallbackUrl', async () => {
      const url = registeredCallbackUrl();
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} — add it to your X app\'s callback URLs.', plainText(url)));
      return url;
    }),
  ];
}

/**
 * Through VS Code's authentication API, not the provider, so the user sees VS Code's consent and the Accounts menu
 * stays in step; adds another account when one is signed in. Undefined on cancel or failure (already shown).
 */
async function signInCommand(deps: AuthCommandDeps): Promise<string | undefined> {
  const settings = readAuthSettings();
  if (!settings.clientId) {
    // Before VS Code's "wants to sign in" dialog: there is nothing to consent to until the app exists.
    explainSetup(settings);
    return undefined;
  }
  try {
    return await requestSession(deps);
  } catch (error) {
    deps.flows.log.debug(`Sign-in ended without a session: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function signOutCommand(deps: AuthCommandDeps, sessionId: string | undefined): Promise<boolean> {
  await deps.flows.store.ready();
  const sessions = deps.flows.store.all();
  let target = sessionId ? sessions.find((session) => session.id === sessionId) : undefined;
  if (!target && !sessionId && sessions.length === 1) target = sessions[0];
  if (!target && !sessionId && sessions.length > 1) {
    const picked = await vscode.window.showQuickPick(
      sessions.map((session) => ({ label: plainText(`@${session.username}`), session })),
      { title: vscode.l10n.t('Sign out of which X account?') },
    );
    target = picked?.session;
  }
  if (!target) {
    if (sessions.length === 0) void vscode.window.showInformationMessage(vscode.l10n.t('You are not signed in to X.'));
    return false;
  }
  return signOut(deps.signOutDeps, target);
}

/** VS Code's consent, then the provider's createSession; rejects on cancel. Resolves with the session id. */
async function requestSession(deps: AuthCommandDeps): Promise<string | undefined> {
  await deps.flows.store.ready();
  const session =
    deps.flows.store.all().length === 0
      ? await vscode.authentication.getSession(PROVIDER_ID, [...BASE_SCOPES], { createIfNone: true })
      : await vscode.authentication.getSession(PROVIDER_ID, [...BASE_SCOPES], {
          forceNewSession: { detail: vscode.l10n.t('Sign in to another X account, or to the same one again.') },
        });
  // VS Code grants this extension access only after createSession returned: tell listeners to look again.
  deps.provider.announce(session.id);
  return session.id;
}

export interface SignOutDeps {
  store: SessionStore;
  tokens: TokenClient;
  log: vscode.LogOutputChannel;
  onSignedOut?: (userId: string, options: { keepArchive: boolean }) => Promise<void>;
}

/** An answer given in advance: only the in-host test hooks pass one (no command does). */
export interface SignOutChoice {
  keepArchive: boolean;
}

/**
 * Asks whether to keep the local archive (Cancel keeps everything), removes the session, revokes its tokens at X
 * (best effort: the local sign-out stands), then lets the composition root drop the archive unless it is kept.
 */
export async function signOut(deps: SignOutDeps, session: StoredSession, preset?: SignOutChoice): Promise<boolean> {
  const choice = preset ?? (await askAboutArchive(session));
  if (!choice) return false;
  try {
    await deps.store.remove(session.id);
  } catch (error) {
    // This window cannot see the current sessions (reload first) or they belong to a newer build: change nothing.
    if (!isAuthError(error, 'signedInElsewhere') && !isAuthError(error, 'newerData')) throw error;
    showAuthError(error, deps.log);
    return false;
  }
  deps.log.info(`Signed out @${session.username} (archive ${choice.keepArchive ? 'kept' : 'deleted'}).`);
  if (session.kind === 'oauth2') {
    const origin = issuingOrigin(session);
    const results = await Promise.all([
      session.refreshToken
        ? deps.tokens.revoke({ token: session.refreshToken, clientId: session.clientId, tokenTypeHint: 'refresh_token', origin })
        : Promise.resolve(true),
      deps.tokens.revoke({ token: session.accessToken, clientId: session.clientId, tokenTypeHint: 'access_token', origin }),
    ]);
    if (results.includes(false)) deps.log.warn('X did not confirm the token revocation; the tokens expire on their own.');
  }
  try {
    await deps.onSignedOut?.(session.userId, choice);
  } catch (error) {
    deps.log.error(`Cleaning up after sign-out failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return true;
}

async function askAboutArchive(session: StoredSession): Promise<SignOutChoice | undefined> {
  const keep = vscode.l10n.t('Sign Out, Keep Messages');
  const remove = vscode.l10n.t('Sign Out, Delete Messages');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('Sign out @{0} from X?', plainText(session.username)),
    {
      modal: true,
      detail: vscode.l10n.t(
        'VS Code keeps a local archive of this account\'s Direct Messages (X only returns the last 30 days). Keep it for the next sign-in, or delete it from this computer?',
      ),
    },
    keep,
    remove,
  );
  if (picked === keep) return { keepArchive: true };
  if (picked === remove) return { keepArchive: false };
  return undefined;
}
