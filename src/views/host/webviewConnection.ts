import type { IpcNotification, IpcTable, ReadyParams, WireMessages } from '../../protocol/ipc';
import type { ResponseMessage } from '../../protocol/ipc';

/** The part of a VS Code webview (view or panel) the connection drives; a fake one in unit tests. */
export interface WebviewPort {
  html: string;
  postMessage(message: unknown): Thenable<boolean>;
}

export interface ConnectionHooks<Params> {
  /**
   * The document said ready: send it what its bootstrap may lack. `reconnect` is true when an earlier document of
   * this webview had said ready (reloaded, or re-created after a hide without retained context).
   */
  onReady(params: Params, reconnect: boolean): void;
  log(message: string): void;
}

/**
 * The generic half of every webview of ours: a document set with its bootstrap gets notifications only after it says
 * ready; before that each is queued or dropped as its descriptor says. Knows nothing of conversations.
 */
export class WebviewConnection<Table extends IpcTable<IpcNotification<object>>, Params extends ReadyParams = ReadyParams> {
  private isReady = false;
  private readyTimes = 0;
  private queued: WireMessages<Table>[] = [];
  private waiters: (() => void)[] = [];

  constructor(
    private readonly port: WebviewPort,
    private readonly notifications: Table,
    private readonly hooks: ConnectionHooks<Params>,
  ) {}

  get ready(): boolean {
    return this.isReady;
  }

  /** How many times a document said ready (1 after the first load; more after reloads). */
  get readyCount(): number {
    return this.readyTimes;
  }

  /** Sets a new document (its bootstrap inside): nothing is posted to it until it says ready. */
  setDocument(html: string): void {
    this.isReady = false;
    this.port.html = html;
  }

  /** The document is gone until it says ready again (hidden without retained context). */
  notReady(): void {
    this.isReady = false;
  }

  /** The validated `ready` command arrived. */
  receiveReady(params: Params): void {
    const reconnect = this.readyTimes > 0;
    this.isReady = true;
    this.readyTimes++;
    this.hooks.onReady(params, reconnect);
    for (const message of this.queued.splice(0)) this.send(message);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Posts a notification now if the document is ready; otherwise as its descriptor's `untilReady` says. */
  notify(message: WireMessages<Table>): void {
    if (this.isReady) this.send(message);
    else if (this.notifications[message.type]?.untilReady === 'queue') this.queued.push(message);
  }

  /** A request's answer: the request came from the current document, so it goes at once. */
  respond(message: ResponseMessage): void {
    this.send(message);
  }

  private send(message: unknown): void {
    void this.port.postMessage(message).then(undefined, (error: unknown) => this.hooks.log(`Webview: post failed (${String(error)}).`));
  }
}
