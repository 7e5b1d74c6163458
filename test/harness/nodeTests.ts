// Runs node:test files (unit, contract, e2e) under tsx: the spec reporter streams to the console, a TAP copy
// goes to a file whose "# pass / # fail" totals feed the `npm test` summary.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { logsDir, repoRoot } from './paths';
import { runInherit } from './proc';
import type { SuiteResult } from './suiteResult';

/** Files under `dir` (relative to the repo) whose names end with `suffix`, sorted. */
export function findFiles(dir: string, suffix: string): string[] {
  try {
    return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith(suffix) && !file.split(path.sep).includes('node_modules'))
      .map((file) => path.join(dir, file))
      .sort();
  } catch {
    return [];
  }
}

function tapTotal(tap: string, key: string): number {
  const matches = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
  return matches.length > 0 ? Number(matches[matches.length - 1][1]) : 0;
}

export interface NodeTestOptions {
  /** Files run at the same time (e2e: 1, each file owns a code-server + chromium). */
  concurrency?: number;
  /** Per-test timeout. */
  timeoutMs?: number;
  /** Extra node:test arguments (e.g. --test-name-pattern=...). */
  extraArgs?: string[];
}

export async function runNodeTests(name: string, files: string[], options: NodeTestOptions = {}): Promise<SuiteResult> {
  const started = Date.now();
  if (files.length === 0) return { name, passed: 0, failed: 0, ms: 0, note: 'no test files' };
  mkdirSync(logsDir, { recursive: true });
  const tapFile = path.join(logsDir, `${name}.tap`);
  const args = [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...(options.concurrency ? [`--test-concurrency=${options.concurrency}`] : []),
    ...(options.timeoutMs ? [`--test-timeout=${options.timeoutMs}`] : []),
    ...(options.extraArgs ?? []),
    ...files,
  ];
  const code = await runInherit(process.execPath, args, { cwd: repoRoot });
  let tap = '';
  try {
    tap = readFileSync(tapFile, 'utf8');
  } catch {
    // the runner died before writing; counted as one failure below
  }
  const passed = tapTotal(tap, 'pass');
  const failed = tapTotal(tap, 'fail') + tapTotal(tap, 'cancelled');
  // A non-zero exit without failing tests (a file that does not load) still counts as a failure.
  return { name, passed, failed: code !== 0 && failed === 0 ? 1 : failed, ms: Date.now() - started };
}

/** CLI: tsx test/harness/nodeTests.ts <unit|contract|e2e> [extra node:test args] */
async function main(): Promise<void> {
  const kind = process.argv[2];
  const extraArgs = process.argv.slice(3);
  const suites: Record<string, () => Promise<SuiteResult>> = {
    unit: () => runNodeTests('unit', findFiles('test/unit', '.test.ts'), { extraArgs }),
    contract: () => runNodeTests('contract', findFiles('test/contract', '.test.ts'), { extraArgs }),
    e2e: () => runNodeTests('e2e', findFiles('test/e2e', '.e2e.ts'), { concurrency: 1, timeoutMs: 300_000, extraArgs }),
  };
  const suite = suites[kind ?? ''];
  if (!suite) {
    process.stderr.write('usage: tsx test/harness/nodeTests.ts <unit|contract|e2e> [node:test args]\n');
    process.exitCode = 2;
    return;
  }
  const result = await suite();
  process.stdout.write(`${result.name}: ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}\n`);
  process.exitCode = result.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(repoRoot, 'test/harness/nodeTests.ts')) void main();
