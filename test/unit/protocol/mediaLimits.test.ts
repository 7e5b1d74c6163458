import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MB, checkMedia, formatBytes, sniffMediaType } from '../../../src/protocol/mediaLimits';

test("X's limits: images 5 MB (jpg/png/webp), GIF 15 MB, MP4 512 MB, each with its dm_ category", () => {
  assert.deepEqual(checkMedia('image/png', 5 * MB), { ok: true, category: 'dm_image', mimeType: 'image/png' });
  assert.deepEqual(checkMedia('image/PNG; charset=x', 10), { ok: true, category: 'dm_image', mimeType: 'image/png' });
  assert.deepEqual(checkMedia('image/jpg', 10), { ok: true, category: 'dm_image', mimeType: 'image/jpeg' });
  assert.deepEqual(checkMedia('image/webp', 5 * MB + 1), { ok: false, problem: 'size', category: 'dm_image', maxBytes: 5 * MB, size: 5 * MB + 1 });
  assert.deepEqual(checkMedia('image/gif', 15 * MB), { ok: true, category: 'dm_gif', mimeType: 'image/gif' });
  assert.equal(checkMedia('image/gif', 15 * MB + 1).ok, false);
  assert.deepEqual(checkMedia('video/mp4', 512 * MB), { ok: true, category: 'dm_video', mimeType: 'video/mp4' });
  assert.equal(checkMedia('video/mp4', 512 * MB + 1).ok, false);
});

test('types X does not take and empty files are refused before any upload', () => {
  for (const type of ['image/svg+xml', 'image/bmp', 'image/tiff', 'video/quicktime', 'application/pdf', 'text/html', '']) {
    assert.equal(checkMedia(type, 10).ok, false, type);
  }
  assert.deepEqual(checkMedia('image/png', 0), { ok: false, problem: 'empty' });
});

test('the bytes decide the type: signatures of png, jpeg, gif, webp, mp4; anything else is unknown', () => {
  const bytes = (...parts: (number[] | string)[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)).concat(new Array(8).fill(0)));
  assert.equal(sniffMediaType(bytes([0x89], 'PNG', [13, 10, 26, 10])), 'image/png');
  assert.equal(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffMediaType(bytes('GIF89a')), 'image/gif');
  assert.equal(sniffMediaType(bytes('RIFF', [0, 0, 0, 0], 'WEBP')), 'image/webp');
  assert.equal(sniffMediaType(bytes([0, 0, 0, 24], 'ftypmp42')), 'video/mp4');
  assert.equal(sniffMediaType(bytes('<svg xmlns="http://www.w3.org/2000/svg">')), undefined);
  assert.equal(sniffMediaType(new Uint8Array([0x89])), undefined);
});

test('sizes read like the limits', () => {
  assert.equal(formatBytes(5 * MB), '5 MB');
  assert.equal(formatBytes(7.25 * MB), '7.3 MB');
  assert.equal(formatBytes(820 * 1024), '820 KB');
  assert.equal(formatBytes(10), '1 KB');
});
