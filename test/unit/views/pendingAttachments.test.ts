import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttachmentRefusedError, PendingAttachments } from '../../../src/views/pendingAttachments';
import { makePng } from '../../emulator/generator/png';

const ME = '100';
const png = () => new Uint8Array(makePng(2, 2, [0, 0, 0], [255, 255, 255]));

function fakeApi(results: (() => Promise<{ mediaId: string }>)[]) {
  const calls: { type: string; category: string; size: number }[] = [];
  return {
    calls,
    uploadDmMedia: (bytes: Uint8Array, type: string, category: 'dm_image' | 'dm_gif' | 'dm_video', progress?: (s: number, t: number) => void) => {
      calls.push({ type, category, size: bytes.byteLength });
      progress?.(bytes.byteLength, bytes.byteLength);
      const next = results.shift();
      return next ? next() : Promise.reject(new Error('no more answers'));
    },
  };
}

test('the bytes decide the type; names are shown as text only; X refuses files over its limits before any upload', () => {
  const pending = new PendingAttachments(() => 'att-1');
  const vm = pending.add(ME, '/home/me/Pictures/\u202ecat\u0007.gif', png());
  assert.deepEqual(vm, { id: 'att-1', name: 'cat.gif', mimeType: 'image/png', category: 'dm_image', size: png().byteLength });
  const big = new Uint8Array(5 * 1024 * 1024 + 1);
  big.set(png().subarray(0, 8));
  assert.throws(() => pending.add(ME, 'big.png', big), (e: unknown) => e instanceof AttachmentRefusedError && e.check.problem === 'size');
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  assert.throws(() => pending.add(ME, 'cat.png', svg), (e: unknown) => e instanceof AttachmentRefusedError && e.check.problem === 'type');
});

test('uploads once however often it is asked; a failed upload keeps the bytes so Retry can upload again', async () => {
  let n = 0;
  const pending = new PendingAttachments(() => `att-${++n}`);
  const vm = pending.add(ME, 'a.png', png());
  assert.equal(pending.take(vm.id, ME), undefined, 'nothing to send before the upload');
  const api = fakeApi([() => Promise.reject(new Error('connection reset')), () => Promise.resolve({ mediaId: '777' })]);
  await assert.rejects(pending.upload(vm.id, ME, api, () => undefined));
  const progress: number[] = [];
  const [a, b] = await Promise.all([pending.upload(vm.id, ME, api, (s) => progress.push(s)), pending.upload(vm.id, ME, api, () => undefined)]);
  assert.deepEqual([a, b], ['777', '777']);
  assert.equal(await pending.upload(vm.id, ME, api, () => undefined), '777');
  assert.equal(api.calls.length, 2, 'one failed try, one upload');
  assert.deepEqual(api.calls[1], { type: 'image/png', category: 'dm_image', size: png().byteLength });
  assert.deepEqual(progress, [png().byteLength]);
  assert.equal(pending.take(vm.id, '200'), undefined, 'another account cannot send it');
  const ready = pending.take(vm.id, ME);
  assert.equal(ready?.mediaId, '777');
  assert.match(ready?.imageDataUrl ?? '', /^data:image\/png;base64,/);
  assert.equal(pending.take(vm.id, ME), undefined, 'handed over once');
});

test('another account cannot upload it, and at most four attachments are held', async () => {
  let n = 0;
  const pending = new PendingAttachments(() => `att-${++n}`);
  const first = pending.add(ME, 'a.png', png());
  await assert.rejects(pending.upload(first.id, '200', fakeApi([]), () => undefined));
  for (let i = 0; i < 4; i++) pending.add(ME, 'b.png', png());
  assert.equal(pending.has(first.id, ME), false);
  assert.equal(pending.has('att-5', ME), true);
});
