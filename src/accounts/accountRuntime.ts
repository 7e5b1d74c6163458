import * as vscode from 'vscode';
import { createHttpCore, xClientOn } from '../api/xClient';
import { createDmService } from '../dm/createDmService';
import type { AccountContextInput } from '../runtime/runtimeApi';
import { createXChat } from '../xchat/wiring/createXChat';
import { xchatReadReceipts } from '../xchat/wiring/xchatSettings';
import type { AccountContext } from './accounts';
import { readAccountSettings } from './accountSettings';
import { ArchiveNotice } from './archiveNotice';
import { localisedDmStrings } from './dmStrings';

/** Builds one signed-in account's API clients and DM service (runtime side), and starts its first sync. */
export function createAccountContext(input: AccountContextInput): AccountContext {
  const { account, log } = input;
  // One HTTP core for legacy DMs and X Chat: one auth, one retry policy, one rate-limit book per account.
  const core = createHttpCore({
    baseUrl: input.apiBaseUrl,
    auth: input.auth,
    userAgent: `x-direct-messages/${input.extensionVersion} (VS Code extension)`,
    logger: log,
  });
  const api = xClientOn(core);
  // X Chat accepts OAuth 2.0 user tokens only; an OAuth 1.0a account gets legacy DMs alone.
  const xchat =
    input.signIn === 'oauth2'
      ? createXChat({ http: core.http, auth: input.auth, meId: account.userId, apiBaseUrl: input.apiBaseUrl, distDir: input.distDir })
      : undefined;
  const dm = createDmService({
    api,
    me: { id: account.userId, username: account.label.replace(/^@/, ''), name: account.label },
    storageDir: input.archiveDir?.fsPath,
    logger: log,
    pollIntervalSeconds: input.pollIntervalSeconds,
    isWindowFocused: () => vscode.window.state.focused,
    notificationsWanted: () => readAccountSettings().notificationsEnabled,
    strings: localisedDmStrings(),
    prefsMemento: input.state,
    ...(xchat ? { xchat: { api: xchat.api, session: xchat.session, readReceipts: xchatReadReceipts } } : {}),
  });
  // Subscribed before the archive loads, so a read-only or damaged archive is reported from the start.
  const notice = new ArchiveNotice(log);
  dm.onDidChangeArchiveHealth?.((health) => notice.update(health));
  void dm
    .ready()
    .then(() => dm.syncNow('startup'))
    .catch((error) => log.warn(`First sync did not complete: ${String(error?.message ?? error)}`));
  // Disposing the service (sign-out, account switch) locks X Chat: its keys leave memory with it.
  return { account, api, dm, signIn: input.signIn };
}
