import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResponse } from '../../../src/api/schemas/common';
import { DmEventsPageSchema } from '../../../src/api/schemas/dmEvents';
import { SchemaDriftError } from '../../../src/api/errors';

test('2.167 names (referenced_posts, includes.posts) fold into the 2.166 model', () => {
  const page = parseResponse(
    DmEventsPageSchema,
    {
      data: [{ id: '1', event_type: 'MessageCreate', text: 'see', referenced_posts: [{ id: '77' }], new_field: { x: 1 } }],
      includes: { posts: [{ id: '77', text: 'a post', author_id: '5', edit_history_post_ids: ['77'] }], unknown_bucket: [1] },
      meta: { result_count: 1, new_meta: true },
    },
    'GET /2/dm_events',
  );
  assert.deepEqual(page.events, [{ id: '1', event_type: 'MessageCreate', text: 'see', referenced_tweets: [{ id: '77' }] }]);
  assert.deepEqual(page.includes.tweets, [{ id: '77', text: 'a post', author_id: '5' }]);
});

test('media without media_key and posts without id are dropped, not fatal', () => {
  const page = parseResponse(
    DmEventsPageSchema,
    { data: [], includes: { media: [{ type: 'photo' }, { type: 'photo', media_key: '3_1', url: 'https://pbs.twimg.com/x.jpg' }], tweets: [{ text: 'no id' }] } },
    'GET /2/dm_events',
  );
  assert.deepEqual(page.includes.media, [{ type: 'photo', media_key: '3_1', url: 'https://pbs.twimg.com/x.jpg' }]);
  assert.deepEqual(page.includes.tweets, []);
  assert.equal(page.resultCount, 0);
});

test('a bad timestamp or conversation id is drift with a path', () => {
  assert.throws(
    () => parseResponse(DmEventsPageSchema, { data: [{ id: '1', event_type: 'MessageCreate', created_at: 'yesterday' }] }, 'GET /2/dm_events'),
    (e: unknown) => e instanceof SchemaDriftError && e.fieldPath === 'data[0].created_at',
  );
  assert.throws(
    () => parseResponse(DmEventsPageSchema, { data: [{ id: '1', event_type: 'MessageCreate', dm_conversation_id: 'x' }] }, 'GET /2/dm_events'),
    (e: unknown) => e instanceof SchemaDriftError && e.fieldPath === 'data[0].dm_conversation_id',
  );
  assert.throws(
    () => parseResponse(DmEventsPageSchema, { data: {} }, 'GET /2/dm_events'),
    (e: unknown) => e instanceof SchemaDriftError && e.fieldPath === 'data',
  );
  assert.throws(
    () => parseResponse(DmEventsPageSchema, [], 'GET /2/dm_events'),
    (e: unknown) => e instanceof SchemaDriftError && e.fieldPath === '(root)',
  );
});

test('ids are strings of digits: a number, a padded or an over-long id is drift at its path', () => {
  const drift = (event: Record<string, unknown>, path: string) =>
    assert.throws(
      () => parseResponse(DmEventsPageSchema, { data: [{ event_type: 'MessageCreate', ...event }] }, 'GET /2/dm_events'),
      (e: unknown) => e instanceof SchemaDriftError && e.fieldPath === path,
      JSON.stringify(event),
    );
  drift({ id: 5 }, 'data[0].id');
  drift({ id: ' 5' }, 'data[0].id');
  drift({ id: '1'.repeat(20) }, 'data[0].id');
  drift({ id: '1', sender_id: 5 }, 'data[0].sender_id');
  drift({ id: '1', dm_conversation_id: 12 }, 'data[0].dm_conversation_id');
  drift({ id: '1', created_at: 1700000000000 }, 'data[0].created_at');
  const page = parseResponse(DmEventsPageSchema, { data: [{ id: '1', event_type: 'MessageCreate', sender_id: '2', dm_conversation_id: '1-2' }] }, 'GET /2/dm_events');
  assert.equal(page.events.length, 1);
});
