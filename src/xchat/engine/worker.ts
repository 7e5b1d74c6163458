import { parentPort, workerData } from 'node:worker_threads';
import * as v from 'valibot';
import type { EngineReply, EngineRequest, UnlockOutcome } from './protocol';
import { RequestSchema } from './protocol';
import { EngineSession, LockedError } from './session';
import { JuiceboxKeyBackup } from './juiceboxBackup';
import { juiceboxSetup } from './juiceboxConfig';
import { loadJuicebox } from './juiceboxLoader';

/**
 * Entry of the encryption worker (dist/xchat-engine.js): answers the host's requests one at a time, in order, so a
 * decrypt never races an unlock or a lock. Errors leave as codes only; nothing is logged.
 */

const WorkerDataSchema = v.object({ juiceboxWasm: v.string() });
const { juiceboxWasm } = v.parse(WorkerDataSchema, workerData);
const session = new EngineSession();

async function unlockWithJuicebox(req: Extract<EngineRequest, { op: 'unlockWithJuicebox' }>): Promise<UnlockOutcome> {
  try {
    const setup = juiceboxSetup(req.juiceboxConfig);
    if (setup === 'invalid') return { status: 'unavailable' };
    const outcome = await new JuiceboxKeyBackup(setup, () => loadJuicebox(juiceboxWasm)).recover(req.passcode);
    if (outcome.status !== 'recovered') return outcome;
    await session.setIdentity(req.userId, req.signingKeyVersion, outcome.keyMaterial);
    return { status: 'unlocked' };
  } finally {
    req.passcode.fill(0);
  }
}

async function run(req: EngineRequest): Promise<unknown> {
  switch (req.op) {
    case 'setIdentity':
      await session.setIdentity(req.userId, req.signingKeyVersion, req.keyMaterial);
      return { unlocked: true };
    case 'unlockWithJuicebox':
      return unlockWithJuicebox(req);
    case 'setSigningKeys':
      return { count: await session.setSigningKeys(req.keys) };
    case 'decrypt':
      return { events: await session.decrypt(req.keyChangeEvents, req.events) };
    case 'encryptMessage':
      return session.encryptMessage(req.conversationId, req.text);
    case 'prepareKeyChange':
      return session.prepareKeyChange(req.publicKeys);
    case 'decryptMedia':
      return { bytes: await session.decryptMedia(req.conversationId, req.mediaHashKey, req.ciphertext) };
    case 'lock':
      await session.lock();
      return { locked: true };
  }
}

async function answer(message: unknown): Promise<EngineReply> {
  const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
  const parsed = v.safeParse(RequestSchema, message);
  if (!parsed.success) {
    // Key material or a passcode in a refused request is still zeroed.
    for (const field of ['keyMaterial', 'passcode']) {
      const bytes = (message as Record<string, unknown> | null)?.[field];
      if (bytes instanceof Uint8Array) bytes.fill(0);
    }
    return { id, ok: false, code: 'invalidRequest' };
  }
  try {
    return { id, ok: true, result: await run(parsed.output) };
  } catch (error) {
    return { id, ok: false, code: error instanceof LockedError ? 'locked' : 'failed' };
  }
}

let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: unknown) => {
  queue = queue.then(async () => {
    const reply = await answer(message);
    // Decrypted media moves to the host rather than being copied (only a buffer the array owns whole).
    const bytes = reply.ok ? (reply.result as { bytes?: unknown } | undefined)?.bytes : undefined;
    const owned = bytes instanceof Uint8Array && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    parentPort?.postMessage(reply, owned ? [bytes.buffer as ArrayBuffer] : []);
  });
});
