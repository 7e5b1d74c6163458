// Notifications from the start: after a reload, the extension activates on its own (onStartupFinished), syncs the
// signed-in account and raises a notification for a message that arrived meanwhile, although nobody opened the
// panel or ran a command in that window. Screenshot: test-results/startup-notification-before-panel.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

interface Stats {
  requests: { method: string; path: string; status: number }[];
}

const dmListRequests = async (): Promise<number> =>
  (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET' && r.path === '/2/dm_events').length;

before(async () => {
  wb = await openWorkbench({
    name: 'startup',
    preset: 'demo',
    theme: 'dark',
    // Long poll interval: the only sync after the reload is the one activation starts.
    settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting },
  });
  await signInThroughUi(wb);
  await waitFor('the first sync', async () => ((await dmListRequests()) > 0 ? true : undefined), 60_000);
  // A refresh after it proves the first sync finished and its cursor reached the archive: a reload in the middle
  // of a first sync makes the next one the first (which, by design, does not notify).
  // (A refresh pressed while the first sync is still running joins it and asks nothing, so press until one asks.)
  const before = await dmListRequests();
  await waitFor(
    'a sync after the first',
    async () => {
      await wb.runCommand('X DMs: Refresh');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return (await dmListRequests()) > before ? true : undefined;
    },
    90_000,
  );
});

after(async () => {
  await wb?.close();
});

test('a message that arrived while the window was closed is notified before the panel is ever opened', async () => {
  const users = await wb.admin<{ id: string; username: string }[]>('users', undefined, 'GET');
  const ada = users.find((u) => u.username === 'ada_codes');
  assert.ok(ada, 'the demo preset has ada_codes');
  await wb.admin('messages', { from_user_id: ada.id, text: 'Arrived before you opened the panel' });
  await wb.admin('stats', undefined, 'DELETE');

  await wb.reload();
  // Nothing in this window asks for the extension: no command, and the X DMs view is not shown.
  const sidebarShowsUs = await wb.page
    .locator('.part.activitybar .action-item.checked a[aria-label^="X Direct Messages"], .part.activitybar .action-item.checked[aria-label^="X Direct Messages"]')
    .count();
  assert.equal(sidebarShowsUs, 0, 'the X DMs view is not open after the reload');

  // Up to the sync lease's 90 s: when the reloaded window's old extension host could not release it on the way out,
  // the new one waits for it to expire before asking X.
  const toast = await wb.waitForNotification(/Arrived before you opened the panel/, 150_000);
  await wb.screenshot('notification-before-panel');
  assert.match((await toast.textContent()) ?? '', /Ada Lovelace/);
  assert.ok((await dmListRequests()) >= 1, 'the startup sync asked X');
});
