// Small process helpers shared by provisioning and the runners.
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import net from 'node:net';

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a command to completion, appending its output to `logFile` (and echoing it when `echo`). */
export function run(cmd: string, args: string[], options: SpawnOptions & { logFile?: string; echo?: boolean } = {}): Promise<RunResult> {
  const { logFile, echo, ...spawnOptions } = options;
  return new Promise((resolve) => {
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
    log?.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    let output = '';
    const child = spawn(cmd, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      log?.write(chunk);
      if (echo) process.stdout.write(chunk);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (error) => {
      output += String(error);
      log?.end(`${String(error)}\n`);
      resolve({ code: 127, output });
    });
    child.on('close', (code) => {
      log?.end(`[exit ${code}]\n`);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** Runs a command with inherited stdio (its output streams straight to ours) and resolves with its exit code. */
export function runInherit(cmd: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** A free TCP port on 127.0.0.1 (the preferred one when it is free). */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error) => {
      if (preferred !== 0) resolve(freePort(0));
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
