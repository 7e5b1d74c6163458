import * as vscode from 'vscode';
import { BASE_SCOPES, MEDIA_SCOPE } from '../constants';
import type { StoredSession } from '../sessions/session';
import { publicTokenOf } from '../sessions/session';
import type { SessionStore } from '../sessions/store';

export interface XAuthProviderDeps {
  store: SessionStore;
  /** Runs the interactive OAuth 2.0 sign-in and stores the session; rejects on cancel or failure. */
  signIn(scopes: readonly string[]): Promise<StoredSession>;
  /** Asks about the archive, revokes, removes the session and runs the sign-out hook. */
  signOut(session: StoredSession): Promise<void>;
}

/** Maps a stored session to what VS Code (Accounts menu, other extensions) sees. */
export function toAuthenticationSession(session: StoredSession): vscode.AuthenticationSession {
  return {
    id: session.id,
    accessToken: publicTokenOf(session),
    account: { id: session.userId, label: `@${session.username}` },
    // OAuth 1.0a keys carry the app's permissions, not scopes: report what a DM app may do so silent lookups match.
    scopes: session.kind === 'oauth2' ? [...session.scopes] : [...BASE_SCOPES, MEDIA_SCOPE],
  };
}

/**
 * The `xdm.x` provider ("X" in the Accounts menu), shaped like VS Code's GitHub provider: sessions come from the
 * SessionStore and `onDidChangeSessions` carries exactly what was added, removed or changed.
 */
export class XAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  private readonly subscription: { dispose(): void };
  private prepared: StoredSession | undefined;
  readonly onDidChangeSessions = this.emitter.event;

  constructor(private readonly deps: XAuthProviderDeps) {
    this.subscription = deps.store.onDidChange(({ added, removed, changed }) => {
      this.emitter.fire({
        added: added.map(toAuthenticationSession),
        removed: removed.map(toAuthenticationSession),
        changed: changed.map(toAuthenticationSession),
      });
    });
  }

  /** VS Code calls this for `getSession`/`getAccounts` and to fill the Accounts menu. */
  async getSessions(
    scopes: readonly string[] | undefined,
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    await this.deps.store.ready();
    return this.deps.store
      .all()
      .map(toAuthenticationSession)
      .filter((session) => !options?.account || session.account.id === options.account.id)
      .filter((session) => (scopes ?? []).every((scope) => session.scopes.includes(scope)))
      .sort((a, b) => a.account.label.localeCompare(b.account.label));
  }

  /**
   * A session verified outside the browser (OAuth 1.0a keys), adopted by the next `createSession`, so VS Code records
   * this extension's access; one written straight to the store would be invisible to silent `getSession` calls.
   */
  prepare(session: StoredSession | undefined): void {
    this.prepared = session;
  }

  /** VS Code calls this after the user consented in `getSession({ createIfNone | forceNewSession })`. */
  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared) {
      await this.deps.store.upsert(prepared);
      return toAuthenticationSession(prepared);
    }
    return toAuthenticationSession(await this.deps.signIn(scopes));
  }

  /**
   * Fires `changed` for a session once VS Code has granted this extension access to it: listeners that ran on
   * the `added` event (fired inside createSession, before the grant) look again and now get it.
   */
  announce(sessionId: string): void {
    const session = this.deps.store.get(sessionId);
    if (session) this.emitter.fire({ added: [], removed: [], changed: [toAuthenticationSession(session)] });
  }

  /** VS Code calls this when the user signs out from the Accounts menu. */
  async removeSession(sessionId: string): Promise<void> {
    await this.deps.store.ready();
    const session = this.deps.store.get(sessionId);
    if (session) await this.deps.signOut(session);
  }

  /** VS Code calls this on deactivation (registerAuthentication pushes it to `context.subscriptions`). */
  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
