import * as v from 'valibot';
import { NumericId } from './ids';

const userFields = {
  id: NumericId,
  username: v.string(),
  profile_image_url: v.optional(v.string()),
  receives_your_dm: v.optional(v.boolean()),
  protected: v.optional(v.boolean()),
  verified: v.optional(v.boolean()),
};

/** X's user as the extension keeps it (API answers, archive records): `name` always set. */
export const XUserSchema = v.object({ ...userFields, name: v.string() });
export type XUser = v.InferOutput<typeof XUserSchema>;

// `name` is required by the spec, but X's doc samples omit it when `user.fields` does not ask for it; a missing
// display name must not fail a whole page of messages, so it falls back to the username.
export const UserResponseSchema = v.pipe(
  v.object({ ...userFields, name: v.optional(v.string()) }),
  v.transform((u): XUser => ({ ...u, name: u.name ?? u.username })),
);
