import * as vscode from 'vscode';
import type { Accounts, AccountContext } from '../accounts/accounts';
import type { DmChange } from '../dm/dmService';
import { oneLine } from '../commands/messageLimits';
import { NotificationPlanner, type NotificationPlan } from './notificationPlan';
import { DmStatusBar } from './statusBar';

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
      { events: change.incoming, backfill: change.backfill, backfillCount: change.backfillCount, conversationIds: change.conversationIds },
      { meId: ctx.dm.me.id, visibleConversationId: this.view.visibleConversationId, now: Date.now(), isMuted: (id) => ctx.dm.isMuted(id) },
    );
    if (plan.kind === 'none') return;
    if (!vscode.workspace.getConfiguration('xdm').get<boolean>('notifications.enabled', true)) return;
    this.log.debug(`notifying: ${plan.kind}`);
    void this.show(ctx, plan).catch((error: unknown) => this.log.warn(`notification failed: ${String(error)}`));
  }

  private async show(ctx: AccountContext, plan: Exclude<NotificationPlan, { kind: 'none' }>): Promise<void> {
    const name = (userId: string): string => ctx.dm.user(userId)?.name ?? vscode.l10n.t('Someone');
    const open = vscode.l10n.t('Open');
    let text: string;
    let target: string | undefined;
    if (plan.kind === 'single') {
      const conversation = ctx.dm.conversation(plan.message.conversationId);
      const who = name(plan.message.senderId);
      const where = conversation?.kind === 'group' ? vscode.l10n.t('{0} in {1}', who, conversation.title) : who;
      text = `${where}: ${oneLine(plan.message.text, 140) || vscode.l10n.t('(attachment)')}`;
      target = plan.message.conversationId;
    } else if (plan.kind === 'group') {
      const names = plan.senderIds.map(name);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} +${names.length - 3}` : names.join(', ');
      text = vscode.l10n.t('{0} new messages from {1}', plan.messages.length, shown);
      const last = plan.messages[plan.messages.length - 1];
      if (plan.conversationIds.length === 1) text += `: ${oneLine(last.text, 100)}`;
      target = plan.conversationIds.length === 1 ? plan.conversationIds[0] : undefined;
    } else {
      text =
        plan.conversationIds.length === 1
          ? vscode.l10n.t('{0} new Direct Messages in 1 conversation', plan.count)
          : vscode.l10n.t('{0} new Direct Messages in {1} conversations', plan.count, plan.conversationIds.length);
      target = plan.conversationIds.length === 1 ? plan.conversationIds[0] : undefined;
    }
    const picked = await vscode.window.showInformationMessage(text, open);
    if (picked === open) await this.view.reveal(target);
  }

  dispose(): void {
    this.changeSub?.dispose();
    this.accountSub.dispose();
  }
}
