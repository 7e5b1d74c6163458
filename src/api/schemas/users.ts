import * as v from 'valibot';
import type { PartialError, XUser } from '../model';
import { IncludesSchema, PartialErrorsSchema, UserSchema } from './common';

/** `/2/users/me` and the user lookups. Unknown ids come back as partial errors next to the found users. */
export const SingleUserSchema = v.pipe(
  v.object({ data: v.optional(UserSchema), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw): { user?: XUser; partialErrors: PartialError[] } => ({
    user: raw.data,
    partialErrors: raw.errors ?? [],
  })),
);

export const UserListSchema = v.pipe(
  v.object({ data: v.optional(v.array(UserSchema), []), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw): { users: XUser[]; partialErrors: PartialError[] } => ({
    users: raw.data,
    partialErrors: raw.errors ?? [],
  })),
);
