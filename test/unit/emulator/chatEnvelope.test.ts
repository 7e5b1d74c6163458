import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailKind, isStruct, unwrap, wrapKeyChange, wrapMessageCreate } from '../../emulator/chat/envelope';
import { readStruct, stringField, struct, structField } from '../../emulator/chat/thrift';

const meta = { sequenceId: '1900000000000000001', messageId: 'm-1', senderId: '100', conversationId: '100:200', createdAtMs: 1_795_000_000_000 };
const createEvent = struct([stringField(100, 'ciphertext'), stringField(101, '1001')]);
const signature = struct([stringField(1, 'sig'), stringField(2, '7'), stringField(3, '7')]);

test('a message create is wrapped with the server-assigned ids and unwrapped to the same bytes', () => {
  const env = unwrap(wrapMessageCreate(meta, createEvent, signature));
  assert.deepEqual({ ...env, detail: undefined, signature: undefined }, { ...meta, kind: 'message', detail: undefined, signature: undefined });
  // The posted bytes go in unchanged: the client's signature covers them.
  assert.deepEqual(readStruct(env.detail)[0]?.value, createEvent);
  assert.deepEqual(env.signature, signature);
});

test('a key change keeps the posted detail union and gets a signature struct built from the JSON fields', () => {
  const union = struct([structField(3, struct([stringField(1, '1001')]))]);
  const env = unwrap(wrapKeyChange(meta, union, { signature: 'abc', publicKeyVersion: '5', signatureVersion: '7' }));
  assert.equal(env.kind, 'keyChange');
  assert.deepEqual(env.detail, union);
  assert.deepEqual(
    readStruct(env.signature ?? Buffer.alloc(0)).map((f) => f.value.toString()),
    ['abc', '5', '7'],
  );
});

test('the chat-xdk test vector envelope reads with the field layout the emulator writes', () => {
  // event_message_b64 from chat-xdk's tests/fixtures/sdk_vectors.json (published test vectors).
  const vector =
    'CwABAAAAATELAAIAAAAkMmMyYTFkMzItOTg4Yi00YjBlLTllNjMtYzNiYWFiMzAwM2ZkCwADAAAABDExMTELAAQAAAAJMTExMToyMjIyCwAGAAAADTE3MDAwMDAwMDAwMDAMAAcMAAELAGQAAABNyju49fSvP23md4h8MxYDM7/yP5czAJioJV+XI7e3bBM4gzkCp4+5iBBX4Jyee/0tULcB8Tkkl6qNbcRN9lWROcUxPyPGVVRp7WSqgVoLAGUAAAAEMTAwMQIAZgEAAAwACQsAAQAAAFZ4Rkk3NnA2VzZLY09jN0JGL0NLSjg4Sk5ZYnRvSitaS1VqdFFsTTNzYTRFdUdJZ1F2eHlLSG1tUkxqa0tlRUdMZkNEbU1EZDZTdlFMSTdiZVg0SFhZQQsAAgAAAAExCwADAAAAATcAAA==';
  const env = unwrap(vector);
  assert.equal(env.kind, 'message');
  assert.equal(env.senderId, '1111');
  assert.equal(env.conversationId, '1111:2222');
  assert.equal(env.createdAtMs, 1_700_000_000_000);
  const create = readStruct(env.detail)[0]?.value ?? Buffer.alloc(0);
  const sig = env.signature ?? Buffer.alloc(0);
  // Re-wrapping the vector's parts under its own ids reproduces it byte for byte.
  assert.equal(wrapMessageCreate({ sequenceId: '1', messageId: env.messageId, senderId: '1111', conversationId: '1111:2222', createdAtMs: 1_700_000_000_000 }, create, sig), vector);
});

test('garbage is refused: not a struct, truncated, trailing bytes, not a detail union', () => {
  assert.equal(isStruct(Buffer.from('!!!not-an-event!!!')), false);
  assert.equal(isStruct(createEvent.subarray(0, createEvent.length - 3)), false);
  assert.equal(isStruct(Buffer.concat([createEvent, Buffer.from([0])])), false);
  assert.equal(isStruct(createEvent), true);
  assert.equal(detailKind(createEvent), undefined);
  assert.throws(() => unwrap(Buffer.from('hello').toString('base64')));
});

test('hostile structs are refused quickly: negative or huge lengths, huge list counts, deep nesting', () => {
  const negative = Buffer.from([11, 0, 1, 0xff, 0xff, 0xff, 0xff, 0]);
  const huge = Buffer.from([11, 0, 1, 0x7f, 0xff, 0xff, 0xff, 0]);
  const bigList = Buffer.from([15, 0, 1, 2, 0x7f, 0xff, 0xff, 0xff, 1, 0]);
  const deep = Buffer.concat([...Array.from({ length: 100 }, () => Buffer.from([12, 0, 1])), Buffer.alloc(101)]);
  const unknownType = Buffer.from([1, 0, 1, 0]);
  for (const bytes of [negative, huge, bigList, deep, unknownType]) assert.equal(isStruct(bytes), false);
  const shallow = Buffer.concat([...Array.from({ length: 10 }, () => Buffer.from([12, 0, 1])), Buffer.alloc(11)]);
  assert.equal(isStruct(shallow), true);
});
