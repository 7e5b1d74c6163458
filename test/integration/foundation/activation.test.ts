// The extension loads in a real VS Code extension host and registers everything its manifest promises.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'xdm.x-direct-messages';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

suite('foundation: activation', () => {
  test('the extension activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed as the development extension`);
    const benchFile = process.env.XDM_BENCH_ACTIVATION_FILE;
    // onStartupFinished may have activated it before the tests started; then only activate()'s own measure is known.
    const cold = !extension.isActive;
    // The footprint bench runs this test alone: loading the bundle first (Node's module cache is shared with the
    // extension host's loader) separates module load from activate().
    const loadStarted = performance.now();
    if (benchFile !== undefined && cold) createRequire(__filename)(path.join(extension.extensionPath, 'dist', 'extension.js'));
    const loadMs = performance.now() - loadStarted;
    const started = performance.now();
    await extension.activate();
    const activateMs = performance.now() - started;
    // activate()'s own cost (the measure it records), without the host's work of creating its context.
    const ownMs = performance.getEntriesByName('xdm.activate', 'measure')[0]?.duration;
    assert.equal(extension.isActive, true);
    if (benchFile !== undefined) {
      // Nobody is signed in on the bench's fresh profile: activation must not have asked X anything.
      const emulator = process.env.XDM_EMULATOR_URL;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const stats = emulator ? ((await (await fetch(`${emulator}/__admin/stats`)).json()) as { requests: unknown[] }) : undefined;
      // Nor loaded the per-account runtime: it waits for a session, the panel or a command.
      const runtimeFile = path.join(extension.extensionPath, 'dist', 'runtime.js');
      const load = createRequire(__filename);
      const runtimeLoaded = load.cache[runtimeFile] !== undefined;
      const runtimeStarted = performance.now();
      load(runtimeFile);
      const runtimeLoadMs = performance.now() - runtimeStarted;
      writeFileSync(
        benchFile,
        JSON.stringify({
          activate_ms: ownMs ?? activateMs,
          host_activate_ms: cold ? activateMs : -1,
          load_ms: cold ? loadMs : -1,
          activated_at_startup: !cold,
          requests_without_session: stats ? stats.requests.length : -1,
          runtime_loaded_without_session: runtimeLoaded,
          runtime_load_ms: runtimeLoaded ? -1 : runtimeLoadMs,
        }),
      );
      assert.equal(runtimeLoaded, false, 'activation without a session leaves dist/runtime.js unloaded');
    }
  });

  test('every command contributed in package.json is registered', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const manifest = extension.packageJSON as Manifest;
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    // Our commands use the xdm. prefix only (no stray ids leaking into the palette).
    assert.deepEqual(contributed.filter((id) => !id.startsWith('xdm.')), []);
  });

  test('the emulator URL reaches the extension host when the harness started one', () => {
    const url = process.env.XDM_EMULATOR_URL;
    if (url === undefined) return; // runs without the emulator (test-electron on a laptop) are valid too
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(vscode.workspace.getConfiguration('xdm').get('api.baseUrl'), url);
  });
});
