import type { Person } from './person';

/**
 * One item of a conversation in the extension's own words: what the archive, the outbox, notifications and the
 * view models share. No trust boundary (built from validated wire/disk data), so plain types.
 */
export type MessageStatus = 'sent' | 'pending' | 'unconfirmed' | 'failed';

/**
 * Why an end-to-end encrypted message shows no text: its signature did not verify against the sender's key (or it
 * claims another conversation), or it could not be decrypted at all. Absent on every message whose text is trusted.
 */
export type MessageIntegrity = 'unverified' | 'undecryptable';

export interface Attachment {
  mediaKey: string;
  type: string;
  /** Enough to fetch the bytes through `DmService.fetchMedia`. */
  dmEventId: string;
  width?: number;
  height?: number;
  altText?: string;
}

export interface ReferencedPost {
  id: string;
  text: string;
  authorId?: string;
  author?: Person;
  /** https://x.com/<user>/status/<id> */
  url: string;
}

export interface MessageLink {
  /** The link as it appears in `text` (https://t.co/…). */
  url: string;
  expandedUrl?: string;
  displayUrl?: string;
}

export interface DmMessage {
  type: 'message';
  /** X's event id once sent; the outbox's local id (`local-…`) before that. */
  id: string;
  localId?: string;
  conversationId: string;
  senderId: string;
  fromMe: boolean;
  text: string;
  /** Epoch ms. */
  createdAt: number;
  status: MessageStatus;
  /** Plain-words reason for `failed` / `unconfirmed`. */
  statusReason?: string;
  attachments: Attachment[];
  referencedPosts: ReferencedPost[];
  /** The t.co links X put into `text`, with where they go (absent when X described none). */
  links?: MessageLink[];
  /** Set only for an encrypted message that could not be trusted; its `text` is then always empty. */
  integrity?: MessageIntegrity;
}

/** Someone joined or left a group. */
export interface SystemLine {
  type: 'system';
  id: string;
  conversationId: string;
  kind: 'join' | 'leave';
  userIds: string[];
  createdAt: number;
}

export type DmItem = DmMessage | SystemLine;
