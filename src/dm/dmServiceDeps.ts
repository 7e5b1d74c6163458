import type { XDmApi } from '../api/dmApi';
import type { XUser } from '../api/schemas/user';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { ArchiveStore } from './archive/archiveStore';
import type { ConversationPrefs } from './conversationPrefs';
import type { XChatOptions } from './source/xchatRouting';
import type { DmStrings } from './strings';

/** What one account's DM service is built from (src/dm/createDmService.ts wires the real ones). */
export interface DmServiceDeps {
  api: XDmApi;
  me: XUser;
  store: ArchiveStore;
  clock: Clock;
  logger: Logger;
  pollIntervalSeconds: number;
  isWindowFocused: () => boolean;
  notificationsWanted: () => boolean;
  isOnline: () => boolean;
  /** How often to look for other windows' writes (ms). */
  watchIntervalMs?: number;
  /** Mutes and DM blocks of this account (default: in memory). */
  prefs?: ConversationPrefs;
  /** Words for X Chat's titles and previews (the archive has its own copy). */
  strings?: DmStrings;
  /** X Chat as the second source; absent: legacy DMs only. */
  xchat?: XChatOptions;
}
