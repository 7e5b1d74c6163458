import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { DiskArchive } from '../../../src/dm/archive/diskArchive';
import type { ArchiveState } from '../../../src/dm/archive/state';
import { loadOneThread } from '../../../src/dm/archive/threadLoader';
import { silentLogger } from '../../../src/util/logger';
import { FaultyFs, type Fault } from './faultyFs';
import { assertHasAll, cloneDir, eventRecords, idsOf, idsOnDisk, openArchive, seedArchive } from './archiveFaultSupport';

/**
 * Fault injection over every step of the archive's disk operations. For each operation the steps of a
 * normal run are recorded; then each step in turn fails with EIO/EMFILE/ENOSPC/EBUSY (once, and for good) or is
 * where the process "dies" (cleanly, or with half of a write landed). After each run the folder is reopened from
 * disk and must still hold every acknowledged event; after the disk heals, records whose write failed must land.
 */
const CODES = ['EIO', 'EMFILE', 'ENOSPC', 'EBUSY'];
const FAULTS: Fault[] = [
  ...CODES.flatMap((code) => [
    { kind: 'error' as const, code, persistent: false },
    { kind: 'error' as const, code, persistent: true },
  ]),
  { kind: 'crash', torn: false },
  { kind: 'crash', torn: true },
];

interface Ctx {
  archive: DiskArchive;
  state: ArchiveState | undefined;
  dir: string;
}

interface Operation {
  name: string;
  /** Runs before faults are armed. */
  prepare(ctx: Ctx): Promise<void>;
  run(ctx: Ctx): Promise<unknown>;
  /** Events the operation acknowledges when it resolves. */
  acknowledges: string[];
}

const NEW = eventRecords(3000, 5);
const TAIL = eventRecords(4000, 3);

const operations: Operation[] = [
  {
    name: 'load',
    prepare: async () => undefined,
    run: async (ctx) => {
      ctx.state = (await ctx.archive.load()).state;
    },
    acknowledges: [],
  },
  {
    // A cold start: the snapshot's head, one thread opened on demand, then the rest in the background.
    name: 'lazy load',
    prepare: async () => undefined,
    run: async (ctx) => {
      const { state, threads } = await ctx.archive.load({ lazy: true });
      ctx.state = state;
      assert.ok(threads, 'the seed snapshot is read lazily');
      await loadOneThread(state, threads, '100-200', silentLogger);
      await ctx.archive.loadThreads(state, threads);
    },
    acknowledges: [],
  },
  {
    name: 'append',
    prepare: async (ctx) => {
      ctx.state = (await ctx.archive.load()).state;
    },
    run: async (ctx) => {
      for (const r of NEW) ctx.state?.apply(r);
      await ctx.archive.append(NEW);
    },
    acknowledges: idsOf(NEW),
  },
  {
    name: 'compaction',
    prepare: async (ctx) => {
      ctx.state = (await ctx.archive.load()).state;
      // Another window appended since: the compaction must carry its lines into the snapshot.
      const other = openArchive(ctx.dir);
      await other.load();
      await other.append(TAIL);
    },
    run: async (ctx) => ctx.archive.compactIfNeeded(ctx.state as ArchiveState, undefined, true),
    acknowledges: [],
  },
  {
    name: 'refresh',
    prepare: async (ctx) => {
      ctx.state = (await ctx.archive.load()).state;
      const other = openArchive(ctx.dir);
      await other.load();
      await other.append(TAIL);
    },
    run: async (ctx) => {
      const result = await ctx.archive.refresh();
      if (result.kind === 'records') for (const r of result.records) ctx.state?.apply(r);
    },
    acknowledges: [],
  },
  {
    name: 'sync lease',
    prepare: async (ctx) => {
      ctx.state = (await ctx.archive.load()).state;
    },
    run: async (ctx) => assert.equal(await ctx.archive.lease.acquire(90_000), true),
    acknowledges: [],
  },
];

/** What another window appended before the operation, acknowledged to it. */
const othersAcknowledged = (op: Operation): string[] => (op.name === 'compaction' || op.name === 'refresh' ? idsOf(TAIL) : []);

let seed: { dir: string; ids: string[] };
const scratch: string[] = [];

before(async () => {
  seed = await seedArchive();
});
after(async () => {
  for (const dir of [seed.dir, ...scratch]) await rm(dir, { recursive: true, force: true });
});

async function setup(): Promise<{ ctx: Ctx; fs: FaultyFs }> {
  const dir = await cloneDir(seed.dir);
  scratch.push(dir);
  const fs = new FaultyFs();
  return { ctx: { archive: openArchive(dir, fs), state: undefined, dir }, fs };
}

const describe = (f: Fault): string =>
  f.kind === 'crash' ? `crash${f.torn ? ' (torn write)' : ''}` : `${f.code}${f.persistent ? ' for good' : ' once'}`;

for (const op of operations) {
  test(`archive ${op.name}: no fault at any step of it loses an acknowledged event`, async () => {
    const acked = [...seed.ids, ...othersAcknowledged(op)];
    const probe = await setup();
    await op.prepare(probe.ctx);
    probe.fs.record();
    await op.run(probe.ctx);
    const steps = probe.fs.steps.length;
    assert.ok(steps >= 3, `recorded ${steps} steps`);
    let cases = 0;
    for (let k = 0; k < steps; k++) {
      for (const fault of FAULTS) {
        const label = `${op.name}, step ${k} (${probe.fs.steps[k]?.op} ${probe.fs.steps[k]?.file}), ${describe(fault)}`;
        const { ctx, fs } = await setup();
        await op.prepare(ctx);
        fs.arm(k, fault);
        const resolved = await op.run(ctx).then(
          () => true,
          () => false,
        );
        cases += 1;
        // 1. Straight after the fault, the disk holds everything acknowledged so far.
        const expected = resolved ? [...acked, ...op.acknowledges] : acked;
        assertHasAll(await idsOnDisk(ctx.dir), expected, `${label}, reopened`);
        if ((op.name === 'load' || op.name === 'lazy load') && resolved && !ctx.archive.isReadOnly) {
          // A load that allows writing must be complete: compaction would otherwise retire unread history.
          assertHasAll(new Set(ctx.state?.events.keys()), acked, `${label}, writable load in memory`);
        }
        if (fault.kind === 'crash') {
          // 2. A fresh start after the crash works normally and keeps everything.
          const next = openArchive(ctx.dir);
          const { state, report } = await next.load();
          assert.equal(report.readOnly, false, `${label}: restart after a crash is writable`);
          for (const r of NEW) state.apply(r);
          await next.append(NEW);
          await next.compactIfNeeded(state, undefined, true);
          assertHasAll(await idsOnDisk(ctx.dir), [...acked, ...idsOf(NEW)], `${label}, after restart`);
          continue;
        }
        // 2. The same window goes on while the disk heals: failed writes land, nothing is dropped.
        if (op.name === 'append' && !resolved) {
          assert.equal(ctx.archive.status.unsaved, NEW.length, `${label}: failed records are kept for retry`);
        }
        fs.heal();
        await ctx.archive.flush();
        if (ctx.state) await ctx.archive.compactIfNeeded(ctx.state, undefined, true).catch(() => false);
        const held = op.acknowledges.length > 0 && !ctx.archive.isReadOnly ? op.acknowledges : [];
        assertHasAll(await idsOnDisk(ctx.dir), [...acked, ...held], `${label}, after healing`);
      }
    }
    assert.equal(cases, steps * FAULTS.length);
  });
}
