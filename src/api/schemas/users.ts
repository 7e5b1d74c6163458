import * as v from 'valibot';
import { IncludesSchema, PartialErrorsSchema } from './common';
import { UserResponseSchema } from './user';

/** `/2/users/me` and the user lookups. Unknown ids come back as partial errors next to the found users. */
export const SingleUserSchema = v.pipe(
  v.object({ data: v.optional(UserResponseSchema), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw) => ({ user: raw.data, partialErrors: raw.errors ?? [] })),
);

export const UserListSchema = v.pipe(
  v.object({ data: v.optional(v.array(UserResponseSchema), []), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw) => ({ users: raw.data, partialErrors: raw.errors ?? [] })),
);
