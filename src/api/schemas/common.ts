import * as v from 'valibot';
import { SchemaDriftError } from '../errors';
import type { EndpointKey } from '../model';
import { MediaResponseSchema, toMedia } from './dmMedia';
import { PostResponseSchema, toPost } from './post';
import { UserResponseSchema } from './user';

/**
 * Building blocks shared by the response schemas. Objects are `v.object` (unknown keys are dropped, so new fields
 * from X never break parsing); ids are checked against X's OpenAPI patterns because they end up in URLs later.
 */

/** `includes`: 2.166 calls referenced posts `tweets`, 2.167 may call them `posts`; both are accepted. */
export const IncludesSchema = v.pipe(
  v.optional(
    v.object({
      users: v.optional(v.array(UserResponseSchema)),
      tweets: v.optional(v.array(PostResponseSchema)),
      posts: v.optional(v.array(PostResponseSchema)),
      media: v.optional(v.array(MediaResponseSchema)),
    }),
    {},
  ),
  v.transform((raw) => ({
    users: raw.users ?? [],
    tweets: raw.posts ? [...(raw.tweets ?? []), ...raw.posts].flatMap(toPost) : raw.tweets ? raw.tweets.flatMap(toPost) : [],
    media: raw.media ? raw.media.flatMap(toMedia) : [],
  })),
);
export type Includes = v.InferOutput<typeof IncludesSchema>;

/** A Problem that X returned inside a 200 next to the data (partial errors), as the extension keeps it. */
export const PartialErrorSchema = v.object({
  title: v.string(),
  detail: v.optional(v.string()),
  type: v.optional(v.string()),
  resource_id: v.optional(v.string()),
  resource_type: v.optional(v.string()),
  parameter: v.optional(v.string()),
  value: v.optional(v.string()),
});
export type PartialError = v.InferOutput<typeof PartialErrorSchema>;

export const PartialErrorsSchema = v.pipe(
  v.optional(
    v.array(
      v.object({
        title: v.optional(v.string()),
        detail: v.optional(v.string()),
        type: v.optional(v.string()),
        resource_id: v.optional(v.string()),
        resource_type: v.optional(v.string()),
        parameter: v.optional(v.string()),
        value: v.optional(v.unknown()),
        message: v.optional(v.string()),
      }),
    ),
  ),
  v.transform((list): PartialError[] =>
    list
      ? list.map((e) =>
          compact<PartialError>({
            title: e.title ?? e.message ?? e.type ?? 'Error',
            detail: e.detail,
            type: e.type,
            resource_id: e.resource_id,
            resource_type: e.resource_type,
            parameter: e.parameter,
            value: typeof e.value === 'string' ? e.value : undefined,
          }),
        )
      : [],
  ),
);

/** Drops keys whose value is undefined so archived objects stay small and JSON round-trips exactly. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** Parses a response body or throws SchemaDriftError naming the first field that did not fit. */
export function parseResponse<const S extends v.GenericSchema>(schema: S, json: unknown, endpoint: EndpointKey): v.InferOutput<S> {
  // valibot's object() accepts arrays (whose `includes` is a method), so the root shape is checked here.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SchemaDriftError('(root)', 'expected a JSON object', { endpoint, status: 200 });
  }
  const result = v.safeParse(schema, json, { abortEarly: true, abortPipeEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new SchemaDriftError(formatPath(issue.path), issue.message, { endpoint, status: 200 });
}

function formatPath(path: readonly v.IssuePathItem[] | undefined): string {
  if (!path || path.length === 0) return '(root)';
  let out = '';
  for (const item of path) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
