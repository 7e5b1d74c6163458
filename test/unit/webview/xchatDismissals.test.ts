import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XChatDismissals } from '../../../webview/model/xchatDismissals';
import type { SmallStorage } from '../../../webview/model/xchatDismissals';

function memoryStorage(initial: Record<string, string> = {}): SmallStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

test('a dismissal holds for that account and status only, and survives a reload', () => {
  const storage = memoryStorage();
  const first = new XChatDismissals(storage);
  first.dismiss('111', 'noKeys');
  assert.equal(first.isDismissed('111', 'noKeys'), true);
  assert.equal(first.isDismissed('222', 'noKeys'), false);
  assert.equal(first.isDismissed('111', 'unsupportedSignIn'), false);
  const reloaded = new XChatDismissals(storage);
  assert.equal(reloaded.isDismissed('111', 'noKeys'), true);
});

test('without a known account nothing is dismissed', () => {
  const dismissals = new XChatDismissals(memoryStorage());
  dismissals.dismiss(undefined, 'noKeys');
  assert.equal(dismissals.isDismissed(undefined, 'noKeys'), false);
});

test('junk or failing storage degrades to remembering for this page', () => {
  assert.equal(new XChatDismissals(memoryStorage({ 'xdm.xchatDismissed': '{not json' })).isDismissed('1', 'noKeys'), false);
  assert.equal(new XChatDismissals(memoryStorage({ 'xdm.xchatDismissed': '{"a":1}' })).isDismissed('1', 'noKeys'), false);
  const failing: SmallStorage = {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('quota');
    },
  };
  const dismissals = new XChatDismissals(failing);
  dismissals.dismiss('1', 'noKeys');
  assert.equal(dismissals.isDismissed('1', 'noKeys'), true);
});

test('the stored list stays small', () => {
  const storage = memoryStorage();
  const dismissals = new XChatDismissals(storage);
  for (let i = 0; i < 80; i++) dismissals.dismiss(String(i), 'noKeys');
  assert.equal((JSON.parse(storage.data['xdm.xchatDismissed'] ?? '[]') as string[]).length, 50);
  assert.equal(dismissals.isDismissed('79', 'noKeys'), true);
});
