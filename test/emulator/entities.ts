import type { EmuEvent } from './model';
import type { ApiVersion } from './spec';

/**
 * A DM's entities in one generation-neutral shape, and their placement per API generation: 2.166 puts `urls`,
 * `mentions`, `hashtags`, `cashtags` on the DmEvent itself, 2.167 nests the same arrays under `entities`. Whatever
 * the store records about an event's entities (e.g. t.co url entities written at send time) belongs in
 * `eventEntities`, so both generations render it. Indices are in code points, as X counts them.
 */

export interface UrlEntity {
  start: number;
  end: number;
  /** What the text contains (t.co when X shortened it). */
  url: string;
  expanded_url?: string;
  display_url?: string;
}

export interface DmEntities {
  urls?: UrlEntity[];
  mentions?: { start: number; end: number; username: string }[];
  hashtags?: { start: number; end: number; tag: string }[];
  cashtags?: { start: number; end: number; tag: string }[];
}

/** The entities of an event: the t.co links stored when it was written, mentions and hashtags found in its text. */
export function eventEntities(ev: EmuEvent): DmEntities {
  if (!ev.text) return {};
  const urls = (ev.entities?.urls ?? []).map((u) => ({ ...u }));
  return { ...textEntities(ev.text), ...(urls.length ? { urls } : {}) };
}

/** Where the entities go on a rendered DmEvent for the generation. */
export function placeEntities(entities: DmEntities, version: ApiVersion): Record<string, unknown> {
  const present = Object.fromEntries(Object.entries(entities).filter(([, list]) => (list as unknown[] | undefined)?.length));
  if (Object.keys(present).length === 0) return {};
  return version === '2.167' ? { entities: present } : present;
}

function textEntities(text: string): DmEntities {
  const offset = (utf16: number): number => [...text.slice(0, utf16)].length;
  const out: DmEntities = {};
  const mentions = [...text.matchAll(/(?<![\w@])@([A-Za-z0-9_]{1,15})\b/g)].map((m) => ({
    start: offset(m.index),
    end: offset(m.index) + m[0].length,
    username: m[1] as string,
  }));
  const hashtags = [...text.matchAll(/(?<![\w#])#([A-Za-z0-9_]+)/g)].map((m) => ({
    start: offset(m.index),
    end: offset(m.index) + m[0].length,
    tag: m[1] as string,
  }));
  if (mentions.length) out.mentions = mentions;
  if (hashtags.length) out.hashtags = hashtags;
  return out;
}
