// The panel driven like a person in a real VS Code (code-server) against the emulator's demo preset: sign in,
// browse, open, send, receive, load older, delete, drafts across hide and reload, failed send + Retry, and hostile
// content that must render as inert text. Screenshots of each screen land in test-results/panel-*.png.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { composer, conversationRow, openPanel } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;
const dialogs: string[] = [];
const consoleErrors: string[] = [];

interface Stats {
  requests: { method: string; path: string; status: number }[];
  sends: number;
}

before(async () => {
  wb = await openWorkbench({ name: 'panel', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  wb.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  wb.page.on('console', (message) => {
    // Only the panel's own frame: the workbench logs its own (offline marketplace etc.).
    if (message.type() === 'error' && /webview|vscode-cdn|vscode-resource/.test(message.location().url ?? '')) consoleErrors.push(message.text());
  });
});

afterEach(async (t) => {
  // A failing step leaves a picture of what the panel showed (test-results/panel-failed-<n>.png).
  const failed = (t as unknown as { passed?: boolean }).passed === false;
  if (failed) await wb?.screenshot(`failed-${t.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => undefined);
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

/** Shows the panel (the harness's openView() works while the view shows its badge) once the app element is in. */
const panel = (): Promise<FrameLocator> => openPanel(wb);

test('signed out: what it does, Sign In and the walkthrough link', async () => {
  const view = await panel();
  await view.getByText('Sign In to X').first().waitFor({ state: 'visible', timeout: 30_000 });
  await view.getByText('Get started with X Direct Messages').waitFor();
  await wb.screenshot('signed-out-dark');
});

test('sign in shows the conversation list from the archive, with the unread badge', async () => {
  await signInThroughUi(wb);
  const view = await panel();
  await view.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  await conversationRow(view, 'ada_codes').waitFor();
  assert.ok((await view.locator('.conversation').count()) >= 5);
  assert.ok((await activityBadge()) > 0, 'the view badge shows the unread total');
  await wb.screenshot('list-dark');
});

test('open a conversation: grouped thread, hostile demo text inert, focus in the composer', async () => {
  const view = await panel();
  await conversationRow(view, 'ada_codes').click();
  await view.locator('.thread-screen').waitFor();
  await view.locator('.thread-log').getByText('Coffee later?').waitFor();
  // The demo's "<script>alert("xss")</script> and <b>bold</b>" message renders as its literal text.
  await view.getByText('<script>alert("xss")</script>', { exact: false }).waitFor();
  assert.equal(await view.locator('.message-text script, .message-text b, .message-text img').count(), 0);
  // X shortened the demo's URL to t.co: the link shows X's display URL.
  await view.locator('.message-text a.link', { hasText: 'example.com/docs?x=1&y=2' }).waitFor();
  assert.equal(await view.locator('.message-text :not(a.link)').count(), 0, 'only our own link elements inside message text');
  await view.locator('.post-card').first().waitFor();
  const focused = await view.locator('vscode-textarea').evaluate((el) => el.matches(':focus-within') || el === document.activeElement);
  assert.ok(focused, 'focus lands in the composer');
  await wb.screenshot('thread-dark');
});

test('send a message and see it confirmed', async () => {
  const view = await panel();
  const before = (await wb.admin<Stats>('stats')).sends;
  await composer(view).fill('Hello from the e2e test');
  await composer(view).press('Enter');
  await view.locator('.message.mine.status-sent', { hasText: 'Hello from the e2e test' }).waitFor({ timeout: 30_000 });
  assert.equal((await wb.admin<Stats>('stats')).sends, before + 1);
  assert.equal(await composer(view).inputValue(), '', 'the composer is cleared after sending');
});

test('a message arriving in the open conversation appears without reopening it', async () => {
  const view = await panel();
  const ada = await userId('ada_codes');
  await wb.admin('messages', { from_user_id: ada, text: 'Injected while you were looking' });
  await wb.runCommand('X DMs: Refresh');
  await view.locator('.thread-log').getByText('Injected while you were looking').waitFor({ timeout: 30_000 });
});

test('a token refresh keeps the open conversation: it stays on screen and never notifies about itself', async () => {
  const view = await panel();
  await view.locator('.thread-screen').waitFor();
  // X's access tokens live 2 hours: past that the next request gets a 401, the session is refreshed and VS Code
  // announces a changed session. The same account stays in use, so the panel must not start over (it would
  // forget which conversation is on screen and notify about messages the user is looking at).
  await wb.admin('clock', { advance_ms: 2 * 60 * 60 * 1000 + 60_000 });
  await wb.runCommand('X DMs: Refresh');
  const refreshed = async () =>
    (await wb.admin<Stats>('stats')).requests.some((r) => r.path === '/2/oauth2/token' && r.status === 200) ? true : undefined;
  await waitFor('the session to be refreshed', refreshed, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // the session-change event reaches the accounts
  await wb.admin('messages', { from_user_id: await userId('ada_codes'), text: 'Seen in the open thread' });
  await wb.admin('messages', { from_user_id: await userId('yuki_dev'), text: 'Elsewhere after the refresh' });
  await wb.runCommand('X DMs: Refresh');
  await view.locator('.thread-log').getByText('Seen in the open thread').waitFor({ timeout: 30_000 });
  // Only the message outside the open conversation is announced, on its own.
  await wb.waitForNotification('Elsewhere after the refresh');
  assert.ok(!(await wb.notifications()).some((text) => text.includes('Seen in the open thread')));
  assert.equal(await view.locator('.thread-screen').count(), 1);
});

test('load older brings history from before the archive window', async () => {
  const view = await panel();
  const log = view.locator('xdm-virtual-list.thread-log');
  await log.evaluate((el) => (el.scrollTop = 0));
  await view.locator('.load-older vscode-button').click();
  await view.getByText('Old thread: the build broke on Windows paths again', { exact: false }).waitFor({ timeout: 30_000 });
});

test('delete own message after confirming', async () => {
  const view = await panel();
  // Load older scrolled to the top; the thread is virtualized, so go back to the end where the message is.
  await view.locator('xdm-virtual-list.thread-log').evaluate((el) => (el.scrollTop = el.scrollHeight));
  const mine = view.locator('.message.mine.status-sent', { hasText: 'Hello from the e2e test' });
  await mine.waitFor({ timeout: 10_000 });
  await mine.hover();
  await mine.locator('.message-actions vscode-toolbar-button').click();
  await wb.page.locator('.monaco-dialog-box a.monaco-button', { hasText: 'Delete' }).click({ timeout: 15_000 });
  await mine.waitFor({ state: 'detached', timeout: 30_000 });
  const stats = await wb.admin<Stats>('stats');
  assert.ok(stats.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/2/dm_events/') && r.status < 300));
});

test('a new message in another conversation raises the badge; opening it clears its unread', async () => {
  const view = await panel();
  await view.locator('.thread-header vscode-toolbar-button').first().click();
  const before = await activityBadge();
  const yuki = await userId('yuki_dev');
  await wb.admin('messages', { from_user_id: yuki, text: 'Ping from Yuki' });
  await wb.runCommand('X DMs: Refresh');
  await waitFor('the badge to increase', async () => ((await activityBadge()) === before + 1 ? true : undefined), 30_000);
  const row = conversationRow(view, 'yuki_dev');
  await row.locator('.unread-badge').waitFor();
  await row.click();
  await view.locator('.thread-log').getByText('Ping from Yuki').waitFor();
  await view.locator('.thread-header vscode-toolbar-button').first().click();
  await conversationRow(view, 'yuki_dev').waitFor();
  assert.equal(await conversationRow(view, 'yuki_dev').locator('.unread-badge').count(), 0);
  await waitFor('the badge to drop', async () => ((await activityBadge()) < before + 1 ? true : undefined), 30_000);
});

test('a draft survives hiding the view and reloading the window', async () => {
  let view = await panel();
  await conversationRow(view, 'amira_rtl').click();
  await composer(view).fill('Half-written thought');
  await wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
  view = await panel();
  await view.locator('.thread-screen').waitFor();
  assert.equal(await composer(view).inputValue(), 'Half-written thought');
  await wb.reload();
  view = await panel();
  await composer(view).waitFor({ timeout: 60_000 });
  const restored = composer(view);
  await waitFor('the draft in the composer after reload', async () => ((await restored.inputValue()) === 'Half-written thought' ? true : undefined), 15_000);
  await composer(view).fill('');
});

test('a failed send shows Retry, keeps the text, and Retry sends it', async () => {
  const view = await panel();
  await view.locator('.thread-screen').waitFor();
  await wb.admin('faults', { method: 'POST', path: '/2/dm_conversations', count: 1, status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' } });
  await composer(view).fill('This one fails first');
  await composer(view).press('Enter');
  const failed = view.locator('.message.mine.status-failed', { hasText: 'This one fails first' });
  await failed.waitFor({ timeout: 30_000 });
  await wb.screenshot('failed-send-dark');
  await failed.locator('vscode-button', { hasText: 'Retry' }).click();
  await view.locator('.message.mine.status-sent', { hasText: 'This one fails first' }).waitFor({ timeout: 30_000 });
});

test('hostile names and messages render as text and execute nothing', async () => {
  const view = await panel();
  await view.locator('.thread-header vscode-toolbar-button').first().click();
  const hostileName = '<img src=x onerror=alert(1)>\u202eevil';
  const user = await wb.admin<{ id: string }>('users', { username: 'hostile_user', name: hostileName });
  // Oldest first: the 10,000-character line first, so the short payloads are at the end, on screen.
  const payloads = [
    'x'.repeat(10_000),
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">click</a> javascript:alert(4)',
    '<svg onload=alert(5)></svg><iframe src="javascript:alert(6)"></iframe>',
    '\u202eRIGHT-TO-LEFT OVERRIDE\u202c and \u2066isolate',
  ];
  for (const text of payloads) await wb.admin('messages', { from_user_id: user.id, text });
  await wb.runCommand('X DMs: Refresh');
  const row = conversationRow(view, 'hostile_user');
  await row.waitFor({ timeout: 30_000 });
  assert.equal(await row.locator('.conversation-title').textContent(), hostileName);
  await row.click();
  await view.locator('.thread-log').getByText('<script>alert(1)</script>').waitFor();
  await view.locator('.thread-log').getByText('<img src=x onerror="alert(2)">').waitFor();
  const counts = await view.locator('body').evaluate(() => ({
    // Scripts are ours (bootstrap JSON, bundle) and VS Code's (its webview API); none may come from a payload.
    payloadScripts: [...document.scripts].filter((el) => /alert/.test(el.textContent ?? '') || /alert/.test(el.src)).length,
    appScripts: document.querySelectorAll('xdm-app script').length,
    imgs: document.querySelectorAll('.thread-screen img').length,
    iframes: document.querySelectorAll('iframe').length,
    svgs: document.querySelectorAll('.message-text svg').length,
    handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    links: [...document.querySelectorAll('.message-text a')].map((a) => a.textContent),
    overflow: (() => {
      const list = document.querySelector('xdm-virtual-list.thread-log');
      return list ? list.scrollWidth - list.clientWidth : -1;
    })(),
  }));
  assert.deepEqual(counts, { payloadScripts: 0, appScripts: 0, imgs: 0, iframes: 0, svgs: 0, handlers: 0, links: [], overflow: 0 });
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(consoleErrors, [], 'no console errors from the panel');
  await wb.screenshot('hostile-dark');
});

test('light theme screenshots', async () => {
  await wb.page.emulateMedia({ colorScheme: 'light' });
  const view = await panel();
  await view.locator('.thread-screen').waitFor();
  await wb.screenshot('thread-light');
  await view.locator('.thread-header vscode-toolbar-button').first().click();
  await view.locator('.conversation').first().waitFor();
  await wb.screenshot('list-light');
});

async function activityBadge(): Promise<number> {
  const badge = wb.page.locator(
    '.part.activitybar .action-item[aria-label^="X Direct Messages"] .badge-content, .part.activitybar .action-item:has([aria-label^="X Direct Messages"]) .badge-content',
  );
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.first().textContent())?.trim() || 0);
}

async function userId(username: string): Promise<string> {
  const users = await wb.admin<{ id: string; username: string }[]>('users');
  const user = users.find((u) => u.username === username);
  assert.ok(user, username);
  return user.id;
}
