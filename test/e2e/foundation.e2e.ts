// The front door, driven like a person: VS Code opens with the extension, our activity-bar icon shows the
// signed-out panel, and an "X DMs:" command from the palette starts sign-in against the emulator.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openWorkbench } from '../harness/workbench';
import type { Workbench } from '../harness/workbench';

let wb: Workbench;

before(async () => {
  wb = await openWorkbench({ name: 'foundation', preset: 'demo', theme: 'dark' });
});

after(async () => {
  await wb?.screenshot('final').catch(() => undefined);
  await wb?.close();
});

test('the activity-bar icon opens the panel with the sign-in call to action', async () => {
  const view = await wb.openView();
  const cta = view.getByText('Sign In to X').first();
  await cta.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match((await cta.textContent()) ?? '', /Sign In to X/);
  await wb.screenshot('signed-out');
});

test('"X DMs: Sign In" from the palette sends the browser to the emulator\'s authorize page', async () => {
  assert.ok(wb.emulator, 'the e2e run has an emulator');
  const page = await wb.externalPage(() => wb.runCommand('X DMs: Sign In'));
  await page.waitForURL(/\/oauth2\/authorize/, { timeout: 30_000 });
  const url = new URL(page.url());
  assert.equal(url.port, new URL(wb.emulator.url).port, 'the authorize page is served by the emulator');
  assert.equal(url.searchParams.get('client_id'), 'xdm-emulator-client');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  await page.screenshot({ path: 'test-results/foundation-authorize-page.png' });
  await wb.screenshot('sign-in-started');
  await page.close();
});
