// X Chat through the extension's own command path inside a real extension host, against the emulator: its key
// backup counts guesses like Juicebox, and "the other party" runs the real Chat XDK. The password box and the
// notices' buttons are answered by the test-build-only hook `xdm.testing.xchat`; everything else is the product.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chatState, createChatUser, decryptedTexts, keyBackupStats, partySend, type PartySent } from '../../xchat/chatAdmin';
import { admin, emulator, emulatorRequests, EXTENSION_ID, hook, issueSession, seed, waitFor } from '../support/authFixtures';
import { panelMessage, panelUntil, PASSCODE, report, script, setReadReceipts, setSendTyping, snapshot } from './xchatFixtures';

const WRONG = '1357';
const MAX_GUESSES = 10;

suite('xchat: unlock, read and lock encrypted chats from the commands (emulator)', () => {
  let meId: string;
  let partyId: string;
  let first: PartySent;
  let ref: string;
  const emu = emulator as string;
  const readsAtX = async (): Promise<number> =>
    (await emulatorRequests()).filter((r) => r.method === 'POST' && r.path === `/2/chat/conversations/${first.conversationId}/read`).length;

  suiteSetup(async function () {
    if (!emulator) this.skip();
    this.timeout(60_000);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await admin('POST', '/__admin/reset', { preset: 'empty' });
    const users = await admin<Array<{ id: string; me: boolean }>>('GET', '/__admin/users');
    meId = (users.find((u) => u.me) as { id: string }).id;
    partyId = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'party_xchat', name: 'Party' })).id;
    await createChatUser(emu, meId, { passcode: PASSCODE });
    await createChatUser(emu, partyId);
    first = await partySend(emu, { from: partyId, text: 'first from the party' });
    ref = `xchat-${first.conversationId}`;
    await seed([await issueSession()]);
    await vscode.commands.executeCommand('xdm.conversations.focus');
    await panelUntil('the encrypted conversation is listed, locked', (s) => s.xchat?.status === 'locked' && s.conversations.some((c) => c.id === ref), 30_000);
  });

  suiteTeardown(async () => {
    if (!emulator) return;
    await setReadReceipts(undefined);
    await setSendTyping(undefined);
    await hook({ op: 'writeRaw', value: undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('locked: the conversation is a locked row without text', async () => {
    const row = (await snapshot()).conversations.find((c) => c.id === ref);
    assert.deepEqual(row && { encrypted: row.encrypted, locked: row.locked, preview: row.preview }, { encrypted: true, locked: true, preview: '' });
  });

  test('a passcode passed as a command argument does not unlock and spends no guess', async () => {
    await admin('DELETE', '/__admin/stats');
    await script([]);
    const hostile: unknown[][] = [[PASSCODE], [{ passcode: PASSCODE }], [new TextEncoder().encode(PASSCODE)], [{ passcode: PASSCODE, confirmed: true }, PASSCODE]];
    for (const args of hostile) await vscode.commands.executeCommand('xdm.xchat.unlock', ...args);
    const after = await report();
    assert.equal(after.asked, hostile.length, 'each call asked in the password box (and was cancelled there)');
    assert.deepEqual(after.state, { status: 'locked' });
    assert.equal((await keyBackupStats(emu, meId)).guesses, 0, 'no guess reached the key backup');
    assert.deepEqual((await emulatorRequests()).filter((r) => r.path.startsWith('/__emulator/keybackup')), []);
  });

  test('a wrong passcode spends exactly one guess and warns how many remain; nothing is retried on its own', async function () {
    this.timeout(60_000);
    await script([WRONG, PASSCODE], [null]);
    await vscode.commands.executeCommand('xdm.xchat.unlock');
    const after = await report();
    assert.equal(after.asked, 1, 'the box was shown once; the second queued answer was never asked for');
    assert.equal(after.unusedPasscodes, 1);
    assert.equal(after.shown.length, 1);
    assert.equal(after.shown[0]?.kind, 'warning');
    assert.deepEqual(after.shown[0]?.buttons, ['Try Again']);
    assert.match(after.shown[0]?.message ?? '', new RegExp(`${MAX_GUESSES - 1} guesses left.*destroys the keys`));
    assert.deepEqual(await keyBackupStats(emu, meId), { guesses: 1, guesses_remaining: MAX_GUESSES - 1, destroyed: false });
    await panelUntil('the panel says how many guesses remain', (s) => s.xchat?.status === 'wrongPasscode' && s.xchat.guessesLeft === MAX_GUESSES - 1);
    assert.ok((await snapshot()).conversations.find((c) => c.id === ref)?.locked, 'still locked');
  });

  test("Try Again asks once more; the right passcode unlocks and the list shows the party's message decrypted", async function () {
    this.timeout(60_000);
    await script([WRONG, PASSCODE], ['Try Again']);
    await vscode.commands.executeCommand('xdm.xchat.unlock');
    const after = await report();
    assert.equal(after.asked, 2, 'asked again only after the click');
    assert.deepEqual(after.shown.map((n) => n.kind), ['warning'], 'unlocking shows nothing modal');
    assert.equal((await keyBackupStats(emu, meId)).guesses, 3, 'one guess per answer');
    assert.deepEqual(after.state, { status: 'unlocked' });
    const s = await panelUntil('the row decrypts', (x) => x.conversations.some((c) => c.id === ref && c.preview === 'first from the party'));
    assert.equal(s.xchat?.status, 'unlocked');
    assert.equal(s.conversations.find((c) => c.id === ref)?.locked, undefined);
  });

  test('opening the conversation shows its text and marks it read at X', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('xdm.openConversation', ref);
    await panelUntil('the thread is open with the text', (s) => s.openConversationId === ref && (s.thread?.texts ?? []).includes('first from the party'));
    await waitFor(async () => (await chatState(emu, first.conversationId)).seenUntil[meId] === first.sequenceId, 'seen_until at X reaches the message', 15_000);
  });

  test('with xdm.xchat.readReceipts off, a new message read in the open conversation is not reported to X', async function () {
    this.timeout(30_000);
    await setReadReceipts(false);
    await admin('DELETE', '/__admin/stats');
    const second = await partySend(emu, { from: partyId, conversationId: first.conversationId, text: 'second from the party' });
    await vscode.commands.executeCommand('xdm.refresh');
    await panelUntil('the new message shows in the open thread', (s) => (s.thread?.texts ?? []).includes('second from the party'));
    // One more full sync, so any read mark the service had queued has gone out by now.
    await vscode.commands.executeCommand('xdm.refresh');
    assert.equal(await readsAtX(), 0, 'no read request reached X');
    const state = await chatState(emu, first.conversationId);
    assert.equal(state.seenUntil[meId], first.sequenceId, 'seen_until at X stayed before the new message');
    assert.equal(state.unread[meId], 1, `X still counts ${second.sequenceId} unread`);
  });

  test('a reply sent from the panel is read by the party with the real Chat XDK', async function () {
    this.timeout(30_000);
    await panelMessage({ type: 'request', id: 9001, method: 'send', params: { conversationId: ref, text: 'reply from VS Code' } });
    await waitFor(async () => (await decryptedTexts(emu, partyId, first.conversationId)).includes('reply from VS Code'), 'the party decrypts and verifies the reply', 15_000);
  });

  test('typing reaches X only for an encrypted conversation and only with xdm.xchat.sendTypingIndicators on', async function () {
    this.timeout(30_000);
    await admin('DELETE', '/__admin/stats');
    const typingAtX = async (): Promise<number> =>
      (await emulatorRequests()).filter((r) => r.method === 'POST' && r.path === `/2/chat/conversations/${first.conversationId}/typing`).length;
    await panelMessage({ type: 'typing', conversationId: ref });
    await setSendTyping(true);
    await panelMessage({ type: 'typing', conversationId: '1-2' });
    await panelMessage({ type: 'typing', conversationId: ref });
    await waitFor(async () => (await typingAtX()) === 1, 'one typing indicator at X');
    assert.deepEqual((await chatState(emu, first.conversationId)).typing, [meId]);
    assert.equal((await emulatorRequests()).filter((r) => r.path.endsWith('/typing')).length, 1, 'the setting-off call and the legacy one sent nothing');
  });

  test('lock: the rows stay, locked, and no text is left in the panel', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('xdm.xchat.lock');
    const s = await panelUntil('locked again', (x) => x.xchat?.status === 'locked');
    const row = s.conversations.find((c) => c.id === ref);
    assert.deepEqual(row && { locked: row.locked, preview: row.preview }, { locked: true, preview: '' });
    assert.deepEqual(s.thread?.texts ?? [], [], 'the open thread holds no decrypted text');
    assert.ok(!JSON.stringify(s).includes('from the party'), 'no decrypted text anywhere in the snapshot');
  });
});
