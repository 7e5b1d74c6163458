import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { XChatVM } from '../../../src/protocol/viewModels';
import { lockedThreadPrompt, xchatStatusRow } from '../../../webview/model/xchatStatus';
import { englishStrings as s } from '../../bench/webviewPage';

const row = (xchat: XChatVM | undefined) => {
  const r = xchatStatusRow(xchat, s);
  return r && { text: r.text, action: r.action?.action, label: r.action?.label, busy: r.busy, dismissible: r.dismissible };
};

test('each X Chat status gets its line and at most one button', () => {
  assert.deepEqual(row({ status: 'locked' }), { text: 'Encrypted chats are locked.', action: 'unlockXChat', label: 'Unlock encrypted chats', busy: false, dismissible: false });
  assert.deepEqual(row({ status: 'unlocking' }), { text: 'Unlocking…', action: undefined, label: undefined, busy: true, dismissible: false });
  assert.deepEqual(row({ status: 'unavailable' }), { text: "Couldn't reach X's key backup.", action: 'unlockXChat', label: 'Unlock encrypted chats', busy: false, dismissible: false });
  assert.deepEqual(row({ status: 'noKeys' }), {
    text: "X Chat isn't set up for this account. Encrypted chats are set up in X's app; this extension never creates or resets keys.",
    action: 'aboutXChat',
    label: 'Learn more',
    busy: false,
    dismissible: true,
  });
  assert.deepEqual(row({ status: 'unsupportedSignIn' }), { text: 'Encrypted chats need sign-in with OAuth 2.0.', action: undefined, label: undefined, busy: false, dismissible: true });
});

test('no row when unlocked, while the host does not know yet, or for a status this page does not know', () => {
  assert.equal(row({ status: 'unlocked' }), undefined);
  assert.equal(row(undefined), undefined);
  assert.equal(row({ status: 'somethingNew' } as unknown as XChatVM), undefined);
});

test('a wrong passcode says how many guesses are left, and offers Unlock only while one is', () => {
  assert.deepEqual(row({ status: 'wrongPasscode', guessesLeft: 4 }), { text: 'Wrong passcode. 4 guesses left.', action: 'unlockXChat', label: 'Unlock encrypted chats', busy: false, dismissible: false });
  assert.equal(row({ status: 'wrongPasscode', guessesLeft: 1 })?.text, 'Wrong passcode. 1 guess left.');
  assert.equal(row({ status: 'wrongPasscode' })?.text, 'Wrong passcode.');
  // A count the host could not have meant is not shown as a number.
  assert.equal(row({ status: 'wrongPasscode', guessesLeft: -1 })?.text, 'Wrong passcode.');
  assert.equal(row({ status: 'wrongPasscode', guessesLeft: 2.5 })?.text, 'Wrong passcode.');
  const none = row({ status: 'wrongPasscode', guessesLeft: 0 });
  assert.equal(none?.action, 'aboutXChat');
  assert.match(none?.text ?? '', /no guesses are left/);
});

test("a locked thread's prompt offers the list's action, and says why the last unlock failed", () => {
  const text = 'This conversation is encrypted. Unlock encrypted chats to read it.';
  assert.deepEqual(lockedThreadPrompt({ status: 'locked' }, s), { text, detail: undefined, busy: false, action: { action: 'unlockXChat', label: 'Unlock encrypted chats' } });
  assert.deepEqual(lockedThreadPrompt({ status: 'unlocking' }, s), { text, detail: 'Unlocking…', busy: true, action: undefined });
  assert.deepEqual(lockedThreadPrompt({ status: 'wrongPasscode', guessesLeft: 2 }, s), {
    text,
    detail: 'Wrong passcode. 2 guesses left.',
    busy: false,
    action: { action: 'unlockXChat', label: 'Unlock encrypted chats' },
  });
  // Before the host reports a status the thread still offers Unlock.
  assert.deepEqual(lockedThreadPrompt(undefined, s).action, { action: 'unlockXChat', label: 'Unlock encrypted chats' });
});
