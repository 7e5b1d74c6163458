import * as v from 'valibot';
import type { Logger } from '../../util/logger';
import { SESSIONS_SECRET_KEY } from '../constants';
import type { StoredSession } from './session';
import { parseSessionDocument, serializeSessionDocument, StoredSessionSchema } from './session';
import type { SecretStorageLike } from './store';

// One secret per session (two windows renewing different accounts never write the same one) plus an index of ids.
// A value whose `version` this build does not know is left untouched, never rewritten.
export const INDEX_VERSION = 1;
export const RECORD_VERSION = 1;

const VersionProbeSchema = v.object({ version: v.number() });

const IndexSchema = v.object({
  version: v.literal(INDEX_VERSION),
  sessions: v.array(v.pipe(v.string(), v.minLength(1))),
});

const RecordSchema = v.object({
  version: v.literal(RECORD_VERSION),
  /** Counts the writes of this session; the same number is published (without secrets) in global storage. */
  generation: v.pipe(v.number(), v.integer(), v.minValue(1)),
  session: v.unknown(),
});

/** What a stored value turned out to be: usable, absent, written by a newer build, or garbage. */
export type Parsed<T> =
  | { status: 'ok'; value: T }
  | { status: 'absent' }
  | { status: 'newer'; version: number }
  | { status: 'corrupt' };

export interface SessionRecord {
  generation: number;
  session: StoredSession;
}

function probe(raw: string | undefined): { json: unknown } | Parsed<never> {
  if (raw === undefined || raw === '') return { status: 'absent' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: 'corrupt' };
  }
  return { json };
}

/** A JSON object whose `version` is a number this build does not read: written by a newer build. */
export function newerVersionOf(json: unknown, known: number): number | undefined {
  const version = v.safeParse(VersionProbeSchema, json);
  return version.success && version.output.version !== known ? version.output.version : undefined;
}

export function parseIndex(raw: string | undefined): Parsed<string[]> {
  const probed = probe(raw);
  if ('status' in probed) return probed;
  const newer = newerVersionOf(probed.json, INDEX_VERSION);
  if (newer !== undefined) return { status: 'newer', version: newer };
  const parsed = v.safeParse(IndexSchema, probed.json);
  return parsed.success ? { status: 'ok', value: [...new Set(parsed.output.sessions)] } : { status: 'corrupt' };
}

export function serializeIndex(ids: readonly string[]): string {
  return JSON.stringify({ version: INDEX_VERSION, sessions: ids });
}

export function parseRecord(raw: string | undefined, id: string): Parsed<SessionRecord> {
  const probed = probe(raw);
  if ('status' in probed) return probed;
  const newer = newerVersionOf(probed.json, RECORD_VERSION);
  if (newer !== undefined) return { status: 'newer', version: newer };
  const record = v.safeParse(RecordSchema, probed.json);
  if (!record.success) return { status: 'corrupt' };
  const session = v.safeParse(StoredSessionSchema, record.output.session);
  if (!session.success || session.output.id !== id) return { status: 'corrupt' };
  return { status: 'ok', value: { generation: record.output.generation, session: session.output } };
}

export function serializeRecord(record: SessionRecord): string {
  return JSON.stringify({ version: RECORD_VERSION, generation: record.generation, session: record.session });
}

// The single document of the previous layout: read to migrate and left in place, so the previous version still works.
export type LegacyRead = { sessions: StoredSession[] } | { newerVersion: number };

export async function readLegacySessions(secrets: SecretStorageLike, log: Logger): Promise<LegacyRead> {
  const parsed = parseSessionDocument(await secrets.get(SESSIONS_SECRET_KEY));
  if (parsed.newerVersion !== undefined) return { newerVersion: parsed.newerVersion };
  if (parsed.corrupt) {
    log.warn('The stored X sessions were unreadable and have been discarded; sign in again.');
    await secrets.delete(SESSIONS_SECRET_KEY);
  } else if (parsed.discarded > 0) {
    log.warn(`Discarded ${parsed.discarded} unreadable stored X session(s).`);
  }
  return { sessions: parsed.sessions };
}

/** A signed-out account must not come back if the previous version of the extension is installed again. */
export async function dropFromLegacy(secrets: SecretStorageLike, id: string): Promise<void> {
  const legacy = parseSessionDocument(await secrets.get(SESSIONS_SECRET_KEY));
  if (legacy.corrupt || legacy.newerVersion !== undefined || !legacy.sessions.some((s) => s.id === id)) return;
  const rest = legacy.sessions.filter((s) => s.id !== id);
  if (rest.length === 0) await secrets.delete(SESSIONS_SECRET_KEY);
  else await secrets.store(SESSIONS_SECRET_KEY, serializeSessionDocument(rest));
}
