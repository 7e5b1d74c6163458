import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { adminPost, api, start, tokenFor } from './support';

const ME = '1849302175620384768';
const ADA = '783214';
const YUKI = '99887766';

type Problem = { type: string; title: string; detail: string; status: number; resource_type: string; resource_id: string };

describe('emulator DM block / unblock', () => {
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

  async function adaSays(text: string): Promise<Response> {
    return adminPost(emu, 'messages', { from_user_id: ADA, text });
  }

  test('a blocked user’s messages are refused with X’s not-authorized-for-resource Problem until unblocked', async () => {
    assert.equal((await adaSays('before the block')).status, 201);
    const blocked = await api(emu, token, `/2/users/${ADA}/dm/block`, { method: 'POST' });
    assert.equal(blocked.status, 200);
    assert.deepEqual(await blocked.json(), { data: { blocked: true } });
    const blocks = (await (await fetch(`${emu.url}/__admin/dm-blocks`)).json()) as unknown[];
    assert.deepEqual(blocks, [{ blocker_id: ME, blocked_id: ADA }]);

    const events = emu.ctx.store.order.length;
    const refused = await adaSays('after the block');
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    const problem = (await refused.json()) as Problem;
    assert.equal(problem.type, 'https://api.x.com/2/problems/not-authorized-for-resource');
    assert.equal(problem.resource_type, 'user');
    assert.equal(problem.resource_id, ME);
    assert.equal(emu.ctx.store.order.length, events, 'a refused message is not stored');

    // DM block is both ways: my own 1:1 send to the person I blocked is refused too.
    const mine = await api(emu, token, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { text: 'hi' } });
    assert.equal(mine.status, 403);

    const unblocked = await api(emu, token, `/2/users/${ADA}/dm/unblock`, { method: 'POST' });
    assert.deepEqual(await unblocked.json(), { data: { blocked: false } });
    assert.equal((await adaSays('after the unblock')).status, 201);
    assert.equal(emu.ctx.store.order.length, events + 1);
  });

  test('someone who blocked me refuses my sends, through either send route, and the group-creation route', async () => {
    assert.equal((await adminPost(emu, 'dm-blocks', { blocker_id: YUKI, blocked_id: ME })).status, 200);
    const sends = emu.ctx.stats.sends;
    const byParticipant = await api(emu, token, `/2/dm_conversations/with/${YUKI}/messages`, { method: 'POST', body: { text: 'hi' } });
    const byConversation = await api(emu, token, `/2/dm_conversations/${YUKI}-${ME}/messages`, { method: 'POST', body: { text: 'hi' } });
    const group = await api(emu, token, '/2/dm_conversations', {
      method: 'POST',
      body: { conversation_type: 'Group', participant_ids: [ADA, YUKI], message: { text: 'hi all' } },
    });
    assert.deepEqual([byParticipant.status, byConversation.status, group.status], [403, 403, 403]);
    assert.equal(emu.ctx.stats.sends, sends);
    await adminPost(emu, 'dm-blocks', { blocker_id: YUKI, blocked_id: ME, blocked: false });
    assert.equal((await api(emu, token, `/2/dm_conversations/with/${YUKI}/messages`, { method: 'POST', body: { text: 'hi' } })).status, 201);
  });

  test('blocking an unknown user is a partial error in a 200; blocking yourself is a 400', async () => {
    const unknown = await api(emu, token, '/2/users/42/dm/block', { method: 'POST' });
    assert.equal(unknown.status, 200);
    assert.equal(((await unknown.json()) as { errors: Problem[] }).errors[0]?.type, 'https://api.x.com/2/problems/resource-not-found');
    assert.equal((await api(emu, token, `/2/users/${ME}/dm/block`, { method: 'POST' })).status, 400);
  });

  test('block, unblock and the refusal validate against the 2.167 document too (self-check)', async () => {
    const newer = await start({ preset: 'demo', apiVersion: '2.167' });
    try {
      const t = await tokenFor(newer);
      assert.equal((await api(newer, t, `/2/users/${ADA}/dm/block`, { method: 'POST' })).status, 200);
      const refused = await api(newer, t, `/2/dm_conversations/with/${ADA}/messages`, { method: 'POST', body: { text: 'x' } });
      assert.equal(refused.status, 403);
      assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal((await api(newer, t, `/2/users/${ADA}/dm/unblock`, { method: 'POST' })).status, 200);
      assert.deepEqual(newer.stats().response_violations, []);
    } finally {
      await newer.close();
    }
  });
});
