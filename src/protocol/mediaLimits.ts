/**
 * What X accepts as a DM attachment (https://docs.x.com/x-api/media): images up to 5 MB, GIF 15 MB, MP4 512 MB,
 * one per DM. Webview, host, client and the emulator check the same table.
 */
export type MediaCategory = 'dm_image' | 'dm_gif' | 'dm_video';

export const MB = 1024 * 1024;

export const MEDIA_LIMITS: Readonly<Record<MediaCategory, { types: readonly string[]; maxBytes: number }>> = {
  dm_image: { types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * MB },
  dm_gif: { types: ['image/gif'], maxBytes: 15 * MB },
  dm_video: { types: ['video/mp4'], maxBytes: 512 * MB },
};

/** Bytes the webview may hand over itself (paste, drop); bigger files (videos) are picked through the host's dialog. */
export const MAX_WEBVIEW_MEDIA_BYTES = 15 * MB;

/** The `accept` list for file pickers and the dialog's filters. */
export const ACCEPTED_MEDIA_TYPES: readonly string[] = Object.values(MEDIA_LIMITS).flatMap((rule) => rule.types);
export const ACCEPTED_MEDIA_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'mp4'];

export type MediaCheck =
  | { ok: true; category: MediaCategory; mimeType: string }
  | { ok: false; problem: 'type'; mimeType: string }
  | { ok: false; problem: 'empty' }
  | { ok: false; problem: 'size'; category: MediaCategory; maxBytes: number; size: number };

export function categoryOf(mimeType: string): MediaCategory | undefined {
  const type = normaliseType(mimeType);
  return (Object.keys(MEDIA_LIMITS) as MediaCategory[]).find((category) => MEDIA_LIMITS[category].types.includes(type));
}

/** Whether X takes a file of this type and size as a DM attachment. */
export function checkMedia(mimeType: string, size: number): MediaCheck {
  const type = normaliseType(mimeType);
  const category = categoryOf(type);
  if (!category) return { ok: false, problem: 'type', mimeType: type };
  if (size <= 0) return { ok: false, problem: 'empty' };
  const { maxBytes } = MEDIA_LIMITS[category];
  if (size > maxBytes) return { ok: false, problem: 'size', category, maxBytes, size };
  return { ok: true, category, mimeType: type };
}

/**
 * The type the bytes say they are (file signatures), so a file named or labelled as one type cannot be uploaded
 * as another. Undefined for anything X does not take.
 */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return 'video/mp4';
  return undefined;
}

/** "5 MB", "1.4 MB", "820 KB": sizes in the units X's limits are written in. */
export function formatBytes(size: number): string {
  if (size >= MB) return `${Number((size / MB).toFixed(1))} MB`;
  return `${Math.max(1, Math.round(size / 1024))} KB`;
}

function normaliseType(mimeType: string): string {
  const type = mimeType.split(';')[0].trim().toLowerCase();
  return type === 'image/jpg' || type === 'image/pjpeg' ? 'image/jpeg' : type;
}
