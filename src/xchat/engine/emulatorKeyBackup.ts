import ky from 'ky';
import * as v from 'valibot';
import { isLoopbackHost } from '../../auth/endpointPolicy';
import type { KeyBackup, RecoverOutcome } from './keyBackup';

/**
 * Key recovery against the X API emulator's Juicebox stand-in (`POST /__emulator/keybackup/recover`), for `npm start`
 * and the code-server tests, where real Juicebox realms cannot run. Never used against X: the endpoint exists only
 * for a loopback API base URL, and the wiring enables it only in non-production builds.
 *
 * The passcode travels as a JSON string, so a copy lives in a JS string until garbage collection; the caller still
 * owns and zeroes the bytes it passed in. The emulator keeps Juicebox's guess accounting, so every call is a guess.
 */

const RecoverResponseSchema = v.variant('status', [
  v.object({ status: v.literal('recovered'), key_material: v.pipe(v.string(), v.base64()) }),
  v.object({ status: v.literal('wrongPasscode'), guesses_remaining: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ status: v.literal('noBackup') }),
]);

const RECOVER_PATH = '/__emulator/keybackup/recover';
const DEFAULT_TIMEOUT_MS = 15_000;

/** The emulator's recovery URL for an API base URL on this computer; undefined for anything else (X itself). */
export function emulatorKeyBackupEndpoint(apiBaseUrl: string): URL | undefined {
  let base: URL;
  try {
    base = new URL(apiBaseUrl);
  } catch {
    return undefined;
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return undefined;
  if (!isLoopbackHost(base.hostname)) return undefined;
  return new URL(RECOVER_PATH, base.origin);
}

export class EmulatorKeyBackup implements KeyBackup {
  /** `authorization` returns the `Authorization` header value (the signed-in user's bearer token). */
  constructor(
    private readonly endpoint: URL,
    private readonly authorization: () => Promise<string>,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async recover(passcode: Uint8Array): Promise<RecoverOutcome> {
    let body: unknown;
    try {
      const response = await ky.post(this.endpoint, {
        json: { passcode: new TextDecoder().decode(passcode) },
        headers: { authorization: await this.authorization(), accept: 'application/json' },
        // Each attempt spends one of the backup's guesses: never repeat one on our own.
        retry: 0,
        timeout: this.timeoutMs,
        throwHttpErrors: false,
      });
      if (response.status !== 200) return { status: 'unavailable' };
      body = await response.json();
    } catch {
      return { status: 'unavailable' };
    }
    const parsed = v.safeParse(RecoverResponseSchema, body);
    if (!parsed.success) return { status: 'unavailable' };
    const answer = parsed.output;
    switch (answer.status) {
      case 'recovered': return { status: 'recovered', keyMaterial: new Uint8Array(Buffer.from(answer.key_material, 'base64')) };
      case 'wrongPasscode': return { status: 'wrongPasscode', guessesRemaining: answer.guesses_remaining };
      case 'noBackup': return { status: 'noBackup' };
    }
  }
}
