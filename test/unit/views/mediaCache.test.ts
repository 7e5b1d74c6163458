import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MediaCache, sniffImageType } from '../../../src/views/mediaCache';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

test('image types come from the bytes, not the declared type', () => {
  assert.equal(sniffImageType(png), 'image/png');
  assert.equal(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'image/jpeg');
  assert.equal(sniffImageType(new TextEncoder().encode('GIF89a')), 'image/gif');
  assert.equal(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')), 'image/webp');
  assert.equal(sniffImageType(svg), undefined);
  assert.equal(sniffImageType(new TextEncoder().encode('<html><script>alert(1)</script>')), undefined);
});

test('octet-stream PNG becomes a data URL; SVG declared as an image is refused; results are cached', async () => {
  let fetches = 0;
  const cache = new MediaCache();
  const dm = {
    fetchMedia: async (eventId: string) => {
      fetches++;
      return eventId === 'svg' ? { bytes: svg, contentType: 'image/png' } : { bytes: png, contentType: 'application/octet-stream' };
    },
  };
  assert.equal(await cache.dataUrl(dm, 'e1', 'k'), `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
  await cache.dataUrl(dm, 'e1', 'k');
  assert.equal(fetches, 1);
  await assert.rejects(cache.dataUrl(dm, 'svg', 'k'), /Unsupported/);
});

test('an image this window sent is shown from its own bytes, pending (local id) and sent, without asking X', async () => {
  let fetches = 0;
  const cache = new MediaCache();
  const dm = {
    fetchMedia: async () => {
      fetches++;
      return { bytes: png, contentType: 'application/octet-stream' };
    },
  };
  const mine = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  cache.remember('3_777', mine);
  assert.equal(await cache.dataUrl(dm, 'local-abc', '3_777'), mine);
  assert.equal(await cache.dataUrl(dm, '1234', '3_777'), mine);
  assert.equal(fetches, 0);
  cache.remember('3_888', 'data:image/svg+xml;base64,PHN2Zy8+');
  await cache.dataUrl(dm, '1235', '3_888');
  assert.equal(fetches, 1, 'only raster data: URLs are remembered');
});

test('locking X Chat forgets its decrypted images; legacy images stay cached', async () => {
  const fetched: string[] = [];
  const cache = new MediaCache();
  const dm = {
    fetchMedia: async (eventId: string) => {
      fetched.push(eventId);
      return { bytes: png, contentType: 'application/octet-stream' };
    },
  };
  await cache.dataUrl(dm, '1001', '3_1700000000000000000'); // legacy media key
  await cache.dataUrl(dm, '7', 'Ab3dEf9hIjKlMnOpQrStUvWxYz012345'); // X Chat media hash key
  cache.forgetEncrypted();
  await cache.dataUrl(dm, '1001', '3_1700000000000000000');
  await cache.dataUrl(dm, '7', 'Ab3dEf9hIjKlMnOpQrStUvWxYz012345');
  assert.deepEqual(fetched, ['1001', '7', '7'], 'only the X Chat image is fetched (and decrypted) again');
});
