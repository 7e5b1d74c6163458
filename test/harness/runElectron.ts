// `npm run test:electron`: the same integration suites (same out/test/integration/index.js run() entry) under
// @vscode/test-electron, for machines that can download desktop VS Code (a laptop, public CI). Not usable on the
// offline machines (update.code.visualstudio.com is unreachable): use `npm run test:integration` there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { runCleanup } from './cleanup';
import { QUIET_SETTINGS } from './codeServer';
import { emulatorSettings, startEmulatorIfAvailable } from './emulator';
import { repoRoot } from './paths';

async function main(): Promise<void> {
  const emulator = await startEmulatorIfAvailable({ preset: 'demo' });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'xdm-electron-'));
  const userDataDir = path.join(scratch, 'user-data');
  const workspace = path.join(scratch, 'workspace');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...(emulator ? emulatorSettings(emulator.url) : {}) }, null, 2));
  try {
    const code = await runTests({
      version: process.env.XDM_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out/test/integration/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', userDataDir, '--extensions-dir', path.join(scratch, 'extensions')],
      extensionTestsEnv: {
        ...(emulator ? { XDM_EMULATOR_URL: emulator.url } : {}),
        ...(process.env.XDM_TEST_GREP ? { XDM_TEST_GREP: process.env.XDM_TEST_GREP } : {}),
      },
    });
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(`test-electron failed: ${error instanceof Error ? error.message : String(error)}\n` +
      'It downloads desktop VS Code from update.code.visualstudio.com; offline, use "npm run test:integration" (code-server).\n');
    process.exitCode = 1;
  } finally {
    await emulator?.close();
    await runCleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
