// The API client inside a real extension host (ky and fetch as bundled by esbuild, the host's Node), against the
// X emulator whose URL the harness passes in XDM_EMULATOR_URL.
import { clientScenarios, freshContext } from './clientScenarios';

const emulatorUrl = process.env.XDM_EMULATOR_URL;

suite('API client against the emulator (extension host)', () => {
  for (const [name, scenario] of Object.entries(clientScenarios)) {
    test(name, async function () {
      if (!emulatorUrl) this.skip();
      await scenario(await freshContext(emulatorUrl as string));
    });
  }
  suiteTeardown(async () => {
    // Leave the shared emulator as the next suite expects it: demo world, no pending faults.
    if (emulatorUrl) await fetch(`${emulatorUrl}/__admin/reset`, { method: 'POST', body: JSON.stringify({ preset: 'demo' }) });
  });
});
