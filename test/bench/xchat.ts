/**
 * Bench: X Chat next to the legacy path, in the same run, over the same number of events.
 * Engine (the encryption worker as shipped: a production build in a temp directory, no node_modules beside it):
 * unlock-to-ready from the passcode (key-backup double, no network) to the first page of 100 events decrypted, worker
 * start and WASM init included; decrypt throughput in events/s over `events` messages the emulator's other party
 * (real Chat XDK) sent. Product path (xchatSource.ts): unlock through the emulator's key backup → XChatSource list
 * with every conversation's newest page decrypted; "load older" fetch + decrypt events/s. Legacy (xchatLegacy.ts):
 * DmService ingest from the emulator into the disk archive (events/s) and a fresh service to its list. Best and
 * median of `rounds`; ratios X Chat / legacy. Also the sizes of what the worker loads.
 * Run: `npx tsx test/bench/xchat.ts [events=300] [rounds=5]`. Never fails on time; last line `BENCH xchat {json}`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { bundledEngine } from '../../src/xchat/engine/bundled';
import type { SigningKey } from '../../src/xchat/engine/protocol';
import { unlockWithBackup } from '../../src/xchat/engine/unlock';
import { startEmulator } from '../emulator/server';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../../src/xchat/engine/emulatorKeyBackup';
import { DEMO_XCHAT_PASSCODE } from '../emulator/generator/demoChat';
import { KeyBackupDouble } from '../xchat/keyBackupDouble';
import { createChatUser, partySend } from '../xchat/chatAdmin';
import { utf8 } from '../xchat/engineWorker';
import { measureLegacy } from './xchatLegacy';
import { sourceRound } from './xchatSource';
import type { SourceRound } from './xchatSource';

const ME = '1849302175620384768';
const ADA = '783214';
const EVENTS = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 5);
const root = path.resolve(__dirname, '../..');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const kb = (file: string): { kb: number; gzip_kb: number } => ({
  kb: Math.round(statSync(file).size / 102.4) / 10,
  gzip_kb: Math.round(gzipSync(readFileSync(file)).length / 102.4) / 10,
});

async function main(): Promise<void> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'xdm-bench-xchat-'));
  execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${outdir}`], { cwd: root, stdio: 'pipe' });
  const emu = await startEmulator({ port: 0, preset: 'demo', rateLimits: { chatRead: 100_000 } });
  const admin = async <T>(p: string, body: unknown): Promise<T> => (await (await fetch(`${emu.url}/__admin/${p}`, { method: 'POST', body: JSON.stringify(body) })).json()) as T;
  const token = (await admin<{ access_token: string }>('tokens', {})).access_token;
  const get = async <T>(p: string): Promise<T> => (await (await fetch(`${emu.url}${p}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  // The demo's own keys (the product path recovers them through the emulator's key backup, so they must stay).
  const recovered = await new EmulatorKeyBackup(emulatorKeyBackupEndpoint(emu.url) as URL, async () => `Bearer ${token}`).recover(utf8(DEMO_XCHAT_PASSCODE));
  if (recovered.status !== 'recovered') throw new Error(`the demo key backup answered ${recovered.status}`);
  const mine = { public_key_version: emu.ctx.store.chat.latestKey(ME)?.version as string, key_material: Buffer.from(recovered.keyMaterial).toString('base64') };
  await createChatUser(emu.url, ADA);
  for (let i = 0; i < EVENTS; i++) await partySend(emu.url, { from: ADA, to: ME, text: `message ${i} ${'·'.repeat(i % 80)}` });

  type Page = { data: { encoded_event: string }[]; meta: { conversation_key_events: string[]; next_token?: string } };
  const pages: Page[] = [];
  let next: string | undefined;
  do {
    const page: Page = await get(`/2/chat/conversations/${ADA}-${ME}/events?max_results=100${next ? `&pagination_token=${next}` : ''}`);
    pages.push(page);
    next = page.meta.next_token;
  } while (next);
  type Rec = { public_key: string; public_key_version: string; signing_public_key: string; identity_public_key_signature: string };
  const recs = await get<{ data: Rec[] }>(`/2/users/public_keys?ids=${ME},${ADA}`);
  const keys: SigningKey[] = recs.data.map((r, i) => ({ userId: [ME, ADA][i] as string, publicKeyVersion: r.public_key_version, publicKey: r.signing_public_key, identityPublicKey: r.public_key, identityPublicKeySignature: r.identity_public_key_signature }));

  const unlockMs: number[] = [];
  const readyMs: number[] = [];
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const engine = bundledEngine(outdir); // a fresh worker each round: cold WASM init is part of unlocking
    const backup = new KeyBackupDouble('4821', Buffer.from(mine.key_material, 'base64'));
    const t0 = performance.now();
    await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: mine.public_key_version }, utf8('4821'));
    const t1 = performance.now();
    await engine.request({ op: 'setSigningKeys', keys });
    const first = pages[0] as Page;
    const out = await engine.request({ op: 'decrypt', keyChangeEvents: first.meta.conversation_key_events, events: first.data.map((e) => e.encoded_event) });
    const t2 = performance.now();
    if (out.events.some((e) => e.kind !== 'message')) throw new Error('an event did not decrypt');
    let decrypted = 0;
    const t3 = performance.now();
    for (const page of pages) decrypted += (await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events, events: page.data.map((e) => e.encoded_event) })).events.length;
    rates.push(decrypted / ((performance.now() - t3) / 1000));
    unlockMs.push(t1 - t0);
    readyMs.push(t2 - t0);
    await engine.dispose();
  }
  const product: SourceRound[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    product.push(await sourceRound({ emuUrl: emu.url, token, meId: ME, passcode: DEMO_XCHAT_PASSCODE, conversationId: `${ADA}-${ME}`, newEngine: () => bundledEngine(outdir) }));
  }
  await emu.close();
  const legacy = await measureLegacy(EVENTS, ROUNDS);
  const toList = product.map((p) => p.unlock_to_list_ms);
  const olderRates = product.map((p) => p.older_events_per_s);
  const decryptBest = Math.max(...rates);
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  const result = {
    events: EVENTS,
    rounds: ROUNDS,
    unlock_ms: { best: Math.round(Math.min(...unlockMs)), median: Math.round(median(unlockMs)) },
    unlock_to_first_page_ms: { best: Math.round(Math.min(...readyMs)), median: Math.round(median(readyMs)) },
    decrypt_events_per_s: { best: Math.round(decryptBest), median: Math.round(median(rates)) },
    product: {
      unlock_to_list_ms: { best: Math.round(Math.min(...toList)), median: Math.round(median(toList)) },
      conversations: product[0]?.conversations,
      first_page_messages: product[0]?.first_page_messages,
      load_older_events_per_s: { best: Math.round(Math.max(...olderRates)), median: Math.round(median(olderRates)) },
    },
    legacy,
    ratios: {
      unlock_to_list_vs_legacy_cold_to_list: ratio(Math.min(...toList), legacy.cold_to_list_ms.best),
      legacy_ingest_vs_decrypt_events_per_s: ratio(legacy.ingest_events_per_s, decryptBest),
      legacy_ingest_vs_load_older_events_per_s: ratio(legacy.ingest_events_per_s, Math.max(...olderRates)),
    },
    sizes: {
      worker_js: kb(path.join(outdir, 'xchat-engine.js')),
      chat_xdk_wasm: kb(path.join(outdir, 'pkg/chat_xdk_wasm_bg.wasm')),
      juicebox_wasm: kb(path.join(outdir, 'juicebox-sdk_bg.wasm')),
      extension_js: kb(path.join(outdir, 'extension.js')),
    },
  };
  rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`engine: unlock → first page of 100 decrypted: ${result.unlock_to_first_page_ms.best} ms best (unlock alone ${result.unlock_ms.best} ms); decrypt ${result.decrypt_events_per_s.best} events/s best\n`);
  process.stdout.write(`X Chat product path: unlock (emulator key backup) → list of ${result.product.conversations} with newest pages decrypted: ${result.product.unlock_to_list_ms.best} ms best; load older ${result.product.load_older_events_per_s.best} events/s best\n`);
  process.stdout.write(`legacy: ingest ${legacy.ingest_events_per_s} events/s (${legacy.ingest_requests} requests); fresh service → list ${legacy.cold_to_list_ms.best} ms best\n`);
  process.stdout.write(`ratios: X Chat unlock→list / legacy cold→list ${result.ratios.unlock_to_list_vs_legacy_cold_to_list}×; legacy ingest / X Chat decrypt ${result.ratios.legacy_ingest_vs_decrypt_events_per_s}×, / load older ${result.ratios.legacy_ingest_vs_load_older_events_per_s}×\n`);
  process.stdout.write(`BENCH xchat ${JSON.stringify(result)}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
