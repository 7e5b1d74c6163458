import { createHash, randomBytes } from 'node:crypto';
import type { EmuContext } from '../context';
import type { EmuRequest, EmuResponse } from '../http';
import { formBody, json, redirect } from '../http';
import { oauthError } from '../problems';
import { CODE_LIFETIME_MS, OAUTH2_CLIENT } from './credentials';
import { consentPage, errorPage } from './consentPage';

/** OAuth 2.0 Authorization Code with PKCE as X runs it: authorize (consent page), token, revoke. */

const KNOWN_SCOPES = new Set([
  'tweet.read', 'tweet.write', 'tweet.moderate.write', 'users.read', 'follows.read', 'follows.write',
  'offline.access', 'space.read', 'mute.read', 'mute.write', 'like.read', 'like.write', 'list.read', 'list.write',
  'block.read', 'block.write', 'bookmark.read', 'bookmark.write', 'dm.read', 'dm.write', 'media.write',
  'timeline.read', 'users.email',
]);

interface PendingAuthorization {
  redirectUri: string;
  state: string;
  scopes: string[];
  challenge: string;
  method: 'S256' | 'plain';
  userId: string;
}

const pending = new Map<string, PendingAuthorization>();

export function redirectAllowed(ctx: EmuContext, uri: string): boolean {
  if (OAUTH2_CLIENT.redirectUris.includes(uri)) return true;
  return ctx.anyLoopbackPort && /^http:\/\/127\.0\.0\.1:[0-9]{1,5}\/callback$/.test(uri);
}

function back(uri: string, params: Record<string, string>): EmuResponse {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return redirect(url.toString());
}

export function authorizeGet(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const q = req.query;
  const clientId = q.get('client_id') ?? '';
  const redirectUri = q.get('redirect_uri') ?? '';
  if (clientId !== OAUTH2_CLIENT.clientId) return errorPage('Something went wrong', 'This app is not registered (unknown client_id).');
  // Without a registered redirect_uri nothing may be sent anywhere: the error stays on the page.
  if (!redirectAllowed(ctx, redirectUri)) return errorPage('Something went wrong', 'The redirect_uri does not match a callback URL registered for this app.');
  const state = q.get('state') ?? '';
  const fail = (error: string, description: string): EmuResponse =>
    back(redirectUri, { error, error_description: description, ...(state ? { state } : {}) });
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const challenge = q.get('code_challenge') ?? '';
  // X accepts the method in any case: twitter-api-v2 has sent `s256` to x.com since its OAuth 2.0 support.
  const method = { s256: 'S256', plain: 'plain' }[(q.get('code_challenge_method') ?? 'plain').toLowerCase()] as PendingAuthorization['method'] | undefined;
  if (!challenge) return fail('invalid_request', 'code_challenge is required');
  if (!method) return fail('invalid_request', 'code_challenge_method must be S256 or plain');
  if (!state) return fail('invalid_request', 'state is required');
  const scopes = (q.get('scope') ?? '').split(/[ +]/).filter((s) => s.length > 0);
  if (scopes.length === 0) return fail('invalid_request', 'scope is required');
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length) return fail('invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
  const userId = ctx.consent.userId && ctx.store.users.has(ctx.consent.userId) ? ctx.consent.userId : ctx.store.meId;
  const request: PendingAuthorization = { redirectUri, state, scopes, challenge, method, userId };
  if (ctx.consent.mode === 'approve') return approve(ctx, request);
  if (ctx.consent.mode === 'deny') return back(redirectUri, { error: 'access_denied', state });
  const id = randomBytes(16).toString('hex');
  pending.set(id, request);
  const user = ctx.store.users.get(userId);
  return consentPage({ requestId: id, appName: OAUTH2_CLIENT.name, clientId, scopes, username: user?.username ?? '', name: user?.name ?? '' });
}

function approve(ctx: EmuContext, p: PendingAuthorization): EmuResponse {
  const code = ctx.tokens.newCode(
    { userId: p.userId, clientId: OAUTH2_CLIENT.clientId, redirectUri: p.redirectUri, scopes: p.scopes, challenge: p.challenge, method: p.method },
    CODE_LIFETIME_MS,
  );
  return back(p.redirectUri, { state: p.state, code });
}

/** The consent form posts here with the button that was clicked. */
export function authorizePost(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const form = formBody(req);
  const id = form.get('request_id') ?? '';
  const request = pending.get(id);
  if (!request) return errorPage('This page has expired', 'Start signing in again from the app.');
  pending.delete(id);
  if (form.get('decision') === 'allow') return approve(ctx, request);
  return back(request.redirectUri, { error: 'access_denied', state: request.state });
}

function clientIdOf(req: EmuRequest, form: URLSearchParams): string {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic) return Buffer.from(basic, 'base64').toString('utf8').split(':')[0] ?? '';
  return form.get('client_id') ?? '';
}

/**
 * The token and revoke endpoints take their parameters form-encoded (RFC 6749) or as a JSON object: X processes
 * both, and twitter-api-v2 sends JSON. Anything else (or JSON that is not an object of strings) is unreadable.
 */
function oauthParams(req: EmuRequest): URLSearchParams | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return formBody(req);
  if (type !== 'application/json') return undefined;
  try {
    const parsed: unknown = JSON.parse(req.body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string') params.set(k, v);
      else if (v !== undefined && v !== null) return undefined;
    }
    return params;
  } catch {
    return undefined;
  }
}

// Error codes and descriptions below are the ones X is reported to send:
// - unknown client / no credentials → 401 unauthorized_client "Missing valid authorization header"
//   (github.com/xdevplatform/twitter-api-typescript-sdk/issues/23, github.com/PLhery/node-twitter-api-v2/issues/319);
// - a used, expired or unknown code → 400 invalid_request "Value passed for the authorization code was invalid."
//   (github.com/PLhery/node-twitter-api-v2/issues/496);
// - a verifier that does not match → 400 invalid_request "Value passed for the code verifier did not match the code
//   challenge." (github.com/xdevplatform/twitter-api-typescript-sdk/issues/26);
// - no verifier → "Missing required parameter [code_verifier]." (github.com/xdevplatform/twitter-api-typescript-sdk/issues/15).
// The redirect-uri mismatch follows the same "Value passed for …" invalid_request pattern (no public report of it).
// A spent refresh token has no public report: RFC 6749 §5.2's invalid_grant is kept (the extension signs out on it).
const NO_CLIENT = (): EmuResponse => oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
const BAD_CODE = (): EmuResponse => oauthError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');

export function token(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const params = oauthParams(req);
  if (!params) return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded or application/json');
  const clientId = clientIdOf(req, params);
  if (clientId !== OAUTH2_CLIENT.clientId) return NO_CLIENT();
  const grant = params.get('grant_type');
  if (grant === 'authorization_code') {
    const code = ctx.tokens.codes.get(params.get('code') ?? '');
    ctx.tokens.codes.delete(params.get('code') ?? ''); // single use, even when the exchange fails
    if (!code || code.expiresAt <= ctx.clock.now() || code.clientId !== clientId) return BAD_CODE();
    if (code.redirectUri !== params.get('redirect_uri')) {
      return oauthError(400, 'invalid_request', 'Value passed for the redirect uri did not match the uri of the authorization code.');
    }
    const verifier = params.get('code_verifier');
    if (!verifier) return oauthError(400, 'invalid_request', 'Missing required parameter [code_verifier].');
    const computed = code.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    // RFC 7636 caps the verifier at 128 characters; X's own SDK (xdk 0.6.6) sends 171 by default, so no cap here.
    if (!/^[A-Za-z0-9._~-]{43,}$/.test(verifier) || computed !== code.challenge) {
      return oauthError(400, 'invalid_request', 'Value passed for the code verifier did not match the code challenge.');
    }
    return json(200, ctx.tokens.issue(code.userId, clientId, code.scopes));
  }
  if (grant === 'refresh_token') {
    const result = ctx.tokens.useRefresh(params.get('refresh_token') ?? '', clientId);
    if (result === 'invalid' || result === 'reused' || result === 'wrong-client') {
      return oauthError(400, 'invalid_grant', 'Value passed for the token was invalid.');
    }
    return json(200, result);
  }
  return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

export function revoke(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const params = oauthParams(req);
  if (!params) return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded or application/json');
  if (clientIdOf(req, params) !== OAUTH2_CLIENT.clientId) return NO_CLIENT();
  const t = params.get('token');
  if (!t) return oauthError(400, 'invalid_request', 'Missing required parameter [token].');
  ctx.tokens.revoke(t);
  return json(200, { revoked: true });
}
