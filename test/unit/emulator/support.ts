import { createHash, randomBytes } from 'node:crypto';
import type { Emulator, EmulatorOptions } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';

/** Shared helpers for the emulator's unit tests: start one, get tokens, call it. */

export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, preset: 'demo', ...options });
}

export async function adminPost(emu: Emulator, path: string, body: unknown): Promise<Response> {
  return fetch(`${emu.url}/__admin/${path}`, { method: 'POST', body: JSON.stringify(body) });
}

export async function tokenFor(emu: Emulator, body: Record<string, unknown> = {}): Promise<string> {
  const res = await adminPost(emu, 'tokens', body);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api(emu: Emulator, token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${emu.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export async function getJson<T = Record<string, unknown>>(emu: Emulator, token: string, path: string): Promise<T> {
  const res = await api(emu, token, path);
  if (res.status !== 200) throw new Error(`${path} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface EventJson {
  id: string;
  event_type: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
  participant_ids?: string[];
  attachments?: { media_keys: string[] };
  referenced_tweets?: { id: string }[];
}

export interface ListJson {
  data?: EventJson[];
  includes?: { users?: { id: string; username: string; receives_your_dm?: boolean }[]; media?: { media_key: string; url?: string; type: string }[]; tweets?: { id: string; text: string }[] };
  meta: { result_count: number; next_token?: string; previous_token?: string };
}
