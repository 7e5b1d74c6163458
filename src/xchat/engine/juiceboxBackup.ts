import type { KeyBackup, RecoverOutcome } from './keyBackup';
import type { JuiceboxSetup } from './juiceboxConfig';
import { realmHex } from './juiceboxConfig';

/**
 * Key recovery from X's Juicebox realms with juicebox-sdk. The SDK finds realm tokens through one global callback
 * (`JuiceboxGetAuthToken`), so this runs in the encryption worker, whose globals are its own.
 */

/** The part of juicebox-sdk this uses (its WASM glue, once instantiated). */
export interface JuiceboxModule {
  Configuration: new (value: unknown) => unknown;
  Client: new (configuration: unknown, previous: unknown[]) => { recover(pin: Uint8Array, info: Uint8Array): Promise<Uint8Array> };
}

/** juicebox-sdk's RecoverErrorReason values. */
const REASON = { invalidPin: 0, notRegistered: 1 } as const;

type Global = typeof globalThis & { JuiceboxGetAuthToken?: (realmId: Uint8Array | string) => Promise<string> };

export class JuiceboxKeyBackup implements KeyBackup {
  constructor(
    private readonly setup: JuiceboxSetup,
    private readonly load: () => Promise<JuiceboxModule>,
  ) {}

  async recover(passcode: Uint8Array): Promise<RecoverOutcome> {
    const sdk = await this.load();
    (globalThis as Global).JuiceboxGetAuthToken = async (realmId) => {
      const token = this.setup.tokens.get(realmHex(realmId));
      if (token === undefined) throw new Error('no token for this realm');
      return token;
    };
    try {
      const client = new sdk.Client(new sdk.Configuration(this.setup.realmConfig), []);
      // Empty user info: X's clients register with none (the Chat XDK's setup/unlock pass an empty array).
      return { status: 'recovered', keyMaterial: await client.recover(passcode, new Uint8Array(0)) };
    } catch (error) {
      return outcomeOf(error);
    } finally {
      delete (globalThis as Global).JuiceboxGetAuthToken;
    }
  }
}

export function outcomeOf(error: unknown): RecoverOutcome {
  const e = (error ?? {}) as { reason?: unknown; guesses_remaining?: unknown };
  if (e.reason === REASON.invalidPin) {
    const left = e.guesses_remaining;
    return typeof left === 'number' && left >= 0 && left < 0xffff ? { status: 'wrongPasscode', guessesRemaining: left } : { status: 'wrongPasscode' };
  }
  if (e.reason === REASON.notRegistered) return { status: 'noBackup' };
  return { status: 'unavailable' };
}
