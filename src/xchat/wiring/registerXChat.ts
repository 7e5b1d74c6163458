import * as vscode from 'vscode';
import { CommandContext } from '../../commands/commandContext';
import type { CommandDeps } from '../../commands/commandDeps';
import type { CommandHandler } from '../../commands/commandHandlers';
import type { XChatCommandId } from '../../commands/registerCommands';
import { vscodePrompts, type XChatPrompts } from './prompts';
import { aboutXChat, lockEncryptedChats, unlockEncryptedChats, type XChatCommandDeps } from './xchatCommands';
import { watchXChatContextKey } from './xchatContextKey';
import { registerXChatTestHooks } from './xchatTestHooks';

/**
 * The runtime side of X Chat's commands: their handlers (ids registered at activation by registerCommands.ts), the
 * palette's context key and, in test builds under the extension test runner only, the prompt-scripting hook.
 * Every handler ignores its arguments, so no caller can pass a passcode or skip the password box.
 */
export function registerXChat(context: vscode.ExtensionContext, deps: CommandDeps): Record<XChatCommandId, CommandHandler> {
  const cc = new CommandContext(deps);
  context.subscriptions.push(cc, watchXChatContextKey(deps.accounts));
  let prompts: XChatPrompts = vscodePrompts;
  // Build-time constant: false in production bundles, so the hook and its scripted prompts are not shipped.
  if (__XDM_TEST_HOOKS__ && context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(registerXChatTestHooks(deps.accounts, (scripted) => (prompts = scripted)));
  }
  const commandDeps: XChatCommandDeps = { account: () => cc.account(), prompts: () => prompts, log: deps.log };
  return {
    'xdm.xchat.unlock': () => unlockEncryptedChats(commandDeps),
    'xdm.xchat.lock': () => lockEncryptedChats(commandDeps),
    'xdm.xchat.about': () => aboutXChat(commandDeps),
  };
}
