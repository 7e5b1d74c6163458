import * as vscode from 'vscode';
import type { AccountContext, Accounts } from '../accounts/accounts';
import { readAccountSettings } from '../accounts/accountSettings';
import { userSetting } from '../auth/settings';
import { systemClock } from '../util/clock';
import { ActivityAppApi } from './appApi';
import type { BearerStore } from './bearerStore';
import { RealtimeNotices, subscribeProblem } from './realtimeNotices';
import { RealtimeSession } from './realtimeSession';
import { StreamLease } from './streamLease';
import { SignedOutUsers } from './signedOutUsers';
import { ensureSubscriptions, removeSubscriptions, removeSubscriptionsFor } from './subscriptions';

/**
 * Keeps real-time delivery in step with the setting, the bearer token and the account in use: subscribes the
 * signed-in user and runs a `RealtimeSession` while `xdm.realtime.enabled` is on and a token is stored; turning it
 * off deletes the subscriptions this extension created and the token. Off (the default), it does nothing at all.
 */
const SUBSCRIBE_RETRY_MS = 60_000;

export function realtimeEnabled(): boolean {
  // A user-level setting only: a workspace must not be able to switch on a connection with the user's app token.
  return userSetting<boolean>('realtime.enabled', false) === true;
}

export class RealtimeController implements vscode.Disposable {
  private session: RealtimeSession | undefined;
  private sessionKey: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  readonly notices = new RealtimeNotices(() => readAccountSettings().pollIntervalSeconds);
  private readonly signedOut = new SignedOutUsers();

  constructor(
    private readonly accounts: Accounts,
    private readonly store: BearerStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly userAgent: string,
  ) {
    this.disposables.push(
      accounts.onDidChangeCurrent(() => void this.rebind(false)),
      accounts.onDidChangeAccounts(() => void this.forgetSignedOut()),
      store.onDidChange(() => void this.rebind(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('xdm.realtime.enabled')) void (realtimeEnabled() ? this.rebind(true) : this.turnOff());
        else if (e.affectsConfiguration('xdm.api.baseUrl') || e.affectsConfiguration('xdm.cache.enabled')) void this.rebind(false);
      }),
    );
    this.signedOut.next(accounts.list().map((a) => a.userId));
    if (realtimeEnabled()) void this.rebind(false);
  }

  /** Resolves true when real-time delivery runs for the current account afterwards. */
  rebind(userAction: boolean): Promise<boolean> {
    const next = this.queue.then(() => this.bind(userAction));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops, deletes the subscriptions created (with the stored token) and the token itself. */
  turnOff(): Promise<{ deleted: number; failed: boolean }> {
    const next = this.queue.then(() => this.teardown());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async bind(userAction: boolean): Promise<boolean> {
    if (this.retry) clearTimeout(this.retry);
    const ctx = this.accounts.current;
    const bearer = realtimeEnabled() && ctx ? await this.store.get() : undefined;
    const baseUrl = readAccountSettings().apiBaseUrl;
    const key = ctx && bearer ? `${ctx.account.userId}\n${baseUrl}\n${bearer}` : undefined;
    if (key !== undefined && key === this.sessionKey) return true;
    await this.stopSession();
    if (!ctx || !realtimeEnabled()) return false;
    if (!bearer) {
      this.log.info('Real-time delivery is on but no bearer token is stored in this window; polling as usual.');
      if (userAction) this.notices.show({ kind: 'noBearer' });
      return false;
    }
    return this.start(ctx, bearer, baseUrl, key as string);
  }

  private async start(ctx: AccountContext, bearer: string, baseUrl: string, key: string): Promise<boolean> {
    const app = new ActivityAppApi({ baseUrl, bearer, userAgent: this.userAgent });
    await ctx.dm.archiveLoaded();
    try {
      const ids = await ensureSubscriptions(ctx.api, app, ctx.account.userId);
      await this.store.remember(ctx.account.userId, ids);
    } catch (error) {
      const problem = subscribeProblem(error);
      this.log.warn(`Real-time delivery: subscribing failed (${problem?.kind ?? 'will retry'}).`);
      if (problem) this.notices.show(problem);
      if (!problem || problem.kind === 'rateLimited') this.retry = setTimeout(() => void this.rebind(false), SUBSCRIBE_RETRY_MS);
      return false;
    }
    if (this.accounts.current !== ctx) return false;
    const folder = ctx.dm.archiveHealth?.folder;
    this.session = new RealtimeSession({
      dm: ctx.dm,
      app,
      lease: folder ? new StreamLease(folder, () => Date.now()) : undefined,
      clock: systemClock,
      logger: this.log,
      onProblem: (problem) => this.notices.show(problem),
      onRoleChange: (role) => this.log.info(`Real-time delivery: this window is the stream ${role}.`),
    });
    this.sessionKey = key;
    this.session.start();
    this.log.info('Real-time delivery started.');
    return true;
  }

  /** Deletes the subscriptions of accounts that were signed out (ours only; with the stored token). */
  private forgetSignedOut(): Promise<void> {
    const gone = this.signedOut.next(this.accounts.list().map((a) => a.userId));
    if (gone.length === 0) return Promise.resolve();
    const next = this.queue.then(async () => {
      const bearer = await this.store.get();
      const remembered = this.store.remembered();
      const ids = gone.flatMap((userId) => remembered[userId] ?? []);
      if (!bearer) return;
      const app = new ActivityAppApi({ baseUrl: readAccountSettings().apiBaseUrl, bearer, userAgent: this.userAgent });
      try {
        const deleted = await removeSubscriptionsFor(app, gone, ids);
        await this.store.forget(gone);
        this.log.info(`Real-time delivery: deleted ${deleted} subscription(s) of signed-out accounts.`);
      } catch (error) {
        this.log.warn(`Real-time delivery: deleting a signed-out account's subscriptions failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async stopSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.sessionKey = undefined;
    await session?.dispose();
  }

  private async teardown(): Promise<{ deleted: number; failed: boolean }> {
    if (this.retry) clearTimeout(this.retry);
    await this.stopSession();
    const bearer = await this.store.get();
    let deleted = 0;
    let failed = false;
    if (bearer) {
      const app = new ActivityAppApi({ baseUrl: readAccountSettings().apiBaseUrl, bearer, userAgent: this.userAgent });
      try {
        deleted = await removeSubscriptions(app, Object.values(this.store.remembered()).flat());
      } catch (error) {
        failed = true;
        this.log.warn(`Real-time delivery: deleting subscriptions failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      }
      await this.store.delete();
    }
    if (!failed) await this.store.forgetAll();
    this.notices.reset();
    return { deleted, failed };
  }

  /** The session of this window (tests, the status bar). */
  get current(): RealtimeSession | undefined {
    return this.session;
  }

  dispose(): void {
    if (this.retry) clearTimeout(this.retry);
    for (const d of this.disposables) d.dispose();
    void this.stopSession();
  }
}
