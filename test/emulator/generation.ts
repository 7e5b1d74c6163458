import type { InvalidParam } from './problems';
import type { ApiVersion } from './spec';

/**
 * Which generation of X's API names a request speaks. 2.167 renamed `tweet.fields` → `post.fields` and the
 * expansion / DmEvent field `referenced_tweets(.id)` → `referenced_posts`; a request answered in the generation
 * it asked in, validated against that version's document. A request naming neither generation gets the
 * emulator's default (2.166 unless the emulator was started with another). One that mixes both is invalid in
 * either document (each refuses the other's names), so it is refused with a 400 naming the clashing parameters.
 */

const NEW_NAMES: Record<string, (value: string) => boolean> = {
  'post.fields': () => true,
  expansions: (v) => v.split(',').includes('referenced_posts'),
};

const OLD_NAMES: Record<string, (value: string) => boolean> = {
  'tweet.fields': () => true,
  expansions: (v) => v.split(',').includes('referenced_tweets.id'),
  'dm_event.fields': (v) => v.split(',').includes('referenced_tweets'),
};

function named(query: URLSearchParams, names: Record<string, (value: string) => boolean>): string[] {
  return Object.entries(names)
    .filter(([name, test]) => query.getAll(name).some(test))
    .map(([name]) => name);
}

export function detectGeneration(query: URLSearchParams, fallback: ApiVersion): ApiVersion | { conflict: InvalidParam[] } {
  const newer = named(query, NEW_NAMES);
  const older = named(query, OLD_NAMES);
  if (newer.length && older.length) {
    const params = [...new Set([...older, ...newer])];
    return {
      conflict: params.map((name) => ({
        message: `The query mixes names of API 2.166 (${older.join(', ')}) and 2.167 (${newer.join(', ')}); use the names of one version`,
        parameters: { [name]: query.getAll(name) },
      })),
    };
  }
  if (newer.length) return '2.167';
  if (older.length) return '2.166';
  return fallback;
}
