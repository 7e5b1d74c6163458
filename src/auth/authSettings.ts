import * as vscode from 'vscode';
import { DEFAULT_REDIRECT_PORT, loopbackCallbackUrl, requestedScopes } from './constants';

/** The settings the sign-in reads, in one place (read at each use, so changes apply without a reload). */
export interface AuthSettings {
  clientId: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  redirectPort: number;
  attachmentsEnabled: boolean;
}

export function readAuthSettings(): AuthSettings {
  const config = vscode.workspace.getConfiguration('xdm');
  const port = config.get<number>('oauth.redirectPort', DEFAULT_REDIRECT_PORT);
  return {
    clientId: config.get<string>('clientId', '').trim(),
    authorizeUrl: config.get<string>('oauth.authorizeUrl', 'https://x.com/i/oauth2/authorize').trim(),
    apiBaseUrl: config.get<string>('api.baseUrl', 'https://api.x.com').trim().replace(/\/+$/, ''),
    redirectPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_REDIRECT_PORT,
    attachmentsEnabled: config.get<boolean>('attachments.enabled', false),
  };
}

export function scopesFor(settings: AuthSettings): string[] {
  return requestedScopes(settings.attachmentsEnabled);
}

/** The loopback callback URL the user must register at X (the walkthrough and error messages show it). */
export function registeredCallbackUrl(settings: AuthSettings = readAuthSettings()): string {
  return loopbackCallbackUrl(settings.redirectPort);
}
