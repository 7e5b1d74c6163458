import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './apiPrism';

/**
 * Prism (Stoplight's OpenAPI validator) as a proxy in front of the emulator, for the emulator's contract test.
 *
 * Prism 5.x matches media types ignoring the structured-syntax suffix (`wildcardMediaTypeMatch` compares type and
 * subtype only), so an `application/problem+json` error body is validated against the *first* `default` content
 * entry, `application/json` → the legacy `Error` schema, and every correct Problem is reported as a violation.
 * Prism therefore gets a copy of the spec in which each `default` response lists `application/problem+json` first:
 * the same schemas and media types, only their order differs. (The emulator sends no legacy `{code,message}` error
 * from spec'd operations, so nothing is hidden by the reorder.)
 */

const SPEC = path.join(__dirname, '..', 'emulator', 'openapi', 'openapi-dm-2.166.json');
const PRISM_BIN = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'prism');

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export function problemFirstSpec(dir: string): string {
  const doc = JSON.parse(readFileSync(SPEC, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
  };
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      const content = op.responses?.default?.content;
      if (content?.['application/problem+json']) {
        const { ['application/problem+json']: problem, ...rest } = content;
        op.responses!.default!.content = { 'application/problem+json': problem, ...rest };
      }
    }
  }
  const file = path.join(dir, 'openapi-dm-2.166.problem-first.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

export async function startPrismProxy(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-prism-'));
  const spec = problemFirstSpec(dir);
  const port = await freePort();
  const child = spawn(PRISM_BIN, ['proxy', spec, upstream, '--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!/Prism is listening/.test(log)) {
    if (child.exitCode !== null) throw new Error(`prism exited early:\n${log}`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`prism did not start in 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

export function violationsOf(res: Response): Violation[] {
  const header = res.headers.get('sl-violations');
  return header ? (JSON.parse(header) as Violation[]) : [];
}
