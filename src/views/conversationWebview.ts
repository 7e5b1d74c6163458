import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { conversationNotifications } from '../protocol/conversations/protocol';
import type { NotificationMessage } from '../protocol/conversations/protocol';
import type { Bootstrap, Surface } from '../protocol/messages';
import type { ThreadItemVM, ThreadVM, UiStateVM } from '../protocol/viewModels';
import { PanelDispatcher, PanelRequestError } from './dispatcher';
import type { Drafts } from './draftMerge';
import { buildHtml } from './html';
import { createPanelHandlers } from './panelHandlers';
import type { PanelSession } from './panelHandlers';
import { webviewStrings } from './strings';
import { ThreadDiff } from './threadDiff';
import { conversationVM } from './viewModels';
import { WebviewConnection } from './host/webviewConnection';
import type { HubMember, WebviewHub } from './webviewHub';

const INITIAL_WINDOW = 2000;

/** The only options a webview of ours gets: scripts, and local files from dist/ and media/ alone. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

export interface HostOptions {
  surface: Surface;
  /** Whether the user can see the webview now (a message arriving in a visible open thread is read). */
  isVisible(): boolean;
  /** Opens a conversation on another surface (the thread header's Open in Editor / Open in Sidebar). */
  openIn(conversationId: string, where: 'editor' | 'sidebar'): Promise<void>;
}

/**
 * The conversations feature in one webview (sidebar or editor tab) on the generic {@link WebviewConnection}: its
 * bootstrap, its ready handshake, the request handlers, and the open conversation as last shown (for deltas).
 */
export class ConversationWebview implements PanelSession, HubMember, vscode.Disposable {
  readonly connection: WebviewConnection<typeof conversationNotifications>;
  openId: string | undefined;
  private threadWindow = INITIAL_WINDOW;
  private shown = new Map<string, ThreadItemVM>();
  private readonly diff = new ThreadDiff();
  readonly dispatcher: PanelDispatcher;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly hub: WebviewHub,
    private readonly webview: vscode.Webview,
    private readonly options: HostOptions,
  ) {
    this.connection = new WebviewConnection(webview, conversationNotifications, {
      onReady: ({ openConversationId }) => this.onReady(openConversationId),
      log: (message) => hub.log.debug(message),
    });
    this.dispatcher = new PanelDispatcher(
      createPanelHandlers(hub.accounts, this, hub.media, (message) => this.post(message)),
      {
        onReady: (message) => this.connection.receiveReady(message),
        onAck: (message) => this.connection.receiveAck(message),
        onUiState: (message) => hub.receiveUiState(this, message.state, options.surface.kind === 'sidebar'),
        onTyping: (message) => hub.typing(message.conversationId),
      },
      (message) => this.connection.respond(message),
      hub.log,
    );
    webview.options = webviewOptions(hub.context.extensionUri);
    this.disposables.push(hub.add(this), webview.onDidReceiveMessage((raw: unknown) => void this.dispatcher.handle(raw)));
  }

  /** Sets the document; `restoredOpenId` is the sidebar's open conversation from VS Code's persisted webview state. */
  render(restoredOpenId?: string): void {
    const asUri = (...parts: string[]) => this.webview.asWebviewUri(vscode.Uri.joinPath(this.hub.context.extensionUri, ...parts)).toString();
    const surface = this.options.surface;
    const stored = this.hub.uiStore.read();
    let uiState: UiStateVM | undefined = stored;
    let openId = stored ? stored.openConversationId : restoredOpenId;
    if (surface.kind === 'tab') {
      openId = surface.conversationId;
      uiState = { openConversationId: openId, drafts: stored?.drafts ?? {} };
    }
    const current = this.hub.accounts.current;
    let thread: ThreadVM | undefined;
    if (current && openId) {
      try {
        thread = this.hub.buildThread(current, openId, this.threadWindow);
      } catch (error) {
        this.hub.log.debug(`Panel: no bootstrap thread (${String(error)}).`);
      }
    }
    this.hub.bootstrapped(this, stored?.drafts);
    const bootstrap: Bootstrap = {
      strings: webviewStrings(),
      locale: vscode.env.language,
      state: this.hub.appState(),
      uiState,
      draftsDeletedAt: this.hub.draftDeletions.all(),
      thread,
      surface: surface.kind === 'tab' ? surface : undefined,
    };
    this.connection.setDocument(buildHtml({
      cspSource: this.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      codiconUri: asUri('dist', 'codicons', 'codicon.css'),
      bootstrap,
    }));
  }

  post(message: NotificationMessage): void {
    this.connection.notify(message);
  }

  // ---- PanelSession ----

  async openConversation(conversationId: string): Promise<ThreadVM> {
    const surface = this.options.surface;
    // A tab shows its one conversation; its document has no reason to ask for another.
    if (surface.kind === 'tab' && surface.conversationId !== conversationId) throw new PanelRequestError('notFound', vscode.l10n.t('This conversation is no longer available.'));
    const current = this.hub.accounts.current;
    if (!current) throw new PanelRequestError('signedOut', vscode.l10n.t('Sign in to X first.'));
    await current.dm.ready();
    if (this.openId !== conversationId) this.threadWindow = INITIAL_WINDOW;
    const thread = this.hub.buildThread(current, conversationId, this.threadWindow);
    if (!thread) throw new PanelRequestError('notFound', vscode.l10n.t('This conversation is no longer available.'));
    this.openId = conversationId;
    this.remember(thread);
    if (current.dm.conversation(conversationId)?.unread) {
      current.dm.markRead(conversationId);
      // Whether or not the service announces the read mark, every list and the badge show it at once.
      this.hub.flush([]);
    }
    return thread;
  }

  /** With an id (Mark as Unread from a command): only if it is the open one, and the document leaves it too. */
  closeConversation(conversationId?: string): void {
    if (conversationId !== undefined && conversationId !== this.openId) return;
    this.openId = undefined;
    this.shown.clear();
    if (conversationId !== undefined) this.post({ type: 'closeConversation', conversationId });
  }

  shownMessage(conversationId: string, messageId: string): { fromMe: boolean; text: string } | undefined {
    if (conversationId !== this.openId) return undefined;
    const item = this.shown.get(messageId);
    return item?.type === 'message' ? { fromMe: item.fromMe, text: item.text } : undefined;
  }

  widenThread(conversationId: string, by: number): void {
    if (conversationId !== this.openId) return;
    this.threadWindow += by;
    this.hub.flush([conversationId]);
  }

  walkthroughId(): string | undefined {
    return this.hub.walkthroughId();
  }

  openIn(conversationId: string, where: 'editor' | 'sidebar'): Promise<void> {
    return this.options.openIn(conversationId, where);
  }

  // ---- HubMember ----

  flushChange(conversationIds: string[]): void {
    const current = this.hub.accounts.current;
    if (!current) return;
    const openId = this.openId;
    if (openId && conversationIds.includes(openId)) {
      // A message arriving in the conversation the user is looking at is read.
      if (this.options.isVisible() && current.dm.conversation(openId)?.unread) current.dm.markRead(openId);
      const thread = this.hub.buildThread(current, openId, this.threadWindow);
      if (thread && this.connection.ready) {
        const { upserts, removed, canLoadOlder, changed } = this.diff.delta(thread.items, thread.canLoadOlder);
        this.shown = new Map(thread.items.map((item) => [item.id, item]));
        if (changed) this.post({ type: 'threadDelta', conversationId: openId, upserts, removed, canLoadOlder });
      }
    }
    this.post({ type: 'conversations', conversations: current.dm.conversations().map((c) => conversationVM(c, current.dm)) });
  }

  postState(): void {
    this.post({ type: 'state', state: this.hub.appState() });
  }

  resetConversation(): void {
    this.closeConversation();
  }

  postDrafts(drafts: Drafts): void {
    this.post({ type: 'drafts', drafts });
  }

  postForgetDrafts(userId: string): void {
    this.post({ type: 'forgetDrafts', userId });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private remember(thread: ThreadVM): void {
    this.diff.reset(thread.items, thread.canLoadOlder);
    this.shown = new Map(thread.items.map((item) => [item.id, item]));
  }

  /** The ready handshake (first load or reconnect alike): the document's bootstrap may be stale by now. */
  private onReady(openConversationId: string | undefined): void {
    this.postState();
    this.hub.syncDrafts(this);
    if (openConversationId && this.hub.accounts.current) {
      void this.openConversation(openConversationId).then(
        (thread) => this.post({ type: 'thread', thread }),
        () => this.closeConversation(),
      );
    } else {
      this.closeConversation();
    }
  }
}
