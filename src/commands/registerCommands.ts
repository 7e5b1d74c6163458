import * as vscode from 'vscode';
import type { Runtime } from '../runtime/runtimeApi';
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
  'xdm.turnOnRealtime',
  'xdm.turnOffRealtime',
  'xdm.xchat.unlock',
  'xdm.xchat.lock',
  'xdm.xchat.about',
] as const;

export type CommandId = (typeof commandIds)[number];
/** Implemented by real-time delivery (src/realtime), the rest by src/commands/commandHandlers.ts. */
export type RealtimeCommandId = 'xdm.turnOnRealtime' | 'xdm.turnOffRealtime';
/** Implemented by X Chat's wiring (src/xchat/wiring/registerXChat.ts). */
export type XChatCommandId = 'xdm.xchat.unlock' | 'xdm.xchat.lock' | 'xdm.xchat.about';

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
    case 'xdm.turnOnRealtime':
    case 'xdm.turnOffRealtime':
      return vscode.l10n.t("Couldn't change real-time delivery");
    case 'xdm.xchat.unlock':
      return vscode.l10n.t("Couldn't unlock encrypted chats");
    case 'xdm.xchat.lock':
      return vscode.l10n.t("Couldn't lock encrypted chats");
    case 'xdm.xchat.about':
      return vscode.l10n.t("Couldn't show what encrypted chats are");
  }
}

/**
 * Registers the commands at activation so menus have them at once; implementations load with the runtime on first
 * use. This is the error boundary: an unexpected error is logged and shown once, a cancel (Esc) not at all.
 */
export function registerCommands(
  context: vscode.ExtensionContext,
  deps: { runtime: () => Promise<Runtime>; log: vscode.LogOutputChannel },
): void {
  for (const id of commandIds) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await (await deps.runtime()).runCommand(id, args);
        } catch (error) {
          await showCommandError(deps.log, failureTitle(id), error);
        }
      }),
    );
  }
}
