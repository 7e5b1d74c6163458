// Strangers' text against every VS Code surface it reaches, in a real VS Code (code-server) against the emulator:
// display names and DM texts with `[x](command:…)`, `[x](https://…)`, `[x](file:…)`, markdown, HTML, ANSI, CRLF,
// bidi overrides and `$(icon)` syntax. Notification toasts, the quick picks, the status bar tooltip and the panel
// must show them as typed, with no link, icon or element made from them, and clicking them must run nothing.
// Also: the first sync after sign-in raises no "N new Direct Messages" toast. Screenshots: test-results/hostile-*.png.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { backToList, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { DEMO_XCHAT_PASSCODE } from '../emulator/generator/demoChat';
import { createChatUser, partySend } from '../xchat/chatAdmin';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

interface Stats {
  requests: { method: string; path: string; status: number }[];
  sends: number;
}

/** The invisible word joiner the neutraliser puts between `]`/`$` and `(`; what people see is the rest. */
const visible = (text: string): string => text.replace(/\u2060/g, '');

// 49 characters: X allows 50 in a display name, and notifications cut longer names.
const LINK_NAME = '[Settings](command:workbench.action.openSettings)';
const LINK_TEXT = '[run](command:workbench.action.terminal.new) [your bank](https://evil.example/login) [f](file:///etc/passwd)';
/** X (and the emulator) shortens every http(s) URL in a DM to a t.co link: the toast shows the text X stored. */
const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const atX = (text: string): RegExp =>
  new RegExp(`^${escapeRe(text).replace(escapeRe('https://evil.example/login'), 'https://t\\.co/[A-Za-z0-9]{10}')}$`);
/** The panel shows X's display_url for the t.co link. */
const LINK_TEXT_IN_PANEL = LINK_TEXT.replace('https://evil.example/login', 'evil.example/login');
const MARKUP_NAME = '\u202Eevil\u202C $(alert) **bold** <b>x</b>';
const MARKUP_TEXT = '\u001b[31mred\u001b[0m line1\r\nline2 <img src=x onerror=alert(1)> _it_ $(warning) \u2066iso\u2069';
/** What a person should read: the same characters minus escape sequences and bidi controls, breaks as spaces. */
const MARKUP_NAME_SHOWN = 'evil $(alert) **bold** <b>x</b>';
const MARKUP_TEXT_SHOWN = 'red line1 line2 <img src=x onerror=alert(1)> _it_ $(warning) iso';

const users: Record<'link' | 'markup', string> = { link: '', markup: '' };

before(async () => {
  wb = await openWorkbench({ name: 'hostile', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  users.link = (await wb.admin<{ id: string }>('users', { username: 'link_name', name: LINK_NAME })).id;
  users.markup = (await wb.admin<{ id: string }>('users', { username: 'markup_name', name: MARKUP_NAME })).id;
  // Both already wrote before the sign-in, so the first sync brings their conversations (and must not notify).
  await wb.admin('messages', { from_user_id: users.link, text: 'hello' });
  await wb.admin('messages', { from_user_id: users.markup, text: 'hello' });
  await signInThroughUi(wb);
  await waitFor(
    'the first sync',
    async () => ((await wb.admin<Stats>('stats')).requests.some((r) => r.method === 'GET' && r.path === '/2/dm_events') ? true : undefined),
    60_000,
  );
  // A message injected while the first sync still pages would arrive as part of it (which never notifies).
  const statusIcon = wb.page.locator('.part.statusbar [aria-label^="X Direct Messages: "] .codicon').first();
  await waitFor(
    'the first sync to finish',
    async () => ((await statusIcon.evaluate((el) => el.classList.contains('codicon-comment-discussion')).catch(() => false)) ? true : undefined),
    60_000,
  );
});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

/** What a click could have started: editor tabs (the settings editor is one) and terminals. */
async function sideEffects(): Promise<{ tabs: string[]; terminals: number }> {
  return {
    tabs: (await wb.page.locator('.editor-group-container .tab').allTextContents()).map((t) => t.trim()),
    terminals: await wb.page.locator('.terminal-wrapper, .xterm').count(),
  };
}

/** Waits for the toast whose message reads `text` (ignoring the invisible joiner) and checks nothing in it is markup. */
async function inertToast(text: string | RegExp): Promise<Locator> {
  const toasts = wb.page.locator('.notifications-toasts .notification-toast');
  let found: Locator | undefined;
  // Every other toast seen meanwhile (they hide after a while), with the links VS Code made in it.
  const seen = new Map<string, string[]>();
  await waitFor(
    `a toast reading ${typeof text === 'string' ? JSON.stringify(text) : String(text)}`,
    async () => {
      for (const toast of await toasts.all()) {
        const message = toast.locator('.notification-list-item-message');
        const shown = visible((await message.textContent().catch(() => '')) ?? '');
        if (typeof text === 'string' ? shown === text : text.test(shown)) return (found = toast);
        seen.set(shown, await message.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? '')));
      }
      return undefined;
    },
    30_000,
  ).catch(async (error: unknown) => {
    await wb.screenshot('toast-mismatch');
    throw new Error(`${String(error)}; toasts shown (text → link targets): ${JSON.stringify([...seen])}`);
  });
  const message = found!.locator('.notification-list-item-message');
  assert.equal(await message.locator('a').count(), 0, 'no link in the toast');
  assert.equal(await message.locator('img, b, .codicon').count(), 0, 'no element made from the text');
  return found!;
}

/**
 * Clicks each `label` inside the toast's message, then proves nothing ran: running `then` (a command) through the
 * palette is a round trip through the same UI that a link's command would have taken first.
 */
async function clickRunsNothing(toast: Locator, labels: string[], then = 'Notifications: Clear All Notifications'): Promise<void> {
  const before = await sideEffects();
  for (const label of labels) await toast.locator('.notification-list-item-message').getByText(label, { exact: false }).first().click();
  await wb.runCommand(then);
  assert.deepEqual(await sideEffects(), before, 'clicking the toast opened nothing');
}

test('the first sync after sign-in raises no notification, and a DM with link syntax shows as typed and clicks to nothing', async () => {
  await wb.admin('messages', { from_user_id: users.link, text: LINK_TEXT });
  await wb.runCommand('X DMs: Refresh');
  const toast = await inertToast(atX(`${LINK_NAME}: ${LINK_TEXT}`));
  await wb.screenshot('link-toast');
  await clickRunsNothing(toast, ['Settings', 'run', 'your bank', 'passwd'], 'Notifications: Show Notifications');
  // The sign-in's sync ran before this refresh; toasts hide after a while, the notification center keeps them all.
  const center = wb.page.locator('.notifications-center');
  await center.locator('.notification-list-item-message').first().waitFor({ timeout: 10_000 });
  const all = (await center.locator('.notification-list-item-message').allTextContents()).map(visible);
  assert.ok(all.some((t) => atX(`${LINK_NAME}: ${LINK_TEXT}`).test(t)), `the center lists this toast: ${JSON.stringify(all)}`);
  assert.deepEqual(all.filter((t) => /new Direct Messages?\b/.test(t)), [], 'the first sync raised no notification');
  await wb.runCommand('Notifications: Clear All Notifications');
});

test('markdown, HTML, ANSI, CRLF, bidi overrides and $(icons) in a name and a DM read as plain text', async () => {
  await wb.admin('messages', { from_user_id: users.markup, text: MARKUP_TEXT });
  await wb.runCommand('X DMs: Refresh');
  const toast = await inertToast(`${MARKUP_NAME_SHOWN}: ${MARKUP_TEXT_SHOWN}`);
  const raw = (await toast.locator('.notification-list-item-message').textContent()) ?? '';
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  assert.doesNotMatch(raw, /[\u202a-\u202e\u2066-\u2069\u001b\r\n]/, 'no bidi or control character reaches the toast');
  await wb.screenshot('markup-toast');
  await wb.runCommand('Notifications: Clear All Notifications');
});

test('quick picks list hostile names as text: no icon, no link', async () => {
  await wb.runCommand('X DMs: Open Conversation…');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor();
  for (const [typed, shown] of [
    ['link_name', LINK_NAME],
    ['markup_name', MARKUP_NAME_SHOWN],
  ]) {
    await input.fill(typed);
    const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: typed }).first();
    await row.waitFor({ timeout: 15_000 });
    const label = visible((await row.locator('.label-name').first().textContent()) ?? '').trim();
    assert.equal(label, shown, 'the name reads as typed');
    assert.equal(await row.locator('.label-name a, .label-description a, .quick-input-list-detail a').count(), 0);
    // Our own icon in front of the name is the only one.
    assert.deepEqual(
      await row.locator('.label-name .codicon').evaluateAll((icons) => icons.map((i) => [...i.classList].find((c) => c.startsWith('codicon-')))),
      ['codicon-account'],
    );
  }
  await wb.screenshot('open-conversation-pick');
  await wb.page.keyboard.press('Escape');
});

test('"Sending to …" and "Message sent to …" name a hostile recipient as text', async () => {
  const sendsBefore = (await wb.admin<Stats>('stats')).sends;
  await wb.runCommand('X DMs: Send Message…');
  const input = wb.page.locator('.quick-input-widget input');
  await wb.page.locator('.quick-input-widget').getByText('Send Message: choose a conversation or person').waitFor({ timeout: 15_000 });
  await input.fill('Settings');
  const row = wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Settings' }).first();
  await row.waitFor({ timeout: 15_000 });
  assert.equal(await row.locator('.label-name a, .label-description a, .quick-input-list-detail a').count(), 0);
  await row.click();
  // The message input's title names the recipient; the title is text too.
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  await title.getByText('Message to', { exact: false }).waitFor({ timeout: 15_000 });
  assert.equal(visible((await title.textContent()) ?? '').trim(), `Message to ${LINK_NAME}`);
  await input.fill('hi there');
  await input.press('Enter');
  const toast = await inertToast(`Message sent to ${LINK_NAME}.`);
  await waitFor('the send', async () => ((await wb.admin<Stats>('stats')).sends > sendsBefore ? true : undefined), 30_000);
  await wb.screenshot('sent-toast');
  await clickRunsNothing(toast, ['Settings']);
});

test('the status bar tooltip renders no link', async () => {
  const item = wb.page.locator('.part.statusbar [aria-label^="X Direct Messages: "]').first();
  await item.hover();
  const hover = wb.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'X Direct Messages' }).first();
  await hover.waitFor({ timeout: 15_000 });
  assert.equal(await hover.locator('a').count(), 0, 'no link in the tooltip');
  await wb.screenshot('status-tooltip');
  await wb.page.mouse.move(0, 0);
});

test('the panel shows hostile names and texts as text, with no command or file link', async () => {
  const frame = await wb.openView();
  await frame.locator('xdm-app').waitFor({ state: 'attached', timeout: 60_000 });
  const row = frame.locator('.conversation', { has: frame.locator('.conversation-subtitle', { hasText: /^@link_name$/ }) });
  await row.waitFor({ timeout: 30_000 });
  assert.equal(visible((await row.locator('.conversation-title').textContent()) ?? ''), LINK_NAME);
  await row.click();
  await frame.getByText(LINK_TEXT_IN_PANEL).first().waitFor({ timeout: 30_000 });
  const anchors = await frame.locator('body').evaluate(() => ({
    targets: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((href) => /^(command|file|https?):/i.test(href ?? '')),
    // Links the panel makes from a message show their own address, never a label that hides it.
    labels: [...document.querySelectorAll('.message-text a')].map((a) => a.textContent ?? ''),
  }));
  assert.deepEqual(anchors.targets, [], 'no link target from a message in the DOM');
  // X's display_url: the address without its scheme (never a label chosen by the sender).
  for (const label of anchors.labels) assert.match(label, /^(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/|$)/, `a link shows its address: ${label}`);
  await wb.screenshot('panel');
});

test('an encrypted (X Chat) DM with link syntax, once decrypted, is as inert as a legacy one', async () => {
  const emu = wb.emulator!.url;
  await createChatUser(emu, users.link);
  const view = await openPanel(wb);
  await backToList(view);
  await wb.runCommand('X DMs: Unlock Encrypted Chats', { timeoutMs: 60_000 });
  const input = wb.page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(DEMO_XCHAT_PASSCODE);
  await input.press('Enter');
  // The demo's Grace preview shows once the first sync after unlocking decrypted the history (which never notifies).
  await view.getByText('Merged? The nightly is waiting', { exact: false }).first().waitFor({ timeout: 60_000 });
  await partySend(emu, { from: users.link, text: LINK_TEXT });
  await wb.runCommand('X DMs: Refresh');
  // X Chat keeps the sender's URL as written (no t.co): the toast reads the text itself, neutralised.
  const toast = await inertToast(`${LINK_NAME}: ${LINK_TEXT}`);
  await wb.screenshot('xchat-toast');
  await clickRunsNothing(toast, ['Settings', 'run', 'your bank', 'passwd'], 'Notifications: Show Notifications');
  await wb.runCommand('Notifications: Clear All Notifications');
  const row = view.locator('.conversation[aria-label*="encrypted"]', { has: view.locator('.conversation-subtitle', { hasText: /^@link_name$/ }) });
  await row.click();
  await view.locator('.thread-screen .message', { hasText: '[run](command:workbench.action.terminal.new)' }).first().waitFor({ timeout: 30_000 });
  const dom = await view.locator('body').evaluate(() => ({
    targets: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((href) => /^(command|file):/i.test(href ?? '')),
    images: document.querySelectorAll('.thread-screen img[src="x"]').length,
  }));
  assert.deepEqual(dom, { targets: [], images: 0 }, 'no command or file link and no element made from the decrypted text');
  await wb.screenshot('xchat-panel');
});
