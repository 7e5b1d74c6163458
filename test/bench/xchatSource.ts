// The product path of the X Chat bench: XChatSession + XChatSource against the emulator, keys recovered through the
// emulator's key backup (EmulatorKeyBackup over HTTP), the engine a production-built worker. Unlock → list with the
// newest page of every conversation decrypted; then "load older" through the rest (fetch + decrypt, events/s).
import type { AuthStrategy } from '../../src/api/authStrategy';
import { xchatRef } from '../../src/dm/model/ids';
import { defaultStrings } from '../../src/dm/strings';
import { createChatApi } from '../../src/xchat/api/chatApi';
import type { EncryptionEngine } from '../../src/xchat/engine/engine';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../../src/xchat/engine/emulatorKeyBackup';
import { XChatSession, backupUnlocker } from '../../src/xchat/source/xchatSession';
import { XChatSource } from '../../src/xchat/source/xchatSource';

export interface SourceRound {
  unlock_to_list_ms: number;
  conversations: number;
  first_page_messages: number;
  older_events_per_s: number;
  older_events: number;
}

export async function sourceRound(input: { emuUrl: string; token: string; meId: string; passcode: string; conversationId: string; newEngine: () => EncryptionEngine }): Promise<SourceRound> {
  const auth: AuthStrategy = { authorize: async () => ({ authorization: `Bearer ${input.token}` }), refreshAfterUnauthorized: async () => false };
  const chat = createChatApi({ baseUrl: input.emuUrl, auth }).api;
  const backup = new EmulatorKeyBackup(emulatorKeyBackupEndpoint(input.emuUrl) as URL, async () => `Bearer ${input.token}`);
  const session = new XChatSession({ meId: input.meId, ownKeys: () => chat.myPublicKeys(input.meId), newEngine: input.newEngine, unlocker: backupUnlocker(backup) });
  const source = new XChatSource({ api: chat, session, meId: input.meId, strings: defaultStrings, now: () => Date.now(), readReceipts: () => false, eventsPageSize: 100 });
  try {
    const t0 = performance.now();
    const unlocked = await session.unlock(new TextEncoder().encode(input.passcode));
    if (unlocked.status !== 'unlocked') throw new Error(`unlock: ${unlocked.status}`);
    await source.sync('manual');
    const list = source.conversations();
    const t1 = performance.now();
    if (list.some((c) => c.locked)) throw new Error('a conversation is still locked after unlock');
    // The source speaks conversation refs (`xchat-<X's id>`), as the panel does.
    const ref = xchatRef(input.conversationId);
    const firstPage = source.thread(ref).items.length;
    const t2 = performance.now();
    let older = 0;
    for (;;) {
      const step = await source.loadOlder(ref);
      older += step.added;
      if (step.exhausted) break;
    }
    const olderS = (performance.now() - t2) / 1000;
    return { unlock_to_list_ms: t1 - t0, conversations: list.length, first_page_messages: firstPage, older_events_per_s: older / olderS, older_events: older };
  } finally {
    source.dispose();
    await session.lock();
  }
}
