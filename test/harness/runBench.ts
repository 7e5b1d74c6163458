// `npm run bench`: runs every test/bench/*.ts (each prints its figures and a last line `BENCH <name> <json>`)
// one after the other with tsx; exit code 1 if any benchmark could not run (never because of a figure).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';
import { runInherit } from './proc';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const dir = path.join(repoRoot, 'test/bench');
  // Helper modules (fixtures, page builders) are imported by benchmarks; a benchmark prints a BENCH line.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && readFileSync(path.join(dir, f), 'utf8').includes('BENCH '))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const failed: string[] = [];
  for (const file of files) {
    process.stdout.write(`\n===== bench ${file} =====\n`);
    const code = await runInherit(process.execPath, ['--import', 'tsx', path.join(dir, file)], { cwd: repoRoot });
    if (code !== 0) failed.push(file);
  }
  process.stdout.write(`\nbenchmarks run: ${files.length}, could not run: ${failed.length}${failed.length ? ` (${failed.join(', ')})` : ''}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

void main();
