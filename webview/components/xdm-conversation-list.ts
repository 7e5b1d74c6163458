import { LitElement, html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { PanelAction } from '../../src/protocol/conversations/protocol';
import type { AppStateVM, ConversationVM } from '../../src/protocol/viewModels';
import { format } from '../../src/protocol/strings';
import type { PanelContext } from '../context';
import { renderConversationRow } from '../render/conversationRow';
import './xdm-sync-status';
import type { XdmVirtualList } from './xdm-virtual-list';
import './xdm-virtual-list';
import './xdm-xchat-status';

const ROW_HEIGHT = 44;

/**
 * The conversation browser: filter (over the whole archive, through the host), actions, account switcher, a
 * virtualized listbox (arrow keys move, Enter opens) and the quiet sync line.
 */
export class XdmConversationList extends LitElement {
  static override properties = {
    state: { attribute: false },
    results: { state: true },
    active: { state: true },
  };

  ctx!: PanelContext;
  state!: AppStateVM;
  results: ConversationVM[] | undefined;
  active = 0;
  private searchTimer: number | undefined;
  private searchSeq = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.ctx.ui.filter) this.search(this.ctx.ui.filter, 0);
  }

  /** Re-runs the filter when the archive changed (a new message may now match). */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && changed.get('state') && this.ctx.ui.filter) this.search(this.ctx.ui.filter, 100);
  }

  focusList(): void {
    this.querySelector<HTMLElement>('xdm-virtual-list')?.focus();
  }

  private get shown(): ConversationVM[] {
    return this.results ?? this.state.conversations;
  }

  private search(query: string, delay: number): void {
    window.clearTimeout(this.searchTimer);
    if (query.trim() === '') {
      this.results = undefined;
      return;
    }
    this.searchTimer = window.setTimeout(() => {
      const seq = ++this.searchSeq;
      this.ctx.client.request('search', { query }).then(
        (results) => {
          if (seq === this.searchSeq) this.results = results;
        },
        (error: unknown) => this.ctx.reportError(error),
      );
    }, delay);
  }

  private onFilter(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.ctx.ui.filter = value;
    this.active = 0;
    this.search(value, 150);
  }

  private open(id: string): void {
    this.dispatchEvent(new CustomEvent('open-conversation', { detail: id, bubbles: true }));
  }

  private onKeydown(event: KeyboardEvent): void {
    const count = this.shown.length;
    if (count === 0) return;
    const page = Math.max(1, Math.floor((this.querySelector('xdm-virtual-list')?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -count, End: count };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      this.active = Math.max(0, Math.min(count - 1, this.active + move));
      this.querySelector<XdmVirtualList<ConversationVM>>('xdm-virtual-list')?.scrollToIndex(this.active);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const conversation = this.shown[Math.min(this.active, count - 1)];
      if (conversation) this.open(conversation.id);
    }
  }

  private action(action: PanelAction): void {
    this.ctx.client.request('runAction', { action }).catch((error: unknown) => this.ctx.reportError(error));
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const list = this.shown;
    const active = Math.min(this.active, Math.max(0, list.length - 1));
    const activeId = list[active] ? `conv-${list[active].id}` : '';
    return html`<div class="list-screen">
      ${this.renderAccount()}
      <div class="list-toolbar">
        <vscode-textfield
          class="filter"
          type="search"
          placeholder=${s.filterPlaceholder}
          aria-label=${s.filterPlaceholder}
          .value=${this.ctx.ui.filter}
          @input=${this.onFilter}
          @keydown=${(e: KeyboardEvent) => e.key === 'ArrowDown' && (e.preventDefault(), this.focusList())}
        ><span slot="content-before" class="codicon codicon-filter"></span></vscode-textfield>
        <vscode-toolbar-button icon="comment" label=${s.newMessage} title=${s.newMessage} @click=${() => this.action('newMessage')}></vscode-toolbar-button>
        <vscode-toolbar-button icon="organization" label=${s.newGroup} title=${s.newGroup} @click=${() => this.action('newGroup')}></vscode-toolbar-button>
        ${this.state.xchat?.status === 'unlocked'
          ? html`<vscode-toolbar-button class="xchat-lock" data-testid="xchat-lock" icon="lock" label=${s.xchatLock} title=${s.xchatLock} @click=${() => this.action('lockXChat')}></vscode-toolbar-button>`
          : null}
      </div>
      <xdm-xchat-status .ctx=${this.ctx} .xchat=${this.state.xchat} .accountId=${this.state.me?.id}></xdm-xchat-status>
      ${list.length === 0
        ? html`<p class="empty">${this.results ? s.noMatches : s.noConversations}</p>`
        : html`<xdm-virtual-list
            class="conversation-list"
            role="listbox"
            tabindex="0"
            aria-label=${s.conversationsLabel}
            aria-activedescendant=${activeId}
            .items=${list}
            .keyOf=${(c: ConversationVM) => c.id}
            .estimate=${() => ROW_HEIGHT}
            .renderItem=${(c: ConversationVM, i: number) =>
              renderConversationRow(c, i, list.length, i === active, this.ctx, (id) => {
                this.active = i;
                this.open(id);
              })}
            @keydown=${this.onKeydown}
          ></xdm-virtual-list>`}
      <xdm-sync-status .ctx=${this.ctx} .sync=${this.state.sync} @refresh=${() => this.action('refresh')}></xdm-sync-status>
    </div>`;
  }

  /**
   * The account the panel works with, always shown; with several it is the switcher. Usernames come from X:
   * bound as text and isolated with <bdi>.
   */
  private renderAccount(): TemplateResult | null {
    const s = this.ctx.strings;
    const current = this.state.accounts.find((a) => a.current);
    const username = this.state.me?.username ? `@${this.state.me.username}` : current?.label;
    if (!username) return null;
    const name = this.state.me?.name && this.state.me.name !== username ? this.state.me.name : undefined;
    if (this.state.accounts.length > 1) {
      const onChange = (event: Event) => {
        const sessionId = (event.target as HTMLSelectElement).value;
        this.ctx.client.request('switchAccount', { sessionId }).catch((error: unknown) => this.ctx.reportError(error));
      };
      return html`<div class="account-line account-switcher" title=${format(s.signedInAs, username)}>
        <span class="codicon codicon-account" aria-hidden="true"></span>
        <vscode-single-select aria-label=${`${s.accountLabel}: ${username}`} @change=${onChange}>
          ${this.state.accounts.map((a) => html`<vscode-option value=${a.sessionId} ?selected=${a.current}>${a.label}</vscode-option>`)}
        </vscode-single-select>
      </div>`;
    }
    return html`<div class="account-line" role="note" aria-label=${format(s.signedInAs, username)} title=${format(s.signedInAs, username)}>
      <span class="codicon codicon-account" aria-hidden="true"></span>
      <bdi class="account-username">${username}</bdi>
      ${name ? html`<bdi class="account-name">${name}</bdi>` : null}
    </div>`;
  }
}

customElements.define('xdm-conversation-list', XdmConversationList);
