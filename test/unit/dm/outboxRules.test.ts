import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, ForbiddenError, NetworkError, RateLimitedError, ServerError, TimeoutError, UnauthorizedError } from '../../../src/api/errors';
import type { OutboxEntry } from '../../../src/dm/archive/schema';
import { createDmService } from '../../../src/dm/createDmService';
import type { OutboxResult } from '../../../src/dm/dmService';
import type { DmMessage } from '../../../src/dm/model/message';
import { NOT_DELIVERED_REASON, NO_ANSWER_YET_REASON, classifySendFailure, comparableText, gaveUp, reconcile } from '../../../src/dm/outbox';
import { SEND_DEADLINE_MS } from '../../../src/protocol/messages';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const ME = '100';
const CONV = '100-200';
const T = Date.UTC(2026, 10, 21, 12);

function entry(text: string, over: Partial<OutboxEntry> = {}): OutboxEntry {
  return { localId: 'local-1', target: { conversationId: CONV }, conversationId: CONV, senderId: ME, text, createdAt: T, updatedAt: T, status: 'unconfirmed', attempts: 1, ...over };
}
const copy = (text: string, over: Partial<DmMessage> = {}): DmMessage => ({
  type: 'message', id: '900', conversationId: CONV, senderId: ME, fromMe: true, text, createdAt: T + 1000, status: 'sent', attachments: [], referencedPosts: [], ...over,
});

test('X’s copy is recognised although X normalised it to NFC and replaced every URL with t.co', () => {
  const typed = 'cafe\u0301: https://example.com/docs?a=1&b=2 (see http://www.example.org/x).\r\nbye ';
  const stored = 'caf\u00e9: https://t.co/AbCdEfGhIj (see https://t.co/ZyXwVuTsRq).\nbye';
  assert.deepEqual([...reconcile([entry(typed)], [copy(stored)], ME)], [['local-1', '900']]);
  assert.equal(comparableText('a &amp; b &lt;c&gt;'), comparableText('a & b <c>'), 'HTML-escaped copies match too');
});

test('a message given up as "not received" still matches a copy that turns up (also earlier versions’ give-ups)', () => {
  const stored = copy('caf\u00e9 https://t.co/AbCdEfGhIj');
  for (const reason of [NOT_DELIVERED_REASON, 'X did not receive this message. Retry to send it again.']) {
    const given = entry('cafe\u0301 https://example.com', { status: 'failed', reason });
    assert.equal(gaveUp(given), true);
    assert.deepEqual([...reconcile([given], [stored], ME)], [['local-1', '900']], reason);
  }
  const refused = entry('cafe\u0301 https://example.com', { status: 'failed', reason: 'This person does not accept Direct Messages from you.' });
  assert.equal(gaveUp(refused), false);
  assert.equal(reconcile([refused], [stored], ME).size, 0, 'what X refused is never matched');
});

test('matching stays strict about everything else: other text, sender, conversation, time', () => {
  const typed = 'see https://example.com';
  assert.equal(reconcile([entry(typed)], [copy('see you https://t.co/AbCdEfGhIj')], ME).size, 0);
  assert.equal(reconcile([entry(typed)], [copy('see https://t.co/AbCdEfGhIj', { senderId: '200' })], ME).size, 0);
  assert.equal(reconcile([entry(typed)], [copy('see https://t.co/AbCdEfGhIj', { conversationId: '100-300' })], ME).size, 0);
  assert.equal(reconcile([entry(typed)], [copy('see https://t.co/AbCdEfGhIj', { createdAt: T + 60 * 60_000 })], ME).size, 0);
  // Two identical sends pair with two copies, never both with one.
  const twice = reconcile([entry('hi'), entry('hi', { localId: 'local-2', createdAt: T + 1 })], [copy('hi'), copy('hi', { id: '901' })], ME);
  assert.deepEqual([...twice.values()].sort(), ['900', '901']);
});

test('classification: what X refused is "not sent"; whatever may have reached X is "may have been sent", never "try again"', () => {
  const refused = [
    new ForbiddenError('recipient-not-accepting-dms', { status: 403 }),
    new RateLimitedError(T, { status: 429 }),
    new UnauthorizedError('401', { status: 401 }),
    new NetworkError('refused', { mayHaveReachedServer: false }),
  ];
  for (const error of refused) assert.equal(classifySendFailure(error).status, 'failed', error.kind);
  const ambiguous = [
    new TimeoutError(15_000),
    new NetworkError('socket hang up', { mayHaveReachedServer: true }),
    new ServerError(503),
    new CancelledError('aborted', { mayHaveReachedServer: true }),
    new Error('unexpected'),
  ];
  for (const error of ambiguous) {
    const failure = classifySendFailure(error);
    assert.equal(failure.status, 'unconfirmed', error.message);
    assert.match(failure.reason, /may have/);
    assert.doesNotMatch(failure.reason, /try again/i);
  }
});

test('no answer by the host’s deadline: "may have been sent" at once, sent when X answers later — one copy', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, { id: ME, username: 'me', name: 'Me' });
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice');
  const dm = createDmService({ api, me: { id: ME, username: 'me', name: 'Me' }, clock });
  await dm.syncNow('manual');
  let release: () => void = () => undefined;
  api.sendGate = new Promise((resolve) => (release = resolve));
  const box: { settled?: OutboxResult } = {};
  const sending = dm.send({ participantId: '200' }, 'slow one').then((r) => (box.settled = r));
  const shown = () => dm.thread(CONV).items.filter((i): i is DmMessage => i.type === 'message' && i.fromMe);
  while (shown().length === 0) await new Promise((r) => setImmediate(r));
  await clock.advance(SEND_DEADLINE_MS - 1);
  assert.equal(box.settled, undefined, 'still within the deadline');
  await clock.advance(1);
  const settled = await sending;
  assert.equal(settled?.status, 'unconfirmed');
  assert.equal(settled?.status === 'unconfirmed' && settled.reason, NO_ANSWER_YET_REASON);
  assert.deepEqual(shown().map((m) => m.status), ['unconfirmed']);
  // A complete sync long after, while the request is still out, must not call it "not sent".
  await clock.advance(3 * 60_000);
  await dm.syncNow('manual');
  assert.deepEqual(shown().map((m) => m.status), ['unconfirmed']);
  const checking = dm.check(settled?.status === 'unconfirmed' ? settled.localId : '');
  release();
  assert.equal((await checking).status, 'sent', 'Check while the request is out waits for its answer');
  assert.deepEqual(shown().map((m) => m.status), ['sent']);
  assert.equal(api.stats.sends, 1);
  dm.dispose();
});
