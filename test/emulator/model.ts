/** The emulator's internal records. Shapes are X's where X has one; extra fields are emulator bookkeeping. */

export type EventType = 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave';

export interface EmuUser {
  id: string;
  username: string;
  name: string;
  /** Whether this user accepts DMs from the signed-in `me` user (X's `receives_your_dm`). */
  receivesYourDm: boolean;
  createdAt: number;
  description: string;
  location?: string;
  verified: boolean;
  protected: boolean;
  followers: number;
  following: number;
  tweets: number;
  me: boolean;
}

export interface EmuConversation {
  id: string;
  kind: 'OneToOne' | 'Group';
  /** Current members. */
  participants: Set<string>;
  /** Everyone who was ever a member: they keep seeing the history up to their leave (simplified: all of it). */
  everMembers: Set<string>;
  /** Event ids of this conversation, ascending (ids are time-ordered snowflakes of equal length). */
  events: string[];
}

export interface EmuEvent {
  id: string;
  eventType: EventType;
  conversationId: string;
  createdAt: number;
  senderId: string;
  text?: string;
  participantIds?: string[];
  mediaKeys?: string[];
  referencedTweetIds?: string[];
  /** X's entities of the stored text; `urls` describe the t.co links X put in place of the URLs that were sent. */
  entities?: { urls: EmuUrlEntity[] };
  deleted: boolean;
}

/** A URL entity as X describes it (`UrlEntityDm`): indices in code points of the stored text. */
export interface EmuUrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
}

export interface EmuTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: number;
}

export interface EmuMedia {
  id: string;
  key: string;
  ownerId: string;
  category: string;
  mimeType: string;
  /** Resource id used in the download URL, e.g. `k3Jd9QmZ2bXw7LpA.png`. */
  resourceId: string;
  bytes: Buffer;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: 'initialized' | 'succeeded';
  createdAt: number;
  width?: number;
  height?: number;
  altText?: string;
}
