/**
 * A DM photo's `url` (from `includes.media`) is not publicly fetchable: it names the event, media and resource ids
 * that `downloadDmMedia` needs. X serves it as `https://ton.twitter.com/1.1/ton/data/dm/{dm}/{media}/{resource}`;
 * the v2 download path (and the emulator) as `/2/dm_conversations/media/{dm}/{media}/{resource}`. Both are read here.
 */
export interface DmMediaRef {
  dmEventId: string;
  mediaId: string;
  resourceId: string;
}

const PATTERN = /\/(?:2\/dm_conversations\/media|ton\/data\/dm)\/([0-9]{1,19})\/([0-9]{1,19})\/([a-zA-Z0-9_.-]{1,50})$/;

export function dmMediaRefFromUrl(url: string): DmMediaRef | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = PATTERN.exec(pathname);
  if (!match) return undefined;
  return { dmEventId: match[1], mediaId: match[2], resourceId: match[3] };
}
