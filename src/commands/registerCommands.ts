import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { clearCache } from './clearCache';
import { CommandContext } from './commandContext';
import type { ConversationsViewPort } from './commandDeps';
import { blockUser, unblockUser } from './blockUser';
import { conversationActions } from './conversationActions';
import { copyMessageText } from './copyMessageText';
import { deleteMessage } from './deleteMessage';
import { newGroup } from './newGroup';
import { openConversation, openConversationInEditor, type OpenConversationArg } from './openConversation';
import { markUnread } from './markUnread';
import { setConversationMuted } from './muteConversation';
import { refresh } from './refresh';
import { sendMessage } from './sendMessage';
import { shareSelection } from './shareSelection';
import { showCommandError } from './showError';

/** Command ids this module registers (`xdm.signIn`/`xdm.signOut` belong to the auth glue). */
export const commandIds = [
  'xdm.sendMessage',
  'xdm.shareSelection',
  'xdm.newGroup',
  'xdm.openConversation',
  'xdm.openConversationInEditor',
  'xdm.refresh',
  'xdm.deleteMessage',
  'xdm.clearCache',
  'xdm.copyMessageText',
  'xdm.blockUser',
  'xdm.unblockUser',
  'xdm.muteConversation',
  'xdm.unmuteConversation',
  'xdm.markUnread',
  'xdm.conversationActions',
] as const;

export type CommandId = (typeof commandIds)[number];

function failureTitle(id: CommandId): string {
  switch (id) {
    case 'xdm.sendMessage':
    case 'xdm.shareSelection':
    case 'xdm.newGroup':
      return vscode.l10n.t("Couldn't send");
    case 'xdm.openConversation':
    case 'xdm.openConversationInEditor':
      return vscode.l10n.t("Couldn't open the conversation");
    case 'xdm.refresh':
      return vscode.l10n.t("Couldn't refresh");
    case 'xdm.deleteMessage':
      return vscode.l10n.t("Couldn't delete the message");
    case 'xdm.clearCache':
      return vscode.l10n.t("Couldn't clear the cache");
    case 'xdm.copyMessageText':
      return vscode.l10n.t("Couldn't copy the message text");
    case 'xdm.blockUser':
      return vscode.l10n.t("Couldn't block");
    case 'xdm.unblockUser':
      return vscode.l10n.t("Couldn't unblock");
    case 'xdm.muteConversation':
    case 'xdm.unmuteConversation':
      return vscode.l10n.t("Couldn't change the conversation's mute");
    case 'xdm.markUnread':
      return vscode.l10n.t("Couldn't mark the conversation unread");
    case 'xdm.conversationActions':
      return vscode.l10n.t("Couldn't show the conversation's actions");
  }
}

/**
 * Registers every user-facing DM command. Each handler is wrapped so that an unexpected error is logged and
 * shown once, in plain words, at this boundary; a cancel (Esc) is silent.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  deps: { accounts: Accounts; view: ConversationsViewPort; log: vscode.LogOutputChannel; clearCache: () => Promise<void> },
): void {
  const cc = new CommandContext(deps);
  context.subscriptions.push(cc);
  const handlers: Record<CommandId, (...args: unknown[]) => Promise<void>> = {
    'xdm.sendMessage': () => sendMessage(cc),
    'xdm.shareSelection': () => shareSelection(cc),
    'xdm.newGroup': () => newGroup(cc),
    'xdm.openConversation': (arg) => openConversation(cc, arg as OpenConversationArg),
    'xdm.openConversationInEditor': (arg) => openConversationInEditor(cc, arg as OpenConversationArg),
    'xdm.refresh': () => refresh(cc),
    'xdm.deleteMessage': (arg) => deleteMessage(cc, arg),
    'xdm.clearCache': () => clearCache(cc),
    'xdm.copyMessageText': (arg) => copyMessageText(cc, arg),
    'xdm.blockUser': (arg) => blockUser(cc, arg),
    'xdm.unblockUser': (arg) => unblockUser(cc, arg),
    'xdm.muteConversation': (arg) => setConversationMuted(cc, arg, true),
    'xdm.unmuteConversation': (arg) => setConversationMuted(cc, arg, false),
    'xdm.markUnread': (arg) => markUnread(cc, arg),
    'xdm.conversationActions': (arg) => conversationActions(cc, arg),
  };
  for (const id of commandIds) {
    const handler = handlers[id];
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(...args);
        } catch (error) {
          await showCommandError(deps.log, failureTitle(id), error);
        }
      }),
    );
  }
}
