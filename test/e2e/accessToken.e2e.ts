// "X DMs: Sign In with Access Token…" (OAuth 1.0a user context) like a person, in a real VS Code (code-server)
// against the emulator: the palette, the four password inputs, VS Code's consent dialog, then the panel must list
// the account's conversations (the accounts glue reads sessions with a silent getSession, which only returns a
// session VS Code has granted the extension). Also: the view opens with its unread badge shown, and the session is
// still there after a window reload. Screenshots: test-results/accessToken-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

interface Stats {
  requests: { method: string; path: string; status: number }[];
}

// The emulator's OAuth 1.0a credentials (test/emulator/README.md, test/emulator/auth/credentials.ts), user @you_dev.
const KEYS = [
  'xdmEmulatorConsumerKey0001',
  'xdmEmulatorConsumerSecret000000000000000000000001',
  '1849302175620384768-xdmEmulatorAccessToken0000000001',
  'xdmEmulatorAccessTokenSecret0000000000000000001',
];

let wb: Workbench;

before(async () => {
  wb = await openWorkbench({ name: 'accessToken', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600 } });
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

async function stats(): Promise<Stats> {
  return wb.admin<Stats>('stats');
}

function listed(view: FrameLocator, username: string) {
  return view.locator('.conversation .conversation-subtitle', { hasText: new RegExp(`^@${username}$`) }).first();
}

async function activityBadge(): Promise<number> {
  const badge = wb.page.locator('.part.activitybar .action-item:has([aria-label^="X Direct Messages"]) .badge-content');
  if ((await badge.count()) === 0 || !(await badge.first().isVisible())) return 0;
  return Number((await badge.first().textContent())?.trim() || 0);
}

test('Sign In with Access Token…: four inputs, VS Code consent, then the panel lists the DMs (OAuth 1.0a-signed)', async () => {
  const page = wb.page;
  let view = await wb.openView();
  await view.getByText('Sign In to X').first().waitFor({ state: 'visible', timeout: 60_000 });
  await wb.admin('stats', undefined, 'DELETE');

  await wb.runCommand('X DMs: Sign In with Access Token…');
  const input = page.locator('.quick-input-widget input');
  for (const [index, value] of KEYS.entries()) {
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `(${index + 1}/${KEYS.length})` }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await input.getAttribute('type'), 'password', 'keys are typed into password inputs');
    await input.fill(value);
    await input.press('Enter');
  }

  // VS Code asks whether the extension may sign in with X (its consent for the provider's createSession).
  const allow = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button', { hasText: /^Allow$/ });
  const consentShown = await allow.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false);
  if (consentShown) {
    await wb.screenshot('consent');
    await allow.click();
  }

  view = await wb.openView();
  await listed(view, 'grace_h').waitFor({ state: 'visible', timeout: 60_000 });
  await listed(view, 'ada_codes').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await view.getByText('Sign In to X').count(), 0, 'the panel left its signed-out state');
  assert.ok((await view.locator('.conversation').count()) >= 5, 'the demo conversations are listed');
  await wb.screenshot('signed-in');

  // Every request was signed with the access token: no OAuth 2.0 token exists in the emulator (no code exchange,
  // none minted), so a 200 from a DM endpoint proves an OAuth 1.0a signature was accepted.
  const requests = (await stats()).requests;
  assert.equal(requests.filter((r) => r.path.startsWith('/2/oauth2/')).length, 0, 'no OAuth 2.0 traffic');
  const me = requests.filter((r) => r.method === 'GET' && r.path === '/2/users/me');
  assert.ok(me.length >= 1 && me.every((r) => r.status === 200), 'the keys were checked with /2/users/me');
  const dm = requests.filter((r) => r.path.startsWith('/2/dm_'));
  assert.ok(dm.length >= 1, 'the panel read DMs');
  assert.deepEqual(dm.filter((r) => r.status !== 200), [], 'every DM request was accepted');

  // VS Code's Accounts menu lists the account under our provider's label.
  await page.locator('.part.activitybar [aria-label^="Accounts"]').first().click();
  await page.locator('.context-view .action-label', { hasText: '@you_dev (X)' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Escape');
});

test('openView() reopens the panel while its activity-bar entry shows a badge', async () => {
  const count = await waitFor('the unread badge', async () => ((await activityBadge()) > 0 ? activityBadge() : undefined), 60_000);
  assert.ok(count > 0);
  // Show another container, then come back through the shared helper (it must not click the badge-covered link).
  await wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
  await wb.page.locator('.part.activitybar .action-item.checked:has([aria-label^="Explorer"])').waitFor({ state: 'visible', timeout: 10_000 });
  const view = await wb.openView();
  await listed(view, 'grace_h').waitFor({ state: 'visible', timeout: 30_000 });
  // Called again while shown, it keeps the view shown (a click on the shown container would hide the sidebar).
  await wb.openView();
  assert.ok(await wb.page.locator('.part.sidebar').isVisible());
  // openView()'s fallback, the view's focus command from the palette, shows the container as well.
  await wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
  await wb.runCommand('Focus on Conversations View');
  await wb.page.locator('.part.activitybar .action-item.checked:has([aria-label^="X Direct Messages"])').waitFor({ state: 'visible', timeout: 10_000 });
  await listed(wb.webview(), 'grace_h').waitFor({ state: 'visible', timeout: 30_000 });
  await wb.screenshot('badge');
});

test('after a window reload the access-token session is still used without asking', async () => {
  await wb.reload();
  const view = await wb.openView();
  await listed(view, 'grace_h').waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await view.getByText('Sign In to X').count(), 0);
  assert.equal(await wb.page.locator('.monaco-dialog-box').count(), 0, 'no consent asked again');
});
