import { coreCommands, IpcCommand, IpcNotification, IpcRequest } from '../ipc';
import type { ParamsOf, RequestMessage as IpcRequestMessage, ResultOf, WireMessages, WireRequests } from '../ipc';
import type { OutgoingAttachmentVM } from '../outgoingMedia';
import type { AppStateVM, ConversationVM, ThreadItemVM, ThreadVM, UiStateVM } from '../viewModels';

/** `unconfirmed`: X may have the message ("may have been sent"); only `failed` is safe to send again. */
export interface SendOutcome {
  status: 'sent' | 'failed' | 'unconfirmed';
  reason?: string;
}

/** `unlockXChat` asks for the passcode in VS Code's own password box; `aboutXChat` explains X Chat and its keys. */
export type PanelAction = 'signIn' | 'openWalkthrough' | 'newMessage' | 'newGroup' | 'refresh' | 'openSettings' | 'unlockXChat' | 'lockXChat' | 'aboutXChat';
export const PANEL_ACTIONS: readonly PanelAction[] = ['signIn', 'openWalkthrough', 'newMessage', 'newGroup', 'refresh', 'openSettings', 'unlockXChat', 'lockXChat', 'aboutXChat'];

type None = Record<string, never>;
/** Pure, so a bundle that only needs the types drops the tables. */
const request = /* @__NO_SIDE_EFFECTS__ */ <P, R>(method: string) => new IpcRequest<P, R>('conversations', method);
const notification = /* @__NO_SIDE_EFFECTS__ */ <P>(method: string, untilReady: 'queue' | 'drop') => new IpcNotification<P>('conversations', method, untilReady);

/** Webview → host requests of the conversations feature (sidebar and editor tabs alike). */
export const conversationRequests = {
  openConversation: request<{ conversationId: string }, ThreadVM>('openConversation'),
  closeConversation: request<None, null>('closeConversation'),
  search: request<{ query: string }, ConversationVM[]>('search'),
  /** `text` may be empty when an uploaded attachment goes with it; the alt text stays on this device. */
  send: request<{ conversationId: string; text: string; attachment?: { id: string; altText?: string } }, SendOutcome>('send'),
  /** Hands over pasted or dropped file bytes (base64); asks for X's media permission the first time. */
  attachMedia: request<{ name: string; mimeType: string; data: string }, OutgoingAttachmentVM>('attachMedia'),
  /** Shows VS Code's file dialog on the host; null when the person cancels. */
  pickMedia: request<None, OutgoingAttachmentVM | null>('pickMedia'),
  /** Uploads the attachment to X (progress arrives as `uploadProgress`); a second call after success does nothing. */
  uploadMedia: request<{ attachmentId: string }, null>('uploadMedia'),
  removeMedia: request<{ attachmentId: string }, null>('removeMedia'),
  retry: request<{ localId: string }, SendOutcome>('retry'),
  /** Asks X whether a message that may have been sent arrived; never sends it. */
  check: request<{ localId: string }, SendOutcome>('check'),
  discard: request<{ localId: string }, null>('discard'),
  deleteMessage: request<{ conversationId: string; messageId: string }, { deleted: boolean }>('deleteMessage'),
  loadOlder: request<{ conversationId: string }, { added: number; exhausted: boolean }>('loadOlder'),
  fetchMedia: request<{ dmEventId: string; mediaKey: string }, { dataUrl: string }>('fetchMedia'),
  openLink: request<{ url: string }, { opened: boolean }>('openLink'),
  runAction: request<{ action: PanelAction }, null>('runAction'),
  /** The thread header's actions button: the host shows Mute / Mark as Unread / Block for this conversation. */
  conversationActions: request<{ conversationId: string }, null>('conversationActions'),
  switchAccount: request<{ sessionId: string }, null>('switchAccount'),
  /** Shows the conversation in an editor tab or in the sidebar (the other surface keeps what it shows). */
  openIn: request<{ conversationId: string; where: 'editor' | 'sidebar' }, null>('openIn'),
} as const;

/** Webview → host commands: the generic ones every webview sends, and the feature's own. */
export const conversationCommands = {
  ...coreCommands,
  /** The document's drafts, open conversation and filter after a change (the host keeps and shares them). */
  uiState: new IpcCommand<{ state: UiStateVM }>('conversations', 'uiState'),
  /** The user is typing in this conversation's composer (sent at most every few seconds); X Chat passes it on if allowed. */
  typing: new IpcCommand<{ conversationId: string }>('conversations', 'typing'),
} as const;

/** Host → webview notifications. */
export const conversationNotifications = {
  state: notification<{ state: AppStateVM }>('state', 'drop'),
  conversations: notification<{ conversations: ConversationVM[] }>('conversations', 'drop'),
  /** Incremental thread update: changed or new items (by id) and removed ids. */
  threadDelta: notification<{ conversationId: string; upserts: ThreadItemVM[]; removed: string[]; canLoadOlder: boolean }>('threadDelta', 'drop'),
  thread: notification<{ thread: ThreadVM }>('thread', 'drop'),
  /** Opens a conversation (notifications, commands): the user asked for it, so it waits for the document. */
  open: notification<{ conversationId: string }>('open', 'queue'),
  /** Back to the list if this conversation is open (a command such as Mark as Unread needs it unread). */
  closeConversation: notification<{ conversationId: string }>('closeConversation', 'queue'),
  /** Upload progress while the bytes go to X. */
  uploadProgress: notification<{ attachmentId: string; sentBytes: number; totalBytes: number }>('uploadProgress', 'drop'),
  /** The account was signed out with its messages deleted: its drafts go too. */
  forgetDrafts: notification<{ userId: string }>('forgetDrafts', 'queue'),
  /** Every surface's drafts after another surface changed one (the host's copy is the source of truth). */
  drafts: notification<{ drafts: UiStateVM['drafts'] }>('drafts', 'drop'),
} as const;

export type ConversationRequests = typeof conversationRequests;
export type RequestMethod = keyof ConversationRequests;
export type RequestParams<M extends RequestMethod> = ParamsOf<ConversationRequests[M]>;
export type RequestResult<M extends RequestMethod> = ResultOf<ConversationRequests[M]>;
export type ConversationCommands = typeof conversationCommands;
export type ConversationNotifications = typeof conversationNotifications;

export type RequestMessage = WireRequests<ConversationRequests>;
/** What the webview posts: a request built for one method `M` is checked against that method's descriptor. */
export type OutgoingMessage = CommandMessage | IpcRequestMessage<RequestMethod, RequestParams<RequestMethod>>;
export type CommandMessage = WireMessages<ConversationCommands>;
export type NotificationMessage = WireMessages<ConversationNotifications>;
export type NotificationType = NotificationMessage['type'];
