import type { AccountDraftsVM, UiStateVM } from '../src/protocol/viewModels';
import type { VsCodeApi } from './vscodeApi';

/**
 * UI state (open conversation, drafts per account, filter): kept with setState for hide and reload, mirrored to
 * the host for restarts, debounced so typing costs nothing.
 */
export class UiState {
  private state: UiStateVM;
  private timer: number | undefined;
  /** Conversations whose draft changed here since the last post to the host. */
  private readonly dirty = new Set<string>();

  constructor(
    private readonly api: VsCodeApi,
    fromHost: UiStateVM | undefined,
    private readonly account: () => string | undefined,
    deletedAt: Readonly<Record<string, number>> = {},
  ) {
    // The host writes its copy at once and VS Code persists setState later, so after a reload the host's is newer
    // whenever it has one (a window without a folder starts without).
    const start = fromHost ?? wellFormed(api.getState());
    this.state = { ...start, drafts: withoutDeleted(start.drafts, deletedAt) };
  }

  get openConversationId(): string | undefined {
    return this.state.openConversationId;
  }

  set openConversationId(id: string | undefined) {
    this.state = { ...this.state, openConversationId: id };
    if (id === undefined) delete this.state.openConversationId;
    this.save(true);
  }

  get filter(): string {
    return this.state.filter ?? '';
  }

  set filter(value: string) {
    this.state = { ...this.state, filter: value };
    this.save(false);
  }

  draft(conversationId: string): string {
    const userId = this.account();
    return (userId !== undefined ? this.state.drafts[userId]?.texts[conversationId] : undefined) ?? '';
  }

  setDraft(conversationId: string, text: string): void {
    const userId = this.account();
    if (userId === undefined) return;
    const texts = { ...this.state.drafts[userId]?.texts };
    if (text === '') delete texts[conversationId];
    else texts[conversationId] = text;
    const drafts = { ...this.state.drafts };
    if (Object.keys(texts).length === 0) delete drafts[userId];
    else drafts[userId] = { savedAt: Date.now(), texts };
    this.state = { ...this.state, drafts };
    this.dirty.add(conversationId);
    this.save(false);
  }

  /**
   * The host's drafts after another surface (sidebar or editor tab) changed one. A draft typed here and not yet
   * posted stays as typed; it reaches the host with the next post.
   */
  replaceDrafts(fromHost: UiStateVM['drafts']): void {
    const drafts = { ...fromHost };
    const userId = this.account();
    const mine = userId !== undefined ? this.state.drafts[userId] : undefined;
    if (userId !== undefined && this.dirty.size > 0) {
      const texts = { ...drafts[userId]?.texts };
      for (const conversationId of this.dirty) {
        const text = mine?.texts[conversationId];
        if (text === undefined) delete texts[conversationId];
        else texts[conversationId] = text;
      }
      if (Object.keys(texts).length === 0) delete drafts[userId];
      else drafts[userId] = { savedAt: Math.max(mine?.savedAt ?? 0, drafts[userId]?.savedAt ?? 0), texts };
    }
    this.state = { ...this.state, drafts };
    this.api.setState(this.state);
  }

  /**
   * The account was signed out with its messages deleted: its drafts go at once, here and in the host's copy, and so
   * does its open conversation (unless another account is in use), so signing in again does not reopen it.
   */
  forgetAccount(userId: string): void {
    const current = this.account();
    const closes = this.state.openConversationId !== undefined && (current === undefined || current === userId);
    if (!this.state.drafts[userId] && !closes) return;
    const drafts = { ...this.state.drafts };
    delete drafts[userId];
    this.state = { ...this.state, drafts };
    if (closes) delete this.state.openConversationId;
    this.save(true);
  }

  /** Writes at once (also on pagehide, so a draft typed just before reload is not lost). */
  flush(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
    this.api.setState(this.state);
    this.api.postMessage({ type: 'uiState', state: this.state });
  }

  private save(now: boolean): void {
    this.api.setState(this.state);
    if (now) {
      this.flush();
      return;
    }
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.flush(), 150);
  }
}

/** VS Code's stored state may come from an older build (drafts not yet per account): keep only what fits. */
function wellFormed(own: UiStateVM | undefined): UiStateVM {
  const drafts: Record<string, AccountDraftsVM> = {};
  for (const [userId, bucket] of Object.entries(own?.drafts ?? {})) {
    const candidate = bucket as Partial<AccountDraftsVM> | null;
    if (typeof candidate?.savedAt === 'number' && typeof candidate.texts === 'object' && candidate.texts !== null) {
      drafts[userId] = { savedAt: candidate.savedAt, texts: candidate.texts };
    }
  }
  return { ...(own ?? {}), drafts };
}

function withoutDeleted(drafts: Record<string, AccountDraftsVM>, deletedAt: Readonly<Record<string, number>>): Record<string, AccountDraftsVM> {
  return Object.fromEntries(Object.entries(drafts).filter(([userId, bucket]) => !(bucket.savedAt <= (deletedAt[userId] ?? -1))));
}
