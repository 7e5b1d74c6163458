import * as v from 'valibot';
import { PartialErrorsSchema } from './common';

/**
 * `POST /2/users/{id}/dm/block` and `/dm/unblock`: 2.166 (`UsersDMBlockCreateResponse`) and 2.167
 * (`BlockUsersDmsResponse`) both answer `{data: {blocked}}`, 2.166 with `blocked` optional, and either may carry
 * `errors` (Problems) instead of data.
 */
export const DmBlockResultSchema = v.object({
  data: v.optional(v.object({ blocked: v.optional(v.boolean()) })),
  errors: PartialErrorsSchema,
});
export type DmBlockResult = v.InferOutput<typeof DmBlockResultSchema>;
