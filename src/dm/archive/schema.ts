import * as v from 'valibot';
import { XMediaSchema } from '../../api/schemas/dmMedia';
import { ConversationId, NumericId } from '../../api/schemas/ids';
import { XPostSchema } from '../../api/schemas/post';
import { XUserSchema } from '../../api/schemas/user';
import { SendTargetSchema } from '../model/sendTarget';

/**
 * The archive's on-disk records, validated on every load: another version, a crash or an editor may have written
 * them. Layout, short keys and versioning: src/dm/README.md, "Storage".
 */
/** Version of the log's header line (the record vocabulary); the snapshot layout has its own, `ARCHIVE_VERSION`. */
export const LOG_VERSION = 1;
export const ARCHIVE_FORMAT = 'xdm-archive';

// X's own id rules and entity schemas (src/api/schemas): the archive holds nothing the API client would refuse.
export const id = NumericId;
export const conversationId = ConversationId;

export const EventRecSchema = v.object({
  /** event id */
  i: id,
  /** 0 MessageCreate, 1 ParticipantsJoin, 2 ParticipantsLeave */
  t: v.picklist([0, 1, 2]),
  c: conversationId,
  s: v.optional(id),
  /** created_at as epoch ms */
  a: v.number(),
  x: v.optional(v.string()),
  /** participant_ids */
  p: v.optional(v.array(id)),
  /** attachments.media_keys */
  m: v.optional(v.array(v.string())),
  /** referenced_tweets ids */
  r: v.optional(v.array(v.string())),
  /** X's url entities of `x` (t.co link → where it goes): start, end, url, expanded_url, display_url */
  l: v.optional(
    v.array(v.object({ s: v.number(), e: v.number(), u: v.string(), x: v.optional(v.string()), d: v.optional(v.string()) })),
  ),
});
export type EventRec = v.InferOutput<typeof EventRecSchema>;

/**
 * Where sync stands. `watermarkId`: every event with an id at or below it that X still lists has been archived
 * (contiguous from the start of the 30-day window). `gap`: an interrupted scan (first sync or a catch-up) that
 * resumes from `token` and is complete once it reaches `lowerId` (or the end of X's list); `upperId` becomes the
 * new watermark then.
 */
export const SyncCursorSchema = v.object({
  at: v.number(),
  watermarkId: v.optional(id),
  gap: v.optional(
    v.object({
      token: v.optional(v.string()),
      upperId: id,
      lowerId: v.optional(id),
      startedAt: v.number(),
    }),
  ),
  firstSyncDone: v.boolean(),
  lastSyncedAt: v.optional(v.number()),
  /** Epoch ms of the last sync that found a gap longer than X's 30-day window (history between is missing). */
  gapBeyondWindowAt: v.optional(v.number()),
});
export type SyncCursor = v.InferOutput<typeof SyncCursorSchema>;

/** Progress of "load older" for one conversation through its own endpoint. */
export const OlderCursorSchema = v.object({
  token: v.optional(v.string()),
  exhausted: v.boolean(),
});
export type OlderCursor = v.InferOutput<typeof OlderCursorSchema>;

export const OutboxEntrySchema = v.object({
  localId: v.pipe(v.string(), v.startsWith('local-')),
  target: SendTargetSchema,
  /** Known up front for a conversation or a 1:1 partner; undefined for a new group until X answers. */
  conversationId: v.optional(conversationId),
  senderId: id,
  text: v.string(),
  createdAt: v.number(),
  updatedAt: v.number(),
  status: v.picklist(['pending', 'unconfirmed', 'failed']),
  reason: v.optional(v.string()),
  attempts: v.number(),
  /** X answered 2xx without readable ids: sent; kept until a sync brings X's copy of it. */
  accepted: v.optional(v.boolean()),
  /** The attachment, already uploaded: a retry sends this media id again and never uploads a second copy. */
  media: v.optional(
    v.object({ id, category: v.picklist(['dm_image', 'dm_gif', 'dm_video']), altText: v.optional(v.string()) }),
  ),
});
export type OutboxEntry = v.InferOutput<typeof OutboxEntrySchema>;

/**
 * "Mark as Unread": X's legacy DMs have no read state, so the flag is local. Last writer (by `at`) wins, and a
 * later read of the conversation writes `on: false`, so windows replaying each other's lines agree.
 */
export const MarkedUnreadSchema = v.object({ at: v.number(), on: v.boolean() });
export type MarkedUnread = v.InferOutput<typeof MarkedUnreadSchema>;

export const ArchiveRecordSchema = v.variant('k', [
  v.object({ k: v.literal('h'), v: v.number(), format: v.literal(ARCHIVE_FORMAT) }),
  v.object({ k: v.literal('e'), e: EventRecSchema }),
  v.object({ k: v.literal('d'), id }),
  v.object({ k: v.literal('u'), u: XUserSchema }),
  v.object({ k: v.literal('m'), m: XMediaSchema }),
  v.object({ k: v.literal('p'), p: XPostSchema }),
  v.object({ k: v.literal('r'), c: conversationId, id }),
  v.object({ k: v.literal('mu'), c: conversationId, u: MarkedUnreadSchema }),
  v.object({ k: v.literal('s'), s: SyncCursorSchema }),
  v.object({ k: v.literal('oc'), c: conversationId, o: OlderCursorSchema }),
  v.object({ k: v.literal('o'), o: OutboxEntrySchema }),
  v.object({ k: v.literal('ox'), localId: v.string() }),
]);
export type ArchiveRecord = v.InferOutput<typeof ArchiveRecordSchema>;

/**
 * Version 1 of the snapshot: one JSON document with every event in a flat array. Still read (an archive written
 * before the conversation index is loaded whole, then rewritten in the current format at the next compaction);
 * the bench writes it to compare both. The current format is in `snapshotFormat.ts`.
 */
export const LegacySnapshotSchema = v.object({
  format: v.literal(ARCHIVE_FORMAT),
  version: v.literal(1),
  generation: v.number(),
  savedAt: v.number(),
  events: v.array(EventRecSchema),
  deleted: v.array(id),
  users: v.array(XUserSchema),
  media: v.array(XMediaSchema),
  posts: v.array(XPostSchema),
  readMarks: v.record(v.string(), id),
  /** Added after version 1 shipped; optional so that every version-1 snapshot still loads. */
  markedUnread: v.optional(v.record(v.string(), MarkedUnreadSchema), {}),
  sync: SyncCursorSchema,
  older: v.record(v.string(), OlderCursorSchema),
  outbox: v.array(OutboxEntrySchema),
});

/** The whole archive content in memory terms, whatever layout it was read from or is written in. */
export type SnapshotFile = Omit<v.InferOutput<typeof LegacySnapshotSchema>, 'version'> & { version: number };

/** Stop at the first issue: on load only valid/invalid matters, and it halves the cost of a cold start. */
export const FAST = { abortEarly: true } as const;

export function parseRecord(raw: unknown): ArchiveRecord | undefined {
  const parsed = v.safeParse(ArchiveRecordSchema, raw, FAST);
  return parsed.success ? parsed.output : undefined;
}

export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path}: ${issue?.message ?? 'invalid'}`;
}
