import type { ConversationVM, MessageVM, ThreadItemVM, ThreadVM } from '../../src/protocol/viewModels';

/**
 * Deterministic view-model fixtures for the render bench and the standalone webview page (no Math.random: a
 * small LCG keeps runs comparable).
 */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = 'the build is green again can you review my pull request later today ship it looks good to me thanks for the fix'.split(' ');

function sentence(random: () => number, min: number, max: number): string {
  const count = min + Math.floor(random() * (max - min));
  return Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

export function conversations(count: number, now: number): ConversationVM[] {
  const random = lcg(7);
  return Array.from({ length: count }, (_, i) => ({
    id: `100${i}-200${i}`,
    kind: i % 9 === 0 ? ('group' as const) : ('direct' as const),
    title: i % 9 === 0 ? `Team ${i}` : `Person Number ${i}`,
    subtitle: i % 9 === 0 ? `@alice, @bob${i}` : `@person${i}`,
    lastActivityAt: now - i * 37 * 60_000,
    preview: sentence(random, 3, 14),
    previewFromMe: i % 3 === 0,
    unread: i % 7 === 0 ? (i % 5) + 1 : 0,
  }));
}

export function threadItems(count: number, now: number, conversationId = '1000-2000'): ThreadItemVM[] {
  const random = lcg(11);
  const items: ThreadItemVM[] = [];
  const start = now - count * 7 * 60_000;
  for (let i = 0; i < count; i++) {
    const fromMe = random() < 0.45;
    const message: MessageVM = {
      type: 'message',
      id: `${conversationId}-m${i}`,
      senderId: fromMe ? '1' : '2',
      senderName: fromMe ? 'Me' : 'Person Number 0',
      senderUsername: fromMe ? 'me' : 'person0',
      fromMe,
      text: sentence(random, 2, 40),
      createdAt: start + i * 7 * 60_000,
      status: 'sent',
      attachments: [],
      posts: [],
    };
    items.push(message);
  }
  return items;
}

export function thread(count: number, now: number): ThreadVM {
  return { conversationId: '1000-2000', title: 'Person Number 0', subtitle: '@person0', kind: 'direct', items: threadItems(count, now), canLoadOlder: true };
}
