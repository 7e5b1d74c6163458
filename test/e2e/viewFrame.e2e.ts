// The harness finds the sidebar view's frame however VS Code created it. After a reload, VS Code restores the view
// before the extension has resolved it; hidden in that window, the view's frame is dropped, and the one VS Code
// makes when it is shown again no longer says purpose=webviewView in its URL (the resolve replaced the webview's
// options). Screenshot: test-results/viewFrame-recreated.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench, waitForWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

before(async () => {
  wb = await openWorkbench({ name: 'viewFrame', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
});

after(async () => {
  await wb?.close();
});

/** id and URL of every webview frame of the workbench (ids are VS Code's element ids, new for each element). */
async function webviewFrames(): Promise<{ id: string; src: string; ready: boolean; content: boolean }[]> {
  return wb.page.locator('iframe.webview').evaluateAll((frames) =>
    frames.map((f) => {
      const src = f.getAttribute('src') ?? '';
      const inner = (f as HTMLIFrameElement).contentDocument?.querySelector('iframe#active-frame');
      return { id: new URL(src, location.href).searchParams.get('id') ?? '', src, ready: f.classList.contains('ready'), content: !!inner };
    }),
  );
}

test('openView() finds the view after VS Code re-created its frame (hidden before the extension resolved it)', async () => {
  await wb.openView();
  const explorer = wb.page.locator('.part.activitybar [aria-label^="Explorer"]').first();
  await wb.page.reload();
  // The restored view's frame exists before the extension has resolved the view: hide the view right then.
  await wb.page.locator('iframe.webview').first().waitFor({ state: 'attached', timeout: 60_000 });
  const [restored] = await webviewFrames();
  await explorer.click({ timeout: 60_000 });
  await waitForWorkbench(wb.page);
  await wb.page.locator('.part.activitybar .action-item.checked:has([aria-label^="Explorer"])').waitFor({ state: 'visible', timeout: 10_000 });
  // Signed in, the extension shows its status bar item once active: by then VS Code has resolved the hidden view.
  await wb.page.locator('.part.statusbar [aria-label^="X Direct Messages: "]').first().waitFor({ state: 'visible', timeout: 60_000 });
  assert.ok(restored && !restored.content, 'precondition: the view was hidden before the extension had resolved it');
  assert.deepEqual(await webviewFrames(), [], 'precondition: hidden unresolved, the view lost its frame');

  const frame = await wb.openView();
  await frame.locator('xdm-app').waitFor({ state: 'attached', timeout: 60_000 });
  await frame.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  const [shown, ...others] = await webviewFrames();
  assert.equal(others.length, 0, 'one webview frame');
  assert.notEqual(shown?.id, restored.id, 'VS Code made a new frame for the view');
  assert.doesNotMatch(shown?.src ?? '', /purpose=webviewView/, 'and its URL no longer says which webview it is');
  await wb.screenshot('recreated');
});
