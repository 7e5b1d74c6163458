import { createXClient } from '../../../src/api/xClient';
import type { XDmApi } from '../../../src/api/dmApi';
import type { XUser } from '../../../src/api/schemas/user';
import type { Clock } from '../../../src/util/clock';
import { startEmulator, type Emulator } from '../../emulator/server';

/**
 * The real client against the real emulator (in-process), sharing the emulator's clock so that rate-limit resets
 * and the 30-day window move together when a test advances time. Counts come from the emulator's own stats.
 */
export interface EmulatorWorld {
  emu: Emulator;
  api: XDmApi;
  me: XUser;
  clock: Clock & { advance(ms: number): void };
  stats(): { requests: number; dmListRequests: number; billed: number; returned: number; sends: number };
  clearStats(): void;
  /** An incoming message from `fromUserId` (to me unless a conversation is given). */
  incoming(fromUserId: string, text: string, conversationId?: string): Promise<{ dm_event_id: string; dm_conversation_id: string }>;
  close(): Promise<void>;
}

export async function startWorld(preset = 'empty', options: { dmReadLimit?: number; timeoutMs?: number; mediaWrite?: boolean } = {}): Promise<EmulatorWorld> {
  const emu = await startEmulator({
    port: 0,
    preset,
    selfCheck: false,
    ...(options.dmReadLimit !== undefined ? { rateLimits: { dmRead: options.dmReadLimit } } : {}),
  });
  const ctx = emu.ctx;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const clock = {
    now: () => ctx.clock.now(),
    setTimeout(callback: () => void, ms: number) {
      const handle = setTimeout(callback, ms);
      timers.add(handle);
      return { dispose: () => clearTimeout(handle) };
    },
    advance: (ms: number) => ctx.clock.advance(ms),
  };
  const issue = (): { access_token: string } =>
    ctx.tokens.issue(
      ctx.store.meId,
      'xdm-emulator-client',
      ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access', ...(options.mediaWrite ? ['media.write'] : [])],
      365 * 24 * 3600,
    ) as {
      access_token: string;
    };
  let issued = issue();
  const api = createXClient({
    baseUrl: emu.url,
    auth: {
      authorize: async () => ({ Authorization: `Bearer ${issued.access_token}` }),
      // Tests that advance the clock by days outlive the 2-hour token: "refresh" by issuing a new one.
      refreshAfterUnauthorized: async () => {
        issued = issue();
        return true;
      },
    },
    clock,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const meUser = ctx.store.users.get(ctx.store.meId);
  const me: XUser = { id: ctx.store.meId, username: meUser?.username ?? 'me', name: meUser?.name ?? 'Me' };
  return {
    emu,
    api,
    me,
    clock,
    stats() {
      const s = ctx.stats;
      return {
        requests: s.requests.length,
        dmListRequests: s.requests.filter((r) => r.path === '/2/dm_events').length,
        billed: s.billedEventReads,
        returned: s.eventsReturned,
        sends: s.sends,
      };
    },
    clearStats: () => ctx.stats.clear(),
    async incoming(fromUserId, text, conversationId) {
      const res = await fetch(`${emu.url}/__admin/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from_user_id: fromUserId, text, ...(conversationId ? { conversation_id: conversationId } : {}) }),
      });
      return (await res.json()) as { dm_event_id: string; dm_conversation_id: string };
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await emu.close();
    },
  };
}

export async function admin(world: EmulatorWorld, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${world.emu.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return res.json();
}

/** Adds `n` incoming messages from one user, directly in the emulator's store (fast, same as the admin route). */
export function seedIncoming(world: EmulatorWorld, fromUserId: string, n: number, text = (i: number) => `seed ${i}`): void {
  const store = world.emu.ctx.store;
  const conversation = store.oneToOne(fromUserId, store.meId);
  for (let i = 0; i < n; i++) {
    store.addEvent({ eventType: 'MessageCreate', conversation, senderId: fromUserId, at: world.clock.now() - (n - i) * 10, text: text(i) });
  }
}

/** Creates a user in the emulator and returns its id. */
export async function addEmuUser(world: EmulatorWorld, username: string, name = username): Promise<string> {
  const res = await fetch(`${world.emu.url}/__admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, name }),
  });
  return ((await res.json()) as { id: string }).id;
}
