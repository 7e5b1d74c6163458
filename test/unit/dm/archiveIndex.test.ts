import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { XDmApi } from '../../../src/api/dmApi';
import { nodeArchiveFs, type ArchiveFileHandle, type ArchiveFs } from '../../../src/dm/archive/archiveFs';
import { DiskArchive } from '../../../src/dm/archive/diskArchive';
import type { ArchiveRecord, EventRec } from '../../../src/dm/archive/schema';
import { writeSnapshot } from '../../../src/dm/archive/snapshot';
import { ArchiveState } from '../../../src/dm/archive/state';
import { ArchiveStore } from '../../../src/dm/archive/archiveStore';
import { createDmService } from '../../../src/dm/createDmService';
import { defaultStrings } from '../../../src/dm/strings';
import { silentLogger } from '../../../src/util/logger';
import { tempDir } from './archiveFaultSupport';
import { FakeClock, FakeDmApi } from './fakeDmApi';

/** Counts the bytes the archive reads, per file name: cold-start work must follow conversations, not events. */
class CountingFs implements ArchiveFs {
  readonly bytes = new Map<string, number>();
  private count(file: string, n: number): void {
    const name = path.basename(file);
    this.bytes.set(name, (this.bytes.get(name) ?? 0) + n);
  }
  read(prefix: string): number {
    let total = 0;
    for (const [name, n] of this.bytes) if (name.startsWith(prefix)) total += n;
    return total;
  }
  mkdir = nodeArchiveFs.mkdir;
  readdir = nodeArchiveFs.readdir;
  writeFile = nodeArchiveFs.writeFile;
  rename = nodeArchiveFs.rename;
  unlink = nodeArchiveFs.unlink;
  link = nodeArchiveFs.link;
  stat = nodeArchiveFs.stat;
  rmdirRecursive = nodeArchiveFs.rmdirRecursive;
  async readFile(file: string): Promise<string> {
    const text = await nodeArchiveFs.readFile(file);
    this.count(file, Buffer.byteLength(text));
    return text;
  }
  async open(file: string, flags: 'r' | 'w' | 'wx' | 'a+'): Promise<ArchiveFileHandle> {
    const real = await nodeArchiveFs.open(file, flags);
    return {
      stat: () => real.stat(),
      read: async (buffer, offset, length, position) => {
        const result = await real.read(buffer, offset, length, position);
        this.count(file, result.bytesRead);
        return result;
      },
      write: (buffer, offset, length) => real.write(buffer, offset, length),
      writeFile: (data) => real.writeFile(data),
      sync: () => real.sync(),
      close: () => real.close(),
    };
  }
}

const ME = '100';
let nextId = 1_000_000;
const event = (c: string, s: string, extra: Partial<EventRec> = {}): ArchiveRecord => ({
  k: 'e',
  e: { i: String(nextId++), t: 0, c, s, a: 1_700_000_000_000 + nextId, x: `message ${nextId} about coffee`, ...extra },
});

/** `conversations` 1:1 conversations with `perConversation` messages each, compacted into a snapshot. */
async function archiveOf(conversations: number, perConversation: number): Promise<string> {
  const dir = await tempDir('xdm-index-');
  const records: ArchiveRecord[] = [];
  for (let n = 0; n < perConversation; n++) {
    for (let c = 0; c < conversations; c++) records.push(event(`${ME}-${200 + c}`, n % 4 === 0 ? ME : String(200 + c)));
  }
  await seal(dir, records);
  return dir;
}

async function seal(dir: string, records: ArchiveRecord[]): Promise<void> {
  const disk = new DiskArchive(dir, { logger: silentLogger, me: ME });
  const { state } = await disk.load();
  for (const r of records) state.apply(r);
  await disk.append(records);
  assert.equal(await disk.compactIfNeeded(state, undefined, true), true);
}

async function coldStart(dir: string, fs: ArchiveFs = nodeArchiveFs) {
  const disk = new DiskArchive(dir, { logger: silentLogger, me: ME, fs });
  const store = new ArchiveStore(ME, disk, defaultStrings, silentLogger);
  const report = await store.load();
  return { disk, store, report };
}

test('a cold start reads the conversation index only: bytes read follow conversations, not events', async () => {
  const small = await archiveOf(20, 10);
  const large = await archiveOf(20, 400);
  const read: number[] = [];
  for (const dir of [small, large]) {
    const fs = new CountingFs();
    const { store } = await coldStart(dir, fs);
    assert.equal(store.list().length, 20);
    assert.equal(store.eventCount, 0, 'no thread was parsed or validated for the list');
    read.push(fs.read('snapshot-'));
    const size = (await readFile(path.join(dir, 'snapshot-1.json'))).length;
    if (dir === large) assert.ok(fs.read('snapshot-') < size / 10, `read ${fs.read('snapshot-')} of ${size} bytes`);
    await store.loadRest();
    assert.equal(store.eventCount, dir === small ? 200 : 8000, 'the background load brings every thread');
  }
  // 40 times the events, the same 20 index entries: the head comes in its first 64 KB chunk either way (+ the 12-byte `"threads":[` line after it).
  assert.ok((read[1] as number) <= 64 * 1024 + 12, `read ${read[1]} bytes`);
  for (const dir of [small, large]) await rm(dir, { recursive: true, force: true });
});

test('opening a conversation before the rest has loaded reads that thread only', async () => {
  const dir = await archiveOf(30, 50);
  const fs = new CountingFs();
  const { store } = await coldStart(dir, fs);
  const before = fs.read('snapshot-');
  const opened = `${ME}-205`;
  assert.equal(await store.ensureThread(opened), true);
  assert.equal(store.archivedCount(opened), 50);
  assert.equal(store.eventCount, 50, 'only that conversation is in memory');
  const head = (await readFile(path.join(dir, 'snapshot-1.json'), 'utf8')).split('\n')[0] as string;
  const entry = (JSON.parse(`${head.slice(0, -1)}}`) as { head: { conversations: { c: string; b: number }[] } }).head.conversations.find(
    (c) => c.c === opened,
  );
  assert.equal(fs.read('snapshot-') - before, entry?.b, 'exactly its line of the snapshot');
  assert.equal(store.ensureThread(opened), undefined, 'a loaded thread is not read again');
  await store.loadRest();
  assert.equal(store.eventCount, 1500);
  await rm(dir, { recursive: true, force: true });
});

test('the list from the index equals the list from every event, with a log tail on top', async () => {
  const dir = await tempDir('xdm-index-');
  const direct = `${ME}-200`;
  const quiet = `${ME}-201`;
  const answered = `${ME}-202`;
  const group = '900000000000000'; // X's group ids have 15–19 digits
  const first: ArchiveRecord[] = [
    { k: 'u', u: { id: '200', username: 'alice', name: 'Alice' } },
    { k: 'u', u: { id: '301', username: 'carol', name: 'Carol' } },
    event(group, ME, { t: 1, p: ['301', '302', '303'], x: undefined }),
    event(direct, '200'),
    event(quiet, '201'),
    event(answered, '202'),
    event(group, '301'),
  ];
  const read = event(direct, '200');
  first.push(read, event(direct, '200'), event(direct, '200'), { k: 'r', c: direct, id: (read as { e: EventRec }).e.i });
  first.push(event(group, '302'), event(answered, '202'), event(quiet, '201'));
  await seal(dir, first);
  // After the snapshot, in the log: a read mark halfway, a reply, a deleted newest message, a leave, news.
  const deleted = event(quiet, '201');
  const tail: ArchiveRecord[] = [
    event(direct, '200'),
    event(answered, ME),
    deleted,
    { k: 'd', id: (deleted as { e: EventRec }).e.i },
    event(group, '303', { t: 2, x: undefined }),
    event(group, '302'),
  ];
  const disk = new DiskArchive(dir, { logger: silentLogger, me: ME });
  await disk.load();
  await disk.append(tail);
  const { store } = await coldStart(dir);
  assert.equal(store.complete, false);
  const fromIndex = structuredClone(store.list());
  await store.loadRest();
  assert.equal(store.complete, true);
  const fromEvents = store.list();
  assert.deepEqual(fromIndex, fromEvents);
  assert.deepEqual(
    fromEvents.map((s) => [s.id, s.unread]),
    [
      [group, 3],
      [answered, 0],
      [direct, 3],
      [quiet, 2],
    ],
  );
  assert.deepEqual(fromEvents.find((s) => s.id === group)?.participants.map((p) => p.id), ['301', '302']);
  await rm(dir, { recursive: true, force: true });
});

test('a version-1 snapshot is read whole, then rewritten with its index by the next compaction', async () => {
  const dir = await tempDir('xdm-index-');
  const state = new ArchiveState();
  for (let n = 0; n < 30; n++) state.apply(event(`${ME}-${200 + (n % 3)}`, String(200 + (n % 3))));
  await writeSnapshot(nodeArchiveFs, dir, state.toSnapshot(1, 0), { legacy: true });
  const { store, report } = await coldStart(dir);
  assert.equal(report?.migratedFrom, 1);
  assert.equal(store.complete, true);
  assert.equal(store.list().length, 3);
  assert.equal(await store.compact(), true, 'an old layout compacts even with a short log');
  assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('snapshot-')), ['snapshot-2.json']);
  const text = await readFile(path.join(dir, 'snapshot-2.json'), 'utf8');
  // Still one JSON document: a version-1 reader sees a newer version and stays out of it.
  assert.equal((JSON.parse(text) as { version: number }).version, 2);
  const again = await coldStart(dir);
  assert.equal(again.store.eventCount, 0);
  assert.deepEqual(again.store.list(), store.list());
  await again.store.loadRest();
  await rm(dir, { recursive: true, force: true });
});

test('a damaged thread line: the list shows, the good threads load, the file is set aside, nothing is compacted', async () => {
  const dir = await archiveOf(3, 10);
  const file = path.join(dir, 'snapshot-1.json');
  const lines = (await readFile(file, 'utf8')).split('\n');
  // Same length, so the index's byte ranges still hold: only the second thread's content is wrong.
  lines[3] = (lines[3] as string).replace('"t":0', '"t":7');
  await writeFile(file, lines.join('\n'));
  const { store, disk, report } = await coldStart(dir);
  assert.equal(report?.partial, false);
  assert.equal(store.list().length, 3);
  await store.loadRest();
  assert.equal(store.eventCount, 20, 'two good threads of ten');
  assert.equal(disk.status.setAside.length, 1);
  assert.match(disk.status.setAside[0] as string, /^snapshot-1\.corrupt-.*\.json$/);
  assert.equal(await store.compact(undefined, true), false);
  assert.ok((await readdir(dir)).some((f) => f.startsWith('snapshot-1.corrupt-')), 'moved aside, never deleted');
  await rm(dir, { recursive: true, force: true });
});

test('the service: ready() means the list; a thread opened at once is announced and complete when it arrives', async () => {
  const dir = await archiveOf(40, 30);
  const api = new Proxy({} as XDmApi, {
    get: (_t, prop) => (prop === 'rateLimits' ? { get: () => undefined, all: () => [], onDidChange: () => ({ dispose() {} }) } : () => assert.fail('no request')),
  });
  const dm = createDmService({ api, me: { id: ME, username: 'me', name: 'Me' }, storageDir: dir });
  const opened = `${ME}-230`;
  const announced = new Promise<void>((resolve) => dm.onDidChange((change) => change.conversationIds.includes(opened) && resolve()));
  await dm.ready();
  assert.equal(dm.conversations().length, 40);
  // Before its thread is read, the conversation shows its newest message (from the index), not an empty thread.
  const early = dm.thread(opened).items;
  assert.equal(early.length, 1);
  assert.equal(early[0]?.type === 'message' && early[0].text, dm.conversation(opened)?.preview);
  await announced;
  assert.equal(dm.thread(opened, { limit: 100 }).items.length, 30);
  await dm.archiveLoaded();
  assert.equal(dm.search('coffee').length, 40, 'message text of every thread is searchable');
  dm.dispose();
  await dm.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

test("an index derived for another account is not used: that snapshot is read whole", async () => {
  const dir = await archiveOf(5, 4);
  const disk = new DiskArchive(dir, { logger: silentLogger, me: '999' });
  const { state, threads } = await disk.load({ lazy: true });
  assert.equal(threads, undefined);
  assert.equal(state.complete, true);
  assert.equal(state.events.size, 20);
  await rm(dir, { recursive: true, force: true });
});

test('a sync right after ready() waits for every thread: archived events are never taken for new ones', async () => {
  const dir = await tempDir('xdm-index-');
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, { id: ME, username: 'me', name: 'Me' });
  api.limit = 100_000;
  for (let c = 0; c < 30; c++) {
    api.addUser(String(200 + c), `user${c}`, `User ${c}`);
    api.addMessages(20, String(200 + c));
  }
  const first = createDmService({ api, me: { id: ME, username: 'me', name: 'Me' }, clock, storageDir: dir, compactBytes: 1 });
  assert.equal((await first.syncNow('startup')).newEvents, 600);
  await first.flush();
  first.dispose();
  await first.whenClosed();
  // Thread reads (past the head) wait until the sync has been asked for, so a sync that did not wait would run first.
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const archiveFs: ArchiveFs = {
    ...nodeArchiveFs,
    open: async (file, flags) => {
      const real = await nodeArchiveFs.open(file, flags);
      if (!path.basename(file).startsWith('snapshot-')) return real;
      const read: ArchiveFileHandle['read'] = async (...args) => {
        if (args[3] > 0) await gate;
        return real.read(...args);
      };
      return { ...bind(real), read };
    },
  };
  const again = createDmService({ api, me: { id: ME, username: 'me', name: 'Me' }, clock, storageDir: dir, archiveFs });
  const incoming: number[] = [];
  again.onDidChange((change) => incoming.push(change.incoming.length + (change.backfillCount ?? 0)));
  await again.ready();
  clock.t += 60_000;
  const syncing = again.syncNow('startup');
  await new Promise((resolve) => setTimeout(resolve, 50));
  open();
  const outcome = await syncing;
  assert.equal(outcome.newEvents, 0);
  assert.deepEqual(incoming.filter((n) => n > 0), [], 'no archived message is announced as new');
  again.dispose();
  await again.whenClosed();
  await rm(dir, { recursive: true, force: true });
});

function bind(handle: ArchiveFileHandle): ArchiveFileHandle {
  return {
    stat: () => handle.stat(),
    read: (...args) => handle.read(...args),
    write: (...args) => handle.write(...args),
    writeFile: (data) => handle.writeFile(data),
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}
