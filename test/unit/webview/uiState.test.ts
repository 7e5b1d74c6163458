import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebviewMessage } from '../../../src/protocol/messages';
import type { UiStateVM } from '../../../src/protocol/viewModels';
import { UiState } from '../../../webview/uiState';

// The webview's timers are `window.setTimeout`; plain Node has them on globalThis.
(globalThis as { window?: unknown }).window ??= globalThis;

function fakeApi(own?: unknown) {
  const posted: WebviewMessage[] = [];
  let stored = own as UiStateVM | undefined;
  return {
    posted,
    stored: () => stored,
    api: { postMessage: (m: WebviewMessage) => posted.push(m), getState: () => stored, setState: (s: UiStateVM) => (stored = s) },
  };
}

test('drafts belong to the account they were typed in', () => {
  const { api } = fakeApi();
  let account: string | undefined = '7';
  const ui = new UiState(api, undefined, () => account);
  ui.setDraft('7-8', 'from account 7');
  account = '9';
  assert.equal(ui.draft('7-8'), '', 'another signed-in account does not see it');
  ui.setDraft('7-8', 'from account 9');
  account = '7';
  assert.equal(ui.draft('7-8'), 'from account 7');
  ui.flush();
});

test("the host's copy wins over VS Code's older webview state: a sent draft does not come back", () => {
  const { api } = fakeApi({ drafts: { '7': { savedAt: 1, texts: { '7-8': 'already sent' } } } });
  const ui = new UiState(api, { drafts: {} }, () => '7');
  assert.equal(ui.draft('7-8'), '');
});

test('without a host copy (a window without a folder) the own state is used, minus drafts deleted since', () => {
  const own = { drafts: { '7': { savedAt: 100, texts: { '7-8': 'before the deletion' } }, '9': { savedAt: 300, texts: { '8-9': 'after' } } } };
  const { api } = fakeApi(own);
  let account = '7';
  const ui = new UiState(api, undefined, () => account, { '7': 200, '9': 200 });
  assert.equal(ui.draft('7-8'), '');
  account = '9';
  assert.equal(ui.draft('8-9'), 'after');
});

test('state from an older build (drafts not per account) is dropped, not crashed on', () => {
  const { api } = fakeApi({ drafts: { '7-8': 'flat' }, openConversationId: '7-8' });
  const ui = new UiState(api, undefined, () => '7');
  assert.equal(ui.draft('7-8'), '');
  assert.equal(ui.openConversationId, '7-8');
});

test('forgetting an account removes its drafts from the webview state and tells the host at once', () => {
  const { api, posted, stored } = fakeApi();
  let account = '7';
  const ui = new UiState(api, undefined, () => account);
  ui.setDraft('7-8', 'seven');
  account = '9';
  ui.setDraft('8-9', 'nine');
  posted.length = 0;
  ui.forgetAccount('7');
  assert.deepEqual(Object.keys(stored()?.drafts ?? {}), ['9']);
  const last = posted.at(-1);
  assert.ok(last?.type === 'uiState');
  assert.deepEqual(Object.keys(last.state.drafts), ['9']);
  account = '7';
  assert.equal(ui.draft('7-8'), '');
});

test('drafts from the host (typed in another surface) replace these, except one typed here and not yet posted', () => {
  const { api, posted } = fakeApi();
  const ui = new UiState(api, { drafts: { '7': { savedAt: 1, texts: { a: 'old a', b: 'old b' } } } }, () => '7');
  ui.setDraft('b', 'typing b here');
  ui.replaceDrafts({ '7': { savedAt: 5, texts: { a: 'a from the tab', b: 'stale b', c: 'new c' } } });
  assert.equal(ui.draft('a'), 'a from the tab');
  assert.equal(ui.draft('c'), 'new c');
  assert.equal(ui.draft('b'), 'typing b here', 'the unposted local edit is kept');
  ui.flush();
  const last = posted.at(-1);
  assert.ok(last?.type === 'uiState');
  assert.deepEqual(last.state.drafts['7']?.texts, { a: 'a from the tab', b: 'typing b here', c: 'new c' });
  // Once posted, the host is the source of truth again: a later update replaces b too.
  ui.replaceDrafts({ '7': { savedAt: 9, texts: { b: 'sent elsewhere, then retyped' } } });
  assert.deepEqual([ui.draft('a'), ui.draft('b')], ['', 'sent elsewhere, then retyped']);
});

test('forgetting the signed-out account also forgets its open conversation, so signing in again shows the list', () => {
  const { api, stored } = fakeApi({ drafts: {}, openConversationId: '7-8' });
  let account: string | undefined = '9';
  const ui = new UiState(api, undefined, () => account);
  ui.forgetAccount('7');
  assert.equal(ui.openConversationId, '7-8', 'another account is in use: its open conversation stays');
  account = undefined;
  ui.forgetAccount('7');
  assert.equal(ui.openConversationId, undefined);
  assert.equal(stored()?.openConversationId, undefined);
});
