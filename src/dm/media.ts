import type { XMedia } from '../api/schemas/dmMedia';

/**
 * The three ids `GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}` needs, from what X put in
 * `includes.media`: the media id is the numeric part of the media key (`3_1234…`), the resource id is the last
 * path segment of the media URL (`…/dm/{dm_id}/{media_id}/{resource_id}` on ton.x.com, extension included, or the API path itself).
 */
export function mediaIdsFor(mediaKey: string, media: XMedia | undefined): { mediaId: string; resourceId: string } {
  const mediaId = mediaKey.includes('_') ? (mediaKey.split('_').pop() as string) : mediaKey;
  const url = media?.url ?? media?.preview_image_url;
  let resourceId = mediaId;
  if (url) {
    try {
      const segments = new URL(url).pathname.split('/').filter(Boolean);
      const last = segments[segments.length - 1];
      // X's resource id includes the file extension (`hVJQTwig.jpg`).
      if (last) resourceId = last;
    } catch {
      // not a URL: keep the media id as resource id
    }
  }
  return { mediaId, resourceId };
}
