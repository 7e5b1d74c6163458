import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkError, NotFoundError } from '../../../../src/api/errors';
import type { PublicKeyRecord } from '../../../../src/xchat/api/schemas';
import { EncryptionEngine } from '../../../../src/xchat/engine/engine';
import type { UnlockOutcome } from '../../../../src/xchat/engine/protocol';
import { XChatSession, juiceboxUnlocker, type Unlocker } from '../../../../src/xchat/source/xchatSession';

/** The session's decisions with a scripted key backup and an engine that never starts (no worker in this file). */

const ME = '42';
const RECORD: PublicKeyRecord = { public_key_version: '7' };
const pin = (): Uint8Array => Uint8Array.from([4, 8, 2, 1]);

function harness(opts: { ownKeys?: () => Promise<PublicKeyRecord[]>; outcome?: () => Promise<UnlockOutcome> } = {}) {
  let engines = 0;
  const calls: { signingKeyVersion: string }[] = [];
  const unlocker: Unlocker = async (_engine, identity, _record, passcode) => {
    calls.push({ signingKeyVersion: identity.signingKeyVersion });
    passcode.fill(0);
    return (opts.outcome ?? (async () => ({ status: 'unlocked' }) as const))();
  };
  const session = new XChatSession({
    meId: ME,
    ownKeys: opts.ownKeys ?? (async () => [RECORD]),
    newEngine: () => {
      engines++;
      return new EncryptionEngine(() => assert.fail('no worker in these tests'));
    },
    unlocker,
  });
  return { session, calls, engines: () => engines };
}

describe('XChatSession', () => {
  test('an account without keys is noKeys before any guess is spent or any engine made', async () => {
    for (const ownKeys of [async () => [], async () => Promise.reject(new NotFoundError('no keys'))]) {
      const h = harness({ ownKeys });
      const passcode = pin();
      assert.deepEqual(await h.session.unlock(passcode), { status: 'noKeys' });
      assert.deepEqual([h.calls.length, h.engines()], [0, 0]);
      assert.ok(passcode.every((b) => b === 0));
    }
  });

  test('X unreachable while reading our own key record is unavailable; the passcode is still zeroed', async () => {
    const h = harness({ ownKeys: async () => Promise.reject(new NetworkError('down')) });
    const passcode = pin();
    assert.deepEqual(await h.session.unlock(passcode), { status: 'unavailable' });
    assert.ok(passcode.every((b) => b === 0));
    assert.equal(h.calls.length, 0);
  });

  test('unlocks with the identity of the newest key record; the engine is offered only while unlocked', async () => {
    const h = harness({ ownKeys: async () => [{ public_key_version: '9' }, RECORD] });
    assert.equal(h.session.engine, undefined);
    assert.deepEqual(await h.session.unlock(pin()), { status: 'unlocked' });
    assert.deepEqual(h.calls, [{ signingKeyVersion: '9' }]);
    assert.ok(h.session.engine);
    await h.session.lock();
    assert.equal(h.session.engine, undefined);
    assert.deepEqual(h.session.state, { status: 'locked' });
  });

  test('a second unlock while one runs spends no guess; a lock during an attempt wins over its late success', async () => {
    let release: (o: UnlockOutcome) => void = () => undefined;
    const h = harness({ outcome: () => new Promise((r) => (release = r)) });
    const first = h.session.unlock(pin());
    await new Promise((r) => setImmediate(r));
    const second = pin();
    assert.deepEqual(await h.session.unlock(second), { status: 'unlocking' });
    assert.ok(second.every((b) => b === 0), 'the refused passcode is zeroed too');
    await h.session.lock();
    release({ status: 'unlocked' });
    assert.deepEqual(await first, { status: 'locked' });
    assert.equal(h.session.engine, undefined, 'keys loaded by the late attempt are not kept');
    assert.equal(h.calls.length, 1);
  });

  test('an unlocker that throws reads as unavailable, never as unlocked', async () => {
    const h = harness({ outcome: async () => Promise.reject(new Error('engine failed')) });
    const passcode = pin();
    assert.deepEqual(await h.session.unlock(passcode), { status: 'unavailable' });
    assert.equal(h.session.engine, undefined);
  });

  test('Juicebox: a key record without juicebox_config is noKeys, and the passcode is zeroed without a request', async () => {
    const passcode = pin();
    const engine = new EncryptionEngine(() => assert.fail('no request to the worker'));
    assert.deepEqual(await juiceboxUnlocker(engine, { userId: ME, signingKeyVersion: '7' }, RECORD, passcode), { status: 'noBackup' });
    assert.ok(passcode.every((b) => b === 0));
    assert.equal(engine.started, false);
  });

  test('probe: the own key record alone decides, with no engine and no guess; a late answer after an unlock started is dropped', async () => {
    const cases: [() => Promise<PublicKeyRecord[]>, string][] = [
      [async () => [RECORD], 'locked'],
      [async () => [], 'noKeys'],
      [async () => Promise.reject(new NotFoundError('no keys')), 'noKeys'],
      [async () => Promise.reject(new NetworkError('down')), 'unavailable'],
    ];
    for (const [ownKeys, expected] of cases) {
      const h = harness({ ownKeys });
      const states: string[] = [];
      h.session.onDidChangeState((s) => states.push(s.status));
      assert.equal((await h.session.probe()).status, expected);
      assert.deepEqual([h.calls.length, h.engines()], [0, 0]);
      assert.deepEqual(states, expected === 'locked' ? [] : [expected], 'an account with keys stays locked without an event');
    }
    let answer: (r: PublicKeyRecord[]) => void = () => undefined;
    let asked = 0;
    const h = harness({ ownKeys: () => (++asked === 1 ? new Promise((r) => (answer = r)) : Promise.resolve([RECORD])) });
    const probing = h.session.probe();
    assert.deepEqual(await h.session.unlock(pin()), { status: 'unlocked' });
    answer([]);
    assert.deepEqual(await probing, { status: 'unlocked' }, 'a slow "no keys" does not undo an unlock');
  });
});
