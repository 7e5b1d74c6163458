import * as vscode from 'vscode';
import type { AccountContext, Accounts } from '../accounts/accounts';
import type { DmChange } from '../dm/dmService';
import type { AppStateVM, ThreadVM, UiStateVM } from '../protocol/viewModels';
import { passOnTyping } from '../xchat/wiring/typing';
import { xchatVM } from '../xchat/wiring/xchatVM';
import { DraftDeletions } from './draftDeletions';
import { mergeDrafts, type Drafts } from './draftMerge';
import { MediaCache } from './mediaCache';
import { createUiStateStore, type UiStateStore } from './uiStateStore';
import { conversationVM, personVM, syncVM, threadVM } from './viewModels';

/** What the hub needs from each webview on it (the sidebar and every editor tab). */
export interface HubMember {
  flushChange(conversationIds: string[]): void;
  postState(): void;
  /** The account changed: whatever conversation the member showed belongs to the previous one. */
  resetConversation(): void;
  postDrafts(drafts: Drafts): void;
  postForgetDrafts(userId: string): void;
}

/**
 * What every webview surface shares: account binding, coalesced DM changes, app state, media and the UI-state copy.
 * Drafts live here once, merged three-way from each surface and sent to the others.
 */
export class WebviewHub implements vscode.Disposable {
  readonly media = new MediaCache();
  readonly uiStore: UiStateStore;
  readonly draftDeletions: DraftDeletions;
  private readonly members = new Set<HubMember>();
  /** The drafts each member last had from the hub: the base of its next three-way merge. */
  private readonly synced = new Map<HubMember, Drafts>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** After every change a member may show (unread counts, titles): the sidebar badge and tab titles follow it. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private accountDisposables: vscode.Disposable[] = [];
  private pendingChange: NodeJS.Timeout | undefined;
  private readonly pendingIds = new Set<string>();

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly accounts: Accounts,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.draftDeletions = new DraftDeletions(context.globalState);
    // Per workspace; a window without a folder keeps it in memory (see uiStateStore.ts).
    this.uiStore = createUiStateStore(context.storageUri?.fsPath, () => this.draftDeletions.all());
    this.disposables.push(
      accounts.onDidChangeCurrent((current) => this.bindAccount(current)),
      accounts.onDidChangeAccounts(() => this.postState()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('xdm.composer.sendOnEnter') || event.affectsConfiguration('xdm.clientId')) this.postState();
      }),
    );
    this.bindAccount(accounts.current);
  }

  add(member: HubMember): vscode.Disposable {
    this.members.add(member);
    return new vscode.Disposable(() => {
      this.members.delete(member);
      this.synced.delete(member);
    });
  }

  /** A member's document was (re)created from a bootstrap holding `drafts` (undefined: the hub had no copy). */
  bootstrapped(member: HubMember, drafts: Drafts | undefined): void {
    this.synced.set(member, drafts ?? {});
  }

  /** A member said ready: bring its drafts up to date with the hub's copy, if the hub has one. */
  syncDrafts(member: HubMember): void {
    const drafts = this.uiStore.read()?.drafts;
    if (!drafts) return;
    this.synced.set(member, drafts);
    member.postDrafts(drafts);
  }

  /**
   * A member posted its UI state. Its drafts are merged into the hub's copy; the sidebar's open conversation and
   * filter are kept as it sent them, a tab's (always its own conversation) are not stored.
   */
  receiveUiState(member: HubMember, state: UiStateVM, ownsOpenConversation: boolean): void {
    const stored = this.uiStore.read();
    const drafts = mergeDrafts(this.synced.get(member) ?? {}, state.drafts, stored?.drafts ?? {}, Date.now());
    const rest = ownsOpenConversation ? state : (stored ?? { drafts: {} });
    this.uiStore.write({ ...rest, drafts });
    const text = JSON.stringify(drafts);
    for (const other of this.members) {
      const had = other === member ? state.drafts : this.synced.get(other);
      this.synced.set(other, drafts);
      if (JSON.stringify(had) !== text) other.postDrafts(drafts);
    }
  }

  /** After "Sign out, delete messages": the account's drafts go from this window's copy, every webview and, through the recorded time, every other copy. */
  async forgetDrafts(userId: string): Promise<void> {
    await this.draftDeletions.record(userId, Date.now());
    this.uiStore.forgetAccount(userId);
    for (const [member, drafts] of this.synced) {
      const rest = { ...drafts };
      delete rest[userId];
      this.synced.set(member, rest);
    }
    for (const member of this.members) member.postForgetDrafts(userId);
  }

  buildThread(current: AccountContext, conversationId: string, limit: number): ThreadVM | undefined {
    const summary = current.dm.conversation(conversationId);
    if (!summary) return undefined;
    return threadVM(summary, current.dm.thread(conversationId, { limit }), current.dm);
  }

  totalUnread(): number {
    try {
      return this.accounts.current?.dm.totalUnread() ?? 0;
    } catch {
      // Before the archive is loaded there is nothing to count yet.
      return 0;
    }
  }

  appState(): AppStateVM {
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
      conversations = current.dm.conversations().map((c) => conversationVM(c, current.dm));
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
      xchat: xchatVM(current.dm.encryptedChats?.state, current.signIn),
    };
  }

  /** The composer of `conversationId` is being typed in (the webview throttles it). */
  typing(conversationId: string): void {
    const current = this.accounts.current;
    if (current) void passOnTyping(current.dm, conversationId, this.log);
  }

  /** Posts the given conversations' changes (and the list) to every member now. */
  flush(conversationIds: string[]): void {
    if (!this.accounts.current) return;
    for (const member of this.members) member.flushChange(conversationIds);
    this.changed.fire();
  }

  postState(): void {
    for (const member of this.members) member.postState();
    this.changed.fire();
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

  private bindAccount(current: AccountContext | undefined): void {
    for (const d of this.accountDisposables) d.dispose();
    this.accountDisposables = [];
    for (const member of this.members) member.resetConversation();
    this.media.clear();
    if (current) {
      this.accountDisposables.push(
        current.dm.onDidChange((change) => this.onDmChange(change)),
        current.dm.onDidChangeSyncState(() => this.postState()),
      );
      // Unlock, lock and wrong passcodes change the panel's X Chat row at once.
      const xchatState = current.dm.encryptedChats?.onDidChangeState((state) => {
        if (state.status !== 'unlocked') this.media.forgetEncrypted();
        this.postState();
      });
      if (xchatState) this.accountDisposables.push(xchatState);
      void current.dm.ready().then(
        () => this.postState(),
        (error: unknown) => this.log.warn(`Panel: archive not ready (${String(error)}).`),
      );
    }
    this.postState();
  }

  private onDmChange(change: DmChange): void {
    for (const id of change.conversationIds) this.pendingIds.add(id);
    // Coalesce bursts (a sync page lands many events at once) into one post per member.
    this.pendingChange ??= setTimeout(() => {
      this.pendingChange = undefined;
      const ids = [...this.pendingIds];
      this.pendingIds.clear();
      this.flush(ids);
    }, 30);
  }
}
