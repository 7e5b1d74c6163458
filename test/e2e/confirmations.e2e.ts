// Destructive commands ask first even when they come with arguments: here "Delete Message…" from the panel's
// context menu on a message X never received, whose text exists only in the outbox. Cancel keeps it; Discard
// removes it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

before(async () => {
  wb = await openWorkbench({ name: 'confirmations', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

async function openConversation(username: string): Promise<FrameLocator> {
  const view = await wb.openView();
  const row = view.locator('.conversation', { has: view.locator('.conversation-subtitle', { hasText: new RegExp(`^@${username}$`) }) });
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  await view.locator('.thread-screen').waitFor();
  return view;
}

/** Right-click → VS Code's context menu → "Delete Message…" → the modal it opens. */
async function deleteFromContextMenu(message: Locator): Promise<Locator> {
  await message.click({ button: 'right' });
  // The workbench menu acts on its own key/mouse-up handling; hovering then Enter is what works reliably here.
  await wb.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Delete Message' }).hover();
  await wb.page.keyboard.press('Enter');
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.getByText('Discard this unsent message?').waitFor({ timeout: 15_000 });
  return dialog;
}

test('Delete Message… on an unsent message asks before its text is discarded; Cancel keeps it', async () => {
  const view = await openConversation('ada_codes');
  await wb.admin('faults', { method: 'POST', path: '/2/dm_conversations', count: 1, status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' } });
  const composer = view.locator('vscode-textarea textarea');
  await composer.fill('Words that never reached X');
  await composer.press('Enter');
  const failed = view.locator('.message.mine.status-failed', { hasText: 'Words that never reached X' });
  await failed.waitFor({ timeout: 30_000 });

  const first = await deleteFromContextMenu(failed);
  await wb.screenshot('discard-asks');
  await first.locator('a.monaco-button', { hasText: 'Cancel' }).click();
  await first.waitFor({ state: 'detached' });
  assert.equal(await failed.count(), 1, 'Cancel keeps the unsent message');

  const second = await deleteFromContextMenu(failed);
  await second.locator('a.monaco-button', { hasText: 'Discard' }).click();
  await failed.waitFor({ state: 'detached', timeout: 15_000 });
});
