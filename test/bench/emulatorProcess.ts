import { fork } from 'node:child_process';

/**
 * The emulator in its own process, for benches that report CPU: the bench's `process.cpuUsage()` then counts the
 * client alone, not the emulator building and serialising every page. `cpuMs()` reads the emulator's own CPU so a
 * bench can still print the in-process total. Run as a script (by `forkEmulator`) this file is the child.
 */
export interface ForkedEmulator {
  url: string;
  port: number;
  /** The emulator process's CPU (user + system) so far, in ms. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

export async function forkEmulator(preset: string): Promise<ForkedEmulator> {
  // fork() reuses this process's execArgv, so the child runs the TypeScript emulator through the same tsx loader.
  const child = fork(__filename, [preset], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve(String(message)));
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before listening`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    cpuMs: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message) => resolve(Number(message)));
        child.send('cpu');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function runChild(preset: string): Promise<void> {
  const { startEmulator } = await import('../emulator/server');
  const emu = await startEmulator({ port: 0, preset, rateLimits: { dmRead: 1_000_000 }, selfCheck: false });
  process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
  process.on('message', () => {
    const cpu = process.cpuUsage();
    process.send?.((cpu.user + cpu.system) / 1000);
  });
  process.send?.(emu.url);
}

if (require.main === module && process.send) void runChild(process.argv[2] ?? 'large:9000');
