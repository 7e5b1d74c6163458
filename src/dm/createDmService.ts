import type { XDmApi } from '../api/dmApi';
import type { XUser } from '../api/schemas/user';
import { systemClock, type Clock } from '../util/clock';
import { silentLogger, type Logger } from '../util/logger';
import type { ArchiveFs } from './archive/archiveFs';
import { deleteArchiveFolder } from './archive/archiveFs';
import { DiskArchive } from './archive/diskArchive';
import { ArchiveStore } from './archive/archiveStore';
import { ConversationPrefs, type PrefsMemento } from './conversationPrefs';
import { DmServiceImpl } from './dmServiceImpl';
import type { XChatOptions } from './source/xchatRouting';
import { defaultStrings, type DmStrings } from './strings';

export interface CreateDmServiceOptions {
  api: XDmApi;
  me: XUser;
  /** Per-account folder under `globalStorageUri`; undefined keeps everything in memory (`xdm.cache.enabled=false`). */
  storageDir?: string;
  clock?: Clock;
  logger?: Logger;
  /** `xdm.sync.pollIntervalSeconds` (default 60, at least 15). */
  pollIntervalSeconds?: number;
  /** Polls slower while unfocused when notifications are off too. */
  isWindowFocused?: () => boolean;
  notificationsWanted?: () => boolean;
  isOnline?: () => boolean;
  /** Localised words for system lines and previews. */
  strings?: Partial<DmStrings>;
  /** How often to look for other windows' archive writes (default 2,000 ms). */
  watchIntervalMs?: number;
  /** Log size that triggers compaction (default: 256 KB or a quarter of the snapshot, whichever is larger). */
  compactBytes?: number;
  /** The archive's file-system seam (fault-injection tests); default `node:fs/promises`. */
  archiveFs?: ArchiveFs;
  /** Where mutes and DM blocks are kept (VS Code's globalState); default: memory only. */
  prefsMemento?: PrefsMemento;
  /**
   * X Chat (OAuth 2.0 sign-ins): its `/2/chat` client, the account's session (engine + unlocker) and the read-receipts
   * setting. Absent: legacy DMs only, exactly as before (no X Chat request is ever made).
   */
  xchat?: XChatOptions;
}

/**
 * Builds the DM service of one signed-in account. Nothing happens until `ready()` (loads the archive lazily);
 * polling starts with the first `syncNow('startup')`; `dispose()` stops everything and releases the sync lease.
 */
export function createDmService(options: CreateDmServiceOptions): DmServiceImpl {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const strings: DmStrings = { ...defaultStrings, ...options.strings };
  const disk = options.storageDir
    ? new DiskArchive(options.storageDir, {
        logger,
        now: () => clock.now(),
        me: options.me.id,
        ...(options.compactBytes !== undefined ? { compactBytes: options.compactBytes } : {}),
        ...(options.archiveFs ? { fs: options.archiveFs } : {}),
      })
    : undefined;
  const store = new ArchiveStore(options.me.id, disk, strings, logger);
  return new DmServiceImpl({
    api: options.api,
    me: options.me,
    store,
    clock,
    logger,
    pollIntervalSeconds: Math.max(15, options.pollIntervalSeconds ?? 60),
    isWindowFocused: options.isWindowFocused ?? (() => true),
    notificationsWanted: options.notificationsWanted ?? (() => true),
    isOnline: options.isOnline ?? (() => true),
    ...(options.watchIntervalMs !== undefined ? { watchIntervalMs: options.watchIntervalMs } : {}),
    ...(options.prefsMemento ? { prefs: new ConversationPrefs(options.prefsMemento, options.me.id) } : {}),
    ...(options.xchat ? { xchat: options.xchat, strings } : {}),
  });
}

/** `X DMs: Clear Local Cache` and sign-out: deletes the account's archive folder (a path or a `vscode.Uri`). */
export async function deleteArchive(storageDir: string | { fsPath: string }): Promise<void> {
  await deleteArchiveFolder(typeof storageDir === 'string' ? storageDir : storageDir.fsPath);
}
