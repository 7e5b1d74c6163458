import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { EmuContext } from '../../emulator/context';
import { juiceboxConfig } from '../../emulator/chat/publicKeys';
import { juiceboxSetup } from '../../../src/xchat/engine/juiceboxConfig';
import type { JuiceboxModule } from '../../../src/xchat/engine/juiceboxBackup';
import { JuiceboxKeyBackup, outcomeOf } from '../../../src/xchat/engine/juiceboxBackup';
import { loadJuicebox } from '../../../src/xchat/engine/juiceboxLoader';

/** The plumbing around juicebox-sdk: config from the public-key record, realm tokens, outcomes. No realm is reached. */

const record = juiceboxConfig({ baseUrl: 'http://127.0.0.1:9' } as EmuContext, '42');
type Global = typeof globalThis & { JuiceboxGetAuthToken?: (realm: Uint8Array | string) => Promise<string> };

/** A juicebox-sdk stand-in whose `recover` asks the global token callback for each realm, as the real SDK does. */
function fakeSdk(behaviour: (tokens: string[]) => Uint8Array | { reason: number; guesses_remaining?: number }): { sdk: JuiceboxModule; configs: unknown[] } {
  const configs: unknown[] = [];
  const sdk: JuiceboxModule = {
    Configuration: class {
      constructor(value: unknown) {
        configs.push(value);
      }
    },
    Client: class {
      async recover(): Promise<Uint8Array> {
        const ask = (globalThis as Global).JuiceboxGetAuthToken;
        assert.ok(ask, 'the token callback is armed during recovery');
        const tokens = [await ask(new Uint8Array(16).fill(0).map((_, i) => (i === 15 ? 1 : 0))), await ask('00000000000000000000000000000002')];
        const out = behaviour(tokens);
        if (out instanceof Uint8Array) return out;
        throw Object.assign(new Error('recover failed'), out);
      }
    },
  };
  return { sdk, configs };
}

test('the record\'s embedded realm config is used verbatim and its token map answers each realm', async () => {
  const setup = juiceboxSetup(record);
  assert.notEqual(setup, 'invalid');
  if (setup === 'invalid') return;
  assert.equal(setup.realmConfig, record.key_store_token_map_json);
  let seen: string[] = [];
  const { sdk, configs } = fakeSdk((tokens) => {
    seen = tokens;
    return new Uint8Array([1, 2, 3]);
  });
  const outcome = await new JuiceboxKeyBackup(setup, async () => sdk).recover(new TextEncoder().encode('4821'));
  assert.deepEqual(outcome, { status: 'recovered', keyMaterial: new Uint8Array([1, 2, 3]) });
  assert.deepEqual(configs, [record.key_store_token_map_json]);
  assert.deepEqual(seen, ['emulator-realm-token-1-42', 'emulator-realm-token-2-42']);
  assert.equal((globalThis as Global).JuiceboxGetAuthToken, undefined, 'the global callback is removed afterwards');
});

test('a bare token map becomes a majority-recover realm config', () => {
  const setup = juiceboxSetup({ token_map: (record.token_map as { key: string; value: { address: string; token: string } }[]) });
  assert.ok(setup !== 'invalid');
  const realm = JSON.parse(setup.realmConfig) as { realms: unknown[]; recover_threshold: number; register_threshold: number };
  assert.deepEqual([realm.realms.length, realm.register_threshold, realm.recover_threshold], [3, 3, 2]);
  assert.equal(juiceboxSetup({ token_map: [{ key: 'zz', value: { token: 't' } }] }), 'invalid');
  assert.equal(juiceboxSetup({ key_store_token_map_json: '[]', token_map: [] }), 'invalid');
  assert.equal(juiceboxSetup(null), 'invalid');
});

test('juicebox errors map to outcomes: wrong passcode with guesses left, no backup, unavailable', async () => {
  assert.deepEqual(outcomeOf({ reason: 0, guesses_remaining: 4 }), { status: 'wrongPasscode', guessesRemaining: 4 });
  assert.deepEqual(outcomeOf({ reason: 0, guesses_remaining: 0xffffff }), { status: 'wrongPasscode' }, 'the SDK\'s "none" sentinel is not a count');
  assert.deepEqual(outcomeOf({ reason: 1 }), { status: 'noBackup' });
  for (const reason of [2, 3, 4, 5, 6]) assert.deepEqual(outcomeOf({ reason }), { status: 'unavailable' });
  assert.deepEqual(outcomeOf(new TypeError('fetch failed')), { status: 'unavailable' });
  const setup = juiceboxSetup(record);
  assert.ok(setup !== 'invalid');
  const { sdk } = fakeSdk(() => ({ reason: 0, guesses_remaining: 2 }));
  assert.deepEqual(await new JuiceboxKeyBackup(setup, async () => sdk).recover(new Uint8Array([9])), { status: 'wrongPasscode', guessesRemaining: 2 });
});

test('the real juicebox-sdk loads from its WASM and accepts the record\'s realm config', async () => {
  const wasm = path.join(__dirname, '..', '..', '..', 'node_modules', 'juicebox-sdk', 'juicebox-sdk_bg.wasm');
  const sdk = await loadJuicebox(wasm);
  const setup = juiceboxSetup(record);
  assert.ok(setup !== 'invalid');
  assert.doesNotThrow(() => new sdk.Client(new sdk.Configuration(setup.realmConfig), []));
});
