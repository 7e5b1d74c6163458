// `npm test`: type-check, lint, unit, contract, build, integration (real extension host), e2e (Playwright through
// VS Code's UI). Prints each suite's result and ends with exactly one line "N passed, N failed" (type-check,
// lint and build count as one test each). Exit code 1 when anything failed.
import { runCleanup } from './cleanup';
import { findFiles, runNodeTests } from './nodeTests';
import { repoRoot } from './paths';
import { runInherit } from './proc';
import { ProvisionError } from './provision';
import { runIntegration } from './runIntegration';
import type { SuiteResult } from './suiteResult';

async function step(name: string, cmd: string, args: string[]): Promise<SuiteResult> {
  const started = Date.now();
  const code = await runInherit(cmd, args, { cwd: repoRoot });
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, ms: Date.now() - started };
}

async function guarded(name: string, fn: () => Promise<SuiteResult>): Promise<SuiteResult> {
  const started = Date.now();
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof ProvisionError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`[harness] ${name} could not run: ${message}\n`);
    return { name, passed: 0, failed: 1, ms: Date.now() - started, note: 'could not run' };
  } finally {
    await runCleanup();
  }
}

function banner(name: string): void {
  process.stdout.write(`\n===== ${name} =====\n`);
}

async function main(): Promise<void> {
  const tsc = 'node_modules/.bin/tsc';
  const results: SuiteResult[] = [];
  const suites: [string, () => Promise<SuiteResult>][] = [
    ['typecheck', async () => {
      const host = await step('typecheck', tsc, ['--noEmit', '-p', 'tsconfig.json']);
      const web = await step('typecheck', tsc, ['--noEmit', '-p', 'webview/tsconfig.json']);
      const ok = host.failed === 0 && web.failed === 0;
      return { name: 'typecheck', passed: ok ? 1 : 0, failed: ok ? 0 : 1, ms: host.ms + web.ms };
    }],
    ['lint', () => step('lint', 'node_modules/.bin/eslint', ['.'])],
    ['unit', () => runNodeTests('unit', findFiles('test/unit', '.test.ts'))],
    ['contract', () => runNodeTests('contract', findFiles('test/contract', '.test.ts'))],
    ['build', () => step('build', process.execPath, ['esbuild.mjs'])],
    ['integration', () => runIntegration()],
    ['e2e', () => runNodeTests('e2e', findFiles('test/e2e', '.e2e.ts'), { concurrency: 1, timeoutMs: 300_000 })],
  ];
  for (const [name, fn] of suites) {
    const built = results.find((r) => r.name === 'build');
    if ((name === 'integration' || name === 'e2e') && built && built.failed > 0) {
      results.push({ name, passed: 0, failed: 1, ms: 0, note: 'skipped: build failed' });
      continue;
    }
    banner(name);
    results.push(await guarded(name, fn));
  }
  process.stdout.write('\n===== summary =====\n');
  for (const r of results) {
    const status = r.failed > 0 ? 'FAIL' : 'ok  ';
    process.stdout.write(`${status} ${r.name.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${(r.ms / 1000).toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}\n`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
