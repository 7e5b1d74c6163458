import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { COUNTER_THRESHOLD, MAX_MESSAGE_LENGTH } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import type { ComposerBlock } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { messageLength } from '../model/messageLength';
import { clockTime } from '../model/relativeTime';

/**
 * The composer: Enter sends and Shift+Enter is a newline (or Ctrl/Cmd+Enter sends when `xdm.composer.sendOnEnter`
 * is off), a counter near the limit, disabled with the reason while sending is impossible, and a draft per
 * conversation saved on every keystroke.
 */
export class XdmComposer extends LitElement {
  static override properties = {
    conversationId: { attribute: false },
    block: { attribute: false },
    blockUntil: { attribute: false },
    sendOnEnter: { attribute: false },
    text: { state: true },
  };

  ctx!: PanelContext;
  conversationId = '';
  block: ComposerBlock | undefined;
  blockUntil: number | undefined;
  sendOnEnter = true;
  text = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('conversationId')) this.text = this.ctx.ui.draft(this.conversationId);
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
    this.setText((event.target as HTMLTextAreaElement).value);
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
    if (this.block || text.trim() === '' || messageLength(text) > MAX_MESSAGE_LENGTH) return;
    this.setText('');
    const area = this.querySelector<HTMLTextAreaElement>('vscode-textarea');
    if (area) area.value = '';
    this.dispatchEvent(new CustomEvent('send-message', { detail: text, bubbles: true }));
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const left = MAX_MESSAGE_LENGTH - messageLength(this.text);
    const reason = this.blockReason();
    const counter = left < 0 ? format(s.charactersOver, -left) : left <= COUNTER_THRESHOLD ? format(s.charactersLeft, left) : '';
    return html`<div class="composer">
      ${reason ? html`<div class="composer-blocked" role="status"><span class="codicon codicon-info" aria-hidden="true"></span>${reason}</div>` : null}
      <div class="composer-row">
        <vscode-textarea
          class="composer-input"
          rows="2"
          resize="none"
          label=${s.composerLabel}
          aria-label=${s.composerLabel}
          placeholder=${s.composerPlaceholder}
          ?disabled=${Boolean(reason)}
          .value=${this.text}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @blur=${() => this.ctx.ui.flush()}
        ></vscode-textarea>
        <vscode-button
          class="composer-send"
          icon="send"
          aria-label=${s.send}
          title=${s.send}
          ?disabled=${Boolean(reason) || this.text.trim() === '' || left < 0}
          @click=${() => this.send()}
        ></vscode-button>
      </div>
      <div class="composer-footer">
        <span class="composer-hint">${this.sendOnEnter ? s.hintEnterSends : s.hintCtrlEnterSends}</span>
        <span class="composer-counter ${left < 0 ? 'over' : ''}" aria-live="polite">${counter}</span>
      </div>
    </div>`;
  }

  private blockReason(): string | undefined {
    const s = this.ctx.strings;
    switch (this.block) {
      case 'signedOut':
        return s.blockedSignedOut;
      case 'offline':
        return s.blockedOffline;
      case 'rateLimited':
        return format(s.blockedRateLimited, this.blockUntil ? clockTime(this.blockUntil, this.ctx.locale) : '…');
      default:
        return undefined;
    }
  }
}

customElements.define('xdm-composer', XdmComposer);
