import type { Person } from '../../../src/dm/model/person';
import type { Conversation } from '../../../src/dm/model/conversation';
import type { DmService } from '../../../src/dm/dmService';
import type { DmItem, DmMessage } from '../../../src/dm/model/message';

/** A small in-memory stand-in for the parts of DmService the view models read (test-only). */
export const me: Person = { id: '1', username: 'me', name: 'Me Myself' };
export const ann: Person = { id: '2', username: 'ann', name: 'Ann <b>Bold</b>', avatarUrl: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg' };
export const bob: Person = { id: '3', username: 'bob', name: 'Bob', avatarUrl: 'http://evil.example/pixel.gif' };

export const fixtureDm: Pick<DmService, 'me' | 'user' | 'capabilities'> = {
  me,
  user: (id) => [me, ann, bob].find((u) => u.id === id),
  // As the two sources answer: X Chat (`xchat-` refs) cannot delete or send media; legacy DMs can.
  capabilities: (id) =>
    id.startsWith('xchat-')
      ? { canDelete: false, canLoadOlder: true, isEncrypted: true, canSendMedia: false }
      : { canDelete: true, canLoadOlder: true, isEncrypted: false, canSendMedia: true },
};

export function summary(overrides: Partial<Conversation> = {}): Conversation {
  return { id: '1-2', kind: 'direct', title: ann.name, participants: [ann], partner: ann, lastActivityAt: 1000, preview: 'hi', previewFromMe: false, unread: 2, ...overrides };
}

export function message(overrides: Partial<DmMessage> = {}): DmItem {
  return { type: 'message', id: '10', conversationId: '1-2', senderId: '2', fromMe: false, text: 'hello', createdAt: 1000, status: 'sent', attachments: [], referencedPosts: [], ...overrides };
}
