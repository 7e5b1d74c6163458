import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { validateResponse } from '../../emulator/validation';
import { api, start, tokenFor } from './support';

/** Both generations of X's API names (2.166 and 2.167): each request is answered in the one it asked in. */

const ADA = '783214';
const GRACE = '1230000000000000007';
const OP = 'getDirectMessagesEventsByParticipantId';

interface Body {
  data?: Record<string, unknown>[];
  includes?: Record<string, Record<string, unknown>[]>;
  errors?: Record<string, unknown>[];
  [key: string]: unknown;
}

describe('emulator API generations', () => {
  let emu: Emulator;
  let token: string;
  before(async () => {
    emu = await start();
    token = await tokenFor(emu);
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  async function list(query: string): Promise<{ status: number; type: string; body: Body }> {
    const res = await api(emu, token, `/2/dm_conversations/with/${ADA}/dm_events?${query}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Body };
  }

  test('2.167 names get 2.167 shapes: entities nested, referenced_posts, includes.posts', async () => {
    const { status, body } = await list('dm_event.fields=entities,text&expansions=referenced_posts&post.fields=created_at');
    assert.equal(status, 200);
    const linked = body.data?.find((e) => e.entities);
    assert.ok(linked, 'an event with entities');
    assert.ok((linked.entities as { urls?: unknown[] }).urls?.length, 'urls under entities');
    assert.ok(body.data?.every((e) => e.urls === undefined && e.mentions === undefined && e.referenced_tweets === undefined));
    assert.ok(body.data?.some((e) => Array.isArray(e.referenced_posts)));
    assert.ok(body.includes?.posts?.length);
    assert.equal(body.includes?.tweets, undefined);
    assert.ok(body.includes?.posts?.every((p) => Array.isArray(p.edit_history_post_ids) && typeof p.created_at === 'string'));
    assert.deepEqual(validateResponse(OP, 200, 'application/json', body, '2.167'), []);
  });

  test('2.166 names get 2.166 shapes: entities on the event, referenced_tweets, includes.tweets', async () => {
    const { status, body } = await list('dm_event.fields=entities,text&expansions=referenced_tweets.id&tweet.fields=created_at');
    assert.equal(status, 200);
    assert.ok(body.data?.some((e) => Array.isArray(e.urls)));
    assert.ok(body.data?.every((e) => e.entities === undefined && e.referenced_posts === undefined));
    assert.ok(body.data?.some((e) => Array.isArray(e.referenced_tweets)));
    assert.ok(body.includes?.tweets?.every((t) => Array.isArray(t.edit_history_tweet_ids)));
    assert.equal(body.includes?.posts, undefined);
    assert.deepEqual(validateResponse(OP, 200, 'application/json', body, '2.166'), []);
  });

  test('a request naming neither generation gets the default, 2.166 unless the emulator is told otherwise', async () => {
    const plain = await list('dm_event.fields=entities');
    assert.ok(plain.body.data?.some((e) => Array.isArray(e.urls)));
    const newer = await start({ apiVersion: '2.167' });
    try {
      const res = await api(newer, await tokenFor(newer), `/2/dm_conversations/with/${ADA}/dm_events?dm_event.fields=entities`);
      const body = (await res.json()) as Body;
      assert.ok(body.data?.some((e) => e.entities !== undefined));
      assert.ok(body.data?.every((e) => e.urls === undefined));
    } finally {
      await newer.close();
    }
  });

  test('mixing both generations is refused with a 400 naming the clashing parameters', async () => {
    const { status, body } = await list('expansions=referenced_posts&tweet.fields=created_at');
    assert.equal(status, 400);
    const named = (body.errors ?? []).flatMap((e) => Object.keys(e.parameters as Record<string, unknown>));
    assert.deepEqual(named.sort(), ['expansions', 'tweet.fields']);
  });

  test("a 2.167 request is validated against 2.167: dm_event.fields=sender_id is no longer a field", async () => {
    const { status, body } = await list('dm_event.fields=sender_id&post.fields=created_at');
    assert.equal(status, 400);
    assert.ok(JSON.stringify(body.errors).includes('dm_event.fields'));
  });

  test('problem type URIs are on api.x.com in both generations (partial errors too)', async () => {
    for (const [query, parameter, resourceType] of [
      ['expansions=referenced_tweets.id', 'referenced_tweets.id', 'tweet'],
      ['expansions=referenced_posts', 'referenced_posts', 'post'],
    ]) {
      const res = await api(emu, token, `/2/dm_conversations/with/${GRACE}/dm_events?${query}`);
      const body = (await res.json()) as Body;
      assert.equal(body.errors?.[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
      assert.equal(body.errors?.[0]?.parameter, parameter);
      assert.equal(body.errors?.[0]?.resource_type, resourceType);
    }
  });

  test("the emulator's 400 carries the legacy Error members code and message, so it satisfies both error schemas", async () => {
    const { status, type, body } = await list('max_results=101');
    assert.equal(status, 400);
    assert.equal(type, 'application/problem+json');
    assert.equal(body.code, 400);
    assert.equal(typeof body.message, 'string');
    assert.equal(body.type, 'https://api.x.com/2/problems/invalid-request');
    for (const version of ['2.166', '2.167'] as const) {
      assert.deepEqual(validateResponse(OP, 400, 'application/json', body, version), [], `Error (${version})`);
      assert.deepEqual(validateResponse(OP, 400, 'application/problem+json', body, version), [], `Problem (${version})`);
    }
  });

  test('a generic problem 2.167 cannot describe (about:blank) goes out as its application/json Error', async () => {
    const old = await fetch(`${emu.url}/2/dm_events?tweet.fields=created_at`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(old.status, 401);
    assert.equal(old.headers.get('content-type'), 'application/problem+json');
    const res = await fetch(`${emu.url}/2/dm_events?post.fields=created_at`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await res.json()) as Body;
    assert.equal(body.type, 'about:blank');
    assert.deepEqual(validateResponse('getDirectMessagesEvents', 401, 'application/json', body, '2.167'), []);
  });
});
