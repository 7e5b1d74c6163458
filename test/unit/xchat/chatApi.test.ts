import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isXApiError } from '../../../src/api/errors';
import { createChatApi } from '../../../src/xchat/api/chatApi';
import { CHAT_ENDPOINTS } from '../../../src/xchat/api/endpoints';
import { MAX_MEDIA_CIPHERTEXT_BYTES } from '../../../src/xchat/engine/protocol';
import { InstantClock, TestAuth, json, raw, scriptedFetch, type Responder } from '../api/fakeHttp';

/** The X Chat client's edges: what it sends, and how hostile or broken answers become a clear `XApiError`. */

const CONV = '783214-1849302175620384768';
const SEALED = { messageId: 'b3f1c2d4-0a1b-4c5d-9e8f-001122334455', encodedMessageCreateEvent: 'CwABAAAAAWM=', encodedMessageEventSignature: 'CwABAAAAAXM=' };

function client(responders: Responder[] | Responder) {
  const { fetch, requests } = scriptedFetch(responders);
  const { api, rateLimits } = createChatApi({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock: new InstantClock(), random: () => 0 });
  return { api, rateLimits, requests };
}

async function rejectsWith(promise: Promise<unknown>, kind: string, field?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isXApiError(error), String(error));
    assert.equal(error.kind, kind);
    if (field !== undefined) assert.match(error.message, new RegExp(field.replace(/[[\].]/g, '\\$&')));
    return true;
  });
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({ id, encoded_event: 'CwABAAAAAWE=', sender_id: '783214', created_at: '2026-11-29T10:00:00.000Z', ...extra });

test('events: the request asks for sender and time besides the ciphertext; the page is typed, times in ms', async () => {
  const { api, requests, rateLimits } = client([
    () => json({ data: [event('1900000000000000002'), event('1900000000000000001')], meta: { conversation_key_events: ['CwABAAAAAWs='], next_token: 'NEXT', has_more: true } }, 200, { 'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '899', 'x-rate-limit-reset': '2000000000' }),
  ]);
  const page = await api.conversationEvents(CONV, { maxResults: 2 });
  const url = requests[0]?.url;
  assert.equal(url?.pathname, `/2/chat/conversations/${CONV}/events`);
  assert.equal(url?.searchParams.get('max_results'), '2');
  assert.deepEqual(url?.searchParams.get('chat_message_event.fields')?.split(','), ['id', 'encoded_event', 'sender_id', 'conversation_id', 'created_at', 'previous_id']);
  assert.deepEqual([page.events.length, page.keyChangeEvents, page.nextToken, page.events[0]?.created_at], [2, ['CwABAAAAAWs='], 'NEXT', Date.UTC(2026, 10, 29, 10)]);
  assert.equal(rateLimits.get(CHAT_ENDPOINTS.conversationEvents)?.remaining, 899, 'budgets recorded under the X Chat endpoint key');
});

test('hostile event pages are refused as schema drift naming the field', async () => {
  const cases: [unknown, string][] = [
    [{ data: [event('../../2/dm_events')] }, 'data[0].id'],
    [{ data: [event('1', { encoded_event: '<script>alert(1)</script>' })] }, 'data[0].encoded_event'],
    [{ data: [event('1', { sender_id: 'ada' })] }, 'data[0].sender_id'],
    [{ data: [event('1', { created_at: 'yesterday' })] }, 'data[0].created_at'],
    [{ data: Array.from({ length: 101 }, (_, i) => event(String(i + 1))) }, 'data'],
    [{ meta: { conversation_key_events: [42] } }, 'meta.conversation_key_events[0]'],
    [[event('1')], '(root)'],
  ];
  for (const [body, field] of cases) {
    const { api } = client([() => json(body)]);
    await rejectsWith(api.conversationEvents(CONV), 'schemaDrift', field);
  }
  const { api } = client([() => raw('<html>gateway</html>', 200)]);
  await rejectsWith(api.conversationEvents(CONV), 'schemaDrift');
});

test('conversations: fields and expansions asked once; a hostile id or participant is refused', async () => {
  const { api, requests } = client([
    () => json({ data: [{ id: CONV, type: 'OneToOne', updated_at: '2026-11-29T10:00:00Z', participant_ids: ['783214', '1849302175620384768'] }], includes: { users: [{ id: '783214', username: 'ada_codes', name: 'Ada' }] }, meta: { has_more: false } }),
    () => json({ data: [{ id: 'g../../x' }] }),
    () => json({ data: [{ id: 'g123', participant_ids: ['1 OR 1=1'] }] }),
  ]);
  const page = await api.listConversations();
  assert.deepEqual([page.conversations[0]?.id, page.users[0]?.username, page.nextToken], [CONV, 'ada_codes', undefined]);
  const q = requests[0]?.url.searchParams;
  assert.deepEqual([q?.get('max_results'), q?.get('expansions'), q?.get('chat_conversation.fields')], ['50', 'participant_ids', 'created_at,group_name,is_muted,type,updated_at']);
  await rejectsWith(api.listConversations(), 'schemaDrift', 'data[0].id');
  await rejectsWith(api.listConversations(), 'schemaDrift', 'data[0].participant_ids[0]');
});

test('paging walks next_token and stops at the last page', async () => {
  const { api, requests } = client([() => json({ data: [{ id: CONV }], meta: { next_token: 'T2' } }), () => json({ data: [{ id: 'g1' }], meta: {} })]);
  const ids: string[] = [];
  for await (const page of api.pagesOfConversations({ maxResults: 1 })) ids.push(...page.conversations.map((c) => c.id));
  assert.deepEqual(ids, [CONV, 'g1']);
  assert.equal(requests[1]?.url.searchParams.get('pagination_token'), 'T2');
});

test('input that is not an X Chat id never reaches a URL', async () => {
  const { api, requests } = client([]);
  await rejectsWith(api.conversationEvents('../dm_events'), 'invalidInput');
  await rejectsWith(api.conversationEvents('1234'), 'invalidInput');
  await rejectsWith(api.markRead(CONV, 'latest'), 'invalidInput');
  await rejectsWith(api.sendMessage(CONV, { ...SEALED, messageId: 'a/b' }), 'invalidInput');
  await rejectsWith(api.sendMessage(CONV, { ...SEALED, encodedMessageCreateEvent: 'not base64!' }), 'invalidInput');
  await rejectsWith(api.publicKeys([]), 'invalidInput');
  await rejectsWith(api.conversationEvents(CONV, { maxResults: 101 }), 'invalidInput');
  assert.equal(requests.length, 0);
});

test('send: the stored payload goes out byte for byte, twice the same; a 2xx that does not parse is still sent', async () => {
  const { api, requests } = client([() => json({ data: { encoded_message_event: 'CwABAAAAAWU=' } }, 201), () => json({ data: { encoded_message_event: 'CwABAAAAAWU=' } }, 201), () => raw('<html>ok</html>', 201)]);
  assert.deepEqual(await api.sendMessage(CONV, SEALED), { encodedMessageEvent: 'CwABAAAAAWU=' });
  await api.sendMessage(CONV, SEALED);
  assert.equal(requests[0]?.bodyText, requests[1]?.bodyText);
  assert.deepEqual(JSON.parse(requests[0]?.bodyText ?? ''), { message_id: SEALED.messageId, encoded_message_create_event: SEALED.encodedMessageCreateEvent, encoded_message_event_signature: SEALED.encodedMessageEventSignature });
  assert.deepEqual(await api.sendMessage(CONV, SEALED), {}, 'X took it: no error that would invite a different message');
});

test('send: a 5xx is not retried by the client (it may have arrived) and says so', async () => {
  const { api, requests } = client([() => json({ title: 'Service Unavailable' }, 503)]);
  await assert.rejects(api.sendMessage(CONV, SEALED), (error: unknown) => isXApiError(error) && error.kind === 'server' && error.mayHaveReachedServer);
  assert.equal(requests.length, 1);
});

test('read and typing: a 200 that says it did not happen is a refusal with X’s detail', async () => {
  const detail = 'seen_until_sequence_id is not an event of this conversation';
  const { api, requests } = client([() => json({ data: { success: true } }), () => json({ errors: [{ title: 'Invalid Request', detail }] }), () => json({ data: { success: false } })]);
  await api.markRead(CONV, '1900000000000000002');
  assert.deepEqual(JSON.parse(requests[0]?.bodyText ?? ''), { seen_until_sequence_id: '1900000000000000002' });
  await assert.rejects(api.markRead(CONV, '1900000000000000002'), (error: unknown) => isXApiError(error) && error.kind === 'invalidRequest' && error.detail === detail);
  await rejectsWith(api.typing(CONV), 'invalidRequest');
});

test('public keys: one record per id is matched by position; otherwise each user is asked, and unknown users are absent', async () => {
  const rec = (v: string) => ({ public_key: 'AAA=', public_key_version: v, signing_public_key: 'BBB=', identity_public_key_signature: 'CCC=' });
  const { api, requests } = client([() => json({ data: [rec('7')] }), () => json({ data: [rec('7'), rec('3')] }), () => json({ title: 'Not Found Error', detail: 'Could not find user' }, 404)]);
  const keys = await api.publicKeys(['783214', '42']);
  assert.deepEqual([...keys].map(([id, r]) => [id, r.public_key_version]), [['783214', '7']]);
  assert.deepEqual(requests.map((r) => r.url.pathname), ['/2/users/public_keys', '/2/users/783214/public_keys', '/2/users/42/public_keys']);
  assert.equal(requests[0]?.url.searchParams.get('ids'), '783214,42');
});

test('my public keys ask for juicebox_config; a config that is not an object is refused', async () => {
  const { api, requests } = client([() => json({ data: [{ public_key_version: '9', juicebox_config: { max_guess_count: 10 } }] }), () => json({ data: [{ public_key_version: '9', juicebox_config: 'http://evil' }] })]);
  const [mine] = await api.myPublicKeys('1849302175620384768');
  assert.equal(mine?.juicebox_config?.max_guess_count, 10);
  assert.ok(requests[0]?.url.searchParams.get('public_key.fields')?.split(',').includes('juicebox_config'));
  await rejectsWith(api.myPublicKeys('1849302175620384768'), 'schemaDrift', 'data[0].juicebox_config');
});

test('media: the ciphertext comes back as bytes; hostile keys never reach a URL; empty or oversized bodies are refused', async () => {
  const bin = (bytes: Uint8Array<ArrayBuffer>): Response => new Response(bytes, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  const { api, requests } = client([() => bin(new Uint8Array([1, 2, 3])), () => bin(new Uint8Array(0)), () => bin(new Uint8Array(MAX_MEDIA_CIPHERTEXT_BYTES + 1))]);
  assert.deepEqual([...(await api.downloadMedia(CONV, 'c9v61Hdymu6lzVGeAT2hWSNCjGK93kXS'))], [1, 2, 3]);
  assert.equal(requests[0]?.url.pathname, `/2/chat/media/${CONV}/c9v61Hdymu6lzVGeAT2hWSNCjGK93kXS`);
  for (const key of ['../../2/dm_events', 'a_b', '', 'x'.repeat(51)]) await rejectsWith(api.downloadMedia(CONV, key), 'invalidInput', 'mediaHashKey');
  await rejectsWith(api.downloadMedia('../x', 'abc'), 'invalidInput', 'conversationId');
  assert.equal(requests.length, 1, 'refused input sends nothing');
  await rejectsWith(api.downloadMedia(CONV, 'abc'), 'schemaDrift');
  await rejectsWith(api.downloadMedia(CONV, 'abc'), 'schemaDrift');
});
