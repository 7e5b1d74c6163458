import type { EmuConversation } from '../model';
import type { Store } from '../store';
import { makeUser } from './presets';
import { Rng } from './rng';

/** `large:<N>`: N events over many conversations spread across 90 days, for benchmarks. Deterministic, O(N). */

const WORDS = [
  'deploy', 'review', 'coffee', 'tests', 'green', 'merge', 'ship', 'bug', 'fixed', 'tomorrow', 'lunch', 'meeting',
  'refactor', 'typescript', 'release', 'docs', 'thanks', 'great', 'idea', 'later', 'now', 'branch', 'rebase', 'ok',
];
const FLAVOURS = ['🙂', '🚀', '👍', 'こんにちは', 'مرحبا', 'e\u0301', '<b>not html</b>', '🎉', '', '', '', ''];

export function seedLarge(store: Store, now: number, n: number): void {
  const rng = new Rng(0x5eed ^ n);
  const meId = store.meId;
  const userCount = Math.min(2000, Math.max(10, Math.ceil(n / 100)));
  const userIds: string[] = [];
  for (let i = 0; i < userCount; i++) {
    const id = String(100000 + i * 7919);
    userIds.push(id);
    store.addUser(makeUser({ id, username: `user_${i}`, name: `User ${i}`, receivesYourDm: i % 25 !== 24 }, now));
  }
  const convCount = Math.max(1, Math.min(5000, Math.ceil(n / 40)));
  const span = 90 * 24 * 3600 * 1000;
  const start = now - span;
  const convs: EmuConversation[] = [];
  for (let i = 0; i < convCount; i++) {
    if (i % 10 === 9 && userCount >= 3) {
      const members = new Set([meId]);
      while (members.size < 4) members.add(rng.pick(userIds));
      convs.push(store.newGroup([...members], start + i));
    } else {
      convs.push(store.oneToOne(meId, userIds[i % userCount] as string));
    }
  }
  const step = span / Math.max(1, n);
  for (let i = 0; i < n; i++) {
    const conv = rng.pick(convs);
    const members = [...conv.participants];
    const from = rng.next() < 0.4 ? meId : (rng.pick(members) as string);
    const len = rng.int(1, 12);
    let text = '';
    for (let w = 0; w < len; w++) text += (w ? ' ' : '') + rng.pick(WORDS);
    text += ` ${rng.pick(FLAVOURS)}`;
    store.addEvent({ eventType: 'MessageCreate', conversation: conv, senderId: from, at: start + i * step + 1, text: text.trimEnd() });
  }
}
