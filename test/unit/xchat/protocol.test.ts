import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import * as v from 'valibot';
import { EncryptionEngine, EngineError } from '../../../src/xchat/engine/engine';
import { DecryptedSchema, MAX_MEDIA_CIPHERTEXT_BYTES, RequestSchema } from '../../../src/xchat/engine/protocol';
import { testEngine } from '../../xchat/engineWorker';

/** Both ends of the engine protocol refuse what does not fit it. */

const ok = (value: unknown): boolean => v.safeParse(RequestSchema, value).success;

test('requests: ids, conversation ids and text lengths are checked; unknown operations refused', () => {
  assert.ok(ok({ id: 1, op: 'encryptMessage', conversationId: '783214-1849302175620384768', text: 'hi' }));
  assert.ok(ok({ id: 1, op: 'encryptMessage', conversationId: '783214:1849302175620384768', text: 'hi' }));
  assert.ok(!ok({ id: 1, op: 'encryptMessage', conversationId: '../etc', text: 'hi' }));
  assert.ok(!ok({ id: 1, op: 'encryptMessage', conversationId: 'g123', text: '' }));
  assert.ok(!ok({ id: 1, op: 'encryptMessage', conversationId: 'g123', text: 'x'.repeat(10_001) }));
  assert.ok(!ok({ id: 1, op: 'setIdentity', userId: 'me', signingKeyVersion: '1', keyMaterial: new Uint8Array(64) }));
  assert.ok(!ok({ id: 1, op: 'setIdentity', userId: '1', signingKeyVersion: '1', keyMaterial: 'base64-in-a-string' }));
  assert.ok(!ok({ id: 1, op: 'prepareKeyChange', publicKeys: [{ userId: '1', publicKey: 'AA==', keyVersion: '1' }] }), 'a conversation has two sides');
  assert.ok(!ok({ id: 1, op: 'exportKeys' }));
  assert.ok(!ok({ op: 'lock' }));
});

test('an unverified result cannot carry text', () => {
  const parsed = v.parse(DecryptedSchema, { kind: 'unverified', text: 'forged' });
  assert.deepEqual(parsed, { kind: 'unverified' });
});

/** A worker stand-in that answers every request with `reply(request)`. */
function engineAnswering(reply: (req: { id: number; op: string }) => unknown): EncryptionEngine {
  return new EncryptionEngine(() => {
    const fake = Object.assign(new EventEmitter(), {
      postMessage: (req: { id: number; op: string }) => setImmediate(() => fake.emit('message', reply(req))),
      terminate: async () => 0,
      unref: () => undefined,
      ref: () => undefined,
    });
    return fake as unknown as Worker;
  });
}

test('the host validates replies: a result of the wrong shape is a failure, not data', async () => {
  const engine = engineAnswering((req) => ({ id: req.id, ok: true, result: { events: [{ kind: 'message', text: 'no ids' }] } }));
  await assert.rejects(engine.request({ op: 'decrypt', keyChangeEvents: [], events: [] }), (e: unknown) => e instanceof EngineError && e.code === 'failed');
  const stray = engineAnswering((req) => ({ id: req.id + 1, ok: true, result: { locked: true } }));
  const pending = stray.request({ op: 'lock' });
  const raced = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(() => r('still waiting'), 50))]);
  assert.equal(raced, 'still waiting', 'a reply to another request id settles nothing');
});

test('the real worker answers a malformed request with invalidRequest and keeps serving', async () => {
  const engine = testEngine();
  try {
    const bad = { op: 'encryptMessage', conversationId: 'nope', text: 'x' } as never;
    await assert.rejects(engine.request(bad), (e: unknown) => e instanceof EngineError && e.code === 'invalidRequest');
    await assert.rejects(engine.request({ op: 'decrypt', keyChangeEvents: [], events: [] }), (e: unknown) => e instanceof EngineError && e.code === 'locked');
  } finally {
    await engine.dispose();
  }
});

test('decryptMedia: a media hash key of X’s shape and 1 byte – the cap of ciphertext bytes, nothing else', () => {
  const req = (mediaHashKey: string, ciphertext: unknown) => ({ id: 1, op: 'decryptMedia', conversationId: '783214-1849302175620384768', mediaHashKey, ciphertext });
  assert.ok(ok(req('c9v61Hdymu6lzVGeAT2hWSNCjGK93kXS', new Uint8Array(41))));
  assert.ok(!ok(req('../keys', new Uint8Array(41))));
  assert.ok(!ok(req('3_123', new Uint8Array(41))));
  assert.ok(!ok(req('abc', new Uint8Array(0))));
  assert.ok(!ok(req('abc', new Uint8Array(MAX_MEDIA_CIPHERTEXT_BYTES + 1))));
  assert.ok(!ok(req('abc', 'AAAA')));
});

test('a decrypted message carries media only in the protocol’s shape', () => {
  const message = { kind: 'message', sequenceId: '1', messageId: 'm', senderId: '2', conversationId: '1:2', createdAtMs: 1, text: '' };
  assert.ok(v.safeParse(DecryptedSchema, { ...message, media: [{ mediaHashKey: 'abc', mediaType: 'image', width: 3, height: 2 }] }).success);
  assert.ok(!v.safeParse(DecryptedSchema, { ...message, media: [{ mediaHashKey: 'a/b', mediaType: 'image' }] }).success);
  assert.ok(!v.safeParse(DecryptedSchema, { ...message, media: [{ mediaHashKey: 'abc', mediaType: 'image', width: -1, height: 2 }] }).success);
});
