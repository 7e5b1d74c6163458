import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_PATH, loopbackCallbackUrl } from '../constants';
import { AuthError } from '../errors/authError';
import { stateMatches } from './authorizationCode';

/** What came back on the redirect: a code, or X's OAuth error (e.g. access_denied when the user cancelled). */
export type CallbackResult =
  | { code: string }
  | { error: string; errorDescription?: string };

/** Texts of the small page the browser shows after the redirect (localised by the caller). */
export interface CallbackPageTexts {
  title: string;
  success: string;
  failure: string;
  closeTab: string;
}

export interface LoopbackCallback {
  /** The exact `redirect_uri` to send (and to register at X). */
  readonly redirectUri: string;
  readonly port: number;
  /** Resolves with the first callback whose `state` matches; rejects when aborted. Closes the server either way. */
  wait(signal: AbortSignal): Promise<CallbackResult>;
  close(): void;
}

/**
 * A one-shot HTTP server on 127.0.0.1 only. A wrong or missing `state` gets a 400 and does not end the sign-in, so a
 * stale tab or a local probe can neither fail nor hijack it; the first matching callback ends it.
 */
export async function startLoopbackCallback(options: {
  port: number;
  state: string;
  texts: CallbackPageTexts;
}): Promise<LoopbackCallback> {
  let settle: ((result: CallbackResult) => void) | undefined;
  const pending: CallbackResult[] = [];

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = parseTarget(request.url);
    // A target the URL parser rejects (`//%`, `http://[`) is a bad request, not a reason to throw in the host.
    if (!url) {
      respond(response, 400, options.texts.title, options.texts.failure);
      return;
    }
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      respond(response, 404, options.texts.title, options.texts.failure);
      return;
    }
    if (!stateMatches(options.state, url.searchParams.get('state'))) {
      respond(response, 400, options.texts.title, options.texts.failure);
      return;
    }
    const code = url.searchParams.get('code');
    const error = url.searchParams.get('error');
    const result: CallbackResult | undefined = code
      ? { code }
      : error
        ? { error, errorDescription: url.searchParams.get('error_description') ?? undefined }
        : undefined;
    if (!result) {
      respond(response, 400, options.texts.title, options.texts.failure);
      return;
    }
    respond(response, 200, options.texts.title, 'code' in result ? options.texts.success : options.texts.failure, options.texts.closeTab);
    if (settle) settle(result);
    else pending.push(result);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(new AuthError('portInUse', `Port ${options.port} on 127.0.0.1 is not available.`, { port: options.port, cause: error }));
      } else reject(error);
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    server.close();
    // The browser keeps the connection alive; without this the port stays busy for the next sign-in.
    server.closeAllConnections();
  };

  return {
    redirectUri: loopbackCallbackUrl(port),
    port,
    close,
    wait(signal) {
      return new Promise<CallbackResult>((resolve, reject) => {
        const finish = () => {
          signal.removeEventListener('abort', onAbort);
          // Let the response page flush before the sockets are destroyed.
          setTimeout(close, 50);
        };
        const onAbort = () => {
          settle = undefined;
          close();
          reject(signal.reason ?? new AuthError('cancelled', 'Sign-in cancelled.'));
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        const early = pending.shift();
        if (early) {
          finish();
          resolve(early);
          return;
        }
        settle = (result) => {
          settle = undefined;
          finish();
          resolve(result);
        };
      });
    },
  };
}

function parseTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

function respond(response: ServerResponse, status: number, title: string, message: string, hint?: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;text-align:center;color:#222}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${hint ? `<p>${escapeHtml(hint)}</p>` : ''}</body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  response.end(body);
}

/** The page texts are ours (localised), but escape anyway so a translation can never inject markup. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
