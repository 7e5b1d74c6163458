import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiVersion } from '../emulator/spec';
import { freePort } from './apiPrism';

/**
 * Prism (Stoplight's OpenAPI validator) as a proxy in front of the emulator, with X's document of one API version
 * exactly as published (test/emulator/openapi/).
 *
 * Prism 5.x matches media types ignoring the structured-syntax suffix (`wildcardMediaTypeMatch` compares type and
 * subtype only), so every error body, `application/problem+json` included, is checked against the *first*
 * `default` content entry: `application/json` → the legacy `Error` schema (`code`, `message`). The emulator's error
 * bodies carry those members next to the Problem ones; the Problem side is checked by ajv per media type.
 *
 * One repair: 2.167 lists `attachments.media_keys` twice in the DM `expansions` enum. JSON Schema forbids duplicate
 * enum values, and Prism then silently skips *all* query validation of the operations using it; Prism gets a copy
 * with duplicate enum values dropped (the same set of allowed values).
 */

const PRISM_BIN = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'prism');

export function specPath(version: ApiVersion): string {
  return path.join(__dirname, '..', 'emulator', 'openapi', `openapi-dm-${version}.json`);
}

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export interface PrismProxy {
  url: string;
  close(): Promise<void>;
}

/** X's 2.167 X Chat subset (the `/2/activity/*` paths): the Activity API's contract. */
export function chatSpecPath(): string {
  return path.join(__dirname, '..', 'emulator', 'openapi', 'openapi-chat-2.167.json');
}

/** Writes the version's document (or `source`) with duplicate enum values removed; returns its path. */
export function dedupedSpec(version: ApiVersion, dir: string, source = specPath(version)): string {
  const dedupe = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(dedupe);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.enum)) record.enum = [...new Set(record.enum)];
      Object.values(record).forEach(dedupe);
    }
  };
  const doc: unknown = JSON.parse(readFileSync(source, 'utf8'));
  dedupe(doc);
  const file = path.join(dir, path.basename(source));
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

export async function startPrismProxy(upstream: string, version: ApiVersion = '2.166', source = specPath(version)): Promise<PrismProxy> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-prism-'));
  const child = spawn(PRISM_BIN, ['proxy', dedupedSpec(version, dir, source), upstream, '--port', String(port), '--host', '127.0.0.1'], {
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
