// Starts the local X API emulator (test/emulator/server.ts, built by the emulator work) in this process when it
// exists, and derives the extension settings that point at it. Until that file lands, runs go without it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { onCleanup } from './cleanup';
import { repoRoot } from './paths';

export interface RunningEmulator {
  url: string;
  close(): Promise<void>;
}

interface EmulatorModule {
  startEmulator(options: { port: number; preset?: string } & Record<string, unknown>): Promise<RunningEmulator>;
}

export const emulatorModulePath = path.join(repoRoot, 'test/emulator/server.ts');
export const EMULATOR_CLIENT_ID = 'xdm-emulator-client';

export function emulatorAvailable(): boolean {
  return existsSync(emulatorModulePath);
}

/**
 * Starts the emulator on `port` (0 = any free port) with `preset`, or returns undefined (with one log line)
 * when test/emulator/server.ts does not exist yet. A present-but-broken emulator is an error, not a skip.
 */
export async function startEmulatorIfAvailable(options: { port?: number; preset?: string; extra?: Record<string, unknown> } = {}): Promise<RunningEmulator | undefined> {
  if (!emulatorAvailable()) {
    process.stderr.write('[harness] test/emulator/server.ts does not exist yet: running without the X emulator\n');
    return undefined;
  }
  const mod = (await import(pathToFileURL(emulatorModulePath).href)) as Partial<EmulatorModule> & { default?: Partial<EmulatorModule> };
  const startEmulator = mod.startEmulator ?? mod.default?.startEmulator;
  if (typeof startEmulator !== 'function') throw new Error(`${emulatorModulePath} does not export startEmulator()`);
  const emulator = await startEmulator({ port: options.port ?? 0, preset: options.preset ?? 'demo', ...options.extra });
  const unregister = onCleanup(() => emulator.close());
  return {
    url: emulator.url,
    close: async () => {
      unregister();
      await emulator.close();
    },
  };
}

/** Extension settings that point the extension at the emulator. */
export function emulatorSettings(url: string): Record<string, unknown> {
  return {
    'xdm.api.baseUrl': url,
    'xdm.oauth.authorizeUrl': `${url}/i/oauth2/authorize`,
    'xdm.clientId': EMULATOR_CLIENT_ID,
  };
}

/**
 * code-server rewrites every URL the workbench opens whose authority is exactly `127.0.0.1:PORT` / `localhost:PORT`
 * into its port proxy `/proxy/PORT/`, dropping path and query (resolveExternalUri in code-server 4.100.3), so
 * openExternal(`${emulator}/i/oauth2/authorize?...`) would land on the emulator's root. The browser runs on this
 * machine: give it the emulator as `xdm-emulator.localhost:PORT`, which browsers resolve to loopback themselves
 * (RFC 6761 *.localhost) and which VS Code's pattern does not match. Host-side calls keep the plain URL.
 */
export function browserFacingAuthorizeUrl(url: string): Record<string, string> {
  const parsed = new URL(url);
  return { 'xdm.oauth.authorizeUrl': `${parsed.protocol}//xdm-emulator.localhost:${parsed.port}/i/oauth2/authorize` };
}
