import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { EmuContext } from '../context';
import type { PartyReply, PartyRequestBody } from './partyProtocol';

/** The emulator's side of the party worker: started on first use, one per emulator, stopped with it. */

interface Party {
  worker: Worker;
  nextId: number;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
}

const parties = new WeakMap<EmuContext, Party>();
/** Requests to send before the next one (key imports), so a world reset never has to start the worker. */
const queued = new WeakMap<EmuContext, PartyRequestBody[]>();

/** Sends `body` ahead of the next request; its answer is not awaited (imports cannot fail short of a dead worker). */
export function queueForParty(ctx: EmuContext, body: PartyRequestBody): void {
  queued.set(ctx, [...(queued.get(ctx) ?? []), body]);
}

function start(): Party {
  // The emulator runs under tsx; a worker does not inherit its loader, so the entry registers it first.
  const entry = path.join(__dirname, 'partyWorker.ts');
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true });
  const party: Party = { worker, nextId: 1, pending: new Map() };
  worker.on('message', (reply: PartyReply) => {
    const waiting = party.pending.get(reply.id);
    party.pending.delete(reply.id);
    if (reply.error !== undefined) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply.result);
  });
  worker.on('error', (error) => {
    for (const w of party.pending.values()) w.reject(error);
    party.pending.clear();
  });
  worker.unref();
  return party;
}

export function askParty<T>(ctx: EmuContext, body: PartyRequestBody): Promise<T> {
  let party = parties.get(ctx);
  if (!party) {
    party = start();
    parties.set(ctx, party);
  }
  for (const early of queued.get(ctx) ?? []) party.worker.postMessage({ ...early, id: party.nextId++ });
  queued.delete(ctx);
  const id = party.nextId++;
  const p = party;
  return new Promise<T>((resolve, reject) => {
    p.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    p.worker.postMessage({ ...body, id });
  });
}

export async function stopChatParty(ctx: EmuContext): Promise<void> {
  const party = parties.get(ctx);
  parties.delete(ctx);
  if (party) await party.worker.terminate();
}
