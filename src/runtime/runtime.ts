import { createAccountContext } from '../accounts/accountRuntime';
import { createCommandHandlers } from '../commands/commandHandlers';
import { deleteArchive } from '../dm/createDmService';
import { registerNotifications } from '../notify/registerNotifications';
import { registerRealtime } from '../realtime/registerRealtime';
import type { CommandHandler } from '../commands/commandHandlers';
import type { CommandId } from '../commands/registerCommands';
import { createConversationViews } from '../views/conversationViews';
import { registerXChat } from '../xchat/wiring/registerXChat';
import type { Runtime, RuntimeHost } from './runtimeApi';

/**
 * Entry point of dist/runtime.js, loaded by src/runtime/loadRuntime.ts on first use. Starting it wires what only
 * matters once there is something to show: new-message notifications, the status bar, real-time delivery and
 * X Chat's commands.
 */
export function startRuntime(host: RuntimeHost): Runtime {
  const { context, accounts, view, log } = host;
  registerNotifications(context, { accounts, view, log });
  const realtime = registerRealtime(context, { accounts, log });
  const commandDeps = { accounts, view, log, clearCache: () => host.clearCache() };
  const handlers: Record<CommandId, CommandHandler> = {
    ...createCommandHandlers(commandDeps, context.subscriptions),
    ...realtime.handlers,
    ...registerXChat(context, commandDeps),
  };
  return {
    createAccountContext,
    deleteArchive: (dir) => deleteArchive(dir),
    runCommand: (id, args) => handlers[id](...args),
    createConversationViews: () => createConversationViews(context, accounts, log),
  };
}

/** The sign-in checks the new token with the same API client (src/auth/usersMe.ts). */
export { createXClient } from '../api/xClient';
