import type { IpcNotification, IpcTable, ReadyParams, Receipt, ResponseMessage, WireMessages } from '../../protocol/ipc';

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
 *
 * VS Code can replace the document without telling the host (Reload Webviews), so a `queue` notification is kept
 * until the document it was addressed to acknowledges it, and a document saying ready with a new id gets every
 * unacknowledged one again, in order (docs/decisions/021-no-message-lost-in-a-reload.md).
 */
export class WebviewConnection<Table extends IpcTable<IpcNotification<object>>, Params extends ReadyParams = ReadyParams> {
  private isReady = false;
  private readyTimes = 0;
  /** The ready document's id; undefined before ready and for a document that sends no acknowledgements. */
  private documentId: string | undefined;
  /** While the handshake runs, queued kinds wait so that the document gets them in `seq` order. */
  private handshaking = false;
  private nextSeq = 1;
  /** `queue` notifications no document has acknowledged yet, oldest first. */
  private unacknowledged: { seq: number; message: WireMessages<Table> }[] = [];
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

  /** Queued notifications no document has acknowledged yet (for the in-host test hook). */
  get unacknowledgedCount(): number {
    return this.unacknowledged.length;
  }

  /** Sets a new document (its bootstrap inside): nothing is posted to it until it says ready. */
  setDocument(html: string): void {
    this.notReady();
    this.port.html = html;
  }

  /** The document is gone until it says ready again (hidden without retained context). */
  notReady(): void {
    this.isReady = false;
    this.documentId = undefined;
  }

  /** The validated `ready` command arrived: from a new document, or again from the current one. */
  receiveReady(params: Params): void {
    const reconnect = this.readyTimes > 0;
    this.isReady = true;
    this.readyTimes++;
    this.documentId = params.documentId;
    this.handshaking = true;
    try {
      this.hooks.onReady(params, reconnect);
    } finally {
      this.handshaking = false;
    }
    for (const entry of this.unacknowledged) this.deliver(entry);
    if (this.documentId === undefined) this.unacknowledged = [];
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** The validated `ack` command: only the ready document's own acknowledgement releases what it got. */
  receiveAck({ documentId, seq }: Receipt): void {
    if (!this.isReady || documentId !== this.documentId) return;
    this.unacknowledged = this.unacknowledged.filter((entry) => entry.seq > seq);
  }

  whenReady(): Promise<void> {
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Posts a notification now if the document is ready; otherwise as its descriptor's `untilReady` says. */
  notify(message: WireMessages<Table>): void {
    if (this.notifications[message.type]?.untilReady !== 'queue') {
      if (this.isReady) this.send(message);
      return;
    }
    const entry = { seq: this.nextSeq++, message };
    const now = this.isReady && !this.handshaking;
    // A document of an earlier build acknowledges nothing: it gets the event once, as before.
    if (now && this.documentId === undefined) return this.send(message);
    this.unacknowledged.push(entry);
    if (now) this.deliver(entry);
  }

  /** A request's answer: the request came from the current document, so it goes at once. */
  respond(message: ResponseMessage): void {
    this.send(message);
  }

  /** Addressed to the ready document, which acknowledges it; a document without an id gets it as before. */
  private deliver({ seq, message }: { seq: number; message: WireMessages<Table> }): void {
    const documentId = this.documentId;
    this.send(documentId === undefined ? message : { ...message, seq, documentId });
  }

  private send(message: unknown): void {
    void this.port.postMessage(message).then(undefined, (error: unknown) => this.hooks.log(`Webview: post failed (${String(error)}).`));
  }
}
