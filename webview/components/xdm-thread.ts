import { LitElement, html } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { RequestMap } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import type { AppStateVM, ConversationVM, MessageVM, ThreadVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { announcementText, arrivedMessages } from '../model/announcements';
import { buildRows } from '../model/grouping';
import type { ThreadRow } from '../model/grouping';
import { dayLabel } from '../../src/protocol/relativeTime';
import { conversationMenuContext } from '../render/conversationRow';
import { renderLockedThread } from '../render/lockedThread';
import { renderMessage } from '../render/messageRow';
import { threadCapabilities } from '../model/threadCapabilities';
import type { MessageActions } from '../render/messageRow';
import type { XdmComposer } from './xdm-composer';
import './xdm-composer';
import type { XdmVirtualList } from './xdm-virtual-list';
import './xdm-virtual-list';

type Row = ThreadRow | { kind: 'older'; key: string };

/** One conversation: header with Back, the virtualized message log with "Load older" on top, and the composer. */
export class XdmThread extends LitElement {
  static override properties = {
    thread: { attribute: false },
    state: { attribute: false },
    inTab: { attribute: false },
    loadingOlder: { state: true },
    announcement: { state: true },
  };

  ctx!: PanelContext;
  thread!: ThreadVM;
  state!: AppStateVM;
  /** In an editor tab there is no list to go back to: the header offers the sidebar instead. */
  inTab = false;
  loadingOlder = false;
  /** Text of the polite live region: messages from others that arrived while this conversation is open. */
  announcement = '';
  private rows: Row[] = [];
  private rowsFor: ThreadVM | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** After opening: the composer, or in a locked thread (whose composer is disabled) its Unlock button. */
  focusComposer(): void {
    if (this.thread.locked) void this.updateComplete.then(() => this.querySelector<HTMLElement>('.thread-locked-action')?.focus());
    else this.querySelector<XdmComposer>('xdm-composer')?.focus();
  }

  syncDraft(): void {
    this.querySelector<XdmComposer>('xdm-composer')?.syncDraft();
  }

  restoreDraft(text: string): void {
    this.querySelector<XdmComposer>('xdm-composer')?.restore(text);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('thread')) {
      const arrived = arrivedMessages(changed.get('thread') as ThreadVM | undefined, this.thread);
      const s = this.ctx.strings;
      if (arrived.length > 0) this.announcement = announcementText(arrived, s.newMessageFrom, s.attachmentOnly, format, s);
      else if ((changed.get('thread') as ThreadVM | undefined)?.conversationId !== this.thread.conversationId) this.announcement = '';
    }
    if (changed.has('thread') && this.rowsFor !== this.thread) {
      const rows: Row[] = buildRows(this.thread.items);
      this.rows = this.thread.canLoadOlder ? [{ kind: 'older', key: 'older' }, ...rows] : rows;
      this.rowsFor = this.thread;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const previous = changed.get('thread') as ThreadVM | undefined;
    // A message I just sent scrolls into view even if I had scrolled up.
    if (previous && previous.conversationId === this.thread.conversationId) {
      const last = this.thread.items.at(-1);
      if (last && last.type === 'message' && last.fromMe && last.status === 'pending' && previous.items.at(-1)?.id !== last.id) {
        this.querySelector<XdmVirtualList<Row>>('xdm-virtual-list')?.scrollToEnd();
      }
    }
  }

  private readonly actions: MessageActions = {
    openLink: (url) => this.request('openLink', { url }),
    retry: (m) => {
      if (m.localId) this.request('retry', { localId: m.localId });
    },
    check: (m) => {
      if (m.localId) this.request('check', { localId: m.localId });
    },
    discard: (m) => {
      if (m.localId) this.request('discard', { localId: m.localId });
    },
    remove: (m: MessageVM) => this.request('deleteMessage', { conversationId: this.thread.conversationId, messageId: m.id }),
  };

  private request<M extends 'openLink' | 'retry' | 'check' | 'discard' | 'deleteMessage'>(method: M, params: RequestMap[M]['params']): void {
    this.ctx.client.request(method, params).catch((error: unknown) => this.ctx.reportError(error));
  }

  private loadOlder(): void {
    if (this.loadingOlder) return;
    this.loadingOlder = true;
    this.ctx.client
      .request('loadOlder', { conversationId: this.thread.conversationId })
      .catch((error: unknown) => this.ctx.reportError(error))
      .finally(() => (this.loadingOlder = false));
  }

  private back(): void {
    if (this.inTab) return;
    this.dispatchEvent(new CustomEvent('close-conversation', { bubbles: true }));
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      this.back();
    }
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const t = this.thread;
    const can = threadCapabilities(t);
    return html`<div class="thread-screen" @keydown=${this.onKeydown}>
      <div class="thread-header" data-vscode-context=${this.headerMenuContext()}>
        ${this.inTab ? null : html`<vscode-toolbar-button icon="arrow-left" label=${s.back} title=${s.back} @click=${() => this.back()}></vscode-toolbar-button>`}
        <div class="thread-title"><bdi>${t.title}</bdi><span class="thread-subtitle">${t.subtitle}</span></div>
        ${t.encrypted || t.locked
          ? html`<span class="thread-encrypted" data-testid="thread-encrypted" title=${s.encryptedTitle}
              ><span class="codicon codicon-lock" aria-hidden="true"></span>${s.encryptedLabel}</span
            >`
          : null}
        ${this.summary()?.muted ? html`<span class="codicon codicon-bell-slash thread-flag" role="img" aria-label=${s.muted} title=${s.muted}></span>` : null}
        ${this.renderOpenIn()}
        <vscode-toolbar-button
          class="thread-actions"
          icon="ellipsis"
          label=${s.conversationActions}
          title=${s.conversationActions}
          @click=${() => this.ctx.client.request('conversationActions', { conversationId: t.conversationId }).catch((e: unknown) => this.ctx.reportError(e))}
        ></vscode-toolbar-button>
      </div>
      ${t.locked
        ? renderLockedThread(this.state.xchat, this.ctx)
        : this.rows.length === 0
          ? html`<p class="empty thread-empty">${s.emptyThread}</p>`
          : html`<xdm-virtual-list
              class="thread-log"
              stick-to-bottom
              role="list"
              aria-label=${format(s.threadLabel, t.title)}
              .items=${this.rows}
              .keyOf=${(row: Row) => row.key}
              .estimate=${estimate}
              .renderItem=${(row: Row) => this.renderRow(row, can.canDelete)}
            ></xdm-virtual-list>`}
      ${this.summary()?.blocked ? html`<p class="thread-notice" role="note">${format(s.blockedNotice, t.subtitle)}</p>` : null}
      <xdm-composer
        .ctx=${this.ctx}
        .conversationId=${t.conversationId}
        .block=${this.state.composerBlock}
        .blockUntil=${this.state.composerBlockUntil}
        .sendOnEnter=${this.state.sendOnEnter}
        .locked=${t.locked === true}
        .encrypted=${t.encrypted === true}
        .canSendMedia=${can.canSendMedia}
      ></xdm-composer>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  private summary(): ConversationVM | undefined {
    return this.state.conversations.find((c) => c.id === this.thread.conversationId);
  }

  private headerMenuContext(): string {
    const summary = this.summary();
    return JSON.stringify(summary ? conversationMenuContext(summary) : { preventDefaultContextMenuItems: true });
  }

  /** One toolbar button: the same conversation on the other surface (editor tab from the sidebar, and back). */
  private renderOpenIn(): TemplateResult {
    const s = this.ctx.strings;
    const where = this.inTab ? 'sidebar' : 'editor';
    const label = this.inTab ? s.openInSidebar : s.openInEditor;
    return html`<vscode-toolbar-button
      class="thread-open-in"
      icon=${this.inTab ? 'layout-sidebar-left' : 'link-external'}
      label=${label}
      title=${label}
      @click=${() => this.ctx.client.request('openIn', { conversationId: this.thread.conversationId, where }).catch((error: unknown) => this.ctx.reportError(error))}
    ></vscode-toolbar-button>`;
  }

  private renderRow(row: Row, canDelete: boolean): TemplateResult {
    const s = this.ctx.strings;
    switch (row.kind) {
      case 'older':
        return html`<div class="load-older">
          <vscode-button secondary ?disabled=${this.loadingOlder} @click=${() => this.loadOlder()}
            >${this.loadingOlder ? s.loadingOlder : s.loadOlder}</vscode-button
          >
        </div>`;
      case 'day':
        return html`<div class="day-separator" role="separator"><span>${dayLabel(row.at, this.ctx.now(), this.ctx.locale)}</span></div>`;
      case 'system':
        return html`<div class="system-line" role="listitem">
          ${format(row.line.kind === 'join' ? s.joined : s.left, row.line.names.join(', '))}
        </div>`;
      case 'message':
        return renderMessage(row.message, row.groupStart, this.thread.conversationId, this.ctx, this.actions, canDelete);
    }
  }
}

function estimate(row: Row): number {
  if (row.kind !== 'message') return 28;
  const lines = Math.ceil(Math.min(row.message.text.length, 4000) / 40) + (row.message.attachments.length > 0 ? 8 : 0);
  return (row.groupStart ? 22 : 0) + 12 + lines * 18;
}

customElements.define('xdm-thread', XdmThread);
