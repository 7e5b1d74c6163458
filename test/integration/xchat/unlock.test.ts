// X Chat inside a real extension host against the emulator: the product's account wiring (shared HTTP core, engine
// worker from dist/, the emulator's key backup, which counts guesses like Juicebox) and the Unlock/Lock command
// flows, with the password box and the notices' buttons answered by script. "The other party" runs the real Chat
// XDK in the emulator. Request and guess counts come from the emulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountContext } from '../../../src/accounts/accounts';
import { conversationItem } from '../../../src/commands/pickRecipient';
import { passOnTyping } from '../../../src/xchat/wiring/typing';
import { lockEncryptedChats, unlockEncryptedChats } from '../../../src/xchat/wiring/xchatCommands';
import { xchatVM } from '../../../src/xchat/wiring/xchatVM';
import { chatState, createChatUser, decryptedTexts, keyBackupStats, partySend, type PartySent } from '../../xchat/chatAdmin';
import { admin, emulator, emulatorRequests, EXTENSION_ID, waitFor } from '../support/authFixtures';
import { PASSCODE, scripted, setSetting, signedInAccount, visibleTexts } from './xchatFixtures';

const WRONG = '1357';
const MAX_GUESSES = 10;

suite('xchat: unlock, read, reply and lock encrypted chats (emulator)', () => {
  let meId: string;
  let partyId: string;
  let first: PartySent;
  let ref: string;
  let ctx: AccountContext;
  const emu = emulator as string;
  const log = vscode.window.createOutputChannel('X Chat integration', { log: true });
  const chats = () => ctx.dm.encryptedChats;
  const requestsTo = async (suffix: string): Promise<number> =>
    (await emulatorRequests()).filter((r) => r.method === 'POST' && r.path === `/2/chat/conversations/${first.conversationId}/${suffix}`).length;

  suiteSetup(async function () {
    if (!emulator) this.skip();
    this.timeout(60_000);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await admin('POST', '/__admin/reset', { preset: 'empty' });
    meId = (await admin<Array<{ id: string; me: boolean }>>('GET', '/__admin/users')).find((u) => u.me)?.id as string;
    partyId = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'party_xchat', name: 'Party' })).id;
    await createChatUser(emu, meId, { passcode: PASSCODE });
    await createChatUser(emu, partyId);
    first = await partySend(emu, { from: partyId, text: 'first from the party' });
    ref = `xchat-${first.conversationId}`;
    ctx = await signedInAccount(emu, meId, log);
    await waitFor(() => chats()?.state.status === 'locked' && ctx.dm.conversation(ref) !== undefined, 'the keys probe says locked and the conversation is listed', 30_000);
  });

  suiteTeardown(async () => {
    if (!emulator) return;
    ctx?.dm.dispose();
    await setSetting('xchat.readReceipts', undefined);
    await setSetting('xchat.sendTypingIndicators', undefined);
    log.dispose();
  });

  test('locked: the conversation is a locked row and no text is shown', () => {
    const row = ctx.dm.conversation(ref);
    assert.deepEqual(row && { encrypted: row.encrypted, locked: row.locked, preview: row.preview }, { encrypted: true, locked: true, preview: '' });
    assert.deepEqual(visibleTexts(ctx), []);
    assert.deepEqual(xchatVM(chats()?.state, ctx.signIn), { status: 'locked' });
  });

  test('quick picks tell the encrypted conversation apart: a lock and "encrypted, locked", no text', () => {
    const row = ctx.dm.conversation(ref);
    assert.ok(row);
    const item = conversationItem(row, Date.now());
    assert.match(item.label, /^\$\(lock\) /);
    assert.match(item.description ?? '', / · encrypted, locked · /);
    assert.equal(item.detail, undefined, 'no preview while locked');
  });

  test('the registered Unlock command, given a passcode as argument, spends no guess', async function () {
    this.timeout(30_000);
    await admin('DELETE', '/__admin/stats');
    // No account is signed in to the extension itself here: the command may only ask the user to sign in.
    const running = Promise.resolve(vscode.commands.executeCommand('xdm.xchat.unlock', PASSCODE, { passcode: PASSCODE, confirmed: true }));
    let settled = false;
    void running.finally(() => (settled = true));
    await waitFor(async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled;
    }, 'the command settles once its prompt is dismissed', 15_000);
    assert.equal((await keyBackupStats(emu, meId)).guesses, 0);
    assert.deepEqual((await emulatorRequests()).filter((r) => r.path.startsWith('/__emulator/keybackup')), []);
  });

  test("X's key backup unreachable: an error with Try Again, no guess counted, nothing retried", async function () {
    this.timeout(30_000);
    await admin('POST', '/__admin/faults', { method: 'POST', path: '/__emulator/keybackup/', count: 1, status: 503 });
    const { deps, prompts } = scripted(ctx, log, [PASSCODE, PASSCODE], [undefined]);
    await unlockEncryptedChats(deps);
    assert.equal(prompts.asked, 1);
    assert.deepEqual(prompts.shown.map((n) => [n.kind, n.buttons]), [['error', ['Try Again']]]);
    assert.equal(chats()?.state.status, 'unavailable');
    assert.equal((await keyBackupStats(emu, meId)).guesses, 0);
  });

  test('a wrong passcode spends exactly one guess and warns how many remain; nothing is retried on its own', async function () {
    this.timeout(60_000);
    const { deps, prompts } = scripted(ctx, log, [WRONG, PASSCODE], [undefined]);
    await unlockEncryptedChats(deps);
    assert.equal(prompts.asked, 1, 'the box was shown once; the second answer was never asked for');
    assert.deepEqual(prompts.shown.map((n) => [n.kind, n.buttons]), [['warning', ['Try Again']]]);
    assert.match(prompts.shown[0]?.message ?? '', new RegExp(`${MAX_GUESSES - 1} guesses left.*destroys the keys`));
    assert.deepEqual(await keyBackupStats(emu, meId), { guesses: 1, guesses_remaining: MAX_GUESSES - 1, destroyed: false });
    assert.deepEqual(xchatVM(chats()?.state, ctx.signIn), { status: 'wrongPasscode', guessesLeft: MAX_GUESSES - 1 });
    assert.deepEqual(visibleTexts(ctx), []);
  });

  test("Try Again asks once more; the right passcode unlocks and the party's message is decrypted", async function () {
    this.timeout(60_000);
    const { deps, prompts } = scripted(ctx, log, [WRONG, PASSCODE], ['Try Again']);
    await unlockEncryptedChats(deps);
    assert.equal(prompts.asked, 2, 'asked again only after the click');
    assert.deepEqual(prompts.shown.map((n) => n.kind), ['warning'], 'unlocking itself shows nothing');
    assert.equal((await keyBackupStats(emu, meId)).guesses, 3, 'one guess per answer');
    assert.equal(chats()?.state.status, 'unlocked');
    await waitFor(() => ctx.dm.conversation(ref)?.preview === 'first from the party', 'the row shows the decrypted message');
    assert.notEqual(ctx.dm.conversation(ref)?.locked, true);
    assert.ok(visibleTexts(ctx).includes('first from the party'));
  });

  test('reading the conversation marks it read at X', async function () {
    this.timeout(30_000);
    ctx.dm.markRead(ref);
    await waitFor(async () => (await chatState(emu, first.conversationId)).seenUntil[meId] === first.sequenceId, 'seen_until at X reaches the message', 15_000);
  });

  test('with xdm.xchat.readReceipts off, reading a new message is not reported to X', async function () {
    this.timeout(30_000);
    await setSetting('xchat.readReceipts', false);
    await admin('DELETE', '/__admin/stats');
    await partySend(emu, { from: partyId, conversationId: first.conversationId, text: 'second from the party' });
    await ctx.dm.syncNow('manual');
    await waitFor(() => visibleTexts(ctx).includes('second from the party'), 'the new message is decrypted');
    ctx.dm.markRead(ref);
    await ctx.dm.syncNow('manual');
    assert.equal(await requestsTo('read'), 0, 'no read request reached X');
    const state = await chatState(emu, first.conversationId);
    assert.equal(state.seenUntil[meId], first.sequenceId, 'seen_until at X stayed before the new message');
    assert.equal(state.unread[meId], 1);
  });

  test('a reply is decrypted and verified by the party with the real Chat XDK', async function () {
    this.timeout(30_000);
    const sent = await ctx.dm.send({ conversationId: ref }, 'reply from VS Code');
    assert.equal(sent.status, 'sent');
    assert.ok((await decryptedTexts(emu, partyId, first.conversationId)).includes('reply from VS Code'));
  });

  test('typing reaches X only for an encrypted conversation and only with xdm.xchat.sendTypingIndicators on', async function () {
    this.timeout(30_000);
    await admin('DELETE', '/__admin/stats');
    assert.equal(await passOnTyping(ctx.dm, ref, log), false, 'setting off (the default)');
    await setSetting('xchat.sendTypingIndicators', true);
    assert.equal(await passOnTyping(ctx.dm, '1-2', log), false, 'a legacy conversation');
    assert.equal(await passOnTyping(ctx.dm, ref, log), true);
    assert.equal(await requestsTo('typing'), 1);
    assert.equal((await emulatorRequests()).filter((r) => r.path.endsWith('/typing')).length, 1, 'nothing else signalled typing');
  });

  test('Lock: the rows stay, locked, and no decrypted text is left', async function () {
    this.timeout(30_000);
    const { deps } = scripted(ctx, log, []);
    await lockEncryptedChats(deps);
    assert.deepEqual(xchatVM(chats()?.state, ctx.signIn), { status: 'locked' });
    const row = ctx.dm.conversation(ref);
    assert.deepEqual(row && { locked: row.locked, preview: row.preview }, { locked: true, preview: '' });
    assert.deepEqual(visibleTexts(ctx), []);
  });

  test('an account without X Chat keys is told where keys are set up, with no passcode asked; once keys exist, Unlock finds them', async function () {
    this.timeout(60_000);
    const other = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'nokeys_xchat', name: 'No Keys' })).id;
    const account = await signedInAccount(emu, other, log);
    try {
      await waitFor(() => account.dm.encryptedChats?.state.status === 'noKeys', 'the keys probe says noKeys', 30_000);
      await admin('DELETE', '/__admin/stats');
      const { deps, prompts } = scripted(account, log, [PASSCODE]);
      await unlockEncryptedChats(deps);
      assert.deepEqual(prompts.shown.map((n) => [n.kind, n.buttons]), [['info', ['About X Chat']]]);
      assert.match(prompts.shown[0]?.message ?? '', /set up X Chat in X's app; this extension never creates or resets keys/i);
      assert.deepEqual((await emulatorRequests()).filter((r) => r.path.startsWith('/__emulator/keybackup')), []);
      assert.equal(prompts.passcodes.length, 1, 'no passcode is asked of an account without keys');
      // Keys set up in X's app since: Unlock looks again (one request), then asks for the passcode and unlocks.
      await createChatUser(emu, other, { passcode: PASSCODE });
      const again = scripted(account, log, [PASSCODE]);
      await unlockEncryptedChats(again.deps);
      assert.equal(again.prompts.passcodes.length, 0, 'the passcode was asked once');
      assert.equal(account.dm.encryptedChats?.state.status, 'unlocked');
    } finally {
      account.dm.dispose();
    }
  });

  test('the last wrong guess says the keys are gone and offers no Try Again', async function () {
    this.timeout(120_000);
    const other = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'lastguess_xchat', name: 'Last Guess' })).id;
    await createChatUser(emu, other, { passcode: PASSCODE });
    const account = await signedInAccount(emu, other, log);
    try {
      await waitFor(() => account.dm.encryptedChats?.state.status === 'locked', 'the keys probe says locked', 30_000);
      const wrong = Array.from({ length: MAX_GUESSES }, () => WRONG);
      const { deps, prompts } = scripted(account, log, [...wrong, PASSCODE], Array.from({ length: MAX_GUESSES }, () => 'Try Again'));
      await unlockEncryptedChats(deps);
      assert.equal(prompts.asked, MAX_GUESSES, 'the right passcode queued after the last guess was never asked for');
      const last = prompts.shown.at(-1);
      assert.deepEqual(last && [last.kind, last.buttons], ['error', []]);
      assert.match(last?.message ?? '', /last guess.*destroyed/);
      assert.deepEqual(await keyBackupStats(emu, other), { guesses: MAX_GUESSES, guesses_remaining: 0, destroyed: true });
    } finally {
      account.dm.dispose();
    }
  });

  test('closing the account (sign-out, account switch) forgets the keys', async function () {
    this.timeout(60_000);
    const { deps } = scripted(ctx, log, [PASSCODE]);
    await unlockEncryptedChats(deps);
    assert.equal(chats()?.state.status, 'unlocked');
    // What AccountController does with the context it replaces: the service's dispose locks.
    ctx.dm.dispose();
    await waitFor(() => chats()?.state.status === 'locked', 'the keys are forgotten');
  });
});
