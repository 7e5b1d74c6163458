// X Chat through VS Code's UI: the palette offers Unlock once the account's keys are known, the passcode goes into
// VS Code's password box, a wrong one warns how many guesses remain (counted by the emulator's key backup) and
// retries only on "Try Again", the right one shows the party's message decrypted in the panel, and Lock takes the
// text out again. "The other party" runs the real Chat XDK in the emulator.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { waitFor } from '../harness/proc';
import { composer, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench, type Workbench } from '../harness/workbench';
import { restId } from '../emulator/chat/ids';
import { chatState, createChatUser, keyBackupStats, partySend } from '../xchat/chatAdmin';

const PASSCODE = '2468'; // the demo preset's (test/emulator/README.md)
const TEXT = 'Encrypted hello from Ada';
/** The demo's Grace (test/emulator/generator/demo.ts), who has an encrypted 1:1 with one unread message. */
const GRACE_ID = '1230000000000000007';
let wb: Workbench;
let meId: string;

before(async () => {
  wb = await openWorkbench({ name: 'xchat', preset: 'demo', theme: 'dark', settings: { ...e2eAuthorizeUrlSetting, 'xdm.xchat.sendTypingIndicators': true } });
  const emu = wb.emulator!.url;
  const users = await wb.admin<{ id: string; username: string; me?: boolean }[]>('users');
  meId = users.find((u) => u.me)!.id;
  const ada = users.find((u) => u.username === 'ada_codes')!.id;
  // The demo's own X Chat world: your keys behind passcode 2468, Grace and Bob with keys; Ada gets hers here.
  await createChatUser(emu, ada);
  await partySend(emu, { from: ada, text: TEXT });
  await signInThroughUi(wb);
});

afterEach(async (t) => screenshotIfFailed(wb, t));

after(async () => {
  await wb?.close();
});

async function typePasscode(passcode: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('type'), 'password', 'the passcode is typed into a password field');
  await input.fill(passcode);
  await input.press('Enter');
}

test('a wrong passcode warns how many guesses remain; Try Again and the right one show the message decrypted', async () => {
  const view = await openPanel(wb);
  await view.locator('.conversation').first().waitFor({ timeout: 60_000 });
  // The palette offers Unlock only once the keys probe has answered.
  await wb.runCommand('X DMs: Unlock Encrypted Chats…', { timeoutMs: 60_000 });
  await typePasscode('1357');
  const warning = await wb.waitForNotification(/Wrong passcode\. 9 guesses left/, 30_000);
  assert.equal((await keyBackupStats(wb.emulator!.url, meId)).guesses, 1, 'one guess, not retried');
  await wb.screenshot('wrong-passcode');
  await warning.getByRole('button', { name: 'Try Again' }).click();
  await typePasscode(PASSCODE);
  await view.locator('.conversation', { hasText: TEXT }).first().waitFor({ timeout: 30_000 });
  assert.equal((await keyBackupStats(wb.emulator!.url, meId)).guesses, 2);
  const shown = (await wb.notifications()).join('\n');
  assert.ok(!shown.includes(PASSCODE), 'the passcode is never shown');
  await wb.screenshot('unlocked');
});

test('Lock takes every decrypted text out of the panel', async () => {
  const view = await openPanel(wb);
  await wb.runCommand('X DMs: Lock Encrypted Chats');
  await waitFor('the decrypted preview to go', async () => ((await view.locator('.conversation', { hasText: TEXT }).count()) === 0 ? true : undefined), 15_000);
  await wb.screenshot('locked');
});

test("the panel's Unlock and Lock buttons run the same commands: password box, decrypted row, then no text", async () => {
  const view = await openPanel(wb);
  await view.locator('[data-testid=xchat-status-action]').click();
  await typePasscode(PASSCODE);
  await view.locator('.conversation', { hasText: TEXT }).first().waitFor({ timeout: 30_000 });
  assert.equal((await keyBackupStats(wb.emulator!.url, meId)).guesses, 3, 'one more guess, from the button');
  await view.locator('[data-testid=xchat-lock]').click();
  await waitFor('the decrypted preview to go', async () => ((await view.locator('.conversation', { hasText: TEXT }).count()) === 0 ? true : undefined), 15_000);
  await view.locator('[data-testid=xchat-status-action]').waitFor({ timeout: 15_000 });
});

test('opening an encrypted conversation marks it read at X, and typing in its composer tells X (setting on)', async () => {
  const emu = wb.emulator!.url;
  const view = await openPanel(wb);
  await wb.runCommand('X DMs: Unlock Encrypted Chats…', { timeoutMs: 60_000 });
  await typePasscode(PASSCODE);
  const grace = view.locator('.conversation', { hasText: 'Merged? The nightly is waiting' }).first();
  await grace.waitFor({ timeout: 30_000 });
  const conversationId = restId(meId, GRACE_ID);
  assert.equal((await chatState(emu, conversationId)).unread[meId], 1, 'the demo leaves one unread');
  await grace.click();
  await waitFor('the read mark at X', async () => ((await chatState(emu, conversationId)).unread[meId] === 0 ? true : undefined), 15_000);
  await composer(view).pressSequentially('On it');
  await waitFor('a typing indicator at X', async () => ((await chatState(emu, conversationId)).typing.includes(meId) ? true : undefined), 15_000);
  await wb.screenshot('encrypted-thread');
});
