// Bench: real-time delivery against polling, in the same run and the same emulator world. One simulated hour of a
// idle account and of a steady conversation (one incoming message a minute) in virtual time: the poll scheduler, the session's timers
// and the emulator's clock all move together, while HTTP and the stream run for real. Figures: requests per hour
// (to /2/dm_events and in total), messages per minute delivered, how late each message was seen (virtual seconds;
// plus the stream's real push latency in ms). Run: npx tsx test/bench/realtime.ts (last line: BENCH realtime {json}).
import { createDmService } from '../../src/dm/createDmService';
import type { DmServiceImpl } from '../../src/dm/dmServiceImpl';
import { ActivityAppApi } from '../../src/realtime/appApi';
import { RealtimeSession } from '../../src/realtime/realtimeSession';
import { ensureSubscriptions } from '../../src/realtime/subscriptions';
import type { Clock } from '../../src/util/clock';
import { silentLogger } from '../../src/util/logger';
import { APP_ONLY_BEARER } from '../emulator/auth/credentials';
import { addEmuUser, startWorld, type EmulatorWorld } from '../unit/dm/emulatorWorld';

const HOUR_MS = 60 * 60_000;
const STEP_MS = 5_000;
const POLL_SECONDS = 60;

/** Virtual timers on the emulator's clock: `advance` fires what is due, then lets real I/O run for a moment. */
function virtualClock(world: EmulatorWorld): Clock & { advance(ms: number): Promise<void> } {
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const now = (): number => world.emu.ctx.clock.now();
  return {
    now,
    setTimeout(fn, ms) {
      const timer = { at: now() + ms, fn, live: true };
      timers.push(timer);
      return { dispose: () => void (timer.live = false) };
    },
    async advance(ms) {
      world.emu.ctx.clock.advance(ms);
      for (const t of timers.filter((x) => x.live && x.at <= now()).sort((a, b) => a.at - b.at)) {
        t.live = false;
        t.fn();
      }
      await new Promise((r) => setTimeout(r, 15));
    },
  };
}

interface ModeResult {
  dm_events_requests_per_hour: number;
  requests_per_hour: number;
  messages_per_minute: number;
  delivered: number;
  mean_delay_s: number;
  max_delay_s: number;
  stream_push_ms_median?: number;
}

async function run(mode: 'polling' | 'stream', perMinute: number): Promise<ModeResult> {
  const world = await startWorld('empty', { dmReadLimit: 1_000_000 });
  try {
    const alice = await addEmuUser(world, 'alice', 'Alice');
    const clock = virtualClock(world);
    const dm: DmServiceImpl = createDmService({ api: world.api, me: world.me, clock, pollIntervalSeconds: POLL_SECONDS });
    await dm.syncNow('startup');
    let session: RealtimeSession | undefined;
    if (mode === 'stream') {
      const app = new ActivityAppApi({ baseUrl: world.emu.url, bearer: APP_ONLY_BEARER, userAgent: 'xdm-bench' });
      await ensureSubscriptions(world.api, app, world.me.id);
      session = new RealtimeSession({ dm, app, lease: undefined, clock, logger: silentLogger, onProblem: () => undefined, idleTimeoutMs: 120_000 });
      session.start();
      while (!dm.deliveryMode().realTime) await clock.advance(0);
    }
    world.clearStats();
    const sentAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    const pushMs: number[] = [];
    const realSent = new Map<string, number>();
    dm.onDidChange((change) => {
      for (const e of change.incoming) {
        if (!seenAt.has(e.id)) seenAt.set(e.id, clock.now());
        const t = realSent.get(e.id);
        if (t !== undefined && mode === 'stream') pushMs.push(performance.now() - t);
      }
    });
    const store = world.emu.ctx.store;
    const conversation = store.oneToOne(alice, store.meId);
    // The emulator's clock is the wall clock plus an offset: count steps rather than compare times.
    for (let step = 0; step < HOUR_MS / STEP_MS; step++) {
      if (perMinute > 0 && step % (60_000 / STEP_MS) === 0) {
        const realStart = performance.now();
        const ev = store.addEvent({ eventType: 'MessageCreate', conversation, senderId: alice, at: clock.now(), text: `minute ${sentAt.size}` });
        sentAt.set(ev.id, clock.now());
        realSent.set(ev.id, realStart);
        // Real I/O (the push) runs before virtual time moves on.
        await clock.advance(0);
      }
      await clock.advance(STEP_MS);
    }
    // Whatever is still unseen at the end of the hour counts as delivered by the next poll, not before.
    const requests = world.emu.ctx.stats.requests;
    const delays = [...sentAt].map(([id, at]) => ((seenAt.get(id) ?? clock.now() + POLL_SECONDS * 1000) - at) / 1000);
    if (delays.length === 0) delays.push(0);
    await session?.dispose();
    dm.dispose();
    pushMs.sort((a, b) => a - b);
    return {
      dm_events_requests_per_hour: requests.filter((r) => r.path === '/2/dm_events').length,
      requests_per_hour: requests.length,
      messages_per_minute: seenAt.size / 60,
      delivered: seenAt.size,
      mean_delay_s: Math.round((delays.reduce((a, b) => a + b, 0) / delays.length) * 10) / 10,
      max_delay_s: Math.max(...delays),
      ...(pushMs.length ? { stream_push_ms_median: Math.round(pushMs[Math.floor(pushMs.length / 2)] ?? 0) } : {}),
    };
  } finally {
    await world.close();
  }
}

async function main(): Promise<void> {
  const figures: Record<string, { polling: ModeResult; stream: ModeResult }> = {};
  for (const [name, perMinute] of [['idle', 0], ['one_per_minute', 1]] as const) {
    const polling = await run('polling', perMinute);
    const stream = await run('stream', perMinute);
    figures[name] = { polling, stream };
    process.stdout.write(`${name}: polling every ${POLL_SECONDS} s ${JSON.stringify(polling)}\n${name}: real-time stream ${JSON.stringify(stream)}\n`);
  }
  process.stdout.write(`BENCH realtime ${JSON.stringify({ simulated_hour: true, poll_interval_s: POLL_SECONDS, ...figures })}\n`);
  process.exit(0);
}

void main();
