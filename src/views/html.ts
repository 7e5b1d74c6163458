import type { Bootstrap } from '../protocol/messages';

export interface HtmlInputs {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  bootstrap: Bootstrap;
}

/**
 * The webview document. Locked down: nothing loads unless listed, scripts only with this render's nonce, and the
 * bootstrap state is inert JSON (type application/json, read with textContent) — never executed.
 */
export function buildHtml(input: HtmlInputs): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${input.nonce}'`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource} data: blob: https://pbs.twimg.com`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attr(input.bootstrap.locale)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${text(input.bootstrap.strings.appName)}</title>
</head>
<body>
<script type="application/json" id="xdm-bootstrap" nonce="${attr(input.nonce)}">${jsonForScript(input.bootstrap)}</script>
<xdm-app></xdm-app>
<script type="module" nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * JSON that cannot leave its <script> element: `<` (so no `</script>` or `<!--`), `>` and `&` are escaped as
 * unicode escapes, as are U+2028/U+2029. JSON.parse turns them back into the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
