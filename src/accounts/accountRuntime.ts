import * as vscode from 'vscode';
import { createXClient } from '../api/xClient';
import { createDmService } from '../dm/createDmService';
import type { AccountContextInput } from '../runtime/runtimeApi';
import type { AccountContext } from './accounts';
import { readAccountSettings } from './accountSettings';
import { ArchiveNotice } from './archiveNotice';
import { localisedDmStrings } from './dmStrings';

/** Builds one signed-in account's API client and DM service (runtime side), and starts its first sync. */
export function createAccountContext(input: AccountContextInput): AccountContext {
  const { account, log } = input;
  const api = createXClient({
    baseUrl: input.apiBaseUrl,
    auth: input.auth,
    userAgent: `x-direct-messages/${input.extensionVersion} (VS Code extension)`,
    logger: log,
  });
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
  });
  // Subscribed before the archive loads, so a read-only or damaged archive is reported from the start.
  const notice = new ArchiveNotice(log);
  dm.onDidChangeArchiveHealth?.((health) => notice.update(health));
  void dm
    .ready()
    .then(() => dm.syncNow('startup'))
    .catch((error) => log.warn(`First sync did not complete: ${String(error?.message ?? error)}`));
  return { account, api, dm };
}
