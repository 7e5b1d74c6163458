/**
 * What a `webview/context` menu command gets: the bubble's `data-vscode-context` (`{ conversationId, messageId }`).
 * The commands also take `{ eventId }`, a bare id or the text, for keybindings and other callers.
 */
export interface MessageContextArg {
  webviewSection?: 'message' | string;
  /** X's event id (or the outbox's `local-…` id before X confirmed it), as the panel's message bubbles carry it. */
  messageId: string;
  conversationId: string;
  /** Whether the message is the signed-in user's own (only those can be deleted). */
  fromMe?: boolean;
  /** The text as rendered, when the panel chooses to include it. */
  text?: string;
  preventDefaultContextMenuItems?: boolean;
}

/** Reads whatever a caller passed: `MessageContextArg`, `{ text }`, or an event id string. Untrusted input. */
export function parseMessageCommandArg(arg: unknown): { eventId?: string; conversationId?: string; text?: string } {
  if (typeof arg === 'string') return /^[0-9]{1,19}$|^local-/.test(arg) ? { eventId: arg } : { text: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const record = arg as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  return { eventId: str('messageId') ?? str('eventId') ?? str('id'), conversationId: str('conversationId'), text: str('text') };
}
