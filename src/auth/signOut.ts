import * as vscode from 'vscode';
import { isAuthError } from './errors/authError';
import { showAuthError } from './errors/show';
import { issuingOrigin } from './endpointPolicy';
import type { StoredSession } from './sessions/session';
import type { SessionStore } from './sessions/store';
import type { TokenClient } from './tokenClient';
import { plainText } from '../util/plainText';

export interface SignOutDeps {
  store: SessionStore;
  tokens: TokenClient;
  log: vscode.LogOutputChannel;
  onSignedOut?: (userId: string, options: { keepArchive: boolean }) => Promise<void>;
}

/** An answer given in advance: only the in-host test hooks pass one (no command does; see authTestHooks.ts). */
export interface SignOutChoice {
  keepArchive: boolean;
}

/**
 * Signs one account out: asks whether to keep the local archive (Cancel keeps everything as it is), removes the
 * session, revokes its tokens at X (best effort: a failure is logged, the local sign-out stands), then lets the
 * composition root drop the archive unless it is kept.
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
