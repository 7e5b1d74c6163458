import { createHash } from 'node:crypto';
import type { EmuContext } from './context';
import type { EmuRequest, EmuResponse } from './http';
import { json } from './http';
import type { EmuMedia } from './model';
import { forbidden, invalidRequest, notFound } from './problems';
import type { ParsedBody } from './validation';
import { pngSize } from './generator/png';
import type { ApiVersion } from './spec';

/** DM media: the v2 chunked upload (initialize / append / finalize / status, plus one-shot) and the download. */

const EXPIRES_SECS = 86_400;
const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'video/mp4': 'mp4' };

/**
 * X's documented upload limits (https://docs.x.com/x-api/media "Media types & size restrictions";
 * https://docs.x.com/x-api/media/quickstart/best-practices): images JPG/PNG/WEBP up to 5 MB, animated GIF up to
 * 15 MB, video MP4 up to 512 MB. Kept apart from the client's own table on purpose: the emulator plays X.
 */
const MB = 1024 * 1024;
const DM_LIMITS: Record<string, { types: string[]; maxBytes: number; noun: string }> = {
  dm_image: { types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * MB, noun: 'Images' },
  dm_gif: { types: ['image/gif'], maxBytes: 15 * MB, noun: 'GIFs' },
  dm_video: { types: ['video/mp4'], maxBytes: 512 * MB, noun: 'Videos' },
};

/** A DM upload whose category, type or size X would refuse: the 400 X answers (valid in both generations). */
export function refuseDmMedia(category: string | undefined, mediaType: string, totalBytes: number): EmuResponse | undefined {
  if (!category?.startsWith('dm_')) return undefined;
  const rule = DM_LIMITS[category];
  if (!rule) return invalidRequest([{ message: `Unsupported media_category: ${category}`, parameters: { media_category: [category] } }]);
  if (!rule.types.includes(mediaType)) {
    return invalidRequest([{ message: `${category} does not accept media_type ${mediaType}`, parameters: { media_type: [mediaType] } }]);
  }
  if (!Number.isInteger(totalBytes) || totalBytes <= 0 || totalBytes > rule.maxBytes) {
    return invalidRequest([
      {
        message: `${rule.noun} must be between 1 byte and ${rule.maxBytes / MB} MB (${rule.maxBytes} bytes); total_bytes was ${totalBytes}`,
        parameters: { total_bytes: [String(totalBytes)] },
      },
    ]);
  }
  return undefined;
}

function keyPrefix(mime: string): string {
  return mime === 'image/gif' ? '16' : mime.startsWith('video/') ? '7' : '3';
}

function resourceIdFor(id: string, mime: string): string {
  return `${createHash('sha256').update(id).digest('base64url').slice(0, 16)}.${EXT[mime] ?? 'bin'}`;
}

function uploadBody(m: EmuMedia, now: number, generation: ApiVersion = '2.166'): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: m.id,
    media_key: m.key,
    expires_after_secs: Math.max(0, Math.floor((m.createdAt + EXPIRES_SECS * 1000 - now) / 1000)),
  };
  if (m.state === 'succeeded') {
    data.size = m.bytes.length;
    // 2.166's ProcessingInfo requires a `type` it never defines; 2.167 forbids any member but its three.
    data.processing_info = { ...(generation === '2.166' ? { type: 'succeeded' } : {}), state: 'succeeded', progress_percent: 100 };
  }
  // The 2.166 MediaUploadResponse marks `meta` as required, so it is always sent.
  return { data, meta: {} };
}

function own(ctx: EmuContext, id: string, userId: string): EmuMedia | EmuResponse {
  const m = ctx.store.media.get(id);
  if (!m) return notFound(`Could not find media with id: [${id}].`);
  if (m.ownerId !== userId) return forbidden('This media was uploaded by another user.');
  return m;
}

export function initialize(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const input = (body.json ?? {}) as { media_category?: string; media_type?: string; total_bytes?: number };
  if (!input.media_type) return invalidRequest([{ message: '`media_type` is required', parameters: { media_type: [] } }]);
  if (input.total_bytes === undefined) return invalidRequest([{ message: '`total_bytes` is required', parameters: { total_bytes: [] } }]);
  const refused = refuseDmMedia(input.media_category, input.media_type, input.total_bytes);
  if (refused) return refused;
  const now = ctx.clock.now();
  const id = ctx.store.snowflakes.next(now);
  const m: EmuMedia = {
    id,
    key: `${keyPrefix(input.media_type)}_${id}`,
    ownerId: userId,
    category: input.media_category ?? 'tweet_image',
    mimeType: input.media_type,
    resourceId: resourceIdFor(id, input.media_type),
    bytes: Buffer.alloc(0),
    totalBytes: input.total_bytes,
    segments: new Map(),
    state: 'initialized',
    createdAt: now,
  };
  ctx.store.media.set(id, m);
  return json(200, uploadBody(m, now, req.generation));
}

function mediaBytes(body: ParsedBody): { bytes: Buffer; segment: number } | undefined {
  if (body.multipart) {
    const media = body.multipart.find((p) => p.name === 'media');
    const seg = body.multipart.find((p) => p.name === 'segment_index');
    if (!media || !seg) return undefined;
    return { bytes: media.data, segment: Number(seg.data.toString('utf8')) };
  }
  const j = body.json as { media?: string; segment_index?: number } | undefined;
  if (!j?.media || j.segment_index === undefined) return undefined;
  return { bytes: Buffer.from(j.media, 'base64'), segment: j.segment_index };
}

export function append(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  const m = own(ctx, req.params.id as string, userId);
  if (!('id' in m)) return m;
  const chunk = mediaBytes(body);
  if (!chunk || !Number.isInteger(chunk.segment) || chunk.segment < 0 || chunk.segment > 999) {
    return invalidRequest([{ message: '`media` and a `segment_index` between 0 and 999 are required', parameters: { segment_index: [] } }]);
  }
  if (m.state !== 'initialized') return invalidRequest([{ message: 'This upload is already finalized', parameters: { id: [m.id] } }]);
  m.segments.set(chunk.segment, chunk.bytes);
  return json(200, { data: { expires_at: Math.floor((m.createdAt + EXPIRES_SECS * 1000) / 1000) }, meta: {} });
}

export function finalize(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const m = own(ctx, req.params.id as string, userId);
  if (!('id' in m)) return m;
  if (m.state === 'initialized') {
    const order = [...m.segments.keys()].sort((a, b) => a - b);
    const bytes = Buffer.concat(order.map((i) => m.segments.get(i) as Buffer));
    if (bytes.length !== m.totalBytes) {
      return invalidRequest([
        { message: `File size mismatch: received ${bytes.length} bytes, expected total_bytes ${m.totalBytes}`, parameters: { id: [m.id] } },
      ]);
    }
    m.bytes = bytes;
    m.segments.clear();
    m.state = 'succeeded';
    const size = m.mimeType === 'image/png' ? pngSize(bytes) : undefined;
    if (size) Object.assign(m, size);
  }
  return json(200, uploadBody(m, ctx.clock.now(), req.generation));
}

export function status(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const m = own(ctx, req.query.get('media_id') as string, userId);
  if (!('id' in m)) return m;
  return json(200, uploadBody(m, ctx.clock.now(), req.generation));
}

/** 2.167's one-shot upload has no `media_type`: the type comes from the bytes' signature. */
function sniffMime(bytes: Buffer): string {
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') return 'video/mp4';
  return 'image/png';
}

export function oneShot(ctx: EmuContext, req: EmuRequest, userId: string, body: ParsedBody): EmuResponse {
  let bytes: Buffer | undefined;
  let category: string | undefined;
  let mime: string | undefined;
  if (body.multipart) {
    bytes = body.multipart.find((p) => p.name === 'media')?.data;
    category = body.multipart.find((p) => p.name === 'media_category')?.data.toString('utf8');
    mime = body.multipart.find((p) => p.name === 'media_type')?.data.toString('utf8') ?? body.multipart.find((p) => p.name === 'media')?.contentType;
  } else {
    const j = body.json as { media?: string; media_category?: string; media_type?: string } | undefined;
    bytes = j?.media ? Buffer.from(j.media, 'base64') : undefined;
    category = j?.media_category;
    mime = j?.media_type;
  }
  if (!bytes || !category) return invalidRequest([{ message: '`media` and `media_category` are required', parameters: { media: [] } }]);
  const init = initialize(ctx, req, userId, { json: { media_category: category, media_type: mime ?? sniffMime(bytes), total_bytes: bytes.length } });
  if (init.status !== 200) return init;
  const id = ((init.body as { data: { id: string } }).data).id;
  const m = ctx.store.media.get(id) as EmuMedia;
  m.segments.set(0, bytes);
  return finalize(ctx, { ...req, params: { id } }, userId);
}

/** The attachment bytes; only for participants of the conversation the DM belongs to. */
export function download(ctx: EmuContext, req: EmuRequest, userId: string): EmuResponse {
  const ev = ctx.store.events.get(req.params.dm_id as string);
  const m = ctx.store.media.get(req.params.media_id as string);
  if (!ev || ev.deleted || !m || !ev.mediaKeys?.includes(m.key) || m.resourceId !== req.params.resource_id) {
    return notFound('Could not find the requested media.');
  }
  if (!ctx.store.canSee(userId, ev)) return forbidden('You are not a participant of the conversation containing this media.');
  return { status: 200, raw: m.bytes, headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=3600' } };
}
