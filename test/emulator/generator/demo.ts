import type { EmuConversation } from '../model';
import type { Store } from '../store';
import { makePng } from './png';
import { makeUser } from './presets';

/**
 * The `demo` world: friendly 1:1 and group conversations with everything a client must render correctly — a
 * referenced post, an image, join/leave events, emoji, a long message, multi-byte / RTL / combining text, text
 * that looks like HTML, and events older than 30 days that only the conversation endpoints return.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEMO_USERS = {
  ada: { id: '783214', username: 'ada_codes', name: 'Ada Lovelace' },
  linus: { id: '2244994945', username: 'penguin_fan', name: 'Linus T.' },
  grace: { id: '1230000000000000007', username: 'grace_h', name: 'Grace Hopper' },
  yuki: { id: '99887766', username: 'yuki_dev', name: '結城 ゆき' },
  amira: { id: '31415926535', username: 'amira_rtl', name: 'أميرة يوسف' },
  bob: { id: '1000000000000000042', username: 'bob_builds', name: 'Bob 🔨' },
  pat: { id: '555000111', username: 'no_dms_please', name: 'Private Pat' },
} as const;

export const DEMO_POST_ID = '1846000000000000001';
export const DEMO_DELETED_POST_ID = '1846000000000000099';

const LONG_MESSAGE = [
  'Long one, sorry 📜 — notes from the retro:',
  ...Array.from(
    { length: 24 },
    (_, i) =>
      `${i + 1}. We should keep the archive on disk so that starting the editor never costs a request; polling must ask only for what is new, and every page we read is billed per event, so caching is not optional but the core of the design.`,
  ),
  'That is all. Thoughts?',
].join('\n');

export function seedDemo(store: Store, now: number): void {
  const meId = store.meId;
  for (const u of Object.values(DEMO_USERS)) {
    store.addUser(makeUser({ ...u, receivesYourDm: u.id !== DEMO_USERS.pat.id, description: `Hi, I am ${u.name}.` }, now));
  }
  const ada = DEMO_USERS.ada.id;
  const linus = DEMO_USERS.linus.id;
  const grace = DEMO_USERS.grace.id;
  store.tweets.set(DEMO_POST_ID, {
    id: DEMO_POST_ID,
    text: 'Shipping DMs inside the editor today 🚀 #vscode',
    authorId: linus,
    createdAt: now - 3 * DAY,
  });
  const png = makePng(64, 48, [29, 155, 240], [255, 122, 89]);
  const mediaId = '1846500000000000002';
  store.media.set(mediaId, {
    id: mediaId,
    key: `3_${mediaId}`,
    ownerId: ada,
    category: 'dm_image',
    mimeType: 'image/png',
    resourceId: 'Xk3dM9pQ2wLz7AbC.png',
    bytes: png,
    totalBytes: png.length,
    segments: new Map(),
    state: 'succeeded',
    createdAt: now - 2 * DAY,
    width: 64,
    height: 48,
    altText: 'A blue-to-orange gradient: the new theme colours',
  });

  // Events must be appended in time order, so collect them first and sort.
  type Item = { at: number; conv: EmuConversation; from: string; text?: string; type?: 'ParticipantsJoin' | 'ParticipantsLeave'; who?: string[]; media?: string; post?: string };
  const items: Item[] = [];
  const say = (conv: EmuConversation, agoMs: number, from: string, text: string, extra: Partial<Item> = {}): void => {
    items.push({ at: now - agoMs, conv, from, text, ...extra });
  };

  const withAda = store.oneToOne(meId, ada);
  say(withAda, 60 * DAY, ada, 'Hey! Found your repo through the newsletter. Mind if I send feedback here? 🙂');
  say(withAda, 59 * DAY + 22 * HOUR, meId, 'Of course, DMs are open. Thanks for looking!');
  say(withAda, 45 * DAY, ada, 'Old thread: the build broke on Windows paths again (C:\\Users\\ada\\code).');
  say(withAda, 2 * DAY + 3 * HOUR, ada, 'Here is the mock-up for the conversation list', { media: `3_${mediaId}` });
  say(withAda, 2 * DAY + 2 * HOUR, meId, 'Love the colours 😍🎨 — ship it');
  say(withAda, 2 * DAY, ada, LONG_MESSAGE);
  say(withAda, 1 * DAY + 5 * HOUR, ada, 'Did you see this? 👀', { post: DEMO_POST_ID });
  say(withAda, 1 * DAY + 4 * HOUR, meId, 'Yes! Also check what happens with <script>alert("xss")</script> and <b>bold</b> &amp; stuff.');
  say(withAda, 40 * MIN, ada, 'Rendered as text, as it should be ✅ see https://example.com/docs?x=1&y=2 @you_dev #vscode');
  say(withAda, 12 * MIN, ada, 'Coffee later? ☕');

  const withYuki = store.oneToOne(meId, DEMO_USERS.yuki.id);
  say(withYuki, 9 * DAY, DEMO_USERS.yuki.id, 'こんにちは！拡張機能ありがとう 🙏🇯🇵');
  say(withYuki, 9 * DAY - 30 * MIN, meId, 'どういたしまして！ 👩🏽‍💻👨‍👩‍👧‍👦');
  say(withYuki, 5 * HOUR, DEMO_USERS.yuki.id, 'Combining marks test: e\u0301 n\u0303 a\u030A — Zalgo: Z\u0351\u0352\u0353a\u0354l\u0355g\u0356o\u0357');

  const withAmira = store.oneToOne(meId, DEMO_USERS.amira.id);
  say(withAmira, 20 * DAY, DEMO_USERS.amira.id, 'مرحبا! هل يدعم الامتداد النص من اليمين إلى اليسار؟');
  say(withAmira, 20 * DAY - HOUR, meId, 'It should — mixed: שלום and مرحبا with code `let x = 1;` inline.');
  say(withAmira, 3 * HOUR, DEMO_USERS.amira.id, 'ممتاز 👍 شكراً');

  const withGrace = store.oneToOne(meId, grace);
  say(withGrace, 35 * DAY, grace, 'A ship in port is safe, but that is not what ships are built for.');
  // Refers to a post that has since been deleted: expanding it gives X's partial error inside the 200.
  say(withGrace, 6 * DAY, meId, 'Reviewing your PR today, promise. Saw your thread about it.', { post: DEMO_DELETED_POST_ID });

  const withBob = store.oneToOne(meId, DEMO_USERS.bob.id);
  say(withBob, 90 * DAY, DEMO_USERS.bob.id, 'Long time no see! This whole thread is older than 30 days.');
  say(withBob, 89 * DAY, meId, 'Indeed — only the conversation endpoint can load it.');

  const crew = store.newGroup([meId, ada, linus, grace], now - 14 * DAY);
  items.push({ at: now - 14 * DAY, conv: crew, from: meId, type: 'ParticipantsJoin', who: [meId, ada, linus, grace] });
  say(crew, 14 * DAY - MIN, meId, 'Welcome to the release crew 🚢');
  say(crew, 10 * DAY, linus, 'Tagging v0.1 tonight.');
  items.push({ at: now - 8 * DAY, conv: crew, from: ada, type: 'ParticipantsJoin', who: [DEMO_USERS.bob.id] });
  say(crew, 8 * DAY - MIN, DEMO_USERS.bob.id, 'Thanks for adding me! 👋');
  items.push({ at: now - 4 * DAY, conv: crew, from: linus, type: 'ParticipantsLeave', who: [linus] });
  say(crew, 30 * MIN, grace, 'Release notes are drafted — please review 📝');
  say(crew, 5 * MIN, meId, 'On it.');

  // The group's creation time doubles as its id; it must precede its events, which it does (14 days ago).
  items.sort((a, b) => a.at - b.at);
  for (const it of items) {
    store.addEvent({
      eventType: it.type ?? 'MessageCreate',
      conversation: it.conv,
      senderId: it.from,
      at: it.at,
      text: it.type ? undefined : it.text,
      participantIds: it.who,
      mediaKeys: it.media ? [it.media] : undefined,
      referencedTweetIds: it.post ? [it.post] : undefined,
    });
  }
}
