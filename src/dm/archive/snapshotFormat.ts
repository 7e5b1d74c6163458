import * as v from 'valibot';
import { compareIds } from '../model/ids';
import { buildIndexEntry, ConversationIndexSchema, type ConversationIndexEntry } from './conversationIndex';
import {
  ARCHIVE_FORMAT,
  EventRecSchema,
  FAST,
  firstIssue,
  LegacySnapshotSchema,
  type EventRec,
  type SnapshotFile,
} from './schema';

/** Snapshot version 2: a first line that is enough to show the list, then one line per thread read on demand (src/dm/README.md). */
export const ARCHIVE_VERSION = 2;

export const SnapshotHeadSchema = v.object({
  ...v.omit(LegacySnapshotSchema, ['format', 'version', 'events']).entries,
  /** Whose archive the index was derived for (unread counts and group members are relative to the owner). */
  me: v.string(),
  conversations: v.array(ConversationIndexSchema),
});
export type SnapshotHead = v.InferOutput<typeof SnapshotHeadSchema>;

const HeadLineSchema = v.object({ format: v.literal(ARCHIVE_FORMAT), version: v.literal(ARCHIVE_VERSION), head: SnapshotHeadSchema });
const IndexedSnapshotSchema = v.object({
  format: v.literal(ARCHIVE_FORMAT),
  version: v.literal(ARCHIVE_VERSION),
  head: SnapshotHeadSchema,
  threads: v.array(v.array(EventRecSchema)),
});
const ThreadSchema = v.array(EventRecSchema);
const VersionProbe = v.object({ format: v.literal(ARCHIVE_FORMAT), version: v.number() });

export const THREADS_LINE = '"threads":[';

export type Invalid = { ok: false; reason: 'newerVersion' | 'invalid'; detail: string };
export type MigrationResult = { ok: true; snapshot: SnapshotFile; migratedFrom?: number } | Invalid;

function probe(raw: unknown): Invalid | number {
  const parsed = v.safeParse(VersionProbe, raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: 'not an xdm archive snapshot' };
  const version = parsed.output.version;
  if (version > ARCHIVE_VERSION) return { ok: false, reason: 'newerVersion', detail: `version ${version}` };
  return version;
}

/** A whole snapshot document of any known version → its content (version 1 is read as is, and rewritten later). */
export function migrateSnapshot(raw: unknown): MigrationResult {
  const version = probe(raw);
  if (typeof version !== 'number') return version;
  if (version === 1) {
    const parsed = v.safeParse(LegacySnapshotSchema, raw, FAST);
    if (!parsed.success) return { ok: false, reason: 'invalid', detail: firstIssue(parsed.issues) };
    return { ok: true, snapshot: parsed.output, migratedFrom: 1 };
  }
  if (version !== ARCHIVE_VERSION) return { ok: false, reason: 'invalid', detail: `no reader for version ${version}` };
  const parsed = v.safeParse(IndexedSnapshotSchema, raw, FAST);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: firstIssue(parsed.issues) };
  const { head, threads } = parsed.output;
  const mismatch = threadMismatch(head.conversations, threads);
  if (mismatch) return { ok: false, reason: 'invalid', detail: mismatch };
  return { ok: true, snapshot: fromHead(head, threads.flat()) };
}

function threadMismatch(index: readonly ConversationIndexEntry[], threads: readonly (readonly EventRec[])[]): string | undefined {
  if (index.length !== threads.length) return `index lists ${index.length} conversations, file holds ${threads.length}`;
  for (let n = 0; n < index.length; n++) {
    const problem = checkThread(index[n] as ConversationIndexEntry, threads[n] as readonly EventRec[]);
    if (problem) return problem;
  }
  return undefined;
}

function checkThread(entry: ConversationIndexEntry, events: readonly EventRec[]): string | undefined {
  if (events.length !== entry.n) return `conversation ${entry.c}: ${events.length} events, index says ${entry.n}`;
  if (events.some((e) => e.c !== entry.c)) return `conversation ${entry.c}: holds another conversation's event`;
  return undefined;
}

export type HeadResult = { ok: true; head: SnapshotHead } | Invalid;

/** Line 1 of a version-2 file (without its newline): `{…,"head":{…},` closed into an object and validated. */
export function parseHeadLine(line: string): HeadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(`${line.endsWith(',') ? line.slice(0, -1) : line}}`);
  } catch {
    return { ok: false, reason: 'invalid', detail: 'head is not JSON' };
  }
  const version = probe(raw);
  if (typeof version !== 'number') return version;
  const parsed = v.safeParse(HeadLineSchema, raw, FAST);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: firstIssue(parsed.issues) };
  return { ok: true, head: parsed.output.head };
}

/** One thread line (its bytes without the trailing comma), validated against its index entry. */
export function parseThread(text: string, entry: ConversationIndexEntry): { ok: true; events: EventRec[] } | Invalid {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid', detail: `conversation ${entry.c}: not JSON` };
  }
  const parsed = v.safeParse(ThreadSchema, raw, FAST);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: `conversation ${entry.c}: ${firstIssue(parsed.issues)}` };
  const problem = checkThread(entry, parsed.output);
  return problem ? { ok: false, reason: 'invalid', detail: problem } : { ok: true, events: parsed.output };
}

export function fromHead(head: SnapshotHead, events: EventRec[]): SnapshotFile {
  const { me: _me, conversations: _index, ...content } = head;
  return { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, ...content, events };
}

/** Content → the bytes of a version-2 file, with the index derived for `me`. */
export function encodeSnapshot(snapshot: SnapshotFile, me: string): Buffer {
  const threads = new Map<string, EventRec[]>();
  for (const e of snapshot.events) {
    let list = threads.get(e.c);
    if (!list) threads.set(e.c, (list = []));
    list.push(e);
  }
  const conversations: ConversationIndexEntry[] = [];
  const lines: string[] = [];
  let offset = 0;
  let n = 0;
  for (const [c, events] of threads) {
    events.sort((a, b) => compareIds(a.i, b.i));
    const text = JSON.stringify(events);
    const bytes = Buffer.byteLength(text, 'utf8');
    conversations.push(buildIndexEntry(c, events, me, snapshot.readMarks[c], { o: offset, b: bytes }));
    n += 1;
    const line = `${text}${n < threads.size ? ',' : ''}\n`;
    lines.push(line);
    offset += bytes + (line.length - text.length);
  }
  const { events: _events, format: _format, version: _version, ...content } = snapshot;
  const head: SnapshotHead = { ...content, me, conversations };
  const headText = JSON.stringify(head);
  // `bytes`: the length of line 1 with its newline, space-padded to a fixed width (valid JSON), so a reader
  // gets the whole head with a second read at most.
  const lineBytes = HEAD_PREFIX.length + BYTES_WIDTH + HEAD_KEY.length + Buffer.byteLength(headText) + 2;
  const line1 = `${HEAD_PREFIX}${String(lineBytes).padEnd(BYTES_WIDTH)}${HEAD_KEY}${headText},\n`;
  return Buffer.from(`${line1}${THREADS_LINE}\n${lines.join('')}]}\n`, 'utf8');
}

export const HEAD_PREFIX = `{"format":"${ARCHIVE_FORMAT}","version":${ARCHIVE_VERSION},"bytes":`;
export const BYTES_WIDTH = 15;
const HEAD_KEY = ',"head":';

/** Line 1's length in bytes from the fixed-width field after `HEAD_PREFIX` (undefined: not a version-2 head). */
export function headLineBytes(start: Buffer): number | undefined {
  const end = HEAD_PREFIX.length + BYTES_WIDTH;
  if (start.length < end || start.toString('latin1', 0, HEAD_PREFIX.length) !== HEAD_PREFIX) return undefined;
  const field = start.toString('latin1', HEAD_PREFIX.length, end);
  return /^[0-9]+ *$/.test(field) ? Number(field.trim()) : undefined;
}
