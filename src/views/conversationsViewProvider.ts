import * as vscode from 'vscode';
import type { WebviewHub } from './webviewHub';
import { WebviewHost } from './webviewHost';

/**
 * Must match `retainContextWhenHidden` in registerConversationsView. Issue 7 asks for off; it stays on because with
 * it off code-server 4.100.3 does not bring the re-shown view's document back, and no provider code can change that.
 * Evidence (in-host hide/show test, chromium console and frame list recorded through playwright, 2026-11-22):
 * VS Code does not resolve the view again (right) and keeps the same `onDidReceiveMessage` wiring (the overlay
 * re-subscribes the new element); it creates a new webview element whose wrapper page
 * (workbench/contrib/webview/browser/pre/index.html) registers `service-worker.js?…&id=<new element id>` and, since
 * the controller is still the previous element's worker, logs "Found unexpected service worker controller … Waiting
 * for controllerchange" — which never comes. No content frame is created, so our document (and its ready
 * handshake) never exists: the host saw hiddenCount 1, visible true, readyCount stuck at 1 for 15 s. Four in-host
 * runs, all stuck: HTML re-set on hide, not re-set (twice), not re-set with 1.5 s between hide and show; the older
 * code that re-set it on show failed the same way. In one Playwright run that hid/showed by clicking the activity bar the controllerchange did come and the
 * document painted, so the worker hand-off is racy rather than always broken — still not something a provider can
 * fix. With it on, the element is kept and only hidden. The cost is one retained webview while the sidebar shows
 * something else. The rest of this provider is written for either value (see onDidChangeVisibility).
 */
export const RETAIN_CONTEXT_WHEN_HIDDEN = true;

/**
 * The `xdm.conversations` webview view: the sidebar's document on the shared {@link WebviewHost}, plus what only the
 * sidebar has (visibility, the activity-bar badge, the open conversation it restores). Written to work with
 * retainContextWhenHidden either way: if the document is torn down on hide, a re-shown one paints from its
 * bootstrap and the ready handshake brings it up to date.
 */
export class ConversationsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private host: WebviewHost | undefined;
  private hiddenCount = 0;
  private hostWaiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];
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
    const host = new WebviewHost(this.hub, view.webview, {
      surface: { kind: 'sidebar' },
      isVisible: () => view.visible,
      openIn: (conversationId, where) => (where === 'editor' ? this.openInEditor(conversationId) : this.reveal(conversationId)),
    });
    this.host = host;
    this.viewDisposables.push(host);
    host.render((resolveContext.state as { openConversationId?: string } | undefined)?.openConversationId);
    view.onDidChangeVisibility(() => {
      if (!view.visible) {
        this.hiddenCount++;
        // Without retained context the document is gone until the next show, when VS Code re-creates it from the
        // same HTML (it does not resolve the view again) and the same onDidReceiveMessage subscription hears it;
        // posts wait for its ready.
        if (!RETAIN_CONTEXT_WHEN_HIDDEN) host.notReady();
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
    await this.host?.whenReady();
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

  /** For the in-host test hook: what the view currently is, without any message content. */
  snapshot(): { readyCount: number; hiddenCount: number; ready: boolean; visible: boolean; rejectedMessages: number; openConversationId?: string; screen: string; badge?: number } {
    return {
      readyCount: this.host?.readyCount ?? 0,
      hiddenCount: this.hiddenCount,
      ready: this.host?.ready ?? false,
      visible: this.view?.visible ?? false,
      rejectedMessages: this.host?.dispatcher.rejected ?? 0,
      openConversationId: this.host?.openId,
      screen: this.hub.appState().screen,
      badge: this.view?.badge?.value,
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
    if (!this.view) return;
    const total = this.hub.totalUnread();
    // Zero, not `undefined`: VS Code 1.100's WebviewViewPane ignores an `undefined` badge (it keeps the last activity,
    // unlike tree views), so the activity bar went on showing the old count after the last unread was read. A zero
    // badge replaces that activity and the activity bar shows nothing for zero.
    this.view.badge = total > 0 ? { value: total, tooltip: vscode.l10n.t('{0} unread messages', total) } : { value: 0, tooltip: '' };
  }
}
