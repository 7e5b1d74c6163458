import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ForbiddenError, NetworkError, TimeoutError } from '../../../src/api/errors';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmMessage } from '../../../src/dm/model/message';
import { classifySendFailure, NOT_DELIVERED_REASON } from '../../../src/dm/outbox';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };
const CONV = '100-200';

async function world(storageDir?: string) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice');
  api.addMessages(5, '200');
  const dm = createDmService({ api, me, clock, ...(storageDir ? { storageDir } : {}) });
  await dm.syncNow('manual');
  return { clock, api, dm };
}

const messages = (items: ReturnType<ReturnType<typeof createDmService>['thread']>['items']): DmMessage[] =>
  items.filter((i): i is DmMessage => i.type === 'message');

test('classifies failures: definite refusals fail, anything that may have reached X is unconfirmed', () => {
  assert.equal(classifySendFailure(new ForbiddenError('recipient-not-accepting-dms', { status: 403 })).status, 'failed');
  assert.equal(classifySendFailure(new TimeoutError(15_000)).status, 'unconfirmed');
  assert.equal(classifySendFailure(new NetworkError('reset', { mayHaveReachedServer: true })).status, 'unconfirmed');
  assert.equal(classifySendFailure(new NetworkError('refused', { mayHaveReachedServer: false })).status, 'failed');
});

test('a send shows as pending at once, then carries X’s real id', async () => {
  const { api, dm } = await world();
  let release: () => void = () => undefined;
  api.sendGate = new Promise((resolve) => (release = resolve));
  const seen: string[] = [];
  dm.onDidChange(() => {
    const last = messages(dm.thread(CONV).items).at(-1);
    if (last) seen.push(`${last.status}:${last.text}`);
  });
  const pending = dm.send({ participantId: '200' }, 'on my way');
  await new Promise((r) => setImmediate(r));
  assert.equal(messages(dm.thread(CONV).items).at(-1)?.status, 'pending');
  assert.equal(dm.conversation(CONV)?.preview, 'on my way');
  release();
  const result = await pending;
  assert.equal(result.status, 'sent');
  const last = messages(dm.thread(CONV).items).at(-1);
  assert.equal(last?.status, 'sent');
  assert.equal(last?.id, result.status === 'sent' ? result.eventId : '');
  assert.deepEqual(seen, ['pending:on my way', 'sent:on my way']);
  dm.dispose();
});

test('a definite 4xx keeps the text as failed with the reason, and retry sends it', async () => {
  const { api, dm } = await world();
  api.sendFault = { error: new ForbiddenError('recipient-not-accepting-dms', { status: 403 }), deliver: false };
  const result = await dm.send({ conversationId: CONV }, 'hello?');
  assert.equal(result.status, 'failed');
  const failed = messages(dm.thread(CONV).items).at(-1);
  assert.equal(failed?.status, 'failed');
  assert.match(failed?.statusReason ?? '', /does not accept/);
  assert.equal(failed?.text, 'hello?');
  const retried = await dm.retry(result.status === 'failed' ? result.localId : '');
  assert.equal(retried.status, 'sent');
  assert.equal(api.stats.sends, 1);
  assert.equal(messages(dm.thread(CONV).items).filter((m) => m.text === 'hello?').length, 1);
  dm.dispose();
});

test('an ambiguous failure that did reach X is reconciled by the next sync, never sent twice', async () => {
  const { api, dm, clock } = await world();
  api.sendFault = { error: new TimeoutError(15_000), deliver: true };
  const result = await dm.send({ participantId: '200' }, 'did this arrive?');
  assert.equal(result.status, 'unconfirmed');
  assert.equal(messages(dm.thread(CONV).items).at(-1)?.status, 'unconfirmed');
  clock.t += 30_000;
  await dm.syncNow('poll');
  const mine = messages(dm.thread(CONV).items).filter((m) => m.text === 'did this arrive?');
  assert.equal(mine.length, 1);
  assert.equal(mine[0]?.status, 'sent');
  assert.match(mine[0]?.id ?? '', /^[0-9]+$/);
  // Retrying the reconciled message answers from the archive.
  const again = await dm.retry(result.status === 'unconfirmed' ? result.localId : '');
  assert.equal(again.status, 'sent');
  assert.equal(api.stats.sends, 1);
  dm.dispose();
});

test('retry of an unconfirmed message looks first, and sends only when X does not have it', async () => {
  const { api, dm, clock } = await world();
  api.sendFault = { error: new NetworkError('socket hang up', { mayHaveReachedServer: true }), deliver: false };
  const result = await dm.send({ participantId: '200' }, 'lost in transit');
  const localId = result.status === 'unconfirmed' ? result.localId : '';
  clock.t += 10_000;
  await dm.syncNow('poll');
  assert.equal(messages(dm.thread(CONV).items).at(-1)?.status, 'unconfirmed'); // too early to give up
  clock.t += 3 * 60_000;
  await dm.syncNow('poll');
  const gaveUp = messages(dm.thread(CONV).items).at(-1);
  assert.equal(gaveUp?.status, 'failed');
  assert.equal(gaveUp?.statusReason, NOT_DELIVERED_REASON);
  const retried = await dm.retry(localId);
  assert.equal(retried.status, 'sent');
  assert.equal(api.stats.sends, 1);
  dm.dispose();
});

test('discard removes an unsent message', async () => {
  const { api, dm } = await world();
  api.sendFault = { error: new ForbiddenError('unknown', { status: 403 }), deliver: false };
  const result = await dm.send({ conversationId: CONV }, 'never mind');
  dm.discard(result.status === 'failed' ? result.localId : '');
  assert.equal(messages(dm.thread(CONV).items).some((m) => m.text === 'never mind'), false);
  dm.dispose();
});

test('unsent messages survive a reload; one in flight when the window closed becomes unconfirmed', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-outbox-'));
  try {
    const { api, dm } = await world(dir);
    api.sendFault = { error: new ForbiddenError('unknown', { status: 403 }), deliver: false };
    await dm.send({ conversationId: CONV }, 'failed one');
    api.sendGate = new Promise(() => undefined); // never answers: the window closes mid-send
    void dm.send({ conversationId: CONV }, 'in flight');
    await new Promise((r) => setImmediate(r));
    await dm.flush();
    dm.dispose();
    await dm.whenClosed();

    const clock = new FakeClock();
    const api2 = new FakeDmApi(clock, me);
    const reloaded = createDmService({ api: api2, me, clock, storageDir: dir });
    await reloaded.ready();
    const items = messages(reloaded.thread(CONV).items);
    assert.deepEqual(
      items.filter((m) => m.localId).map((m) => `${m.status}:${m.text}`),
      ['failed:failed one', 'unconfirmed:in flight'],
    );
    reloaded.dispose();
    await reloaded.whenClosed();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('retrying a message that is still being sent waits for that send instead of sending again', async () => {
  const { api, dm } = await world();
  let release: () => void = () => undefined;
  api.sendGate = new Promise((resolve) => (release = resolve));
  const first = dm.send({ conversationId: CONV }, 'patience');
  await new Promise((r) => setImmediate(r));
  const localId = messages(dm.thread(CONV).items).at(-1)?.localId ?? '';
  const retried = dm.retry(localId);
  release();
  const [a, b] = await Promise.all([first, retried]);
  assert.equal(a.status, 'sent');
  assert.deepEqual(b, a);
  assert.equal(api.stats.sends, 1);
  dm.dispose();
});
