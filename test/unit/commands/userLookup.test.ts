import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { XUser } from '../../../src/api/schemas/user';
import { UserLookup, handleFromQuery, type LookupResult } from '../../../src/commands/userLookup';
import type { Clock } from '../../../src/util/clock';
import { silentLogger } from '../../../src/util/logger';

class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const timer = { at: this.time + ms, fn: callback, live: true };
    this.timers.push(timer);
    return { dispose: () => (timer.live = false) };
  }
  advance(ms: number): void {
    this.time += ms;
    for (const t of this.timers.filter((t) => t.live && t.at <= this.time)) {
      t.live = false;
      t.fn();
    }
  }
}

const users: Record<string, XUser> = { alice: { id: '11', username: 'Alice', name: 'Alice A', receives_your_dm: true } };

function fakeApi() {
  const calls: string[][] = [];
  return {
    calls,
    async getUsersByUsernames(names: string[]) {
      calls.push(names);
      return names.map((n) => users[n.toLowerCase()]).filter((u): u is XUser => u !== undefined);
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

test('handleFromQuery accepts @handle and bare handles only', () => {
  assert.equal(handleFromQuery('@alice'), 'alice');
  assert.equal(handleFromQuery(' bob_1 '), 'bob_1');
  assert.equal(handleFromQuery('Alice Smith'), undefined);
  assert.equal(handleFromQuery('@'), undefined);
  assert.equal(handleFromQuery('a'.repeat(16)), undefined);
});

test('typing is debounced: only the last query after the pause costs a request', async () => {
  const api = fakeApi();
  const clock = new FakeClock();
  const lookup = new UserLookup(api, clock, silentLogger, 300);
  const results: LookupResult[] = [];
  for (const q of ['@a', '@al', '@ali', '@alic', '@alice']) {
    lookup.request(q, (r) => results.push(r));
    clock.advance(100);
  }
  assert.equal(api.calls.length, 0);
  clock.advance(300);
  await flush();
  assert.deepEqual(api.calls, [['alice']]);
  assert.equal(results.length, 1);
  assert.equal(results[0].status, 'found');
  assert.equal(results[0].status === 'found' && results[0].user.receives_your_dm, true);
});

test('answers from the cache (found and not found) without another request', async () => {
  const api = fakeApi();
  const clock = new FakeClock();
  const lookup = new UserLookup(api, clock, silentLogger, 300);
  lookup.request('@ALICE', () => undefined);
  lookup.cancel();
  assert.equal(await lookup.resolve('nobody'), null);
  assert.ok((await lookup.resolve('alice'))?.id === '11');
  const results: LookupResult[] = [];
  lookup.request('@Alice', (r) => results.push(r));
  lookup.request('nobody', (r) => results.push(r));
  assert.deepEqual(results.map((r) => r.status), ['found', 'notFound']);
  assert.equal(api.calls.length, 2);
  assert.equal(lookup.requests, 2);
});

test('concurrent resolves share one request; failures are reported and not cached', async () => {
  let fail = true;
  const calls: string[][] = [];
  const api = {
    async getUsersByUsernames(names: string[]) {
      calls.push(names);
      if (fail) throw Object.assign(new Error('rate'), { kind: 'rateLimited' });
      return [users.alice];
    },
  };
  const clock = new FakeClock();
  const lookup = new UserLookup(api, clock, silentLogger, 10);
  const results: LookupResult[] = [];
  lookup.request('alice', (r) => results.push(r));
  clock.advance(10);
  await flush();
  assert.equal(results[0].status, 'failed');
  fail = false;
  const [a, b] = await Promise.all([lookup.resolve('alice'), lookup.resolve('ALICE')]);
  assert.equal(a, b);
  assert.equal(calls.length, 2);
});
