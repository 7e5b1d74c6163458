import type { DmItem } from './message';
import type { Person } from './person';

/** One conversation as the list shows it, derived from the archive (X has no list endpoint and no read state). */
export interface Conversation {
  id: string;
  kind: 'direct' | 'group';
  /** Partner's display name for a 1:1, participants' names (or the group name) for a group. */
  title: string;
  /** Everyone in the conversation except the signed-in user, resolved from the archive where known. */
  participants: Person[];
  /** The other person of a 1:1 conversation. */
  partner?: Person;
  /** Epoch ms of the newest event. */
  lastActivityAt: number;
  /** One line of the newest message (or system line), already shortened. */
  preview: string;
  previewFromMe: boolean;
  /** Messages by others after the local read mark. */
  unread: number;
  /** X Chat: end-to-end encrypted (absent for legacy DMs). */
  encrypted?: true;
  /** X Chat whose keys are not in memory: who and when only, `preview` is empty. */
  locked?: boolean;
}

/** A page of one conversation's items, oldest first, paged from the newest end. */
export interface ThreadSlice {
  items: DmItem[];
  /** More items exist in the archive before the first one returned. */
  hasOlderInArchive: boolean;
  /** X may still have older events of this conversation that the archive does not hold. */
  mayHaveOlderAtX: boolean;
}
