// `npm start`: build, start the X emulator (demo preset, port 4010 when free) and code-server with this extension
// loaded as a development extension and pointed at the emulator, print the URL to open, stop all on Ctrl+C.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runCleanup } from './cleanup';
import { startCodeServer } from './codeServer';
import { browserFacingAuthorizeUrl, emulatorSettings, startEmulatorIfAvailable } from './emulator';
import { cacheRoot, repoRoot } from './paths';
import { freePort, runInherit } from './proc';
import { ProvisionError, provision } from './provision';
import { workbenchUrl } from './workbenchUrl';

async function main(): Promise<void> {
  if ((await runInherit(process.execPath, ['esbuild.mjs'], { cwd: repoRoot })) !== 0) throw new Error('the build failed (see above)');
  const { codeServerEntry } = await provision();
  const emulator = await startEmulatorIfAvailable({ port: await freePort(4010), preset: 'demo', extra: { anyLoopbackPort: true } });
  // A persistent playground folder, so what you open there survives restarts (user data stays scratch).
  const workspace = path.join(cacheRoot, 'playground');
  mkdirSync(workspace, { recursive: true });
  const server = await startCodeServer({
    entry: codeServerEntry,
    label: 'start',
    port: 8080,
    workspace,
    settings: emulator ? { ...emulatorSettings(emulator.url), ...browserFacingAuthorizeUrl(emulator.url) } : {},
    env: emulator ? { XDM_EMULATOR_URL: emulator.url } : {},
  });
  const url = workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: repoRoot });
  process.stdout.write(
    [
      '',
      emulator ? `X emulator (demo data):   ${emulator.url}   (control API: ${emulator.url}/__admin/stats)` : 'X emulator: not available yet (test/emulator/server.ts missing)',
      `VS Code (code-server):    ${server.url}   (log: ${path.relative(repoRoot, server.logFile)})`,
      '',
      'Open this URL in a browser on this machine (it loads the extension from this checkout):',
      `  ${url}`,
      '',
      'After a rebuild (npm run build / npm run watch), reload the browser tab. Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );
  await new Promise<never>(() => undefined); // runs until SIGINT/SIGTERM (the cleanup registry stops everything)
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof ProvisionError || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : (error.stack ?? error.message)}\n`);
  await runCleanup();
  process.exit(1);
});
