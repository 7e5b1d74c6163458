// Signing in to X like a person, in a real VS Code (code-server) against the emulator: the panel's Sign In button,
// VS Code's consent dialog (Allow), the emulator's consent page, the redirect to the extension's loopback server,
// the account in the panel and the Accounts menu. Also Cancel on X's consent page and a wrong client id, each
// ending in a clear message. Screenshots: test-results/auth-*.png.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/proc';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

interface Stats {
  requests: { method: string; path: string; status: number }[];
}

const open: Workbench[] = [];

after(async () => {
  for (const wb of open) {
    await wb.screenshot('final').catch(() => undefined);
    await wb.close();
  }
});

async function workbench(name: string, settings: Record<string, unknown> = {}): Promise<Workbench> {
  const wb = await openWorkbench({ name, preset: 'demo', theme: 'dark', settings: { 'xdm.sync.pollIntervalSeconds': 600, ...settings } });
  open.push(wb);
  return wb;
}

async function count(wb: Workbench, method: string, path: string): Promise<number> {
  const stats = await wb.admin<Stats>('stats');
  return stats.requests.filter((r) => r.method === method && r.path === path).length;
}

/** Starts the sign-in from the panel's own button (it runs `xdm.signIn`) and returns X's consent tab. */
async function signInFromPanel(wb: Workbench): Promise<Page> {
  const view = await wb.openView();
  const button = view.getByText('Sign In to X').first();
  await button.waitFor({ state: 'visible', timeout: 60_000 });
  return wb.externalPage(() => button.click());
}

/** The progress notification's Cancel button (the sign-in waits for the browser until then or 5 minutes). */
async function cancelSignIn(wb: Workbench): Promise<void> {
  const toast = await wb.waitForNotification(/Signing in to X/);
  await toast.hover();
  await toast.getByRole('button', { name: 'Cancel' }).click();
}

test('Cancel on X\'s consent page ends with "You cancelled the sign-in on X"', async () => {
  const wb = await workbench('auth-cancel');
  await wb.admin('consent', { mode: 'manual' });
  const consent = await signInFromPanel(wb);
  await consent.locator('#cancel').waitFor({ state: 'visible', timeout: 30_000 });
  await consent.screenshot({ path: 'test-results/auth-consent-page.png' });
  await consent.locator('#cancel').click();
  await consent.waitForURL(/127\.0\.0\.1:\d+\/callback\?/, { timeout: 30_000 });
  await consent.getByText('The sign-in did not complete').waitFor({ timeout: 10_000 });
  await wb.waitForNotification(/You cancelled the sign-in on X\. Nothing was changed\./);
  await wb.screenshot('cancelled');
  assert.equal(await count(wb, 'POST', '/2/oauth2/token'), 0, 'no code was exchanged');
  await consent.close();
});

test('the full sign-in: VS Code consent, X consent page, loopback redirect, @username in VS Code, DMs in the panel', async () => {
  const wb = open[0] ?? (await workbench('auth'));
  await wb.admin('stats', undefined, 'DELETE');
  const consent = await signInFromPanel(wb);
  await consent.locator('#consent-user').waitFor({ state: 'visible', timeout: 30_000 });
  const scopes = await consent.locator('#consent-scopes li[data-scope]').evaluateAll((items) => items.map((li) => li.getAttribute('data-scope')));
  assert.deepEqual(scopes.sort(), ['dm.read', 'dm.write', 'offline.access', 'tweet.read', 'users.read']);
  await consent.locator('#authorize').click();
  await consent.waitForURL(/127\.0\.0\.1:\d+\/callback\?/, { timeout: 30_000 });
  await consent.getByText('You can close this tab.').waitFor({ timeout: 10_000 });
  await consent.screenshot({ path: 'test-results/auth-loopback-page.png' });
  await consent.close();

  // The panel leaves its signed-out state, names the signed-in account (issue 4: "the panel shows @username") and
  // lists the account's conversations; the Accounts menu names it below.
  const view = await wb.openView();
  await view.locator('.conversation .conversation-subtitle', { hasText: /^@grace_h$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await view.getByText('Sign In to X').count(), 0);
  const account = view.locator('.account-line .account-username');
  await account.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal((await account.textContent())?.trim(), '@you_dev');
  assert.equal(await view.getByRole('note', { name: 'Signed in as @you_dev' }).count(), 1, 'the account line has an accessible name');
  await wb.screenshot('signed-in');
  assert.equal(await count(wb, 'POST', '/2/oauth2/token'), 1, 'one code exchange');
  assert.ok((await count(wb, 'GET', '/2/users/me')) >= 1, 'the account comes from /2/users/me');

  // VS Code's Accounts menu lists the account under our provider's label.
  await wb.page.locator('.part.activitybar [aria-label^="Accounts"]').first().click();
  await wb.page.locator('.context-view .action-label', { hasText: '@you_dev (X)' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await wb.screenshot('accounts-menu');
  await wb.page.keyboard.press('Escape');
});

/** The number on the panel's activity-bar entry (0 when no badge is shown). */
async function activityBadge(wb: Workbench): Promise<number> {
  const badge = wb.page.locator('.part.activitybar .action-item:has([aria-label^="X Direct Messages"]) .badge');
  if ((await badge.count()) === 0 || !(await badge.first().isVisible())) return 0;
  return Number((await badge.first().locator('.badge-content').textContent())?.trim() || 0);
}

test('reading the last unread conversation clears the view badge (it used to stay at the old count)', async () => {
  const wb = open[0];
  assert.ok(wb, 'runs after the full sign-in');
  const view = await wb.openView();
  await view.locator('.conversation').first().waitFor({ state: 'visible', timeout: 60_000 });
  await waitFor('the unread badge', async () => ((await activityBadge(wb)) > 0 ? true : undefined), 30_000);
  const unread = view.locator('.conversation:has(.unread-badge)');
  for (let opened = 0; (await unread.count()) > 0; opened++) {
    assert.ok(opened < 20, 'each open clears one conversation');
    await unread.first().click();
    await view.locator('.thread-screen').waitFor({ state: 'visible', timeout: 30_000 });
    await view.locator('.thread-header vscode-toolbar-button').first().click();
    await view.locator('.conversation').first().waitFor({ state: 'visible', timeout: 30_000 });
  }
  // VS Code keeps a webview view's last badge when it is set to undefined; the panel sets a zero badge instead.
  await waitFor('the badge to clear', async () => ((await activityBadge(wb)) === 0 ? true : undefined), 30_000);
  await wb.screenshot('badge-cleared');
});

test('a wrong client id: X shows an error page, cancelling explains what to check', async () => {
  const wb = await workbench('auth-wrong-client', { 'xdm.clientId': 'not-a-registered-client' });
  const errorPage = await signInFromPanel(wb);
  await errorPage.locator('#oauth-error').waitFor({ state: 'visible', timeout: 30_000 });
  await errorPage.screenshot({ path: 'test-results/auth-wrong-client-x-page.png' });
  await cancelSignIn(wb);
  await wb.waitForNotification(/Sign-in cancelled\. If X showed an error page .*"xdm\.clientId"/);
  await wb.screenshot('wrong-client');
  assert.equal(await count(wb, 'POST', '/2/oauth2/token'), 0);
  await errorPage.close();
});
