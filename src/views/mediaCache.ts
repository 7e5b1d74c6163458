import type { DmService } from '../dm/dmService';
import { isXChatMediaKey } from '../dm/model/ids';

const MAX_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 64;
const MAX_OWN = 16;

/** The raster image type the bytes really are (magic numbers), or undefined: never SVG, HTML or anything else. */
export function sniffImageType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}

/**
 * Media bytes fetched with the user's token and handed to the webview as data: URLs (it never sees a token). Raster
 * types only, so a hostile payload cannot smuggle SVG script or HTML; a small LRU saves requests on scrolling.
 */
export class MediaCache {
  private readonly entries = new Map<string, Promise<string>>();
  private readonly own = new Map<string, string>();

  dataUrl(dm: Pick<DmService, 'fetchMedia'>, dmEventId: string, mediaKey: string): Promise<string> {
    const sent = this.own.get(mediaKey);
    if (sent) return Promise.resolve(sent);
    const key = `${dmEventId}/${mediaKey}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = dm.fetchMedia(dmEventId, mediaKey).then(({ bytes }) => {
      // X serves DM media as application/octet-stream, and a declared type proves nothing anyway: the bytes decide.
      const type = sniffImageType(bytes);
      if (!type) throw new Error('Unsupported media type.');
      if (bytes.byteLength > MAX_BYTES) throw new Error('The image is too large to show here.');
      return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
    });
    pending.catch(() => this.entries.delete(key));
    this.entries.set(key, pending);
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }

  /**
   * An image this window just sent, by media key (unique to its upload): the thread shows it from these bytes
   * while it is pending and after, without downloading it back from X. Only raster data: URLs.
   */
  remember(mediaKey: string, dataUrl: string): void {
    if (!/^data:image\/(png|jpeg|gif|webp);base64,/.test(dataUrl)) return;
    this.own.delete(mediaKey);
    this.own.set(mediaKey, dataUrl);
    while (this.own.size > MAX_OWN) this.own.delete(this.own.keys().next().value as string);
  }

  /** X Chat locked: its decrypted images go with its decrypted text (memory only, while unlocked). */
  forgetEncrypted(): void {
    for (const key of [...this.entries.keys()]) if (isXChatMediaKey(key.slice(key.indexOf('/') + 1))) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.own.clear();
  }
}
