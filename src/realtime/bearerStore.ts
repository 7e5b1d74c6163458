import type * as vscode from 'vscode';

/**
 * The app's bearer token for real-time delivery: in SecretStorage only (never in settings, logs or messages), one
 * per machine, because the stream belongs to the user's X app rather than to one account. The subscription ids
 * this extension created are not secret; they live in global state so that turning off can delete them.
 */
const BEARER_KEY = 'xdm.realtime.appBearer';
const SUBSCRIPTIONS_KEY = 'xdm.realtime.subscriptions';

export class BearerStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(BEARER_KEY);
  }

  store(token: string): Thenable<void> {
    return this.secrets.store(BEARER_KEY, token);
  }

  delete(): Thenable<void> {
    return this.secrets.delete(BEARER_KEY);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key === BEARER_KEY) listener();
    });
  }

  /** Subscription ids created per user id. */
  remembered(): Record<string, string[]> {
    return this.state.get<Record<string, string[]>>(SUBSCRIPTIONS_KEY, {});
  }

  remember(userId: string, ids: string[]): Thenable<void> {
    return this.state.update(SUBSCRIPTIONS_KEY, { ...this.remembered(), [userId]: ids });
  }

  forget(userIds: readonly string[]): Thenable<void> {
    const kept = { ...this.remembered() };
    for (const id of userIds) delete kept[id];
    return this.state.update(SUBSCRIPTIONS_KEY, kept);
  }

  forgetAll(): Thenable<void> {
    return this.state.update(SUBSCRIPTIONS_KEY, undefined);
  }
}

/** A plausible bearer token: URL-safe characters (X's contain `%`), no spaces, not a pasted "Bearer …" header. */
export function looksLikeBearer(value: string): boolean {
  return /^[A-Za-z0-9%._~+/=-]{20,1000}$/.test(value.trim());
}
