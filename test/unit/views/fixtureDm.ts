import type { XUser } from '../../../src/api/schemas/user';
import type { ConversationSummary, DmService, ThreadItem, ThreadMessage } from '../../../src/dm/dmService';

/** A small in-memory stand-in for the parts of DmService the view models read (test-only). */
export const me: XUser = { id: '1', username: 'me', name: 'Me Myself' };
export const ann: XUser = { id: '2', username: 'ann', name: 'Ann <b>Bold</b>', profile_image_url: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg' };
export const bob: XUser = { id: '3', username: 'bob', name: 'Bob', profile_image_url: 'http://evil.example/pixel.gif' };

export const fixtureDm: Pick<DmService, 'me' | 'user'> = {
  me,
  user: (id) => [me, ann, bob].find((u) => u.id === id),
};

export function summary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id: '1-2', kind: 'direct', title: ann.name, participants: [ann], partner: ann, lastActivityAt: 1000, preview: 'hi', previewFromMe: false, unread: 2, ...overrides };
}

export function message(overrides: Partial<ThreadMessage> = {}): ThreadItem {
  return { type: 'message', id: '10', conversationId: '1-2', senderId: '2', fromMe: false, text: 'hello', createdAt: 1000, status: 'sent', attachments: [], referencedPosts: [], ...overrides };
}
