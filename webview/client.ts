import { REQUEST_TIMEOUT_MS } from '../src/protocol/messages';
import type { RequestMethod, RequestParams, RequestResult } from '../src/protocol/conversations/protocol';
import type { HostMessage, ProtocolError } from '../src/protocol/messages';
import type { VsCodeApi } from './vscodeApi';

/** A request that settled with an error from the host, or timed out ({code: 'timeout'}). */
export class RequestError extends Error implements ProtocolError {
  readonly kind = 'request';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Notification = Exclude<HostMessage, { type: 'response' }>;

/**
 * The webview end of the protocol: typed requests with ids that always settle (result, host error or timeout), and
 * notifications from the host. Messages not from the host window or not matching the protocol are ignored.
 */
export class PanelClient {
  /** This document's id, sent with ready: the host addresses queued notifications to it (never reused). */
  readonly documentId = crypto.randomUUID();
  /** The highest `seq` applied here: the host resends what it has no acknowledgement for, so a repeat is skipped. */
  private lastSeq = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: RequestError): void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Set<(message: Notification) => void>();

  constructor(
    private readonly api: VsCodeApi,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  /** Wire to `window.addEventListener('message', …)`. */
  receive(data: unknown): void {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
    const message = data as HostMessage;
    if (message.type === 'response') {
      const entry = this.pending.get(message.id);
      if (!entry) return;
      this.pending.delete(message.id);
      clearTimeout(entry.timer);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new RequestError(message.error.code, message.error.message));
      return;
    }
    if (!('seq' in message)) return this.emit(message);
    // Sent while the host still took an earlier document for this one: it comes again, addressed here, after ready.
    if (message.documentId !== this.documentId) return;
    const fresh = message.seq > this.lastSeq;
    if (fresh) this.lastSeq = message.seq;
    // Acknowledged even when a listener throws: a copy sent again would be skipped here anyway.
    try {
      if (fresh) this.emit(message);
    } finally {
      this.api.postMessage({ type: 'ack', documentId: this.documentId, seq: message.seq });
    }
  }

  private emit(message: Notification): void {
    for (const listener of [...this.listeners]) listener(message);
  }

  onNotification(listener: (message: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `timeoutMs` is longer for requests that wait on the person (a file dialog, a consent page) or an upload. */
  request<M extends RequestMethod>(method: M, params: RequestParams<M>, timeoutMs = this.timeoutMs): Promise<RequestResult<M>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.api.postMessage({ type: 'request', id, method, params });
    });
  }

  ready(openConversationId: string | undefined): void {
    const documentId = this.documentId;
    this.api.postMessage(openConversationId ? { type: 'ready', documentId, openConversationId } : { type: 'ready', documentId });
  }

  /** The user is typing in this conversation's composer (the composer throttles it; the host decides what X hears). */
  typing(conversationId: string): void {
    this.api.postMessage({ type: 'typing', conversationId });
  }

  log(level: 'warn' | 'error', message: string): void {
    this.api.postMessage({ type: 'log', level, message: message.slice(0, 2000) });
  }
}
