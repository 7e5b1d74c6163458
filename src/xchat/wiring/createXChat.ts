import type { AuthStrategy } from '../../api/authStrategy';
import type { HttpCore } from '../../api/http';
import { ChatApi } from '../api/chatApi';
import { bundledEngine } from '../engine/bundled';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../engine/emulatorKeyBackup';
import { backupUnlocker, juiceboxUnlocker, XChatSession, type Unlocker } from '../source/xchatSession';

export interface XChatWiringInput {
  /** The account's HTTP core: X Chat shares its auth, retries and rate-limit book with legacy DMs. */
  http: HttpCore;
  auth: AuthStrategy;
  meId: string;
  apiBaseUrl: string;
  /** The extension's `dist` folder, where esbuild.mjs puts the engine worker and its WASM files. */
  distDir: string;
}

export interface XChatWiring {
  api: ChatApi;
  session: XChatSession;
}

/**
 * One OAuth 2.0 account's X Chat client and key session. Nothing heavy happens here: the engine worker (and the
 * Chat XDK's WASM in it) starts only when the user first unlocks, because `newEngine` is called only then.
 */
export function createXChat(input: XChatWiringInput): XChatWiring {
  const api = new ChatApi(input.http);
  const session = new XChatSession({
    meId: input.meId,
    ownKeys: () => api.myPublicKeys(input.meId),
    newEngine: () => bundledEngine(input.distDir),
    unlocker: chooseUnlocker(input.apiBaseUrl, input.auth),
  });
  return { api, session };
}

/**
 * X's Juicebox realms in the product. Test and development builds pointed at a loopback API (the emulator) use the
 * emulator's key backup instead, since Juicebox's realms cannot run offline; a production bundle drops that branch.
 */
function chooseUnlocker(apiBaseUrl: string, auth: AuthStrategy): Unlocker {
  if (__XDM_TEST_HOOKS__) {
    const endpoint = emulatorKeyBackupEndpoint(apiBaseUrl);
    if (endpoint) return backupUnlocker(new EmulatorKeyBackup(endpoint, () => bearerFor(auth, endpoint)));
  }
  return juiceboxUnlocker;
}

/** The account's own `Authorization` header for the backup (the emulator checks whose keys are asked for). */
async function bearerFor(auth: AuthStrategy, endpoint: URL): Promise<string> {
  const headers = await auth.authorize({ method: 'POST', url: endpoint.href });
  const value = headers.Authorization ?? headers.authorization;
  if (!value) throw new Error('the account has no authorization for the key backup');
  return value;
}
