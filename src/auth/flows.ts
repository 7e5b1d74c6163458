import type { LogOutputChannel } from 'vscode';
import type { Clock } from '../util/clock';
import { isLoopbackHost } from './endpointPolicy';
import type { UriCallbackHandler } from './flows/oauth2';
import type { TokenClient } from './flows/tokenClient';
import type { StoredSession } from './sessions/session';
import type { SessionStore } from './sessions/store';

// The ways to sign in to X, and what each one needs. The provider builds a FlowQuery from the window and the
// settings, filters the table with it and triggers the first flow that fits (ADR 011).

/** What a flow needs from the window and the settings. */
export interface FlowCapabilities {
  /** How the user proves who they are: X's consent page in a browser, or keys pasted into VS Code. */
  readonly entry: 'browser' | 'keys';
  /** Works when the browser reaches this extension host's 127.0.0.1 on the registered port. */
  readonly supportsReachableLoopback: boolean;
  /** Works when it cannot: a web workbench served from another host, a remote whose port forward moved. */
  readonly supportsUnreachableLoopback: boolean;
  /** Needs `xdm.clientId`, the OAuth 2.0 client id of an X Native App. */
  readonly needsClientId: boolean;
}

export type FlowId = 'loopback' | 'uriHandler' | 'accessToken';

export interface FlowRow {
  readonly id: FlowId;
  /** For the log only. */
  readonly label: string;
  readonly capabilities: FlowCapabilities;
}

/** The capability table, in order of preference (X matches callback URLs exactly, so the choice must be stable). */
export const FLOW_TABLE: readonly FlowRow[] = [
  {
    id: 'loopback',
    label: 'OAuth 2.0 with PKCE, loopback redirect',
    capabilities: { entry: 'browser', supportsReachableLoopback: true, supportsUnreachableLoopback: false, needsClientId: true },
  },
  {
    id: 'uriHandler',
    label: 'OAuth 2.0 with PKCE, URI handler redirect',
    capabilities: { entry: 'browser', supportsReachableLoopback: true, supportsUnreachableLoopback: true, needsClientId: true },
  },
  {
    id: 'accessToken',
    label: 'OAuth 1.0a access token',
    capabilities: { entry: 'keys', supportsReachableLoopback: true, supportsUnreachableLoopback: true, needsClientId: false },
  },
];

export function flowRow(id: FlowId): FlowRow {
  const row = FLOW_TABLE.find((candidate) => candidate.id === id);
  if (!row) throw new Error(`No sign-in flow ${id}.`);
  return row;
}

export interface FlowQuery {
  entry: FlowCapabilities['entry'];
  hasClientId: boolean;
  /** Undefined when not probed: then only flows that work either way fit. */
  loopbackReachable?: boolean;
}

/** The flows that fit the query, in the table's order. */
export function flowsFor<F extends { readonly id: FlowId; readonly capabilities: FlowCapabilities }>(flows: readonly F[], query: FlowQuery): F[] {
  return flows.filter(({ capabilities: can }) => {
    if (can.entry !== query.entry || (can.needsClientId && !query.hasClientId)) return false;
    if (query.loopbackReachable === undefined) return can.supportsReachableLoopback && can.supportsUnreachableLoopback;
    return query.loopbackReachable ? can.supportsReachableLoopback : can.supportsUnreachableLoopback;
  });
}

/** What a flow's trigger gets from the provider. */
export interface FlowContext {
  store: SessionStore;
  tokens: TokenClient;
  uriHandler: UriCallbackHandler;
  clock: Clock;
  log: LogOutputChannel;
  /** Scopes the caller of `getSession` asked for; browser flows add the base scopes. */
  scopes: readonly string[];
  /** VS Code's consent for a session verified outside the browser; false when the user declined. */
  adopt(session: StoredSession): Promise<boolean>;
}

/** A way to sign in: its row of the table and how to run it. Resolves undefined when the user gave up. */
export interface SignInFlow extends FlowRow {
  trigger(context: FlowContext): Promise<StoredSession | undefined>;
}

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

/** Whether the browser that shows X's page reaches this extension host's 127.0.0.1 on the registered port. */
export function loopbackReachable(env: RedirectEnvironment): boolean {
  // Local window, or nothing known: the browser and the extension host share 127.0.0.1.
  if (!env.remoteName || !env.externalLoopback) return true;
  if (!isLoopbackHost(env.externalLoopback.hostname)) return false;
  // A web workbench on a loopback address runs its browser on the server; asExternalUri only adds the port proxy.
  if (env.uiKind === 'web') return true;
  // Desktop remote: usable only if the forward kept the registered port.
  return env.externalLoopback.port === env.loopbackPort;
}

/** The redirect the browser sign-in uses in this environment: the first browser flow of the table that fits. */
export function chooseRedirect(env: RedirectEnvironment): RedirectMode {
  const [first] = flowsFor(FLOW_TABLE, { entry: 'browser', hasClientId: true, loopbackReachable: loopbackReachable(env) });
  return first?.id === 'loopback' ? 'loopback' : 'uri';
}
