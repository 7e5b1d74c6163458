import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { isXApiError } from '../api/errors';
import type { NotificationMessage } from '../protocol/conversations/protocol';
import type { RequestMap } from '../protocol/messages';
import { ACCEPTED_MEDIA_EXTENSIONS, MEDIA_LIMITS, categoryOf, formatBytes, sniffMediaType } from '../protocol/mediaLimits';
import type { MediaCheck } from '../protocol/mediaLimits';
import type { RequestHandlers } from './dispatcher';
import { PanelRequestError } from './dispatcher';
import { ensureMediaPermission } from './mediaConsent';
import { checkFile } from './pendingAttachments';
import type { PendingAttachments } from './pendingAttachments';

type MediaMethods = 'attachMedia' | 'pickMedia' | 'uploadMedia' | 'removeMedia';

/**
 * The host side of attachments: bytes from paste/drop or VS Code's file dialog are checked against X's limits, then
 * uploaded with progress. The webview never reads the disk or names bytes beyond an id the host minted.
 */
export function createMediaHandlers(
  accounts: Accounts,
  attachments: PendingAttachments,
  notify: (message: NotificationMessage) => void,
): Pick<RequestHandlers, MediaMethods> {
  const t = vscode.l10n.t;
  const current = () => {
    const account = accounts.current;
    if (!account) throw new PanelRequestError('signedOut', t('Sign in to X first.'));
    return account;
  };
  const keep = async (name: string, bytes: Uint8Array): Promise<RequestMap['attachMedia']['result']> => {
    const check = checkFile(bytes.byteLength, sniffMediaType(bytes));
    // Refused before any permission is asked for or anything is uploaded.
    if (!check.ok) throw new PanelRequestError('refused', refusalMessage(check));
    await ensureMediaPermission(current().account);
    return attachments.add(current().account.userId, name, bytes);
  };

  return {
    attachMedia: async ({ name, data }) => keep(name, Buffer.from(data, 'base64')),
    pickMedia: async () => {
      current();
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: t('Attach'),
        title: t('Attach an image, GIF or video'),
        filters: { [t('Images, GIFs and videos')]: [...ACCEPTED_MEDIA_EXTENSIONS] },
      });
      const uri = picked?.[0];
      if (!uri) return null;
      const size = (await vscode.workspace.fs.stat(uri)).size;
      const byName = categoryOf(typeForExtension(uri.path));
      // Never read a file bigger than X could ever take into memory.
      const cap = byName ?? 'dm_video';
      if (size > MEDIA_LIMITS[cap].maxBytes) {
        throw new PanelRequestError('refused', refusalMessage({ ok: false, problem: 'size', category: cap, maxBytes: MEDIA_LIMITS[cap].maxBytes, size }));
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      const vm = await keep(uri.path, bytes);
      return vm.category === 'dm_video' ? vm : { ...vm, preview: `data:${vm.mimeType};base64,${Buffer.from(bytes).toString('base64')}` };
    },
    uploadMedia: async ({ attachmentId }) => {
      const account = current();
      if (!attachments.has(attachmentId, account.account.userId)) {
        throw new PanelRequestError('notFound', t('This attachment is no longer available. Attach the file again.'));
      }
      try {
        await attachments.upload(attachmentId, account.account.userId, account.api, (sentBytes, totalBytes) =>
          notify({ type: 'uploadProgress', attachmentId, sentBytes, totalBytes }),
        );
      } catch (error) {
        const reason = isXApiError(error) ? error.userMessage : t('Something went wrong.');
        throw new PanelRequestError('uploadFailed', t('The upload did not finish: {0}', reason));
      }
      return null;
    },
    removeMedia: async ({ attachmentId }) => {
      attachments.remove(attachmentId);
      return null;
    },
  };
}

/** The plain-words reason X would refuse a file, with the limit that applies. */
export function refusalMessage(check: Exclude<MediaCheck, { ok: true }>): string {
  const t = vscode.l10n.t;
  switch (check.problem) {
    case 'empty':
      return t('This file is empty.');
    case 'type':
      return t('X does not take this kind of file in a message. Attach a JPG, PNG or WEBP image, a GIF or an MP4 video.');
    case 'size': {
      const what = check.category === 'dm_gif' ? t('GIFs') : check.category === 'dm_video' ? t('videos') : t('images');
      return t('This file is {0}; X takes {1} up to {2}. Nothing was uploaded.', formatBytes(check.size), what, formatBytes(check.maxBytes));
    }
  }
}

function typeForExtension(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  const types: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', mp4: 'video/mp4' };
  return types[ext] ?? '';
}
