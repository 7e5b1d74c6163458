import { isXApiError } from '../api/errors';
import { isXChatMediaKey } from '../dm/model/ids';

/**
 * Whether a failed image fetch is X refusing an X Chat image for want of `media.write` (X's contract asks for it to
 * download encrypted media): then the permission is asked for once and the fetch tried again. Legacy DM images
 * need no extra scope, and other refusals are not about permission.
 */
export function needsMediaPermission(error: unknown, mediaKey: string): boolean {
  return isXChatMediaKey(mediaKey) && isXApiError(error) && error.kind === 'forbidden';
}
