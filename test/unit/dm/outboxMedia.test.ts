import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmMessage } from '../../../src/dm/model/message';
import { makePng } from '../../emulator/generator/png';
import { addEmuUser, admin, startWorld } from './emulatorWorld';

// Sending with an attachment through the outbox, against the real emulator: the upload happens once, before the
// outbox; from then on only the media id travels, so neither Retry nor Check uploads or sends a second copy.

const THREE_MINUTES = 3 * 60_000;

async function mediaWorld() {
  const world = await startWorld('empty', { dmReadLimit: 10_000, mediaWrite: true });
  const alice = await addEmuUser(world, 'alice', 'Alice');
  world.clock.advance(1000);
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
  await dm.syncNow('startup');
  const conversationId = [alice, world.me.id].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).join('-');
  const mine = (): DmMessage[] =>
    dm.thread(conversationId).items.filter((i): i is DmMessage => i.type === 'message' && i.fromMe);
  const fault = (spec: Record<string, unknown>) => admin(world, 'POST', '/__admin/faults', { method: 'POST', path: '/2/dm_conversations', count: 1, ...spec });
  const uploads = () => world.emu.ctx.stats.requests.filter((r) => r.path === '/2/media/upload/initialize').length;
  const upload = async () => {
    const { mediaId } = await world.api.uploadDmMedia(new Uint8Array(makePng(4, 4, [0, 0, 0], [255, 255, 255])), 'image/png', 'dm_image');
    return { id: mediaId, category: 'dm_image' as const, altText: 'A tiny checkerboard' };
  };
  return { world, dm, alice, mine, fault, uploads, upload };
}

test('an attachment-only send whose answer is lost is found by its media id: one upload, one copy, alt text kept', async () => {
  const { world, dm, alice, mine, fault, uploads, upload } = await mediaWorld();
  try {
    const media = await upload();
    await fault({ drop_response: true });
    const result = await dm.send({ participantId: alice }, '', media);
    assert.equal(result.status, 'unconfirmed');
    const localId = result.status === 'unconfirmed' ? result.localId : '';
    assert.equal((await dm.retry(localId)).status, 'sent', 'Retry of what may have been sent only checks: the sync finds it');
    assert.equal(world.stats().sends, 1);
    world.clock.advance(THREE_MINUTES);
    await dm.syncNow('poll');
    const shown = mine();
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.status, 'sent');
    assert.equal(shown[0]?.attachments[0]?.mediaKey, `3_${media.id}`);
    assert.equal((await dm.retry(localId)).status, 'sent');
    assert.equal(world.stats().sends, 1);
    assert.equal(uploads(), 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('a definite refusal keeps text and media id; Retry sends the same media again without uploading', async () => {
  const { world, dm, alice, mine, fault, uploads, upload } = await mediaWorld();
  try {
    const media = await upload();
    await fault({ status: 503, reset_connection: true });
    const result = await dm.send({ participantId: alice }, 'look at this', media);
    const localId = result.status === 'unconfirmed' ? result.localId : '';
    assert.ok(localId, 'the connection reset before X handled it: may have been sent');
    world.clock.advance(THREE_MINUTES);
    assert.equal((await dm.check(localId)).status, 'failed', 'a complete sync later proves X never got it');
    const unsent = mine()[0];
    assert.deepEqual(
      [unsent?.status, unsent?.attachments.map((a) => [a.mediaKey, a.dmEventId, a.altText])],
      ['failed', [[`3_${media.id}`, localId, 'A tiny checkerboard']]],
      'the unsent message shows what it carries',
    );
    const retried = await dm.retry(localId);
    assert.equal(retried.status, 'sent');
    const shown = mine();
    assert.deepEqual(shown.map((m) => [m.status, m.text, m.attachments.map((a) => a.mediaKey)]), [['sent', 'look at this', [`3_${media.id}`]]]);
    assert.equal(shown[0]?.attachments[0]?.altText, 'A tiny checkerboard');
    await dm.syncNow('poll');
    assert.equal(mine()[0]?.attachments[0]?.altText, 'A tiny checkerboard', "X's media record (with its URL) keeps the local alt text");
    assert.equal(world.stats().sends, 1);
    assert.equal(uploads(), 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});
