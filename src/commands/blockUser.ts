import * as vscode from 'vscode';
import { personOf, type Person } from '../dm/model/person';
import type { CommandContext } from './commandContext';
import type { AccountContext } from './commandDeps';
import { parseConversationArg } from './conversationArg';
import { conversationFor } from './pickConversation';
import { NAME_MAX, plainText, type PlainText } from '../util/plainText';
import { showCommandError } from './showError';

/**
 * X DMs: Block… / Unblock… (X's DM block; X does not tell them). Block always asks first: the argument only names
 * whom (`{userId}`, a 1:1's `{conversationId}`, or a group's, to pick one of its people).
 */
export async function blockUser(cc: CommandContext, arg: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const user = await personFor(ctx, arg, false);
  if (!user) return;
  const handle = `@${plainText(user.username, { max: 20 })}`;
  const block = vscode.l10n.t('Block');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Block {0}?', handle),
    {
      modal: true,
      detail: vscode.l10n.t('{0} can no longer send you Direct Messages. X does not tell them. You can unblock later.', handle),
    },
    block,
  );
  if (answer !== block) return;
  const run = () => ctx.dm.setBlocked(user.id, true);
  try {
    await run();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(circle-slash) Blocked {0}', handle), 4_000);
  } catch (error) {
    await showCommandError(cc.deps.log, vscode.l10n.t("Couldn't block {0}", handle), error, run);
  }
}

export async function unblockUser(cc: CommandContext, arg: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const user = await personFor(ctx, arg, true);
  if (!user) return;
  const handle = `@${plainText(user.username, { max: 20 })}`;
  const run = () => ctx.dm.setBlocked(user.id, false);
  try {
    await run();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Unblocked {0}: they can send you Direct Messages again', handle), 4_000);
  } catch (error) {
    await showCommandError(cc.deps.log, vscode.l10n.t("Couldn't unblock {0}", handle), error, run);
  }
}

/** Whom to block (`blocked: false`) or unblock (`blocked: true`): from the argument, else a pick. */
async function personFor(ctx: AccountContext, arg: unknown, blocked: boolean): Promise<Person | undefined> {
  const { userId, conversationId } = parseConversationArg(arg);
  if (userId) return ctx.dm.user(userId) ?? (await ctx.api.getUsersByIds([userId])).map(personOf)[0];
  if (!conversationId && blocked) {
    const none = plainText(vscode.l10n.t('You have not blocked anyone from here.'));
    return pickUser(ctx.dm.knownUsers().filter((u) => ctx.dm.isBlocked(u.id)), plainText(vscode.l10n.t('Unblock…')), none);
  }
  const conversation = await conversationFor(ctx, arg, {
    title: plainText(vscode.l10n.t('Block…')),
    applies: (c) => c.kind === 'direct' && c.partner !== undefined && !ctx.dm.isBlocked(c.partner.id),
    none: plainText(vscode.l10n.t('There is nobody in your conversations left to block.')),
  });
  if (!conversation) return undefined;
  if (conversation.partner) return conversation.partner;
  const people = conversation.participants.filter((u) => ctx.dm.isBlocked(u.id) === blocked);
  const none = plainText(blocked ? vscode.l10n.t('You have not blocked anyone in this group.') : vscode.l10n.t('Everyone in this group is blocked already.'));
  return pickUser(people, plainText(blocked ? vscode.l10n.t('Unblock…') : vscode.l10n.t('Block…')), none);
}

async function pickUser(users: Person[], title: PlainText, none: PlainText): Promise<Person | undefined> {
  if (users.length === 0) {
    await vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    users.map((user) => ({ label: plainText(user.name, { max: NAME_MAX }), description: plainText(`@${user.username}`, { max: 21 }), user })),
    { title, matchOnDescription: true },
  );
  return picked?.user;
}
