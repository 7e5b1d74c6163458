import type { AppStateVM, ThreadVM, UiStateVM } from './viewModels';
import type { WebviewStrings } from './strings';

import type { Receipt, ResponseMessage } from './ipc';
import type { CommandMessage, NotificationMessage, RequestMessage, RequestMethod, RequestParams, RequestResult } from './conversations/protocol';

export type { ProtocolError, ResponseMessage } from './ipc';
export type { PanelAction, RequestMessage, RequestMethod, SendOutcome } from './conversations/protocol';

/**
 * The panel's wire messages, derived from the descriptors in ./conversations/protocol.ts. The host validates
 * every webview message against src/views/messageSchemas.ts, which a unit test checks against the descriptors.
 */
export type RequestMap = { [M in RequestMethod]: { params: RequestParams<M>; result: RequestResult<M> } };
export type WebviewMessage = CommandMessage | RequestMessage;
export type UiStateMessage = Extract<CommandMessage, { type: 'uiState' }>;
/** Queued kinds carry a {@link Receipt} when the document said ready with an id. */
export type HostMessage = ResponseMessage | NotificationMessage | (NotificationMessage & Receipt);

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
/** Picking a file waits on the person and, the first time, on X's consent page in the browser. */
export const INTERACTIVE_REQUEST_TIMEOUT_MS = 10 * 60_000;
/** The counter appears when this many characters are left. */
export const COUNTER_THRESHOLD = 500;
