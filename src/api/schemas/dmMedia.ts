import * as v from 'valibot';

/** An attachment's media entity as the extension keeps it: keyed by `media_key`. */
export const XMediaSchema = v.object({
  media_key: v.string(),
  type: v.string(),
  url: v.optional(v.string()),
  preview_image_url: v.optional(v.string()),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  alt_text: v.optional(v.string()),
});
export type XMedia = v.InferOutput<typeof XMediaSchema>;

// `media_key` is optional in the spec; an entry without it cannot be matched to a message and is dropped.
export const MediaResponseSchema = v.object({ ...XMediaSchema.entries, media_key: v.optional(v.string()) });

export function toMedia(m: v.InferOutput<typeof MediaResponseSchema>): XMedia[] {
  return m.media_key === undefined ? [] : [{ ...m, media_key: m.media_key }];
}
