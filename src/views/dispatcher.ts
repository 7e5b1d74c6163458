import type { Logger } from '../util/logger';
import type { ProtocolError, RequestMap, RequestMethod, ResponseMessage, UiStateMessage, WebviewMessage } from '../protocol/messages';
import { parseWebviewMessage } from './messageSchemas';

export type RequestHandlers = {
  [M in RequestMethod]: (params: RequestMap[M]['params']) => Promise<RequestMap[M]['result']>;
};

export interface DispatcherEvents {
  onReady(message: Extract<WebviewMessage, { type: 'ready' }>): void;
  onAck(message: Extract<WebviewMessage, { type: 'ack' }>): void;
  onUiState(message: UiStateMessage): void;
  onTyping(message: Extract<WebviewMessage, { type: 'typing' }>): void;
}

/** A failure a handler throws on purpose, with a code the webview can act on and words it can show. */
export class PanelRequestError extends Error {
  readonly kind = 'panelRequest';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The host end of the protocol: validates every message (invalid ones are rejected and logged, never handled),
 * routes requests to typed handlers and always answers a request exactly once.
 */
export class PanelDispatcher {
  rejected = 0;
  /** Why the last message was rejected (schema path only, never content), for the test hook's report. */
  lastRejection: string | undefined;

  constructor(
    private readonly handlers: RequestHandlers,
    private readonly events: DispatcherEvents,
    private readonly post: (message: ResponseMessage) => void,
    private readonly log: Logger,
    private readonly describeError: (error: unknown) => ProtocolError = defaultDescribe,
  ) {}

  async handle(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.rejected++;
      this.lastRejection = parsed.reason;
      this.log.warn(`Panel: rejected a malformed webview message (${parsed.reason}).`);
      if (parsed.requestId !== undefined) {
        this.post({ type: 'response', id: parsed.requestId, ok: false, error: { code: 'invalid', message: 'Invalid request.' } });
      }
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.events.onReady(message);
        return;
      case 'ack':
        this.events.onAck(message);
        return;
      case 'uiState':
        this.events.onUiState(message);
        return;
      case 'typing':
        this.events.onTyping(message);
        return;
      case 'log':
        this.log.warn(`Panel webview ${message.level}: ${message.message}`);
        return;
      case 'request':
        await this.runRequest(message.id, message.method, message.params);
        return;
    }
  }

  private async runRequest(id: number, method: RequestMethod, params: unknown): Promise<void> {
    try {
      const handler = this.handlers[method] as (params: unknown) => Promise<unknown>;
      const result = await handler(params);
      this.post({ type: 'response', id, ok: true, result: result ?? null });
    } catch (error) {
      const described = this.describeError(error);
      this.log.warn(`Panel: request ${method} failed (${described.code}).`);
      this.post({ type: 'response', id, ok: false, error: described });
    }
  }
}

function defaultDescribe(error: unknown): ProtocolError {
  if (error instanceof PanelRequestError) return { code: error.code, message: error.message };
  return { code: 'failed', message: error instanceof Error ? error.message : String(error) };
}
