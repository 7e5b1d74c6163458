import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import type { HostMessage } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import type { AppStateVM, ThreadVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { applyDelta } from '../model/grouping';
import { heldByOutbox } from '../model/unsent';
import { followXChatLock } from '../model/xchatLockFollow';
import { forgetEncryptedMedia } from './xdm-media';
import type { XdmConversationList } from './xdm-conversation-list';
import './xdm-conversation-list';
import './xdm-signed-out';
import type { XdmThread } from './xdm-thread';
import './xdm-thread';

/**
 * Root of the panel: chooses the screen from the host's state, owns the open thread (applying the host's deltas)
 * and routes intents (open, close, send) to the host.
 */
export class XdmApp extends LitElement {
  static override properties = {
    state: { attribute: false },
    thread: { attribute: false },
    error: { state: true },
    unavailable: { state: true },
  };

  ctx!: PanelContext;
  /** Set in an editor tab: the one conversation it shows (no list, no Back). */
  tabConversationId: string | undefined;
  state!: AppStateVM;
  thread: ThreadVM | undefined;
  error = '';
  /** In a tab: its conversation could not be opened (not in the signed-in account). */
  unavailable = false;
  private openSeq = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Host notifications (responses are consumed by the client). */
  handle(message: Exclude<HostMessage, { type: 'response' | 'forgetDrafts' | 'drafts' }>): void {
    switch (message.type) {
      case 'state': {
        const wasSignedIn = this.state.screen === 'signedIn';
        const wasUnlocked = this.state.xchat?.status === 'unlocked';
        this.state = message.state;
        this.followLock(wasUnlocked, message.state.xchat?.status === 'unlocked');
        if (message.state.screen !== 'signedIn') this.thread = undefined;
        // After a reload the account may become current only after the handshake: reopen what was open.
        else if (!wasSignedIn && !this.thread && this.ctx.ui.openConversationId) this.open(this.ctx.ui.openConversationId);
        return;
      }
      case 'conversations':
        this.state = { ...this.state, conversations: message.conversations };
        return;
      case 'thread':
        if (this.ctx.ui.openConversationId === message.thread.conversationId) this.thread = message.thread;
        return;
      case 'threadDelta':
        if (this.thread?.conversationId === message.conversationId) {
          this.thread = { ...this.thread, items: applyDelta(this.thread.items, message.upserts, message.removed), canLoadOlder: message.canLoadOlder };
        }
        return;
      case 'open':
        this.open(message.conversationId);
        return;
      case 'closeConversation':
        if (this.thread?.conversationId === message.conversationId) this.close();
        return;
    }
  }

  /** An open encrypted thread follows X Chat's lock at once (see followXChatLock). */
  private followLock(wasUnlocked: boolean, unlocked: boolean): void {
    if (wasUnlocked && !unlocked) forgetEncryptedMedia();
    const next = followXChatLock(this.thread, wasUnlocked, unlocked);
    if (next.kind === 'reopen') this.open(next.conversationId);
    else if (next.kind === 'lock') this.thread = next.thread;
  }

  /** The drafts changed on another surface: the composer shows this conversation's. */
  syncDraft(): void {
    this.querySelector<XdmThread>('xdm-thread')?.syncDraft();
  }

  showError(message: string): void {
    this.error = message;
  }

  open(conversationId: string): void {
    const seq = ++this.openSeq;
    this.unavailable = false;
    this.ctx.ui.openConversationId = conversationId;
    const summary = this.state.conversations.find((c) => c.id === conversationId);
    // Paint the header at once; the items follow in one round trip.
    if (this.thread?.conversationId !== conversationId) {
      this.thread = summary
        ? {
            conversationId,
            title: summary.title,
            subtitle: summary.subtitle,
            kind: summary.kind,
            items: [],
            canLoadOlder: false,
            ...(summary.encrypted || summary.locked ? { encrypted: true as const } : {}),
            ...(summary.locked ? { locked: true as const } : {}),
          }
        : undefined;
    }
    this.ctx.client.request('openConversation', { conversationId }).then(
      (thread) => {
        if (seq !== this.openSeq) return;
        this.thread = thread;
        void this.updateComplete.then(() => this.querySelector<XdmThread>('xdm-thread')?.focusComposer());
      },
      (error: unknown) => {
        if (seq !== this.openSeq) return;
        this.close();
        this.ctx.reportError(error);
      },
    );
  }

  close(): void {
    this.openSeq++;
    this.thread = undefined;
    // A tab keeps its conversation: it says it is unavailable rather than turning into a list.
    if (this.tabConversationId) {
      this.unavailable = true;
      return;
    }
    this.ctx.ui.openConversationId = undefined;
    this.ctx.client.request('closeConversation', {}).catch(() => undefined);
    void this.updateComplete.then(() => this.querySelector<XdmConversationList>('xdm-conversation-list')?.focusList());
  }

  private send(text: string): void {
    const thread = this.thread;
    if (!thread) return;
    this.ctx.client.request('send', { conversationId: thread.conversationId, text }).catch((error: unknown) => {
      // The text goes back into the composer only if it never reached the outbox: once the thread shows it as
      // unsent, the host owns it (it may even have reached X) and a second copy must not be one keystroke away.
      if (!heldByOutbox(this.thread, text)) this.querySelector<XdmThread>('xdm-thread')?.restoreDraft(text);
      this.ctx.reportError(error);
    });
  }

  protected override render(): TemplateResult {
    const screen = this.state.screen;
    return html`${this.error
        ? html`<div class="panel-error" role="alert">
            <span>${format(this.ctx.strings.requestFailed, this.error)}</span>
            <vscode-toolbar-button icon="close" label="×" @click=${() => (this.error = '')}></vscode-toolbar-button>
          </div>`
        : null}${screen !== 'signedIn'
        ? html`<xdm-signed-out .ctx=${this.ctx} .screen=${screen}></xdm-signed-out>`
        : this.thread
          ? html`<xdm-thread
              .ctx=${this.ctx}
              .inTab=${this.tabConversationId !== undefined}
              .thread=${this.thread}
              .state=${this.state}
              @close-conversation=${() => this.close()}
              @send-message=${(e: CustomEvent<string>) => this.send(e.detail)}
            ></xdm-thread>`
          : this.tabConversationId
            ? html`<p class="empty" role="status">${this.unavailable ? this.ctx.strings.tabUnavailable : this.ctx.strings.tabLoading}</p>`
            : html`<xdm-conversation-list
              .ctx=${this.ctx}
              .state=${this.state}
              @open-conversation=${(e: CustomEvent<string>) => this.open(e.detail)}
            ></xdm-conversation-list>`}`;
  }
}

customElements.define('xdm-app', XdmApp);
