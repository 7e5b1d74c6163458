import { LitElement, html } from 'lit';
import type { TemplateResult } from 'lit';
import { format } from '../../src/protocol/strings';
import type { AttachmentVM } from '../../src/protocol/viewModels';
import type { PanelContext } from '../context';
import { isXChatMediaKey } from '../../src/dm/model/ids';

const cache = new Map<string, string>();

/** X Chat locked: the page drops its decrypted images with its decrypted text. */
export function forgetEncryptedMedia(): void {
  for (const key of [...cache.keys()]) if (isXChatMediaKey(key.slice(key.indexOf('/') + 1))) cache.delete(key);
}

/**
 * An image attachment. The host downloads the bytes with the user's token and answers with a data: URL; the fetch
 * starts only when the row is rendered (the thread is virtualized), and results are kept for scrolling back.
 */
export class XdmMedia extends LitElement {
  static override properties = { attachment: { attribute: false }, url: { state: true }, failed: { state: true } };

  ctx!: PanelContext;
  attachment!: AttachmentVM;
  url: string | undefined;
  failed = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.attachment.type !== 'photo' && this.attachment.type !== 'animated_gif') return;
    const key = `${this.attachment.dmEventId}/${this.attachment.mediaKey}`;
    this.url = cache.get(key);
    if (this.url) return;
    this.ctx.client.request('fetchMedia', { dmEventId: this.attachment.dmEventId, mediaKey: this.attachment.mediaKey }).then(
      ({ dataUrl }) => {
        if (!dataUrl.startsWith('data:image/')) throw new Error('not an image');
        cache.set(key, dataUrl);
        this.url = dataUrl;
      },
      () => (this.failed = true),
    );
  }

  protected override render(): TemplateResult {
    const s = this.ctx.strings;
    const a = this.attachment;
    if (a.type !== 'photo' && a.type !== 'animated_gif') {
      return html`<span class="media-other"><span class="codicon codicon-file-media" aria-hidden="true"></span>${format(s.attachment, a.type)}</span>`;
    }
    if (this.failed) return html`<span class="media-failed">${s.imageFailed}</span>`;
    const alt = a.altText ?? s.image;
    return this.url
      ? html`<img class="media-image" src=${this.url} alt=${alt} title=${alt} width=${a.width ?? 240} height=${a.height ?? 160} />`
      : html`<span class="media-placeholder" role="img" aria-label=${alt}></span>`;
  }
}

customElements.define('xdm-media', XdmMedia);
