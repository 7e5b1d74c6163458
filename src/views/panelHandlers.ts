import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import type { OutboxResult } from '../dm/dmService';
import { mediaKeyOf } from '../dm/outbox';
import type { NotificationMessage } from '../protocol/conversations/protocol';
import type { PanelAction, RequestMap, SendOutcome } from '../protocol/messages';
import type { RequestHandlers } from './dispatcher';
import { PanelRequestError } from './dispatcher';
import { checkLinkTarget } from './linkTarget';
import type { MediaCache } from './mediaCache';
import { ensureMediaPermission } from './mediaConsent';
import { needsMediaPermission } from './mediaScope';
import { createMediaHandlers } from './mediaHandlers';
import { PendingAttachments } from './pendingAttachments';
import { conversationVM } from './viewModels';
import { plainText } from '../util/plainText';

/** What the handlers need from the view provider (the open conversation is the provider's state). */
export interface PanelSession {
  openConversation(conversationId: string): Promise<RequestMap['openConversation']['result']>;
  closeConversation(): void;
  /** Looks a message up in what the webview was shown; undefined when it is not in the open thread. */
  shownMessage(conversationId: string, messageId: string): { fromMe: boolean; text: string } | undefined;
  /** Widens the open thread's window after older history was loaded. */
  widenThread(conversationId: string, by: number): void;
  walkthroughId(): string | undefined;
  /** Shows the conversation on another surface (editor tab or sidebar). */
  openIn(conversationId: string, where: 'editor' | 'sidebar'): Promise<void>;
}

/** The host side of every webview request: thin glue from the protocol to Accounts / DmService / VS Code. */
export function createPanelHandlers(
  accounts: Accounts,
  session: PanelSession,
  media: MediaCache,
  notify: (message: NotificationMessage) => void = () => undefined,
): RequestHandlers {
  const t = vscode.l10n.t;
  const dm = () => {
    const current = accounts.current;
    if (!current) throw new PanelRequestError('signedOut', t('Sign in to X first.'));
    return current.dm;
  };
  const attachments = new PendingAttachments();
  const outcome = (result: OutboxResult): SendOutcome =>
    result.status === 'sent' ? { status: 'sent' } : { status: result.status, reason: result.reason };

  return {
    openConversation: async ({ conversationId }) => session.openConversation(conversationId),
    conversationActions: async ({ conversationId }) => {
      // Not awaited: the QuickPick may stay open longer than a webview request may take.
      void vscode.commands.executeCommand('xdm.conversationActions', { conversationId });
      return null;
    },
    closeConversation: async () => {
      session.closeConversation();
      return null;
    },
    search: async ({ query }) => {
      const service = dm();
      // Message text is searched over the whole archive, whose threads may still be loading.
      await (query.trim() === '' ? service.ready() : service.archiveLoaded());
      return (query.trim() === '' ? service.conversations() : service.search(query.trim())).map((s) => conversationVM(s, service));
    },
    send: async ({ conversationId, text, attachment }) => {
      if (!attachment) return outcome(await dm().send({ conversationId }, text));
      const ready = attachments.take(attachment.id, accounts.current?.account.userId ?? '');
      if (!ready) throw new PanelRequestError('notFound', t('This attachment is not uploaded. Attach the file again.'));
      const altText = attachment.altText?.trim();
      const sending = { id: ready.mediaId, category: ready.category, ...(altText ? { altText } : {}) };
      // The bytes are here already: the thread shows the image (pending, then sent) without downloading it from X.
      if (ready.imageDataUrl) media.remember(mediaKeyOf(sending), ready.imageDataUrl);
      return outcome(await dm().send({ conversationId }, text, sending));
    },
    ...createMediaHandlers(accounts, attachments, notify),
    retry: async ({ localId }) => outcome(await dm().retry(localId)),
    check: async ({ localId }) => outcome(await dm().check(localId)),
    discard: async ({ localId }) => {
      dm().discard(localId);
      return null;
    },
    deleteMessage: async ({ conversationId, messageId }) => {
      const shown = session.shownMessage(conversationId, messageId);
      if (!shown?.fromMe) throw new PanelRequestError('notFound', t('Only your own messages can be deleted.'));
      const remove = t('Delete');
      const choice = await vscode.window.showWarningMessage(
        t('Delete this message?'),
        { modal: true, detail: t('It is removed from the conversation on X. This cannot be undone.') },
        remove,
      );
      if (choice !== remove) return { deleted: false };
      await dm().deleteMessage(messageId);
      return { deleted: true };
    },
    loadOlder: async ({ conversationId }) => {
      const result = await dm().loadOlder(conversationId);
      session.widenThread(conversationId, Math.max(result.added, 200));
      return result;
    },
    fetchMedia: async ({ dmEventId, mediaKey }) => {
      const fetch = async () => ({ dataUrl: await media.dataUrl(dm(), dmEventId, mediaKey) });
      try {
        return await fetch();
      } catch (error) {
        const account = accounts.current?.account;
        if (!account || !needsMediaPermission(error, mediaKey)) throw error;
        await ensureMediaPermission(account, 'encryptedImages');
        return fetch();
      }
    },
    openLink: async ({ url }) => ({ opened: await confirmAndOpen(url) }),
    runAction: async ({ action }) => {
      await runAction(action, session);
      return null;
    },
    switchAccount: async ({ sessionId }) => {
      if (!accounts.list().some((account) => account.sessionId === sessionId)) {
        throw new PanelRequestError('notFound', t('That account is not signed in.'));
      }
      await accounts.switchTo(sessionId);
      return null;
    },
    openIn: async ({ conversationId, where }) => {
      await session.openIn(conversationId, where);
      return null;
    },
  };
}

async function confirmAndOpen(url: string): Promise<boolean> {
  const t = vscode.l10n.t;
  const check = checkLinkTarget(url);
  if (!check.ok) {
    void vscode.window.showWarningMessage(t('This link was not opened: only plain http and https links to a named site are allowed.'));
    return false;
  }
  const open = t('Open');
  const copy = t('Copy Link');
  const choice = await vscode.window.showInformationMessage(
    t('Open a link from a message?'),
    { modal: true, detail: t('The link goes to {0}\n\n{1}', plainText(check.host), plainText(check.target)) },
    open,
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(check.target);
  if (choice !== open) return false;
  await openExactly(check.target);
  return true;
}

/**
 * Opens exactly the confirmed string: a `Uri` would decode and re-encode it (`%26` reaching the browser as `&`, another
 * URL), while `vscode.open` hands an http(s) string to the browser as is (documented).
 */
function openExactly(url: string): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.open', url);
}

/** Panel buttons that are the palette's commands, so both paths ask and confirm the same way. */
const ACTION_COMMANDS: Record<Exclude<PanelAction, 'openSettings' | 'openWalkthrough'>, string> = {
  signIn: 'xdm.signIn',
  newMessage: 'xdm.sendMessage',
  newGroup: 'xdm.newGroup',
  refresh: 'xdm.refresh',
  unlockXChat: 'xdm.xchat.unlock',
  lockXChat: 'xdm.xchat.lock',
  aboutXChat: 'xdm.xchat.about',
};

async function runAction(action: PanelAction, session: PanelSession): Promise<void> {
  if (action === 'openSettings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'xdm.clientId');
  } else if (action === 'openWalkthrough') {
    const id = session.walkthroughId();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', id ? `xdm.x-direct-messages#${id}` : undefined, false);
  } else {
    await vscode.commands.executeCommand(ACTION_COMMANDS[action]);
  }
}
