import type { MediaCategory } from './mediaLimits';

/**
 * An attachment waiting in the composer. The host holds the bytes (in memory, per panel) under `id`; the webview
 * only shows the preview and says which attachment to upload, send or drop.
 */
export interface OutgoingAttachmentVM {
  /** Minted by the host (`att-…`); the webview cannot name bytes it did not hand over or pick. */
  id: string;
  /** The file name, for display only. */
  name: string;
  mimeType: string;
  category: MediaCategory;
  size: number;
  /** A `data:` URL of the image for files picked through the host's dialog (paste and drop preview their own blob). */
  preview?: string;
}

/** X's limit for image descriptions (alt text). */
export const MAX_ALT_TEXT_LENGTH = 1000;
