import * as vscode from 'vscode';
import type { AuthStrategy } from '../../api/authStrategy';
import { SESSION_INDEX_SECRET_KEY, SESSIONS_SECRET_KEY } from '../constants';
import type { OAuth1Credentials } from '../flows/oauth1';
import type { SessionStore } from '../sessions/store';

/**
 * Command id of the hooks. Registered only in test builds (`__XDM_TEST_HOOKS__`, false in `--production`, where
 * the minifier drops this module) and only when VS Code runs the extension's tests (ExtensionMode.Test).
 */
export const AUTH_TEST_COMMAND = 'xdm.testing.auth';

export type AuthTestRequest =
  /** Signs every stored session out locally, then stores `value` as the legacy document and migrates it. */
  | { op: 'writeRaw'; value: string | undefined }
  /** The legacy document (kept for the previous version of the extension). */
  | { op: 'readRaw' }
  | { op: 'sessions' }
  | { op: 'authorize'; sessionId: string; url: string }
  | { op: 'refreshAfterUnauthorized'; sessionId: string }
  | { op: 'signOut'; sessionId: string; keepArchive: boolean }
  | { op: 'signInWithAccessToken'; credentials: Required<OAuth1Credentials> };

/**
 * What in-host suites need and cannot click (extension tests cannot answer dialogs): raw secrets, a session's
 * strategy, preset sign-out and access-token answers. Never in a production bundle, so nobody else can call it.
 */
export function registerAuthTestHooks(deps: {
  secrets: vscode.SecretStorage;
  store: SessionStore;
  strategyFor(sessionId: string): AuthStrategy;
  signOut(sessionId: string, keepArchive: boolean): Promise<boolean>;
  /** Verifies the keys like the command does and stores the session without VS Code's consent dialog. */
  signInWithAccessToken(credentials: Required<OAuth1Credentials>): Promise<string | undefined>;
}): vscode.Disposable {
  return vscode.commands.registerCommand(AUTH_TEST_COMMAND, async (request: AuthTestRequest) => {
    switch (request.op) {
      case 'writeRaw':
        await deps.store.ready();
        for (const session of deps.store.all()) await deps.store.remove(session.id);
        await deps.secrets.delete(SESSION_INDEX_SECRET_KEY);
        if (request.value === undefined) await deps.secrets.delete(SESSIONS_SECRET_KEY);
        else await deps.secrets.store(SESSIONS_SECRET_KEY, request.value);
        // Loads and migrates under the lease, so a refresh the new sessions trigger runs after this returns.
        await deps.store.migrateLegacy();
        return undefined;
      case 'readRaw':
        return deps.secrets.get(SESSIONS_SECRET_KEY);
      case 'sessions':
        await deps.store.ready();
        return deps.store.all();
      case 'authorize':
        return deps.strategyFor(request.sessionId).authorize({ method: 'GET', url: request.url });
      case 'refreshAfterUnauthorized':
        return deps.strategyFor(request.sessionId).refreshAfterUnauthorized();
      case 'signOut':
        return deps.signOut(request.sessionId, request.keepArchive);
      case 'signInWithAccessToken':
        return deps.signInWithAccessToken(request.credentials);
    }
  });
}
