// Accessibility through VS Code's UI with the keyboard alone, in the high-contrast themes: focus the panel from the
// palette, move through the conversation list with the arrow keys, open one with Enter, reply with Enter, hear a
// message that arrives in the open conversation (polite live region), reach and confirm Delete with Tab and Enter,
// and go back with Escape. No mouse click after the sign-in. The emulator's counters prove the send and the delete.
// Screenshots: test-results/a11y-hc-dark-*.png and test-results/a11y-hc-light-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;
let view: FrameLocator;

interface Stats {
  requests: { method: string; path: string; status: number }[];
  sends: number;
}

const stats = (): Promise<Stats> => wb.admin<Stats>('stats');

/** Runs a palette command with the keyboard only (F1, type, Enter). */
async function paletteByKeyboard(title: string): Promise<void> {
  await wb.page.keyboard.press('F1');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await wb.page.keyboard.type(title);
  await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await wb.page.keyboard.press('Enter');
}

/** Presses Tab (or Shift+Tab) until the element matching `selector` inside the webview has focus. */
async function tabTo(selector: string, max = 25, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<number> {
  for (let presses = 0; presses <= max; presses++) {
    const focused = await view.locator(selector).first().evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);
    if (focused) return presses;
    await wb.page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}`);
}

before(async () => {
  wb = await openWorkbench({ name: 'a11y', preset: 'demo', theme: 'hc-dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
  await waitFor('the first sync', async () => ((await stats()).requests.some((r) => r.path === '/2/dm_events') ? true : undefined), 60_000);
});

after(async () => {
  await wb?.close();
});

test('keyboard only: open a conversation, reply, hear an arrival, delete with confirmation, go back', async () => {
  const users = await wb.admin<{ id: string; username: string }[]>('users', undefined, 'GET');
  const ada = users.find((u) => u.username === 'ada_codes');
  assert.ok(ada);

  await paletteByKeyboard('X Direct Messages: Focus on Conversations View');
  view = wb.webview();
  const list = view.locator('xdm-virtual-list[role="listbox"]');
  await list.waitFor({ timeout: 30_000 });
  await tabTo('xdm-virtual-list[role="listbox"]');

  // Rows carry a screen-reader name: who, unread, and the last message.
  const adaRow = view.locator('.conversation[aria-label^="Ada Lovelace, @ada_codes"]');
  assert.match((await adaRow.getAttribute('aria-label')) ?? '', /^Ada Lovelace, @ada_codes, .*last message .+: /);

  // Arrow down to Ada's row (the active row is announced through aria-activedescendant), then Enter.
  const adaId = await adaRow.getAttribute('id');
  for (let i = 0; i < 20 && (await list.getAttribute('aria-activedescendant')) !== adaId; i++) await wb.page.keyboard.press('ArrowDown');
  assert.equal(await list.getAttribute('aria-activedescendant'), adaId, 'the arrow keys reach Ada');
  await wb.screenshot('hc-dark-list');
  await wb.page.keyboard.press('Enter');
  await view.locator('.thread-screen').waitFor({ timeout: 30_000 });

  // The composer has focus after opening: type and send with Enter.
  const sendsBefore = (await stats()).sends;
  await tabTo('xdm-composer');
  await wb.page.keyboard.type('Typed without a mouse');
  await wb.page.keyboard.press('Enter');
  await waitFor('the send', async () => ((await stats()).sends === sendsBefore + 1 ? true : undefined), 30_000);
  await view.locator('.message.mine.status-sent', { hasText: 'Typed without a mouse' }).waitFor({ timeout: 30_000 });

  // A message that arrives in the open conversation is spoken by the polite live region.
  await wb.admin('messages', { from_user_id: ada.id, text: 'Heard, not only seen' });
  await paletteByKeyboard('X DMs: Refresh');
  await view.locator('.message.theirs', { hasText: 'Heard, not only seen' }).waitFor({ timeout: 30_000 });
  const live = view.locator('.thread-screen > [role="status"][aria-live="polite"]');
  await waitFor('the live region', async () => (/New message from Ada Lovelace: Heard, not only seen/.test((await live.textContent()) ?? '') ? true : undefined), 30_000);
  await wb.screenshot('hc-dark-thread');

  // Delete my message: from the composer, Shift+Tab reaches its Delete button (revealed on focus), Enter asks, Enter
  // on VS Code's dialog confirms.
  await paletteByKeyboard('X Direct Messages: Focus on Conversations View');
  await tabTo('xdm-composer');
  const mine = view.locator('.message.mine', { hasText: 'Typed without a mouse' });
  await tabTo('.message.mine:has-text("Typed without a mouse") vscode-toolbar-button', 40, 'Shift+Tab');
  assert.equal(await mine.locator('.message-actions').evaluate((el) => getComputedStyle(el).opacity), '1', 'Delete is visible while focused');
  const deletes = async (): Promise<number> => (await stats()).requests.filter((r) => r.method === 'DELETE').length;
  const deletesBefore = await deletes();
  await wb.page.keyboard.press('Enter');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  await wb.screenshot('hc-dark-delete-dialog');
  await wb.page.keyboard.press('Enter');
  await waitFor('the delete at X', async () => ((await deletes()) === deletesBefore + 1 ? true : undefined), 30_000);

  // Escape goes back to the list, focus on it.
  await paletteByKeyboard('X Direct Messages: Focus on Conversations View');
  await tabTo('xdm-composer');
  await wb.page.keyboard.press('Escape');
  await list.waitFor({ timeout: 15_000 });

  // The same screens in High Contrast Light: the system switches to a light high-contrast scheme and VS Code follows.
  await wb.page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  await waitFor('the light high-contrast theme', async () => ((await wb.page.locator('.monaco-workbench.hc-light').count()) > 0 ? true : undefined), 15_000);
  await wb.screenshot('hc-light-list');
  await paletteByKeyboard('X Direct Messages: Focus on Conversations View');
  await tabTo('xdm-virtual-list[role="listbox"]');
  await wb.page.keyboard.press('Enter');
  await view.locator('.thread-screen').waitFor({ timeout: 30_000 });
  await wb.screenshot('hc-light-thread');
});
