// Two windows (two tabs of one browser, so one localStorage) on one code-server, signed in to the same account.
// After the access token expires, both sync and both press Refresh: X must see one refresh_token grant and no
// reuse of the spent refresh token, no window may end up signed out, and a new message reaches both windows
// (after "Reload Window" where code-server cannot hand the other window the new tokens).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { e2eAuthorizeUrlSetting, signInThroughUi } from '../harness/signInThroughUi';
import { openPanel } from '../harness/panelLocators';
import { openAnotherWindow, openWorkbench, waitForWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

interface Stats {
  requests: { method: string; path: string; status: number }[];
}

let a: Workbench;
let b: Workbench;

before(async () => {
  a = await openWorkbench({
    name: 'twoWindows-a',
    preset: 'demo',
    theme: 'dark',
    settings: { 'xdm.sync.pollIntervalSeconds': 15, ...e2eAuthorizeUrlSetting },
  });
});

afterEach(async (t) => {
  if ((t as unknown as { passed?: boolean }).passed === false) {
    await a?.screenshot('failed').catch(() => undefined);
    await b?.screenshot('failed').catch(() => undefined);
  }
});

after(async () => {
  await b?.close().catch(() => undefined);
  await a?.close();
});

const panel = openPanel;

async function conversationList(wb: Workbench): Promise<void> {
  await (await panel(wb)).locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
}

async function tokenGrants(): Promise<{ ok: number; refused: number }> {
  const token = (await a.admin<Stats>('stats')).requests.filter((r) => r.method === 'POST' && r.path === '/2/oauth2/token');
  return { ok: token.filter((r) => r.status === 200).length, refused: token.filter((r) => r.status !== 200).length };
}

async function userId(username: string): Promise<string> {
  const users = await a.admin<{ id: string; username: string }[]>('users');
  const user = users.find((u) => u.username === username);
  assert.ok(user, username);
  return user.id;
}

function reloadToast(wb: Workbench): Locator {
  return wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'reload this window' }).first();
}

test('one sign-in, then a second window on the same code-server shows the same account', async () => {
  await signInThroughUi(a);
  await conversationList(a);
  b = await openAnotherWindow(a, 'twoWindows-b');
  await conversationList(b);
  await a.admin('stats', undefined, 'DELETE');
});

test('after the token expires, idle sync and Refresh in both windows spend the refresh token once and sign nobody out', async () => {
  await a.admin('clock', { advance_ms: 2 * 60 * 60 * 1000 + 60_000 });
  // Both idle: whichever window polls (15 s) meets the 401 and renews.
  await waitFor('an idle window to renew the session', async () => ((await tokenGrants()).ok > 0 ? true : undefined), 90_000);
  await a.runCommand('X DMs: Refresh');
  await b.runCommand('X DMs: Refresh');
  // The losing window meets its 401, waits out its grace period and answers (other toasts, such as code-server's
  // port notices, do not count).
  await waitFor(
    'the window that lost the race to offer Reload Window',
    async () => ((await reloadToast(a).isVisible()) || (await reloadToast(b).isVisible()) ? true : undefined),
    60_000,
  );
  const asking = [await reloadToast(a).isVisible(), await reloadToast(b).isVisible()];
  await a.screenshot('after-refresh');
  await b.screenshot('after-refresh');
  // code-server cannot hand a tab another tab's secrets: exactly the window that lost the race asks.
  assert.equal(asking.filter(Boolean).length, 1, 'exactly one window asks for a reload');
  assert.deepEqual(await tokenGrants(), { ok: 1, refused: 0 }, 'one refresh_token grant, no invalid_grant');
  for (const wb of [a, b]) {
    const texts = (await wb.notifications()).join('\n');
    assert.doesNotMatch(texts, /no longer accepts|Sign In Again|session .* expired/i, 'nobody is told to sign in again');
  }
  for (const wb of [a, b]) {
    if (!(await reloadToast(wb).isVisible())) continue;
    await reloadToast(wb).getByRole('button', { name: 'Reload Window' }).first().click();
    await wb.page.waitForLoadState('domcontentloaded');
    await waitForWorkbench(wb.page);
  }
  for (const wb of [a, b]) {
    await conversationList(wb);
    assert.equal(await (await panel(wb)).getByText('Sign In to X').count(), 0, 'not on the signed-out screen');
  }
});

test('a new message appears in both windows, the reloaded one using the renewed tokens', async () => {
  const text = `Two windows, one sign-in ${Date.now()}`;
  await a.admin('messages', { from_user_id: await userId('ada_codes'), text });
  for (const wb of [a, b]) {
    await conversationList(wb);
    await wb.runCommand('X DMs: Refresh');
    const view = await panel(wb);
    await view.getByText(text).first().waitFor({ state: 'visible', timeout: 60_000 });
    // This window's own sync worked (with the renewed tokens), not only the archive the other window wrote.
    await view.locator('.sync-status.idle').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('new-message');
  }
  assert.deepEqual(await tokenGrants(), { ok: 1, refused: 0 }, 'still one grant: the reloaded window uses the new tokens');
});
