import { randomUUID } from 'node:crypto';
import type { XDmApi } from '../api/dmApi';
import type { MediaCategory, MediaCheck } from '../protocol/mediaLimits';
import { checkMedia, sniffMediaType } from '../protocol/mediaLimits';
import type { OutgoingAttachmentVM } from '../protocol/outgoingMedia';

/** X refuses this file (type, size or empty): said before anything is uploaded. */
export class AttachmentRefusedError extends Error {
  readonly kind = 'attachmentRefused';
  constructor(readonly check: Exclude<MediaCheck, { ok: true }>) {
    super(`attachment refused (${check.problem})`);
  }
}

interface Pending {
  vm: OutgoingAttachmentVM;
  bytes: Uint8Array;
  /** The X user the bytes are meant for: a media id only works for the user who uploaded it. */
  ownerId: string;
  mediaId?: string;
  uploading?: Promise<string>;
}

export interface ReadyAttachment {
  mediaId: string;
  category: MediaCategory;
  /** A data: URL of the image, so the sent message shows it before X's copy is synced. */
  imageDataUrl?: string;
}

/** Composer attachments waiting to be sent, at most this many per panel (one per open composer is the norm). */
const MAX_PENDING = 4;

/**
 * Attachment bytes held in host memory (never on disk or back to the webview); the bytes decide the type. A finished
 * upload is remembered, so a Retry after a failed send never uploads the same file twice.
 */
export class PendingAttachments {
  private readonly items = new Map<string, Pending>();

  constructor(private readonly newId: () => string = () => `att-${randomUUID()}`) {}

  /** Checks the bytes against X's limits and keeps them; throws AttachmentRefusedError with the reason. */
  add(ownerId: string, name: string, bytes: Uint8Array): OutgoingAttachmentVM {
    const check = checkFile(bytes.byteLength, sniffMediaType(bytes));
    if (!check.ok) throw new AttachmentRefusedError(check);
    const vm: OutgoingAttachmentVM = { id: this.newId(), name: displayName(name), mimeType: check.mimeType, category: check.category, size: bytes.byteLength };
    this.items.set(vm.id, { vm, bytes, ownerId });
    while (this.items.size > MAX_PENDING) this.items.delete(this.items.keys().next().value as string);
    return vm;
  }

  has(id: string, ownerId: string): boolean {
    return this.items.get(id)?.ownerId === ownerId;
  }

  /** Uploads once; concurrent and later calls share the result. A failure keeps the bytes for another try. */
  async upload(id: string, ownerId: string, api: Pick<XDmApi, 'uploadDmMedia'>, onProgress: (sent: number, total: number) => void): Promise<string> {
    const item = this.own(id, ownerId);
    if (item.mediaId) return item.mediaId;
    item.uploading ??= api
      .uploadDmMedia(item.bytes, item.vm.mimeType, item.vm.category, onProgress)
      .then(({ mediaId }) => (item.mediaId = mediaId))
      .finally(() => (item.uploading = undefined));
    return item.uploading;
  }

  /** Hands an uploaded attachment over to the outbox (which from then on owns its media id) and forgets it. */
  take(id: string, ownerId: string): ReadyAttachment | undefined {
    const item = this.items.get(id);
    if (!item || item.ownerId !== ownerId || !item.mediaId) return undefined;
    this.items.delete(id);
    const image = item.vm.category !== 'dm_video' && item.bytes.byteLength <= 8 * 1024 * 1024;
    return {
      mediaId: item.mediaId,
      category: item.vm.category,
      ...(image ? { imageDataUrl: `data:${item.vm.mimeType};base64,${Buffer.from(item.bytes).toString('base64')}` } : {}),
    };
  }

  remove(id: string): void {
    this.items.delete(id);
  }

  clear(): void {
    this.items.clear();
  }

  private own(id: string, ownerId: string): Pending {
    const item = this.items.get(id);
    if (!item || item.ownerId !== ownerId) throw new Error('unknown attachment');
    return item;
  }
}

/** X's limits for a file of this size whose bytes look like `sniffed` (undefined: not a type X takes). */
export function checkFile(size: number, sniffed: string | undefined): MediaCheck {
  return checkMedia(sniffed ?? 'application/octet-stream', size);
}

/** The last path segment, without control characters, at most 120 characters: shown as text only. */
function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...clean].slice(0, 120).join('') || 'attachment';
}
