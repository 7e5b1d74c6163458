import * as vscode from 'vscode';
import type { Accounts, AccountContext } from '../accounts/accounts';
import type { DmChange } from '../dm/dmService';
import { NotificationPlanner, incomingBatch, type NotificationPlan } from './notificationPlan';
import { DmStatusBar } from './statusBar';
import { NAME_MAX, TITLE_MAX, joinPlain, plainText, type PlainText } from '../util/plainText';

/**
 * New-message notifications and the status bar item. The planner decides (not mine, not seen, not the open
 * conversation, grouped, one summary after an absence); this glue only reads the setting, names senders and
 * turns "Open" into `view.reveal`.
 */
interface ViewPort {
  reveal(conversationId?: string): Promise<void>;
  readonly visibleConversationId: string | undefined;
}

export function registerNotifications(
  context: vscode.ExtensionContext,
  deps: { accounts: Accounts; view: ViewPort; log: vscode.LogOutputChannel },
): void {
  const statusBar = new DmStatusBar(deps.accounts);
  const notifier = new IncomingNotifier(deps.accounts, deps.view, deps.log);
  context.subscriptions.push(statusBar, notifier);
}

class IncomingNotifier implements vscode.Disposable {
  private planner = new NotificationPlanner();
  private changeSub: { dispose(): void } | undefined;
  private readonly accountSub: { dispose(): void };

  constructor(
    accounts: Accounts,
    private readonly view: ViewPort,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.accountSub = accounts.onDidChangeCurrent((ctx) => this.bind(ctx));
    this.bind(accounts.current);
  }

  private bind(ctx: AccountContext | undefined): void {
    this.changeSub?.dispose();
    this.changeSub = undefined;
    // A different account has different ids; start remembering afresh.
    this.planner = new NotificationPlanner();
    if (ctx) this.changeSub = ctx.dm.onDidChange((change) => this.onChange(ctx, change));
  }

  private onChange(ctx: AccountContext, change: DmChange): void {
    if (change.incoming.length === 0 && !change.backfill) return;
    const plan = this.planner.plan(
      incomingBatch(change),
      { meId: ctx.dm.me.id, visibleConversationId: this.view.visibleConversationId, now: Date.now() },
    );
    if (plan.kind === 'none') return;
    if (!vscode.workspace.getConfiguration('xdm').get<boolean>('notifications.enabled', true)) return;
    this.log.debug(`notifying: ${plan.kind}`);
    void this.show(ctx, plan).catch((error: unknown) => this.log.warn(`notification failed: ${String(error)}`));
  }

  private async show(ctx: AccountContext, plan: Exclude<NotificationPlan, { kind: 'none' }>): Promise<void> {
    const open = vscode.l10n.t('Open');
    const picked = await vscode.window.showInformationMessage(notificationText(ctx, plan), open);
    if (picked !== open) return;
    if (plan.kind === 'single') await this.view.reveal(plan.message.conversationId);
    else await this.view.reveal(plan.conversationIds.length === 1 ? plan.conversationIds[0] : undefined);
  }

  dispose(): void {
    this.changeSub?.dispose();
    this.accountSub.dispose();
  }
}

/** The toast's text. Names, titles and message text come from strangers: each is neutralised and cut on its own. */
function notificationText(ctx: AccountContext, plan: Exclude<NotificationPlan, { kind: 'none' }>): PlainText {
  const name = (userId: string): PlainText => plainText(ctx.dm.user(userId)?.name ?? vscode.l10n.t('Someone'), { max: NAME_MAX });
  if (plan.kind === 'single') {
    const conversation = ctx.dm.conversation(plan.message.conversationId);
    const who = name(plan.message.senderId);
    const where = conversation?.kind === 'group' ? vscode.l10n.t('{0} in {1}', who, plainText(conversation.title, { max: TITLE_MAX })) : who;
    return plainText(`${where}: ${plainText(plan.message.text, { max: 140 }) || vscode.l10n.t('(attachment)')}`);
  }
  if (plan.kind === 'group') {
    const names = plan.senderIds.map(name);
    const shown = names.length > 3 ? `${joinPlain(names.slice(0, 3), ', ')} +${names.length - 3}` : joinPlain(names, ', ');
    const text = vscode.l10n.t('{0} new messages from {1}', plan.messages.length, plainText(shown));
    const last = plan.messages[plan.messages.length - 1];
    return plainText(plan.conversationIds.length === 1 ? `${text}: ${plainText(last.text, { max: 100 })}` : text);
  }
  return plainText(
    plan.conversationIds.length === 1
      ? vscode.l10n.t('{0} new Direct Messages in 1 conversation', plan.count)
      : vscode.l10n.t('{0} new Direct Messages in {1} conversations', plan.count, plan.conversationIds.length),
  );
}
