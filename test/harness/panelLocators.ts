// Locators and small steps for the panel's webview shared by e2e files (the sidebar's document and editor tabs
// render the same components, so these work in either frame).
import type { FrameLocator } from 'playwright-core';
import type { Workbench } from './workbench';

/** Shows the sidebar view and returns its frame once the app element is in. */
export async function openPanel(wb: Workbench): Promise<FrameLocator> {
  const frame = await wb.openView();
  await frame.locator('xdm-app').waitFor({ state: 'attached', timeout: 60_000 });
  return frame;
}

/**
 * The conversation list row whose subtitle is exactly `@username`: the legacy one, or with `encrypted` the X Chat one
 * (the same person can have both).
 */
export function conversationRow(view: FrameLocator, username: string, { encrypted = false } = {}) {
  const rows = view.locator(encrypted ? '.conversation.encrypted' : '.conversation:not(.encrypted)');
  return rows.filter({ has: view.locator('.conversation-subtitle', { hasText: new RegExp(`^@${username}$`) }) });
}

/** The composer's text area. */
export function composer(view: FrameLocator) {
  return view.locator('vscode-textarea textarea');
}

/** From a thread (if one is showing) back to the conversation list. */
export async function backToList(view: FrameLocator): Promise<void> {
  if ((await view.locator('.thread-screen').count()) > 0) await view.locator('.thread-header vscode-toolbar-button').first().click();
  await view.locator('.conversation').first().waitFor();
}

/** For `afterEach`: a screenshot of the workbench when the test failed (test-results/<name>-failed-<test>.png). */
export async function screenshotIfFailed(wb: Workbench | undefined, t: { name: string }): Promise<void> {
  if ((t as { passed?: boolean }).passed !== false) return;
  await wb?.screenshot(`failed-${t.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => undefined);
}
