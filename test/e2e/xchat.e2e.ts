// X Chat through VS Code's UI: the palette offers Unlock once the account's keys are known, the passcode goes into
// VS Code's password box, a wrong one warns how many guesses remain (counted by the emulator's key backup) and
// retries only on "Try Again", the right one shows the party's message decrypted in the panel, and Lock takes the
// text out again. "The other party" runs the real Chat XDK in the emulator.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { waitFor } from '../harness/proc';
import { backToList, composer, openPanel, screenshotIfFailed } from '../harness/panelLocators';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openWorkbench, type Workbench } from '../harness/workbench';
import { restId } from '../emulator/chat/ids';
import { makePng } from '../emulator/generator/png';
import { chatState, createChatUser, decryptAs, keyBackupStats, partySend, tamper } from '../xchat/chatAdmin';

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

test('a reply in the encrypted thread goes out once, and the other party (real Chat XDK) decrypts and verifies it', async () => {
  const emu = wb.emulator!.url;
  const view = await openPanel(wb);
  // Grace's thread is open from the test before, with "On it" in the composer.
  await composer(view).press('Enter');
  const conversationId = restId(meId, GRACE_ID);
  const fromMe = async () => (await decryptAs(emu, GRACE_ID, conversationId)).filter((e) => e.senderId === meId && 'text' in e && e.text === 'On it');
  await waitFor('Grace to read the reply', async () => ((await fromMe()).length > 0 ? true : undefined), 30_000);
  const [reply] = await fromMe();
  assert.ok(reply && 'verified' in reply && reply.verified, 'the reply verifies as ours');
  const mine = view.locator('.thread-screen .message.mine', { hasText: /^\s*(You)?[^]*On it\s*$/ });
  await view.locator('.thread-screen .message.mine.status-sent', { hasText: 'On it' }).first().waitFor({ timeout: 15_000 });
  await wb.runCommand('X DMs: Refresh');
  const shown = async (): Promise<string[]> =>
    mine.evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.className));
  await waitFor('one sent "On it" in the thread', async () => ((await shown()).length === 1 ? true : undefined), 15_000).catch(async (error: unknown) => {
    throw new Error(`rows reading "On it": ${JSON.stringify(await shown())}`, { cause: error });
  });
  assert.equal((await fromMe()).length, 1, 'sent exactly once');
  await wb.screenshot('reply');
});

test('a tampered event is shown as "could not verify sender", never as its text', async () => {
  const emu = wb.emulator!.url;
  const view = await openPanel(wb);
  const sent = await partySend(emu, { from: GRACE_ID, conversationId: restId(meId, GRACE_ID), text: 'Tampered text must not show' });
  await tamper(emu, sent.conversationId, sent.sequenceId);
  await wb.runCommand('X DMs: Refresh');
  const row = view.locator('[data-testid="message-integrity"][data-integrity="unverified"]');
  await row.getByText('Could not verify sender').waitFor({ timeout: 30_000 });
  assert.equal(await view.getByText('Tampered text must not show').count(), 0, 'the tampered text is nowhere in the panel');
  await wb.screenshot('unverified');
});

test('an image in an encrypted chat asks once for X\'s media permission, then shows decrypted', async () => {
  const view = await openPanel(wb);
  const png = makePng(40, 24, [220, 60, 40], [250, 250, 250]);
  await wb.admin('chat/messages', {
    from_user_id: GRACE_ID,
    conversation_id: restId(meId, GRACE_ID),
    text: 'The nightly, in red',
    image: { base64: png.toString('base64'), width: 40, height: 24, filename: 'nightly.png' },
  });
  // X's contract asks for media.write to download encrypted media: VS Code's consent, then X's consent page.
  const popup = wb.context.waitForEvent('page', { timeout: 60_000 });
  await wb.runCommand('X DMs: Refresh');
  await view.locator('.thread-screen .message', { hasText: 'The nightly, in red' }).waitFor({ timeout: 30_000 });
  for (const label of ['Allow', 'Open']) {
    await wb.page.locator('.monaco-dialog-box a.monaco-button', { hasText: label }).click({ timeout: 10_000 }).catch(() => undefined);
  }
  const consent = await popup;
  await consent.waitForURL(/127\.0\.0\.1:\d+\/callback/, { timeout: 60_000 });
  await consent.close().catch(() => undefined);
  const image = view.locator('.thread-screen .message', { hasText: 'The nightly, in red' }).locator('img.media-image');
  await image.waitFor({ timeout: 30_000 });
  assert.equal(await image.getAttribute('src'), `data:image/png;base64,${png.toString('base64')}`, 'exactly the bytes Grace sealed');
  await wb.screenshot('image');
});

test('locked, encrypted conversations stay listed (no text) and open to the unlock prompt', async () => {
  const view = await openPanel(wb);
  await wb.runCommand('X DMs: Lock Encrypted Chats');
  await view.locator('[data-testid="thread-locked"]').waitFor({ timeout: 15_000 });
  await view.locator('[data-testid="thread-unlock"]').waitFor();
  assert.equal(await view.getByText('On it').count(), 0, 'no decrypted text left in the thread');
  await backToList(view);
  const locked = view.locator('.conversation.locked');
  await locked.first().waitFor({ timeout: 15_000 });
  assert.ok((await locked.count()) >= 3, 'the demo\'s two encrypted 1:1s and its group are still listed');
  for (const label of await locked.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))) assert.match(label, /encrypted, locked/);
  assert.equal(await view.getByText('Merged? The nightly is waiting').count(), 0, 'no preview while locked');
  await wb.screenshot('locked-rows');
});
