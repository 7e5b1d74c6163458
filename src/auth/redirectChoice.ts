/**
 * Which redirect the OAuth sign-in uses. X matches callback URLs exactly, so the choice must be predictable:
 *
 * - `loopback` (the default): `http://127.0.0.1:<xdm.oauth.redirectPort>/callback`, served by the extension host.
 *   Works whenever the browser that shows X's consent page runs on the same machine as the extension host:
 *   local desktop windows; desktop remotes whose port forward kept the same local port; and web workbenches
 *   (code-server, `serve-web`) opened on a loopback address, where the browser's 127.0.0.1 *is* the server.
 * - `uri`: `<scheme>://xdm.x-direct-messages/callback` through VS Code's URI handler (the editor routes it back
 *   to this window), for remote and web windows whose browser cannot reach the extension host's loopback: a web
 *   workbench served from another host, or a desktop remote whose forward had to pick another local port.
 */
export type RedirectMode = 'loopback' | 'uri';

export interface RedirectEnvironment {
  uiKind: 'desktop' | 'web';
  /** `vscode.env.remoteName`; undefined for a local window. */
  remoteName: string | undefined;
  /** The fixed loopback port (`xdm.oauth.redirectPort`). */
  loopbackPort: number;
  /** Where the browser would reach the loopback callback: `vscode.env.asExternalUri(loopbackUrl)`, if known. */
  externalLoopback?: { hostname: string; port: number };
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function chooseRedirect(env: RedirectEnvironment): RedirectMode {
  // Local window: the browser and the extension host share 127.0.0.1.
  if (!env.remoteName || !env.externalLoopback) return 'loopback';
  if (!isLoopbackHost(env.externalLoopback.hostname)) return 'uri';
  // A web workbench reached on a loopback address: the browser runs on the server's machine, and the
  // extension host's port is the browser's port (asExternalUri only adds the workbench's port proxy).
  if (env.uiKind === 'web') return 'loopback';
  // Desktop remote: usable only if the forward kept the registered port.
  return env.externalLoopback.port === env.loopbackPort ? 'loopback' : 'uri';
}
