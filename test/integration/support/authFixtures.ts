// Helpers for in-host suites that need a signed-in xdm.x session issued by the emulator (XDM_EMULATOR_URL), seeded
// through the test-build-only hook `xdm.testing.auth`, and the emulator's request log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuthTestRequest } from '../../../src/auth/provider/testHooks';
import { AUTH_TEST_COMMAND } from '../../../src/auth/provider/testHooks';
import { BASE_SCOPES, PROVIDER_ID } from '../../../src/auth/constants';
import type { OAuth2Session, StoredSession } from '../../../src/auth/sessions/session';
import { serializeSessionDocument } from '../../../src/auth/sessions/session';

export const EXTENSION_ID = 'xdm.x-direct-messages';
export const CLIENT_ID = 'xdm-emulator-client';
export const emulator = process.env.XDM_EMULATOR_URL;

export interface EmulatorRequest {
  method: string;
  path: string;
  status: number;
}

export async function admin<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function emulatorRequests(): Promise<EmulatorRequest[]> {
  return (await admin<{ requests: EmulatorRequest[] }>('GET', '/__admin/stats')).requests;
}

export function hook<T>(request: AuthTestRequest): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(AUTH_TEST_COMMAND, request));
}

export async function storedSessions(): Promise<StoredSession[]> {
  return hook<StoredSession[]>({ op: 'sessions' });
}

/** A session as the emulator's token endpoint issues it (bound to the emulator's origin). */
export async function issueSession(overrides: Partial<OAuth2Session> = {}): Promise<OAuth2Session> {
  const users = await admin<Array<{ id: string; username: string; me: boolean }>>('GET', '/__admin/users');
  const user = users.find((u) => u.me);
  assert.ok(user, 'the emulator has a signed-in user');
  const token = await admin<{ access_token: string; refresh_token?: string; expires_in: number; scope: string }>('POST', '/__admin/tokens', {
    user_id: user.id,
    scopes: [...BASE_SCOPES],
  });
  const now = Date.now();
  return {
    kind: 'oauth2',
    id: `it-${now}`,
    userId: user.id,
    username: user.username,
    createdAt: now,
    apiOrigin: new URL(emulator ?? 'http://127.0.0.1').origin,
    clientId: CLIENT_ID,
    scopes: token.scope.split(' '),
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    issuedAt: now,
    expiresAt: now + token.expires_in * 1000,
    ...overrides,
  };
}

/** Seeds the provider's SecretStorage document and waits until VS Code reports the change. */
export async function seed(sessions: StoredSession[]): Promise<void> {
  const changed = nextSessionChange();
  await hook({ op: 'writeRaw', value: serializeSessionDocument(sessions) });
  await changed;
}

/** Resolves on the next `onDidChangeSessions` of the xdm.x provider. */
export function nextSessionChange(timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('no onDidChangeSessions event'));
    }, timeoutMs);
    const listener = vscode.authentication.onDidChangeSessions((event) => {
      if (event.provider.id !== PROVIDER_ID) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not reached in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
