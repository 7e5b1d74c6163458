import * as vscode from 'vscode';
import { userSetting } from '../auth/settings';

/** The settings an account's client and DM service are built from, read in one place. */
export interface AccountSettings {
  clientId: string;
  apiBaseUrl: string;
  cacheEnabled: boolean;
  pollIntervalSeconds: number;
  notificationsEnabled: boolean;
}

export function readAccountSettings(): AccountSettings {
  const config = vscode.workspace.getConfiguration('xdm');
  return {
    // Where tokens go: the user's own values only (see userSetting).
    clientId: String(userSetting<string>('clientId', '')).trim(),
    apiBaseUrl: String(userSetting<string>('api.baseUrl', 'https://api.x.com')).trim().replace(/\/+$/, ''),
    cacheEnabled: config.get<boolean>('cache.enabled', true),
    pollIntervalSeconds: Math.max(15, config.get<number>('sync.pollIntervalSeconds', 60)),
    notificationsEnabled: config.get<boolean>('notifications.enabled', true),
  };
}
