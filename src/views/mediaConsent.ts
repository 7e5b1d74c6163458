import * as vscode from 'vscode';
import type { AccountRef } from '../accounts/accounts';
import { BASE_SCOPES, MEDIA_SCOPE, PROVIDER_ID } from '../auth/constants';
import { PanelRequestError } from './dispatcher';

/**
 * Incremental consent: the first attachment asks VS Code for a session of the same account with `media.write`
 * added (replaced in place, same id); sessions without the scope keep working for text.
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
