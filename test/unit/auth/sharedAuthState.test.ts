import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { LeaseTimeoutError, SharedAuthState } from '../../../src/auth/sessions/sharedState';
import { FakeClock, MemoryLogger, settle } from './fakes';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-lease-'));
  dirs.push(dir);
  return dir;
}

function windowOn(dir: string, clock: FakeClock, waitMs?: number): SharedAuthState {
  return new SharedAuthState({ dir, clock, log: new MemoryLogger(), leaseTtlMs: 60_000, pollMs: 50, waitMs });
}

test('one holder at a time across windows; the waiter runs after the holder releases', async () => {
  const clock = new FakeClock();
  const dir = await folder();
  const a = windowOn(dir, clock);
  const b = windowOn(dir, clock);
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const first = a.withLease(async () => {
    order.push('a start');
    await gate;
    order.push('a end');
  });
  await settle(clock, new Promise((resolve) => setTimeout(resolve, 20)));
  const second = b.withLease(async () => void order.push('b'));
  await settle(clock, new Promise((resolve) => setTimeout(resolve, 20)));
  assert.deepEqual(order, ['a start'], 'b waits while a holds the lease');
  release();
  await settle(clock, Promise.all([first, second]));
  assert.deepEqual(order, ['a start', 'a end', 'b']);
  assert.deepEqual(await readdir(dir), [], 'the lease file is gone after release, nothing left over');
});

test('an expired lease left by a stopped window is taken over', async () => {
  const clock = new FakeClock();
  const dir = await folder();
  await writeFile(path.join(dir, 'refresh.lease'), JSON.stringify({ owner: 'gone', token: 't', expiresAt: clock.now() - 1 }));
  let ran = false;
  await settle(clock, windowOn(dir, clock).withLease(async () => void (ran = true)));
  assert.equal(ran, true);
});

test('a live lease is waited for, and the wait ends with a transient error, not forever', async () => {
  const clock = new FakeClock();
  const dir = await folder();
  await writeFile(path.join(dir, 'refresh.lease'), JSON.stringify({ owner: 'busy', token: 't', expiresAt: clock.now() + 3_600_000 }));
  let ran = false;
  await assert.rejects(
    settle(clock, windowOn(dir, clock, 2_000).withLease(async () => void (ran = true))),
    (e: unknown) => e instanceof LeaseTimeoutError && e.transient,
  );
  assert.equal(ran, false);
});

test('generations are shared, hold no secret, and survive an unreadable file', async () => {
  const clock = new FakeClock();
  const dir = await folder();
  const a = windowOn(dir, clock);
  await a.withLease(() => a.mark('session-1', { generation: 3, removed: false }));
  await a.withLease(() => a.mark('session-2', { generation: 1, removed: true }));
  assert.deepEqual([...(await windowOn(dir, clock).markers())], [
    ['session-1', { generation: 3, removed: false }],
    ['session-2', { generation: 1, removed: true }],
  ]);
  await writeFile(path.join(dir, 'generations.json'), '{torn');
  assert.equal((await a.markers()).size, 0);
});
