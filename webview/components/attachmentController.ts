import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { INTERACTIVE_REQUEST_TIMEOUT_MS } from '../../src/protocol/messages';
import type { OutgoingAttachmentVM } from '../../src/protocol/outgoingMedia';
import type { PanelContext } from '../context';
import type { AttachmentDraft } from '../model/attachmentDraft';
import { base64Of, refusalFor } from '../model/attachmentDraft';

/**
 * The composer's one attachment (X's limit): from paste, drop or the host's dialog, checked here and by the host,
 * uploaded with progress; a new file replaces the old, and a failed upload keeps it (and the text).
 */
export class AttachmentController implements ReactiveController {
  draft: AttachmentDraft | undefined;
  /** Why the last file was not attached (shown under the composer until the next attempt). */
  notice = '';
  private unsubscribe: (() => void) | undefined;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ctx: () => PanelContext,
  ) {
    host.addController(this);
  }

  /** Called by Lit when the composer is connected to the document. */
  hostConnected(): void {
    this.unsubscribe = this.ctx().client.onNotification((message) => {
      if (message.type !== 'uploadProgress' || message.attachmentId !== this.draft?.vm?.id) return;
      this.draft = { ...this.draft, sentBytes: message.sentBytes, totalBytes: message.totalBytes };
      this.host.requestUpdate();
    });
  }

  /** Called by Lit when the composer leaves the document. */
  hostDisconnected(): void {
    this.unsubscribe?.();
    this.clear();
  }

  get busy(): boolean {
    return this.draft?.phase === 'attaching' || this.draft?.phase === 'uploading';
  }

  /** A pasted or dropped file: refused here with X's reason, or handed to the host (which checks again). */
  async attachFile(file: File): Promise<void> {
    const refused = refusalFor(file, this.ctx().strings);
    this.notice = refused ?? '';
    if (refused) return this.host.requestUpdate();
    const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
    await this.take(file.name || 'image', previewUrl, async () =>
      this.ctx().client.request('attachMedia', { name: file.name || 'image', mimeType: file.type, data: await base64Of(file) }, INTERACTIVE_REQUEST_TIMEOUT_MS),
    );
  }

  /** The paperclip: VS Code's open dialog on the host (the webview cannot read the disk). */
  async pick(): Promise<void> {
    this.notice = '';
    await this.take('…', undefined, () => this.ctx().client.request('pickMedia', {}, INTERACTIVE_REQUEST_TIMEOUT_MS));
  }

  setAltText(altText: string): void {
    if (this.draft) this.draft = { ...this.draft, altText };
  }

  /** Uploads (once; a retry after a failure uploads again) and resolves with what `send` needs, or undefined on failure. */
  async upload(): Promise<{ id: string; altText?: string } | undefined> {
    const draft = this.draft;
    if (!draft?.vm || this.busy) return undefined;
    const id = draft.vm.id;
    this.set({ ...draft, phase: 'uploading', sentBytes: 0, totalBytes: draft.vm.size, error: undefined });
    try {
      await this.ctx().client.request('uploadMedia', { attachmentId: id }, INTERACTIVE_REQUEST_TIMEOUT_MS);
    } catch (error) {
      if (this.draft?.vm?.id === id) this.set({ ...this.draft, phase: 'failed', error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
    const altText = this.draft?.altText.trim();
    return { id, ...(altText ? { altText } : {}) };
  }

  /** Forgets the attachment here; `release` also frees the host's copy (not after `send` took it). */
  clear(release = true): void {
    const id = this.draft?.vm?.id;
    if (this.draft?.previewUrl?.startsWith('blob:')) URL.revokeObjectURL(this.draft.previewUrl);
    this.generation++;
    this.draft = undefined;
    if (release && id) this.ctx().client.request('removeMedia', { attachmentId: id }).catch(() => undefined);
    this.host.requestUpdate();
  }

  private async take(name: string, previewUrl: string | undefined, attach: () => Promise<OutgoingAttachmentVM | null>): Promise<void> {
    this.clear();
    const generation = this.generation;
    this.set({ phase: 'attaching', name, altText: '', sentBytes: 0, totalBytes: 0, ...(previewUrl ? { previewUrl } : {}) });
    try {
      const vm = await attach();
      if (generation !== this.generation) return;
      if (!vm) return this.clear(false);
      this.set({ ...(this.draft as AttachmentDraft), phase: 'ready', vm, name: vm.name, previewUrl: previewUrl ?? vm.preview });
    } catch (error) {
      if (generation !== this.generation) return;
      if (previewUrl) URL.revokeObjectURL(previewUrl);
      this.draft = undefined;
      const code = (error as { code?: string }).code;
      this.notice = code === 'cancelled' ? '' : error instanceof Error ? error.message : String(error);
      this.host.requestUpdate();
    }
  }

  private set(draft: AttachmentDraft): void {
    this.draft = draft;
    this.host.requestUpdate();
  }
}
