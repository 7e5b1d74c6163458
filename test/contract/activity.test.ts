import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { APP_ONLY_BEARER } from '../emulator/auth/credentials';
import { activityResponseErrors } from '../emulator/activity/spec';
import type { PrismProxy } from './emulatorPrism';
import { startPrismProxy, violationsOf } from './emulatorPrism';

/**
 * The emulator's Activity API against X's 2.167 document: subscriptions go through Prism (validating proxy) and
 * must come back without violations; the stream's lines (Prism cannot read a body that never ends) are checked
 * against `ActivityStreamResponse` with ajv, and the stream's rules (app bearer only, two connections, backfill)
 * are asserted directly.
 */

const ADA = '783214';

describe('emulator Activity API contract (2.167 chat document)', () => {
  let emu: Emulator;
  let prism: PrismProxy;
  let userToken: string;
  const app = { authorization: `Bearer ${APP_ONLY_BEARER}` };

  before(async () => {
    emu = await startEmulator({ port: 0, preset: 'demo' });
    prism = await startPrismProxy(emu.url, '2.167', 'chat');
    const res = await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: '{}' });
    userToken = ((await res.json()) as { access_token: string }).access_token;
  });
  after(async () => {
    await prism.close();
    await emu.close();
  });

  const user = (): Record<string, string> => ({ authorization: `Bearer ${userToken}`, 'content-type': 'application/json' });
  const clean = (res: Response): void => assert.deepEqual(violationsOf(res), [], `Prism violations for ${res.url}`);

  test('create, list and delete subscriptions validate against the document', async () => {
    const me = emu.ctx.store.meId;
    const ids: string[] = [];
    for (const eventType of ['dm.received', 'dm.sent']) {
      const res = await fetch(`${prism.url}/2/activity/subscriptions`, { method: 'POST', headers: user(), body: JSON.stringify({ event_type: eventType, filter: { user_id: me }, tag: 'xdm' }) });
      clean(res);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { data: { subscription: { subscription_id: string; event_type: string } } };
      assert.equal(body.data.subscription.event_type, eventType);
      ids.push(body.data.subscription.subscription_id);
    }
    const list = await fetch(`${prism.url}/2/activity/subscriptions`, { headers: app });
    clean(list);
    assert.deepEqual(((await list.json()) as { data: { subscription_id: string }[] }).data.map((s) => s.subscription_id), ids);
    const one = await fetch(`${prism.url}/2/activity/subscriptions/${ids[0]}`, { method: 'DELETE', headers: app });
    clean(one);
    assert.equal(((await one.json()) as { data: { deleted: boolean } }).data.deleted, true);
    const many = await fetch(`${prism.url}/2/activity/subscriptions?ids=${ids[1]},123`, { method: 'DELETE', headers: app });
    clean(many);
    const body = (await many.json()) as { data: unknown[]; errors: { subscription_id: string }[] };
    assert.equal(body.data.length, 1);
    assert.equal(body.errors[0]?.subscription_id, '123');
    assert.equal(emu.ctx.activity.subscriptions.size, 0);
  });

  test('refusals: private events for another user, no dm.read, app-only create, user-token delete, bad body', async () => {
    const me = emu.ctx.store.meId;
    const post = (headers: Record<string, string>, body: unknown): Promise<Response> =>
      fetch(`${prism.url}/2/activity/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const other = await post(user(), { event_type: 'dm.received', filter: { user_id: ADA } });
    clean(other);
    assert.equal(other.status, 403);
    const noScope = await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: JSON.stringify({ scopes: ['users.read', 'tweet.read'] }) });
    const weak = ((await noScope.json()) as { access_token: string }).access_token;
    assert.equal((await post({ authorization: `Bearer ${weak}` }, { event_type: 'dm.sent', filter: { user_id: me } })).status, 403);
    assert.equal((await post(app, { event_type: 'dm.sent', filter: { user_id: me } })).status, 403);
    const bad = await post(user(), { event_type: 'dm.nonsense', filter: { user_id: me } });
    assert.equal(bad.status, 400);
    const del = await fetch(`${prism.url}/2/activity/subscriptions/1`, { method: 'DELETE', headers: user() });
    clean(del);
    assert.equal(del.status, 403);
  });

  test('stream: app bearer only, documented dm payloads, keep-alives, two connections, backfill', async () => {
    const me = emu.ctx.store.meId;
    for (const eventType of ['dm.received', 'dm.sent']) {
      await fetch(`${emu.url}/2/activity/subscriptions`, { method: 'POST', headers: user(), body: JSON.stringify({ event_type: eventType, filter: { user_id: me } }) });
    }
    assert.equal((await fetch(`${emu.url}/2/activity/stream`, { headers: user() })).status, 403);
    await fetch(`${emu.url}/__admin/activity`, { method: 'POST', body: JSON.stringify({ keep_alive_ms: 50 }) });
    const a = new AbortController();
    const first = await fetch(`${emu.url}/2/activity/stream`, { headers: app, signal: a.signal });
    assert.equal(first.status, 200);
    const b = new AbortController();
    const second = await fetch(`${emu.url}/2/activity/stream`, { headers: app, signal: b.signal });
    assert.equal(second.status, 200);
    const third = await fetch(`${emu.url}/2/activity/stream`, { headers: app });
    assert.equal(third.status, 429);
    assert.equal(((await third.json()) as { connection_issue: string }).connection_issue, 'TooManyConnections');
    b.abort();

    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\r\n')) text += new TextDecoder().decode((await reader.read()).value);
    assert.equal(text.trim(), '', 'an idle stream sends keep-alive newlines only');
    await fetch(`${emu.url}/__admin/messages`, { method: 'POST', body: JSON.stringify({ from_user_id: ADA, text: 'ping https://example.com' }) });
    while (!text.includes('"dm.received"')) text += new TextDecoder().decode((await reader.read()).value);
    a.abort();
    const line = text.split('\r\n').find((l) => l.includes('dm.received')) as string;
    const envelope = JSON.parse(line) as { data: { event_type: string; payload: { direct_message_events: { id: string; message_create: { sender_id: string; target: { recipient_id: string } } }[] } } };
    // The document's `payload` is a oneOf discriminated by event_type whose mapping names no dm.* type, and an
    // object with a string `id` matches two of its unconstrained members (Post, LikeWithPostAuthor): no legacy DM
    // payload can satisfy it. The envelope is checked against the document, the payload against X's docs below.
    const { payload, ...rest } = envelope.data;
    assert.deepEqual(activityResponseErrors('activityStream', 200, { data: rest }), []);
    assert.deepEqual(Object.keys(payload).sort(), ['direct_message_events', 'users']);
    const dm = envelope.data.payload.direct_message_events[0];
    assert.equal(dm?.message_create.sender_id, ADA);
    assert.equal(dm?.message_create.target.recipient_id, me);
    assert.ok(emu.ctx.store.events.has(dm?.id ?? ''), 'the legacy id is the v2 dm_event id');

    // Reconnect asking for the last 5 minutes: both deliveries (received and sent views) come back.
    await new Promise((r) => setTimeout(r, 20));
    const c = new AbortController();
    const again = await fetch(`${emu.url}/2/activity/stream?backfill_minutes=5`, { headers: app, signal: c.signal });
    const r2 = (again.body as ReadableStream<Uint8Array>).getReader();
    let replay = '';
    while (!replay.includes('"dm.received"')) replay += new TextDecoder().decode((await r2.read()).value);
    c.abort();
    assert.ok(replay.includes(dm?.id ?? 'x'));
    const badParam = await fetch(`${emu.url}/2/activity/stream?backfill_minutes=9`, { headers: app });
    assert.equal(badParam.status, 400);
  });
});
