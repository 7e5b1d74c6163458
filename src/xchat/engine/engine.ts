import type { Worker } from 'node:worker_threads';
import * as v from 'valibot';
import type { EngineErrorCode, EngineOp, EngineRequest, EngineResult } from './protocol';
import { RESULT_SCHEMAS, ReplySchema } from './protocol';

/**
 * The host's handle on the encryption worker. Nothing starts until the first request (the extension's activation
 * never loads the Chat XDK); `dispose` locks and ends the worker. Replies are validated before anyone sees them.
 */

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode | 'workerExited') {
    super(`X Chat encryption engine: ${code}`);
  }
}

/** A request without its id (the engine numbers them). */
export type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;

export class EncryptionEngine {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { op: EngineOp; resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** `spawn` starts the worker (dist/xchat-engine.js in the extension; the TypeScript entry in tests). */
  constructor(private readonly spawn: () => Worker) {}

  get started(): boolean {
    return this.worker !== undefined;
  }

  request<B extends RequestBody>(body: B, transfer: ArrayBuffer[] = []): Promise<EngineResult<B['op']>> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op: body.op, resolve: resolve as (value: unknown) => void, reject });
      worker.ref(); // an answer is owed: keep the process alive until it comes (idle workers are unref'd)
      worker.postMessage({ ...body, id }, transfer);
    });
  }

  /** Locks the keys and stops the worker; a later request starts a fresh, locked one. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.request({ op: 'lock' }).catch(() => undefined);
    this.worker = undefined;
    await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.on('message', (message: unknown) => this.settle(message));
    const fail = (): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new EngineError('workerExited'));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(message: unknown): void {
    const reply = v.safeParse(ReplySchema, message);
    if (!reply.success) return;
    const waiting = this.pending.get(reply.output.id);
    if (!waiting) return;
    this.pending.delete(reply.output.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (!reply.output.ok) return waiting.reject(new EngineError(reply.output.code));
    const result = v.safeParse(RESULT_SCHEMAS[waiting.op], reply.output.result);
    if (result.success) waiting.resolve(result.output);
    else waiting.reject(new EngineError('failed'));
  }
}
