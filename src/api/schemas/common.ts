import * as v from 'valibot';
import { SchemaDriftError } from '../errors';
import type { EndpointKey, Includes, PartialError, XMedia, XPost, XUser } from '../model';

/**
 * Building blocks shared by the response schemas. Objects are `v.object` (unknown keys are dropped, so new fields
 * from X never break parsing); ids are checked against X's OpenAPI patterns because they end up in URLs later.
 */
export const ID_PATTERN = /^[0-9]{1,19}$/;
export const CONVERSATION_ID_PATTERN = /^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$/;
export const MEDIA_KEY_PATTERN = /^([0-9]+)_([0-9]+)$/;
export const USERNAME_PATTERN = /^[A-Za-z0-9_]{1,15}$/;

// One check per value instead of a pipe of two (string, then regex): a page of 100 events has ~300 ids, and the
// pipe's extra steps were a sixth of the page's validation time. Same acceptance, same path in the drift report.
export const NumericId = matching(ID_PATTERN, 'not a numeric id');
export const ConversationId = matching(CONVERSATION_ID_PATTERN, 'not a conversation id');

/** A string that matches `pattern`, as one valibot check. */
export function matching(pattern: RegExp, message: string): v.CustomSchema<string, v.ErrorMessage<v.CustomIssue> | undefined> {
  return v.custom<string>((input) => typeof input === 'string' && pattern.test(input), message);
}

// `name` is required by the spec, but X's own doc samples omit it when `user.fields` does not ask for it; a missing
// display name must not fail a whole page of messages, so it falls back to the username.
const RawUser = v.object({
  id: NumericId,
  name: v.optional(v.string()),
  username: v.string(),
  profile_image_url: v.optional(v.string()),
  receives_your_dm: v.optional(v.boolean()),
  protected: v.optional(v.boolean()),
  verified: v.optional(v.boolean()),
});

export const UserSchema = v.pipe(RawUser, v.transform(toUser));

// Post and media fields are optional in the spec; entries that lack the key we index them by are dropped below.
const RawPost = v.object({
  id: v.optional(NumericId),
  text: v.optional(v.string()),
  author_id: v.optional(NumericId),
  created_at: v.optional(v.string()),
});

const RawMedia = v.object({
  media_key: v.optional(v.string()),
  type: v.string(),
  url: v.optional(v.string()),
  preview_image_url: v.optional(v.string()),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  alt_text: v.optional(v.string()),
});

/** `includes`: 2.166 calls referenced posts `tweets`, 2.167 may call them `posts`; both are accepted. */
export const IncludesSchema = v.pipe(
  v.optional(
    v.object({
      users: v.optional(v.array(RawUser)),
      tweets: v.optional(v.array(RawPost)),
      posts: v.optional(v.array(RawPost)),
      media: v.optional(v.array(RawMedia)),
    }),
    {},
  ),
  v.transform((raw): Includes => ({
    users: raw.users ? raw.users.map(toUser) : [],
    tweets: raw.posts ? [...(raw.tweets ?? []), ...raw.posts].flatMap(toPost) : raw.tweets ? raw.tweets.flatMap(toPost) : [],
    media: raw.media ? raw.media.flatMap(toMedia) : [],
  })),
);

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

// valibot's object() output only carries keys present in the input, so parsed objects are used as they are
// (copying or deleting keys per event showed up as the main cost in the client bench).
function toUser(u: v.InferOutput<typeof RawUser>): XUser {
  if (u.name === undefined) u.name = u.username;
  return u as XUser;
}

function toPost(p: v.InferOutput<typeof RawPost>): XPost[] {
  if (p.id === undefined) return [];
  if (p.text === undefined) p.text = '';
  return [p as XPost];
}

function toMedia(m: v.InferOutput<typeof RawMedia>): XMedia[] {
  return m.media_key === undefined ? [] : [m as XMedia];
}

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
