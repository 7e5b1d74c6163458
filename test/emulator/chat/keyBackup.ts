import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json } from '../http';
import { authenticate } from '../auth/authenticate';
import { unauthorized } from '../problems';
import { EMULATOR_MAX_GUESSES } from './publicKeys';

/**
 * The emulator's stand-in for Juicebox (whose realms cannot run locally): a user's X Chat key material kept behind a
 * passcode, with Juicebox's guess accounting. Every recovery attempt counts a guess; `EMULATOR_MAX_GUESSES` wrong
 * ones in a row destroy the backup for good (as X's `max_guess_count` says); a right one resets the count.
 */

export interface KeyBackupRecord {
  passcode: string;
  /** base64, the Chat XDK's key material as a recovery returns it; dropped when destroyed. */
  keyMaterial?: string;
  /** Every attempt, right or wrong (what tests assert). */
  guesses: number;
  wrongInARow: number;
}

export function storeKeyBackup(ctx: EmuContext, userId: string, passcode: string, keyMaterial: string): void {
  ctx.store.chat.keyBackups.set(userId, { passcode, keyMaterial, guesses: 0, wrongInARow: 0 });
}

export type RecoverAnswer =
  | { status: 'recovered'; key_material: string }
  | { status: 'wrongPasscode'; guesses_remaining: number }
  | { status: 'noBackup' };

export function recoverKeyBackup(ctx: EmuContext, userId: string, passcode: string): RecoverAnswer {
  const record = ctx.store.chat.keyBackups.get(userId);
  if (!record) return { status: 'noBackup' };
  record.guesses++;
  if (!record.keyMaterial) return { status: 'noBackup' };
  if (passcode === record.passcode) {
    record.wrongInARow = 0;
    return { status: 'recovered', key_material: record.keyMaterial };
  }
  record.wrongInARow++;
  const left = Math.max(0, EMULATOR_MAX_GUESSES - record.wrongInARow);
  if (left === 0) record.keyMaterial = undefined;
  return { status: 'wrongPasscode', guesses_remaining: left };
}

export function keyBackupStats(ctx: EmuContext, userId: string): { guesses: number; guesses_remaining: number; destroyed: boolean } | undefined {
  const record = ctx.store.chat.keyBackups.get(userId);
  if (!record) return undefined;
  return { guesses: record.guesses, guesses_remaining: record.keyMaterial ? EMULATOR_MAX_GUESSES - record.wrongInARow : 0, destroyed: !record.keyMaterial };
}

/**
 * `POST /__emulator/keybackup/recover` `{passcode}` with the user's X API credentials. Always 200 with the outcome,
 * as the client's `KeyBackup` sees it; the passcode is never logged or echoed.
 */
export function handleKeyBackupRecover(ctx: EmuContext, req: EmuRequest): EmuResponse {
  if (req.method !== 'POST') return json(405, { error: 'use POST' });
  const caller = authenticate(req, ctx.tokens, [ctx.baseUrl], Math.floor(Date.now() / 1000));
  if ('status' in caller) return caller;
  if (caller.kind !== 'user') return unauthorized(); // the app-only bearer names nobody whose keys could come back
  let passcode: unknown;
  try {
    passcode = (JSON.parse(req.body.toString('utf8')) as { passcode?: unknown } | null)?.passcode;
  } catch {
    passcode = undefined;
  }
  if (typeof passcode !== 'string') return json(400, { error: 'body must be JSON {"passcode": string}' });
  return json(200, recoverKeyBackup(ctx, caller.userId, passcode));
}
