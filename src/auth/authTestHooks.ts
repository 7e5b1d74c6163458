import * as vscode from 'vscode';
import type { AuthStrategy } from '../api/authStrategy';
import { SESSION_INDEX_SECRET_KEY, SESSIONS_SECRET_KEY } from './constants';
import type { SessionStore } from './sessionStore';

/** Command id of the hooks; registered only when VS Code runs the extension's tests (ExtensionMode.Test). */
export const AUTH_TEST_COMMAND = 'xdm.testing.auth';

export type AuthTestRequest =
  /** Signs every stored session out locally, then stores `value` as the legacy document and migrates it. */
  | { op: 'writeRaw'; value: string | undefined }
  /** The legacy document (kept for the previous version of the extension). */
  | { op: 'readRaw' }
  | { op: 'sessions' }
  | { op: 'authorize'; sessionId: string; url: string }
  | { op: 'refreshAfterUnauthorized'; sessionId: string };

/**
 * Lets the in-host integration suites reach what no public API exposes: the real SecretStorage entry of the
 * provider (to seed a session issued by the emulator, or a corrupt one) and the AuthStrategy of a session. Never
 * registered outside test runs, so users cannot call it.
 */
export function registerAuthTestHooks(deps: {
  secrets: vscode.SecretStorage;
  store: SessionStore;
  strategyFor(sessionId: string): AuthStrategy;
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
    }
  });
}
