// Smaller panel behaviours driven through VS Code's UI against the emulator: a confirmed link opens exactly the
// URL shown, "Load older" goes away once X says there is nothing older, and a new group has its people's names as
// its title before any sync. Screenshots land in test-results/details-*.png.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { backToList, conversationRow, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

interface Stats {
  requests: { method: string; path: string; status: number }[];
  sends: number;
}

// Escapes VS Code's Uri decodes (%2F in the path, %26 %3D %2F in the query): decoded, this is another URL.
const LINK = 'https://example.com/a%2Fb?x=%26&y=%3D&z=%2F';

before(async () => {
  wb = await openWorkbench({ name: 'details', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

const panel = (): Promise<FrameLocator> => openPanel(wb);

test('signed in, with a one-message conversation that holds a link', async () => {
  const user = await wb.admin<{ id: string }>('users', { username: 'link_sender', name: 'Link Sender' });
  await wb.admin('messages', { from_user_id: user.id, text: `The spec is at ${LINK} (see section 2)` });
  await signInThroughUi(wb);
  const view = await panel();
  await conversationRow(view, 'link_sender').waitFor({ timeout: 60_000 });
});

test('a confirmed link opens exactly the URL the confirmation showed', async () => {
  const view = await panel();
  await conversationRow(view, 'link_sender').click();
  // X sends the link as t.co; the panel shows X's display_url ("example.com/a%2Fb?x=…") and opens the expanded URL.
  const link = view.locator('.message-text a.link', { hasText: 'example.com/a%2Fb' });
  await link.waitFor();
  const requested: string[] = [];
  await wb.context.route('https://example.com/**', async (route) => {
    requested.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>example</title>' });
  });
  await link.click();
  const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Open a link from a message?' });
  await dialog.waitFor({ timeout: 15_000 });
  assert.ok((await dialog.textContent())?.includes(LINK), 'the confirmation shows the link as written');
  await wb.screenshot('link-confirm');
  const tab = await wb.externalPage(() => dialog.locator('a.monaco-button', { hasText: /^Open$/ }).click());
  assert.equal(tab.url(), LINK);
  assert.deepEqual(requested, [LINK], 'the site was asked for the same URL');
  await tab.close();
});

test('"Load older" goes away once X says nothing older exists, even though nothing was added', async () => {
  const view = await panel();
  await view.locator('.thread-screen').waitFor();
  const button = view.locator('.load-older vscode-button');
  await button.waitFor();
  const reads = (await wb.admin<Stats>('stats')).requests.filter((r) => r.path.endsWith('/dm_events') && r.path.includes('/dm_conversations/')).length;
  await button.click();
  await button.waitFor({ state: 'detached', timeout: 30_000 });
  const after = (await wb.admin<Stats>('stats')).requests.filter((r) => r.path.endsWith('/dm_events') && r.path.includes('/dm_conversations/')).length;
  assert.equal(after, reads + 1, 'one page from X: it had nothing older');
  assert.equal(await view.locator('.message').count(), 1, 'the one message, nothing added');
});

test('a new group is titled with the people picked from the start, before any sync', async () => {
  const view = await panel();
  await backToList(view);
  const readsBefore = (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET').length;
  await wb.runCommand('X DMs: New Group…');
  const quickInput = wb.page.locator('.quick-input-widget');
  const field = wb.page.locator('.quick-input-widget input');
  await quickInput.getByText(/^New Group: 0 selected/).waitFor({ timeout: 15_000 });
  for (const handle of ['ada_codes', 'grace_h']) {
    await field.fill(handle);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: `@${handle}` }).first().click();
  }
  await quickInput.getByText(/^New Group: 2 selected/).waitFor({ timeout: 10_000 });
  await field.press('Enter');
  await quickInput.getByText(/^Message to /).waitFor({ timeout: 10_000 });
  await field.fill('Kick-off for the new group');
  await field.press('Enter');
  const row = view.locator('.conversation', { hasText: 'Kick-off for the new group' });
  await row.waitFor({ timeout: 30_000 });
  assert.equal((await row.locator('.conversation-title').textContent())?.trim(), 'Ada Lovelace, Grace Hopper');
  const readsAfter = (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET').length;
  assert.equal(readsAfter, readsBefore, 'no read from X: the title came from the people picked');
  await wb.screenshot('new-group-title');
});

test('"Sign out, delete messages" deletes the account\'s drafts too, also across a reload', async () => {
  let view = await panel();
  await backToList(view);
  await conversationRow(view, 'link_sender').click();
  const composer = () => view.locator('vscode-textarea textarea');
  await composer().fill('Half-written, must not outlive the sign-out');
  // Leaving the composer saves the draft at once (the host's copy and VS Code's webview state).
  await wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
  await wb.runCommand('X DMs: Sign Out');
  await wb.page.locator('.monaco-dialog-box a.monaco-button', { hasText: 'Sign Out, Delete Messages' }).click({ timeout: 15_000 });
  view = await panel();
  await view.getByText('Sign In to X').first().waitFor({ timeout: 30_000 });
  await signInThroughUi(wb);
  view = await panel();
  await backToList(view).catch(() => undefined);
  await conversationRow(view, 'link_sender').click({ timeout: 60_000 });
  await view.locator('.thread-screen').waitFor();
  assert.equal(await composer().inputValue(), '', 'the draft is gone after signing in again');
  await wb.reload();
  view = await panel();
  await composer().waitFor({ timeout: 60_000 });
  assert.equal(await composer().inputValue(), '', 'and it does not come back from any stored copy after a reload');
  await wb.screenshot('drafts-deleted');
});
