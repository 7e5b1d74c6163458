import * as vscode from 'vscode';
import { BASE_SCOPES, DEFAULT_REDIRECT_PORT, loopbackCallbackUrl } from './constants';

/** The settings the sign-in reads, in one place (read at each use, so changes apply without a reload). */
export interface AuthSettings {
  clientId: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  redirectPort: number;
}

export function readAuthSettings(): AuthSettings {
  const config = vscode.workspace.getConfiguration('xdm');
  const port = config.get<number>('oauth.redirectPort', DEFAULT_REDIRECT_PORT);
  return {
    clientId: config.get<string>('clientId', '').trim(),
    authorizeUrl: config.get<string>('oauth.authorizeUrl', 'https://x.com/i/oauth2/authorize').trim(),
    apiBaseUrl: config.get<string>('api.baseUrl', 'https://api.x.com').trim().replace(/\/+$/, ''),
    redirectPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_REDIRECT_PORT,
  };
}

/**
 * The scopes a sign-in asks for. `media.write` is left out (least privilege) until the panel can send
 * attachments: the API client can upload, but no screen offers it yet.
 */
export function signInScopes(): string[] {
  return [...BASE_SCOPES];
}

/** The loopback callback URL the user must register at X (the walkthrough and error messages show it). */
export function registeredCallbackUrl(settings: AuthSettings = readAuthSettings()): string {
  return loopbackCallbackUrl(settings.redirectPort);
}
