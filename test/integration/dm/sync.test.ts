// The DM archive + sync engine inside a real extension host, with the real client, against the X emulator
// (XDM_EMULATOR_URL): request counts and billed event reads come from the emulator's /__admin/stats.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createXClient } from '../../../src/api/xClient';
import type { XDmApi } from '../../../src/api/dmApi';
import type { XUser } from '../../../src/api/schemas/user';
import { createDmService } from '../../../src/dm/createDmService';
import { directConversationId } from '../../../src/dm/model/ids';

const emulator = process.env.XDM_EMULATOR_URL;

interface Stats {
  requests: Array<{ method: string; path: string; query: Record<string, string>; status: number }>;
  billed_event_reads: number;
  sends: number;
}

async function admin<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function counts(): Promise<{ listRequests: number; requests: number; billed: number; sends: number }> {
  const stats = await admin<Stats>('GET', '/__admin/stats');
  return {
    listRequests: stats.requests.filter((r) => r.path === '/2/dm_events').length,
    requests: stats.requests.length,
    billed: stats.billed_event_reads,
    sends: stats.sends,
  };
}

async function incoming(from: string, n: number, label: string): Promise<void> {
  for (let i = 0; i < n; i++) await admin('POST', '/__admin/messages', { from_user_id: from, text: `${label} ${i}` });
}

suite('DM archive and sync (emulator)', () => {
  let api: XDmApi;
  let me: XUser;
  let alice: string;
  let bob: string;
  let dir: string;
  let savedLimits: Record<string, number> | undefined;

  suiteSetup(async function () {
    if (!emulator) this.skip();
    this.timeout(120_000);
    savedLimits = await admin<Record<string, number>>('GET', '/__admin/rate-limits');
    await admin('POST', '/__admin/reset', { preset: 'empty' });
    await admin('POST', '/__admin/rate-limits', { dmRead: 1000 });
    const users = await admin<Array<{ id: string; username: string; name: string; me: boolean }>>('GET', '/__admin/users');
    const self = users.find((u) => u.me);
    assert.ok(self);
    me = { id: self.id, username: self.username, name: self.name };
    alice = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'alice_int', name: 'Alice' })).id;
    bob = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'bob_int', name: 'Bob' })).id;
    const token = await admin<{ access_token: string }>('POST', '/__admin/tokens', {});
    api = createXClient({
      baseUrl: emulator as string,
      auth: { authorize: async () => ({ Authorization: `Bearer ${token.access_token}` }), refreshAfterUnauthorized: async () => false },
    });
    await incoming(alice, 150, 'history');
    dir = mkdtempSync(path.join(tmpdir(), 'xdm-int-dm-'));
  });

  suiteTeardown(async () => {
    if (!emulator) return;
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (savedLimits) await admin('POST', '/__admin/rate-limits', savedLimits);
    await admin('POST', '/__admin/reset', { preset: 'demo' });
  });

  test('first sync, then nothing new = 1 request and 1 billed read; N new ≈ N + overlap', async () => {
    await admin('DELETE', '/__admin/stats');
    const dm = createDmService({ api, me, storageDir: dir });
    try {
      const first = await dm.syncNow('startup');
      assert.equal(first.newEvents, 150);
      assert.deepEqual(await counts(), { listRequests: 2, requests: 2, billed: 150, sends: 0 });
      assert.equal(dm.conversations()[0]?.title, 'Alice');

      await admin('DELETE', '/__admin/stats');
      await dm.syncNow('manual');
      assert.deepEqual(await counts(), { listRequests: 1, requests: 1, billed: 1, sends: 0 });

      await incoming(bob, 1, 'one');
      await admin('DELETE', '/__admin/stats');
      const one = await dm.syncNow('manual');
      assert.equal(one.newEvents, 1);
      assert.deepEqual(await counts(), { listRequests: 2, requests: 2, billed: 3, sends: 0 });

      await incoming(bob, 101, 'many');
      await admin('DELETE', '/__admin/stats');
      const many = await dm.syncNow('manual');
      assert.equal(many.newEvents, 101);
      assert.deepEqual(await counts(), { listRequests: 3, requests: 3, billed: 103, sends: 0 });
    } finally {
      dm.dispose();
      await dm.whenClosed();
    }
  });

  test('a restart reads the archive from disk with zero requests', async () => {
    await admin('DELETE', '/__admin/stats');
    const dm = createDmService({ api, me, storageDir: dir });
    try {
      await dm.ready();
      const list = dm.conversations();
      assert.equal(list.length, 2);
      assert.equal((await counts()).requests, 0);
      const incremental = await dm.syncNow('manual');
      assert.deepEqual([incremental.requests, incremental.eventsRead], [1, 1]);
    } finally {
      dm.dispose();
      await dm.whenClosed();
    }
  });

  test('two services on one folder never double the requests to X', async () => {
    const a = createDmService({ api, me, storageDir: dir });
    const b = createDmService({ api, me, storageDir: dir });
    try {
      await Promise.all([a.ready(), b.ready()]);
      await admin('DELETE', '/__admin/stats');
      const outcomes = await Promise.all([a.syncNow('startup'), b.syncNow('startup'), a.syncNow('poll'), b.syncNow('poll')]);
      const made = outcomes.reduce((sum, o) => sum + o.requests, 0);
      assert.equal((await counts()).listRequests, made);
      assert.ok(outcomes.filter((o) => o.skipped === 'busy').length >= 2, JSON.stringify(outcomes));
      await incoming(alice, 2, 'shared');
      const holder = outcomes[0]?.skipped === 'busy' ? b : a;
      const other = holder === a ? b : a;
      await holder.syncNow('manual');
      await holder.flush();
      await other.refreshFromArchive();
      assert.equal(other.conversation(holder.conversations()[0]?.id ?? '')?.preview, 'shared 1');
    } finally {
      a.dispose();
      b.dispose();
      await Promise.all([a.whenClosed(), b.whenClosed()]);
    }
  });

  test('sending shows the message at once and costs one send; the next sync stays cheap', async () => {
    const dm = createDmService({ api, me, storageDir: dir });
    try {
      await dm.ready();
      await admin('DELETE', '/__admin/stats');
      const sending = dm.send({ participantId: alice }, 'hello from the extension host');
      await new Promise((resolve) => setImmediate(resolve));
      const conversationId = directConversationId(me.id, alice);
      const last = dm.thread(conversationId).items.at(-1);
      assert.equal(last?.type === 'message' && last.status, 'pending');
      const result = await sending;
      assert.equal(result.status, 'sent');
      await dm.syncNow('manual');
      const c = await counts();
      assert.equal(c.sends, 1);
      assert.equal(c.listRequests, 2); // our own message, then the watermark
      assert.equal(c.billed, 2);
    } finally {
      dm.dispose();
      await dm.whenClosed();
    }
  });
});
