// Sending when X's answer goes wrong, driven through the panel against the emulator: every case must leave
// exactly one copy at X (the emulator's `sends`), show the message as sent or "May have been sent" with Check
// (never a plain Retry), and never put the text back into the composer as unsent. Also: a link X shortened to
// t.co shows its display URL and opens the expanded URL after VS Code's confirmation.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { composer, conversationRow, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

interface Stats {
  sends: number;
}

before(async () => {
  wb = await openWorkbench({ name: 'outbox', preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...e2eAuthorizeUrlSetting } });
  await signInThroughUi(wb);
  const view = await panel();
  await conversationRow(view, 'ada_codes').click();
  await view.locator('.thread-screen').waitFor({ timeout: 60_000 });
});

afterEach((t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

const panel = (): Promise<FrameLocator> => openPanel(wb);

const sends = async (): Promise<number> => (await wb.admin<Stats>('stats')).sends;

async function send(view: FrameLocator, text: string): Promise<void> {
  await composer(view).fill(text);
  await composer(view).press('Enter');
}

/** Status rows of my messages containing `marker`, as "<status>" strings (the thread is the source of truth). */
async function statuses(view: FrameLocator, marker: string): Promise<string[]> {
  return view.locator('.message.mine', { hasText: marker }).evaluateAll((els) => els.map((el) => /status-(\w+)/.exec(el.className)?.[1] ?? '?'));
}

function faultOnNextSend(spec: Record<string, unknown>): Promise<unknown> {
  return wb.admin('faults', { method: 'POST', path: '/2/dm_conversations', count: 1, ...spec });
}

test('delivered but the answer was lost: "May have been sent" with Check, never Retry; Check finds it — one copy', async () => {
  const view = await panel();
  const before = await sends();
  await faultOnNextSend({ drop_response: true });
  await send(view, 'Answer lost on the way: https://example.com/lost');
  const unsure = view.locator('.message.mine.status-unconfirmed', { hasText: 'Answer lost on the way' });
  await unsure.waitFor({ timeout: 30_000 });
  await unsure.getByText('May have been sent', { exact: false }).waitFor();
  assert.equal(await unsure.locator('vscode-button', { hasText: 'Retry' }).count(), 0, 'no plain Retry');
  assert.equal(await composer(view).inputValue(), '', 'the text is not put back as unsent');
  await wb.screenshot('may-have-been-sent-dark');
  assert.equal(await sends(), before + 1);
  await unsure.locator('vscode-button', { hasText: 'Check' }).click();
  await view.locator('.message.mine.status-sent', { hasText: 'Answer lost on the way' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await statuses(view, 'Answer lost on the way'), ['sent']);
  assert.equal(await sends(), before + 1);
});

test('a 201 whose body does not fit the schema is sent: no failure, no Retry — one copy', async () => {
  const view = await panel();
  const before = await sends();
  await faultOnNextSend({ schema_break: true });
  await send(view, 'Odd answer from X');
  await view.locator('.message.mine.status-sent', { hasText: 'Odd answer from X' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await statuses(view, 'Odd answer from X'), ['sent']);
  assert.equal(await composer(view).inputValue(), '');
  await wb.runCommand('X DMs: Refresh');
  await waitFor('X’s copy to replace the outbox entry', async () => ((await statuses(view, 'Odd answer from X')).join() === 'sent' ? true : undefined), 30_000);
  assert.equal(await sends(), before + 1);
});

test('X answers after more than 30 s: never restored as unsent, "May have been sent" until Check finds it — one copy', async () => {
  const view = await panel();
  const before = await sends();
  await faultOnNextSend({ delay_ms: 35_000 }); // X stores the message 35 s later, after the client stopped waiting
  await send(view, 'Slow road to X');
  const unsure = view.locator('.message.mine.status-unconfirmed', { hasText: 'Slow road to X' });
  await unsure.waitFor({ timeout: 60_000 });
  await waitFor('X to store the slow message', async () => ((await sends()) === before + 1 ? true : undefined), 60_000);
  assert.equal(await composer(view).inputValue(), '', 'the text never went back into the composer');
  assert.equal(await view.locator('.panel-error').count(), 0, 'no "timed out" error in the panel');
  await unsure.locator('vscode-button', { hasText: 'Check' }).click();
  await view.locator('.message.mine.status-sent', { hasText: 'Slow road to X' }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await statuses(view, 'Slow road to X'), ['sent']);
  assert.equal(await sends(), before + 1);
});

test('a t.co link shows X’s display URL and opens the expanded URL after confirmation', async () => {
  const view = await panel();
  const ada = (await wb.admin<{ id: string; username: string }[]>('users')).find((u) => u.username === 'ada_codes');
  assert.ok(ada);
  await wb.admin('messages', { from_user_id: ada.id, text: 'Read https://example.com/guide?step=2&lang=en first' });
  await wb.runCommand('X DMs: Refresh');
  // X's display URL drops the scheme and cuts long addresses with "…"; the confirmation shows the whole target.
  const link = view.locator('.message-text a.link', { hasText: 'example.com/guide?step=2&l…' });
  await link.waitFor({ timeout: 30_000 });
  assert.equal((await link.textContent())?.trim(), 'example.com/guide?step=2&l…');
  assert.equal(await view.locator('.message-text', { hasText: 't.co/' }).count(), 0, 'the t.co link itself is not shown');
  await wb.context.route('https://example.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>guide</title>' }));
  await link.click();
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  const shown = (await dialog.textContent()) ?? '';
  assert.match(shown, /https:\/\/example\.com\/guide\?step=2&lang=en/);
  assert.doesNotMatch(shown, /t\.co/);
  await wb.screenshot('tco-link-confirmation-dark');
  const tab = await wb.externalPage(async () => undefined);
  assert.match(tab.url(), /^https:\/\/example\.com\/guide\?step=2&lang=en/);
  await tab.close();
});
