// Keeping strangers and noise out, driven through VS Code's UI against the emulator: Block from the thread header
// asks first and X (the emulator) then refuses that person's messages; a conversation muted from its row's context
// menu raises no toast and no badge while another one does; Mark as Unread from the header shows the row unread
// and adds one to the badge. Screenshots land in test-results/block-*.png.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { backToList, conversationRow as row, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

const ME = '1849302175620384768';
const ADA = '783214';
const GRACE = '1230000000000000007';
const YUKI = '99887766';

let wb: Workbench;

before(async () => {
  // Polling is slow on purpose: messages arrive when the test asks for a refresh, so counts are exact.
  wb = await openWorkbench({ name: 'block', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

const panel = (): Promise<FrameLocator> => openPanel(wb);

/** The number on the panel's activity-bar entry (0 when no badge is shown). */
async function activityBadge(): Promise<number> {
  const badge = wb.page.locator('.part.activitybar .action-item:has([aria-label^="X Direct Messages"]) .badge');
  if ((await badge.count()) === 0 || !(await badge.first().isVisible())) return 0;
  return Number((await badge.first().locator('.badge-content').textContent())?.trim() || 0);
}

async function inject(fromUserId: string, text: string): Promise<Response> {
  return fetch(`${wb.emulator!.url}/__admin/messages`, { method: 'POST', body: JSON.stringify({ from_user_id: fromUserId, text }) });
}

async function headerAction(view: FrameLocator, label: RegExp): Promise<void> {
  await view.locator('.thread-header .thread-actions').click();
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 15_000 });
}

test('signed in, the conversations are listed', async () => {
  await signInThroughUi(wb);
  const view = await panel();
  await row(view, 'ada_codes').waitFor({ timeout: 60_000 });
});

test('Block from the thread header asks first, then X refuses that person’s messages', async () => {
  const view = await panel();
  await row(view, 'ada_codes').click();
  await view.locator('.thread-screen').waitFor();
  await headerAction(view, /Block @ada_codes/);
  const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Block @ada_codes?' });
  await dialog.waitFor({ timeout: 15_000 });
  assert.match(
    (await dialog.textContent()) ?? '',
    /@ada_codes can no longer send you Direct Messages\. X does not tell them\. You can unblock later\./,
  );
  assert.deepEqual(await wb.admin('dm-blocks'), [], 'nothing is blocked before the answer');
  await wb.screenshot('confirm');
  await dialog.locator('a.monaco-button', { hasText: /^Block$/ }).click();
  await waitFor('the block at X', async () => ((await wb.admin<unknown[]>('dm-blocks')).length > 0 ? true : undefined), 30_000);
  assert.deepEqual(await wb.admin('dm-blocks'), [{ blocker_id: ME, blocked_id: ADA }]);

  const refused = await inject(ADA, 'let me in');
  assert.equal(refused.status, 403, 'the blocked person’s message is refused');
  const problem = (await refused.json()) as { type: string; detail: string };
  assert.equal(problem.type, 'https://api.x.com/2/problems/not-authorized-for-resource');

  await view.locator('.thread-notice', { hasText: 'You blocked @ada_codes.' }).waitFor({ timeout: 15_000 });
  await wb.screenshot('blocked-thread');
  await backToList(view);
  await row(view, 'ada_codes').locator('.codicon-circle-slash').waitFor({ timeout: 15_000 });
  assert.match((await row(view, 'ada_codes').getAttribute('aria-label')) ?? '', /blocked/);
  await wb.screenshot('blocked-row');
});

test('a conversation muted from its row’s context menu raises no toast and no badge; another one does', async () => {
  const view = await panel();
  await backToList(view);
  await row(view, 'grace_h').click({ button: 'right' });
  const item = wb.page.locator('.context-view .action-item', { hasText: 'Mute Conversation' }).first();
  await item.hover({ timeout: 15_000 });
  await wb.screenshot('row-menu');
  // The webview's context menu takes the highlighted item on Enter (a synthetic click right after it opens is ignored).
  await wb.page.keyboard.press('Enter');
  await item.waitFor({ state: 'detached', timeout: 10_000 });
  await row(view, 'grace_h').locator('.codicon-bell-slash').waitFor({ timeout: 15_000 });
  assert.match((await row(view, 'grace_h').getAttribute('aria-label')) ?? '', /muted/);
  const badgeBefore = await activityBadge();

  assert.equal((await inject(GRACE, 'muted news: nobody should be told')).status, 201);
  assert.equal((await inject(YUKI, 'loud news: tell me')).status, 201);
  await wb.runCommand('X DMs: Refresh');
  await wb.waitForNotification(/loud news: tell me/, 60_000);
  await row(view, 'grace_h').locator('.conversation-preview', { hasText: 'muted news' }).waitFor({ timeout: 30_000 });
  assert.deepEqual((await wb.notifications()).filter((n) => n.includes('muted news')), [], 'no toast for the muted conversation');
  await waitFor('the badge to count the other one', async () => ((await activityBadge()) === badgeBefore + 1 ? true : undefined), 30_000);
  await wb.screenshot('muted');
});

test('Mark as Unread from the header goes back to the list with the row unread and one more in the badge', async () => {
  const view = await panel();
  await backToList(view);
  const unreadBadge = row(view, 'yuki_dev').locator('.unread-badge');
  const unread = (await unreadBadge.count()) > 0 ? Number(await unreadBadge.textContent()) : 0;
  const badgeRead = (await activityBadge()) - unread;
  await row(view, 'yuki_dev').click();
  await view.locator('.thread-screen').waitFor();
  await waitFor('opening to read it', async () => ((await activityBadge()) === badgeRead ? true : undefined), 15_000);
  await headerAction(view, /Mark as Unread/);
  await view.locator('.thread-screen').waitFor({ state: 'detached', timeout: 15_000 });
  await row(view, 'yuki_dev').locator('.unread-badge', { hasText: '1' }).waitFor({ timeout: 15_000 });
  await waitFor('the badge to go up by one', async () => ((await activityBadge()) === badgeRead + 1 ? true : undefined), 15_000);
  await wb.screenshot('marked-unread');
});

test('Unblock from the row’s context menu lifts the block at X: their messages arrive again', async () => {
  const view = await panel();
  await backToList(view);
  await row(view, 'ada_codes').click({ button: 'right' });
  const item = wb.page.locator('.context-view .action-item', { hasText: 'Unblock…' }).first();
  await item.hover({ timeout: 15_000 });
  await wb.page.keyboard.press('Enter');
  await waitFor('the unblock at X', async () => ((await wb.admin<unknown[]>('dm-blocks')).length === 0 ? true : undefined), 30_000);
  await row(view, 'ada_codes').locator('.codicon-circle-slash').waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal((await inject(ADA, 'back in touch')).status, 201);
});
