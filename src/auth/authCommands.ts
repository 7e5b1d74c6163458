import * as vscode from 'vscode';
import type { Clock } from '../util/clock';
import type { AccessTokenSignInDeps } from './accessTokenSignIn';
import { signInWithAccessToken } from './accessTokenSignIn';
import { readAuthSettings, registeredCallbackUrl } from './authSettings';
import { explainSetup } from './errors/show';
import { BASE_SCOPES, PROVIDER_ID } from './constants';
import type { SessionStore } from './sessions/store';
import type { SignOutDeps } from './signOut';
import { signOut } from './signOut';
import type { XAuthProvider } from './xAuthProvider';
import { plainText } from '../util/plainText';

export interface AuthCommandDeps {
  store: SessionStore;
  clock: Clock;
  log: vscode.LogOutputChannel;
  signOutDeps: SignOutDeps;
  provider: Pick<XAuthProvider, 'prepare' | 'announce'>;
}

/**
 * What `xdm.signOut` reads from its argument: only which session (a string id). Anything else a caller passes,
 * such as an archive answer given in advance, is ignored, so the user is always asked before a sign-out.
 */
export function signOutTarget(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const id = (arg as { sessionId?: unknown }).sessionId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** The auth commands: X DMs: Sign In / Sign Out / Sign In with Access Token… / Copy Callback URL. */
export function registerAuthCommands(deps: AuthCommandDeps): vscode.Disposable[] {
  const accessTokenDeps: AccessTokenSignInDeps = {
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
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
    vscode.commands.registerCommand('xdm.signInWithAccessToken', async () => (await signInWithAccessToken(accessTokenDeps))?.id),
    vscode.commands.registerCommand('xdm.copyCallbackUrl', async () => {
      const url = registeredCallbackUrl();
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} — add it to your X app\'s callback URLs.', plainText(url)));
      return url;
    }),
  ];
}

/**
 * Goes through VS Code's authentication API (not the provider directly) so the user sees VS Code's own consent
 * and the Accounts menu stays in step. With an account already signed in, this adds another one. Resolves with the
 * session id, or undefined (cancel or failure, already shown to the user by the provider).
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
    deps.log.debug(`Sign-in ended without a session: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function signOutCommand(deps: AuthCommandDeps, sessionId: string | undefined): Promise<boolean> {
  await deps.store.ready();
  const sessions = deps.store.all();
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
  await deps.store.ready();
  const session =
    deps.store.all().length === 0
      ? await vscode.authentication.getSession(PROVIDER_ID, [...BASE_SCOPES], { createIfNone: true })
      : await vscode.authentication.getSession(PROVIDER_ID, [...BASE_SCOPES], {
          forceNewSession: { detail: vscode.l10n.t('Sign in to another X account, or to the same one again.') },
        });
  // VS Code grants this extension access only after createSession returned: tell listeners to look again.
  deps.provider.announce(session.id);
  return session.id;
}
