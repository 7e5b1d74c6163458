import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { api, start, tokenFor } from './support';

const MB = 1024 * 1024;

/** X's documented DM upload limits (images 5 MB, GIF 15 MB, MP4 512 MB), answered as X's 400 in both generations. */
for (const apiVersion of ['2.166', '2.167'] as const) {
  describe(`emulator DM upload limits (${apiVersion})`, () => {
    let emu: Emulator;
    let token: string;
    before(async () => {
      emu = await start({ preset: 'demo', apiVersion, rateLimits: { mediaUpload: 1000 } });
      token = await tokenFor(emu);
    });
    after(async () => {
      assert.deepEqual(emu.stats().response_violations, []);
      await emu.close();
    });

    const init = (body: Record<string, unknown>) => api(emu, token, '/2/media/upload/initialize', { method: 'POST', body });

    test('each category takes files up to its limit and refuses one byte more, storing nothing', async () => {
      const cases = [
        { media_category: 'dm_image', media_type: 'image/png', max: 5 * MB },
        { media_category: 'dm_image', media_type: 'image/jpeg', max: 5 * MB },
        { media_category: 'dm_image', media_type: 'image/webp', max: 5 * MB },
        { media_category: 'dm_gif', media_type: 'image/gif', max: 15 * MB },
        { media_category: 'dm_video', media_type: 'video/mp4', max: 512 * MB },
      ];
      for (const { max, ...kind } of cases) {
        assert.equal((await init({ ...kind, total_bytes: max })).status, 200, `${kind.media_type} at the limit`);
        const stored = emu.ctx.store.media.size;
        const over = await init({ ...kind, total_bytes: max + 1 });
        assert.equal(over.status, 400, `${kind.media_type} one byte over`);
        assert.equal(over.headers.get('content-type'), 'application/problem+json');
        const problem = (await over.json()) as { title: string; errors: { message: string; parameters: Record<string, string[]> }[] };
        assert.equal(problem.title, 'Invalid Request');
        assert.deepEqual(problem.errors[0]?.parameters, { total_bytes: [String(max + 1)] });
        assert.match(problem.errors[0]?.message ?? '', new RegExp(`${max / MB} MB`));
        assert.equal(emu.ctx.store.media.size, stored);
      }
    });

    test('a type the category does not take, an unknown dm_ category or an empty file is refused', async () => {
      assert.equal((await init({ media_category: 'dm_image', media_type: 'image/gif', total_bytes: 10 })).status, 400);
      assert.equal((await init({ media_category: 'dm_image', media_type: 'image/bmp', total_bytes: 10 })).status, 400);
      assert.equal((await init({ media_category: 'dm_video', media_type: 'video/quicktime', total_bytes: 10 })).status, 400);
      assert.equal((await init({ media_category: 'dm_audio', media_type: 'image/png', total_bytes: 10 })).status, 400);
      assert.equal((await init({ media_category: 'dm_image', media_type: 'image/png', total_bytes: 0 })).status, 400);
    });

    test('the one-shot upload applies the same limits', async () => {
      const big = Buffer.alloc(5 * MB + 1);
      Buffer.from('89504e470d0a1a0a', 'hex').copy(big);
      const form = new FormData();
      form.append('media_category', 'dm_image');
      form.append('media_type', 'image/png');
      form.append('media', new Blob([new Uint8Array(big)], { type: 'image/png' }), 'big.png');
      const res = await fetch(`${emu.url}/2/media/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      assert.equal(res.status, 400);
    });
  });
}
