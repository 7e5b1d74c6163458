// The commands look messages up in the archive by id. Threads still on disk are not in memory until the archive
// has loaded, so a lookup made early (right after startup) must wait for it rather than report "not found".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DmService } from '../../../src/dm/dmService';
import type { Conversation, ThreadSlice } from '../../../src/dm/model/conversation';
import type { DmMessage } from '../../../src/dm/model/message';
import { archivedTextFor, findMessage, recentOwnMessages } from '../../../src/commands/findMessage';

function message(id: string, fromMe: boolean): DmMessage {
  return { type: 'message', id, conversationId: '1-2', senderId: fromMe ? '1' : '2', fromMe, text: `text ${id}`, createdAt: Number(id), status: 'sent', attachments: [], referencedPosts: [] };
}

/** An archive whose one thread is on disk until `archiveLoaded()` has run. */
function loadingArchive(): Pick<DmService, 'archiveLoaded' | 'conversations' | 'thread'> {
  let loaded = false;
  const items = [message('10', true), message('11', false)];
  return {
    archiveLoaded: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      loaded = true;
    },
    conversations: () => [{ id: '1-2' } as Conversation],
    thread: (): ThreadSlice => ({ items: loaded ? items : [], hasOlderInArchive: false, mayHaveOlderAtX: false }),
  };
}

test('findMessage finds a message whose thread was still on disk when it was asked', async () => {
  assert.equal((await findMessage(loadingArchive() , '11'))?.text, 'text 11');
  assert.equal((await findMessage(loadingArchive() , '11', '1-2'))?.text, 'text 11');
  assert.equal(await findMessage(loadingArchive() , '12'), undefined);
});

test('recentOwnMessages lists sent messages from threads that were still on disk', async () => {
  assert.deepEqual((await recentOwnMessages(loadingArchive())).map((m) => m.id), ['10']);
});

test('archivedTextFor gives the archived text of the message named by id, never text the argument carries', async () => {
  const archive = loadingArchive();
  assert.equal(await archivedTextFor(archive, { webviewSection: 'message', messageId: '11', conversationId: '1-2', text: 'never seen' }), 'text 11');
  assert.equal(await archivedTextFor(archive, '11'), 'text 11');
  assert.equal(await archivedTextFor(archive, { messageId: '999', conversationId: '1-2', text: 'never seen' }), undefined);
  assert.equal(await archivedTextFor(archive, { text: 'never seen' }), undefined);
  assert.equal(await archivedTextFor(archive, 'never seen'), undefined);
});
