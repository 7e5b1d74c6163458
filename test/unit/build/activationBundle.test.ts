// Lean activation (docs/decisions/014-lean-activation.md): dist/extension.js holds what activate() needs and stays
// within its budget; the per-account runtime is only in dist/runtime.js, required on first use. Sizes are counts
// of bytes in a production build, not times.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildProduction, type ProductionBuild } from './productionBuild';

const ACTIVATION_BUDGET_BYTES = 80 * 1024;

/** Directories and files whose code must wait for the runtime: API client, DM service, archive, sync, panel. */
const RUNTIME_ONLY = [/^src\/dm\//, /^src\/notify\//, /^src\/api\/(xClient|http|dmApi)\.ts$/, /^src\/api\/endpoints\//, /^src\/views\/conversationsViewProvider\.ts$/, /^src\/commands\/commandHandlers\.ts$/, /^src\/runtime\/runtime\.ts$/];

/**
 * Sources in both bundles run as two copies. Each one here was checked to hold no module state and no class that
 * crosses the boundary through `instanceof` (src/api/errors.ts brands its errors instead). Add one only after the
 * same check.
 */
const SHARED = [
  'node_modules/valibot/dist/index.mjs',
  'src/accounts/accountSettings.ts',
  'src/api/errors.ts',
  'src/auth/constants.ts',
  'src/auth/settings.ts',
  'src/commands/showError.ts',
  'src/util/clock.ts',
  'src/util/events.ts',
  'src/util/plainText.ts',
  'src/views/webviewOptions.ts',
];

let build: ProductionBuild | undefined;

before(() => {
  build = buildProduction();
});

after(() => {
  build?.dispose();
});

/** The biggest contributors, for the failure message. */
function largest(sources: Map<string, number>): string {
  return [...sources].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([file, bytes]) => `${(bytes / 1024).toFixed(1)} KB ${file}`).join('\n');
}

test('the activation bundle is at most 80 KB minified', () => {
  assert.ok(build);
  const bytes = build.bytes('extension.js');
  assert.ok(bytes <= ACTIVATION_BUDGET_BYTES, `dist/extension.js is ${(bytes / 1024).toFixed(1)} KB; largest parts:\n${largest(build.sources('extension.js'))}`);
});

test('the activation bundle holds no runtime-only module and loads the runtime bundle by require', () => {
  assert.ok(build);
  const activation = [...build.sources('extension.js').keys()];
  assert.deepEqual(activation.filter((file) => RUNTIME_ONLY.some((pattern) => pattern.test(file))), []);
  const runtime = build.sources('runtime.js');
  for (const file of ['src/runtime/runtime.ts', 'src/api/xClient.ts', 'src/dm/createDmService.ts', 'src/notify/registerNotifications.ts']) {
    assert.ok(runtime.has(file), `${file} is in runtime.js`);
  }
  // The sibling file, resolved by Node next to extension.js in the installed extension.
  assert.equal(build.text('extension.js').split('require("./runtime.js")').length - 1, 1, 'one require of ./runtime.js');
});

test('only reviewed modules are in both bundles', () => {
  assert.ok(build);
  const runtime = build.sources('runtime.js');
  const both = [...build.sources('extension.js').keys()].filter((file) => runtime.has(file)).sort();
  assert.deepEqual(both, SHARED);
});
