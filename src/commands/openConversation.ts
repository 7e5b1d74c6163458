import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { parseConversationArg } from './conversationArg';
import { conversationItem } from './pickRecipient';
import type { PlainQuickPickItem } from '../util/plainText';

/**
 * X DMs: Open Conversation. An id (string or `{ conversationId }`) opens it in the panel, `{}` shows the panel, and
 * no argument asks with a QuickPick over names, @handles and message text.
 */
export type OpenConversationArg = string | { conversationId?: string } | undefined;

export async function openConversation(cc: CommandContext, arg?: OpenConversationArg): Promise<void> {
  // An id outside X's rules only shows the panel: the webview would refuse to ask for it anyway.
  if (arg !== undefined && arg !== null) return cc.deps.view.reveal(parseConversationArg(arg).conversationId);
  const picked = await pickConversation(cc);
  if (picked) await cc.deps.view.reveal(picked);
}

/**
 * X DMs: Open Conversation in Editor — with an id (string or `{ conversationId }`, as the conversation rows' context
 * menu passes it) it opens that conversation in an editor tab (the tab checks the id against the archive); without
 * one it asks with the same QuickPick as Open Conversation.
 */
export async function openConversationInEditor(cc: CommandContext, arg?: OpenConversationArg): Promise<void> {
  const given = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? arg.conversationId : undefined;
  if (given !== undefined && parseConversationArg(given).conversationId === undefined) throw new Error(vscode.l10n.t('That is not a conversation id.'));
  const conversationId = given ?? (await pickConversation(cc));
  if (conversationId) await cc.deps.view.openInEditor(conversationId);
}

/** Asks which conversation, searching names, @handles and message text through the archive. */
async function pickConversation(cc: CommandContext): Promise<string | undefined> {
  const ctx = await cc.account();
  if (!ctx) return;
  type Item = PlainQuickPickItem & { conversationId: string };
  const now = Date.now();
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = vscode.l10n.t('Open Conversation');
  quickPick.placeholder = vscode.l10n.t('Search names, @handles and messages');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  let open = true;
  // The archive search also matches message text that the visible labels do not show.
  const update = (): void => {
    if (!open) return;
    const query = quickPick.value.trim();
    const results = query ? ctx.dm.search(query) : ctx.dm.conversations();
    quickPick.items = results.map((c) => ({ ...conversationItem(c, now), alwaysShow: query.length > 0 }));
  };
  update();
  // Threads still on disk match only by name until the whole archive is in memory: search again then.
  quickPick.busy = true;
  void ctx.dm.archiveLoaded().then(update, () => undefined).finally(() => open && (quickPick.busy = false));
  const subs: vscode.Disposable[] = [];
  const picked = await new Promise<string | undefined>((resolve) => {
    subs.push(
      quickPick.onDidChangeValue(update),
      quickPick.onDidAccept(() => resolve((quickPick.selectedItems[0] ?? quickPick.activeItems[0])?.conversationId)),
      quickPick.onDidHide(() => resolve(undefined)),
    );
    quickPick.show();
  });
  open = false;
  for (const sub of subs) sub.dispose();
  quickPick.dispose();
  return picked;
}
