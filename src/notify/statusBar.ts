import * as vscode from 'vscode';
import type { Accounts, AccountContext } from '../accounts/accounts';
import type { RateLimitInfo } from '../api/model';
import type { SyncState } from '../dm/dmService';
import { NAME_MAX, markdownText, plainText } from '../util/plainText';

/**
 * The status bar item: unread total, sync state at a glance, and in the tooltip the sync details and what is left
 * of X's request budget. Click opens the panel. Hidden while signed out.
 */
const icons = {
  idle: '$(comment-discussion)',
  syncing: '$(sync~spin)',
  offline: '$(debug-disconnect)',
  rateLimited: '$(watch)',
  error: '$(warning)',
} as const satisfies Record<SyncState['phase'], string>;

function time(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
}

export function syncStateLine(state: SyncState): string {
  const last = state.lastSyncedAt ? vscode.l10n.t('last synced at {0}', time(state.lastSyncedAt)) : vscode.l10n.t('not synced yet');
  switch (state.phase) {
    case 'syncing':
      return vscode.l10n.t('Syncing… ({0})', last);
    case 'offline':
      return vscode.l10n.t('Offline ({0})', last);
    case 'rateLimited':
      return state.rateLimitedUntil
        ? vscode.l10n.t('Waiting for X\'s rate limit until {0} ({1})', time(state.rateLimitedUntil), last)
        : vscode.l10n.t('Waiting for X\'s rate limit ({0})', last);
    case 'error':
      // The message can quote X's error detail.
      return vscode.l10n.t('Sync problem: {0} ({1})', plainText(state.message ?? vscode.l10n.t('unknown')), last);
    default:
      return vscode.l10n.t('Up to date ({0})', last);
  }
}

/** How new messages arrive: pushed by X's Activity stream, or asked for every N seconds. */
export function deliveryLine(mode: { realTime: boolean; everySeconds: number }): string {
  return mode.realTime ? vscode.l10n.t('Real-time') : vscode.l10n.t('Checking every {0} s', mode.everySeconds);
}

function budgetLine(info: RateLimitInfo): string {
  const day = info.day ? ` · ${vscode.l10n.t('{0}/{1} today', info.day.remaining, info.day.limit)}` : '';
  return vscode.l10n.t('{0}: {1}/{2} left, resets {3}', info.endpoint, info.remaining, info.limit, time(info.resetAt)) + day;
}

export class DmStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private subscriptions: { dispose(): void }[] = [];
  private readonly accountSub: vscode.Disposable | { dispose(): void };

  constructor(accounts: Accounts) {
    this.item = vscode.window.createStatusBarItem('xdm.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('X Direct Messages');
    // `{}` = just show the panel (see src/commands/openConversation.ts).
    this.item.command = { title: vscode.l10n.t('Open X Direct Messages'), command: 'xdm.openConversation', arguments: [{}] };
    this.accountSub = accounts.onDidChangeCurrent((ctx) => this.bind(ctx));
    this.bind(accounts.current);
  }

  private bind(ctx: AccountContext | undefined): void {
    for (const sub of this.subscriptions) sub.dispose();
    this.subscriptions = [];
    if (!ctx) {
      this.item.hide();
      return;
    }
    const update = (): void => this.update(ctx);
    this.subscriptions.push(ctx.dm.onDidChange(update), ctx.dm.onDidChangeSyncState(update), ctx.api.rateLimits.onDidChange(update));
    if (ctx.dm.onDidChangeDelivery) this.subscriptions.push(ctx.dm.onDidChangeDelivery(update));
    update();
    this.item.show();
  }

  private update(ctx: AccountContext): void {
    const unread = ctx.dm.totalUnread();
    const state = ctx.dm.syncState;
    this.item.text = unread > 0 ? `${icons[state.phase]} ${unread}` : icons[state.phase];
    this.item.accessibilityInformation = {
      label: unread === 1 ? vscode.l10n.t('X Direct Messages: 1 unread message') : vscode.l10n.t('X Direct Messages: {0} unread messages', unread),
    };
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${vscode.l10n.t('X Direct Messages')}** — ${markdownText(ctx.account.label, { max: NAME_MAX })}\n\n`);
    tooltip.appendMarkdown(`${unread === 1 ? vscode.l10n.t('1 unread message') : vscode.l10n.t('{0} unread messages', unread)}\n\n`);
    tooltip.appendMarkdown(`${markdownText(syncStateLine(state))}\n\n`);
    const mode = ctx.dm.deliveryMode?.();
    if (mode) tooltip.appendMarkdown(`${markdownText(deliveryLine(mode))}\n\n`);
    const budget = ctx.api.rateLimits.all().sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    if (budget.length > 0) {
      tooltip.appendMarkdown(`${vscode.l10n.t('Request budget (per 15 minutes):')}\n\n`);
      for (const info of budget) tooltip.appendMarkdown(`- ${markdownText(budgetLine(info))}\n`);
    } else {
      tooltip.appendMarkdown(vscode.l10n.t('No requests to X yet in this session.'));
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Click to open the panel.')}`);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = state.phase === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const sub of this.subscriptions) sub.dispose();
    this.accountSub.dispose();
    this.item.dispose();
  }
}
