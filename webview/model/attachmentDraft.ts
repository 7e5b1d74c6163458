import type { WebviewStrings } from '../../src/protocol/strings';
import { format } from '../../src/protocol/strings';
import { MAX_WEBVIEW_MEDIA_BYTES, checkMedia, formatBytes } from '../../src/protocol/mediaLimits';
import type { OutgoingAttachmentVM } from '../../src/protocol/outgoingMedia';

/** A composer attachment as the webview sees it; the bytes live on the host under `vm.id`. */
export interface AttachmentDraft {
  phase: 'attaching' | 'ready' | 'uploading' | 'failed';
  vm?: OutgoingAttachmentVM;
  /** `blob:` URL of a pasted/dropped image or the host's `data:` preview of a picked one; absent for video. */
  previewUrl?: string;
  name: string;
  altText: string;
  sentBytes: number;
  totalBytes: number;
  error?: string;
}

/** The first file in a paste or drop, if any. */
export function firstFile(data: DataTransfer | null): File | undefined {
  if (!data) return undefined;
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind === 'file') {
      const file = item.getAsFile();
      if (file) return file;
    }
  }
  return data.files?.[0];
}

/** Why X would refuse this file (or the panel cannot hand it over), in plain words; undefined when it may go. */
export function refusalFor(file: { type: string; size: number }, s: WebviewStrings): string | undefined {
  const check = checkMedia(file.type, file.size);
  if (!check.ok) {
    if (check.problem === 'empty') return s.attachEmpty;
    if (check.problem === 'type') return s.attachNotAccepted;
    const what = check.category === 'dm_gif' ? s.mediaGifs : check.category === 'dm_video' ? s.mediaVideos : s.mediaImages;
    return format(s.attachTooLarge, formatBytes(check.size), what, formatBytes(check.maxBytes));
  }
  if (file.size > MAX_WEBVIEW_MEDIA_BYTES) return format(s.attachUsePicker, formatBytes(MAX_WEBVIEW_MEDIA_BYTES));
  return undefined;
}

/** The file's bytes as base64 (what the protocol carries), without building a giant string of char codes. */
export async function base64Of(file: Blob): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(',') + 1);
}

export function percent(draft: AttachmentDraft): number {
  return draft.totalBytes > 0 ? Math.min(100, Math.round((draft.sentBytes / draft.totalBytes) * 100)) : 0;
}
