import type { UiStateVM } from '../src/protocol/viewModels';
import type { VsCodeApi } from './vscodeApi';

/**
 * UI state only (open conversation, drafts, filter). Kept with the webview's setState (survives hide and reload)
 * and mirrored to the host (survives restart, and code-server reloads), debounced so typing costs nothing.
 */
export class UiState {
  private state: UiStateVM;
  private timer: number | undefined;

  constructor(
    private readonly api: VsCodeApi,
    fromHost: UiStateVM | undefined,
  ) {
    // The host's copy is written the moment a change arrives; VS Code persists setState later, so after a window
    // reload `own` can be older (it then reopened the conversation shown before the last one). The host wins.
    const own = api.getState();
    this.state = { drafts: {}, ...(own ?? {}), ...(fromHost ?? {}) };
    this.state.drafts = { ...(own?.drafts ?? {}), ...(fromHost?.drafts ?? {}) };
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
    return this.state.drafts[conversationId] ?? '';
  }

  setDraft(conversationId: string, text: string): void {
    const drafts = { ...this.state.drafts };
    if (text === '') delete drafts[conversationId];
    else drafts[conversationId] = text;
    this.state = { ...this.state, drafts };
    this.save(false);
  }

  /** Writes at once (also on pagehide, so a draft typed just before reload is not lost). */
  flush(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
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
