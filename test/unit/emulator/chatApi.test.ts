import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { unwrap } from '../../emulator/chat/envelope';
import { stringField, struct } from '../../emulator/chat/thrift';
import { adminPost, api, getJson, start, tokenFor } from './support';

const ME = '1849302175620384768';
const ADA = '783214';
const CONV = `${ADA}-${ME}`;

type Events = { data?: { id: string; encoded_event?: string; sender_id?: string; previous_id?: string }[]; meta: { result_count: number; conversation_key_events?: string[]; next_token?: string } };
type Convs = { data?: { id: string; type: string; updated_at?: string; participant_ids?: string[] }[]; meta: { result_count: number } };
type Keys = { data?: { public_key_version: string; public_key?: string; juicebox_config?: { token_map: unknown[]; max_guess_count: number } }[] };

const b64 = (b: Buffer): string => b.toString('base64');

describe('emulator X Chat', () => {
  let emu: Emulator;
  let me: string;
  let ada: string;
  before(async () => {
    emu = await start({ preset: 'demo' });
    me = await tokenFor(emu);
    ada = await tokenFor(emu, { user_id: ADA });
    for (const user_id of [ME, ADA]) assert.equal((await adminPost(emu, 'chat/users', { user_id })).status, 200);
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('public keys: anyone sees the public halves; only the owner sees juicebox_config', async () => {
    const mine = await getJson<Keys>(emu, me, `/2/users/${ME}/public_keys?public_key.fields=public_key,juicebox_config`);
    assert.equal(mine.data?.length, 2, "the demo's keys and the newer ones this test made");
    assert.equal(mine.data?.[0]?.juicebox_config?.token_map.length, 3);
    const theirs = await getJson<Keys>(emu, ada, `/2/users/${ME}/public_keys?public_key.fields=public_key,juicebox_config`);
    assert.equal(theirs.data?.[0]?.juicebox_config, undefined);
    assert.ok(theirs.data?.[0]?.public_key);
    const many = await getJson<Keys>(emu, me, `/2/users/public_keys?ids=${ADA},${ME},2244994945`);
    assert.equal(many.data?.length, 2, 'a user without keys is absent');
  });

  test('the other party sends through the real Chat XDK: key change in meta, message as an envelope, unread for me', async () => {
    const sent = (await (await adminPost(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'hello, encrypted' })).json()) as { conversation_id: string; sequence_id: string };
    assert.equal(sent.conversation_id, CONV);
    const list = await getJson<Convs>(emu, me, '/2/chat/conversations?chat_conversation.fields=updated_at&expansions=participant_ids');
    // Newest first: ahead of the demo's own encrypted conversations.
    assert.deepEqual(list.data?.map((c) => [c.id, c.type, c.participant_ids?.length])[0], [CONV, 'OneToOne', 2]);
    const events = await getJson<Events>(emu, me, `/2/chat/conversations/${CONV}/events?chat_message_event.fields=sender_id,encoded_event,previous_id`);
    assert.equal(events.meta.conversation_key_events?.length, 1);
    const env = unwrap(events.data?.[0]?.encoded_event ?? '');
    assert.deepEqual([env.kind, env.senderId, env.conversationId, env.sequenceId], ['message', ADA, `${ADA}:${ME}`, sent.sequence_id]);
    const state = (await (await fetch(`${emu.url}/__admin/chat/state?conversation_id=${CONV}`)).json()) as { unread: Record<string, number> };
    assert.deepEqual(state.unread, { [ADA]: 0, [ME]: 1 });
  });

  test('a send is idempotent on its client message id; a read marks it seen; typing is recorded', async () => {
    const body = { message_id: 'client-id-1', encoded_message_create_event: b64(struct([stringField(100, 'x')])), encoded_message_event_signature: b64(struct([stringField(1, 's')])) };
    const first = await api(emu, me, `/2/chat/conversations/${CONV}/messages`, { method: 'POST', body });
    assert.equal(first.status, 201);
    const again = await api(emu, me, `/2/chat/conversations/${ADA}/messages`, { method: 'POST', body }); // by the other user's id
    assert.equal(again.status, 201);
    const [a, b] = [(await first.json()) as { data: { encoded_message_event: string } }, (await again.json()) as { data: { encoded_message_event: string } }];
    assert.equal(a.data.encoded_message_event, b.data.encoded_message_event);
    const events = await getJson<Events>(emu, me, `/2/chat/conversations/${CONV}/events`);
    assert.equal(events.meta.result_count, 2, 'one message from each side, the retry added nothing');
    const latestFromAda = unwrap(events.data?.[1]?.encoded_event ?? '').sequenceId;
    assert.equal((await api(emu, ada, `/2/chat/conversations/${CONV}/read`, { method: 'POST', body: { seen_until_sequence_id: latestFromAda } })).status, 200);
    const unknown = await api(emu, me, `/2/chat/conversations/${CONV}/read`, { method: 'POST', body: { seen_until_sequence_id: '1' } });
    assert.equal(unknown.status, 400);
    assert.equal((await api(emu, me, `/2/chat/conversations/${CONV}/typing`, { method: 'POST' })).status, 200);
    const state = (await (await fetch(`${emu.url}/__admin/chat/state?conversation_id=${CONV}`)).json()) as { unread: Record<string, number>; typing: string[] };
    assert.deepEqual(state.unread, { [ADA]: 1, [ME]: 0 }, 'sending marks your side read; Ada read only up to her own message');
    assert.deepEqual(state.typing, [ME]);
  });

  test('refusals: garbage bodies, strangers, missing key, rate-limit headers on every answer', async () => {
    const garbage = await api(emu, me, `/2/chat/conversations/${CONV}/messages`, { method: 'POST', body: { message_id: 'g', encoded_message_create_event: b64(Buffer.from('nope')), encoded_message_event_signature: 'AA==' } });
    assert.equal(garbage.status, 400);
    assert.ok(garbage.headers.get('x-rate-limit-remaining'));
    const stranger = await tokenFor(emu, { user_id: '2244994945' });
    assert.equal((await api(emu, stranger, `/2/chat/conversations/${CONV}/events`)).status, 404);
    const noKey = await api(emu, me, '/2/chat/conversations/2244994945/messages', { method: 'POST', body: { message_id: 'n', encoded_message_create_event: 'AA==' } });
    assert.equal(noKey.status, 404);
    const dmScope = await tokenFor(emu, { scopes: ['dm.read', 'users.read', 'tweet.read'] });
    assert.equal((await api(emu, dmScope, `/2/chat/conversations/${CONV}/typing`, { method: 'POST' })).status, 403);
  });
});
