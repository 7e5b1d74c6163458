import type * as RuntimeModule from './runtime';
import type { Runtime, RuntimeHost } from './runtimeApi';

/**
 * The lazy boundary: dist/extension.js requires the sibling dist/runtime.js (src/runtime/runtime.ts) here, on first
 * use, so activation loads only what it needs (docs/decisions/014-lean-activation.md).
 */
export function loadRuntimeModule(): typeof RuntimeModule {
  // A literal path, so Node resolves it next to this bundle and tsx next to this source file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./runtime.js') as typeof RuntimeModule;
}

/** Starts the runtime once, on the first call that needs it, with the objects activation built. */
export class RuntimeLoader {
  private runtime: Runtime | undefined;

  constructor(private readonly host: () => RuntimeHost) {}

  /** Loads and starts the runtime; later calls get the same one. A failed load is tried again next time. */
  async get(): Promise<Runtime> {
    this.runtime ??= loadRuntimeModule().startRuntime(this.host());
    return this.runtime;
  }
}
