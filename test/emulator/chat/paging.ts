import { base32, unbase32 } from '../ids';

/** Forward-only paging over an ordered id list, with X-style opaque tokens naming the first id of the next page. */

export function pageOf(ids: readonly string[], query: URLSearchParams, defaultMax: number): { ids: string[]; nextToken?: string } | 'bad-token' {
  const max = Number(query.get('max_results') ?? defaultMax);
  const token = query.get('pagination_token');
  let start = 0;
  if (token !== null) {
    const from = unbase32(token)?.toString('utf8');
    start = from === undefined ? -1 : ids.indexOf(from);
    if (start < 0) return 'bad-token';
  }
  const slice = ids.slice(start, start + max);
  const next = ids[start + max];
  return next === undefined ? { ids: slice } : { ids: slice, nextToken: base32(Buffer.from(next, 'utf8')) };
}
