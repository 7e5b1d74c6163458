import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Starts Stoplight Prism (a real OpenAPI validator) on a free loopback port, either as a validating proxy in front
 * of an upstream (`proxy`) or as a mock that answers from the spec's own examples (`mock`, static mode).
 * Used by the API client's contract tests (test/contract/api*.test.ts); named api* because that folder is shared.
 */
export const SPEC_PATH = fileURLToPath(new URL('../emulator/openapi/openapi-dm-2.166.json', import.meta.url));
const PRISM_BIN = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));

export interface PrismHandle {
  url: string;
  output(): string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrism(mode: { proxy: string } | { mock: true }): Promise<PrismHandle> {
  const port = await freePort();
  const args =
    'proxy' in mode
      ? ['proxy', SPEC_PATH, mode.proxy, '--port', String(port), '--host', '127.0.0.1']
      : ['mock', SPEC_PATH, '--port', String(port), '--host', '127.0.0.1'];
  const child: ChildProcess = spawn(PRISM_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited early:\n${log}`);
    if (/Prism is listening/.test(log)) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`prism did not start in 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => log,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Violation {
  location: string[];
  severity: string;
  code?: string;
  message: string;
}

/** A fetch that records, per request, Prism's `sl-violations` header. */
export function violationRecordingFetch(): { fetch: typeof fetch; log: { method: string; path: string; status: number; violations: Violation[] }[] } {
  const log: { method: string; path: string; status: number; violations: Violation[] }[] = [];
  const recording = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const response = await fetch(request);
    const header = response.headers.get('sl-violations');
    log.push({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      violations: header ? (JSON.parse(header) as Violation[]) : [],
    });
    return response;
  };
  return { fetch: recording as typeof fetch, log };
}
