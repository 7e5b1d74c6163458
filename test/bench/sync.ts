// Bench: what sync costs in requests and billed DM event reads, next to a naive poller ("list everything with
// max_results=100") measured in the same run against the same emulator world; and cold start from an archive of
// 5,000 and 100,000 events (ms to a ready conversation list with zero requests, extra heap MB).
// Run: npx tsx test/bench/sync.ts [--cold-only]   (last line: BENCH sync {json}). Never fails on time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XDmApi } from '../../src/api/dmApi';
import { createDmService } from '../../src/dm/createDmService';
import { DiskArchive } from '../../src/dm/archive/diskArchive';
import { nodeArchiveFs } from '../../src/dm/archive/archiveFs';
import { writeSnapshot } from '../../src/dm/archive/snapshot';
import type { ArchiveRecord, EventRec } from '../../src/dm/archive/schema';
import { ArchiveState } from '../../src/dm/archive/state';
import { silentLogger } from '../../src/util/logger';
import { directConversationId } from '../../src/dm/model/ids';
import { FakeClock, FakeDmApi } from '../unit/dm/fakeDmApi';
import { addEmuUser, seedIncoming, startWorld, type EmulatorWorld } from '../unit/dm/emulatorWorld';

interface Cost {
  requests: number;
  event_reads: number;
  events_returned: number;
}

const BASE_EVENTS = 1000;
const DAY = 24 * 60 * 60 * 1000;

/** The naive baseline: every poll pages through the whole 30-day list, 100 per page. */
async function naivePoll(api: XDmApi): Promise<void> {
  let token: string | undefined;
  do {
    const page = await api.listDmEvents({ maxResults: 100, ...(token ? { paginationToken: token } : {}) });
    token = page.nextToken;
  } while (token);
}

function cost(world: EmulatorWorld): Cost {
  const s = world.stats();
  return { requests: s.requests, event_reads: s.billed, events_returned: s.returned };
}

async function scenario(name: string, newEvents: number, options: { gapDays?: number } = {}): Promise<{ ours: Cost; naive: Cost }> {
  const world = await startWorld('empty', { dmReadLimit: 1_000_000 });
  try {
    const alice = await addEmuUser(world, 'alice', 'Alice');
    const bob = await addEmuUser(world, 'bob', 'Bob');
    // An archive that is level with X: 1,000 events spread over the last 20 days.
    const store = world.emu.ctx.store;
    const conversation = store.oneToOne(alice, store.meId);
    for (let i = 0; i < BASE_EVENTS; i++) {
      store.addEvent({ eventType: 'MessageCreate', conversation, senderId: alice, at: world.clock.now() - 20 * DAY + i * 60_000, text: `history ${i}` });
    }
    const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
    await dm.syncNow('startup');
    if (options.gapDays) world.clock.advance(options.gapDays * DAY);
    else world.clock.advance(60_000);
    if (newEvents > 0) seedIncoming(world, bob, newEvents);
    world.clearStats();
    if (name === 'first_sync') {
      const fresh = createDmService({ api: world.api, me: world.me, clock: world.clock });
      await fresh.syncNow('startup');
      fresh.dispose();
    } else {
      await dm.syncNow('manual');
    }
    const ours = cost(world);
    world.clearStats();
    await naivePoll(world.api);
    const naive = cost(world);
    dm.dispose();
    return { ours, naive };
  } finally {
    await world.close();
  }
}

// ---- cold start (child process, so heap figures are not polluted by the scenarios) ----

/**
 * The archive exactly as the product writes it: the real service syncs `events` events (over many 1:1 and group
 * conversations, 30 days) from an in-process fake X into `dir`, compacting as it goes.
 */
async function syncedArchive(dir: string, events: number): Promise<void> {
  const clock = new FakeClock(Date.UTC(2026, 10, 21, 12));
  const me = { id: '1849302175620384768', username: 'you', name: 'You' };
  const api = new FakeDmApi(clock, me);
  api.limit = 1_000_000;
  const conversations = Math.max(10, Math.ceil(events / 40));
  for (let u = 0; u < conversations; u++) api.addUser(String(1_000_000 + u), `user_${u}`, `User Number ${u}`);
  const spacing = Math.floor((29 * DAY) / events);
  for (let i = 0; i < events; i++) {
    const partner = String(1_000_000 + (i % conversations));
    const group = i % conversations % 10 === 9;
    const words = 4 + ((i * 7) % 20);
    api.events.push({
      id: api.newId(),
      event_type: 'MessageCreate',
      sender_id: i % 3 === 0 ? me.id : partner,
      dm_conversation_id: group ? String(1_500_000_000_000_000_000n + BigInt(i % conversations)) : directConversationId(me.id, partner),
      created_at: new Date(clock.now() - (events - i) * spacing).toISOString(),
      text: Array.from({ length: words }, (_, w) => ['deploy', 'review', 'coffee', 'merge', 'the', 'a', 'branch', 'later'][(i + w) % 8]).join(' '),
    });
  }
  const dm = createDmService({ api, me, clock, storageDir: dir });
  await dm.syncNow('manual');
  await dm.flush();
  dm.dispose();
  await dm.whenClosed();
}

function syntheticArchive(dir: string, events: number, format: 'log' | 'snapshot'): Promise<void> {
  const meId = '1849302175620384768';
  const conversations = Math.max(10, Math.ceil(events / 40));
  const users = Math.max(10, Math.ceil(events / 100));
  const records: ArchiveRecord[] = [];
  for (let u = 0; u < users; u++) {
    records.push({ k: 'u', u: { id: String(1_000_000 + u), username: `user_${u}`, name: `User Number ${u}` } });
  }
  const start = Date.UTC(2026, 0, 1);
  let id = 1_800_000_000_000_000_000n;
  for (let i = 0; i < events; i++) {
    const c = i % conversations;
    const partner = String(1_000_000 + (c % users));
    const fromMe = i % 3 === 0;
    id += 4_194_304_000n;
    const words = 4 + ((i * 7) % 20);
    const e: EventRec = {
      i: id.toString(),
      t: 0,
      c: c % 10 === 9 ? String(1_500_000_000_000_000_000n + BigInt(c)) : `${partner}-${meId}`,
      s: fromMe ? meId : partner,
      a: start + i * 60_000,
      x: Array.from({ length: words }, (_, w) => ['deploy', 'review', 'coffee', 'merge', 'the', 'a', 'branch', 'later'][(i + w) % 8]).join(' '),
    };
    records.push({ k: 'e', e });
  }
  records.push({ k: 's', s: { at: start, watermarkId: id.toString(), firstSyncDone: true, lastSyncedAt: start } });
  if (format === 'snapshot') {
    const state = new ArchiveState();
    for (const r of records) state.apply(r);
    return writeSnapshot(nodeArchiveFs, dir, state.toSnapshot(1, start), { legacy: true }).then(() => undefined);
  }
  const disk = new DiskArchive(dir, { logger: silentLogger, compactBytes: Number.MAX_SAFE_INTEGER });
  return (async () => {
    await disk.load();
    for (let i = 0; i < records.length; i += 1000) await disk.append(records.slice(i, i + 1000));
  })();
}

async function coldChild(dir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let requests = 0;
  const api = new Proxy({} as XDmApi, {
    get: (_t, prop) => (prop === 'rateLimits' ? { get: () => undefined, all: () => [], onDidChange: () => ({ dispose() {} }) } : () => {
      requests += 1;
      throw new Error('no network during cold start');
    }),
  });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const dm = createDmService({ api, me: { id: BENCH_ME, username: 'you', name: 'You' }, storageDir: dir });
  await dm.ready();
  const list = dm.conversations();
  const ms = performance.now() - started;
  // CPU time too: wall-clock on a shared 2-core machine says more about the neighbours than about the archive.
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  gc?.();
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  // Then the threads the list did not need (background in the product) and a full-text search over them.
  await dm.archiveLoaded();
  // The service announces every conversation then; the panel asks for the list again (recomputed from events).
  dm.conversations();
  const fullMs = performance.now() - started;
  const fullCpu = process.cpuUsage(cpuStarted);
  gc?.();
  gc?.();
  const fullHeapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  const searchStart = performance.now();
  const hits = dm.search('coffee merge').length;
  const searchMs = performance.now() - searchStart;
  const round1 = (mb: number): number => Math.round(mb * 10) / 10;
  process.stdout.write(
    JSON.stringify({
      ms: Math.round(ms),
      cpu_ms: Math.round(cpuMs),
      heap_mb: round1(heapMb),
      conversations: list.length,
      requests,
      full_ms: Math.round(fullMs),
      full_cpu_ms: Math.round((fullCpu.user + fullCpu.system) / 1000),
      full_heap_mb: round1(fullHeapMb),
      search_ms: Math.round(searchMs),
      hits,
    }) + '\n',
  );
  dm.dispose();
  await dm.whenClosed();
}

/**
 * The same synced archive rewritten in the version-1 layout (one flat document, no conversation index), as an
 * archive written before the index looks: the old cold-start path, measured in the same run.
 */
async function legacyArchive(dir: string, events: number): Promise<void> {
  await syncedArchive(dir, events);
  const { state } = await new DiskArchive(dir, { logger: silentLogger, me: BENCH_ME }).load();
  const old = readdirSync(dir).filter((f) => /^(snapshot-\d+\.json|log-\d+\.jsonl)$/.test(f));
  await writeSnapshot(nodeArchiveFs, dir, state.toSnapshot(100, Date.now()), { legacy: true });
  for (const f of old) rmSync(path.join(dir, f));
}

const BENCH_ME = '1849302175620384768';

async function coldStart(events: number, format: 'synced' | 'legacy' | 'log' | 'snapshot'): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-bench-'));
  try {
    if (format === 'synced') await syncedArchive(dir, events);
    else if (format === 'legacy') await legacyArchive(dir, events);
    else await syntheticArchive(dir, events, format);
    const files = readdirSync(dir).filter((f) => !f.startsWith('sync.lease'));
    const self = fileURLToPath(import.meta.url);
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--cold', dir], { encoding: 'utf8' });
    const line = child.stdout.trim().split('\n').pop() ?? '{}';
    if (child.status !== 0) process.stderr.write(child.stderr);
    const figures = JSON.parse(line) as Record<string, number>;
    return { ...figures, files: files.join(' ') } as unknown as Record<string, number>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const coldIndex = process.argv.indexOf('--cold');
  if (coldIndex > 0) return coldChild(process.argv[coldIndex + 1] as string);
  const coldOnly = process.argv.includes('--cold-only');

  const plan: [string, number, { gapDays?: number }?][] = [
    ['first_sync', 0],
    ['idle', 0],
    ['new_1', 1],
    ['new_99', 99],
    ['new_100', 100],
    ['new_101', 101],
    ['new_5000', 5000],
    ['gap_31_days', 150, { gapDays: 31 }],
  ];
  const result: Record<string, unknown> = {};
  const naive: Record<string, Cost> = {};
  console.log(`scenario         ours: requests / event reads      naive (max_results=100): requests / event reads   ratio(reads)`);
  for (const [name, n, options] of coldOnly ? [] : plan) {
    const { ours, naive: base } = await scenario(name, n, options ?? {});
    result[name] = ours;
    naive[name] = base;
    const ratio = ours.event_reads > 0 ? (base.event_reads / ours.event_reads).toFixed(1) : '∞';
    console.log(
      `${name.padEnd(16)} ${String(ours.requests).padStart(6)} / ${String(ours.event_reads).padEnd(22)} ${String(base.requests).padStart(6)} / ${String(base.event_reads).padEnd(36)} ${ratio}×`,
    );
  }
  result.naive = naive;
  const cold: Record<string, unknown> = {};
  // `synced`: the archive as the product leaves it after syncing (snapshot with its conversation index + short
  // log); `legacy`: the same archive in the version-1 layout (everything parsed before the list, the old path);
  // `log`: worst case, every event still in the log (before the first compaction). The key without a suffix is
  // the product's own archive.
  for (const [events, format] of [
    [5000, 'synced'],
    [5000, 'legacy'],
    [5000, 'log'],
    [100_000, 'synced'],
    [100_000, 'legacy'],
  ] as const) {
    const figures = await coldStart(events, format);
    cold[format === 'synced' ? String(events) : `${events}_${format}`] = figures;
    console.log(
      `cold start ${events} events (${format}; ${String(figures.files)}): ${figures.ms} ms (${figures.cpu_ms} ms CPU) to a ready list of ${figures.conversations}, +${figures.heap_mb} MB heap, ${figures.requests} requests; every thread in ${figures.full_ms} ms (${figures.full_cpu_ms} ms CPU), +${figures.full_heap_mb} MB heap; search ${figures.search_ms} ms`,
    );
  }
  result.cold_start = cold;
  console.log(`BENCH sync ${JSON.stringify(result)}`);
}

void main();
