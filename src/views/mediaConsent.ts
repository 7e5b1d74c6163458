import * as vscode from 'vscode';
import type { AccountRef } from '../accounts/accounts';
import { BASE_SCOPES, MEDIA_SCOPE, PROVIDER_ID } from '../auth/constants';
import { PanelRequestError } from './dispatcher';

/** Why X's media permission is asked for: sending an attachment, or showing an image of an encrypted chat. */
export type MediaPurpose = 'upload' | 'encryptedImages';

/** One consent at a time per account and purpose: the images of a thread ask together, the user answers once. */
const asking = new Map<string, Promise<void>>();

/**
 * Incremental consent: the first attachment (or encrypted image) asks VS Code for a session of the same account with
 * `media.write` added (replaced in place, same id); sessions without the scope keep working for text.
 */
export function ensureMediaPermission(account: AccountRef, purpose: MediaPurpose = 'upload'): Promise<void> {
  const key = `${account.userId}/${purpose}`;
  let pending = asking.get(key);
  if (!pending) {
    pending = askForMediaPermission(account, purpose).finally(() => asking.delete(key));
    asking.set(key, pending);
  }
  return pending;
}

async function askForMediaPermission(account: AccountRef, purpose: MediaPurpose): Promise<void> {
  const scopes = [...BASE_SCOPES, MEDIA_SCOPE];
  const who = { id: account.userId, label: account.label };
  const existing = await vscode.authentication.getSession(PROVIDER_ID, scopes, { silent: true, account: who });
  if (existing) return;
  let session: vscode.AuthenticationSession;
  try {
    session = await vscode.authentication.getSession(PROVIDER_ID, scopes, {
      createIfNone: {
        detail:
          purpose === 'upload'
            ? vscode.l10n.t('To send images, X asks you once to allow uploading media for {0}.', account.label)
            : vscode.l10n.t('To show images in encrypted chats, X asks you once to allow media access for {0}.', account.label),
      },
      account: who,
    });
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error instanceof Error && /cancel/i.test(error.message))) {
      throw new PanelRequestError(
        'cancelled',
        purpose === 'upload'
          ? vscode.l10n.t('Attaching was cancelled: X was not asked for permission to upload media.')
          : vscode.l10n.t('The image is not shown: X was not asked for permission to access media.'),
      );
    }
    throw new PanelRequestError(
      'failed',
      purpose === 'upload' ? vscode.l10n.t('X did not give permission to upload media. Try attaching again.') : vscode.l10n.t('X did not give permission to access media.'),
    );
  }
  if (session.account.id !== account.userId) {
    throw new PanelRequestError(
      'failed',
      vscode.l10n.t('You allowed media uploads for {0}, but this panel sends as {1}. Attach again and sign in to X as {1}.', session.account.label, account.label),
    );
  }
}
