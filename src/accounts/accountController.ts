import * as vscode from 'vscode';
import { PROVIDER_ID } from '../auth/constants';
import type { AuthWiring } from '../auth/provider/registerAuthentication';
import type { DmService } from '../dm/dmService';
import type { Runtime } from '../runtime/runtimeApi';
import { Emitter } from '../util/events';
import type { AccountContext, AccountRef, Accounts } from './accounts';
import { archiveDirFor } from './archiveLocation';
import { readAccountSettings, type AccountSettings } from './accountSettings';

/** The DM service implementation can report when a disposed instance has finished writing. */
type ClosableDmService = DmService & { whenClosed?(): Promise<void> };
const CHOSEN_ACCOUNT_KEY = 'xdm.chosenAccountId';

/**
 * Follows the `xdm.x` sessions and keeps one AccountContext for the account in use. Its first `refresh()` runs after
 * `activate()`, and loads the runtime only when there is a session to build a context for.
 */
export class AccountController implements Accounts, vscode.Disposable {
  private context: AccountContext | undefined;
  private accounts: AccountRef[] = [];
  private refreshing: Promise<void> = Promise.resolve();
  /** Settles when the last disposed DM service has flushed its archive and released its sync lease. */
  private closing: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<AccountContext | undefined>();
  private readonly listChanged = new Emitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChangeCurrent = this.changed.event;
  readonly onDidChangeAccounts = this.listChanged.event;

  constructor(
    private readonly auth: AuthWiring,
    private readonly deps: {
      log: vscode.LogOutputChannel;
      globalStorage: vscode.Uri;
      /** The extension's `dist` folder (the X Chat engine worker). */
      distDir: string;
      state: vscode.Memento;
      extensionVersion: string;
      runtime: () => Promise<Runtime>;
    },
  ) {
    this.subscriptions.push(
      vscode.authentication.onDidChangeSessions((event) => {
        if (event.provider.id === PROVIDER_ID) void this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => this.onConfigurationChanged(event)),
      // Focus changes re-plan polling: a slow unfocused poll is brought forward when the window is focused again.
      vscode.window.onDidChangeWindowState(() => this.context?.dm.configure({})),
    );
  }

  get current(): AccountContext | undefined {
    return this.context;
  }

  get configured(): boolean {
    return readAccountSettings().clientId.length > 0;
  }

  list(): AccountRef[] {
    return [...this.accounts];
  }

  async switchTo(sessionId: string): Promise<void> {
    const target = this.accounts.find((account) => account.sessionId === sessionId);
    if (!target) return;
    await this.deps.state.update(CHOSEN_ACCOUNT_KEY, target.userId);
    await this.refresh();
  }

  /** Re-reads the sessions; rebuilds the account context only when the chosen session changed. Serialised. */
  refresh(options: { rebuild?: boolean } = {}): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.doRefresh(options.rebuild ?? false)).catch((error) => {
      this.deps.log.error('Could not load the signed-in X account', error);
    });
    return this.refreshing;
  }

  /** Deletes the local archive of the current account (X DMs: Clear Local Cache) and starts it afresh. */
  async clearCurrentArchive(): Promise<void> {
    const current = this.context;
    if (!current) return;
    this.setContext(undefined);
    await this.closing;
    await (await this.deps.runtime()).deleteArchive(archiveDirFor(this.deps.globalStorage, current.account.userId));
    await this.refresh({ rebuild: true });
  }

  /** Sign-out hook from the auth provider: drop the account's archive unless the user chose to keep it. */
  async onSignedOut(userId: string, options: { keepArchive: boolean }): Promise<void> {
    if (this.context?.account.userId === userId) this.setContext(undefined);
    if (options.keepArchive) return;
    await this.closing;
    await (await this.deps.runtime()).deleteArchive(archiveDirFor(this.deps.globalStorage, userId));
  }

  private async doRefresh(rebuild: boolean): Promise<void> {
    const sessions = await this.readSessions();
    const previousList = JSON.stringify(this.accounts);
    this.accounts = sessions.map((session) => this.refOf(session));
    if (JSON.stringify(this.accounts) !== previousList) this.listChanged.fire();
    const chosenUserId = this.deps.state.get<string>(CHOSEN_ACCOUNT_KEY);
    const chosen =
      sessions.find((session) => this.refOf(session).userId === chosenUserId) ?? sessions[0];
    void vscode.commands.executeCommand('setContext', 'xdm:signedIn', chosen !== undefined);
    if (!chosen) {
      this.setContext(undefined);
      return;
    }
    // Same session (e.g. its tokens were refreshed): the panel keeps its open conversation, nothing is rebuilt.
    if (!rebuild && this.context?.account.sessionId === chosen.id) return;
    const runtime = await this.deps.runtime();
    this.setContext(this.build(runtime, chosen, readAccountSettings()));
  }

  /** Every session of our provider the extension may use without asking (silent: never shows UI). */
  private async readSessions(): Promise<vscode.AuthenticationSession[]> {
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    const sessions: vscode.AuthenticationSession[] = [];
    for (const account of accounts) {
      const session = await vscode.authentication.getSession(PROVIDER_ID, this.auth.scopes(), {
        silent: true,
        account,
      });
      if (session) sessions.push(session);
    }
    return sessions;
  }

  private refOf(session: vscode.AuthenticationSession): AccountRef {
    return {
      sessionId: session.id,
      label: session.account.label,
      userId: this.auth.userIdOf(session.id) ?? session.account.id,
    };
  }

  private build(runtime: Runtime, session: vscode.AuthenticationSession, settings: AccountSettings): AccountContext {
    const account = this.refOf(session);
    return runtime.createAccountContext({
      account,
      auth: this.auth.strategyFor(session.id),
      apiBaseUrl: settings.apiBaseUrl,
      signIn: this.auth.signInKindOf(session.id) ?? 'oauth2',
      distDir: this.deps.distDir,
      archiveDir: settings.cacheEnabled ? archiveDirFor(this.deps.globalStorage, account.userId) : undefined,
      pollIntervalSeconds: settings.pollIntervalSeconds,
      extensionVersion: this.deps.extensionVersion,
      state: this.deps.state,
      log: this.deps.log,
    });
  }

  private setContext(next: AccountContext | undefined): void {
    const previous = this.context;
    if (previous === next) return;
    this.context = next;
    if (previous) {
      previous.dm.dispose();
      this.closing = this.closing.then(() => (previous.dm as ClosableDmService).whenClosed?.()).catch(() => undefined);
    }
    this.changed.fire(next);
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration('xdm.api.baseUrl') || event.affectsConfiguration('xdm.cache.enabled')) {
      void this.refresh({ rebuild: true });
    } else if (event.affectsConfiguration('xdm.sync.pollIntervalSeconds') && this.context) {
      this.context.dm.configure({ pollIntervalSeconds: readAccountSettings().pollIntervalSeconds });
    }
  }

  /** VS Code calls this on deactivation (it is in context.subscriptions): stops sync and releases the archive. */
  dispose(): void {
    this.context?.dm.dispose();
    this.context = undefined;
    this.changed.dispose();
    this.listChanged.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
