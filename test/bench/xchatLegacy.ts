// The legacy half of the X Chat bench, measured in the same run: the product's DmService ingesting N DM events from
// the emulator into its on-disk archive (events/s), then a fresh service on that archive to its conversation list.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDmService } from '../../src/dm/createDmService';
import { addEmuUser, startWorld } from '../unit/dm/emulatorWorld';

const DAY = 24 * 60 * 60 * 1000;

export interface LegacyFigures {
  ingest_events_per_s: number;
  ingest_requests: number;
  cold_to_list_ms: { best: number; median: number };
  conversations: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function measureLegacy(events: number, rounds: number): Promise<LegacyFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-bench-legacy-'));
  const world = await startWorld('empty', { dmReadLimit: 1_000_000 });
  try {
    const ada = await addEmuUser(world, 'ada', 'Ada');
    const store = world.emu.ctx.store;
    const conversation = store.oneToOne(ada, store.meId);
    // The same shape as the X Chat side: one 1:1 of `events` messages, the newest a minute old.
    for (let i = 0; i < events; i++) {
      store.addEvent({ eventType: 'MessageCreate', conversation, senderId: ada, at: world.clock.now() - 20 * DAY + Math.floor((i * 20 * DAY) / events), text: `message ${i} ${'·'.repeat(i % 80)}` });
    }
    world.clearStats();
    const t0 = performance.now();
    const dm = createDmService({ api: world.api, me: world.me, clock: world.clock, storageDir: dir });
    await dm.syncNow('startup');
    await dm.flush();
    const ingestS = (performance.now() - t0) / 1000;
    const ingestRequests = world.stats().requests;
    dm.dispose();
    await dm.whenClosed();

    const coldMs: number[] = [];
    let listed = 0;
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      const fresh = createDmService({ api: world.api, me: world.me, clock: world.clock, storageDir: dir });
      await fresh.ready();
      listed = fresh.conversations().length;
      coldMs.push(performance.now() - started);
      fresh.dispose();
      await fresh.whenClosed();
    }
    return {
      ingest_events_per_s: Math.round(events / ingestS),
      ingest_requests: ingestRequests,
      cold_to_list_ms: { best: Math.round(Math.min(...coldMs) * 10) / 10, median: Math.round(median(coldMs) * 10) / 10 },
      conversations: listed,
    };
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
