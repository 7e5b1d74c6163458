/**
 * Typed message descriptors both ends import (GitLens's pattern): values the host validates, routes and tests from
 * one table. Wire: requests `{type: 'request', id, method, params}`, the rest `{type: method, ...params}`.
 */
export type IpcScope = 'core' | 'conversations';

abstract class IpcCall<Params> {
  /** Type-only: carries `Params` to `ParamsOf` (never set at runtime). */
  declare readonly params?: Params;
  constructor(
    readonly scope: IpcScope,
    readonly method: string,
  ) {}
}

/** Webview → host, no answer. */
export class IpcCommand<Params> extends IpcCall<Params> {
  readonly kind = 'command';
}

/** Webview → host, answered once with `Result` or a {@link ProtocolError}. */
export class IpcRequest<Params, Result> extends IpcCall<Params> {
  readonly kind = 'request';
  /** Type-only: carries `Result` to `ResultOf`. */
  declare readonly result?: Result;
}

/**
 * Host → webview. `untilReady` says what the host does with one posted before the document said ready: `queue` it
 * (an event a fresh document cannot know) or `drop` it (a snapshot the ready handshake sends anew).
 */
export class IpcNotification<Params> extends IpcCall<Params> {
  readonly kind = 'notification';
  constructor(
    scope: IpcScope,
    method: string,
    readonly untilReady: 'queue' | 'drop',
  ) {
    super(scope, method);
  }
}

export type ParamsOf<T> = T extends IpcCall<infer P> ? P : never;
export type ResultOf<T> = T extends IpcRequest<unknown, infer R> ? R : never;

/** A table of descriptors keyed by their method (checked by {@link methodsMatchKeys} in the protocol test). */
export type IpcTable<T> = Readonly<Record<string, T>>;

/** `{type: method, ...params}` for each command or notification of a table. */
export type WireMessages<T extends IpcTable<IpcCall<object>>> = {
  [K in keyof T & string]: { type: K } & ParamsOf<T[K]>;
}[keyof T & string];

export interface RequestMessage<M extends string = string, P = unknown> {
  type: 'request';
  id: number;
  method: M;
  params: P;
}

/** One request message per request of a table. */
export type WireRequests<T extends IpcTable<IpcRequest<object, unknown>>> = {
  [K in keyof T & string]: RequestMessage<K, ParamsOf<T[K]>>;
}[keyof T & string];

export interface ProtocolError {
  /** Machine-readable: 'timeout', 'invalid', 'notFound', 'signedOut', 'failed', 'cancelled', … */
  code: string;
  /** Plain words for the user. */
  message: string;
}

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ProtocolError };

/** True when every descriptor's method is the key it is filed under (the wire uses the method). */
export function methodsMatchKeys(table: IpcTable<IpcCall<unknown>>): boolean {
  return Object.entries(table).every(([key, descriptor]) => descriptor.method === key);
}

/** What every webview says when its document has loaded; the generic host owns the handshake. */
export interface ReadyParams {
  /**
   * Made once per document at boot: the host tells a reloaded document from the one it replaced and addresses
   * queued notifications to it. Absent from a webview of an earlier build, which gets them without receipts.
   */
  documentId?: string;
  /** The item the document shows (a conversation id), so the host can bring it up to date. */
  openConversationId?: string;
}

/**
 * Stamped on a `queue` notification for a document that said ready with an id: the host keeps the notification
 * until that document acknowledges `seq` (rising per webview), so a reload in between loses nothing.
 */
export interface Receipt {
  seq: number;
  documentId: string;
}

export const coreCommands = {
  ready: new IpcCommand<ReadyParams>('core', 'ready'),
  /** The document applied every queued notification addressed to it up to `seq`. */
  ack: new IpcCommand<Receipt>('core', 'ack'),
  /** The webview's uncaught errors, for the host's log. */
  log: new IpcCommand<{ level: 'warn' | 'error'; message: string }>('core', 'log'),
} as const;
