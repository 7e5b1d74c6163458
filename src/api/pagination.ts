import { CancelledError } from './errors';

/**
 * Walks `next_token` until X has no more pages, the caller's page limit is reached, or the signal aborts.
 * An abort between pages ends the walk with CancelledError (like an abort during a request) so a caller can never
 * mistake a cancelled walk for a complete one. A token that repeats ends the walk instead of looping forever.
 */
export async function* paginate<Params extends { paginationToken?: string; signal?: AbortSignal }, Page extends { nextToken?: string }>(
  fetchPage: (params: Params) => Promise<Page>,
  options: Params & { pageLimit?: number } = {} as Params,
): AsyncGenerator<Page, void, undefined> {
  const { pageLimit, ...params } = options;
  if (pageLimit !== undefined && (!Number.isInteger(pageLimit) || pageLimit < 1)) return;
  const seen = new Set<string>();
  let token = params.paginationToken;
  for (let pages = 0; pageLimit === undefined || pages < pageLimit; pages++) {
    if (params.signal?.aborted) throw new CancelledError('Cancelled');
    const page = await fetchPage({ ...params, paginationToken: token } as Params);
    yield page;
    if (!page.nextToken || seen.has(page.nextToken)) return;
    seen.add(page.nextToken);
    token = page.nextToken;
  }
}
