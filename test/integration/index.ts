// The mocha entry that VS Code's extension-test machinery calls: run() resolves when every suite passed and
// rejects otherwise. Used by the code-server runner (test/harness/runIntegration.ts, via the workbench payload)
// and by @vscode/test-electron (test/harness/runElectron.ts) alike. Bundled to out/test/integration/index.js.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** Marker line the harness parses to add these counts to the `npm test` summary. */
export const RESULT_MARKER = 'XDM_INTEGRATION_RESULT';

function findTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.XDM_TEST_TIMEOUT_MS ?? 20_000),
    grep: process.env.XDM_TEST_GREP || undefined,
  });
  for (const file of findTests(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed: stats?.failures ?? failures, pending: stats?.pending ?? 0 })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
