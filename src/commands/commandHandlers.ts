import type * as vscode from 'vscode';
import { blockUser, unblockUser } from './blockUser';
import { clearCache } from './clearCache';
import { CommandContext } from './commandContext';
import type { CommandDeps } from './commandDeps';
import { conversationActions } from './conversationActions';
import { copyMessageText } from './copyMessageText';
import { deleteMessage } from './deleteMessage';
import { markUnread } from './markUnread';
import { setConversationMuted } from './muteConversation';
import { newGroup } from './newGroup';
import { openConversation, openConversationInEditor, type OpenConversationArg } from './openConversation';
import { refresh } from './refresh';
import type { CommandId, RealtimeCommandId, XChatCommandId } from './registerCommands';
import { sendMessage } from './sendMessage';
import { shareSelection } from './shareSelection';

export type CommandHandler = (...args: unknown[]) => Promise<void>;

/**
 * The implementations behind `commandIds` (runtime side; registerCommands.ts registers the ids at activation and
 * catches their errors). One CommandContext, so user lookups are shared between commands.
 */
export function createCommandHandlers(deps: CommandDeps, subscriptions: vscode.Disposable[]): Record<Exclude<CommandId, RealtimeCommandId | XChatCommandId>, CommandHandler> {
  const cc = new CommandContext(deps);
  subscriptions.push(cc);
  return {
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
}
