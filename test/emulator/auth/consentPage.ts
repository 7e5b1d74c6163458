import type { EmuResponse } from '../http';
import { html } from '../http';
import { spec } from '../spec';

/** The consent page: static HTML, everything escaped, stable ids for Playwright (#authorize, #cancel). */

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#000;color:#e7e9ea;display:flex;justify-content:center;padding:40px}
main{max-width:420px;width:100%;background:#16181c;border-radius:16px;padding:28px}
h1{font-size:22px}ul{padding-left:18px;line-height:1.6}.scope{font-family:monospace;color:#1d9bf0}
button{display:block;width:100%;border-radius:999px;padding:12px;font-size:15px;font-weight:700;margin-top:12px;cursor:pointer}
#authorize{background:#e7e9ea;color:#0f1419;border:0}#cancel{background:transparent;color:#e7e9ea;border:1px solid #536471}`;

function scopeDescription(scope: string): string {
  const schemes = (spec as unknown as { components: { securitySchemes: Record<string, { flows?: Record<string, { scopes?: Record<string, string> }> }> } }).components.securitySchemes;
  return schemes.OAuth2UserToken?.flows?.authorizationCode?.scopes?.[scope] ?? scope;
}

export function consentPage(input: {
  requestId: string;
  appName: string;
  clientId: string;
  scopes: string[];
  username: string;
  name: string;
}): EmuResponse {
  const items = input.scopes
    .map((s) => `<li data-scope="${esc(s)}"><span class="scope">${esc(s)}</span> — ${esc(scopeDescription(s))}</li>`)
    .join('');
  return html(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorize ${esc(input.appName)} — X (emulator)</title>
<style>${STYLE}</style></head><body><main>
<h1 id="consent-title">${esc(input.appName)} wants to access your X account</h1>
<p>Signed in as <strong id="consent-user">@${esc(input.username)}</strong> (${esc(input.name)}).
App client id: <code id="consent-client">${esc(input.clientId)}</code></p>
<p>It will be able to:</p><ul id="consent-scopes">${items}</ul>
<form method="post" action="/i/oauth2/authorize">
<input type="hidden" name="request_id" value="${esc(input.requestId)}">
<button id="authorize" data-testid="OAuth_Consent_Button" type="submit" name="decision" value="allow">Authorize app</button>
<button id="cancel" data-testid="OAuth_Cancel_Button" type="submit" name="decision" value="deny">Cancel</button>
</form></main></body></html>`,
  );
}

export function errorPage(title: string, detail: string): EmuResponse {
  return html(
    400,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main><h1 id="oauth-error">${esc(title)}</h1><p id="oauth-error-detail">${esc(detail)}</p></main></body></html>`,
  );
}
