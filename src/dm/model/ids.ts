/**
 * X's identifier rules (OpenAPI 2.166 `DmEventId`, `UserId`, `DmConversationId`, `MediaKey`), used by the API
 * client, the archive's validation and the webview-message schemas alike. Pure: no node or vscode imports.
 */
export const ID_PATTERN = /^[0-9]{1,19}$/;
export const DIRECT_CONVERSATION_ID_PATTERN = /^[0-9]{1,19}-[0-9]{1,19}$/;
/** A 1:1 conversation is `smallerUserId-largerUserId`; a group has one 15–19 digit id. */
export const CONVERSATION_ID_PATTERN = /^([0-9]{1,19}-[0-9]{1,19}|[0-9]{15,19})$/;
/** An X Chat conversation (`/2/chat`): `smallerUserId-largerUserId` for a 1:1, `g<digits>` for a group. */
export const XCHAT_CONVERSATION_ID_PATTERN = /^([0-9]{1,19}-[0-9]{1,19}|g[0-9]{1,19})$/;
/**
 * The same conversation as the panel, commands and drafts name it: `xchat-` + X's id. X Chat's 1:1 ids look exactly
 * like legacy 1:1 ids (`A-B`), and the same two people can have both, so the prefix keeps them two conversations.
 */
export const XCHAT_REF_PATTERN = /^xchat-([0-9]{1,19}-[0-9]{1,19}|g[0-9]{1,19})$/;
const XCHAT_REF_PREFIX = 'xchat-';

export function xchatRef(apiId: string): string {
  return `${XCHAT_REF_PREFIX}${apiId}`;
}

/** X's id of an X Chat conversation ref, or undefined when `ref` is not one. */
export function xchatApiId(ref: string): string | undefined {
  return XCHAT_REF_PATTERN.test(ref) ? ref.slice(XCHAT_REF_PREFIX.length) : undefined;
}

export const MEDIA_KEY_PATTERN = /^([0-9]+)_([0-9]+)$/;
/** An X Chat media hash key (2.167 `chatMediaDownload`): never shaped like a legacy media key, which has a `_`. */
export const XCHAT_MEDIA_HASH_KEY_PATTERN = /^[a-zA-Z0-9]{1,50}$/;

/** An X Chat media hash key (alphanumerics only), never a legacy `digits_digits` media key. */
export function isXChatMediaKey(key: string): boolean {
  return XCHAT_MEDIA_HASH_KEY_PATTERN.test(key);
}
export const USERNAME_PATTERN = /^[A-Za-z0-9_]{1,15}$/;
/** The outbox's id for a message X has not acknowledged yet (`local-<uuid>`). */
export const LOCAL_ID_PATTERN = /^local-[\w-]{1,64}$/;

/**
 * A conversation as the panel names it: X's legacy id, an X Chat ref (`xchat-…`), or the outbox's local id of a new
 * group X has not answered yet.
 */
export function isConversationRef(value: string): boolean {
  return CONVERSATION_ID_PATTERN.test(value) || XCHAT_REF_PATTERN.test(value) || LOCAL_ID_PATTERN.test(value);
}

/** A message as the panel names it: X's event id once sent, the outbox's local id before. */
export function isMessageRef(value: string): boolean {
  return ID_PATTERN.test(value) || LOCAL_ID_PATTERN.test(value);
}

/**
 * X's ids are snowflakes: decimal strings of up to 19 digits that grow with time. Comparing them as strings
 * (length first, then lexicographically) orders them like the numbers without BigInt allocations.
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

export function directConversationId(userA: string, userB: string): string {
  return compareIds(userA, userB) <= 0 ? `${userA}-${userB}` : `${userB}-${userA}`;
}

export function isDirectConversationId(conversationId: string): boolean {
  return DIRECT_CONVERSATION_ID_PATTERN.test(conversationId);
}

/** The other person of a 1:1 conversation id, seen from `meId`. A conversation with oneself yields `meId`. */
export function partnerIdOf(conversationId: string, meId: string): string | undefined {
  if (!isDirectConversationId(conversationId)) return undefined;
  const [a, b] = conversationId.split('-') as [string, string];
  return a === meId ? b : b === meId ? a : undefined;
}
