import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmuContext } from '../context';
import type { Store } from '../store';
import { ME_ID } from '../auth/credentials';
import { snowflakeAt } from '../ids';
import { askParty, queueForParty } from '../chat/party';
import { wrapKeyChange, wrapMessageCreate } from '../chat/envelope';
import { envelopeId, restId } from '../chat/ids';
import { storeKeyBackup } from '../chat/keyBackup';
import type { SigningKeyWire } from '../chat/partyProtocol';
import { DEMO_USERS } from './demo';

/**
 * The demo world's X Chat side: "me", Grace and Bob have keys made by the real Chat XDK, me's are in the emulated key
 * backup behind `DEMO_XCHAT_PASSCODE`, and the inbox holds two encrypted 1:1s and an encrypted group of three beside
 * the legacy conversations. Encrypting needs the party worker (≈0.7 s cold), so the ciphertext is made once, kept in
 * memory and in a temp file shared by test processes, and every demo world (`/__admin/reset`, other emulators)
 * replays it at fresh times and sequence ids; the party only learns the demo keys when someone asks it something.
 */

/** The demo user's X Chat passcode (README's demo section and the tests point here). */
export const DEMO_XCHAT_PASSCODE = '2468';
/** The demo's encrypted group (X's group ids are `g` + digits). */
export const DEMO_XCHAT_GROUP_ID = 'g1846700000000000001';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const { grace, bob } = DEMO_USERS;

interface Line { ago: number; from: string; text: string }
interface Plan { id: string; members: string[]; groupName?: string; keysBy: string; lines: Line[]; meReadThrough?: number }

const PLANS: Plan[] = [
  {
    id: restId(ME_ID, grace.id), members: [ME_ID, grace.id], keysBy: grace.id,
    lines: [
      { ago: 3 * DAY, from: grace.id, text: 'Moving the PR review here 🔒 only our devices can read this one.' },
      { ago: 3 * DAY - 10 * MIN, from: ME_ID, text: 'Good call. Legacy DMs are readable by X, these are not.' },
      { ago: 1 * DAY, from: grace.id, text: 'Found it: an off-by-one in the pager. The fix is on my branch.' },
      { ago: 1 * DAY - 5 * MIN, from: ME_ID, text: 'Nice catch! Merging after lunch.' },
      { ago: 25 * MIN, from: grace.id, text: 'Merged? The nightly is waiting on it 🌙' },
    ],
  },
  {
    id: restId(ME_ID, bob.id), members: [ME_ID, bob.id], keysBy: bob.id,
    lines: [
      { ago: 6 * DAY, from: bob.id, text: 'Can I send you the staging plan here instead of the old DMs?' },
      { ago: 6 * DAY - 2 * MIN, from: ME_ID, text: 'Yes, this chat is end-to-end encrypted.' },
      { ago: 2 * DAY, from: bob.id, text: 'Rotation plan is in the security group too 🔨' },
      { ago: 2 * DAY - MIN, from: ME_ID, text: '👍 thanks Bob' },
    ],
  },
  {
    id: DEMO_XCHAT_GROUP_ID, members: [ME_ID, grace.id, bob.id], groupName: 'Security review 🛡️', keysBy: ME_ID, meReadThrough: 1,
    lines: [
      { ago: 4 * DAY, from: ME_ID, text: 'Encrypted group for the security review.' },
      { ago: 4 * DAY - 30 * MIN, from: grace.id, text: 'Threat model draft is ready.' },
      { ago: 1 * HOUR, from: bob.id, text: 'Pen-test results tomorrow morning.' },
      { ago: 50 * MIN, from: grace.id, text: 'Hostile input check: <img src=x onerror=alert(1)> and [a link](command:workbench.action.quit) stay text.' },
    ],
  },
];

interface Recipe {
  users: { userId: string; version: string; publicKey: string; signingPublicKey: string; identityPublicKeySignature: string; keyMaterial: string }[];
  conversations: {
    plan: Plan;
    keyVersion: string;
    keyChange: { messageId: string; detail: string; signature: string; publicKeyVersion: string; signatureVersion: string };
    messages: { messageId: string; create: string; signature: string }[];
  }[];
}

type Registration = { registration: { publicKey: string; signingPublicKey: string; identityPublicKeySignature: string }; keyMaterial: string };
type Prepared = { conversationKeyVersion: string; actionSignatures: { messageId: string; encodedMessageEventDetail: string; signature: string; publicKeyVersion: string; signatureVersion: string }[] };

/** One party round trip at a time: the party switches identity per request. */
async function encryptRecipe(ctx: EmuContext): Promise<Recipe> {
  const version = String(ctx.clock.now());
  const users: Recipe['users'] = [];
  for (const userId of [ME_ID, grace.id, bob.id]) {
    const made = await askParty<Registration>(ctx, { op: 'createUser', userId, version });
    users.push({ userId, version, ...made.registration, keyMaterial: made.keyMaterial });
  }
  const signingKeys: SigningKeyWire[] = users.map((u) => ({ userId: u.userId, publicKeyVersion: u.version, publicKey: u.signingPublicKey, identityPublicKey: u.publicKey, identityPublicKeySignature: u.identityPublicKeySignature }));
  const conversations: Recipe['conversations'] = [];
  for (const plan of PLANS) {
    const publicKeys = plan.members.map((m) => ({ userId: m, publicKey: users.find((u) => u.userId === m)?.publicKey as string, keyVersion: version }));
    const prepared = await askParty<Prepared>(ctx, { op: 'prepareKeyChange', userId: plan.keysBy, publicKeys, ...(plan.groupName ? { conversationId: envelopeId(plan.id) } : {}) });
    const sig = prepared.actionSignatures[0];
    if (!sig) throw new Error('the party prepared no key change');
    const keyChange = { messageId: sig.messageId, detail: sig.encodedMessageEventDetail, signature: sig.signature, publicKeyVersion: sig.publicKeyVersion, signatureVersion: sig.signatureVersion };
    // The party reads the conversation key from the key change as a client would; where it sits in time does not matter.
    const wrapped = wrapKeyChange({ sequenceId: snowflakeAt(ctx.clock.now(), 1), messageId: sig.messageId, senderId: plan.keysBy, conversationId: envelopeId(plan.id), createdAtMs: ctx.clock.now() }, Buffer.from(keyChange.detail, 'base64'), keyChange);
    const messages: Recipe['conversations'][number]['messages'] = [];
    for (const line of plan.lines) {
      const p = await askParty<{ messageId: string; encryptedContent: string; encodedEventSignature: string }>(ctx, { op: 'encrypt', userId: line.from, conversationId: envelopeId(plan.id), text: line.text, keyChangeEvents: [wrapped], signingKeys });
      messages.push({ messageId: p.messageId, create: p.encryptedContent, signature: p.encodedEventSignature });
    }
    conversations.push({ plan, keyVersion: prepared.conversationKeyVersion, keyChange, messages });
  }
  return { users, conversations };
}

let cached: Promise<Recipe> | undefined;

/** Changes whenever the conversations or the Chat XDK do, so a stale file is never replayed. */
function cacheFile(): string {
  const xdk = path.join(path.dirname(require.resolve('@xdevplatform/chat-xdk')), 'package.json');
  const hash = createHash('sha256').update(readFileSync(xdk)).update(JSON.stringify([ME_ID, PLANS])).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `xdm-emulator-demo-chat-${hash}.json`);
}

function readCache(file: string): Recipe | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Recipe;
    return r.users.length === 3 && r.conversations.length === PLANS.length ? r : undefined;
  } catch {
    return undefined;
  }
}

async function recipe(ctx: EmuContext): Promise<Recipe> {
  const file = cacheFile();
  const known = readCache(file);
  if (known) return known;
  const made = await encryptRecipe(ctx);
  try {
    // Written whole then renamed: parallel test processes never read half a file.
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, JSON.stringify(made), { mode: 0o600 });
    renameSync(part, file);
  } catch {
    // Only a cache: the next process encrypts again.
  }
  return made;
}

function replay(ctx: EmuContext, store: Store, recipe: Recipe): void {
  const chat = store.chat;
  const now = ctx.clock.now();
  for (const u of recipe.users) {
    chat.addKey(u.userId, { version: u.version, publicKey: u.publicKey, signingPublicKey: u.signingPublicKey, identityPublicKeySignature: u.identityPublicKeySignature, registeredAt: now - 30 * DAY });
    // This emulator's party may hold other keys for these users (or none): give it the demo's.
    queueForParty(ctx, { op: 'importUser', userId: u.userId, version: u.version, keyMaterial: u.keyMaterial });
  }
  storeKeyBackup(ctx, ME_ID, DEMO_XCHAT_PASSCODE, recipe.users.find((u) => u.userId === ME_ID)?.keyMaterial as string);
  // Sequence ids ascend in time across the world, so every conversation's events go in together, oldest first.
  type Step = { at: number; run: () => void };
  const steps: Step[] = [];
  const seqOf = new Map<string, string[]>();
  for (const c of recipe.conversations) {
    const { plan } = c;
    const first = Math.max(...plan.lines.map((l) => l.ago));
    const keysAt = now - first - MIN;
    steps.push({
      at: keysAt,
      run: () => {
        const conv = chat.conversation(plan.id, [...plan.members], keysAt);
        conv.groupName = plan.groupName;
        const sequenceId = chat.nextSequenceId(keysAt);
        const k = c.keyChange;
        const encoded = wrapKeyChange({ sequenceId, messageId: k.messageId, senderId: plan.keysBy, conversationId: envelopeId(plan.id), createdAtMs: keysAt }, Buffer.from(k.detail, 'base64'), k);
        chat.append(conv, { sequenceId, messageId: k.messageId, senderId: plan.keysBy, createdAt: keysAt, kind: 'keyChange', encoded });
        conv.keyVersion = c.keyVersion;
      },
    });
    plan.lines.forEach((line, i) => {
      const at = now - line.ago;
      const m = c.messages[i] as Recipe['conversations'][number]['messages'][number];
      steps.push({
        at,
        run: () => {
          const conv = chat.conversations.get(plan.id);
          if (!conv) throw new Error('demo conversation missing');
          const sequenceId = chat.nextSequenceId(at);
          const encoded = wrapMessageCreate({ sequenceId, messageId: m.messageId, senderId: line.from, conversationId: envelopeId(plan.id), createdAtMs: at }, Buffer.from(m.create, 'base64'), Buffer.from(m.signature, 'base64'));
          chat.append(conv, { sequenceId, messageId: m.messageId, senderId: line.from, createdAt: at, kind: 'message', encoded });
          seqOf.set(plan.id, [...(seqOf.get(plan.id) ?? []), sequenceId]);
        },
      });
    });
  }
  steps.sort((a, b) => a.at - b.at);
  for (const s of steps) s.run();
  for (const { plan } of recipe.conversations) {
    const conv = chat.conversations.get(plan.id);
    const seqs = seqOf.get(plan.id) ?? [];
    if (conv && plan.meReadThrough !== undefined) conv.seenUntil.set(ME_ID, seqs[plan.meReadThrough] as string);
  }
}

/** Adds the demo's X Chat side to the world `ctx` holds now (called after `buildStore('demo')`). */
export async function seedDemoChat(ctx: EmuContext): Promise<void> {
  const store = ctx.store;
  cached ??= recipe(ctx).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  // The party worker is unref'd (it must not keep a finished test alive), so hold the process open meanwhile.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    replay(ctx, store, await cached);
  } finally {
    clearInterval(keepAlive);
  }
}
