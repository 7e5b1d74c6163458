// The production build's X Chat worker runs on its own from the output directory (no node_modules next to it):
// it unlocks, decrypts what the real Chat XDK of the other party sent, and loads juicebox-sdk from its WASM copy.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bundledEngine } from '../../../src/xchat/engine/bundled';
import type { EncryptionEngine } from '../../../src/xchat/engine/engine';
import { unlockWithBackup, unlockWithJuicebox } from '../../../src/xchat/engine/unlock';
import type { Emulator } from '../../emulator/server';
import { KeyBackupDouble } from '../../xchat/keyBackupDouble';
import { utf8 } from '../../xchat/engineWorker';
import { adminPost, getJson, start, tokenFor } from '../emulator/support';

const root = path.resolve(__dirname, '../../..');
const ME = '1849302175620384768';
const ADA = '783214';
let outdir = '';
let emu: Emulator;
let engine: EncryptionEngine;

before(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), 'xdm-xchat-bundle-'));
  execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${outdir}`], { cwd: root, stdio: 'pipe' });
  emu = await start({ preset: 'demo' });
  engine = bundledEngine(outdir);
});
after(async () => {
  await engine.dispose();
  await emu.close();
  rmSync(outdir, { recursive: true, force: true });
});

test('the worker bundle and its WASM files are beside the extension; the extension bundle holds none of it', () => {
  for (const file of ['xchat-engine.js', 'pkg/chat_xdk_wasm_bg.wasm', 'juicebox-sdk_bg.wasm']) assert.ok(existsSync(path.join(outdir, file)), file);
  const extension = readFileSync(path.join(outdir, 'extension.js'), 'utf8');
  assert.doesNotMatch(extension, /chat_xdk|juicebox|createChat/i);
});

test('the bundled worker unlocks and decrypts a message the other party sent', async () => {
  const token = await tokenFor(emu);
  const mine = (await (await adminPost(emu, 'chat/users', { user_id: ME, export_key_material: true })).json()) as { public_key_version: string; key_material: string };
  await adminPost(emu, 'chat/users', { user_id: ADA });
  await adminPost(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'from the bundle test' });
  const backup = new KeyBackupDouble('4821', Buffer.from(mine.key_material, 'base64'));
  assert.deepEqual(await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: mine.public_key_version }, utf8('4821')), { status: 'unlocked' });
  type Rec = { public_key: string; public_key_version: string; signing_public_key: string; identity_public_key_signature: string };
  const keys = await getJson<{ data: Rec[] }>(emu, token, `/2/users/public_keys?ids=${ADA}`);
  const ada = keys.data[0] as Rec;
  await engine.request({ op: 'setSigningKeys', keys: [{ userId: ADA, publicKeyVersion: ada.public_key_version, publicKey: ada.signing_public_key, identityPublicKey: ada.public_key, identityPublicKeySignature: ada.identity_public_key_signature }] });
  const page = await getJson<{ data: { encoded_event: string }[]; meta: { conversation_key_events: string[] } }>(emu, token, `/2/chat/conversations/${ADA}-${ME}/events`);
  const { events } = await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events, events: page.data.map((e) => e.encoded_event) });
  assert.deepEqual(events.map((e) => (e.kind === 'message' ? e.text : e.kind)), ['from the bundle test']);
});

test('the bundled worker loads juicebox-sdk and reports an unreachable backup as unavailable, not a crash', async () => {
  const token = await tokenFor(emu);
  const record = await getJson<{ data: { juicebox_config: Record<string, unknown>; public_key_version: string }[] }>(emu, token, `/2/users/${ME}/public_keys?public_key.fields=juicebox_config`);
  const cfg = record.data[0];
  assert.ok(cfg);
  const passcode = utf8('4821');
  const outcome = await unlockWithJuicebox(engine, cfg.juicebox_config, { userId: ME, signingKeyVersion: cfg.public_key_version }, passcode);
  assert.deepEqual(outcome, { status: 'unavailable' });
  assert.deepEqual(passcode, new Uint8Array(4), 'the caller\'s passcode buffer is zeroed');
});
