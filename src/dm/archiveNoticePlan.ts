import type { ArchiveHealth } from './dmService';

/**
 * Decides what to tell the user about the archive's health, once per problem: read-only (for the session),
 * each damaged file set aside, and failed saves (again only after saving has worked in between). Pure, so the
 * "once" rules are unit-tested without VS Code; the words live with the notification (`src/accounts`).
 */
export type ArchiveNoticeItem =
  | { kind: 'readOnly'; reason: NonNullable<ArchiveHealth['readOnly']>; code: string | undefined }
  | { kind: 'setAside'; names: string[] }
  | { kind: 'unsaved'; code: string | undefined };

export class ArchiveNoticePlan {
  private readOnlyTold = false;
  private unsavedTold = false;
  private readonly setAsideTold = new Set<string>();

  next(health: ArchiveHealth): ArchiveNoticeItem[] {
    const items: ArchiveNoticeItem[] = [];
    if (health.readOnly && !this.readOnlyTold) {
      this.readOnlyTold = true;
      items.push({ kind: 'readOnly', reason: health.readOnly, code: health.errorCode });
    }
    const fresh = health.setAside.filter((name) => !this.setAsideTold.has(name));
    if (fresh.length > 0) {
      for (const name of fresh) this.setAsideTold.add(name);
      items.push({ kind: 'setAside', names: fresh });
    }
    if (health.unsaved === 0) this.unsavedTold = false;
    // Read-only already says that nothing new is saved.
    else if (!health.readOnly && !this.unsavedTold) {
      this.unsavedTold = true;
      items.push({ kind: 'unsaved', code: health.errorCode });
    }
    return items;
  }
}
