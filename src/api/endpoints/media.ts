import type { DmMediaCategory } from '../dmApi';
import { ENDPOINTS } from '../endpointKeys';
import { InvalidInputError, ServerError, TimeoutError } from '../errors';
import type { HttpCore } from '../http';
import { sleep } from '../retry';
import { parseResponse } from '../schemas/common';
import { MediaAppendSchema, MediaUploadSchema } from '../schemas/media';
import type { Clock } from '../../util/clock';
import { checkId } from '../validateInput';
import { checkMedia } from '../../protocol/mediaLimits';

/**
 * Chunked DM media upload through the v2 paths of the spec: initialize → append (one segment per chunk) →
 * finalize → poll status while X processes. None of these POSTs is retried automatically. Appends are JSON with
 * base64 `media` and an integer `segment_index`: in multipart every value is a string, and the spec's
 * `segment_index` (oneOf integer | digit string) then matches both branches, so a validator rejects it.
 */
export const CHUNK_BYTES = 1024 * 1024;
const MAX_STATUS_POLLS = 30;

/** Bytes sent so far of the total, reported after each appended chunk. */
export type UploadProgress = (sentBytes: number, totalBytes: number) => void;

export async function uploadDmMedia(
  http: HttpCore,
  clock: Clock,
  bytes: Uint8Array,
  contentType: string,
  category: DmMediaCategory,
  onProgress?: UploadProgress,
): Promise<{ mediaId: string }> {
  const check = checkMedia(contentType, bytes.byteLength);
  if (!check.ok) {
    if (check.problem === 'type') throw new InvalidInputError('contentType', `X does not accept ${check.mimeType} as a DM attachment`);
    if (check.problem === 'empty') throw new InvalidInputError('bytes', 'the file is empty');
    throw new InvalidInputError('bytes', `the file is larger than X allows for ${check.category}`);
  }
  if (check.category !== category) throw new InvalidInputError('category', `${check.mimeType} is uploaded as ${check.category}, not ${category}`);
  const mediaType = check.mimeType;

  const init = await http.send({
    method: 'POST',
    endpoint: ENDPOINTS.mediaInitialize,
    path: '2/media/upload/initialize',
    json: { media_category: category, media_type: mediaType, total_bytes: bytes.byteLength },
    expect: 'json',
  });
  const mediaId = checkId('mediaId', parseResponse(MediaUploadSchema, init.json, ENDPOINTS.mediaInitialize).data.id);

  for (let offset = 0, segment = 0; offset < bytes.byteLength; offset += CHUNK_BYTES, segment++) {
    const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
    const appended = await http.send({
      method: 'POST',
      endpoint: ENDPOINTS.mediaAppend,
      path: `2/media/upload/${mediaId}/append`,
      json: { media: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64'), segment_index: segment },
      expect: 'json',
    });
    parseResponse(MediaAppendSchema, appended.json, ENDPOINTS.mediaAppend);
    onProgress?.(offset + chunk.byteLength, bytes.byteLength);
  }

  const finalized = await http.send({
    method: 'POST',
    endpoint: ENDPOINTS.mediaFinalize,
    path: `2/media/upload/${mediaId}/finalize`,
    expect: 'json',
  });
  let info = parseResponse(MediaUploadSchema, finalized.json, ENDPOINTS.mediaFinalize).data.processing_info;
  for (let polls = 0; info && info.state !== 'succeeded'; polls++) {
    if (info.state === 'failed') throw new ServerError(200, { endpoint: ENDPOINTS.mediaFinalize, detail: 'X could not process the media' });
    if (polls >= MAX_STATUS_POLLS) throw new TimeoutError(MAX_STATUS_POLLS * 1000, { endpoint: ENDPOINTS.mediaStatus });
    await sleep(clock, Math.max(1, info.check_after_secs ?? 1) * 1000);
    const status = await http.send({
      method: 'GET',
      endpoint: ENDPOINTS.mediaStatus,
      path: '2/media/upload',
      query: { media_id: mediaId, command: 'STATUS' },
      expect: 'json',
    });
    info = parseResponse(MediaUploadSchema, status.json, ENDPOINTS.mediaStatus).data.processing_info;
  }
  return { mediaId };
}
