import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapStreamLine as mapForUser } from '../../../src/realtime/mapPayload';

const ME = '1111111111111111111';
const mapStreamLine = (line: string) => mapForUser(line, ME);

// X's documented `dm.received` delivery (x-api/activity/event-payloads.mdx), users trimmed to what is read.
const received = {
  data: {
    event_uuid: '-6850472171600526495',
    filter: { user_id: '1111111111111111111' },
    event_type: 'dm.received',
    tag: 'dm-inbound',
    payload: {
      direct_message_events: [
        {
          type: 'message_create',
          id: '2080765901528535096',
          created_timestamp: '1784928224372',
          message_create: {
            target: { recipient_id: '1111111111111111111' },
            sender_id: '2222222222222222222',
            message_data: { text: 'hello!', entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
          },
        },
      ],
      users: {
        '2222222222222222222': { data: { id: '2222222222222222222', username: 'OtherUser', name: 'OtherUser', verified: false, protected: false, public_metrics: { followers_count: 97 } } },
      },
    },
  },
};

test('a documented dm.received delivery becomes a v2 MessageCreate in the 1:1 conversation, with its sender as a user', () => {
  const mapped = mapStreamLine(JSON.stringify(received));
  assert.equal(mapped.kind, 'events');
  if (mapped.kind !== 'events') return;
  assert.equal(mapped.needsPoll, false);
  assert.deepEqual(mapped.page.events, [
    {
      id: '2080765901528535096',
      event_type: 'MessageCreate',
      text: 'hello!',
      sender_id: '2222222222222222222',
      dm_conversation_id: '1111111111111111111-2222222222222222222',
      created_at: new Date(1784928224372).toISOString(),
    },
  ]);
  assert.deepEqual(mapped.page.includes.users, [{ id: '2222222222222222222', username: 'OtherUser', name: 'OtherUser', protected: false, verified: false }]);
});

test('t.co links keep their positions and targets', () => {
  const line = structuredClone(received);
  const dm = line.data.payload.direct_message_events[0] as { message_create: { message_data: { text: string; entities: Record<string, unknown> } } };
  dm.message_create.message_data.text = 'see https://t.co/abcdefghij';
  dm.message_create.message_data.entities = { urls: [{ url: 'https://t.co/abcdefghij', expanded_url: 'https://example.com/', display_url: 'example.com', indices: [4, 27] }] };
  const mapped = mapStreamLine(JSON.stringify(line));
  assert.ok(mapped.kind === 'events');
  assert.deepEqual(mapped.page.events[0]?.urls, [{ start: 4, end: 27, url: 'https://t.co/abcdefghij', expanded_url: 'https://example.com/', display_url: 'example.com' }]);
});

test('an attachment or a malformed event is left to a poll (needsPoll), the other events still arrive', () => {
  const line = structuredClone(received);
  const events = line.data.payload.direct_message_events as unknown[];
  const withMedia = structuredClone(events[0]) as { id: string; message_create: { message_data: Record<string, unknown> } };
  withMedia.id = '2080765901528535097';
  withMedia.message_create.message_data.attachment = { type: 'media', media: { id_str: '1' } };
  events.push(withMedia, { type: 'message_create', id: 12, created_timestamp: 'soon' });
  const mapped = mapStreamLine(JSON.stringify(line));
  assert.ok(mapped.kind === 'events');
  assert.equal(mapped.needsPoll, true);
  assert.deepEqual(mapped.page.events.map((e) => e.id), ['2080765901528535096']);
});

test('keep-alives, other event types, X error lines and garbage', () => {
  assert.deepEqual(mapStreamLine(''), { kind: 'keepAlive' });
  assert.deepEqual(mapStreamLine('  '), { kind: 'keepAlive' });
  assert.deepEqual(mapStreamLine(JSON.stringify({ data: { event_type: 'dm.indicate_typing', payload: {} } })), { kind: 'ignored', eventType: 'dm.indicate_typing' });
  const disconnect = { errors: [{ title: 'operational-disconnect', detail: 'This stream has been disconnected upstream for operational reasons.', type: 'https://api.x.com/2/problems/operational-disconnect' }] };
  assert.deepEqual(mapStreamLine(JSON.stringify(disconnect)), { kind: 'disconnect', detail: 'This stream has been disconnected upstream for operational reasons.' });
  assert.equal(mapStreamLine('{"data":').kind, 'invalid');
  assert.equal(mapStreamLine('[1,2]').kind, 'invalid');
  assert.equal(mapStreamLine(JSON.stringify({ data: { event_type: 42 } })).kind, 'invalid');
  const noPayload = mapStreamLine(JSON.stringify({ data: { event_type: 'dm.sent', payload: { something: 'else' } } }));
  assert.deepEqual(noPayload.kind === 'events' && { n: noPayload.page.events.length, poll: noPayload.needsPoll }, { n: 0, poll: true });
});

test("the app's stream carries every subscribed user's DMs: only this account's reach its archive", () => {
  const otherFilter = structuredClone(received);
  otherFilter.data.filter.user_id = '3333333333333333333';
  assert.deepEqual(mapStreamLine(JSON.stringify(otherFilter)), { kind: 'ignored', eventType: 'dm.received' });
  // A payload filed under this user that holds another pair's message: that event is left out, nothing is polled.
  const strayEvent = structuredClone(received);
  const stray = structuredClone(strayEvent.data.payload.direct_message_events[0]) as { id: string; message_create: { target: { recipient_id: string } } };
  stray.id = '2080765901528535098';
  stray.message_create.target.recipient_id = '3333333333333333333';
  (strayEvent.data.payload.direct_message_events as unknown[]).push(stray);
  const mapped = mapStreamLine(JSON.stringify(strayEvent));
  assert.ok(mapped.kind === 'events');
  assert.equal(mapped.needsPoll, false);
  assert.deepEqual(mapped.page.events.map((e) => e.id), ['2080765901528535096']);
});
