import * as vscode from 'vscode';
import type { Conversation } from '../dm/model/conversation';
import type { AccountContext } from './commandDeps';
import { parseConversationArg } from './conversationArg';
import { conversationItem } from './pickRecipient';
import type { PlainText } from '../util/plainText';

/**
 * The conversation a command acts on: the one its argument names, or from the palette one picked among those it
 * applies to. Undefined after Esc, or after saying there is none to pick.
 */
export async function conversationFor(
  ctx: AccountContext,
  arg: unknown,
  pick: { title: PlainText; applies: (c: Conversation) => boolean; none: PlainText },
): Promise<Conversation | undefined> {
  const { conversationId } = parseConversationArg(arg);
  if (conversationId) return ctx.dm.conversation(conversationId);
  const now = Date.now();
  const items = ctx.dm.conversations().filter(pick.applies).map((c) => ({ ...conversationItem(c, now), summary: c }));
  if (items.length === 0) {
    await vscode.window.showInformationMessage(pick.none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: pick.title,
    placeHolder: vscode.l10n.t('Search names and @handles'),
    matchOnDescription: true,
  });
  return picked?.summary;
}
