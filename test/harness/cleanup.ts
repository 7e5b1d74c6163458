// One registry of things to tear down (processes, scratch folders), run on normal exit paths and on Ctrl+C /
// SIGTERM, so an interrupted test run never leaves code-server, chromium or the emulator behind.
type Task = () => Promise<void> | void;

const tasks = new Map<number, Task>();
const syncKills = new Map<number, () => void>();
let nextId = 1;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n[harness] ${signal}: stopping everything\n`);
      void runCleanup().finally(() => process.exit(code));
    });
  }
  // Last resort when the process exits without awaiting cleanup: kill process groups synchronously.
  process.once('exit', () => {
    for (const kill of syncKills.values()) kill();
  });
}

/** Registers a teardown; returns a function that unregisters it (call after a successful manual close). */
export function onCleanup(task: Task, syncKill?: () => void): () => void {
  install();
  const id = nextId++;
  tasks.set(id, task);
  if (syncKill) syncKills.set(id, syncKill);
  return () => {
    tasks.delete(id);
    syncKills.delete(id);
  };
}

/** Runs every registered teardown, newest first; errors are reported, never thrown. */
export async function runCleanup(): Promise<void> {
  const pending = [...tasks.entries()].reverse();
  tasks.clear();
  for (const [id, task] of pending) {
    try {
      await task();
    } catch (error) {
      process.stderr.write(`[harness] cleanup failed: ${String(error)}\n`);
    }
    syncKills.delete(id);
  }
}
