import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../../../src/xchat/engine/emulatorKeyBackup';
import { adminPost, start, tokenFor } from '../emulator/support';
import { createChatUser, keyBackupStats } from '../../xchat/chatAdmin';

/** The client of the emulator's key backup against the real route: material, guess accounting, and its failures. */

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('EmulatorKeyBackup', () => {
  let emu: Emulator;
  let material: string;
  let backup: (userId?: string) => EmulatorKeyBackup;

  before(async () => {
    emu = await start({ preset: 'empty' });
    await adminPost(emu, 'users', { username: 'ada_codes', name: 'Ada' });
    const users = (await (await fetch(`${emu.url}/__admin/users`)).json()) as { id: string; me: boolean }[];
    assert.ok(users.length >= 2);
    material = (await createChatUser(emu.url, users.find((u) => u.me)?.id as string, { passcode: '2468', exportKeyMaterial: true })).keyMaterial as string;
    const endpoint = emulatorKeyBackupEndpoint(emu.url) as URL;
    const tokens = new Map<string, string>();
    backup = (userId) =>
      new EmulatorKeyBackup(endpoint, async () => {
        const key = userId ?? 'me';
        if (!tokens.has(key)) tokens.set(key, await tokenFor(emu, userId ? { user_id: userId } : {}));
        return `Bearer ${tokens.get(key) as string}`;
      });
  });
  after(async () => emu.close());

  test('the right passcode recovers exactly the key material the emulator made', async () => {
    const meId = emu.ctx.store.meId;
    const out = await backup().recover(utf8('2468'));
    assert.equal(out.status, 'recovered');
    assert.equal(Buffer.from((out as { keyMaterial: Uint8Array }).keyMaterial).toString('base64'), material);
    assert.deepEqual(await keyBackupStats(emu.url, meId), { guesses: 1, guesses_remaining: 10, destroyed: false });
  });

  test('wrong passcodes count down, a right one resets the count, ten in a row destroy the backup for good', async () => {
    const meId = emu.ctx.store.meId;
    const remaining: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const out = await backup().recover(utf8(`000${i}`));
      assert.equal(out.status, 'wrongPasscode');
      remaining.push((out as { guessesRemaining?: number }).guessesRemaining);
    }
    assert.deepEqual(remaining, [9, 8, 7]);
    assert.equal((await backup().recover(utf8('2468'))).status, 'recovered');
    assert.deepEqual(await keyBackupStats(emu.url, meId), { guesses: 5, guesses_remaining: 10, destroyed: false });
    for (let i = 0; i < 9; i++) assert.equal((await backup().recover(utf8('1111'))).status, 'wrongPasscode');
    assert.deepEqual(await backup().recover(utf8('1111')), { status: 'wrongPasscode', guessesRemaining: 0 });
    assert.deepEqual(await backup().recover(utf8('2468')), { status: 'noBackup' });
    assert.deepEqual(await keyBackupStats(emu.url, meId), { guesses: 16, guesses_remaining: 0, destroyed: true });
  });

  test('a user without a backup gets noBackup; no credentials get 401, which the client reports as unavailable', async () => {
    await adminPost(emu, 'users', { username: 'linus_t', name: 'Linus' });
    const users = (await (await fetch(`${emu.url}/__admin/users`)).json()) as { id: string; username: string }[];
    const linus = users.find((u) => u.username === 'linus_t')?.id as string;
    assert.deepEqual(await backup(linus).recover(utf8('2468')), { status: 'noBackup' });
    const raw = await fetch(`${emu.url}/__emulator/keybackup/recover`, { method: 'POST', body: JSON.stringify({ passcode: '2468' }) });
    assert.equal(raw.status, 401);
    const anonymous = new EmulatorKeyBackup(emulatorKeyBackupEndpoint(emu.url) as URL, async () => 'Bearer not-a-token');
    assert.deepEqual(await anonymous.recover(utf8('2468')), { status: 'unavailable' });
    assert.ok(!JSON.stringify(emu.stats()).includes('2468'), 'the passcode never reaches the emulator stats');
  });

  test('a fault (5xx) and a stopped emulator are unavailable, not a wrong passcode', async () => {
    await adminPost(emu, 'faults', { path: '/__emulator/keybackup/', count: 1, status: 503 });
    assert.deepEqual(await backup().recover(utf8('2468')), { status: 'unavailable' });
    const down = await start({ preset: 'empty' });
    const endpoint = emulatorKeyBackupEndpoint(down.url) as URL;
    await down.close();
    assert.deepEqual(await new EmulatorKeyBackup(endpoint, async () => 'Bearer x', 2000).recover(utf8('2468')), { status: 'unavailable' });
  });

  test('an endpoint exists only for an API on this computer', () => {
    assert.equal(emulatorKeyBackupEndpoint('http://127.0.0.1:4010')?.href, 'http://127.0.0.1:4010/__emulator/keybackup/recover');
    assert.equal(emulatorKeyBackupEndpoint('http://localhost:4010/2/')?.href, 'http://localhost:4010/__emulator/keybackup/recover');
    assert.equal(emulatorKeyBackupEndpoint('http://[::1]:4010')?.href, 'http://[::1]:4010/__emulator/keybackup/recover');
    assert.equal(emulatorKeyBackupEndpoint('https://api.x.com'), undefined);
    assert.equal(emulatorKeyBackupEndpoint('http://192.168.1.5:4010'), undefined);
    assert.equal(emulatorKeyBackupEndpoint('http://127.0.0.1.evil.example'), undefined);
    assert.equal(emulatorKeyBackupEndpoint('not a url'), undefined);
  });
});

test('a world reset forgets every key backup', async () => {
  const emu = await start({ preset: 'empty' });
  try {
    await createChatUser(emu.url, emu.ctx.store.meId, { passcode: '2468' });
    assert.equal((await keyBackupStats(emu.url, emu.ctx.store.meId)).guesses, 0);
    await adminPost(emu, 'reset', { preset: 'empty' });
    await assert.rejects(keyBackupStats(emu.url, emu.ctx.store.meId), /404/);
  } finally {
    await emu.close();
  }
});
