import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { EncryptionEngine } from './engine';

/**
 * The engine as shipped: the worker bundle `xchat-engine.js` and the two WASM files esbuild.mjs copies beside it
 * (`pkg/chat_xdk_wasm_bg.wasm`, `juicebox-sdk_bg.wasm`). Nothing is read from node_modules, so a .vsix works offline.
 */
export function bundledEngine(distDir: string): EncryptionEngine {
  return new EncryptionEngine(
    () => new Worker(path.join(distDir, 'xchat-engine.js'), { workerData: { juiceboxWasm: path.join(distDir, 'juicebox-sdk_bg.wasm') } }),
  );
}
