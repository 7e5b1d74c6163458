import * as vscode from 'vscode';

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
    clientId: config.get<string>('clientId', '').trim(),
    apiBaseUrl: config.get<string>('api.baseUrl', 'https://api.x.com').replace(/\/+$/, ''),
    cacheEnabled: config.get<boolean>('cache.enabled', true),
    pollIntervalSeconds: Math.max(15, config.get<number>('sync.pollIntervalSeconds', 60)),
    notificationsEnabled: config.get<boolean>('notifications.enabled', true),
  };
}
