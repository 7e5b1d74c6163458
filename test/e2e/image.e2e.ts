// Sending an image through the panel's composer against the emulator: paste a PNG (the first attachment asks
// X for media permission through VS Code's sign-in), see the preview, add alt text, send; X holds one upload and
// one message with the media attached, and the thread shows the image. A file over X's limit is refused in
// plain words and nothing is uploaded.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { makePng } from '../emulator/generator/png';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

interface Stats {
  sends: number;
  requests: { method: string; path: string; status: number }[];
}

before(async () => {
  wb = await openWorkbench({ name: 'image', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
  const view = await panel();
  await view
    .locator('.conversation', { has: view.locator('.conversation-subtitle', { hasText: /^@ada_codes$/ }) })
    .click();
  await view.locator('.thread-screen').waitFor({ timeout: 60_000 });
});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

const panel = (): Promise<FrameLocator> => openPanel(wb);

const uploads = async (): Promise<number> =>
  (await wb.admin<Stats>('stats')).requests.filter((r) => r.path.startsWith('/2/media/upload')).length;

/** A paste (or a drag and drop) of one file onto the composer, as the browser delivers it; bytes from base64. */
async function paste(view: FrameLocator, name: string, type: string, base64: string, padTo = 0, how: 'paste' | 'drop' = 'paste'): Promise<void> {
  await view.locator('.composer').evaluate(
    (el, file) => {
      const head = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const bytes = new Uint8Array(Math.max(head.length, file.padTo));
      bytes.set(head);
      const data = new DataTransfer();
      data.items.add(new File([bytes], file.name, { type: file.type }));
      if (file.how === 'paste') {
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        return;
      }
      // dragover is left out: VS Code's webview host forwards every dragover to the workbench as a drag in progress,
      // which a synthetic drop never ends (a real drag ends with the browser's dragend).
      for (const type of ['dragenter', 'drop']) el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { name, type, base64, padTo, how },
  );
}

test('an image over X’s 5 MB limit is refused in plain words before anything is uploaded or asked', async () => {
  const view = await panel();
  const before = await uploads();
  const head = makePng(2, 2, [0, 0, 0], [255, 255, 255]).toString('base64');
  await paste(view, 'huge.png', 'image/png', head, 6 * 1024 * 1024);
  const notice = view.locator('.composer-notice');
  await notice.waitFor({ timeout: 10_000 });
  assert.equal((await notice.textContent())?.trim(), 'This file is 6 MB; X takes images up to 5 MB. Nothing was uploaded.');
  assert.equal(await view.locator('xdm-attachment').count(), 0);
  await wb.screenshot('image-too-large');
  assert.equal(await uploads(), before, 'no upload request');
});

test('paste a PNG, allow media uploads once, add alt text, send: one upload, one message with the image', async () => {
  const view = await panel();
  const sendsBefore = (await wb.admin<Stats>('stats')).sends;
  const png = makePng(48, 32, [30, 120, 220], [250, 250, 250]);
  // The first attachment asks for media.write: VS Code's consent, then X's consent page in the browser.
  const popup = wb.context.waitForEvent('page', { timeout: 60_000 });
  await paste(view, 'checker.png', 'image/png', png.toString('base64'));
  for (const label of ['Allow', 'Open']) {
    await wb.page.locator('.monaco-dialog-box a.monaco-button', { hasText: label }).click({ timeout: 10_000 }).catch(() => undefined);
  }
  const consent = await popup;
  await consent.waitForURL(/127\.0\.0\.1:\d+\/callback/, { timeout: 60_000 });
  await consent.close().catch(() => undefined);

  const preview = view.locator('xdm-attachment img.attachment-preview');
  await preview.waitFor({ timeout: 60_000 });
  assert.match((await preview.getAttribute('src')) ?? '', /^blob:/);
  await view.locator('xdm-attachment .attachment-alt input').fill('Blue and white checkerboard');
  await view.locator('vscode-textarea textarea').fill('Here is the diagram');
  await wb.screenshot('image-preview');
  assert.equal(await uploads(), 0, 'nothing is uploaded before Send');
  await view.locator('vscode-button.composer-send').click();

  const sent = view.locator('.message.mine.status-sent', { hasText: 'Here is the diagram' });
  await sent.waitFor({ timeout: 60_000 });
  const image = sent.locator('img.media-image');
  await image.waitFor({ timeout: 30_000 });
  assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
  assert.equal(await image.getAttribute('alt'), 'Blue and white checkerboard');
  assert.equal(await view.locator('xdm-attachment').count(), 0, 'the composer is empty again');
  assert.equal(await view.locator('vscode-textarea textarea').inputValue(), '');
  await wb.screenshot('image-sent');

  const stats = await wb.admin<Stats>('stats');
  assert.equal(stats.sends, sendsBefore + 1);
  const initialize = stats.requests.filter((r) => r.path === '/2/media/upload/initialize');
  assert.deepEqual(initialize.map((r) => r.status), [200], 'one upload');
  // X's copy: the message carries the uploaded media.
  const { access_token } = await wb.admin<{ access_token: string }>('tokens', {});
  const res = await fetch(`${wb.emulator!.url}/2/dm_events?dm_event.fields=text,attachments&max_results=5`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  const page = (await res.json()) as { data: { text?: string; attachments?: { media_keys?: string[] } }[] };
  const mine = page.data.find((e) => e.text === 'Here is the diagram');
  assert.equal(mine?.attachments?.media_keys?.length, 1);
});

test('a dropped file whose upload fails keeps the text and the attachment with Retry; Retry uploads and sends once, without asking again', async () => {
  const view = await panel();
  const before = await wb.admin<Stats>('stats');
  const tokenRequests = (s: Stats) => s.requests.filter((r) => r.path === '/2/oauth2/token').length;
  await wb.admin('faults', { method: 'POST', path: '/2/media/upload/initialize', count: 1, status: 503 });
  await paste(view, 'second.png', 'image/png', makePng(16, 16, [200, 40, 40], [255, 255, 255]).toString('base64'), 0, 'drop');
  await view.locator('xdm-attachment img.attachment-preview').waitFor({ timeout: 30_000 });
  await view.locator('vscode-textarea textarea').fill('Second try');
  await view.locator('vscode-textarea textarea').press('Enter');

  const failure = view.locator('xdm-attachment .attachment-error');
  await failure.waitFor({ timeout: 30_000 });
  assert.match((await failure.textContent()) ?? '', /The upload did not finish/);
  assert.equal(await view.locator('vscode-textarea textarea').inputValue(), 'Second try', 'the text is kept');
  assert.equal(await view.locator('xdm-attachment img.attachment-preview').count(), 1, 'the attachment is kept');
  await wb.screenshot('image-upload-failed');
  assert.equal((await wb.admin<Stats>('stats')).sends, before.sends, 'nothing was sent');

  await failure.locator('vscode-button', { hasText: 'Retry' }).click();
  await view.locator('.message.mine.status-sent', { hasText: 'Second try' }).locator('img.media-image').waitFor({ timeout: 60_000 });
  const after = await wb.admin<Stats>('stats');
  assert.equal(after.sends, before.sends + 1);
  const initialize = after.requests.slice(before.requests.length).filter((r) => r.path === '/2/media/upload/initialize');
  assert.deepEqual(initialize.map((r) => r.status), [503, 200]);
  assert.equal(tokenRequests(after), tokenRequests(before), 'media permission was asked for only the first time');
});
