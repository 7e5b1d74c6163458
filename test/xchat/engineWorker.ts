import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { EncryptionEngine } from '../../src/xchat/engine/engine';

/** An engine whose worker runs the TypeScript entry under tsx (the extension runs dist/xchat-engine.js). */
export function testEngine(): EncryptionEngine {
  const root = path.join(__dirname, '..', '..');
  const entry = path.join(root, 'src', 'xchat', 'engine', 'worker.ts');
  const juiceboxWasm = path.join(root, 'node_modules', 'juicebox-sdk', 'juicebox-sdk_bg.wasm');
  return new EncryptionEngine(
    () => new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData: { juiceboxWasm } }),
  );
}

export const utf8 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(new TextEncoder().encode(text));
