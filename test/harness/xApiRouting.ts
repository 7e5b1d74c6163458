import https from 'node:https';
import { connect } from 'node:net';
import type { Socket } from 'node:net';

/**
 * Pointing X client libraries that have no base URL at a local server (the emulator, or a proxy in front of it),
 * with the narrowest override each one allows. Used by the peer contract tests and the client bench.
 */

/**
 * An HTTPS agent whose connections, whatever the host (api.x.com), end at 127.0.0.1:`port` in plain HTTP: for
 * clients that take an agent (twitter-api-v2's `httpAgent` setting) and call fixed https://api.x.com URLs.
 */
export function xApiAgent(port: number): https.Agent {
  const agent = new https.Agent({ keepAlive: false });
  Object.assign(agent, { createConnection: (): Socket => connect(port, '127.0.0.1') });
  return agent;
}

/**
 * Runs `fn` with global fetch sending `https://api.x.com/...` to `baseUrl`; every other URL is untouched. For code
 * that calls global fetch with that fixed origin and takes neither a base URL nor an agent (xdk's OAuth2 helper).
 */
export async function withXApiOrigin<T>(baseUrl: string, fn: () => Promise<T>): Promise<T> {
  const real = globalThis.fetch;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (href.startsWith('https://api.x.com/')) return real(`${baseUrl}${href.slice('https://api.x.com'.length)}`, init);
    return real(input, init);
  }) as typeof fetch;
  try {
    return await fn();
  } finally {
    globalThis.fetch = real;
  }
}
