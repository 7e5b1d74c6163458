import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { COUNTER_THRESHOLD } from '../../src/protocol/messages';
import { MAX_DM_TEXT_LENGTH, dmTextLength } from '../../src/dm/model/limits';
import { format } from '../../src/protocol/strings';
import type { ComposerBlock } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { clockTime } from '../../src/protocol/relativeTime';
import { firstFile } from '../model/attachmentDraft';
import { composerBlockReason } from '../model/composerBlock';
import { TypingThrottle } from '../model/typingThrottle';
import { AttachmentController } from './attachmentController';
import './xdm-attachment';

/**
 * The composer: send keys per `xdm.composer.sendOnEnter`, a counter near the limit, a draft per conversation, and
 * one attachment uploaded on Send; a failed upload keeps text and attachment for Retry.
 */
export class XdmComposer extends LitElement {
  static override properties = {
    conversationId: { attribute: false },
    block: { attribute: false },
    blockUntil: { attribute: false },
    sendOnEnter: { attribute: false },
    locked: { attribute: false },
    encrypted: { attribute: false },
    canSendMedia: { attribute: false },
    text: { state: true },
    dragging: { state: true },
  };

  ctx!: PanelContext;
  conversationId = '';
  block: ComposerBlock | undefined;
  blockUntil: number | undefined;
  sendOnEnter = true;
  /** A locked X Chat thread: nothing can be sent until encrypted chats are unlocked. */
  locked = false;
  /** X Chat: keystrokes tell the host "typing" (throttled; the host decides whether X hears of it). */
  encrypted = false;
  canSendMedia = true;
  text = '';
  dragging = false;
  private readonly attachment = new AttachmentController(this, () => this.ctx);
  private readonly typing = new TypingThrottle(() => this.ctx.now());

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /**
   * File drags anywhere in the webview are the composer's while it is shown: VS Code takes over any drag the page
   * does not claim (it covers the webview to open the file in an editor), so the page must claim them first.
   */
  private readonly onWindowDrag = (event: DragEvent): void => {
    if (event.type === 'drop') this.onDrop(event);
    else this.onDrag(event, event.type !== 'dragleave');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    for (const type of ['dragenter', 'dragover', 'dragleave', 'drop']) window.addEventListener(type, this.onWindowDrag as EventListener, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of ['dragenter', 'dragover', 'dragleave', 'drop']) window.removeEventListener(type, this.onWindowDrag as EventListener, true);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('conversationId')) {
      this.text = this.ctx.ui.draft(this.conversationId);
      // An attachment belongs to the conversation it was added in.
      if (changed.get('conversationId') !== undefined && this.attachment.draft) this.attachment.clear();
    }
  }

  override focus(): void {
    const area = this.querySelector<HTMLElement & { wrappedElement?: HTMLTextAreaElement }>('vscode-textarea');
    void this.updateComplete.then(() => (area?.wrappedElement ?? area)?.focus());
  }

  /** Shows the host's draft for this conversation after it changed on another surface (sidebar or editor tab). */
  syncDraft(): void {
    const text = this.ctx.ui.draft(this.conversationId);
    if (text !== this.text) this.text = text;
  }

  /** Puts text back after the host refused it (it never reached the outbox). */
  restore(text: string): void {
    if (this.text === '') this.setText(text);
  }

  private setText(text: string): void {
    this.text = text;
    this.ctx.ui.setDraft(this.conversationId, text);
  }

  private onInput(event: Event): void {
    const text = (event.target as HTMLTextAreaElement).value;
    this.setText(text);
    if (this.encrypted && !this.locked && text !== '' && this.typing.take(this.conversationId)) this.ctx.client.typing(this.conversationId);
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing) return;
    const modifier = event.ctrlKey || event.metaKey;
    const sends = this.sendOnEnter ? !event.shiftKey && !event.altKey : modifier;
    if (!sends) return;
    event.preventDefault();
    this.send();
  }

  private send(): void {
    const text = this.text;
    if (this.blockReason() || dmTextLength(text) > MAX_DM_TEXT_LENGTH) return;
    if (this.attachment.draft) {
      void this.sendWithAttachment();
      return;
    }
    if (text.trim() === '') return;
    this.clearText();
    this.dispatchEvent(new CustomEvent('send-message', { detail: text, bubbles: true }));
  }

  /** Upload first (text and attachment stay if it fails), then the outbox takes both: the composer is cleared. */
  private async sendWithAttachment(): Promise<void> {
    const conversationId = this.conversationId;
    const attachment = await this.attachment.upload();
    if (!attachment || conversationId !== this.conversationId) return;
    const text = this.text;
    this.clearText();
    this.attachment.clear(false);
    this.ctx.client.request('send', { conversationId, text, attachment }).catch((error: unknown) => {
      this.restore(text);
      this.ctx.reportError(error);
    });
  }

  private clearText(): void {
    this.setText('');
    const area = this.querySelector<HTMLTextAreaElement>('vscode-textarea');
    if (area) area.value = '';
  }

  private onPaste(event: ClipboardEvent): void {
    const file = firstFile(event.clipboardData);
    if (!file || !this.canSendMedia || this.blockReason() || this.attachment.busy) return;
    event.preventDefault();
    void this.attachment.attachFile(file);
  }

  private onDrag(event: DragEvent, over: boolean): void {
    if (!event.dataTransfer?.types.includes('Files') || !this.canSendMedia || this.blockReason()) return;
    event.preventDefault();
    this.dragging = over;
  }

  private onDrop(event: DragEvent): void {
    this.dragging = false;
    const file = firstFile(event.dataTransfer);
    if (!file || !this.canSendMedia || this.blockReason() || this.attachment.busy) return;
    event.preventDefault();
    void this.attachment.attachFile(file);
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const left = MAX_DM_TEXT_LENGTH - dmTextLength(this.text);
    const reason = this.blockReason();
    const counter = left < 0 ? format(s.charactersOver, -left) : left <= COUNTER_THRESHOLD ? format(s.charactersLeft, left) : '';
    const draft = this.attachment.draft;
    const busy = this.attachment.busy;
    const canSend = !reason && !busy && left >= 0 && (this.text.trim() !== '' || draft?.phase === 'ready' || draft?.phase === 'failed');
    return html`<div
      class="composer ${this.dragging ? 'dragging' : ''}"
      @paste=${this.onPaste}
    >
      ${reason ? html`<div class="composer-blocked" role="status"><span class="codicon codicon-info" aria-hidden="true"></span>${reason}</div>` : null}
      ${draft
        ? html`<xdm-attachment
            .draft=${draft}
            .strings=${s}
            @remove-attachment=${() => this.attachment.clear()}
            @retry-upload=${() => this.send()}
            @alt-text=${(e: CustomEvent<string>) => this.attachment.setAltText(e.detail)}
          ></xdm-attachment>`
        : null}
      <div class="composer-row">
        <vscode-textarea
          class="composer-input"
          rows="2"
          resize="none"
          label=${s.composerLabel}
          aria-label=${s.composerLabel}
          placeholder=${s.composerPlaceholder}
          ?disabled=${Boolean(reason)}
          ?readonly=${draft?.phase === 'uploading'}
          .value=${this.text}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @blur=${() => this.ctx.ui.flush()}
        ></vscode-textarea>
        ${this.canSendMedia
          ? html`<vscode-button
              class="composer-attach"
              icon="attach"
              secondary
              aria-label=${s.attach}
              title=${s.attach}
              ?disabled=${Boolean(reason) || busy}
              @click=${() => void this.attachment.pick()}
            ></vscode-button>`
          : null}
        <vscode-button
          class="composer-send"
          icon="send"
          aria-label=${s.send}
          title=${s.send}
          ?disabled=${!canSend}
          @click=${() => this.send()}
        ></vscode-button>
      </div>
      ${this.attachment.notice ? html`<div class="composer-notice" role="alert">${this.attachment.notice}</div>` : null}
      <div class="composer-footer">
        <span class="composer-hint">${this.sendOnEnter ? s.hintEnterSends : s.hintCtrlEnterSends}</span>
        <span class="composer-counter ${left < 0 ? 'over' : ''}" aria-live="polite">${counter}</span>
      </div>
    </div>`;
  }

  private blockReason(): string | undefined {
    return composerBlockReason(this.block, this.locked, this.ctx.strings, () => (this.blockUntil ? clockTime(this.blockUntil, this.ctx.locale) : '…'));
  }
}

customElements.define('xdm-composer', XdmComposer);
