import type { XDmApi } from '../../api/dmApi';
import type { DmEventsPage } from '../../api/schemas/dmEvents';
import type { DmEventType } from '../../api/schemas/dmEvent';
import { isXApiError } from '../../api/errors';
import { compareIds } from '../model/ids';
import { DM_EVENTS_ENDPOINT, blockedUntil } from './budget';

/**
 * One walk down `GET /2/dm_events` until a stop id, the end of X's 30-day list, or the budget: pages widen
 * 1 → 2 → 100 while every event is new, and stop at ids ≤ the stop id (ADR 012 for the cost figures).
 */
export const ALL_EVENT_TYPES: DmEventType[] = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'];
export const PROBE_SIZES = [1, 2, 100] as const;
export const FULL_PAGE = 100;

export interface WalkOptions {
  api: XDmApi;
  now: () => number;
  /** Events with an id at or below this are already archived; undefined = walk to the end. */
  stopAtId?: string;
  /** Resume from here (an interrupted walk). */
  startToken?: string;
  sizes: readonly number[];
  /** Requests to keep back in the 15-minute budget. */
  reserve: number;
  /** Stores one page (events, includes); called before the next request so a crash loses at most a page. */
  onPage: (page: DmEventsPage) => void;
  /** Already archived (e.g. sent from this window and stored from the 201): not new, so no reason to widen. */
  isKnown?: (eventId: string) => boolean;
  signal?: AbortSignal;
}

export interface WalkResult {
  requests: number;
  eventsRead: number;
  /** Id of the newest event seen (first event of the first page). */
  topId?: string;
  /** True when the stop id or the end of the list was reached. */
  complete: boolean;
  /** The end of X's list came before the stop id: events between may have aged out of the 30-day window. */
  ranPastWindow: boolean;
  /** Where to resume when not complete. */
  nextToken?: string;
  /** Set when the walk stopped because the budget is used up. */
  blockedUntil?: number;
  /** Set when a request failed; pages before it were stored and `nextToken` resumes at the failed one. */
  error?: unknown;
}

export async function walkDmEvents(options: WalkOptions): Promise<WalkResult> {
  const { api, stopAtId, sizes } = options;
  const result: WalkResult = { requests: 0, eventsRead: 0, complete: false, ranPastWindow: false };
  let token = options.startToken;
  let step = 0;
  for (;;) {
    const blocked = blockedUntil(api.rateLimits, DM_EVENTS_ENDPOINT, options.now(), options.reserve);
    if (blocked !== undefined) {
      result.blockedUntil = blocked;
      if (token !== undefined) result.nextToken = token;
      return result;
    }
    let page: DmEventsPage;
    try {
      page = await api.listDmEvents({
        maxResults: sizes[Math.min(step, sizes.length - 1)] as number,
        eventTypes: ALL_EVENT_TYPES,
        ...(token !== undefined ? { paginationToken: token } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      result.error = error;
      // A refused request still counts against the budget unless it was never sent.
      if (!(isXApiError(error) && !error.mayHaveReachedServer && error.kind !== 'rateLimited')) result.requests += 1;
      if (token !== undefined) result.nextToken = token;
      return result;
    }
    result.requests += 1;
    result.eventsRead += page.events.length;
    if (result.topId === undefined && options.startToken === undefined && page.events[0]) result.topId = page.events[0].id;
    const allNew = options.isKnown ? page.events.every((e) => !options.isKnown?.(e.id)) : true;
    options.onPage(page);
    const reachedKnown = stopAtId !== undefined && page.events.some((e) => compareIds(e.id, stopAtId) <= 0);
    if (reachedKnown) {
      result.complete = true;
      return result;
    }
    if (!page.nextToken || page.events.length === 0) {
      result.complete = true;
      result.ranPastWindow = stopAtId !== undefined && result.eventsRead > 0;
      return result;
    }
    token = page.nextToken;
    // Widen only while everything returned was new; a page of our own known sends keeps the small size.
    if (allNew) step += 1;
  }
}
