// The commands driven like a person in a real VS Code (code-server) against the emulator's demo preset: send from
// the palette to an existing conversation and to a new @handle, share an editor selection through the context
// menu with the confirmation, cancel at every step (the emulator's send counter proves nothing left), and a
// message injected by the emulator raising a notification whose Open focuses that conversation.
// Screenshots land in test-results/commands-*.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;
const SHARED_FILE = 'share-me.ts';
const SHARED_LINES = ['export function add(a: number, b: number): number {', '  return a + b;', '}', '', 'export const answer = add(40, 2);'];

interface Stats {
  requests: { method: string; path: string; status: number }[];
  sends: number;
}
interface AdminUser {
  id: string;
  username: string;
  me?: boolean;
}
interface ApiEvent {
  id: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
}

before(async () => {
  wb = await openWorkbench({
    name: 'commands',
    preset: 'demo',
    theme: 'dark',
    // Long poll interval: syncs happen when the test asks (Refresh), so counts stay exact.
    settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting },
  });
  writeFileSync(path.join(wb.codeServer.workspace, SHARED_FILE), `${SHARED_LINES.join('\n')}\n`);
  await signInThroughUi(wb);
  // The first sync fills the archive the pickers read from.
  await waitFor(
    'the first sync',
    async () => ((await wb.admin<Stats>('stats')).requests.some((r) => r.method === 'GET' && r.path === '/2/dm_events') ? true : undefined),
    60_000,
  );
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

const quickInput = () => wb.page.locator('.quick-input-widget');
const quickInputField = () => wb.page.locator('.quick-input-widget input');

async function sends(): Promise<number> {
  return (await wb.admin<Stats>('stats')).sends;
}

/** Waits until the emulator has counted exactly `count` sends. */
async function sendsReach(count: number): Promise<void> {
  await waitFor(`${count} sends`, async () => ((await sends()) >= count ? true : undefined), 30_000);
  assert.equal(await sends(), count);
}

/** Waits until a toast has finished sliding in (its box stops moving), so screenshots show it whole. */
async function settled(toast: Locator): Promise<void> {
  let last = '';
  await waitFor(
    'the toast to settle',
    async () => {
      const box = JSON.stringify(await toast.boundingBox());
      const same = box === last;
      last = box;
      return same ? true : undefined;
    },
    5_000,
    100,
  );
}

/** Toasts of earlier tests must not satisfy this test's waits. */
async function clearNotifications(): Promise<void> {
  await wb.runCommand('Notifications: Clear All Notifications');
}

async function userId(username: string): Promise<string> {
  const users = await wb.admin<AdminUser[]>('users', undefined, 'GET');
  const user = users.find((u) => u.username === username);
  assert.ok(user, `demo user ${username}`);
  return user.id;
}

/** The newest event of the 1:1 conversation with `username`, read through X's API as the signed-in user. */
async function newestWith(username: string): Promise<ApiEvent> {
  const token = await wb.admin<{ access_token: string }>('tokens', {});
  const id = await userId(username);
  const response = await fetch(`${wb.emulator!.url}/2/dm_conversations/with/${id}/dm_events?max_results=1&dm_event.fields=text,sender_id,dm_conversation_id`, {
    headers: { authorization: `Bearer ${token.access_token}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { data?: ApiEvent[] };
  assert.ok(body.data?.[0], `a message with ${username}`);
  return body.data[0];
}

/** Opens Send Message… and waits for its recipient picker. */
async function openSendMessage(): Promise<void> {
  await wb.runCommand('X DMs: Send Message…');
  await quickInput().getByText('Send Message: choose a conversation or person').waitFor({ timeout: 15_000 });
}

async function pickRecipient(typed: string, rowText: string | RegExp): Promise<void> {
  await quickInputField().fill(typed);
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
}

async function typeMessage(text: string): Promise<void> {
  await quickInput().getByText(/^Message to /).waitFor({ timeout: 10_000 });
  await quickInputField().fill(text);
  await quickInputField().press('Enter');
}

test('Send Message… to an existing conversation from the keyboard', async () => {
  const before = await sends();
  await openSendMessage();
  await wb.screenshot('send-picker');
  // Keyboard only: filter by @handle, Enter picks the highlighted conversation.
  await quickInputField().fill('ada_codes');
  await wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: '@ada_codes' }).waitFor({ timeout: 10_000 });
  await quickInputField().press('Enter');
  await typeMessage('Hello Ada, from the command palette');
  await sendsReach(before + 1);
  await settled(await wb.waitForNotification(/Message sent to/, 30_000));
  await wb.screenshot('sent-notification');
  const event = await newestWith('ada_codes');
  assert.equal(event.text, 'Hello Ada, from the command palette');
  assert.equal(event.sender_id, await userId('you_dev'));
});

test('Send Message… to a new @handle resolved through X\'s users lookup', async () => {
  await wb.admin('users', { username: 'new_friend', name: 'New Friend' });
  const before = await sends();
  await openSendMessage();
  await quickInputField().fill('@new_friend');
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: '@new_friend' }).first();
  await row.waitFor({ timeout: 20_000 });
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Accepts your Direct Messages' }).first().waitFor();
  await wb.screenshot('handle-lookup');
  const lookups = (await wb.admin<Stats>('stats')).requests.filter((r) => r.path === '/2/users/by');
  assert.equal(lookups.length, 1, 'typing is debounced into one users lookup');
  await row.click();
  await typeMessage('Hi, nice to meet you');
  await sendsReach(before + 1);
  await wb.waitForNotification(/Message sent to @new_friend/, 30_000);
  assert.equal((await newestWith('new_friend')).text, 'Hi, nice to meet you');
});

/** Opens the shared file with lines 2–3 selected. */
async function selectLinesInSharedFile(): Promise<void> {
  await wb.page.keyboard.press('Control+P');
  await quickInputField().fill(SHARED_FILE);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: SHARED_FILE }).first().click();
  const editor = wb.page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor();
  await wb.page.locator('.monaco-editor .view-line', { hasText: 'return a + b;' }).waitFor();
  // Ctrl+G 2, then extend the selection down over lines 2–3 (ending at the end of line 3).
  await wb.page.keyboard.press('Control+G');
  await quickInputField().fill(':2');
  await quickInputField().press('Enter');
  await wb.page.keyboard.press('Home');
  await wb.page.keyboard.press('Shift+ArrowDown');
  await wb.page.keyboard.press('Shift+End');
}

async function shareFromContextMenu(): Promise<void> {
  await wb.page.locator('.monaco-editor .view-line', { hasText: 'return a + b;' }).click({ button: 'right' });
  const item = wb.page.locator('.context-view .action-item', { hasText: 'Share Selection as DM' }).first();
  await item.waitFor({ timeout: 10_000 });
  await wb.screenshot('editor-context-menu');
  await item.click();
  await quickInput().getByText('Share Selection: choose a conversation or person').waitFor({ timeout: 15_000 });
}

test('Share Selection as DM from the editor context menu, with note, preview and confirmation', async () => {
  await clearNotifications();
  await selectLinesInSharedFile();
  const before = await sends();
  await shareFromContextMenu();
  await pickRecipient('yuki_dev', '@yuki_dev');
  await quickInput().getByText(/note \(optional\)/).waitFor();
  await quickInputField().fill('Is this right?');
  await quickInputField().press('Enter');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.getByText('return a + b;', { exact: false }).first().waitFor();
  await wb.screenshot('share-confirm');
  assert.equal(await sends(), before, 'nothing is sent before the confirmation');
  await dialog.locator('a.monaco-button', { hasText: 'Send' }).click();
  await sendsReach(before + 1);
  await wb.waitForNotification(/Message sent to/, 30_000);
  const event = await newestWith('yuki_dev');
  assert.equal(event.text, ['Is this right?', '', `${SHARED_FILE}:2-3`, '  return a + b;', '}'].join('\n'));
});

test('cancel at every step sends nothing', async () => {
  await clearNotifications();
  const before = await sends();
  // Send Message…: Esc in the picker, then Esc in the text box.
  await openSendMessage();
  await wb.page.keyboard.press('Escape');
  await quickInput().waitFor({ state: 'hidden' });
  await openSendMessage();
  await pickRecipient('grace_h', '@grace_h');
  await quickInput().getByText(/^Message to /).waitFor();
  await quickInputField().fill('never sent');
  await wb.page.keyboard.press('Escape');
  await quickInput().waitFor({ state: 'hidden' });
  // Share Selection: Esc in the picker, Esc at the note, Cancel in the confirmation.
  await selectLinesInSharedFile();
  await shareFromContextMenu();
  await wb.page.keyboard.press('Escape');
  await quickInput().waitFor({ state: 'hidden' });
  await shareFromContextMenu();
  await pickRecipient('grace_h', '@grace_h');
  await quickInput().getByText(/note \(optional\)/).waitFor();
  await wb.page.keyboard.press('Escape');
  await quickInput().waitFor({ state: 'hidden' });
  await shareFromContextMenu();
  await pickRecipient('grace_h', '@grace_h');
  await quickInput().getByText(/note \(optional\)/).waitFor();
  await quickInputField().press('Enter');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  await dialog.locator('a.monaco-button', { hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await sends(), before, 'the emulator saw no send');
});

test('a message from someone else raises a notification whose Open focuses that conversation', async () => {
  await clearNotifications();
  const amira = await userId('amira_rtl');
  await wb.admin('messages', { from_user_id: amira, text: 'Ping from the emulator' });
  await wb.runCommand('X DMs: Refresh');
  const toast = await wb.waitForNotification(/Ping from the emulator/, 30_000);
  await settled(toast);
  await wb.screenshot('incoming-notification');
  await toast.locator('a.monaco-button', { hasText: 'Open' }).click();
  const view = wb.webview();
  await view.locator('.thread-screen').waitFor({ timeout: 30_000 });
  await view.locator('.thread-screen').getByText('Ping from the emulator').first().waitFor({ timeout: 30_000 });
  await wb.screenshot('opened-from-notification');
  // The status bar's unread total is the sum of the archive's per-conversation unread counts (as the pickers show).
  const statusItem = wb.page.locator('.part.statusbar [aria-label^="X Direct Messages: "]').first();
  await openSendMessage();
  const rows = await wb.page.locator('.quick-input-list .monaco-list-row').allTextContents();
  await wb.page.keyboard.press('Escape');
  const perConversation = rows.reduce((sum, row) => sum + Number(/(\d+) unread/.exec(row)?.[1] ?? 0), 0);
  let label = '';
  await waitFor(
    'the status bar to show the unread total',
    async () => {
      label = (await statusItem.getAttribute('aria-label')) ?? '';
      const status = /: 1 unread message$/.test(label) ? 1 : Number(/(\d+) unread/.exec(label)?.[1] ?? NaN);
      return status === perConversation ? true : undefined;
    },
    15_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}; status bar "${label}", conversations sum ${perConversation}`);
  });
});

test('New Group… creates a group with two people and the first message', async () => {
  await clearNotifications();
  const groupsBefore = (await wb.admin<{ kind: string }[]>('conversations', undefined, 'GET')).filter((c) => c.kind === 'Group').length;
  const before = await sends();
  await wb.runCommand('X DMs: New Group…');
  await quickInput().getByText(/^New Group: 0 selected/).waitFor({ timeout: 15_000 });
  for (const handle of ['ada_codes', 'grace_h']) {
    await quickInputField().fill(handle);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: `@${handle}` }).first().click();
  }
  await quickInput().getByText(/^New Group: 2 selected/).waitFor({ timeout: 10_000 });
  await wb.screenshot('new-group');
  await quickInputField().press('Enter');
  await typeMessage('Welcome to the new group');
  await sendsReach(before + 1);
  const groupsAfter = (await wb.admin<{ kind: string }[]>('conversations', undefined, 'GET')).filter((c) => c.kind === 'Group').length;
  assert.equal(groupsAfter, groupsBefore + 1);
});

test('Refresh with X\'s read budget spent says when it can run again, without asking X', async () => {
  await clearNotifications();
  await wb.admin('rate-limits', { dmRead: 0 });
  try {
    await wb.runCommand('X DMs: Refresh');
    const notice = /You can refresh again at \d{1,2}:\d{2}/;
    // The first refresh meets X's 429 and learns the reset time; from then on refreshes are refused locally.
    await wb.waitForNotification(notice, 15_000).catch(async () => {
      await wb.runCommand('X DMs: Refresh');
      await wb.waitForNotification(notice, 15_000);
    });
    await settled(wb.page.locator('.notifications-toasts .notification-toast', { hasText: notice }).first());
    await wb.screenshot('refresh-rate-limited');
    const readsBefore = (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET' && r.path.startsWith('/2/dm_')).length;
    await clearNotifications();
    await wb.runCommand('X DMs: Refresh');
    await wb.waitForNotification(notice, 15_000);
    const readsAfter = (await wb.admin<Stats>('stats')).requests.filter((r) => r.method === 'GET' && r.path.startsWith('/2/dm_')).length;
    assert.equal(readsAfter, readsBefore, 'a refresh inside the spent window sends no request');
  } finally {
    await wb.admin('rate-limits', { dmRead: 15 });
  }
});
