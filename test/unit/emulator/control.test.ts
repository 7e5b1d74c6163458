import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { validateResponse } from '../../emulator/validation';
import { adminPost, api, start, tokenFor } from './support';

describe('emulator rate limits', () => {
  test('per user per endpoint, headers on every response, 429 with X body, reset by the clock', async () => {
    const emu = await start({ rateLimits: { dmRead: 3 } });
    const token = await tokenFor(emu);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api(emu, token, '/2/dm_events?max_results=1');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-rate-limit-limit'), '3');
      remaining.push(res.headers.get('x-rate-limit-remaining') ?? '');
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const limited = await api(emu, token, '/2/dm_events?max_results=1');
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), {
      title: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
      detail: 'Too Many Requests',
      code: 429,
      message: 'Too Many Requests',
    });
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    assert.ok(reset * 1000 > Date.now());
    // Another endpoint has its own bucket; another user too.
    assert.equal((await api(emu, token, '/2/dm_conversations/with/783214/dm_events')).status, 200);
    const other = await tokenFor(emu, { user_id: '783214' });
    assert.equal((await api(emu, other, '/2/dm_events')).status, 200);
    const send = await api(emu, token, '/2/dm_conversations/with/783214/messages', { method: 'POST', body: { text: 'x' } });
    assert.equal(send.headers.get('x-rate-limit-limit'), '15');
    assert.equal(send.headers.get('x-user-limit-24hour-limit'), '1440');
    assert.equal(send.headers.get('x-user-limit-24hour-remaining'), '1439');
    const me = await api(emu, token, '/2/users/me');
    assert.equal(me.headers.get('x-rate-limit-limit'), '75');
    await adminPost(emu, 'clock', { advance_ms: 15 * 60 * 1000 });
    assert.equal((await api(emu, token, '/2/dm_events?max_results=1')).status, 200);
    await emu.close();
  });
});

describe('emulator faults', () => {
  let emu: Emulator;
  let token: string;
  before(async () => {
    emu = await start({ rateLimits: { dmRead: 1000 } });
    token = await tokenFor(emu);
  });
  after(async () => {
    await emu.close();
  });

  test('status faults apply to the next count matching requests only', async () => {
    await adminPost(emu, 'faults', { path: '/2/dm_events', method: 'GET', count: 2, status: 503 });
    assert.equal((await api(emu, token, '/2/users/me')).status, 200, 'other paths are untouched');
    const first = await api(emu, token, '/2/dm_events');
    assert.equal(first.status, 503);
    assert.equal(((await first.json()) as { title: string }).title, 'Service Unavailable');
    assert.equal((await api(emu, token, '/2/dm_events')).status, 503);
    assert.equal((await api(emu, token, '/2/dm_events')).status, 200);
  });

  test('custom body, 429 headers, malformed JSON, schema break, cut-off body, reset, delay', async () => {
    await adminPost(emu, 'faults', { path: '/2/users/me', count: 1, status: 500, body: { oops: true } });
    assert.deepEqual(await (await api(emu, token, '/2/users/me')).json(), { oops: true });
    await adminPost(emu, 'faults', { count: 1, status: 429 });
    const limited = await api(emu, token, '/2/dm_events');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
    await adminPost(emu, 'faults', { path: '/2/dm_events', count: 1, malformed: true });
    await assert.rejects(async () => (await api(emu, token, '/2/dm_events')).json());
    await adminPost(emu, 'faults', { path: '/2/dm_events', count: 1, schema_break: true });
    const broken = await (await api(emu, token, '/2/dm_events?max_results=2')).json();
    assert.ok(validateResponse('getDirectMessagesEvents', 200, 'application/json', broken).length > 0);
    await adminPost(emu, 'faults', { path: '/2/users/me', count: 1, truncate_body: true });
    const cut = await api(emu, token, '/2/users/me');
    assert.equal(cut.status, 200, 'status and headers arrive');
    await assert.rejects(cut.text(), 'the body stops before its content-length');
    await adminPost(emu, 'faults', { path: '/2/users/me', count: 1, reset_connection: true });
    await assert.rejects(api(emu, token, '/2/users/me'));
    await adminPost(emu, 'faults', { path: '/2/users/me', count: 1, delay_ms: 150 });
    const t0 = performance.now();
    assert.equal((await api(emu, token, '/2/users/me')).status, 200);
    assert.ok(performance.now() - t0 >= 140);
    const stats = (await (await fetch(`${emu.url}/__admin/stats`)).json()) as { requests: { path: string; status: number }[] };
    assert.ok(stats.requests.some((r) => r.path === '/2/users/me' && r.status === 0), 'reset recorded as status 0');
    assert.equal((await adminPost(emu, 'faults', { count: 0 })).status, 400);
  });

  test('drop_response handles the request in full, then resets the connection instead of answering', async () => {
    const sendsBefore = emu.ctx.stats.sends;
    const eventsBefore = emu.ctx.store.order.length;
    await adminPost(emu, 'faults', { method: 'POST', path: '/2/dm_conversations', count: 1, drop_response: true });
    await assert.rejects(api(emu, token, '/2/dm_conversations/with/783214/messages', { method: 'POST', body: { text: 'lost answer' } }));
    assert.equal(emu.ctx.stats.sends, sendsBefore + 1, 'the send was stored');
    assert.equal(emu.ctx.store.order.length, eventsBefore + 1);
    assert.equal(emu.ctx.stats.requests.at(-1)?.status, 0);
  });
});

describe('emulator admin routes', () => {
  test('users, reset, stats, clock, consent, unknown routes', async () => {
    const emu = await start();
    const users = (await (await fetch(`${emu.url}/__admin/users`)).json()) as { id: string; username: string; me: boolean; receives_your_dm: boolean }[];
    assert.equal(users.filter((u) => u.me).length, 1);
    assert.equal(users.find((u) => u.me)?.username, 'you_dev');
    assert.ok(users.some((u) => !u.receives_your_dm));
    const created = await adminPost(emu, 'users', { username: 'newbie', name: 'New Bie', receives_your_dm: false });
    assert.equal(created.status, 201);
    const newbie = (await created.json()) as { id: string; me: boolean };
    assert.equal(newbie.me, false);
    assert.equal((await adminPost(emu, 'users', { username: 'newbie', name: 'Again' })).status, 409);
    const token = await tokenFor(emu);
    const lookup = (await (await api(emu, token, '/2/users/by?usernames=newbie,nobody_here&user.fields=receives_your_dm')).json()) as {
      data: { id: string; receives_your_dm: boolean }[];
      errors: { resource_type: string; value: string }[];
    };
    assert.equal(lookup.data[0]?.id, newbie.id);
    assert.equal(lookup.data[0]?.receives_your_dm, false);
    assert.equal(lookup.errors[0]?.value, 'nobody_here');
    assert.equal((await api(emu, token, `/2/dm_conversations/with/${newbie.id}/messages`, { method: 'POST', body: { text: 'hi' } })).status, 403);

    const reset = (await (await adminPost(emu, 'reset', { preset: 'empty' })).json()) as { users: number; events: number };
    assert.deepEqual([reset.users, reset.events], [1, 0]);
    const empty = (await (await api(emu, token, '/2/dm_events')).json()) as Record<string, unknown>;
    assert.deepEqual(empty, { meta: { result_count: 0 } });
    const stats = (await (await fetch(`${emu.url}/__admin/stats`)).json()) as { requests: { method: string; path: string; query: Record<string, string>; status: number }[]; sends: number };
    assert.deepEqual(stats.requests, [{ method: 'GET', path: '/2/dm_events', query: {}, status: 200 }]);
    await fetch(`${emu.url}/__admin/stats`, { method: 'DELETE' });
    assert.deepEqual(((await (await fetch(`${emu.url}/__admin/stats`)).json()) as { requests: unknown[] }).requests, []);
    assert.equal((await adminPost(emu, 'reset', { preset: 'bogus' })).status, 400);
    const clock = (await (await adminPost(emu, 'clock', { advance_ms: 1000 })).json()) as { now_ms: number };
    assert.ok(clock.now_ms >= Date.now() + 900);
    assert.equal((await adminPost(emu, 'consent', { mode: 'sometimes' })).status, 400);
    assert.equal((await fetch(`${emu.url}/__admin/nope`)).status, 404);
    assert.equal((await api(emu, token, '/2/not/a/route')).status, 404);
    await emu.close();
  });

  test('participants join and leave a group through /__admin/participants', async () => {
    const emu = await start();
    const token = await tokenFor(emu);
    const group = [...emu.ctx.store.conversations.values()].find((c) => c.kind === 'Group');
    assert.ok(group);
    const res = await adminPost(emu, 'participants', { conversation_id: group.id, join: ['99887766'], leave: ['1230000000000000007'] });
    assert.equal(res.status, 201);
    const page = (await (await api(emu, token, `/2/dm_conversations/${group.id}/dm_events?max_results=2&dm_event.fields=participant_ids`)).json()) as {
      data: { event_type: string; participant_ids: string[] }[];
    };
    assert.deepEqual(page.data.map((e) => e.event_type), ['ParticipantsLeave', 'ParticipantsJoin']);
    assert.deepEqual(page.data[1]?.participant_ids, ['99887766']);
    assert.ok(group.participants.has('99887766') && !group.participants.has('1230000000000000007'));
    assert.equal((await adminPost(emu, 'participants', { conversation_id: 'nope', join: ['1'] })).status, 400);
    await emu.close();
  });

  test('auto-reply (demo liveliness) answers your sends when enabled, not otherwise', async () => {
    const emu = await start({ rateLimits: { dmRead: 100 } });
    const token = await tokenFor(emu);
    const send = async (): Promise<void> => {
      await api(emu, token, '/2/dm_conversations/with/783214/messages', { method: 'POST', body: { text: 'hello?' } });
    };
    const newest = async (): Promise<string | undefined> => {
      const page = (await (await api(emu, token, '/2/dm_events?max_results=1&dm_event.fields=sender_id')).json()) as { data: { sender_id: string }[] };
      return page.data[0]?.sender_id;
    };
    await send();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(await newest(), '1849302175620384768', 'off by default');
    const on = await adminPost(emu, 'auto-reply', { enabled: true, delay_ms: 10 });
    assert.deepEqual(await on.json(), { enabled: true, delay_ms: 10 });
    await send();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await newest(), '783214');
    await emu.close();
  });

  test('large:100000 generates quickly and pages fast', async () => {
    const t0 = performance.now();
    const emu = await start({ preset: 'large:100000', rateLimits: { dmRead: 1000 } });
    const ms = performance.now() - t0;
    assert.equal(emu.ctx.store.order.length, 100_000);
    const token = await tokenFor(emu);
    const page = (await (await api(emu, token, '/2/dm_events?max_results=100')).json()) as { data: unknown[] };
    assert.equal(page.data.length, 100);
    assert.ok(ms < 20_000, `generation took ${ms} ms`);
    await emu.close();
  });
});
