// Configuration for @vscode/test-cli (`npx vscode-test`) and the "Extension Test Runner" of desktop VS Code: the
// bundled integration suites (npm run build first), mocha TDD like test/integration/index.ts. The harness
// runners (npm run test:integration on code-server, npm run test:electron) use index.ts's run() directly.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  version: '1.100.3',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 20000, color: true },
});
