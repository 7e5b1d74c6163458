import * as v from 'valibot';
import { PartialErrorsSchema } from './common';
import { NumericId } from './ids';

/** Media upload answers (initialize / append / finalize / status) of `/2/media/upload`. */
const ProcessingInfo = v.object({
  state: v.optional(v.picklist(['succeeded', 'in_progress', 'pending', 'failed'])),
  check_after_secs: v.optional(v.number()),
  progress_percent: v.optional(v.number()),
});

export const MediaUploadSchema = v.object({
  data: v.object({
    id: NumericId,
    media_key: v.optional(v.string()),
    expires_after_secs: v.optional(v.number()),
    size: v.optional(v.number()),
    processing_info: v.optional(ProcessingInfo),
  }),
  errors: PartialErrorsSchema,
});

/** Append answers carry little (`expires_at`) and some servers send an empty object; anything object-shaped is fine. */
export const MediaAppendSchema = v.object({
  data: v.optional(v.object({ expires_at: v.optional(v.number()) })),
  errors: PartialErrorsSchema,
});
