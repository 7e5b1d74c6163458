import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import type { ApiVersion } from '../emulator/spec';
import type { PrismProxy, Violation } from './emulatorPrism';
import { startPrismProxy } from './emulatorPrism';

/**
 * A world for driving X clients nobody here wrote: the emulator (default generation = the client's), Prism with
 * that version's document in front of it, and a recording front door in front of Prism that keeps each response's
 * `sl-violations`. Clients reach the front door by base URL where they have one, else through `xApiAgent` (an HTTP
 * agent that connects "api.x.com" to it) or, for code that calls global fetch with a fixed URL, `withXApiOrigin`
 * (both in test/harness/xApiRouting.ts).
 *
 * Two kinds of request go to the emulator without Prism, each recorded with the reason:
 * - the OAuth 2.0 endpoints (`/2/oauth2/*`): not in X's document;
 * - multipart bodies (chunked media append): Prism 5's proxy forwards bodies as text, so binary bytes arrive
 *   re-encoded (a 109-byte PNG arrives as 146 bytes), and its multipart parser fails 2.166's `MediaSegments` oneOf.
 *   The emulator still validates these requests against the document (400 otherwise) and self-checks its answers.
 * Prism also has no handler for the `http`/`OAuth` scheme (OAuth 1.0a): it reports "Invalid security scheme used"
 * on every OAuth 1.0a request. That one finding, on OAuth 1.0a-signed requests only, is not counted; the emulator
 * verifies those signatures itself (a wrong one is a 401).
 */

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** Prism's findings; empty for requests that bypass it. */
  violations: Violation[];
  viaPrism: boolean;
  bypass?: 'oauth2-endpoint' | 'binary-multipart';
  oauth1: boolean;
  /** The request's media type, e.g. application/json. */
  contentType: string;
}

export interface PeerWorld {
  emu: Emulator;
  /** http://127.0.0.1:PORT of the front door (use as a client's base URL). */
  url: string;
  port: number;
  log: Exchange[];
  close(): Promise<void>;
}

const OAUTH = /^\/(2|i)\/oauth2\//;

export async function startPeerWorld(version: ApiVersion): Promise<PeerWorld> {
  const emu = await startEmulator({ port: 0, preset: 'demo', apiVersion: version });
  let prism: PrismProxy | undefined;
  try {
    prism = await startPrismProxy(emu.url, version);
  } catch (error) {
    await emu.close();
    throw error;
  }
  const log: Exchange[] = [];
  const server = frontDoor(new URL(emu.url), new URL(prism.url), log);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    emu,
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await prism?.close();
      await emu.close();
    },
  };
}

function frontDoor(emu: URL, prism: URL, log: Exchange[]): Server {
  return createServer((req, res) => {
    const bypass = OAUTH.test(req.url ?? '')
      ? 'oauth2-endpoint'
      : (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
        ? 'binary-multipart'
        : undefined;
    const viaPrism = bypass === undefined;
    const target = viaPrism ? prism : emu;
    // Prism drops Host when it forwards; OAuth 1.0a signatures cover it, so pass it on as a proxy would.
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-forwarded-host': req.headers.host };
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        const raw = answer.headers['sl-violations'];
        log.push({
          method: req.method ?? 'GET',
          path: (req.url ?? '').split('?')[0] ?? '',
          status: answer.statusCode ?? 0,
          violations: typeof raw === 'string' ? (JSON.parse(raw) as Violation[]) : [],
          viaPrism,
          bypass,
          oauth1: /^OAuth\s/i.test(req.headers.authorization ?? ''),
          contentType: (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '',
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

/**
 * The browser's part of OAuth 2.0: open the library's authorize URL (x.com) on the emulator, press "Authorize app"
 * on the consent page, and return where X redirects (the app's callback with `code` and `state`).
 */
export async function approveInBrowser(world: PeerWorld, authorizeUrl: string): Promise<URL> {
  const link = new URL(authorizeUrl);
  assert.equal(`${link.origin}${link.pathname}`, 'https://x.com/i/oauth2/authorize');
  const page = await fetch(`${world.emu.url}${link.pathname}${link.search}`, { redirect: 'manual' });
  const html = await page.text();
  assert.equal(page.status, 200, html.slice(0, 300));
  const requestId = /name="request_id" value="([0-9a-f]+)"/.exec(html)?.[1];
  assert.ok(requestId, 'the consent page has a form');
  const decided = await fetch(`${world.emu.url}/i/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision: 'allow' }).toString(),
    redirect: 'manual',
  });
  assert.equal(decided.status, 302);
  return new URL(decided.headers.get('location') ?? '');
}

export async function admin(world: PeerWorld, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${world.emu.url}/__admin/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}

const cannotCheckOAuth1 = (e: Exchange, v: Violation): boolean =>
  e.oauth1 && v.location.length === 1 && v.location[0] === 'request' && v.message === 'Invalid security scheme used';

/** A request-side finding that is the client library's own doing (the emulator cannot cause or fix it). */
export interface PeerDeviation {
  method: string;
  path: RegExp;
  message: string;
}

const isDeviation = (e: Exchange, v: Violation, known: readonly PeerDeviation[]): boolean =>
  v.location[0] === 'request' && known.some((d) => d.method === e.method && d.path.test(e.path) && d.message === v.message);

/**
 * Every Prism finding (request or response side) over the proxied exchanges so far, except Prism's OAuth 1.0a gap
 * and the listed request-side deviations of the client library.
 */
export function prismViolations(world: PeerWorld, known: readonly PeerDeviation[] = []): { exchange: string; violation: Violation }[] {
  return world.log
    .filter((e) => e.viaPrism)
    .flatMap((e) =>
      e.violations
        .filter((v) => !cannotCheckOAuth1(e, v) && !isDeviation(e, v, known))
        .map((violation) => ({ exchange: `${e.method} ${e.path} → ${e.status}`, violation })),
    );
}

/** The listed deviations that did not occur (a stale entry means the library changed: drop it). */
export function unseenDeviations(world: PeerWorld, known: readonly PeerDeviation[]): PeerDeviation[] {
  return known.filter((d) => !world.log.some((e) => e.violations.some((v) => isDeviation(e, v, [d]))));
}

/** One line for the test output: how many requests, through Prism or around it and why, and the findings. */
export function peerSummary(name: string, version: ApiVersion, world: PeerWorld, known: readonly PeerDeviation[] = []): string {
  const count = (f: (e: Exchange) => boolean): number => world.log.filter(f).length;
  const oauth1Gap = world.log.reduce((n, e) => n + e.violations.filter((v) => cannotCheckOAuth1(e, v)).length, 0);
  return (
    `# PEER ${name}: ${world.log.length} requests, ${count((e) => e.viaPrism)} through Prism ${version} ` +
    `(${count((e) => e.oauth1)} OAuth 1.0a, ${oauth1Gap} "Invalid security scheme used" not counted), ` +
    `${count((e) => e.bypass === 'oauth2-endpoint')} OAuth 2.0 endpoint and ${count((e) => e.bypass === 'binary-multipart')} multipart requests around it, ` +
    `${world.log.reduce((n, e) => n + e.violations.filter((v) => isDeviation(e, v, known)).length, 0)} findings on the library's own ` +
    `request deviations, ${prismViolations(world, known).length} violations`
  );
}

export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';
export const CLIENT_ID = 'xdm-emulator-client';
