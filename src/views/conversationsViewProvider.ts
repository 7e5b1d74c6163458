import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountContext, Accounts } from '../accounts/accounts';
import type { DmChange } from '../dm/dmService';
import type { Bootstrap, HostMessage } from '../protocol/messages';
import type { AppStateVM, ThreadItemVM, ThreadVM, UiStateVM } from '../protocol/viewModels';
import { PanelDispatcher, PanelRequestError } from './dispatcher';
import { buildHtml } from './html';
import { MediaCache } from './mediaCache';
import { createPanelHandlers } from './panelHandlers';
import type { PanelSession } from './panelHandlers';
import { webviewStrings } from './strings';
import { ThreadDiff } from './threadDiff';
import { DraftDeletions } from './draftDeletions';
import { createUiStateStore, type UiStateStore } from './uiStateStore';
import { conversationVM, personVM, syncVM, threadVM } from './viewModels';
import { RETAIN_CONTEXT_WHEN_HIDDEN } from './webviewOptions';

const INITIAL_WINDOW = 2000;
/**
 * The `xdm.conversations` webview view. Owns the open conversation and what the webview was last shown. Written to
 * work with retainContextWhenHidden either way: if the document is torn down on hide, a re-shown one paints from
 * its bootstrap and the ready handshake brings it up to date.
 */
export class ConversationsViewProvider implements vscode.WebviewViewProvider, PanelSession, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readyCount = 0;
  private hiddenCount = 0;
  private readyWaiters: (() => void)[] = [];
  private openId: string | undefined;
  private threadWindow = INITIAL_WINDOW;
  private shown = new Map<string, ThreadItemVM>();
  private readonly diff = new ThreadDiff();
  private readonly media = new MediaCache();
  private readonly uiStore: UiStateStore;
  private readonly draftDeletions: DraftDeletions;
  private readonly dispatcher: PanelDispatcher;
  private readonly disposables: vscode.Disposable[] = [];
  private accountDisposables: vscode.Disposable[] = [];
  private pendingChange: NodeJS.Timeout | undefined;
  private pendingIds = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly accounts: Accounts,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.draftDeletions = new DraftDeletions(context.globalState);
    // Per workspace; a window without a folder keeps it in memory (see uiStateStore.ts).
    this.uiStore = createUiStateStore(context.storageUri?.fsPath, () => this.draftDeletions.all());
    this.dispatcher = new PanelDispatcher(
      createPanelHandlers(accounts, this, this.media, (message) => this.post(message)),
      {
        onReady: (message) => this.onReady(message.openConversationId),
        onUiState: (message) => this.uiStore.write(message.state),
      },
      (message) => this.post(message),
      log,
    );
    this.disposables.push(
      accounts.onDidChangeCurrent((current) => this.bindAccount(current)),
      accounts.onDidChangeAccounts(() => this.postState()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('xdm.composer.sendOnEnter') || event.affectsConfiguration('xdm.clientId')) this.postState();
      }),
    );
    this.bindAccount(accounts.current);
  }

  get visibleConversationId(): string | undefined {
    return this.view?.visible ? this.openId : undefined;
  }

  resolveWebviewView(view: vscode.WebviewView, resolveContext: vscode.WebviewViewResolveContext<unknown>): void {
    this.view = view;
    this.ready = false;
    const extensionUri = this.context.extensionUri;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    const restored = (resolveContext.state as UiStateVM | undefined)?.openConversationId;
    view.webview.html = this.html(restored);
    view.onDidChangeVisibility(() => {
      if (!view.visible) {
        this.hiddenCount++;
        // Without retained context the document is gone until the next show, when VS Code re-creates it from the
        // same HTML (it does not resolve the view again) and the same onDidReceiveMessage subscription hears it;
        // posts wait for its ready.
        if (!RETAIN_CONTEXT_WHEN_HIDDEN) this.ready = false;
      }
      this.updateBadge();
    }, undefined, this.disposables);
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.ready = false;
    }, undefined, this.disposables);
    view.webview.onDidReceiveMessage((raw: unknown) => void this.dispatcher.handle(raw), undefined, this.disposables);
    this.updateBadge();
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async reveal(conversationId?: string): Promise<void> {
    await vscode.commands.executeCommand('xdm.conversations.focus');
    if (!conversationId) return;
    await this.whenReady();
    this.post({ type: 'open', conversationId });
  }

  // ---- PanelSession ----

  async openConversation(conversationId: string): Promise<ThreadVM> {
    const current = this.accounts.current;
    if (!current) throw new PanelRequestError('signedOut', vscode.l10n.t('Sign in to X first.'));
    await current.dm.ready();
    if (this.openId !== conversationId) this.threadWindow = INITIAL_WINDOW;
    const thread = this.buildThread(current, conversationId);
    if (!thread) throw new PanelRequestError('notFound', vscode.l10n.t('This conversation is no longer available.'));
    this.openId = conversationId;
    this.remember(thread);
    if (current.dm.conversation(conversationId)?.unread) {
      current.dm.markRead(conversationId);
      // Whether or not the service announces the read mark, the list and the badge show it at once.
      this.flushChange([]);
    }
    return thread;
  }

  closeConversation(conversationId?: string): void {
    if (conversationId !== undefined && conversationId !== this.openId) return;
    this.openId = undefined;
    this.shown.clear();
    // From a command (Mark as Unread): the webview goes back to the list too.
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
    this.flushChange([conversationId]);
  }

  /** For the in-host test hook: what the view currently is, without any message content. */
  snapshot(): { readyCount: number; hiddenCount: number; ready: boolean; visible: boolean; rejectedMessages: number; openConversationId?: string; screen: string; badge?: number } {
    return {
      readyCount: this.readyCount,
      hiddenCount: this.hiddenCount,
      ready: this.ready,
      visible: this.view?.visible ?? false,
      rejectedMessages: this.dispatcher.rejected,
      openConversationId: this.openId,
      screen: this.appState().screen,
      badge: this.view?.badge?.value,
    };
  }

  /** After "Sign out, delete messages": the account's drafts go from this window's copy, the webview and, through the recorded time, every other copy. */
  async forgetDrafts(userId: string): Promise<void> {
    await this.draftDeletions.record(userId, Date.now());
    this.uiStore.forgetAccount(userId);
    this.post({ type: 'forgetDrafts', userId });
  }

  walkthroughId(): string | undefined {
    const walkthroughs = (this.context.extension.packageJSON as { contributes?: { walkthroughs?: { id: string }[] } }).contributes?.walkthroughs;
    return walkthroughs?.[0]?.id;
  }

  dispose(): void {
    if (this.pendingChange) clearTimeout(this.pendingChange);
    for (const d of [...this.disposables, ...this.accountDisposables]) d.dispose();
    this.media.clear();
  }

  // ---- internals ----

  private html(openConversationId: string | undefined): string {
    const webview = this.view!.webview;
    const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...parts)).toString();
    const uiState = this.uiStore.read();
    // The mirrored file is fresher than VS Code's persisted webview state (written later): it decides when present.
    const openId = uiState ? uiState.openConversationId : openConversationId;
    const current = this.accounts.current;
    let thread: ThreadVM | undefined;
    if (current && openId) {
      try {
        thread = this.buildThread(current, openId);
      } catch (error) {
        this.log.debug(`Panel: no bootstrap thread (${String(error)}).`);
      }
    }
    const bootstrap: Bootstrap = {
      strings: webviewStrings(),
      locale: vscode.env.language,
      state: this.appState(),
      uiState,
      draftsDeletedAt: this.draftDeletions.all(),
      thread,
    };
    return buildHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      codiconUri: asUri('dist', 'codicons', 'codicon.css'),
      bootstrap,
    });
  }

  private buildThread(current: AccountContext, conversationId: string): ThreadVM | undefined {
    const summary = current.dm.conversation(conversationId);
    if (!summary) return undefined;
    return threadVM(summary, current.dm.thread(conversationId, { limit: this.threadWindow }), current.dm);
  }

  private remember(thread: ThreadVM): void {
    this.diff.reset(thread.items, thread.canLoadOlder);
    this.shown = new Map(thread.items.map((item) => [item.id, item]));
  }

  private appState(): AppStateVM {
    const current = this.accounts.current;
    const sendOnEnter = vscode.workspace.getConfiguration('xdm').get<boolean>('composer.sendOnEnter', true);
    const accounts = this.accounts.list().map((a) => ({ sessionId: a.sessionId, label: a.label, current: a.sessionId === current?.account.sessionId }));
    if (!current) {
      return {
        screen: this.accounts.configured ? 'signedOut' : 'notConfigured',
        accounts,
        conversations: [],
        sync: { phase: 'idle' },
        composerBlock: 'signedOut',
        sendOnEnter,
      };
    }
    const sync = current.dm.syncState;
    let conversations: AppStateVM['conversations'] = [];
    try {
      conversations = current.dm.conversations().map((s) => conversationVM(s, current.dm));
    } catch (error) {
      // The archive loads lazily; before it has, the list arrives with the first change event.
      this.log.debug(`Panel: conversations not ready (${String(error)}).`);
    }
    return {
      screen: 'signedIn',
      me: personVM(current.dm.me),
      accounts,
      conversations,
      sync: syncVM(sync),
      composerBlock: sync.phase === 'offline' ? 'offline' : sync.phase === 'rateLimited' ? 'rateLimited' : undefined,
      composerBlockUntil: sync.phase === 'rateLimited' ? sync.rateLimitedUntil : undefined,
      sendOnEnter,
    };
  }

  private bindAccount(current: AccountContext | undefined): void {
    for (const d of this.accountDisposables) d.dispose();
    this.accountDisposables = [];
    this.openId = undefined;
    this.shown.clear();
    this.media.clear();
    if (current) {
      this.accountDisposables.push(
        current.dm.onDidChange((change) => this.onDmChange(change)),
        current.dm.onDidChangeSyncState(() => this.postState()),
      );
      void current.dm.ready().then(
        () => this.postState(),
        (error: unknown) => this.log.warn(`Panel: archive not ready (${String(error)}).`),
      );
    }
    this.postState();
  }

  private onDmChange(change: DmChange): void {
    for (const id of change.conversationIds) this.pendingIds.add(id);
    // Coalesce bursts (a sync page lands many events at once) into one post.
    this.pendingChange ??= setTimeout(() => {
      this.pendingChange = undefined;
      const ids = [...this.pendingIds];
      this.pendingIds.clear();
      this.flushChange(ids);
    }, 30);
  }

  private flushChange(conversationIds: string[]): void {
    const current = this.accounts.current;
    if (!current) return;
    const openId = this.openId;
    if (openId && conversationIds.includes(openId)) {
      // A message arriving in the conversation the user is looking at is read.
      if (this.view?.visible && current.dm.conversation(openId)?.unread) current.dm.markRead(openId);
      const thread = this.buildThread(current, openId);
      if (thread && this.ready) {
        const { upserts, removed, canLoadOlder, changed } = this.diff.delta(thread.items, thread.canLoadOlder);
        this.shown = new Map(thread.items.map((item) => [item.id, item]));
        if (changed) this.post({ type: 'threadDelta', conversationId: openId, upserts, removed, canLoadOlder });
      }
    }
    if (this.ready) this.post({ type: 'conversations', conversations: current.dm.conversations().map((s) => conversationVM(s, current.dm)) });
    this.updateBadge();
  }

  private onReady(openConversationId: string | undefined): void {
    this.ready = true;
    this.readyCount++;
    this.postState();
    if (openConversationId && this.accounts.current) {
      void this.openConversation(openConversationId).then(
        (thread) => this.post({ type: 'thread', thread }),
        () => this.closeConversation(),
      );
    } else {
      this.closeConversation();
    }
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  private postState(): void {
    this.updateBadge();
    if (this.ready) this.post({ type: 'state', state: this.appState() });
  }

  private updateBadge(): void {
    if (!this.view) return;
    let total: number;
    try {
      total = this.accounts.current?.dm.totalUnread() ?? 0;
    } catch {
      // Before the archive is loaded there is nothing to count yet.
      total = 0;
    }
    // Zero, not `undefined`: VS Code 1.100's WebviewViewPane ignores an `undefined` badge (it keeps the last activity,
    // unlike tree views), so the activity bar went on showing the old count after the last unread was read. A zero
    // badge replaces that activity and the activity bar shows nothing for zero.
    this.view.badge = total > 0 ? { value: total, tooltip: vscode.l10n.t('{0} unread messages', total) } : { value: 0, tooltip: '' };
  }

  private post(message: HostMessage): void {
    if (!this.view) return;
    void this.view.webview.postMessage(message).then(undefined, (error: unknown) => this.log.debug(`Panel: post failed (${String(error)}).`));
  }
}
