import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DmEntities } from '../../emulator/entities';
import { eventEntities, placeEntities } from '../../emulator/entities';
import { compile, resolveSchema, specDocument } from '../../emulator/spec';
import type { ApiVersion } from '../../emulator/spec';

/** One entity record renders in both generations' shapes, and each validates against its own DmEvent schema. */

const STORED: DmEntities = {
  urls: [{ start: 5, end: 28, url: 'https://t.co/AbCdEf1234', expanded_url: 'https://example.com/a/long/path', display_url: 'example.com/a/long/path' }],
  mentions: [{ start: 0, end: 4, username: 'ada' }],
};

function dmEventSchemaValid(version: ApiVersion, event: Record<string, unknown>): boolean {
  const schema = resolveSchema({ $ref: '#/components/schemas/DmEvent' }, version);
  assert.ok(specDocument(version).components.schemas.DmEvent);
  return compile(schema, version)(event) as boolean;
}

test('stored url entities (t.co) go on the event in 2.166 and under entities in 2.167, both schema-valid', () => {
  const old = placeEntities(STORED, '2.166');
  assert.deepEqual(old, STORED);
  const newer = placeEntities(STORED, '2.167');
  assert.deepEqual(newer, { entities: STORED });
  const base = { id: '1', event_type: 'MessageCreate', text: '@ada https://t.co/AbCdEf1234' };
  assert.ok(dmEventSchemaValid('2.166', { ...base, ...old }));
  assert.ok(dmEventSchemaValid('2.167', { ...base, ...newer }));
});

test('no entities, no members; empty arrays are left out', () => {
  assert.deepEqual(placeEntities({}, '2.167'), {});
  assert.deepEqual(placeEntities({ urls: [], hashtags: [] }, '2.166'), {});
});

test('an event carries the t.co links stored when it was written; mentions and hashtags count code points', () => {
  const link = { start: 2, end: 25, url: 'https://t.co/AbCdEf1234', expanded_url: 'https://x.com', display_url: 'x.com' };
  const found = eventEntities({
    id: '1', eventType: 'MessageCreate', conversationId: '1-2', createdAt: 0, senderId: '1', deleted: false,
    text: '👋 https://t.co/AbCdEf1234 #dm', entities: { urls: [link] },
  });
  assert.deepEqual(found.urls, [link]);
  assert.deepEqual(found.hashtags, [{ start: 26, end: 29, tag: 'dm' }]);
});
