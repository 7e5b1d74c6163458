import { snowflakeAt } from '../ids';
import { envelopeId } from './ids';
import type { KeyBackupRecord } from './keyBackup';

/** What the X Chat emulator keeps: public-key records, conversations with their events, read state, typing. */

export interface PublicKeyRecord {
  version: string;
  publicKey: string;
  signingPublicKey: string;
  identityPublicKeySignature: string;
  registeredAt: number;
}

export interface ChatEvent {
  sequenceId: string;
  messageId: string;
  senderId: string;
  createdAt: number;
  kind: 'message' | 'keyChange';
  /** The base64 envelope (`encoded_event`). */
  encoded: string;
  previousId?: string;
}

export interface ChatConversation {
  /** API id (`A-B` or `g…`). */
  id: string;
  type: 'OneToOne' | 'Group';
  participants: string[];
  createdAt: number;
  updatedAt: number;
  /** Events oldest first (sequence ids ascend). */
  events: ChatEvent[];
  keyVersion?: string;
  /** A group's name, when it has one. */
  groupName?: string;
  /** Last sequence id each participant has seen. */
  seenUntil: Map<string, string>;
  typing: { userId: string; at: number }[];
}

export class ChatStore {
  /** Public-key records per user, oldest first. */
  readonly keys = new Map<string, PublicKeyRecord[]>();
  readonly conversations = new Map<string, ChatConversation>();
  /** Key backups (the emulator's Juicebox stand-in) per user id. */
  readonly keyBackups = new Map<string, KeyBackupRecord>();
  /** Uploaded media ciphertext by media hash key, with the conversation it belongs to. */
  readonly media = new Map<string, { conversationId: string; bytes: Buffer }>();
  private sequence = 0;
  private lastSequence = '';

  latestKey(userId: string): PublicKeyRecord | undefined {
    const list = this.keys.get(userId);
    return list?.[list.length - 1];
  }

  addKey(userId: string, record: PublicKeyRecord): void {
    this.keys.set(userId, [...(this.keys.get(userId) ?? []), record]);
  }

  /** Sequence ids are snowflakes: unique, and ascending in time across the whole world. */
  nextSequenceId(at: number): string {
    let id = snowflakeAt(at, ++this.sequence);
    if (id <= this.lastSequence) id = (BigInt(this.lastSequence) + 1n).toString().padStart(19, '0');
    this.lastSequence = id;
    return id;
  }

  conversation(id: string, participants: string[], at: number): ChatConversation {
    let conv = this.conversations.get(id);
    if (!conv) {
      conv = { id, type: id.startsWith('g') ? 'Group' : 'OneToOne', participants, createdAt: at, updatedAt: at, events: [], seenUntil: new Map(), typing: [] };
      this.conversations.set(id, conv);
    }
    return conv;
  }

  append(conv: ChatConversation, event: Omit<ChatEvent, 'previousId'>): ChatEvent {
    const stored: ChatEvent = { ...event, previousId: conv.events[conv.events.length - 1]?.sequenceId };
    conv.events.push(stored);
    conv.updatedAt = Math.max(conv.updatedAt, event.createdAt);
    // Sending something means having seen everything up to it.
    conv.seenUntil.set(event.senderId, event.sequenceId);
    return stored;
  }

  forUser(userId: string): ChatConversation[] {
    return [...this.conversations.values()].filter((c) => c.participants.includes(userId));
  }

  unreadCount(conv: ChatConversation, userId: string): number {
    const seen = conv.seenUntil.get(userId) ?? '';
    return conv.events.filter((e) => e.kind === 'message' && e.senderId !== userId && e.sequenceId > seen).length;
  }

  envelopeConversationId(conv: ChatConversation): string {
    return envelopeId(conv.id);
  }
}
