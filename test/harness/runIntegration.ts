// Runs the bundled mocha suites (out/test/integration/**) inside code-server's real extension host: the page is
// opened with extensionDevelopmentPath + extensionTestsPath in the workbench payload, test output arrives through
// window.codeAutomationLog and the result through window.codeAutomationExit. Usage:
//   tsx test/harness/runIntegration.ts [--grep <mocha grep>]      (npm run test:integration builds first)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser';
import { runCleanup } from './cleanup';
import { startCodeServer } from './codeServer';
import { emulatorSettings, startEmulatorIfAvailable } from './emulator';
import { repoRoot } from './paths';
import { ProvisionError, provision } from './provision';
import type { SuiteResult } from './suiteResult';
import { workbenchUrl } from './workbenchUrl';

export interface IntegrationOptions {
  grep?: string;
  /** Extra environment for the extension host. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

const MARKER = 'XDM_INTEGRATION_RESULT';
const testsEntry = path.join(repoRoot, 'out/test/integration/index.js');

export async function runIntegration(options: IntegrationOptions = {}): Promise<SuiteResult> {
  const started = Date.now();
  if (!existsSync(testsEntry)) {
    return { name: 'integration', passed: 0, failed: 1, ms: 0, note: `${path.relative(repoRoot, testsEntry)} missing: run npm run build` };
  }
  const { codeServerEntry, chromiumPath } = await provision({ chromium: true });
  const emulator = await startEmulatorIfAvailable({ preset: 'demo' });
  const env: Record<string, string> = { ...options.env };
  if (emulator) env.XDM_EMULATOR_URL = emulator.url;
  if (options.grep) env.XDM_TEST_GREP = options.grep;
  const server = await startCodeServer({ entry: codeServerEntry, label: 'integration', env, settings: emulator ? emulatorSettings(emulator.url) : {} });
  const browser = await launchChromium(chromiumPath ?? '/usr/bin/chromium');
  let counts: { passed: number; failed: number } | undefined;
  try {
    const page = await browser.context.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The workbench forwards console calls as (format, ...values), like console.log itself.
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) {
        if (line.startsWith(MARKER)) counts = JSON.parse(line.slice(MARKER.length)) as { passed: number; failed: number };
      }
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    page.on('pageerror', (error) => process.stderr.write(`[workbench] page error: ${error.message}\n`));
    await page.goto(workbenchUrl(server.url, { folder: server.workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: testsEntry }));
    const timeoutMs = options.timeoutMs ?? Number(process.env.XDM_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exitCode, new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), timeoutMs)))]);
    clearTimeout(timer);
    if (code === -1) process.stderr.write(`[harness] integration run timed out after ${timeoutMs} ms; code-server log: ${server.logFile}\n`);
    else if (code !== 0 && !counts) process.stderr.write(`[harness] the extension host exited with ${code} before mocha reported; code-server log tail:\n${server.readLog().slice(-3000)}\n`);
    const passed = counts?.passed ?? 0;
    const failed = counts?.failed ?? 0;
    return {
      name: 'integration',
      passed,
      failed: code === 0 ? failed : Math.max(failed, 1),
      ms: Date.now() - started,
      note: emulator ? undefined : 'without emulator',
    };
  } finally {
    await browser.close();
    await server.close();
    await emulator?.close();
  }
}

async function main(): Promise<void> {
  const grepIndex = process.argv.indexOf('--grep');
  const grep = grepIndex > 0 ? process.argv[grepIndex + 1] : undefined;
  try {
    const result = await runIntegration({ grep });
    process.stdout.write(`integration: ${result.passed} passed, ${result.failed} failed (${(result.ms / 1000).toFixed(1)} s)\n`);
    process.exitCode = result.failed > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`${error instanceof ProvisionError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    await runCleanup();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(repoRoot, 'test/harness/runIntegration.ts')) void main();
