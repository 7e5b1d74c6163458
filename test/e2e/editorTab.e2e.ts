// Conversations in editor tabs, driven through VS Code's UI against the emulator's demo preset: open one from the
// thread header, reply there, drafts shared with the sidebar both ways, a second conversation from the rows'
// context menu, and both tabs restored after a window reload. Screenshots land in test-results/editorTab-*.png.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { composer, conversationRow, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { EDITOR_FRAMES, markWebviewFrames } from '../harness/webviewFrames';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench, waitForWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

before(async () => {
  wb = await openWorkbench({ name: 'editorTab', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  wb.page.on('dialog', (dialog) => void dialog.dismiss());

});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

test('open a conversation in an editor tab from the thread header', async () => {
  await signInThroughUi(wb);
  const view = await sidebar();
  await conversationRow(view, 'ada_codes').waitFor({ timeout: 60_000 });
  await conversationRow(view, 'ada_codes').click();
  await view.locator('.thread-screen').waitFor();
  await view.locator('.thread-header .thread-open-in').click();
  await editorTab('Ada Lovelace').waitFor({ timeout: 30_000 });
  const tab = await tabFrame('Ada Lovelace');
  await tab.getByText('Coffee later?').waitFor();
  // A tab has no list to go back to: its header offers the sidebar instead of Back.
  assert.equal(await tab.locator('.thread-header vscode-toolbar-button[icon="arrow-left"]').count(), 0);
  assert.equal(await tab.locator('.thread-header .thread-open-in').getAttribute('label'), 'Open in Sidebar');
  assert.equal(await tab.locator('xdm-conversation-list').count(), 0);
  await wb.screenshot('tab-open');
});

test('reply in the tab: one send, shown in the tab and in the sidebar', async () => {
  const tab = await tabFrame('Ada Lovelace');
  const before = await sends();
  await composer(tab).fill('Replying from the editor tab');
  await composer(tab).press('Enter');
  await tab.locator('.message.mine.status-sent', { hasText: 'Replying from the editor tab' }).waitFor({ timeout: 30_000 });
  assert.equal(await sends(), before + 1);
  assert.equal(await composer(tab).inputValue(), '');
  const view = await sidebar();
  await view.locator('.message.mine', { hasText: 'Replying from the editor tab' }).waitFor({ timeout: 30_000 });
  await tabFrame('Ada Lovelace');
  await wb.screenshot('tab-replied');
});

test('a draft typed in the tab shows in the sidebar for that conversation, and back', async () => {
  const tab = await tabFrame('Ada Lovelace');
  await composer(tab).fill('Draft typed in the tab');
  const view = await sidebar();
  await waitFor('the tab draft in the sidebar', async () => ((await composer(view).inputValue()) === 'Draft typed in the tab' ? true : undefined), 15_000);
  await composer(view).fill('Edited in the sidebar');
  const again = await tabFrame('Ada Lovelace');
  await waitFor('the sidebar edit in the tab', async () => ((await composer(again).inputValue()) === 'Edited in the sidebar' ? true : undefined), 15_000);
  await wb.screenshot('tab-draft-shared');
});

test('a second conversation opens in a second tab from the row context menu; opening it again reveals it', async () => {
  const view = await sidebar();
  await view.locator('.thread-header vscode-toolbar-button').first().click();
  await conversationRow(view, 'yuki_dev').click({ button: 'right' });
  const item = wb.page.locator('.context-view .action-item', { hasText: 'Open Conversation in Editor' }).first();
  await item.waitFor({ timeout: 10_000 });
  await wb.screenshot('row-context-menu');
  await item.click();
  await editorTab('結城 ゆき').waitFor({ timeout: 30_000 });
  const yuki = await tabFrame('結城 ゆき');
  await yuki.locator('.thread-screen').waitFor();
  assert.equal(await editorTab('Ada Lovelace').count(), 1, 'the first tab stays open');
  const together = wb.page.locator('.editor-group-container').filter({ has: editorTab('Ada Lovelace') }).filter({ has: editorTab('結城 ゆき') });
  assert.equal(await together.count(), 1, 'conversation tabs share one editor group');
  await conversationRow(await sidebar(), 'yuki_dev').click({ button: 'right' });
  await wb.page.locator('.context-view .action-item', { hasText: 'Open Conversation in Editor' }).first().click();
  await waitFor('the tab to be active', async () => ((await editorTab('結城 ゆき').getAttribute('aria-selected')) === 'true' ? true : undefined), 10_000);
  assert.equal(await editorTab('結城 ゆき').count(), 1, 'one tab per conversation');
  await wb.screenshot('two-tabs');
});

test('after a window reload both tabs are back with their conversations and the shared draft', async () => {
  // Developer: Reload Window, as a user reloads VS Code: the workbench saves its editors (and each webview's state)
  // before it goes, which a browser refresh of code-server's page does not wait for.
  const reloaded = wb.page.waitForEvent('load', { timeout: 60_000 });
  await wb.runCommand('Developer: Reload Window');
  await reloaded;
  await waitForWorkbench(wb.page);
  await editorTab('Ada Lovelace').waitFor({ timeout: 60_000 });
  await editorTab('結城 ゆき').waitFor({ timeout: 60_000 });
  await editorTab('Ada Lovelace').click();
  const tab = await tabFrame('Ada Lovelace');
  await tab.getByText('Replying from the editor tab').waitFor({ timeout: 60_000 });
  await waitFor('the draft in the restored tab', async () => ((await composer(tab).inputValue()) === 'Edited in the sidebar' ? true : undefined), 15_000);
  await wb.screenshot('tabs-restored');
  await composer(tab).fill('');
  const yuki = await tabFrame('結城 ゆき');
  await yuki.locator('.thread-screen .message').first().waitFor({ timeout: 30_000 });
  await wb.screenshot('tabs-restored-second');
});

test('X DMs: Open Conversation in Editor from the palette asks which conversation, with the archive search', async () => {
  await wb.runCommand('X DMs: Open Conversation in Editor');
  const field = wb.page.locator('.quick-input-widget input');
  await field.waitFor({ state: 'visible', timeout: 10_000 });
  await field.fill('grace_h');
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: '@grace_h' }).first();
  await row.waitFor({ timeout: 20_000 });
  await wb.screenshot('palette-picker');
  await row.click();
  const grace = await tabFrame('Grace Hopper');
  await grace.locator('.thread-screen .message').first().waitFor({ timeout: 30_000 });
  assert.equal(await editorTab('Grace Hopper').count(), 1);
});

/** The tab in the editor tab bar titled with the conversation's title. */
function editorTab(title: string) {
  return wb.page.locator('.tabs-container .tab', { has: wb.page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) });
}

/** The content frame of the editor tab showing `title` (tabs hidden behind others keep their frames, so it picks by content). */
async function tabFrame(title: string): Promise<FrameLocator> {
  await editorTab(title).click();
  return waitFor(`the editor tab "${title}"`, async () => {
    // Marked by place: after a reload the sidebar's frame may have lost the URL mark that told it from tabs.
    await markWebviewFrames(wb.page);
    const count = await wb.page.locator(EDITOR_FRAMES).count();
    for (let i = 0; i < count; i++) {
      const frame = wb.page.frameLocator(EDITOR_FRAMES).nth(i).frameLocator('iframe#active-frame');
      const shown = frame.locator('.thread-header .thread-title bdi', { hasText: title });
      if ((await shown.count()) > 0 && (await shown.isVisible())) return frame;
    }
    return undefined;
  }, 60_000);
}

function sidebar(): Promise<FrameLocator> {
  return openPanel(wb);
}

async function sends(): Promise<number> {
  return (await wb.admin<{ sends: number }>('stats')).sends;
}
