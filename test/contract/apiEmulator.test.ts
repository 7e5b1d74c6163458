import { after, before, test } from 'node:test';
import { clientScenarios, freshContext } from '../integration/api/clientScenarios';
import { startEmulator, type Emulator } from '../emulator/server';

/** The extension-host client scenarios, run in plain Node against an in-process emulator (fast feedback). */
let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ port: 0, preset: 'demo' });
});
after(async () => {
  await emulator?.close();
});

for (const [name, scenario] of Object.entries(clientScenarios)) {
  test(name, async () => scenario(await freshContext(emulator.url)));
}
