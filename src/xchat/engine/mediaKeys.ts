import type { Event as ChatEvent } from '@xdevplatform/chat-xdk';
import { XCHAT_MEDIA_HASH_KEY_PATTERN } from '../../dm/model/ids';
import type { MediaAttachment } from './protocol';

/**
 * Inside the worker: which media verified messages named, and the conversation key that opened each message. Only
 * media named this way can be decrypted (`decryptMedia`), and only with that key; the keys never leave the worker
 * and are zeroed on `clear` (lock).
 */
export class MediaKeys {
  /** `conversation/version` → key bytes (a private copy). */
  private readonly keys = new Map<string, Uint8Array>();
  /** `conversation/mediaHashKey` → key version. */
  private readonly media = new Map<string, string>();

  /** Keeps what a verified message needs; `batchKeys` is the batch's version → key map (not kept itself). */
  remember(conversationId: string, version: string | undefined, batchKeys: Readonly<Record<string, Uint8Array>>, attachments: readonly MediaAttachment[]): void {
    const key = version === undefined ? undefined : batchKeys[version];
    if (version === undefined || !key || attachments.length === 0) return;
    const slot = `${conversationId}/${version}`;
    if (!this.keys.has(slot)) this.keys.set(slot, new Uint8Array(key));
    for (const a of attachments) this.media.set(`${conversationId}/${a.mediaHashKey}`, version);
  }

  keyFor(conversationId: string, mediaHashKey: string): Uint8Array | undefined {
    const version = this.media.get(`${conversationId}/${mediaHashKey}`);
    return version === undefined ? undefined : this.keys.get(`${conversationId}/${version}`);
  }

  clear(): void {
    for (const key of this.keys.values()) key.fill(0);
    this.keys.clear();
    this.media.clear();
  }
}

const dimension = (n: unknown): number | undefined => (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 100_000 ? (n as number) : undefined);

/**
 * The media attachments of a decrypted message, as far as they fit the protocol: a hash key that is not X's shape,
 * or odd dimensions, cannot spoil the whole batch's reply; such an attachment is left out or loses the odd field.
 */
export function mediaOf(ev: ChatEvent): MediaAttachment[] {
  const out: MediaAttachment[] = [];
  for (const raw of Array.isArray(ev.attachments) ? ev.attachments : []) {
    const a = raw as Record<string, unknown> | null;
    if ((a?.attachment_type ?? a?.attachmentType) !== 'media') continue;
    const hash = a?.mediaHashKey;
    if (typeof hash !== 'string' || !XCHAT_MEDIA_HASH_KEY_PATTERN.test(hash)) continue;
    const dims = (a?.dimensions ?? {}) as Record<string, unknown>;
    const type = a?.mediaType;
    const width = dimension(dims.width);
    const height = dimension(dims.height);
    out.push({
      mediaHashKey: hash,
      mediaType: typeof type === 'string' && type.length <= 20 ? type : 'unknown',
      ...(width !== undefined && height !== undefined ? { width, height } : {}),
    });
    if (out.length === 10) break;
  }
  return out;
}
