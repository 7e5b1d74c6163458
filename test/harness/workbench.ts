// Playwright helpers for e2e tests: one call opens a real VS Code (code-server) with our extension loaded as a
// development extension, pointed at a fresh emulator, in Debian chromium. Every wait is on a condition.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { describeWebviewFrames, markWebviewFrames, SIDEBAR_FRAME } from './webviewFrames';
import { startCodeServer } from './codeServer';
import type { CodeServer } from './codeServer';
import { browserFacingAuthorizeUrl, emulatorSettings, startEmulatorIfAvailable } from './emulator';
import type { RunningEmulator } from './emulator';
import { repoRoot, resultsDir } from './paths';
import { freePort, waitFor } from './proc';
import { provision } from './provision';
import { workbenchUrl } from './workbenchUrl';

export interface WorkbenchOptions {
  /** Prefix for screenshots and logs (e.g. the e2e file's area). */
  name: string;
  /** Emulator preset (default 'demo'); `false` runs without the emulator. */
  preset?: string | false;
  /** Extra options passed to startEmulator (e.g. { anyLoopbackPort: true }). */
  emulatorOptions?: Record<string, unknown>;
  /** hc-dark / hc-light: the browser reports forced colours, so VS Code picks its high-contrast themes. */
  theme?: 'light' | 'dark' | 'hc-dark' | 'hc-light';
  /** User settings merged over the quiet defaults and the emulator settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
}

export interface Workbench {
  page: Page;
  context: BrowserContext;
  codeServer: CodeServer;
  emulator?: RunningEmulator;
  /** The page URL (workbench with the development-extension payload). */
  url: string;
  /** Runs a command by its palette title (e.g. "X DMs: Sign In"), retrying while commands are still registering. */
  runCommand(title: string, options?: { timeoutMs?: number }): Promise<void>;
  /**
   * Shows our view container (clicks its activity-bar entry unless it is already shown; works while the entry shows
   * a badge), waits until it is shown, and returns the webview's content frame once it is ready.
   */
  openView(): Promise<FrameLocator>;
  /** The content frame of our webview view (two iframes deep); editor-tab webviews are not matched. */
  webview(): FrameLocator;
  /** Saves test-results/<name>-<label>.png and returns its path. */
  screenshot(label: string): Promise<string>;
  /** Reloads the window (new extension host) and waits for the workbench again. */
  reload(): Promise<void>;
  /** Texts of the notification toasts currently shown. */
  notifications(): Promise<string[]>;
  /** Waits for a notification toast whose text matches and returns it. */
  waitForNotification(text: string | RegExp, timeoutMs?: number): Promise<Locator>;
  /**
   * Runs `trigger` (e.g. a sign-in command) and returns the browser tab it opens, answering VS Code's
   * "open the external website?" and "extension wants to sign in" dialogs with Open / Allow on the way.
   */
  externalPage(trigger: () => Promise<void>, timeoutMs?: number): Promise<Page>;
  /** Calls the emulator's control API: admin('stats'), admin('reset', { preset: 'demo' }), ... */
  admin<T = unknown>(route: string, body?: unknown, method?: string): Promise<T>;
  close(): Promise<void>;
}

const VIEW_TITLE = 'X Direct Messages';

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  // Our container's icon appears once the development extension's contributions are registered.
  await page.locator(`.part.activitybar [aria-label^="${VIEW_TITLE}"]`).first().waitFor({ state: 'visible', timeout: 60_000 });
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const { codeServerEntry, chromiumPath } = await provision({ chromium: true });
  // Each workbench gets its own OAuth loopback port (parallel runs would collide on the default 53682), so the
  // emulator accepts any loopback redirect port.
  const emulator = options.preset === false
    ? undefined
    : await startEmulatorIfAvailable({ preset: options.preset ?? 'demo', extra: { anyLoopbackPort: true, ...options.emulatorOptions } });
  const settings: Record<string, unknown> = {
    // code-server 4.100.3 ignores workbench.colorTheme from the user settings file at startup; following the
    // browser's color scheme works (chromium is launched with the requested one): light = Light+, dark = a dark theme.
    'window.autoDetectColorScheme': true,
    'workbench.preferredDarkColorTheme': 'Default Dark Modern',
    'workbench.preferredLightColorTheme': 'Default Light Modern',
    'workbench.preferredHighContrastColorTheme': 'Default High Contrast',
    'workbench.preferredHighContrastLightColorTheme': 'Default High Contrast Light',
    ...(emulator ? { ...emulatorSettings(emulator.url), ...browserFacingAuthorizeUrl(emulator.url), 'xdm.oauth.redirectPort': await freePort() } : {}),
    ...options.settings,
  };
  const env: Record<string, string> = { ...options.env };
  if (emulator) env.XDM_EMULATOR_URL = emulator.url;
  let codeServer: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await codeServer?.close();
    await emulator?.close();
  };
  try {
    codeServer = await startCodeServer({ entry: codeServerEntry, label: options.name, settings, env });
    const theme = options.theme ?? 'dark';
    browser = await launchChromium(chromiumPath ?? '/usr/bin/chromium', {
      colorScheme: theme === 'light' || theme === 'hc-light' ? 'light' : 'dark',
      forcedColors: theme.startsWith('hc-'),
    });
    const page = await browser.context.newPage();
    const url = workbenchUrl(codeServer.url, { folder: codeServer.workspace, extensionDevelopmentPath: repoRoot });
    await page.goto(url);
    await waitForWorkbench(page);
    return makeWorkbench(options, page, browser.context, codeServer, emulator, url, close);
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A second window on the same code-server: another tab of the same browser (same localStorage, so the same
 * secrets and sign-in), with its own extension host. Closing it closes only the tab.
 */
export async function openAnotherWindow(wb: Workbench, name: string): Promise<Workbench> {
  const page = await wb.context.newPage();
  await page.goto(wb.url);
  await waitForWorkbench(page);
  return makeWorkbench({ name }, page, wb.context, wb.codeServer, wb.emulator, wb.url, () => page.close());
}

function makeWorkbench(
  options: WorkbenchOptions,
  page: Page,
  context: BrowserContext,
  codeServer: CodeServer,
  emulator: RunningEmulator | undefined,
  url: string,
  close: () => Promise<void>,
): Workbench {
  const webview = (): FrameLocator => page.frameLocator(SIDEBAR_FRAME).frameLocator('iframe#active-frame');

  const runCommand = async (title: string, { timeoutMs = 30_000 } = {}): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    const input = page.locator('.quick-input-widget input');
    for (let attempt = 1; ; attempt++) {
      await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, trial: true }).catch(() => undefined);
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        await row.click();
        await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        return;
      } catch (error) {
        await page.keyboard.press('Escape');
        if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette after ${attempt} attempts`, { cause: error });
      }
    }
  };

  // The activity-bar entry is an <li class="action-item"> holding the icon link (<a aria-label="X Direct Messages…">)
  // and, once the view has a badge, a .badge element stretched over the whole item: a click aimed at the link is
  // intercepted by the badge. Clicking the list item itself works with and without a badge (the badge is inside it).
  const activityItem = page
    .locator(`.part.activitybar .action-item:has(a[aria-label^="${VIEW_TITLE}"]), .part.activitybar .action-item[aria-label^="${VIEW_TITLE}"]`)
    .first();
  const viewShown = async (): Promise<boolean> =>
    (await page.locator('.part.sidebar').isVisible()) && (await activityItem.evaluate((el) => el.classList.contains('checked')));

  const openView = async (): Promise<FrameLocator> => {
    await activityItem.waitFor({ state: 'visible', timeout: 60_000 });
    // Clicking the entry of the container already shown would hide the sidebar: click only when it is not shown.
    if (!(await viewShown())) await activityItem.click();
    try {
      await waitFor('our view container to be shown', async () => ((await viewShown()) ? true : undefined), 10_000);
    } catch {
      // Fall back to the view's focus command (`xdm.conversations.focus`, which VS Code registers for every view,
      // listed as "X Direct Messages: Focus on Conversations View"): it opens the container too.
      await runCommand('Focus on Conversations View');
      await waitFor('our view container to be shown', async () => ((await viewShown()) ? true : undefined), 30_000);
    }
    // Found by its place over the sidebar: a frame VS Code re-created has no purpose=webviewView in its URL.
    await waitFor('the view\'s webview frame', async () => {
      await markWebviewFrames(page);
      return (await page.locator(SIDEBAR_FRAME).count()) > 0 ? true : undefined;
    }, 60_000).catch(async (error: unknown) => {
      throw new Error(`no webview frame over the sidebar; webview frames:\n${await describeWebviewFrames(page)}`, { cause: error });
    });
    const frame = webview();
    await frame.locator('body').waitFor({ state: 'attached', timeout: 60_000 });
    return frame;
  };

  const screenshot = async (label: string): Promise<string> => {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${options.name}-${label}.png`);
    await page.screenshot({ path: file });
    return file;
  };

  const reload = async (): Promise<void> => {
    await page.reload();
    await waitForWorkbench(page);
  };

  const toasts = page.locator('.notifications-toasts .notification-toast');
  const notifications = async (): Promise<string[]> => (await toasts.allTextContents()).map((t) => t.trim());
  const waitForNotification = async (text: string | RegExp, timeoutMs = 30_000): Promise<Locator> => {
    const toast = toasts.filter({ hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  };

  const externalPage = async (trigger: () => Promise<void>, timeoutMs = 60_000): Promise<Page> => {
    let opened: Page | undefined;
    const popup = context.waitForEvent('page', { timeout: timeoutMs }).then((p) => (opened = p));
    popup.catch(() => undefined);
    await trigger();
    const button = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button').filter({ hasText: /^(Open|Allow)$/ }).first();
    const deadline = Date.now() + timeoutMs;
    while (!opened) {
      const next = await Promise.race([popup.then(() => 'page' as const), button.waitFor({ state: 'visible', timeout: 1_000 }).then(() => 'dialog' as const, () => 'none' as const)]);
      if (next === 'dialog') await button.click().catch(() => undefined);
      if (!opened && Date.now() > deadline) throw new Error(`no browser tab opened within ${timeoutMs} ms`);
    }
    await opened.waitForLoadState('domcontentloaded');
    return opened;
  };

  const admin = async <T>(route: string, body?: unknown, method?: string): Promise<T> => {
    if (!emulator) throw new Error('admin(): this workbench runs without the emulator');
    const response = await fetch(`${emulator.url}/__admin/${route.replace(/^\//, '')}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${route}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  return { page, context, codeServer, emulator, url, runCommand, openView, webview, screenshot, reload, notifications, waitForNotification, externalPage, admin, close };
}
