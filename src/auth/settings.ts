import * as vscode from 'vscode';
import { BASE_SCOPES, DEFAULT_REDIRECT_PORT, loopbackCallbackUrl } from './constants';
import { checkEndpoint } from './endpointPolicy';
import { AuthError } from './errors/authError';

/** The settings the sign-in reads, in one place (read at each use, so changes apply without a reload). */
export interface AuthSettings {
  clientId: string;
  authorizeUrl: string;
  apiBaseUrl: string;
  redirectPort: number;
}

/**
 * A setting that decides where credentials go: only the user's own value (or the default) counts, so a cloned
 * repository's `.vscode/settings.json` stays out even if the manifest's application scope ever changes.
 */
export function userSetting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration('xdm').inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function readAuthSettings(): AuthSettings {
  const port = userSetting<number>('oauth.redirectPort', DEFAULT_REDIRECT_PORT);
  return {
    clientId: String(userSetting<string>('clientId', '')).trim(),
    authorizeUrl: String(userSetting<string>('oauth.authorizeUrl', 'https://x.com/i/oauth2/authorize')).trim(),
    apiBaseUrl: String(userSetting<string>('api.baseUrl', 'https://api.x.com')).trim().replace(/\/+$/, ''),
    redirectPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_REDIRECT_PORT,
  };
}

/**
 * Refuses a sign-in whose URLs would carry secrets in the clear (http to another computer) or are no URLs at all.
 * Resolves with the API origin the new session will be bound to.
 */
export function signInOrigin(settings: AuthSettings, needsAuthorizePage: boolean): string {
  const api = checkEndpoint(settings.apiBaseUrl);
  const page = needsAuthorizePage ? checkEndpoint(settings.authorizeUrl) : api;
  if (!api.ok || !page.ok) {
    throw new AuthError('insecureEndpoint', 'A sign-in URL setting is not https (or not on this computer).', {
      description: !api.ok ? 'xdm.api.baseUrl' : 'xdm.oauth.authorizeUrl',
    });
  }
  return api.origin;
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
