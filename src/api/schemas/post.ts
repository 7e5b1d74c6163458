import * as v from 'valibot';
import { NumericId } from './ids';

/** A referenced post as the extension keeps it: keyed by `id`, `text` always set. */
export const XPostSchema = v.object({
  id: NumericId,
  text: v.string(),
  author_id: v.optional(NumericId),
  created_at: v.optional(v.string()),
});
export type XPost = v.InferOutput<typeof XPostSchema>;

// Every post field is optional in the spec; a post without an id cannot be referenced and is dropped.
export const PostResponseSchema = v.partial(XPostSchema);

export function toPost(p: v.InferOutput<typeof PostResponseSchema>): XPost[] {
  return p.id === undefined ? [] : [{ ...p, id: p.id, text: p.text ?? '' }];
}
