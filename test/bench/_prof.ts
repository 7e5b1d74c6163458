import ky from 'ky';
import { startEmulator } from '../emulator/server';
import { dmEventQuery } from '../../src/api/fields';
import { buildQuery } from '../../src/api/http';
import { parseResponse } from '../../src/api/schemas/common';
import { DmEventsPageSchema } from '../../src/api/schemas/dmEvents';
async function main() {
  const emu = await startEmulator({ port: 0, preset: 'large:9000', rateLimits: { dmRead: 1e6 }, selfCheck: false });
  const tok = (await (await fetch(`${emu.url}/__admin/tokens`, { method: 'POST', body: '{}' })).json()).access_token;
  const q = (t?: string) => buildQuery({ max_results: 100, pagination_token: t, ...dmEventQuery() });
  const bodies: unknown[] = [];
  async function walk(get: (url: string) => Promise<string>, keep = false) {
    let t: string | undefined; let n = 0;
    const s = performance.now();
    do { const text = await get(`${emu.url}/2/dm_events${q(t)}`); const j = JSON.parse(text); if (keep) bodies.push(j); t = j.meta?.next_token; n++; } while (t);
    return [n, performance.now() - s];
  }
  const H = { authorization: `Bearer ${tok}` };
  const k = ky.create({ retry: 0, throwHttpErrors: false, timeout: 15000 });
  for (let r = 0; r < 4; r++) {
    console.log('fetch', await walk(async (u) => (await fetch(u, { headers: H })).text(), r === 0));
    console.log('ky   ', await walk(async (u) => (await k(u, { headers: H })).text()));
    const http = await import('node:http');
    const agent = new http.Agent({ keepAlive: true });
    console.log('http ', await walk((u) => new Promise((res, rej) => http.get(u, { headers: H, agent }, (m) => { let b = ''; m.setEncoding('utf8'); m.on('data', (c) => (b += c)); m.on('end', () => res(b)); }).on('error', rej))));
  }
  for (let r = 0; r < 3; r++) { const s = performance.now(); for (const b of bodies) parseResponse(DmEventsPageSchema, b, 'x'); console.log('valibot 30 pages', performance.now() - s); }
  await emu.close();
}
void main();
