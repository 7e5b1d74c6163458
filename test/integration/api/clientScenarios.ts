import * as assert from 'node:assert/strict';
import type { XDmApi } from '../../../src/api/dmApi';
import { isXApiError, type AnyXApiError } from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';

/**
 * Scenarios for the API client against a running emulator (URL given), shared by the extension-host integration
 * suite (test/integration/api/xClient.test.ts) and the Node contract test (test/contract/apiEmulator.test.ts).
 * Each scenario resets the emulator world and builds a fresh client (fresh rate-limit book). Counts come from the
 * emulator's /__admin/stats, never from timing.
 */
interface Stats {
  requests: { method: string; path: string; status: number }[];
}

export interface ScenarioContext {
  emulatorUrl: string;
  api: XDmApi;
  stats(): Promise<Stats>;
  fault(spec: Record<string, unknown>): Promise<void>;
}

async function admin<T>(emulatorUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulatorUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function freshContext(emulatorUrl: string, preset = 'demo'): Promise<ScenarioContext> {
  await admin(emulatorUrl, 'POST', '/__admin/reset', { preset });
  const { access_token } = await admin<{ access_token: string }>(emulatorUrl, 'POST', '/__admin/tokens', {});
  const api = createXClient({
    baseUrl: emulatorUrl,
    auth: { authorize: async () => ({ authorization: `Bearer ${access_token}` }), refreshAfterUnauthorized: async () => false },
    userAgent: 'x-direct-messages/test (VS Code extension)',
    timeoutMs: 5000,
  });
  return {
    emulatorUrl,
    api,
    stats: () => admin<Stats>(emulatorUrl, 'GET', '/__admin/stats'),
    fault: async (spec) => void (await admin(emulatorUrl, 'POST', '/__admin/faults', spec)),
  };
}

async function failure(promise: Promise<unknown>): Promise<AnyXApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isXApiError(error), `expected an XApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const count = (stats: Stats, method: string, path: string) => stats.requests.filter((r) => r.method === method && r.path === path).length;

export const clientScenarios: Record<string, (ctx: ScenarioContext) => Promise<void>> = {
  async 'reads the whole history page by page, one request per page'(ctx) {
    const me = await ctx.api.getMe();
    let pages = 0;
    let events = 0;
    for await (const page of ctx.api.pagesOfDmEvents({ maxResults: 10 })) {
      pages++;
      events += page.events.length;
      for (const event of page.events) assert.ok(event.dm_conversation_id && event.created_at, 'fields come from the one field set');
      for (const id of new Set(page.events.map((e) => e.sender_id).filter(Boolean))) {
        assert.ok(page.includes.users.some((u) => u.id === id), 'senders resolved in the same request');
      }
    }
    assert.ok(me.id && pages > 1 && events > 10);
    assert.equal(count(await ctx.stats(), 'GET', '/2/dm_events'), pages);
  },

  async 'a 429 carries the reset time and the next call is not sent'(ctx) {
    await ctx.fault({ method: 'GET', path: '/2/dm_events', status: 429 });
    const first = await failure(ctx.api.listDmEvents());
    assert.equal(first.kind, 'rateLimited');
    assert.ok(first.kind === 'rateLimited' && first.resetAt > Date.now());
    const second = await failure(ctx.api.listDmEvents());
    assert.ok(second.kind === 'rateLimited' && second.notSent);
    assert.equal(count(await ctx.stats(), 'GET', '/2/dm_events'), 1);
    assert.equal(ctx.api.rateLimits.get('GET /2/dm_events')?.remaining, 0);
  },

  async 'a schema-breaking or malformed answer is schema drift naming the field'(ctx) {
    await ctx.fault({ method: 'GET', path: '/2/dm_events', schema_break: true });
    const drift = await failure(ctx.api.listDmEvents());
    assert.ok(drift.kind === 'schemaDrift' && drift.fieldPath.length > 0 && drift.fieldPath !== '(body)', `path: ${drift.kind === 'schemaDrift' ? drift.fieldPath : ''}`);
    await ctx.fault({ method: 'GET', path: '/2/users/me', malformed: true });
    const truncated = await failure(ctx.api.getMe());
    assert.ok(truncated.kind === 'schemaDrift' && truncated.fieldPath === '(body)');
  },

  async 'an answer cut off mid-body is a broken connection: a GET retries and recovers, a cut-off 2xx send is sent once'(ctx) {
    await ctx.fault({ method: 'GET', path: '/2/users/me', truncate_body: true });
    const me = await ctx.api.getMe();
    assert.equal(count(await ctx.stats(), 'GET', '/2/users/me'), 2, 'the cut-off answer, then the retry');
    await ctx.fault({ method: 'GET', path: '/2/users/me', truncate_body: true, count: 3 });
    const broken = await failure(ctx.api.getMe());
    assert.equal(broken.kind, 'network');
    assert.match(broken.userMessage, /connection to X broke while reading its answer/);
    const other = (await ctx.api.listDmEvents({ maxResults: 20 })).events.map((e) => e.sender_id).find((id) => id && id !== me.id) as string;
    await ctx.fault({ method: 'POST', path: '/2/dm_conversations/with/', truncate_body: true });
    // X sent its 201 status line before the connection broke: it took the message, so the send resolves.
    const sent = await ctx.api.sendToParticipant(other, { text: 'cut off on the way back' });
    assert.ok(sent.unreadable, 'resolved as sent, with a note for the log');
    assert.equal(count(await ctx.stats(), 'POST', `/2/dm_conversations/with/${other}/messages`), 1);
  },

  async 'GET 503 is retried and recovers; a POST whose connection dropped is not retried'(ctx) {
    await ctx.fault({ method: 'GET', path: '/2/users/me', status: 503, count: 2 });
    const me = await ctx.api.getMe();
    assert.equal(count(await ctx.stats(), 'GET', '/2/users/me'), 3);
    const other = (await ctx.api.listDmEvents({ maxResults: 20 })).events.map((e) => e.sender_id).find((id) => id && id !== me.id) as string;
    await ctx.fault({ method: 'POST', path: '/2/dm_conversations/with/', reset_connection: true });
    const dropped = await failure(ctx.api.sendToParticipant(other, { text: 'hello from the test' }));
    assert.equal(dropped.kind, 'network');
    assert.equal(dropped.mayHaveReachedServer, true);
    assert.equal(count(await ctx.stats(), 'POST', `/2/dm_conversations/with/${other}/messages`), 1);
  },

  async 'invalid input never reaches the emulator'(ctx) {
    const before = (await ctx.stats()).requests.length;
    assert.equal((await failure(ctx.api.sendToParticipant('123', { text: '   ' }))).kind, 'invalidInput');
    assert.equal((await failure(ctx.api.createGroupConversation(['1'], { text: 'hi' }))).kind, 'invalidInput');
    assert.equal((await ctx.stats()).requests.length, before);
  },
};
