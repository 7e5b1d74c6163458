import * as vscode from 'vscode';
import type { AccountRef } from '../accounts/accounts';
import { BASE_SCOPES, MEDIA_SCOPE, PROVIDER_ID } from '../auth/constants';
import { PanelRequestError } from './dispatcher';

/**
 * Incremental consent: sign-in asks for the DM scopes only, and the first attachment asks VS Code for a session of
 * the same account with `media.write` added. The provider then runs the sign-in again with the wider scope set and
 * replaces the stored session in place (same id), so the account's client picks up the new token. Sessions
 * without the scope keep working for text. OAuth 1.0a sessions report the scope already (their app decides).
 */
export async function ensureMediaPermission(account: AccountRef): Promise<void> {
  const scopes = [...BASE_SCOPES, MEDIA_SCOPE];
  const who = { id: account.userId, label: account.label };
  const existing = await vscode.authentication.getSession(PROVIDER_ID, scopes, { silent: true, account: who });
  if (existing) return;
  let session: vscode.AuthenticationSession;
  try {
    session = await vscode.authentication.getSession(PROVIDER_ID, scopes, {
      createIfNone: {
        detail: vscode.l10n.t('To send images, X asks you once to allow uploading media for {0}.', account.label),
      },
      account: who,
    });
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error instanceof Error && /cancel/i.test(error.message))) {
      throw new PanelRequestError('cancelled', vscode.l10n.t('Attaching was cancelled: X was not asked for permission to upload media.'));
    }
    throw new PanelRequestError('failed', vscode.l10n.t('X did not give permission to upload media. Try attaching again.'));
  }
  if (session.account.id !== account.userId) {
    throw new PanelRequestError(
      'failed',
      vscode.l10n.t('You allowed media uploads for {0}, but this panel sends as {1}. Attach again and sign in to X as {1}.', session.account.label, account.label),
    );
  }
}
