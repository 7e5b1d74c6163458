import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { makePng } from '../../emulator/generator/png';
import type { EventJson, ListJson } from './support';
import { adminPost, api, getJson, start, tokenFor } from './support';

const ME = '1849302175620384768';
const ADA = '783214';
const LINUS = '2244994945';
const GRACE = '1230000000000000007';
const PAT = '555000111';

type UrlJson = { start: number; end: number; url: string; expanded_url: string; display_url: string };
type Sent = { data: { dm_conversation_id: string; dm_event_id: string } };

describe('emulator DM writes', () => {
  let emu: Emulator;
  let token: string;
  before(async () => {
    emu = await start({ preset: 'demo', rateLimits: { dmWrite: 1000, dmRead: 1000 } });
    token = await tokenFor(emu);
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('1:1 send: smaller-larger id, newest first afterwards, counted as a send', async () => {
    const res = await api(emu, token, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { text: 'héllo 👋' } });
    assert.equal(res.status, 201);
    const sent = (await res.json()) as Sent;
    assert.equal(sent.data.dm_conversation_id, `${ADA}-${ME}`);
    const page = await getJson<ListJson>(emu, token, '/2/dm_events?max_results=1&dm_event.fields=sender_id');
    assert.equal(page.data?.[0]?.id, sent.data.dm_event_id);
    assert.equal(page.data?.[0]?.text, 'héllo 👋');
    const viaConv = await api(emu, token, `/2/dm_conversations/${ADA}-${ME}/messages`, { method: 'POST', body: { text: 'again' } });
    assert.equal(viaConv.status, 201);
    assert.equal(emu.ctx.stats.sends, 2);
  });

  test('a user who does not accept your DMs → 403 Problem; nothing is stored', async () => {
    const before = emu.ctx.store.order.length;
    const res = await api(emu, token, `/2/dm_conversations/with/${PAT}/messages`, { method: 'POST', body: { text: 'hi' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(emu.ctx.store.order.length, before);
  });

  test('text 1–10,000 characters; at most one attachment', async () => {
    const path = `/2/dm_conversations/with/${ADA}/messages`;
    assert.equal((await api(emu, token, path, { method: 'POST', body: { text: '' } })).status, 400);
    assert.equal((await api(emu, token, path, { method: 'POST', body: { text: 'x'.repeat(10_001) } })).status, 400);
    assert.equal((await api(emu, token, path, { method: 'POST', body: { text: '😀'.repeat(10_000) } })).status, 201);
    const two = await api(emu, token, path, { method: 'POST', body: { text: 'x', attachments: [{ media_id: '1' }, { media_id: '2' }] } });
    assert.equal(two.status, 400);
    assert.equal((await api(emu, token, path, { method: 'POST', body: { txt: 'x' } })).status, 400);
  });

  test('groups: a new id each time, ParticipantsJoin first; members only', async () => {
    const body = { conversation_type: 'Group', participant_ids: [ADA, GRACE], message: { text: 'new group' } };
    const a = (await (await api(emu, token, '/2/dm_conversations', { method: 'POST', body })).json()) as Sent;
    const b = (await (await api(emu, token, '/2/dm_conversations', { method: 'POST', body })).json()) as Sent;
    assert.notEqual(a.data.dm_conversation_id, b.data.dm_conversation_id);
    assert.match(a.data.dm_conversation_id, /^[0-9]{15,19}$/);
    const events = await getJson<ListJson>(emu, token, `/2/dm_conversations/${a.data.dm_conversation_id}/dm_events?dm_event.fields=participant_ids,sender_id`);
    assert.deepEqual(events.data?.map((e) => e.event_type), ['MessageCreate', 'ParticipantsJoin']);
    assert.deepEqual(events.data?.[1]?.participant_ids?.sort(), [ADA, GRACE, ME].sort());
    const refused = await api(emu, token, '/2/dm_conversations', { method: 'POST', body: { ...body, participant_ids: [ADA, PAT] } });
    assert.equal(refused.status, 403);
    const tooFew = await api(emu, token, '/2/dm_conversations', { method: 'POST', body: { ...body, participant_ids: [ADA] } });
    assert.equal(tooFew.status, 400);
    // The demo group "release crew": Linus left, so he can no longer post there.
    const crew = [...emu.ctx.store.conversations.values()].find((c) => c.kind === 'Group' && c.everMembers.has(LINUS));
    assert.ok(crew && !crew.participants.has(LINUS));
    const linusToken = await tokenFor(emu, { user_id: LINUS });
    const notMember = await api(emu, linusToken, `/2/dm_conversations/${crew.id}/messages`, { method: 'POST', body: { text: 'back?' } });
    assert.equal(notMember.status, 403);
  });

  test('delete only your own messages', async () => {
    const mine = (await (await api(emu, token, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { text: 'oops' } })).json()) as Sent;
    const del = await api(emu, token, `/2/dm_events/${mine.data.dm_event_id}`, { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.deepEqual(await del.json(), { data: { deleted: true } });
    assert.equal((await api(emu, token, `/2/dm_events/${mine.data.dm_event_id}`)).status, 404);
    const theirs = await getJson<ListJson>(emu, token, `/2/dm_conversations/with/${ADA}/dm_events?dm_event.fields=sender_id&max_results=100`);
    const adas = theirs.data?.find((e) => e.sender_id === ADA);
    assert.ok(adas);
    assert.equal((await api(emu, token, `/2/dm_events/${adas.id}`, { method: 'DELETE' })).status, 403);
  });

  test('upload (initialize/append/finalize) then send with the attachment; the bytes come back', async () => {
    const png = makePng(8, 8, [0, 0, 0], [255, 255, 255]);
    const init = await api(emu, token, '/2/media/upload/initialize', {
      method: 'POST',
      body: { media_type: 'image/png', total_bytes: png.length, media_category: 'dm_image' },
    });
    assert.equal(init.status, 200);
    const id = ((await init.json()) as { data: { id: string } }).data.id;
    const form = new FormData();
    form.append('segment_index', '0');
    form.append('media', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'a.png');
    const append = await fetch(`${emu.url}/2/media/upload/${id}/append`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    assert.equal(append.status, 200);
    const fin = await api(emu, token, `/2/media/upload/${id}/finalize`, { method: 'POST' });
    assert.equal(fin.status, 200);
    const sent = await api(emu, token, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { attachments: [{ media_id: id }] } });
    assert.equal(sent.status, 201);
    const eventId = ((await sent.json()) as Sent).data.dm_event_id;
    const ev = await getJson<ListJson & { data: { attachments: { media_keys: string[] } } }>(
      emu,
      token,
      `/2/dm_events/${eventId}?dm_event.fields=attachments&expansions=attachments.media_keys&media.fields=url`,
    );
    const url = (ev as unknown as { includes: { media: { url: string }[] } }).includes.media[0]?.url ?? '';
    const bytes = Buffer.from(await (await api(emu, token, new URL(url).pathname)).arrayBuffer());
    assert.deepEqual(bytes, png);
    const noScope = await tokenFor(emu, { scopes: ['dm.read', 'dm.write', 'tweet.read', 'users.read'] });
    assert.equal((await api(emu, noScope, '/2/media/upload/initialize', { method: 'POST', body: { media_type: 'image/png', total_bytes: 1 } })).status, 403);
  });

  test('URLs in sent text are stored as t.co links described by url entities, as X does', async () => {
    const text = 'see https://example.com/docs?x=1&y=2, and http://www.Example.org/a/very/long/path/that/goes/on. 👋';
    const res = await api(emu, token, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { text } });
    const id = ((await res.json()) as Sent).data.dm_event_id;
    const one = await getJson<{ data: EventJson & { urls?: UrlJson[] } }>(emu, token, `/2/dm_events/${id}?dm_event.fields=entities,text`);
    const stored = one.data.text ?? '';
    assert.match(stored, /^see https:\/\/t\.co\/[A-Za-z0-9]{10}, and https:\/\/t\.co\/[A-Za-z0-9]{10}\. 👋$/);
    const urls = one.data.urls ?? [];
    assert.deepEqual(
      urls.map((u) => [u.expanded_url, u.display_url]),
      [
        ['https://example.com/docs?x=1&y=2', 'example.com/docs?x=1&y=2'],
        ['http://www.example.org/a/very/long/path/that/goes/on', 'example.org/a/very/long/pa…'],
      ],
    );
    const codePoints = [...stored];
    for (const u of urls) assert.equal(codePoints.slice(u.start, u.end).join(''), u.url);
    const without = await getJson<{ data: EventJson & { urls?: UrlJson[] } }>(emu, token, `/2/dm_events/${id}`);
    assert.equal(without.data.urls, undefined, 'entities only when asked for');
    const incoming = await adminPost(emu, 'messages', { from_user_id: GRACE, text: 'https://example.net' });
    const made = (await incoming.json()) as { dm_event_id: string };
    assert.match(emu.ctx.store.events.get(made.dm_event_id)?.text ?? '', /^https:\/\/t\.co\//);
  });

  test('incoming messages from /__admin/messages show up first', async () => {
    const res = await adminPost(emu, 'messages', { from_user_id: GRACE, text: 'ping from Grace' });
    assert.equal(res.status, 201);
    const made = (await res.json()) as { dm_event_id: string; dm_conversation_id: string };
    assert.equal(made.dm_conversation_id, `${GRACE}-${ME}`);
    const page = await getJson<ListJson>(emu, token, '/2/dm_events?max_results=1');
    assert.equal(page.data?.[0]?.id, made.dm_event_id);
  });
});
