import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDmService } from '../../../src/dm/createDmService';
import type { ArchiveHealth } from '../../../src/dm/dmService';
import { FakeClock, FakeDmApi } from './fakeDmApi';
import { FaultyFs } from './faultyFs';
import { eventRecords, idsOf, idsOnDisk, openArchive, seedArchive, tempDir } from './archiveFaultSupport';

const me = { id: '100', username: 'me', name: 'Me' };

function fakeX(events: number) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 100_000;
  api.addUser('200', 'alice', 'Alice');
  api.addMessages(events, '200', { spacingMs: 60_000 });
  return { clock, api };
}

/** `ready()` means the list is ready; every thread is in memory once `archiveLoaded()` resolves. */
async function messagesIn(dm: ReturnType<typeof createDmService>): Promise<number> {
  await dm.archiveLoaded();
  return dm.thread('100-200', { limit: 10_000 }).items.length;
}

/** 503 events compacted into a snapshot, then 4 more in the log: the archive of the bug report. */
async function archiveOf507() {
  const dir = await tempDir();
  const x = fakeX(503);
  const a = createDmService({ api: x.api, me, clock: x.clock, storageDir: dir, compactBytes: 20_000 });
  await a.syncNow('startup');
  await a.flush();
  x.clock.t += 60_000;
  x.api.addMessages(4, '200');
  await a.syncNow('manual');
  await a.flush();
  a.dispose();
  await a.whenClosed();
  assert.ok((await readdir(dir)).some((f) => /^snapshot-[1-9]\d*\.json$/.test(f)), 'the 503 events are in a snapshot');
  return { dir, ...x };
}

test('an I/O error reading the snapshot loads read-only, tells the user, and never compacts history away', async () => {
  const { dir, clock, api } = await archiveOf507();
  const fs = new FaultyFs();
  // Whole reads (readFile) and head reads (an open handle) of the snapshot both fail.
  fs.failMatching('readFile', /^snapshot-/, 'EIO');
  fs.failMatching('handle.read', /^snapshot-/, 'EIO');
  const b = createDmService({ api, me, clock, storageDir: dir, compactBytes: 1, archiveFs: fs });
  const told: ArchiveHealth[] = [];
  b.onDidChangeArchiveHealth((health) => told.push(health));
  await b.ready();
  assert.equal(b.archiveHealth?.readOnly, 'ioError');
  assert.equal(b.archiveHealth?.errorCode, 'EIO');
  assert.equal(told.length, 1, 'the user is told once');
  const reads = fs.steps.filter((s) => (s.op === 'readFile' || s.op === 'handle.read') && s.file.startsWith('snapshot-'));
  assert.equal(reads.length, 4, 'three tries, then the read-only pass');
  clock.t += 60_000;
  api.addMessages(2, '200');
  const outcome = await b.syncNow('manual');
  assert.equal(outcome.newEvents > 0, true, 'sync goes on in memory');
  await b.flush();
  b.dispose();
  await b.whenClosed();
  const c = createDmService({ api, me, clock, storageDir: dir });
  await c.ready();
  assert.equal(await messagesIn(c), 507, 'a healthy restart finds every archived message');
  assert.equal(c.archiveHealth?.readOnly, undefined);
  c.dispose();
  await c.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('an I/O error that goes away is retried: the archive loads complete and writable', async () => {
  const { dir, clock, api } = await archiveOf507();
  const fs = new FaultyFs();
  fs.failMatching('readFile', /^snapshot-/, 'EMFILE', 1);
  fs.failMatching('handle.read', /^snapshot-/, 'EMFILE', 1);
  const b = createDmService({ api, me, clock, storageDir: dir, archiveFs: fs });
  await b.ready();
  assert.equal(await messagesIn(b), 507);
  assert.deepEqual(b.archiveHealth, { setAside: [], unsaved: 0, folder: dir });
  b.dispose();
  await b.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test('a failed append keeps its records, tells the user, and writes them with the next change', async () => {
  const dir = await tempDir();
  const { clock, api } = fakeX(20);
  const fs = new FaultyFs();
  const a = createDmService({ api, me, clock, storageDir: dir, archiveFs: fs });
  await a.syncNow('startup');
  await a.flush();
  fs.failMatching('handle.write', /^log-/, 'ENOSPC', 1);
  clock.t += 60_000;
  api.addMessages(3, '200', { text: (i) => `late ${i}` });
  await a.syncNow('manual');
  await a.flush(); // the retry inside flush succeeds: the fault was one-off
  assert.equal(a.archiveHealth?.unsaved, 0);
  fs.failMatching('handle.write', /^log-/, 'ENOSPC');
  a.markRead('100-200');
  await a.flush();
  assert.equal(a.archiveHealth?.unsaved, 1, 'the read mark waits in memory');
  assert.equal(a.archiveHealth?.errorCode, 'ENOSPC');
  fs.heal();
  await a.flush();
  assert.equal(a.archiveHealth?.unsaved, 0);
  a.dispose();
  await a.whenClosed();
  const b = createDmService({ api, me, clock, storageDir: dir });
  await b.ready();
  assert.equal(await messagesIn(b), 23);
  assert.equal(b.conversations()[0]?.unread, 0, 'the read mark written after the disk healed');
  b.dispose();
  await b.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

const damagedSnapshots: [string, (text: string) => Buffer | string][] = [
  ['A truncated', (text) => text.slice(0, Math.floor(text.length / 2))],
  ['A garbage', () => randomBytes(4096)],
  ['An empty', () => ''],
  ['A valid-JSON-but-wrong-shape', () => JSON.stringify({ format: 'xdm-archive', version: 1, events: 'nope' })],
];

for (const [kind, damage] of damagedSnapshots) {
  test(`${kind} snapshot is moved aside byte for byte, never deleted, and nothing is compacted that session`, async () => {
    const { dir, ids } = await seedArchive();
    const file = path.join(dir, 'snapshot-1.json');
    await writeFile(file, damage(await readFile(file, 'utf8')));
    const damaged = await readFile(file);
    const archive = openArchive(dir);
    const { state, report } = await archive.load();
    assert.equal(report.setAside.length, 1);
    assert.match(report.setAside[0] ?? '', /^snapshot-1\.corrupt-\d+-[0-9a-f]+\.json$/);
    assert.deepEqual(await readFile(path.join(dir, report.setAside[0] ?? '')), damaged);
    assert.equal(existsSync(file), false);
    assert.deepEqual(archive.status.setAside, report.setAside);
    assertIds(new Set(state.events.keys()), ids.slice(40), 'the log after the snapshot still loads');
    assert.equal(await archive.compactIfNeeded(state, undefined, true), false, 'no compaction after a partial load');
    const next = openArchive(dir);
    const again = await next.load();
    assert.equal(again.report.partial, false, 'the next start is a normal one');
    assert.equal(await next.compactIfNeeded(again.state, undefined, true), true);
    assert.ok(existsSync(path.join(dir, report.setAside[0] ?? '')), 'the damaged file outlives compaction');
    assertIds(await idsOnDisk(dir), ids.slice(40), 'after compaction');
    await rm(dir, { recursive: true, force: true });
  });
}

function assertIds(found: Set<string>, expected: string[], label: string): void {
  assert.deepEqual(expected.filter((id) => !found.has(id)), [], label);
}

test('a log with a damaged line and a torn tail loads the rest; compaction sets that log aside instead of deleting it', async () => {
  const { dir, ids } = await seedArchive();
  const log = path.join(dir, 'log-1.jsonl');
  const lines = (await readFile(log, 'utf8')).split('\n');
  lines.splice(4, 0, '{"k":"e","e":{"i":"9999", garbage');
  await writeFile(log, lines.join('\n'));
  const original = await readFile(log);
  await truncate(log, original.length - 20); // the last record is torn
  const kept = await readFile(log);
  const archive = openArchive(dir);
  const { state, report } = await archive.load();
  assert.equal(report.damagedLines, 1);
  assert.ok(report.partialTailBytes > 0);
  assertIds(new Set(state.events.keys()), ids.slice(0, -1), 'every intact record');
  assert.equal(await archive.compactIfNeeded(state, undefined, true), true);
  const files = await readdir(dir);
  const aside = files.find((f) => /^log-1\.corrupt-\d+-[0-9a-f]+\.jsonl$/.test(f));
  assert.ok(aside, files.join(','));
  assert.deepEqual(await readFile(path.join(dir, aside)), kept);
  assert.deepEqual(archive.status.setAside, [aside]);
  assertIds(await idsOnDisk(dir), ids.slice(0, -1), 'after compaction');
  await rm(dir, { recursive: true, force: true });
});

test('an empty archive.id is set aside and replaced; the archive stays writable', async () => {
  const { dir, ids } = await seedArchive();
  await writeFile(path.join(dir, 'archive.id'), '');
  const archive = openArchive(dir);
  const { state } = await archive.load();
  assert.ok((await readdir(dir)).some((f) => f.startsWith('archive.id.corrupt-')));
  const extra = eventRecords(5000, 2);
  for (const r of extra) state.apply(r);
  await archive.append(extra);
  assertIds(await idsOnDisk(dir), [...ids, ...idsOf(extra)], 'appends after the repair land');
  await rm(dir, { recursive: true, force: true });
});

test('another window compacts and its snapshot cannot be read here: this window keeps what it shows, read-only', async () => {
  const { dir, clock, api } = await archiveOf507();
  const fs = new FaultyFs();
  const a = createDmService({ api, me, clock, storageDir: dir, archiveFs: fs });
  await a.ready();
  const other = createDmService({ api, me, clock, storageDir: dir, compactBytes: 1 });
  await other.ready(); // loads, then compacts into the next generation
  await other.flush();
  fs.failMatching('readFile', /^snapshot-/, 'EIO');
  await a.refreshFromArchive();
  assert.equal(await messagesIn(a), 507);
  assert.equal(a.archiveHealth?.readOnly, 'ioError');
  a.dispose();
  other.dispose();
  await Promise.all([a.whenClosed(), other.whenClosed()]);
  assert.equal((await idsOnDisk(dir)).size, 507);
  await rm(dir, { recursive: true, force: true });
});

test('a change whose save failed survives another window compacting and reaching this one, then lands', async () => {
  const { dir, clock, api } = await archiveOf507();
  const fs = new FaultyFs();
  const a = createDmService({ api, me, clock, storageDir: dir, archiveFs: fs });
  await a.ready();
  fs.failMatching('handle.write', /^log-/, 'ENOSPC');
  a.markRead('100-200');
  await a.flush();
  assert.equal(a.archiveHealth?.unsaved, 1);
  const other = createDmService({ api, me, clock, storageDir: dir, compactBytes: 1 });
  await other.ready(); // compacts into the next generation, without a's read mark
  await other.flush();
  await a.refreshFromArchive(); // a reloads from the new snapshot
  assert.equal(a.conversations()[0]?.unread, 0, 'the unsaved read mark is still applied after the reload');
  fs.heal();
  await a.flush();
  assert.equal(a.archiveHealth?.unsaved, 0);
  a.dispose();
  other.dispose();
  await Promise.all([a.whenClosed(), other.whenClosed()]);
  const c = createDmService({ api, me, clock, storageDir: dir });
  await c.ready();
  assert.equal(c.conversations()[0]?.unread, 0);
  assert.equal(await messagesIn(c), 507);
  c.dispose();
  await c.whenClosed();
  await rm(dir, { recursive: true, force: true });
});
