import { mkdtempSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createDmService } from '../../src/dm/createDmService';
import type { XDmApi } from '../../src/api/dmApi';
import { writeSnapshot } from '../../src/dm/archive/snapshot';
import { nodeArchiveFs } from '../../src/dm/archive/archiveFs';
import { ArchiveState } from '../../src/dm/archive/state';
const me = '1849302175620384768';
async function main() {
  const dir = '/tmp/bigarchive-prof-dir';
  if (!existsSync(path.join(dir, 'snapshot-1.json'))) {
    mkdtempSync; 
    await nodeArchiveFs.mkdir(dir);
    const state = new ArchiveState();
    const conversations = 2500;
    let id = 1_800_000_000_000_000_000n;
    for (let i = 0; i < 100_000; i++) {
      id += 4_194_304_000n;
      const c = i % conversations;
      const partner = String(1_000_000 + c);
      state.apply({ k: 'e', e: { i: id.toString(), t: 0, c: `${partner}-${me}`, s: i % 3 ? partner : me, a: i * 1000, x: 'deploy review coffee merge the a branch later'.slice(0, 10 + (i % 30)) } });
    }
    for (let u = 0; u < conversations; u++) state.apply({ k: 'u', u: { id: String(1_000_000 + u), username: `user_${u}`, name: `User ${u}` } });
    await writeSnapshot(nodeArchiveFs, dir, state.toSnapshot(1, 0), { me });
    return;
  }
  const api = new Proxy({} as XDmApi, { get: (_t, prop) => (prop === 'rateLimits' ? { get: () => undefined, all: () => [], onDidChange: () => ({ dispose() {} }) } : () => { throw new Error('x'); }) });
  let t = performance.now();
  const c0 = process.cpuUsage();
  const dm = createDmService({ api, me: { id: me, username: 'y', name: 'Y' }, storageDir: dir });
  await dm.ready();
  console.log('ready', (performance.now() - t).toFixed(1));
  t = performance.now();
  const list = dm.conversations();
  const c1 = process.cpuUsage(c0);
  console.log('list', (performance.now() - t).toFixed(1), list.length, 'cpu', (c1.user + c1.system) / 1000);
  await dm.archiveLoaded();
  dm.dispose();
  await dm.whenClosed();
}
void main();
