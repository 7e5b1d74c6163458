import type { XDmApi } from '../../api/dmApi';
import { RateLimitedError } from '../../api/errors';
import type { ArchiveStore } from '../archive/archiveStore';
import { compareIds } from '../model/ids';
import { ALL_EVENT_TYPES, FULL_PAGE } from '../sync/probe';
import { CONVERSATION_EVENTS_ENDPOINT, blockedUntil } from '../sync/budget';

/**
 * "Load older" for one conversation through `GET /2/dm_conversations/{id}/dm_events`, which (unlike the
 * all-conversations list) is the way to history X still has beyond what the archive holds. The thread view pages
 * through the archive first (`thread(id, { beforeId })`); this is called only when the archive has nothing older.
 * The pagination token is kept in the archive, so the next "load older" — in this session or after a restart —
 * continues instead of re-reading the newest pages.
 */
export const MAX_PAGES_PER_CALL = 3;

export interface LoadOlderOptions {
  api: XDmApi;
  store: ArchiveStore;
  conversationId: string;
  now: () => number;
}

export async function loadOlderFromX(options: LoadOlderOptions): Promise<{ added: number; exhausted: boolean }> {
  const { api, store, conversationId, now } = options;
  const cursor = store.olderCursor(conversationId);
  if (cursor?.exhausted) return { added: 0, exhausted: true };
  const oldestBefore = store.oldestEventId(conversationId);
  let token = cursor?.token;
  let added = 0;
  let exhausted = false;
  for (let pages = 0; pages < MAX_PAGES_PER_CALL; pages++) {
    const blocked = blockedUntil(api.rateLimits, CONVERSATION_EVENTS_ENDPOINT, now());
    if (blocked !== undefined) {
      if (pages === 0) throw new RateLimitedError(blocked, { endpoint: CONVERSATION_EVENTS_ENDPOINT, notSent: true });
      break;
    }
    const page = await api.listConversationEvents(conversationId, {
      maxResults: FULL_PAGE,
      eventTypes: ALL_EVENT_TYPES,
      ...(token !== undefined ? { paginationToken: token } : {}),
    });
    added += store.addPage(page, now()).newEventIds.length;
    token = page.nextToken;
    if (!token || page.events.length === 0) {
      exhausted = true;
      break;
    }
    // Reached history older than what the archive had: enough for one "load older".
    const last = page.events[page.events.length - 1];
    if (oldestBefore === undefined || (last && compareIds(last.id, oldestBefore) < 0)) break;
  }
  store.saveOlderCursor(conversationId, { exhausted, ...(token !== undefined && !exhausted ? { token } : {}) });
  return { added, exhausted };
}
