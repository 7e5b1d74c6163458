import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuthStrategy } from '../../api/authStrategy';
import { systemClock } from '../../util/clock';
import { plainText } from '../../util/plainText';
import { BASE_SCOPES, PROVIDER_ID, PROVIDER_LABEL } from '../constants';
import { NEWER_DATA } from '../errors/authError';
import { askToSignInAgain, offerReload, refusedCredentialsNotice, showAuthError } from '../errors/show';
import type { FlowContext } from '../flows';
import { verifiedSession } from '../flows/accessToken';
import { UriCallbackHandler } from '../flows/oauth2';
import { createTokenClient } from '../flows/tokenClient';
import { RefreshCoordinator } from '../refresh/coordinator';
import { sessionStrategy } from '../refresh/strategies';
import { SharedAuthState } from '../sessions/sharedState';
import { SessionStore } from '../sessions/store';
import { readAuthSettings } from '../settings';
import type { SignOutDeps } from './commands';
import { registerAuthCommands, signOut } from './commands';
import { signInWithBrowser } from './signIn';
import { registerAuthTestHooks } from './testHooks';
import { XAuthProvider } from './xAuthProvider';

export interface AuthWiring {
  /** The AuthStrategy (src/api/authStrategy.ts) that signs requests of one session and refreshes it single-flight. */
  strategyFor(sessionId: string): AuthStrategy;
  /** Session id → X user id (from the stored session), for the archive folder. */
  userIdOf(sessionId: string): string | undefined;
  /** How the session signs in: X Chat takes OAuth 2.0 user tokens only. */
  signInKindOf(sessionId: string): 'oauth2' | 'oauth1' | undefined;
  /** Scopes to ask `getSession` for: the ones every session has (media.write is optional). */
  scopes(): string[];
}

/**
 * Registers the `xdm.x` authentication provider, its commands and its URI handler. Everything it creates is
 * pushed to `context.subscriptions`. Activation does no network: the stored sessions are read lazily.
 */
export function registerAuthentication(
  context: vscode.ExtensionContext,
  deps: {
    log: vscode.LogOutputChannel;
    onSignedOut?: (userId: string, opts: { keepArchive: boolean }) => Promise<void>;
  },
): AuthWiring {
  const { log } = deps;
  const clock = systemClock;
  // Global storage is the one place every window of this machine shares for sure (on code-server: the server's disk).
  const shared = new SharedAuthState({ dir: path.join(context.globalStorageUri.fsPath, 'auth'), clock, log });
  const store = new SessionStore(context.secrets, log, shared);
  const tokens = createTokenClient({ apiBaseUrl: () => readAuthSettings().apiBaseUrl });
  const coordinator = new RefreshCoordinator({
    store,
    tokens,
    clock,
    log,
    onExpired: (session) => askToSignInAgain(session),
    onSignedInElsewhere: () => offerReload(),
  });
  const uriHandler = new UriCallbackHandler(log);
  const flows: Omit<FlowContext, 'scopes' | 'adopt'> = { store, tokens, uriHandler, clock, log };
  const signOutDeps: SignOutDeps = { store, tokens, log, onSignedOut: deps.onSignedOut };
  const provider = new XAuthProvider({
    store,
    signIn: async (scopes) => {
      // Before the browser flow: new tokens that this window could not store would be lost.
      await store.exclusive((tx) => tx.writable()).catch((error: unknown) => {
        showAuthError(error, log);
        throw new vscode.CancellationError();
      });
      // Browser flows store the session they create themselves: there is nothing to adopt.
      return signInWithBrowser({ ...flows, scopes, adopt: async () => false });
    },
    signOut: async (session) => {
      if (!(await signOut(signOutDeps, session))) throw new vscode.CancellationError();
    },
  });
  context.subscriptions.push(
    store,
    store.onNewerData(() => void vscode.window.showWarningMessage(plainText(vscode.l10n.t(NEWER_DATA)))),
    coordinator,
    provider,
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, provider, {
      supportsMultipleAccounts: true,
    }),
    vscode.window.registerUriHandler(uriHandler),
    ...registerAuthCommands({ flows, signOutDeps, provider }),
  );
  // Load on the next tick: proactive refresh timers start once the sessions are known.
  setTimeout(() => void store.ready(), 0);

  const notice = refusedCredentialsNotice(log);
  const strategyFor = (sessionId: string): AuthStrategy =>
    sessionStrategy(
      sessionId,
      async (id) => {
        await store.ready();
        return store.get(id);
      },
      coordinator,
      notice,
    );
  // Build-time constant: false in production bundles, so the hooks and everything only they use are dropped.
  if (__XDM_TEST_HOOKS__ && context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      registerAuthTestHooks({
        secrets: context.secrets,
        store,
        strategyFor,
        signOut: async (sessionId, keepArchive) => {
          await store.ready();
          const session = store.get(sessionId);
          return session ? signOut(signOutDeps, session, { keepArchive }) : false;
        },
        signInWithAccessToken: async (credentials) => {
          try {
            const session = await verifiedSession({ store, clock }, credentials);
            await store.upsert(session);
            return session.id;
          } catch (error) {
            log.warn(`Test access-token sign-in refused: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
          }
        },
      }),
    );
  }
  return {
    strategyFor,
    userIdOf: (sessionId) => store.get(sessionId)?.userId,
    signInKindOf: (sessionId) => store.get(sessionId)?.kind,
    scopes: () => [...BASE_SCOPES],
  };
}
