import type { AppStateVM, ConversationVM, ThreadItemVM, ThreadVM, UiStateVM } from './viewModels';
import type { WebviewStrings } from './strings';
import type { OutgoingAttachmentVM, UploadProgressMessage } from './outgoingMedia';

/**
 * The one protocol between the panel's webview and the extension host. Requests carry an id and settle with a
 * result or `{code, message}`; notifications have no reply. The host validates every webview message against
 * src/views/messageSchemas.ts, which must stay in step with these types (a unit test checks both agree).
 */
export interface RequestMap {
  openConversation: { params: { conversationId: string }; result: ThreadVM };
  closeConversation: { params: Record<string, never>; result: null };
  search: { params: { query: string }; result: ConversationVM[] };
  /** `text` may be empty when an uploaded attachment goes with it; the alt text stays on this device. */
  send: { params: { conversationId: string; text: string; attachment?: { id: string; altText?: string } }; result: SendOutcome };
  /** Hands over pasted or dropped file bytes (base64); asks for X's media permission the first time. */
  attachMedia: { params: { name: string; mimeType: string; data: string }; result: OutgoingAttachmentVM };
  /** Shows VS Code's file dialog on the host; null when the person cancels. */
  pickMedia: { params: Record<string, never>; result: OutgoingAttachmentVM | null };
  /** Uploads the attachment to X (progress arrives as `uploadProgress`); a second call after success does nothing. */
  uploadMedia: { params: { attachmentId: string }; result: null };
  removeMedia: { params: { attachmentId: string }; result: null };
  retry: { params: { localId: string }; result: SendOutcome };
  /** Asks X whether a message that may have been sent arrived; never sends it. */
  check: { params: { localId: string }; result: SendOutcome };
  discard: { params: { localId: string }; result: null };
  deleteMessage: { params: { conversationId: string; messageId: string }; result: { deleted: boolean } };
  loadOlder: { params: { conversationId: string }; result: { added: number; exhausted: boolean } };
  fetchMedia: { params: { dmEventId: string; mediaKey: string }; result: { dataUrl: string } };
  openLink: { params: { url: string }; result: { opened: boolean } };
  runAction: { params: { action: PanelAction }; result: null };
  /** The thread header's actions button: the host shows Mute / Mark as Unread / Block for this conversation. */
  conversationActions: { params: { conversationId: string }; result: null };
  switchAccount: { params: { sessionId: string }; result: null };
  /** Shows the conversation in an editor tab or in the sidebar (the other surface keeps what it shows). */
  openIn: { params: { conversationId: string; where: 'editor' | 'sidebar' }; result: null };
}

/** `unconfirmed`: X may have the message ("may have been sent"); only `failed` is safe to send again. */
export interface SendOutcome {
  status: 'sent' | 'failed' | 'unconfirmed';
  reason?: string;
}

export type PanelAction = 'signIn' | 'openWalkthrough' | 'newMessage' | 'newGroup' | 'refresh' | 'openSettings';

export type RequestMethod = keyof RequestMap;

export interface RequestMessage<M extends RequestMethod = RequestMethod> {
  type: 'request';
  id: number;
  method: M;
  params: RequestMap[M]['params'];
}

export type WebviewMessage =
  | { type: 'ready'; openConversationId?: string }
  | RequestMessage
  | UiStateMessage
  | { type: 'log'; level: 'warn' | 'error'; message: string };

export interface UiStateMessage {
  type: 'uiState';
  state: UiStateVM;
}

export interface ProtocolError {
  /** Machine-readable: 'timeout', 'invalid', 'notFound', 'signedOut', 'failed', 'cancelled', … */
  code: string;
  /** Plain words for the user. */
  message: string;
}

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ProtocolError };

export type HostMessage =
  | ResponseMessage
  | { type: 'state'; state: AppStateVM }
  | { type: 'conversations'; conversations: ConversationVM[] }
  /** Incremental thread update: changed or new items (by id) and removed ids. */
  | { type: 'threadDelta'; conversationId: string; upserts: ThreadItemVM[]; removed: string[]; canLoadOlder: boolean }
  | { type: 'thread'; thread: ThreadVM }
  | { type: 'open'; conversationId: string }
  /** Back to the list if this conversation is open (a command such as Mark as Unread needs it unread). */
  | { type: 'closeConversation'; conversationId: string }
  | { type: 'focusComposer' }
  /** Sent when the view is shown again: a webview that survived the hide answers with `ready` (a reloaded one says it anyway). */
  | { type: 'ping' }
  | UploadProgressMessage
  /** The account was signed out with its messages deleted: its drafts go too. */
  | { type: 'forgetDrafts'; userId: string }
  /** Every surface's drafts after another surface changed one (the host's copy is the source of truth). */
  | { type: 'drafts'; drafts: UiStateVM['drafts'] };

/** Where a webview document lives: the sidebar (list and thread) or an editor tab showing one conversation. */
export type Surface = { kind: 'sidebar' } | { kind: 'tab'; conversationId: string };

/** Embedded in the HTML as JSON (read with textContent, never executed). */
export interface Bootstrap {
  strings: WebviewStrings;
  /** BCP 47, from vscode.env.language: relative times and dates follow VS Code's display language. */
  locale: string;
  state: AppStateVM;
  uiState?: UiStateVM;
  /** By X user id: drafts saved at or before this time (epoch ms) were deleted with the account's messages. */
  draftsDeletedAt?: Record<string, number>;
  /** Thread of the conversation that was open, so a reload paints it without a round trip. */
  thread?: ThreadVM;
  /** Absent means the sidebar. */
  surface?: Surface;
}

/**
 * The host answers a send, retry or check within this long: past it the outbox reports the message as "may have
 * been sent" and keeps waiting for X's answer in the background (the HTTP client may retry and refresh a token).
 */
export const SEND_DEADLINE_MS = 45_000;
/**
 * Requests that have not settled after this long reject with code 'timeout'. Strictly longer than the host's own
 * deadline, so the webview never gives up on a send the host is still completing.
 */
export const REQUEST_TIMEOUT_MS = SEND_DEADLINE_MS + 15_000;
export const MAX_MESSAGE_LENGTH = 10_000;
/** Picking a file waits on the person and, the first time, on X's consent page in the browser. */
export const INTERACTIVE_REQUEST_TIMEOUT_MS = 10 * 60_000;
/** The counter appears when this many characters are left. */
export const COUNTER_THRESHOLD = 500;
