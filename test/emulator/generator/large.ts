import type { EmuConversation } from '../model';
import type { Store } from '../store';
import { makeUser } from './presets';
import { Rng } from './rng';

/**
 * `large:<N>`: N events spread across 90 days, for benchmarks. Deterministic, O(N). ceil(N/100) users (10..2000),
 * one 1:1 conversation with each, plus ceil(N/40)/10 groups that open with a ParticipantsJoin event.
 */

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
  const span = 90 * 24 * 3600 * 1000;
  const start = now - span;
  const wanted = Math.max(1, Math.ceil(n / 40));
  const groupCount = userCount >= 3 ? Math.floor(wanted / 10) : 0;
  const oneToOneCount = Math.max(1, Math.min(userCount, wanted - groupCount));
  const convs: EmuConversation[] = [];
  for (let i = 0; i < oneToOneCount; i++) convs.push(store.oneToOne(meId, userIds[i] as string));
  // Groups open with a ParticipantsJoin event (as on X); these count towards the N events.
  const joins = Math.min(groupCount, Math.floor(n / 2));
  for (let i = 0; i < joins; i++) {
    const members = new Set([meId]);
    while (members.size < 4) members.add(rng.pick(userIds));
    const at = start + i;
    const group = store.newGroup([meId], at);
    store.addEvent({ eventType: 'ParticipantsJoin', conversation: group, senderId: meId, at, participantIds: [...members] });
    convs.push(group);
  }
  const messages = n - joins;
  const step = (span - joins - 1) / Math.max(1, messages);
  for (let i = 0; i < messages; i++) {
    const conv = rng.pick(convs);
    const members = [...conv.participants];
    const from = rng.next() < 0.4 ? meId : (rng.pick(members) as string);
    const len = rng.int(1, 12);
    let text = '';
    for (let w = 0; w < len; w++) text += (w ? ' ' : '') + rng.pick(WORDS);
    text += ` ${rng.pick(FLAVOURS)}`;
    store.addEvent({ eventType: 'MessageCreate', conversation: conv, senderId: from, at: start + joins + 1 + i * step, text: text.trimEnd() });
  }
}
