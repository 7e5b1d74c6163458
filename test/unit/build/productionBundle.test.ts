// The shipped bundle (`node esbuild.mjs --production`, what `npm run package` puts in the VSIX) must not contain
// the in-host test hooks: users and other extensions could call them to read or write the session secret.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
let outdir = '';
let bundle = '';

/** Every command id under `xdm.test`/`xdm.testing` that the source mentions (the hooks' own ids). */
function testHookIds(): string[] {
  const ids = new Set<string>();
  for (const file of readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(path.join(root, 'src', file), 'utf8');
    for (const match of text.matchAll(/['"`](xdm\.test(?:ing)?\.[A-Za-z.]+)['"`]/g)) ids.add(match[1]);
  }
  return [...ids].sort();
}

before(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'xdm-prod-bundle-'));
  execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${outdir}`], { cwd: root, stdio: 'pipe' });
  bundle = readFileSync(path.join(outdir, 'extension.js'), 'utf8');
});

after(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

test('the production bundle registers every contributed command and no test hook', () => {
  const hooks = testHookIds();
  assert.deepEqual(hooks, ['xdm.test.panelSnapshot', 'xdm.testing.auth'], 'the hooks this test knows about');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  for (const { command } of manifest.contributes.commands) assert.ok(bundle.includes(command), `${command} is in the bundle`);
  assert.deepEqual(hooks.filter((id) => bundle.includes(id)), [], 'no test hook id in the production bundle');
  // The hooks' request names and the direct-store access-token path they alone use are gone as well.
  for (const marker of ['writeRaw', 'readRaw', 'Test access-token sign-in refused']) assert.ok(!bundle.includes(marker), marker);
});
