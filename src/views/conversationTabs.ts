import * as v from 'valibot';
import * as vscode from 'vscode';
import type { Conversation } from '../dm/model/conversation';
import type { PlainText } from '../util/plainText';
import { RETAIN_CONTEXT_WHEN_HIDDEN, TAB_VIEW_TYPE } from './webviewOptions';
import { conversationIdSchema } from './messageSchemas';
import { parseTabState, tabTitle } from './tabState';
import { conversationVM } from './viewModels';
import type { WebviewHub } from './webviewHub';
import { ConversationWebview, webviewOptions } from './conversationWebview';

interface Tab {
  panel: vscode.WebviewPanel;
  host: ConversationWebview;
}

/**
 * Conversations in editor tabs, one tab per conversation (opening it again reveals it), each a ConversationWebview
 * titled with the neutralised conversation title and restored after a reload from the id its webview saved.
 */
export class ConversationTabs implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly tabs = new Map<string, Tab>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly hub: WebviewHub,
    private readonly openInSidebar: (conversationId: string) => Promise<void>,
  ) {
    this.disposables.push(hub.onDidChange(() => this.retitle()));
  }

  /** Opens (or reveals) the conversation in a tab beside the editor. Rejects an id that is malformed or unknown. */
  async open(conversationId: string): Promise<void> {
    if (!v.is(conversationIdSchema, conversationId)) throw new Error(vscode.l10n.t('That is not a conversation id.'));
    const existing = this.tabs.get(conversationId);
    if (existing) {
      existing.panel.reveal(undefined, false);
      return;
    }
    const current = this.hub.accounts.current;
    if (!current) throw new Error(vscode.l10n.t('Sign in to X first.'));
    await current.dm.ready();
    if (!current.dm.conversation(conversationId)) throw new Error(vscode.l10n.t('This conversation is no longer available.'));
    // Conversation tabs gather in one editor group (the newest tab's), beside the code at first.
    const viewColumn = [...this.tabs.values()].at(-1)?.panel.viewColumn ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(TAB_VIEW_TYPE, this.title(conversationId), { viewColumn, preserveFocus: false }, {
      ...webviewOptions(this.hub.context.extensionUri),
      // Kept for the same reason as the sidebar's (see RETAIN_CONTEXT_WHEN_HIDDEN): a re-shown document may never load.
      retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN,
    });
    this.attach(panel, conversationId);
  }

  /** Called by VS Code after a reload for every `xdm.conversation` tab that was open, with the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restored = parseTabState(state);
    if (!restored || this.tabs.has(restored.conversationId)) {
      // Nothing to show (state never saved, or from elsewhere): an empty tab would only confuse.
      this.hub.log.debug(`Tabs: closed a restored tab (${restored ? 'already open' : 'no valid state'}).`);
      panel.dispose();
      return;
    }
    this.attach(panel, restored.conversationId);
  }

  /** The conversation of the active tab, if one of ours is active and visible (notifications skip it). */
  get activeConversationId(): string | undefined {
    for (const [conversationId, tab] of this.tabs) if (tab.panel.active && tab.panel.visible) return conversationId;
    return undefined;
  }

  dispose(): void {
    for (const tab of this.tabs.values()) tab.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private attach(panel: vscode.WebviewPanel, conversationId: string): void {
    panel.iconPath = vscode.Uri.joinPath(this.hub.context.extensionUri, 'media', 'xdm.svg');
    panel.title = this.title(conversationId);
    const host = new ConversationWebview(this.hub, panel.webview, {
      surface: { kind: 'tab', conversationId },
      isVisible: () => panel.visible,
      openIn: (id, where) => (where === 'sidebar' ? this.openInSidebar(id) : this.open(id)),
    });
    this.tabs.set(conversationId, { panel, host });
    panel.onDidChangeViewState(() => {
      if (!panel.visible && !RETAIN_CONTEXT_WHEN_HIDDEN) host.connection.notReady();
    });
    panel.onDidDispose(() => {
      host.dispose();
      if (this.tabs.get(conversationId)?.panel === panel) this.tabs.delete(conversationId);
    });
    host.render();
  }

  private title(conversationId: string): PlainText {
    let summary: Conversation | undefined;
    try {
      summary = this.hub.accounts.current?.dm.conversation(conversationId);
    } catch {
      // Before the archive has loaded (a tab restored at startup) the title follows with the first change.
      summary = undefined;
    }
    return tabTitle(summary ? conversationVM(summary).title : '', vscode.l10n.t('Conversation'));
  }

  private retitle(): void {
    for (const [conversationId, tab] of this.tabs) {
      const title = this.title(conversationId);
      if (tab.panel.title !== title) tab.panel.title = title;
    }
  }
}
