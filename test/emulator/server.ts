import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmuContext } from './context';
import type { EmuRequest, EmuResponse } from './http';
import { json, readBody, writeResponse } from './http';
import { handleAdmin } from './admin';
import { handleChatAdmin } from './chat/admin';
import { stopChatParty } from './chat/party';
import { handleKeyBackupRecover } from './chat/keyBackup';
import { authenticate, authorize } from './auth/authenticate';
import { TokenStore } from './auth/tokens';
import { authorizeGet, authorizePost, revoke, token } from './auth/oauth2';
import { Faults, breakSchema, writeCutOff } from './faults';
import { newAutoReply, stopAutoReplies } from './dm/autoReply';
import type { FaultSpec } from './faults';
import { buildStore } from './generator/presets';
import { seedDemoChat } from './generator/demoChat';
import { makePng } from './generator/png';
import { genericStatus, invalidRequest, tooManyRequests } from './problems';
import type { InvalidParam } from './problems';
import type { RateLimitConfig } from './rateLimit';
import { RateLimiter } from './rateLimit';
import { matchRoute } from './routes';
import { ActivityHub, attachActivity, dispatchActivity, openStream } from './activity';
import { Stats } from './stats';
import { EmuClock } from './store';
import { validateRequest, validateResponse } from './validation';
import { detectGeneration } from './generation';
import type { ApiVersion } from './spec';
import { problemTypes } from './spec';

/** The X API emulator: `startEmulator()` for tests, `cli.ts` for `npm run emulator`. Binds 127.0.0.1 only. */

export interface EmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** 'demo' (default) | 'empty' | `large:${n}`. */
  preset?: string;
  /** Accept any http://127.0.0.1:<port>/callback redirect URI (X itself requires exact registration). */
  anyLoopbackPort?: boolean;
  rateLimits?: Partial<RateLimitConfig>;
  /** Fixed start time (epoch ms) for a fully deterministic world; default: the wall clock. */
  now?: number;
  /** Check every JSON response against the spec and record violations in stats (default true). */
  selfCheck?: boolean;
  /** Demo liveliness: the other side answers your sends after this many ms (off when undefined). */
  autoReplyMs?: number;
  /** The API generation for requests that use neither 2.166 nor 2.167 names (default '2.166'); see generation.ts. */
  apiVersion?: ApiVersion;
}

export interface Emulator {
  url: string;
  port: number;
  /** Live state for in-process tests (store, tokens, clock, stats...). */
  ctx: EmuContext;
  stats(): Record<string, unknown>;
  close(): Promise<void>;
}

const NOT_FOUND_BODY = { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] };

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new EmuClock(options.now);
  const preset = options.preset ?? 'demo';
  const ctx: EmuContext = {
    store: buildStore(preset, clock),
    clock,
    tokens: new TokenStore(clock),
    rateLimiter: new RateLimiter(options.rateLimits),
    stats: new Stats(),
    faults: new Faults(),
    consent: { mode: 'manual' },
    anyLoopbackPort: options.anyLoopbackPort ?? false,
    baseUrl: '',
    preset,
    autoReply: newAutoReply(options.autoReplyMs),
    activity: new ActivityHub(),
  };
  attachActivity(ctx);
  if (preset === 'demo') await seedDemoChat(ctx);
  const selfCheck = options.selfCheck ?? true;
  const fallback = options.apiVersion ?? '2.166';
  const responseViolations: { operationId: string; status: number; errors: string[] }[] = [];
  const server = createServer((req, res) => {
    void handle(ctx, req, res, { selfCheck, fallback }, responseViolations).catch(() => {
      if (!res.headersSent) writeResponse(res, genericStatus(500));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: ctx.baseUrl,
    port,
    ctx,
    stats: () => ({ ...ctx.stats.toJSON(), response_violations: responseViolations }),
    close: () =>
      new Promise<void>((resolve) => {
        stopAutoReplies(ctx.autoReply);
        void stopChatParty(ctx);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  ctx: EmuContext,
  req: IncomingMessage,
  res: ServerResponse,
  { selfCheck, fallback }: { selfCheck: boolean; fallback: ApiVersion },
  responseViolations: { operationId: string; status: number; errors: string[] }[],
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.baseUrl);
  const detected = detectGeneration(url.searchParams, fallback);
  const emuReq: EmuRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: await readBody(req),
    params: {},
    generation: typeof detected === 'string' ? detected : '2.167',
  };
  const generation = emuReq.generation ?? '2.166';
  if (emuReq.path.startsWith('/__admin/chat/')) {
    writeResponse(res, await handleChatAdmin(ctx, emuReq, req.socket.remoteAddress));
    return;
  }
  if (emuReq.path.startsWith('/__admin/')) {
    const out = handleAdmin(ctx, emuReq, req.socket.remoteAddress);
    // The demo's X Chat side needs the party (async); the reset answers once the world is whole.
    if (emuReq.path === '/__admin/reset' && out.status === 200 && ctx.preset === 'demo') await seedDemoChat(ctx);
    if (emuReq.path === '/__admin/stats' && out.status === 200) {
      out.body = { ...(out.body as Record<string, unknown>), response_violations: responseViolations };
      if (emuReq.method === 'DELETE') responseViolations.length = 0;
    }
    writeResponse(res, out);
    return;
  }
  if (emuReq.path.startsWith('/__emulator/keybackup/') && !['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '')) {
    writeResponse(res, json(403, { error: 'emulator routes are loopback only' }));
    return;
  }
  const record = (status: number): void =>
    ctx.stats.record({ method: emuReq.method, path: emuReq.path, query: Object.fromEntries(url.searchParams), status });
  const fault = ctx.faults.take(emuReq.method, emuReq.path);
  if (fault?.delay_ms) await new Promise((r) => setTimeout(r, fault.delay_ms));
  if (fault?.reset_connection) {
    record(0);
    req.socket.destroy();
    return;
  }
  if (fault && (fault.malformed || (fault.status !== undefined && !fault.schema_break))) {
    const out = inGeneration(faultResponse(fault, ctx.clock.now()), generation);
    record(out.status);
    writeResponse(res, out);
    return;
  }
  if (emuReq.method === 'GET' && emuReq.path === '/2/activity/stream') return void record(openStream(ctx, emuReq, req, res));
  const dispatched = dispatch(ctx, emuReq, typeof detected === 'string' ? undefined : detected.conflict);
  const { operationId } = dispatched;
  if (fault?.drop_response) {
    record(0);
    req.socket.destroy();
    return;
  }
  const answeredIn = emuReq.generation ?? generation; // a route pinned to one generation (X Chat) may change it
  const out = inGeneration(dispatched.out, answeredIn);
  if (fault?.schema_break && out.body !== undefined) {
    out.body = breakSchema(out.body);
    if (fault.status !== undefined) out.status = fault.status;
  } else if (selfCheck && operationId && out.body !== undefined) {
    const errors = validateResponse(operationId, out.status, out.headers['content-type'] ?? '', out.body, answeredIn);
    if (errors.length) responseViolations.push({ operationId, status: out.status, errors });
  }
  record(out.status);
  if (fault?.truncate_body) writeCutOff(res, out);
  else writeResponse(res, out);
}

function faultResponse(fault: FaultSpec, now: number): EmuResponse {
  if (fault.malformed) {
    return { status: fault.status ?? 200, headers: { 'content-type': 'application/json; charset=utf-8' }, raw: '{"data":[{"id":"18",}]}' };
  }
  const status = fault.status as number;
  const out =
    fault.body !== undefined ? json(status, fault.body) : status === 429 ? tooManyRequests() : genericStatus(status);
  if (status === 429) {
    out.headers['x-rate-limit-limit'] = '15';
    out.headers['x-rate-limit-remaining'] = '0';
    out.headers['x-rate-limit-reset'] = String(Math.ceil(now / 1000) + 900);
  }
  return out;
}

/**
 * A Problem whose `type` the requested document's Problem does not describe (2.167 lists no `about:blank` nor
 * `unsupported-authentication`) goes out as the other error representation that document gives every operation:
 * `application/json` `Error`, which the body also satisfies (`code`, `message`).
 */
function inGeneration(out: EmuResponse, generation: ApiVersion): EmuResponse {
  const known = problemTypes(generation);
  const type = (out.body as { type?: unknown } | undefined)?.type;
  if (known && out.headers['content-type'] === 'application/problem+json' && typeof type === 'string' && !known.has(type)) {
    out.headers['content-type'] = 'application/json; charset=utf-8';
  }
  return out;
}

const AVATAR_CACHE = new Map<string, Buffer>();

function dispatch(ctx: EmuContext, req: EmuRequest, mixedGenerations?: InvalidParam[]): { out: EmuResponse; operationId?: string } {
  const key = `${req.method} ${req.path}`;
  // x.com serves /i/oauth2/authorize; the spec's securitySchemes name api.x.com/2/oauth2/authorize: accept both.
  if (key === 'GET /i/oauth2/authorize' || key === 'GET /2/oauth2/authorize') return { out: authorizeGet(ctx, req) };
  if (key === 'POST /i/oauth2/authorize') return { out: authorizePost(ctx, req) };
  if (key === 'POST /2/oauth2/token') return { out: token(ctx, req) };
  if (key === 'POST /2/oauth2/revoke') return { out: revoke(ctx, req) };
  const avatar = /^\/__emulator\/avatar\/([0-9]{1,19})\.png$/.exec(req.path);
  if (req.method === 'GET' && avatar) {
    const id = avatar[1] as string;
    let png = AVATAR_CACHE.get(id);
    if (!png) {
      const h = Number(BigInt(id) % 360n);
      png = makePng(48, 48, [h % 256, (h * 3) % 256, 200], [40, (h * 7) % 256, h % 200]);
      AVATAR_CACHE.set(id, png);
    }
    return { out: { status: 200, raw: png, headers: { 'content-type': 'image/png' } } };
  }
  // Recorded in stats and subject to faults like an API call, so tests can count recoveries and make them fail.
  if (req.path === '/__emulator/keybackup/recover') return { out: handleKeyBackupRecover(ctx, req) };
  const activity = dispatchActivity(ctx, req);
  if (activity) return { out: activity };
  const match = matchRoute(req.method, req.path);
  if (match === undefined || match === 'wrong-method') return { out: json(404, NOT_FOUND_BODY) };
  const { route, params } = match;
  req.params = params;
  if (route.generation) req.generation = route.generation;
  const operationId = route.operationId;
  // OAuth 1.0a signs the URL the client believes it calls: the emulator's, the Host it came with or the one a proxy
  // forwarded (X-Forwarded-Host), or X's own when an agent routes api.x.com here.
  const hosts = [req.headers.host, req.headers['x-forwarded-host']].filter((h): h is string => typeof h === 'string' && h !== '');
  const signedFor = [ctx.baseUrl, ...hosts.flatMap((h) => [`http://${h}`, `https://${h}`]), 'https://api.x.com'];
  const caller = authenticate(req, ctx.tokens, signedFor, Math.floor(Date.now() / 1000));
  if ('status' in caller) return { out: caller, operationId };
  const userId = caller.kind === 'user' ? caller.userId : '';
  const limited = ctx.rateLimiter.take(userId || 'app', `${route.method} ${route.template}`, route.limit, ctx.clock.now());
  const withLimits = (out: EmuResponse): { out: EmuResponse; operationId: string } => {
    Object.assign(out.headers, limited.headers);
    return { out, operationId };
  };
  if (limited.limited) return withLimits(tooManyRequests());
  const refused = authorize(caller, route.security);
  if (refused) return withLimits(refused);
  if (mixedGenerations) return withLimits(invalidRequest(mixedGenerations));
  const { errors, body } = validateRequest(route.operationId, req, req.generation);
  if (errors.length) {
    ctx.stats.requestViolations.push({ method: req.method, path: req.path, errors: errors.map((e) => e.message) });
    return withLimits(invalidRequest(errors));
  }
  return withLimits(route.handler(ctx, req, userId, body));
}
