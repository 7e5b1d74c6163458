import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { json, writeResponse } from '../http';
import { APP_ONLY_BEARER } from '../auth/credentials';
import { invalidRequest, unauthorized, unsupportedAuthentication } from '../problems';
import { MAX_STREAM_CONNECTIONS } from './hub';
import { dmDeliveries, dmPayload } from './payload';
import { validateActivityRequest } from './spec';

/**
 * `GET /2/activity/stream`: the app's bearer token only; a chunked `application/json` body of one JSON object per
 * line (`\r\n`), a bare `\r\n` as keep-alive, every delivery of the app's subscriptions. A third connection gets
 * X's 429 "TooManyConnections". `backfill_minutes` (0–5) or `start_time` replays what happened since.
 */

/** X's answer to one connection too many (handling-disconnections.mdx), with the `Error` members every body has. */
export function tooManyConnections(): EmuResponse {
  const detail = 'This stream is currently at the maximum allowed connection limit.';
  return json(429, {
    title: 'ConnectionException',
    detail,
    connection_issue: 'TooManyConnections',
    type: 'https://api.x.com/2/problems/streaming-connection',
    status: 429,
    code: 429,
    message: detail,
  });
}

/** Answers the stream request itself; returns the status it started with (for the request log). */
export function openStream(ctx: EmuContext, req: EmuRequest, raw: IncomingMessage, res: ServerResponse): number {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const refuse = (out: EmuResponse): number => {
    writeResponse(res, out);
    return out.status;
  };
  if (bearer === undefined) return refuse(unauthorized());
  if (bearer !== APP_ONLY_BEARER) {
    return refuse(ctx.tokens.lookup(bearer) ? unsupportedAuthentication('Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].') : unauthorized());
  }
  const errors = validateActivityRequest('activityStream', req.query, {}, undefined);
  if (errors.length) return refuse(invalidRequest(errors));
  const hub = ctx.activity;
  if (hub.streams.size >= MAX_STREAM_CONNECTIONS) return refuse(tooManyConnections());
  const now = ctx.clock.now();
  const minutes = Number(req.query.get('backfill_minutes') ?? 0);
  const start = req.query.get('start_time');
  const since = start ? Date.parse(start) : minutes > 0 ? now - minutes * 60_000 : undefined;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  // Headers go out at once: the client must see 200 before the first event.
  res.flushHeaders();
  hub.connectionsOpened++;
  hub.streams.add(res);
  if (since !== undefined) for (const line of hub.backfill(since)) res.write(line);
  const keepAlive = setInterval(() => res.write('\r\n'), hub.keepAliveMs);
  const done = (): void => {
    clearInterval(keepAlive);
    hub.streams.delete(res);
  };
  res.on('close', done);
  raw.on('close', done);
  return 200;
}

/** Wires the world's event log to the app's subscriptions; called whenever a store is built. */
export function attachActivity(ctx: EmuContext): void {
  ctx.store.onEvent = (event, conversation) => {
    for (const d of dmDeliveries(event, conversation)) {
      for (const sub of ctx.activity.matching(d.eventType, d.userId)) {
        ctx.activity.publish(
          {
            data: {
              event_uuid: ctx.activity.newId(),
              filter: { user_id: d.userId },
              event_type: d.eventType,
              ...(sub.tag ? { tag: sub.tag } : {}),
              payload: dmPayload(ctx, event, d.recipientId),
            },
          },
          ctx.clock.now(),
        );
      }
    }
  };
}
