import type { DmService } from '../dm/dmService';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 64;

/**
 * Media bytes fetched by the host with the user's token and handed to the webview as data: URLs (the webview never
 * sees a token and cannot reach ton.x.com). Only raster image types, so a hostile payload cannot smuggle SVG
 * script or HTML through a data: URL. Small LRU so scrolling back and forth costs no requests.
 */
export class MediaCache {
  private readonly entries = new Map<string, Promise<string>>();

  dataUrl(dm: Pick<DmService, 'fetchMedia'>, dmEventId: string, mediaKey: string): Promise<string> {
    const key = `${dmEventId}/${mediaKey}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const pending = dm.fetchMedia(dmEventId, mediaKey).then(({ bytes, contentType }) => {
      const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!IMAGE_TYPES.has(type)) throw new Error(`Unsupported media type ${type || '(none)'}.`);
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

  clear(): void {
    this.entries.clear();
  }
}
