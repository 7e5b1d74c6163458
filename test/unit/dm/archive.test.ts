import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir, hostname } from 'node:os';
import path from 'node:path';
import { createDmService, deleteArchive } from '../../../src/dm/createDmService';
import { acquireLock, LockTimeoutError } from '../../../src/dm/archive/lock';
import { ARCHIVE_FORMAT } from '../../../src/dm/archive/schema';
import { ARCHIVE_VERSION, migrateSnapshot } from '../../../src/dm/archive/snapshotFormat';
import type { Logger } from '../../../src/util/logger';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string | Error) => void lines.push(`${level} ${String(message)}`);
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'xdm-archive-'));
}

function fakeX(events = 300) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 100_000;
  api.addUser('200', 'alice', 'Alice');
  api.addMessages(events, '200', { spacingMs: 60_000 });
  return { clock, api };
}

test('archive round trip: a second start reads everything from disk with zero requests', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(300);
  const a = createDmService({ api, me, clock, storageDir: dir });
  await a.syncNow('startup');
  a.markRead('100-200');
  await a.flush();
  a.dispose();
  api.resetStats();
  const b = createDmService({ api, me, clock, storageDir: dir });
  await b.ready();
  assert.equal(api.stats.requests, 0);
  assert.equal(b.conversations()[0]?.unread, 0);
  assert.equal(b.thread('100-200', { limit: 1000 }).items.length, 300);
  const outcome = await b.syncNow('manual');
  assert.deepEqual([outcome.requests, outcome.eventsRead], [1, 1]); // cursor survived: incremental at once
  b.dispose();
  await b.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('a truncated log tail is skipped with a log line and repaired by the next sync', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(300);
  const a = createDmService({ api, me, clock, storageDir: dir });
  await a.syncNow('startup');
  clock.t += 60_000;
  api.addMessages(5, '200', { text: (i) => `late ${i}` });
  await a.syncNow('manual');
  await a.flush();
  a.dispose();
  await a.whenClosed();
  const log = path.join(dir, 'log-0.jsonl');
  const text = await readFile(log, 'utf8');
  // A crash in the middle of the last write: cut inside the last event record of the last batch.
  const lastEvent = text.lastIndexOf('{"k":"e"');
  await truncate(log, Buffer.byteLength(text.slice(0, lastEvent + 30)));
  const logger = recordingLogger();
  const b = createDmService({ api, me, clock, storageDir: dir, logger });
  await b.ready();
  assert.ok(logger.lines.some((l) => l.startsWith('warn') && /torn tail/.test(l)));
  const before = b.thread('100-200', { limit: 1000 }).items.length;
  assert.ok(before < 305 && before >= 300, `kept what was intact (${before})`);
  api.resetStats();
  const repaired = await b.syncNow('manual');
  assert.equal(b.thread('100-200', { limit: 1000 }).items.length, 305);
  assert.ok(repaired.newEvents > 0);
  await b.flush();
  b.dispose();
  await b.whenClosed();
  // The torn line is now a terminated, damaged line: skipped, and everything else is intact.
  const logger2 = recordingLogger();
  const c = createDmService({ api, me, clock, storageDir: dir, logger: logger2 });
  await c.ready();
  assert.equal(c.thread('100-200', { limit: 1000 }).items.length, 305);
  assert.ok(logger2.lines.some((l) => /1 damaged line/.test(l)));
  c.dispose();
  await c.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('compaction writes a snapshot atomically and drops the old log', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(400);
  const a = createDmService({ api, me, clock, storageDir: dir, compactBytes: 20_000 });
  await a.syncNow('startup');
  await a.flush();
  for (let i = 0; i < 20 && !existsSync(path.join(dir, 'snapshot-1.json')); i++) await new Promise((r) => setTimeout(r, 25));
  const files = (await readdir(dir)).sort();
  assert.ok(files.includes('snapshot-1.json'), files.join(','));
  assert.ok(!files.includes('log-0.jsonl'));
  assert.ok(!files.some((f) => f.includes('.tmp-')));
  a.markRead('100-200');
  await a.flush();
  a.dispose();
  const b = createDmService({ api, me, clock, storageDir: dir });
  await b.archiveLoaded();
  assert.equal(b.thread('100-200', { limit: 1000 }).items.length, 400);
  assert.equal(b.conversations()[0]?.unread, 0);
  b.dispose();
  await b.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('two windows on one folder: only the lease holder asks X; the other replays the log', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(120);
  const a = createDmService({ api, me, clock, storageDir: dir, watchIntervalMs: 20 });
  const b = createDmService({ api, me, clock, storageDir: dir, watchIntervalMs: 20 });
  await Promise.all([a.ready(), b.ready()]);
  const [ra, rb] = await Promise.all([a.syncNow('startup'), b.syncNow('startup')]);
  assert.equal([ra, rb].filter((r) => r.skipped === 'busy').length, 1, 'exactly one window synced');
  assert.equal(api.stats.requests, 2); // 120 events: two pages of 100, once
  const [holder, other] = ra.skipped === 'busy' ? [b, a] : [a, b];
  await holder.flush();
  await other.refreshFromArchive();
  assert.equal(other.thread('100-200', { limit: 1000 }).items.length, 120);
  api.resetStats();
  for (let round = 0; round < 3; round++) {
    await holder.syncNow('poll');
    const skipped = await other.syncNow('poll');
    assert.equal(skipped.skipped, 'busy');
  }
  assert.equal(api.stats.requests, 3); // three polls, not six
  // A read mark set in one window shows in the other.
  other.markRead('100-200');
  await other.flush();
  await holder.refreshFromArchive();
  assert.equal(holder.conversations()[0]?.unread, 0);
  // Messages the holder fetched arrive in the other window without a request of its own.
  clock.t += 60_000;
  api.addMessages(2, '200', { text: (i) => `fresh ${i}` });
  await holder.syncNow('poll');
  await holder.flush();
  await other.refreshFromArchive();
  assert.equal(other.conversations()[0]?.preview, 'fresh 1');
  // The holder goes away: the other takes over polling.
  holder.dispose();
  await holder.whenClosed();
  api.resetStats();
  const takeover = await other.syncNow('poll');
  assert.equal(takeover.skipped, undefined);
  assert.equal(api.stats.requests, 1);
  other.dispose();
  await other.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('a focused window takes polling over from an unfocused one; a manual refresh always may', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(10);
  let aFocused = false;
  const a = createDmService({ api, me, clock, storageDir: dir, isWindowFocused: () => aFocused });
  const b = createDmService({ api, me, clock, storageDir: dir, isWindowFocused: () => !aFocused });
  await a.syncNow('startup');
  assert.equal((await b.syncNow('poll')).skipped, undefined, 'b is focused and a is not: b polls');
  assert.equal((await a.syncNow('poll')).skipped, 'busy');
  aFocused = true;
  assert.equal((await a.syncNow('manual')).skipped, undefined, 'manual refresh takes the lease');
  assert.equal((await b.syncNow('poll')).skipped, 'busy');
  a.dispose();
  b.dispose();
  await Promise.all([a.whenClosed(), b.whenClosed()]);
  await rm(dir, { recursive: true, force: true });
});

test('clearing the cache deletes the folder; another window follows', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(30);
  const a = createDmService({ api, me, clock, storageDir: dir });
  const b = createDmService({ api, me, clock, storageDir: dir });
  await a.syncNow('startup');
  await a.flush();
  await b.ready();
  assert.equal(b.conversations().length, 1);
  a.dispose();
  await a.whenClosed();
  await deleteArchive(dir);
  assert.equal(existsSync(path.join(dir, 'log-0.jsonl')), false);
  await b.refreshFromArchive();
  assert.equal(b.conversations().length, 0);
  b.dispose();
  await deleteArchive({ fsPath: dir }); // a vscode.Uri-like works too
  await rm(dir, { recursive: true, force: true });
});

test('memory mode (cache disabled) keeps everything in memory and writes nothing', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(50);
  const dm = createDmService({ api, me, clock });
  await dm.syncNow('startup');
  dm.markRead('100-200');
  assert.equal(dm.conversations()[0]?.unread, 0);
  assert.deepEqual(await readdir(dir), []);
  dm.dispose();
  await dm.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('an archive written by a newer version is left alone (memory only, logged)', async () => {
  const dir = await tempDir();
  await writeFile(path.join(dir, 'snapshot-0.json'), JSON.stringify({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION + 1 }));
  const logger = recordingLogger();
  const { clock, api } = fakeX(5);
  const dm = createDmService({ api, me, clock, storageDir: dir, logger });
  await dm.syncNow('startup');
  await dm.flush();
  assert.equal(dm.conversations().length, 1);
  assert.ok(logger.lines.some((l) => /newer version/.test(l)));
  assert.deepEqual((await readdir(dir)).sort(), ['snapshot-0.json']);
  dm.dispose();
  await dm.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('snapshots are validated and migrated by version', () => {
  assert.deepEqual(migrateSnapshot({ hello: 1 }), { ok: false, reason: 'invalid', detail: 'not an xdm archive snapshot' });
  const old = migrateSnapshot({ format: ARCHIVE_FORMAT, version: 0 });
  assert.equal(old.ok, false);
  const bad = migrateSnapshot({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, generation: 1 });
  assert.equal(bad.ok, false);
  // Version 1, the flat layout before the conversation index, is still read.
  const good = migrateSnapshot({
    format: ARCHIVE_FORMAT,
    version: 1,
    generation: 1,
    savedAt: 0,
    events: [{ i: '5', t: 0, c: '1-2', s: '1', a: 0, x: 'hi' }],
    deleted: [],
    users: [],
    media: [],
    posts: [],
    readMarks: {},
    sync: { at: 0, firstSyncDone: false },
    older: {},
    outbox: [],
  });
  assert.equal(good.ok, true);
});

test('lock: a lock left by a dead process is broken; a live one makes others wait', async () => {
  const dir = await tempDir();
  const lockPath = path.join(dir, 'archive.lock');
  await writeFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: 'dead', at: Date.now() }));
  const release = await acquireLock(lockPath, { timeoutMs: 1000 });
  const content = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number };
  assert.equal(content.pid, process.pid);
  await assert.rejects(acquireLock(lockPath, { timeoutMs: 100 }), LockTimeoutError);
  await release();
  assert.equal(existsSync(lockPath), false);
  await rm(dir, { recursive: true, force: true });
});

test('an unusable storage folder falls back to memory and still syncs', async () => {
  const dir = await tempDir();
  const blocker = path.join(dir, 'not-a-folder');
  await writeFile(blocker, 'x');
  const logger = recordingLogger();
  const { clock, api } = fakeX(20);
  const dm = createDmService({ api, me, clock, storageDir: path.join(blocker, 'account'), logger });
  const outcome = await dm.syncNow('startup');
  assert.equal(outcome.newEvents, 20);
  assert.equal(dm.conversations().length, 1);
  assert.ok(logger.lines.some((l) => l.startsWith('error') && /continuing in memory/.test(l)));
  dm.dispose();
  await dm.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('a late write from a window that has not noticed a clear never leaks into the new archive', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(40);
  const old = createDmService({ api, me, clock, storageDir: dir });
  await old.syncNow('startup');
  await old.flush();
  await deleteArchive(dir);
  const fresh = createDmService({ api, me, clock, storageDir: dir });
  await fresh.ready();
  // The old service still believes in its archive: its read mark and sync cursor must not reach the new one.
  old.markRead('100-200');
  clock.t += 60_000;
  api.addMessages(1, '200');
  await old.syncNow('manual');
  await old.flush();
  old.dispose();
  await old.whenClosed();
  fresh.dispose();
  await fresh.whenClosed();
  const reloaded = createDmService({ api, me, clock, storageDir: dir });
  await reloaded.ready();
  assert.equal(reloaded.conversations().length, 0);
  api.resetStats();
  const outcome = await reloaded.syncNow('startup');
  assert.equal(outcome.newEvents, 41, 'a real first sync, not an incremental one from a leaked cursor');
  reloaded.dispose();
  await reloaded.whenClosed();
  await rm(dir, { recursive: true, force: true });
});
