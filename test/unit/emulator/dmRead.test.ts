import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import type { ListJson } from './support';
import { adminPost, api, getJson, start, tokenFor } from './support';

const DAY = 24 * 3600 * 1000;
const ME = '1849302175620384768';
const ADA = '783214';
const BOB = '1000000000000000042';

describe('emulator DM reads', () => {
  let emu: Emulator;
  let token: string;
  before(async () => {
    emu = await start({ preset: 'large:600', rateLimits: { dmRead: 10_000 } });
    token = await tokenFor(emu);
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('pagination round trip: next_token walks everything once, newest first; previous_token steps back', async () => {
    const conv = ((await (await fetch(`${emu.url}/__admin/conversations`)).json()) as { id: string; event_count: number }[]).sort(
      (a, b) => b.event_count - a.event_count,
    )[0];
    assert.ok(conv && conv.event_count > 20);
    const seen: string[] = [];
    const pages: ListJson[] = [];
    let next: string | undefined;
    do {
      const q = `max_results=7${next ? `&pagination_token=${next}` : ''}`;
      const page = await getJson<ListJson>(emu, token, `/2/dm_conversations/${conv.id}/dm_events?${q}`);
      pages.push(page);
      seen.push(...(page.data ?? []).map((e) => e.id));
      next = page.meta.next_token;
      if (next) assert.ok(next.length >= 16);
    } while (next);
    assert.equal(seen.length, conv.event_count);
    assert.equal(new Set(seen).size, seen.length);
    assert.deepEqual([...seen].sort().reverse(), seen);
    assert.equal(pages[0]?.meta.previous_token, undefined);
    const back = await getJson<ListJson>(emu, token, `/2/dm_conversations/${conv.id}/dm_events?max_results=7&pagination_token=${pages[2]?.meta.previous_token}`);
    assert.deepEqual(back.data?.map((e) => e.id), pages[1]?.data?.map((e) => e.id));
    const bad = await api(emu, token, `/2/dm_events?pagination_token=NOTAVALIDTOKEN123456`);
    assert.equal(bad.status, 400);
  });

  test('/2/dm_events keeps to the last 30 days; the conversation endpoint does not', async () => {
    const now = (await (await fetch(`${emu.url}/__admin/clock`)).json()) as { now_ms: number };
    let next: string | undefined;
    let oldest = Infinity;
    let count = 0;
    do {
      const page = await getJson<ListJson>(emu, token, `/2/dm_events?max_results=100&dm_event.fields=created_at${next ? `&pagination_token=${next}` : ''}`);
      for (const e of page.data ?? []) oldest = Math.min(oldest, Date.parse(e.created_at ?? ''));
      count += page.data?.length ?? 0;
      next = page.meta.next_token;
    } while (next);
    assert.ok(now.now_ms - oldest <= 30 * DAY);
    assert.ok(count > 150 && count < 250, `about a third of 600 events, got ${count}`);
  });

  test('max_results and event_types are honoured', async () => {
    const page = await getJson<ListJson>(emu, token, '/2/dm_events?max_results=3');
    assert.equal(page.data?.length, 3);
    assert.equal(page.meta.result_count, 3);
    const joins = await getJson<ListJson>(emu, token, '/2/dm_events?event_types=ParticipantsLeave');
    assert.equal(joins.data, undefined, 'large has no leave events: data omitted when empty');
    assert.equal(joins.meta.result_count, 0);
  });
});

describe('emulator DM reads on the demo world', () => {
  let emu: Emulator;
  let token: string;
  before(async () => {
    emu = await start({ preset: 'demo', rateLimits: { dmRead: 10_000 } });
    token = await tokenFor(emu, { expires_in: 365 * 86400 }); // outlives the clock jumps below
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('default fields are id, event_type, text — nothing else', async () => {
    const page = await getJson<ListJson>(emu, token, '/2/dm_events?max_results=20');
    for (const e of page.data ?? []) {
      const keys = Object.keys(e).filter((k) => k !== 'text');
      assert.deepEqual(keys.sort(), ['event_type', 'id']);
    }
    assert.equal(page.includes, undefined);
    const join = (page.data ?? []).find((e) => e.event_type === 'ParticipantsLeave');
    assert.ok(join && join.text === undefined);
  });

  test('fields and expansions fill data and includes exactly', async () => {
    const q =
      'dm_event.fields=created_at,dm_conversation_id,attachments,referenced_tweets&expansions=sender_id,attachments.media_keys,referenced_tweets.id,participant_ids&user.fields=receives_your_dm&media.fields=url,width,height,alt_text&tweet.fields=author_id';
    const page = await getJson<ListJson>(emu, token, `/2/dm_conversations/with/${ADA}/dm_events?${q}`);
    const withImage = page.data?.find((e) => e.attachments);
    const withPost = page.data?.find((e) => e.referenced_tweets);
    assert.ok(withImage && withPost);
    assert.equal(withImage.dm_conversation_id, `${ADA}-${ME}`, '1:1 id is smaller-larger numerically');
    const media = page.includes?.media?.[0];
    assert.equal(media?.media_key, withImage.attachments?.media_keys[0]);
    assert.equal(media?.type, 'photo');
    assert.deepEqual(page.includes?.users?.map((u) => u.id).sort(), [ADA, ME].sort());
    assert.equal(page.includes?.users?.find((u) => u.id === ADA)?.receives_your_dm, true);
    assert.equal(page.includes?.tweets?.[0]?.id, withPost.referenced_tweets?.[0]?.id);
    const png = await api(emu, token, new URL(media?.url ?? '').pathname);
    assert.equal(png.status, 200);
    const bytes = Buffer.from(await png.arrayBuffer());
    assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG');
    const one = await getJson<{ data: { id: string; sender_id?: string } }>(emu, token, `/2/dm_events/${withImage.id}?expansions=sender_id`);
    assert.equal(one.data.sender_id, ADA);
  });

  test('a referenced post that was deleted comes back as a partial error in the 200', async () => {
    const res = await api(emu, token, '/2/dm_conversations/with/1230000000000000007/dm_events?expansions=referenced_tweets.id');
    assert.equal(res.status, 200);
    const body = (await res.json()) as ListJson & { errors?: { type: string; resource_type: string; parameter: string; value: string }[] };
    assert.equal(body.errors?.length, 1);
    assert.equal(body.errors?.[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
    assert.equal(body.errors?.[0]?.resource_type, 'tweet');
    assert.equal(body.errors?.[0]?.parameter, 'referenced_tweets.id');
    assert.ok(body.data?.some((e) => e.referenced_tweets?.[0]?.id === body.errors?.[0]?.value));
  });

  test('old conversations come only from the conversation endpoint; the clock moves the window', async () => {
    const all = await getJson<ListJson>(emu, token, '/2/dm_events?dm_event.fields=dm_conversation_id');
    assert.ok(!(all.data ?? []).some((e) => e.dm_conversation_id?.includes(BOB)));
    const bob = await getJson<ListJson>(emu, token, `/2/dm_conversations/with/${BOB}/dm_events`);
    assert.equal(bob.data?.length, 2);
    const ada = await getJson<ListJson>(emu, token, `/2/dm_conversations/with/${ADA}/dm_events?dm_event.fields=created_at`);
    assert.ok((ada.data ?? []).some((e) => Date.now() - Date.parse(e.created_at ?? '') > 30 * DAY));
    const before = all.meta.result_count;
    await adminPost(emu, 'clock', { advance_ms: 10 * DAY });
    const later = await getJson<ListJson>(emu, token, '/2/dm_events');
    assert.ok(later.meta.result_count < before);
  });

  test('billing: each event once per UTC day', async () => {
    await fetch(`${emu.url}/__admin/stats`, { method: 'DELETE' });
    await getJson(emu, token, '/2/dm_events?max_results=10');
    await getJson(emu, token, '/2/dm_events?max_results=10');
    const stats = (await (await fetch(`${emu.url}/__admin/stats`)).json()) as { billed_event_reads: number; events_returned: number; requests: unknown[] };
    assert.equal(stats.billed_event_reads, 10);
    assert.equal(stats.events_returned, 20);
    assert.equal(stats.requests.length, 2);
  });

  test('invalid parameters give X\'s 400 with errors naming the parameter', async () => {
    const res = await api(emu, token, '/2/dm_events?max_results=0&event_types=Nope&dm_event.fields=id,id');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const body = (await res.json()) as { type: string; errors: { parameters: Record<string, string[]> }[] };
    assert.equal(body.type, 'https://api.x.com/2/problems/invalid-request');
    assert.deepEqual(body.errors.map((e) => Object.keys(e.parameters)[0]), ['max_results', 'event_types', 'dm_event.fields']);
    assert.equal((await api(emu, token, '/2/dm_events/abc')).status, 400);
    assert.equal((await api(emu, token, '/2/dm_events/123')).status, 404);
  });
});
