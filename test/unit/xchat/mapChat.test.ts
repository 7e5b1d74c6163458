import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { XUser } from '../../../src/api/schemas/user';
import type { DmMessage } from '../../../src/dm/model/message';
import { defaultStrings } from '../../../src/dm/strings';
import type { ChatEventWire, PublicKeyRecord } from '../../../src/xchat/api/schemas';
import * as v from 'valibot';
import { MediaAttachmentSchema, type Decrypted } from '../../../src/xchat/engine/protocol';
import { mediaOf } from '../../../src/xchat/engine/mediaKeys';
import { mapChatConversation } from '../../../src/xchat/mapChatConversation';
import { mapChatEvents } from '../../../src/xchat/mapChatEvents';
import { identityKeysOf, signingKeysOf } from '../../../src/xchat/signingKeys';

/** X Chat events and conversations into the domain: only verified text is text. */

const ME = '1849302175620384768';
const ADA = '783214';
const CONV = `${ADA}-${ME}`;
const ctx = { conversationId: CONV, meId: ME };
const wire = (id: string, sender = ADA): ChatEventWire => ({ id, encoded_event: 'AA==', sender_id: sender, created_at: 1000 });
const opened = (id: string, text: string, senderId = ADA, conversationId = `${ADA}:${ME}`): Decrypted => ({ kind: 'message', sequenceId: id, messageId: `m${id}`, senderId, conversationId, createdAtMs: 5000, text });

test('verified messages become domain messages, oldest first, mine marked as mine', () => {
  const out = mapChatEvents([wire('30', ME), wire('20')], [opened('30', 'reply', ME), opened('20', 'hello')], ctx);
  assert.deepEqual(out, [
    { type: 'message', id: '20', conversationId: CONV, senderId: ADA, fromMe: false, text: 'hello', createdAt: 5000, status: 'sent', attachments: [], referencedPosts: [] },
    { type: 'message', id: '30', conversationId: CONV, senderId: ME, fromMe: true, text: 'reply', createdAt: 5000, status: 'sent', attachments: [], referencedPosts: [] },
  ]);
});

test('an unverified event has no text and is never shown as mine, even when X says I sent it', () => {
  const [row] = mapChatEvents([wire('40', ME)], [{ kind: 'unverified' }], ctx);
  assert.deepEqual(row && [row.integrity, row.text, row.fromMe, row.senderId, row.createdAt], ['unverified', '', false, ME, 1000]);
});

test('a verified message from another conversation (a replay) is unverified here, its text dropped', () => {
  const [row] = mapChatEvents([wire('50')], [opened('50', 'meant for someone else', ADA, `${ADA}:42`)], ctx);
  assert.equal(row?.integrity, 'unverified');
  assert.equal(row?.text, '');
});

test('undecryptable events are kept as rows; reactions, edits and key changes are not messages', () => {
  const out = mapChatEvents([wire('60'), wire('61')], [{ kind: 'undecryptable' }, { kind: 'other', type: 'reaction' }], ctx);
  assert.deepEqual(out.map((m) => [m.id, m.integrity, m.text]), [['60', 'undecryptable', '']]);
  assert.throws(() => mapChatEvents([wire('1')], [], ctx));
});

const msg = (id: string, fromMe: boolean, text = `t${id}`, extra: Partial<DmMessage> = {}): DmMessage => ({ type: 'message', id, conversationId: CONV, senderId: fromMe ? ME : ADA, fromMe, text, createdAt: Number(id), status: 'sent', attachments: [], referencedPosts: [], ...extra });
const users = new Map<string, XUser>([[ADA, { id: ADA, username: 'ada_codes', name: 'Ada Lovelace' }]]);

test('a 1:1: partner from includes, unread after the seen-until marker, my own newer message counts as read', () => {
  const base = { wire: { id: CONV, updated_at: 100 }, meId: ME, users, strings: defaultStrings };
  const messages = [msg('10', false), msg('20', false), msg('30', false)];
  const c = mapChatConversation({ ...base, messages, seenUntil: '10' });
  assert.deepEqual([c.kind, c.title, c.partner?.name, c.unread, c.preview, c.previewFromMe, c.lastActivityAt], ['direct', 'Ada Lovelace', 'Ada Lovelace', 2, 't30', false, 100]);
  assert.equal(mapChatConversation({ ...base, messages: [...messages, msg('25', true)], seenUntil: '10' }).unread, 1);
  assert.equal(mapChatConversation({ ...base }).unread, 0);
});

test('a group: its name (shortened), members known by id only as placeholders; an untrusted newest row previews nothing', () => {
  const c = mapChatConversation({
    wire: { id: 'g77', group_name: `  ${'long name '.repeat(40)}`, participant_ids: [ME, ADA, '42'] },
    meId: ME,
    users,
    strings: defaultStrings,
    messages: [msg('5', false, '', { integrity: 'unverified' })],
  });
  assert.equal(c.kind, 'group');
  assert.ok(c.title.length < 200 && c.title.startsWith('long name'));
  assert.deepEqual(c.participants.map((p) => [p.id, p.username]), [[ADA, 'ada_codes'], ['42', '']]);
  assert.equal(c.partner, undefined);
  assert.deepEqual([c.preview, c.unread], ['', 1]);
});

test('public-key records become engine keys; a record missing a half is left out, not half-used', () => {
  const full = { public_key: 'AAA=', public_key_version: '7', signing_public_key: 'BBB=', identity_public_key_signature: 'CCC=' };
  const records = new Map<string, PublicKeyRecord>([[ADA, full], [ME, { public_key_version: '3', public_key: 'DDD=' }]]);
  assert.deepEqual(signingKeysOf(records), [{ userId: ADA, publicKeyVersion: '7', publicKey: 'BBB=', identityPublicKey: 'AAA=', identityPublicKeySignature: 'CCC=' }]);
  assert.deepEqual(identityKeysOf(records), [{ userId: ADA, publicKey: 'AAA=', keyVersion: '7' }, { userId: ME, publicKey: 'DDD=', keyVersion: '3' }]);
});

test('media of a verified message become attachments keyed by media hash key: images and GIFs as the panel shows them', () => {
  const media = [
    { mediaHashKey: 'img1', mediaType: 'image', width: 3, height: 2 },
    { mediaHashKey: 'gif1', mediaType: 'gif' },
    { mediaHashKey: 'svg1', mediaType: 'svg' },
  ];
  const [row] = mapChatEvents([wire('50')], [{ ...(opened('50', '') as Extract<Decrypted, { kind: 'message' }>), media }], ctx);
  assert.deepEqual(row?.attachments, [
    { mediaKey: 'img1', type: 'photo', dmEventId: '50', width: 3, height: 2 },
    { mediaKey: 'gif1', type: 'animated_gif', dmEventId: '50' },
    { mediaKey: 'svg1', type: 'svg', dmEventId: '50' },
  ]);
});

test('the worker passes on only attachments that fit the protocol, whatever a decrypted event claims', () => {
  const ok = { attachment_type: 'media', mediaHashKey: 'abc', mediaType: 'image', dimensions: { width: 4, height: 5 } };
  const ev = {
    type: 'message' as const,
    attachments: [
      ok,
      { attachment_type: 'url', url: 'https://example.com' },
      { attachment_type: 'media', mediaHashKey: '../../keys', mediaType: 'image' },
      { attachmentType: 'media', mediaHashKey: 'def', mediaType: 'x'.repeat(50), dimensions: { width: 'wide', height: 2 } },
      null,
      ...Array.from({ length: 20 }, (_, i) => ({ ...ok, mediaHashKey: `k${i}` })),
    ],
  };
  const out = mediaOf(ev as never); // hostile on purpose: not the SDK's declared shape
  assert.deepEqual(out.slice(0, 2), [
    { mediaHashKey: 'abc', mediaType: 'image', width: 4, height: 5 },
    { mediaHashKey: 'def', mediaType: 'unknown' },
  ]);
  assert.equal(out.length, 10, 'at most ten per message');
  assert.ok(out.every((m) => v.safeParse(MediaAttachmentSchema, m).success));
});
