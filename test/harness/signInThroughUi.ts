// Signs in through VS Code's UI the way a person does (X DMs: Sign In → VS Code's consent → X's consent page →
// loopback callback), with the emulator's consent pre-approved. Shared by the e2e suites that need a signed-in
// panel; test/e2e/auth.e2e.ts drives the same flow step by step with its own assertions.
import type { Workbench } from './workbench';

/**
 * The authorize URL the e2e windows are configured with. code-server rewrites links to 127.0.0.1:PORT through its
 * proxy (dropping path and query), so the browser is sent to this made-up host and Playwright forwards it. A
 * `.localhost` name, because the extension allows plain http only for hosts on this computer.
 */
export const E2E_AUTHORIZE_HOST = 'http://xdm-authorize.localhost';

export const e2eAuthorizeUrlSetting = { 'xdm.oauth.authorizeUrl': `${E2E_AUTHORIZE_HOST}/i/oauth2/authorize` };

export async function signInThroughUi(wb: Workbench): Promise<void> {
  const emulator = wb.emulator!.url;
  await wb.context.route(`${E2E_AUTHORIZE_HOST}/**`, async (route) => {
    const response = await route.fetch({ url: route.request().url().replace(E2E_AUTHORIZE_HOST, emulator), maxRedirects: 0 });
    await route.fulfill({ response });
  });
  await wb.admin('consent', { mode: 'approve' });
  const popup = wb.context.waitForEvent('page', { timeout: 60_000 });
  await wb.runCommand('X DMs: Sign In');
  // VS Code asks whether the extension may sign in with its own provider, then may confirm the external site.
  for (const label of ['Allow', 'Open']) {
    const button = wb.page.locator('.monaco-dialog-box a.monaco-button', { hasText: label });
    await button.click({ timeout: 5_000 }).catch(() => undefined);
  }
  const opened = await popup;
  await opened.waitForURL(/127\.0\.0\.1:\d+\/callback/, { timeout: 60_000 });
  await opened.close().catch(() => undefined);
}
