import { AuthError, NEWER_DATA, SIGNED_IN_ELSEWHERE } from './authError';

/** What the user can do next; the glue maps each to a button. */
export type AuthAction =
  | 'signIn'
  | 'retry'
  | 'openClientIdSetting'
  | 'openPortSetting'
  | 'openEndpointSettings'
  | 'copyCallbackUrl'
  | 'openWalkthrough'
  | 'reloadWindow';

export interface AuthMessage {
  /** Cancels are not errors: nothing is shown. */
  silent: boolean;
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: AuthAction[];
}

export interface TranslateContext {
  /** `vscode.l10n.t` on the host; a formatter in tests. */
  t: (message: string, ...args: Array<string | number>) => string;
  callbackUrl: string;
  clientId: string;
  apiBaseUrl: string;
}

/** `{0}`-style formatting, the same as `vscode.l10n.t`, for tests and for non-vscode callers. */
export function formatMessage(message: string, ...args: Array<string | number>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (args[Number(index)] === undefined ? whole : String(args[Number(index)])));
}


const SUSPENDED = /suspend/i;
const REDIRECT = /redirect|callback/i;
const NOT_ENROLLED = /not-enrolled|official-client/i;

/** Turns any sign-in/refresh failure into one plain-words message with the actions that fix it. */
export function translateAuthError(error: unknown, ctx: TranslateContext): AuthMessage {
  const { t } = ctx;
  const show = (severity: AuthMessage['severity'], message: string, ...actions: AuthAction[]): AuthMessage => ({
    silent: false,
    severity,
    message,
    actions,
  });
  if (!(error instanceof AuthError)) {
    return show('error', t('Signing in to X failed unexpectedly. See the "X Direct Messages" output for details.'), 'retry');
  }
  const suspended = SUSPENDED.test(error.description ?? '');
  switch (error.kind) {
    case 'cancelled':
      return { silent: true, severity: 'info', message: '', actions: [] };
    case 'abandoned':
      return show(
        'info',
        t('Sign-in cancelled. If X showed an error page instead of asking you to authorize the app, check that "xdm.clientId" is the OAuth 2.0 Client ID of a Native App and that {0} is one of its callback URLs.', ctx.callbackUrl),
        'openClientIdSetting',
        'copyCallbackUrl',
      );
    case 'notConfigured':
      return show(
        'info',
        t('To sign in, create an X app (type "Native App", permission "Read, write and Direct Messages", callback URL {0}) and put its OAuth 2.0 Client ID in the "xdm.clientId" setting.', ctx.callbackUrl),
        'openWalkthrough',
        'openClientIdSetting',
      );
    case 'portInUse':
      return show(
        'error',
        t('Port {0} on this computer is used by another program, so the sign-in cannot receive X\'s answer. Close that program, or pick another port in the "xdm.oauth.redirectPort" setting and register the new callback URL at X.', error.port ?? ''),
        'openPortSetting',
      );
    case 'timeout':
      return show(
        'warning',
        t('The sign-in timed out: X did not send you back to VS Code within 5 minutes. If X showed an error page, check the client id and that {0} is registered as a callback URL.', ctx.callbackUrl),
        'signIn',
        'openClientIdSetting',
      );
    case 'oauth':
      return translateOAuth(error, ctx, suspended, show);
    case 'forbidden':
      if (NOT_ENROLLED.test(error.description ?? '')) {
        return show('error', t('Your X app is not enrolled for the X API v2 (or not attached to a project). Check the app in the X developer portal.'));
      }
      return suspended
        ? show('error', t('X has suspended this X app, so it cannot sign in. Check the app in the X developer portal.'))
        : show(
            'error',
            t('X refused access to your Direct Messages. In the X developer portal, set the app\'s permissions to "Read, write and Direct Messages", then sign in again.'),
            'openWalkthrough',
            'signIn',
          );
    case 'unauthorized':
      return show('error', t('X did not accept these credentials. Check the keys and tokens (and that they belong to the same app), then try again.'), 'retry');
    case 'network':
      return show('error', t('Could not reach X at {0}. Check your connection or the "xdm.api.baseUrl" setting.', ctx.apiBaseUrl), 'retry');
    case 'server':
      return show('warning', t('X is not answering properly right now (HTTP {0}). Try again in a few minutes.', error.status ?? ''), 'retry');
    case 'invalidResponse':
      return show('error', t('X answered in a way this extension does not understand. Check the "xdm.api.baseUrl" setting.'), 'retry');
    case 'sessionGone':
      return show('warning', t('Your X session has ended. Sign in again to keep reading your messages.'), 'signIn');
    case 'signedInElsewhere':
      return show('info', t(SIGNED_IN_ELSEWHERE), 'reloadWindow');
    case 'newerData':
      return show('warning', t(NEWER_DATA));
    case 'busy':
      return show('warning', t('Another VS Code window is renewing your X sign-in. Try again in a minute.'), 'retry');
    case 'insecureEndpoint':
      return show(
        'error',
        t('"xdm.api.baseUrl" and "xdm.oauth.authorizeUrl" must be https: URLs (plain http: only for this computer, such as 127.0.0.1 or localhost), so your X credentials are never sent unencrypted. Fix the setting, then sign in.'),
        'openEndpointSettings',
      );
    case 'originChanged':
      return show(
        'warning',
        t('Your X session was issued by {0}, but "xdm.api.baseUrl" now points at {1}. Its tokens are only sent to the server that issued them: sign in again to use {1}, or change the setting back.', error.issuedBy ?? '', error.requestedBy ?? ctx.apiBaseUrl),
        'signIn',
        'openEndpointSettings',
      );
  }
}

function translateOAuth(
  error: AuthError,
  ctx: TranslateContext,
  suspended: boolean,
  show: (severity: AuthMessage['severity'], message: string, ...actions: AuthAction[]) => AuthMessage,
): AuthMessage {
  const { t } = ctx;
  const code = error.oauthError ?? '';
  if (code === 'access_denied') {
    return show('info', t('You cancelled the sign-in on X. Nothing was changed.'), 'signIn');
  }
  if (code === 'redirect_uri_mismatch' || (code === 'invalid_request' && REDIRECT.test(error.description ?? ''))) {
    return show(
      'error',
      t('X rejected the callback URL. Add exactly {0} to your X app\'s callback URLs (User authentication settings), then sign in again.', ctx.callbackUrl),
      'copyCallbackUrl',
      'openWalkthrough',
    );
  }
  if (suspended) {
    return show('error', t('X has suspended this X app, so it cannot sign in. Check the app in the X developer portal.'));
  }
  if (code === 'unauthorized_client' || code === 'invalid_client') {
    return show(
      'error',
      t('X does not accept the client id "{0}". Use the OAuth 2.0 Client ID of a "Native App" (not the API key) in the "xdm.clientId" setting.', ctx.clientId),
      'openClientIdSetting',
      'openWalkthrough',
    );
  }
  if (code === 'invalid_scope') {
    return show(
      'error',
      t('X refused the requested permissions. Set the app\'s permissions to "Read, write and Direct Messages" in the X developer portal.'),
      'openWalkthrough',
    );
  }
  if (code === 'invalid_grant') {
    return show('warning', t('The sign-in code expired before it could be used. Please sign in again.'), 'signIn');
  }
  return show('error', t('X refused the sign-in ({0}). {1}', code || 'unknown', error.description ?? ''), 'signIn');
}
