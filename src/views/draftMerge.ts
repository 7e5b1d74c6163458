import type { UiStateVM } from '../protocol/viewModels';

export type Drafts = UiStateVM['drafts'];

/**
 * Three-way drafts merge: `base` is what the posting surface last had from the host, `theirs` what it posts,
 * `current` the host's copy; only what that surface changed since `base` applies (no undoing newer drafts).
 */
export function mergeDrafts(base: Drafts, theirs: Drafts, current: Drafts, now: number): Drafts {
  const result: Drafts = { ...current };
  for (const userId of new Set([...Object.keys(base), ...Object.keys(theirs)])) {
    const before = base[userId]?.texts ?? {};
    const after = theirs[userId]?.texts ?? {};
    const texts = { ...result[userId]?.texts };
    let changed = false;
    for (const conversationId of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const next = after[conversationId];
      if (next === before[conversationId]) continue;
      changed = true;
      if (next === undefined || next === '') delete texts[conversationId];
      else texts[conversationId] = next;
    }
    if (!changed) continue;
    if (Object.keys(texts).length === 0) delete result[userId];
    else result[userId] = { savedAt: Math.max(result[userId]?.savedAt ?? 0, theirs[userId]?.savedAt ?? now), texts };
  }
  return result;
}
