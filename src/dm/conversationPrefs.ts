import * as v from 'valibot';
import { XCHAT_REF_PATTERN } from './model/ids';

/**
 * The signed-in user's local choices about conversations and people, kept per account outside the archive (so
 * "Clear Local Cache" and `xdm.cache.enabled=false` keep them): muted conversations, and the people this user
 * DM-blocked from here (X has no endpoint that lists DM blocks, so this is the only record of them).
 *
 * Stored in a Memento (VS Code's globalState, shared by every window) and re-read on each question rather than
 * cached, so a mute set in one window holds in the others; the parsed value is reused while the stored value is
 * the same object. The stored value is validated: another version or a hand edit may have written it.
 */
export interface PrefsMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** A legacy conversation id or an X Chat ref (`xchat-…`): one entry the schema refused would drop every mute. */
const MutedId = v.pipe(v.string(), v.check((id) => /^([0-9]{1,19}-[0-9]{1,19}|[0-9]{1,19})$/.test(id) || XCHAT_REF_PATTERN.test(id)));

const StoredPrefs = v.object({
  muted: v.optional(v.array(MutedId), []),
  blocked: v.optional(v.array(v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/))), []),
});
type Stored = v.InferOutput<typeof StoredPrefs>;

interface Parsed {
  muted: ReadonlySet<string>;
  blocked: ReadonlySet<string>;
}

const EMPTY: Parsed = { muted: new Set(), blocked: new Set() };

/** A Memento that only lives in memory (tests, and callers without one). */
export function memoryMemento(): PrefsMemento {
  const values = new Map<string, unknown>();
  return { get: (key) => values.get(key), update: async (key, value) => void values.set(key, value) };
}

export class ConversationPrefs {
  private readonly key: string;
  private lastRaw: unknown;
  private lastParsed: Parsed = EMPTY;

  constructor(
    private readonly memento: PrefsMemento,
    accountId: string,
  ) {
    this.key = `xdm.conversationPrefs.${accountId}`;
  }

  isMuted(conversationId: string): boolean {
    return this.read().muted.has(conversationId);
  }

  isBlocked(userId: string): boolean {
    return this.read().blocked.has(userId);
  }

  setMuted(conversationId: string, muted: boolean): Promise<void> {
    return this.write('muted', conversationId, muted);
  }

  setBlocked(userId: string, blocked: boolean): Promise<void> {
    return this.write('blocked', userId, blocked);
  }

  private read(): Parsed {
    const raw = this.memento.get(this.key);
    if (raw === this.lastRaw) return this.lastParsed;
    const result = v.safeParse(StoredPrefs, raw ?? {});
    this.lastRaw = raw;
    this.lastParsed = result.success ? { muted: new Set(result.output.muted), blocked: new Set(result.output.blocked) } : EMPTY;
    return this.lastParsed;
  }

  private async write(list: keyof Stored, id: string, on: boolean): Promise<void> {
    const current = this.read();
    const next = new Set(current[list]);
    if (on) next.add(id);
    else next.delete(id);
    const value: Stored = { muted: [...current.muted], blocked: [...current.blocked], [list]: [...next] };
    await this.memento.update(this.key, value);
  }
}
