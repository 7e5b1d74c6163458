import { readFile } from 'node:fs/promises';
import type { JuiceboxModule } from './juiceboxBackup';

/**
 * Loads juicebox-sdk (2.9 MB of WASM) the way Node can: its package is built for bundlers that import `.wasm`, so
 * the glue is imported and the WASM instantiated from `wasmPath` (dist/ next to the worker, or node_modules in tests).
 */
export async function loadJuicebox(wasmPath: string): Promise<JuiceboxModule> {
  const glue = await import('juicebox-sdk/juicebox-sdk_bg.js');
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './juicebox-sdk_bg.js': glue as unknown as WebAssembly.ModuleImports });
  glue.__wbg_set_wasm(instance.exports);
  return glue as unknown as JuiceboxModule;
}
