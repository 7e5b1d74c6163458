// Launches Debian's chromium through playwright-core with a throw-away profile (flags from the offline notes).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { onCleanup } from './cleanup';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  executablePath: string,
  options: { colorScheme?: 'light' | 'dark'; forcedColors?: boolean } = {},
): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'xdm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: process.env.XDM_HEADED ? false : true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'dark',
    // Forced colours make VS Code switch to its high-contrast theme of the same lightness (window.autoDetectHighContrast).
    forcedColors: options.forcedColors ? 'active' : 'none',
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    unregister();
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  };
  const unregister = onCleanup(close);
  return { context, close };
}
