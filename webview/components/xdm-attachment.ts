import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { MAX_ALT_TEXT_LENGTH } from '../../src/protocol/outgoingMedia';
import { formatBytes } from '../../src/protocol/mediaLimits';
import { format } from '../../src/protocol/strings';
import type { WebviewStrings } from '../../src/protocol/strings';
import type { AttachmentDraft } from '../model/attachmentDraft';
import { percent } from '../model/attachmentDraft';

/**
 * The attachment above the composer: preview, Remove, alt text, progress, and after a failure the reason with Retry.
 * Renders only; the composer acts on `remove-attachment`, `retry-upload` and `alt-text` events.
 */
export class XdmAttachment extends LitElement {
  static override properties = { draft: { attribute: false }, strings: { attribute: false } };

  draft!: AttachmentDraft;
  strings!: WebviewStrings;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit(name: string, detail?: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  protected override render(): TemplateResult {
    const s = this.strings;
    const d = this.draft;
    const busy = d.phase === 'attaching' || d.phase === 'uploading';
    const size = d.vm ? formatBytes(d.vm.size) : '';
    return html`<div class="attachment ${d.phase}" aria-busy=${busy ? 'true' : 'false'}>
      ${d.previewUrl
        ? html`<img class="attachment-preview" src=${d.previewUrl} alt=${d.altText || d.name} />`
        : html`<span class="attachment-preview codicon codicon-file-media" aria-hidden="true"></span>`}
      <div class="attachment-body">
        <div class="attachment-title">
          <span class="attachment-name" title=${d.name}>${d.name}</span><span class="attachment-size">${size}</span>
          <vscode-toolbar-button
            class="attachment-remove"
            icon="close"
            label=${s.removeAttachment}
            title=${s.removeAttachment}
            ?disabled=${d.phase === 'uploading'}
            @click=${() => this.emit('remove-attachment')}
          ></vscode-toolbar-button>
        </div>
        ${d.phase === 'attaching'
          ? html`<span class="attachment-status" role="status">${s.attaching}</span>`
          : html`<vscode-textfield
              class="attachment-alt"
              placeholder=${s.altTextLabel}
              aria-label=${s.altTextLabel}
              title=${s.altTextHint}
              maxlength=${MAX_ALT_TEXT_LENGTH}
              ?disabled=${d.phase === 'uploading'}
              .value=${d.altText}
              @input=${(e: Event) => this.emit('alt-text', (e.target as HTMLInputElement).value)}
            ></vscode-textfield>`}
        ${d.phase === 'uploading'
          ? html`<div class="attachment-progress" role="status">
              <vscode-progress-bar value=${percent(d)} max="100" aria-label=${format(s.uploadProgress, percent(d))}></vscode-progress-bar>
              <span>${format(s.uploadProgress, percent(d))}</span>
            </div>`
          : null}
        ${d.phase === 'failed'
          ? html`<div class="attachment-error" role="alert">
              <span>${d.error}</span>
              <vscode-button secondary @click=${() => this.emit('retry-upload')}>${s.uploadRetry}</vscode-button>
            </div>`
          : null}
      </div>
    </div>`;
  }
}

customElements.define('xdm-attachment', XdmAttachment);
