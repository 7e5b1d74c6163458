// The shipped bundles (`node esbuild.mjs --production`, what `npm run package` puts in the VSIX) must not contain
// the in-host test hooks: users and other extensions could call them to read or write the session secret.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildProduction, repoRoot, type ProductionBuild } from './productionBuild';

let build: ProductionBuild | undefined;
const shipped = ['extension.js', 'runtime.js'];

/** Every command id under `xdm.test`/`xdm.testing` that the source mentions (the hooks' own ids). */
function testHookIds(): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(path.join(repoRoot, 'src', file), 'utf8');
    for (const match of text.matchAll(/['"`](xdm\.test(?:ing)?\.[A-Za-z.]+)['"`]/g)) ids.add(match[1]);
  }
  return [...ids].sort();
}

before(() => {
  build = buildProduction();
});

after(() => {
  build?.dispose();
});

test('the activation bundle registers every contributed command and no bundle has a test hook', () => {
  assert.ok(build);
  const hooks = testHookIds();
  assert.deepEqual(hooks, ['xdm.test.panelSnapshot', 'xdm.testing.auth'], 'the hooks this test knows about');
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  // Contributions must exist as soon as the extension is active, so their registration is in extension.js.
  const activation = build.text('extension.js');
  for (const { command } of manifest.contributes.commands) assert.ok(activation.includes(command), `${command} is in the activation bundle`);
  for (const file of shipped) {
    const bundle = build.text(file);
    assert.deepEqual(hooks.filter((id) => bundle.includes(id)), [], `no test hook id in ${file}`);
    // The hooks' request names and the direct-store access-token path they alone use are gone as well.
    for (const marker of ['writeRaw', 'readRaw', 'Test access-token sign-in refused']) assert.ok(!bundle.includes(marker), `${marker} in ${file}`);
    // X Chat's emulator key backup (test builds against a loopback API only) is not shipped either.
    for (const marker of ['__emulator/keybackup']) assert.ok(!bundle.includes(marker), `${marker} in ${file}`);
  }
});
