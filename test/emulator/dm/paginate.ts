import type { EmuEvent } from '../model';
import type { Store } from '../store';
import { lowerBound } from '../store';
import { base32, unbase32 } from '../ids';

/**
 * Newest-first paging over an ascending id list, with X-style opaque tokens: `next_token` goes to older events,
 * `previous_token` to newer ones. A token encodes the direction and the boundary event id (base32, 32 chars).
 */
export interface PageRequest {
  ids: readonly string[];
  store: Store;
  accept: (event: EmuEvent) => boolean;
  /** Events older than this are never returned (the 30-day window of /2/dm_events); 0 for none. */
  notBefore: number;
  max: number;
  token?: string;
}

export interface Page {
  events: EmuEvent[];
  nextToken?: string;
  previousToken?: string;
}

interface Cursor {
  dir: 'n' | 'p';
  id: string;
}

export function encodeToken(cursor: Cursor): string {
  return base32(Buffer.from(`${cursor.dir}${cursor.id.padStart(19, '0')}`, 'ascii'));
}

export function decodeToken(token: string): Cursor | undefined {
  const raw = unbase32(token)?.toString('ascii');
  if (!raw || !/^[np][0-9]{19}$/.test(raw)) return undefined;
  return { dir: raw[0] as 'n' | 'p', id: raw.slice(1) };
}

export function paginate(req: PageRequest): Page | 'bad-token' {
  const { ids, store } = req;
  const ok = (i: number): EmuEvent | undefined => {
    const ev = store.events.get(ids[i] as string);
    return ev && !ev.deleted && req.accept(ev) ? ev : undefined;
  };
  // Walking older stops at the window edge: ids are time ordered.
  const tooOld = (i: number): boolean => (store.events.get(ids[i] as string)?.createdAt ?? 0) < req.notBefore;

  let events: EmuEvent[] = [];
  let start: number;
  if (req.token === undefined) {
    start = ids.length - 1;
  } else {
    const cursor = decodeToken(req.token);
    if (!cursor) return 'bad-token';
    if (cursor.dir === 'n') {
      start = lowerBound(ids, cursor.id) - 1;
    } else {
      const newer: EmuEvent[] = [];
      for (let i = lowerBound(ids, cursor.id + '~'); i < ids.length && newer.length < req.max; i++) {
        if (tooOld(i)) continue;
        const ev = ok(i);
        if (ev) newer.push(ev);
      }
      events = newer.reverse();
      start = -2;
    }
  }
  if (start !== -2) {
    for (let i = start; i >= 0 && events.length < req.max; i--) {
      if (tooOld(i)) break;
      const ev = ok(i);
      if (ev) events.push(ev);
    }
  }
  if (events.length === 0) return { events };
  const newest = events[0] as EmuEvent;
  const oldest = events[events.length - 1] as EmuEvent;
  const page: Page = { events };
  for (let i = lowerBound(ids, oldest.id) - 1; i >= 0; i--) {
    if (tooOld(i)) break;
    if (ok(i)) {
      page.nextToken = encodeToken({ dir: 'n', id: oldest.id });
      break;
    }
  }
  for (let i = lowerBound(ids, newest.id) + 1; i < ids.length; i++) {
    if (!tooOld(i) && ok(i)) {
      page.previousToken = encodeToken({ dir: 'p', id: newest.id });
      break;
    }
  }
  return page;
}
