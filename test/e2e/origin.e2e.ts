// A signed-in session is used only with the server that issued it: when the user points "xdm.api.baseUrl" at
// another server, the extension holds the session back, says so in plain words with "Sign In" and "Open Settings",
// and the other server (a local HTTP server standing in for someone else's) receives nothing at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

interface Stats {
  requests: Array<{ method: string; path: string; status: number }>;
}

let wb: Workbench;
let other: Server;
const otherHits: string[] = [];

before(async () => {
  other = createServer((req, res) => {
    otherHits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  wb = await openWorkbench({ name: 'origin', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
  await waitFor(
    'the first sync',
    async () => ((await wb.admin<Stats>('stats')).requests.some((r) => r.method === 'GET' && r.path === '/2/dm_events') ? true : undefined),
    60_000,
  );
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
  await new Promise((resolve) => other?.close(resolve));
});

test('pointing xdm.api.baseUrl at another server: the session is held back, the user is told, nothing is sent there', async () => {
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  const settingsFile = path.join(wb.codeServer.userDataDir, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  const issuer = new URL(String(settings['xdm.api.baseUrl'])).origin;
  // In the Settings editor, as a user would. The next request (here a manual refresh) is the one held back.
  await wb.runCommand('Preferences: Open User Settings');
  await wb.page.keyboard.type('xdm.api.baseUrl');
  const field = wb.page.locator('.settings-editor .setting-item-contents').filter({ hasText: 'Base URL of the X API' }).locator('input');
  await field.fill(otherUrl);
  await waitFor('the setting saved', async () => (readFileSync(settingsFile, 'utf8').includes(otherUrl) ? true : undefined), 30_000);
  await wb.runCommand('View: Close All Editors');
  const toast = await waitFor(
    'the held-back message',
    async () => {
      await wb.runCommand('X DMs: Refresh');
      return wb.waitForNotification(/now points at/, 5_000).catch(() => undefined);
    },
    60_000,
  );
  const text = (await toast.textContent()) ?? '';
  assert.ok(text.includes(`issued by ${issuer}`), text);
  assert.ok(text.includes(otherUrl), text);
  await toast.getByRole('button', { name: 'Sign In' }).waitFor();
  await toast.getByRole('button', { name: 'Open Settings' }).waitFor();
  await wb.screenshot('held-back');

  // Another refresh tries again: still nothing reaches the other server, and the message is not repeated.
  await wb.runCommand('X DMs: Refresh');
  assert.deepEqual(otherHits, [], 'the other server received no request');
  assert.equal((await wb.notifications()).filter((t) => /now points at/.test(t)).length, 1);
});
