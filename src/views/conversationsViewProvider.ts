import * as vscode from 'vscode';
import type { AppStateVM, ConversationVM, ThreadVM } from '../protocol/viewModels';
import type { WebviewHub } from './webviewHub';
import { ConversationWebview } from './conversationWebview';
import { BadgeUpdater } from './host/badge';
import { parseSidebarOpenId } from './tabState';
import { RETAIN_CONTEXT_WHEN_HIDDEN } from './webviewOptions';

/**
 * The `xdm.conversations` webview view: a {@link ConversationWebview} plus what only the sidebar has (visibility,
 * the activity-bar badge, the open conversation VS Code restores). Works with retained context on or off.
 */
export class ConversationsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private host: ConversationWebview | undefined;
  private hiddenCount = 0;
  private hostWaiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly badge = new BadgeUpdater(
    () => this.hub.totalUnread(),
    (total) => vscode.l10n.t('{0} unread messages', total),
  );
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly hub: WebviewHub,
    private readonly openInEditor: (conversationId: string) => Promise<void>,
  ) {
    this.disposables.push(hub.onDidChange(() => this.updateBadge()));
  }

  get visibleConversationId(): string | undefined {
    return this.view?.visible ? this.host?.openId : undefined;
  }

  /** Called by VS Code when the view first becomes visible (and again if it was disposed and is shown anew). */
  resolveWebviewView(view: vscode.WebviewView, resolveContext: vscode.WebviewViewResolveContext<unknown>): void {
    this.disposeView();
    this.view = view;
    const host = new ConversationWebview(this.hub, view.webview, {
      surface: { kind: 'sidebar' },
      isVisible: () => view.visible,
      openIn: (conversationId, where) => (where === 'editor' ? this.openInEditor(conversationId) : this.reveal(conversationId)),
    });
    this.host = host;
    this.viewDisposables.push(host);
    host.render(parseSidebarOpenId(resolveContext.state));
    view.onDidChangeVisibility(() => {
      if (!view.visible) {
        this.hiddenCount++;
        // Without retained context VS Code re-creates the document from the same HTML on the next show (same
        // message subscription, no new resolve): posts wait for its ready.
        if (!RETAIN_CONTEXT_WHEN_HIDDEN) host.connection.notReady();
      }
      this.updateBadge();
    }, undefined, this.viewDisposables);
    view.onDidDispose(() => {
      if (this.view === view) this.disposeView();
    }, undefined, this.viewDisposables);
    for (const resolve of this.hostWaiters.splice(0)) resolve();
    this.updateBadge();
  }

  async whenReady(): Promise<void> {
    if (!this.host) await new Promise<void>((resolve) => this.hostWaiters.push(resolve));
    await this.host?.connection.whenReady();
  }

  async reveal(conversationId?: string): Promise<void> {
    await vscode.commands.executeCommand('xdm.conversations.focus');
    if (!conversationId) return;
    await this.whenReady();
    this.host?.post({ type: 'open', conversationId });
  }

  /** Mark as Unread from a command: the sidebar leaves that conversation so opening it does not mark it read again. */
  closeConversation(conversationId: string): void {
    this.host?.closeConversation(conversationId);
  }

  /**
   * For the in-host test hook (test builds only): what the view currently is, and what the host would show in it,
   * so suites can check that locked encrypted chats carry no text.
   */
  snapshot(): PanelSnapshot {
    const state = this.hub.appState();
    const current = this.hub.accounts.current;
    const openId = this.host?.openId;
    const thread = current && openId ? this.hub.buildThread(current, openId, 200) : undefined;
    return {
      readyCount: this.host?.connection.readyCount ?? 0,
      unacknowledged: this.host?.connection.unacknowledgedCount ?? 0,
      hiddenCount: this.hiddenCount,
      ready: this.host?.connection.ready ?? false,
      visible: this.view?.visible ?? false,
      rejectedMessages: this.host?.dispatcher.rejected ?? 0,
      lastRejection: this.host?.dispatcher.lastRejection,
      openConversationId: openId,
      screen: state.screen,
      badge: this.view?.badge?.value,
      xchat: state.xchat,
      conversations: state.conversations.map((c) => ({ id: c.id, encrypted: c.encrypted, locked: c.locked, preview: c.preview, unread: c.unread })),
      thread: thread && { locked: thread.locked, texts: thread.items.flatMap((item) => (item.type === 'message' ? [item.text] : [])) },
    };
  }

  dispose(): void {
    this.disposeView();
    for (const d of this.disposables) d.dispose();
  }

  private disposeView(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
    this.view = undefined;
    this.host = undefined;
  }

  private updateBadge(): void {
    this.badge.update(this.view);
  }
}

export interface PanelSnapshot {
  readyCount: number;
  unacknowledged: number;
  hiddenCount: number;
  ready: boolean;
  visible: boolean;
  rejectedMessages: number;
  lastRejection?: string;
  openConversationId?: string;
  screen: string;
  badge?: number;
  xchat: AppStateVM['xchat'];
  conversations: Array<Pick<ConversationVM, 'id' | 'encrypted' | 'locked' | 'preview' | 'unread'>>;
  /** The open conversation's message texts as the host would show them. */
  thread?: { locked: ThreadVM['locked']; texts: string[] };
}
