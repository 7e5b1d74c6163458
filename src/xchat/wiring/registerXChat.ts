import type * as vscode from 'vscode';
import { CommandContext } from '../../commands/commandContext';
import type { CommandDeps } from '../../commands/commandDeps';
import type { CommandHandler } from '../../commands/commandHandlers';
import type { XChatCommandId } from '../../commands/registerCommands';
import { vscodePrompts } from './prompts';
import { aboutXChat, lockEncryptedChats, unlockEncryptedChats, type XChatCommandDeps } from './xchatCommands';
import { watchXChatContextKey } from './xchatContextKey';

/**
 * The runtime side of X Chat's commands: their handlers (ids registered at activation by registerCommands.ts) and
 * the palette's context key. Every handler ignores its arguments, so no caller can pass a passcode or skip the
 * password box.
 */
export function registerXChat(context: vscode.ExtensionContext, deps: CommandDeps): Record<XChatCommandId, CommandHandler> {
  const cc = new CommandContext(deps);
  context.subscriptions.push(cc, watchXChatContextKey(deps.accounts));
  const commandDeps: XChatCommandDeps = { account: () => cc.account(), prompts: () => vscodePrompts, log: deps.log };
  return {
    'xdm.xchat.unlock': () => unlockEncryptedChats(commandDeps),
    'xdm.xchat.lock': () => lockEncryptedChats(commandDeps),
    'xdm.xchat.about': () => aboutXChat(commandDeps),
  };
}
