// The archive on a bad day, seen like a person sees it in a real VS Code (code-server) against the emulator's demo
// preset: a damaged snapshot is set aside (told once, nothing deleted, the list still there), and a snapshot
// that cannot be read (a disk error, here EISDIR) makes the archive read-only with a plain message, while the
// conversations stay on screen. Request counts prove the reloads read the archive, not X's full history.
// Screenshots land in test-results/archive-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openPanel } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;
let archiveDir: string;

interface Stats {
  requests: { method: string; path: string; status: number }[];
}

before(async () => {
  wb = await openWorkbench({ name: 'archive', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
  const users = await wb.admin<{ id: string; me?: boolean }[]>('users');
  const me = users.find((u) => u.me);
  assert.ok(me, 'the emulator has a signed-in user');
  // The first sync writes the account's log: <user data>/User/globalStorage/<extension>/archive/<user id>/.
  archiveDir = await waitFor(
    'the archive log',
    async () => findArchiveDir(path.join(wb.codeServer.userDataDir, 'User', 'globalStorage'), me.id),
    60_000,
  );
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

function findArchiveDir(root: string, userId: string): string | undefined {
  if (!existsSync(root)) return undefined;
  for (const entry of readdirSync(root, { recursive: true }) as string[]) {
    const dir = path.join(root, entry);
    if (path.basename(dir) === userId && path.basename(path.dirname(dir)) === 'archive' && existsSync(path.join(dir, 'log-0.jsonl'))) {
      return dir;
    }
  }
  return undefined;
}

const panel = (): Promise<FrameLocator> => openPanel(wb);

async function listRequests(): Promise<number> {
  return (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET' && r.path === '/2/dm_events').length;
}

test('a damaged snapshot is set aside, the user is told, and the list is still there', async () => {
  const view = await panel();
  await view.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  // The archive holds legacy DMs only; X Chat rows come from X after the keys probe, in their own time.
  const legacyRows = '.conversation:not(.encrypted)';
  const conversations = await view.locator(legacyRows).count();
  const garbage = Buffer.from('{"format":"xdm-archive","version":1,"events":[{"i":"1", <- cut off by a crash');
  writeFileSync(path.join(archiveDir, 'snapshot-1.json'), garbage);
  await wb.reload();
  const toast = await wb.waitForNotification(/has been set aside/, 60_000);
  assert.match((await toast.textContent()) ?? '', /snapshot-1\.corrupt-/);
  const aside = readdirSync(archiveDir).find((f) => /^snapshot-1\.corrupt-.*\.json$/.test(f));
  assert.ok(aside, 'the damaged file is renamed, not deleted');
  assert.deepEqual(readFileSync(path.join(archiveDir, aside)), garbage);
  const again = await panel();
  await again.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await again.locator(legacyRows).count(), conversations, 'the log still holds every conversation');
  await wb.screenshot('set-aside');
});

test('a snapshot the disk cannot read makes the archive read-only, says so, and keeps the list', async () => {
  // A folder where the snapshot should be: reading it fails with EISDIR, a disk error, not damage.
  mkdirSync(path.join(archiveDir, 'snapshot-2.json'));
  const before = readdirSync(archiveDir).sort();
  const requestsBefore = await listRequests();
  await wb.reload();
  const toast = await wb.waitForNotification(/Couldn't read your message archive/, 60_000);
  const text = (await toast.textContent()) ?? '';
  assert.match(text, /EISDIR/);
  assert.match(text, /read-only/);
  const view = await panel();
  await view.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  await wb.screenshot('read-only');
  // The startup sync ran in memory (one incremental request at most), and nothing in the folder changed.
  assert.ok((await listRequests()) - requestsBefore <= 1);
  const after = readdirSync(archiveDir).filter((f) => f !== 'archive.lock' && f !== 'sync.lease').sort();
  assert.deepEqual(after, before.filter((f) => f !== 'archive.lock' && f !== 'sync.lease'));
  assert.ok(statSync(path.join(archiveDir, 'snapshot-2.json')).isDirectory());
});
