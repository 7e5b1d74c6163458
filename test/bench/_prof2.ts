import { startEmulator } from '../emulator/server';
import { dmEventQuery } from '../../src/api/fields';
import { buildQuery } from '../../src/api/http';
import { parseResponse } from '../../src/api/schemas/common';
import { DmEventsPageSchema } from '../../src/api/schemas/dmEvents';
async function main() {
  const emu = await startEmulator({ port: 0, preset: 'large:9000', rateLimits: { dmRead: 1e6 }, selfCheck: false });
  const tok = (await (await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: '{}' })).json()).access_token;
  const q = (t?: string) => buildQuery({ max_results: 100, pagination_token: t, ...dmEventQuery() });
  const texts: string[] = [];
  let t: string | undefined;
  do { const text = await (await fetch(`${emu.url}/2/dm_events${q(t)}`, { headers: { authorization: `Bearer ${tok}` } })).text(); texts.push(text); t = JSON.parse(text).meta?.next_token; } while (t);
  await emu.close();
  console.log('pages', texts.length, 'bytes', texts.reduce((a, b) => a + b.length, 0));
  const bodies = texts.map((x) => JSON.parse(x));
  for (let r = 0; r < 5; r++) {
    let s = performance.now(); for (let i = 0; i < 10; i++) for (const x of texts) JSON.parse(x); const jp = (performance.now() - s) / 10;
    s = performance.now(); for (let i = 0; i < 10; i++) for (const b of bodies) parseResponse(DmEventsPageSchema, b, 'x'); const vp = (performance.now() - s) / 10;
    console.log(`JSON.parse 30 pages ${jp.toFixed(2)} ms, valibot 30 pages ${vp.toFixed(2)} ms`);
  }
  console.log(JSON.stringify(bodies[0].data[0]), Object.keys(bodies[0].includes), bodies[0].includes.users.length);
}
void main();
