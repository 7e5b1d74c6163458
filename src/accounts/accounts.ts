import type { XDmApi } from '../api/dmApi';
import type { DmService } from '../dm/dmService';
import type { Event } from '../util/events';

/**
 * The signed-in account the UI works with, and everything built for it. Owned by the composition root; consumed by
 * the panel, the commands, notifications and the status bar so that none of them builds clients or archives.
 */
export interface AccountRef {
  /** The AuthenticationSession id. */
  sessionId: string;
  /** `@username`, as shown in the Accounts menu. */
  label: string;
  userId: string;
}

export interface AccountContext {
  account: AccountRef;
  api: XDmApi;
  dm: DmService;
  /** How the account signed in; X Chat needs OAuth 2.0 (absent in contexts built by tests). */
  signIn?: 'oauth2' | 'oauth1';
}

export interface Accounts {
  /** The account in use, or undefined when signed out. */
  readonly current: AccountContext | undefined;
  /** Fires only when the account in use changes (sign-in, sign-out, switch), never for a token refresh. */
  readonly onDidChangeCurrent: Event<AccountContext | undefined>;
  /** Fires when the list of signed-in accounts changes (the switcher), also while the current one stays. */
  readonly onDidChangeAccounts: Event<void>;
  /** Every signed-in account (for the account switcher). */
  list(): AccountRef[];
  switchTo(sessionId: string): Promise<void>;
  /** True when `xdm.clientId` is set (OAuth 2.0 sign-in possible). */
  readonly configured: boolean;
}
