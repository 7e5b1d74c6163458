import type { SessionMarker, SharedAuthStateLike } from './sharedAuthState';

/** This window's view of the stored sessions: the generation of each record it could read. */
export interface SessionView {
  generations: ReadonlyMap<string, number>;
  /** The view comes from the legacy single document (no per-account records yet). */
  legacy: boolean;
}

/**
 * True when another window wrote sessions that this window's SecretStorage view does not show: a generation
 * published in global storage is ahead of what this window reads, or an account it still sees was signed out.
 * Desktop VS Code delivers other windows' writes, so there the view catches up after a re-read; code-server keeps
 * secrets per browser tab, so there only a reload of the window does.
 */
export function isStale(view: SessionView, markers: ReadonlyMap<string, SessionMarker>): boolean {
  // Any live per-account record means another window migrated after this one loaded the legacy document.
  if (view.legacy && [...markers.values()].some((marker) => !marker.removed)) return true;
  for (const [id, marker] of markers) {
    const ours = view.generations.get(id) ?? 0;
    if (marker.removed ? ours > 0 && ours < marker.generation : ours < marker.generation) return true;
  }
  return false;
}

/** No shared folder (plain unit tests): one window, writes serialised in memory only. */
export const uncoordinated: SharedAuthStateLike = (() => {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    withLease<T>(work: () => Promise<T>): Promise<T> {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
    markers: async () => new Map(),
    mark: async () => undefined,
  };
})();
